package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// orgNode is a unit of the organisation tree with its people and the units
// below it.
type orgNode struct {
	Unit     *okr.Unit
	Leads    []*okr.Person
	Members  []*okr.Person
	Children []*orgNode
	Depth    int
}

// peopleData is the people and units page: the tree, the people without a
// unit, a search over people, and what the viewer follows.
type peopleData struct {
	Root      *orgNode
	Others    []*orgNode // units outside the root's tree
	Unplaced  []*okr.Person
	Query     string
	Results   []personRow
	Searched  bool
	Following followSet
}

// personRow is a person found by the search, with their unit.
type personRow struct {
	Person okr.Person
	Unit   *okr.Unit
}

// followSet says what the viewer follows, by kind and id.
type followSet map[string]bool

// Has reports whether the viewer follows the target.
func (f followSet) Has(kind string, id int64) bool { return f[kind+":"+strconv.FormatInt(id, 10)] }

// loadFollows reads what the viewer follows (one query).
func (s *Server) loadFollows(ctx context.Context, v *Viewer) (followSet, error) {
	list, err := s.DB.ListFollows(ctx, v.Org.ID, v.Person.ID)
	if err != nil {
		return nil, err
	}
	out := followSet{}
	for _, f := range list {
		out[f.Kind+":"+strconv.FormatInt(f.TargetID, 10)] = true
	}
	return out, nil
}

func (s *Server) peoplePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	p := s.newPage(r, "people", "people.title", nil)
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	follows, err := s.loadFollows(ctx, v)
	if err != nil {
		return err
	}
	data := &peopleData{Following: follows, Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if data.Query != "" {
		data.Searched = true
		found, _, err := s.DB.ListPeople(ctx, v.Org.ID, store.PersonFilter{Query: data.Query, Limit: 100})
		if err != nil {
			return err
		}
		for i := range found {
			row := personRow{Person: found[i]}
			if u := found[i].UnitID; u != nil && dir.Units[*u] != nil {
				row.Unit = dir.Units[*u]
			}
			data.Results = append(data.Results, row)
		}
	}
	placed := map[int64]bool{}
	if dir.Root != nil {
		data.Root = orgTree(dir, dir.Root, 0, placed)
	}
	for _, u := range dir.TreeOrder() {
		if !placed[u.ID] {
			data.Others = append(data.Others, orgTree(dir, u, 0, placed))
		}
	}
	for _, person := range dir.PeopleByName() {
		if person.UnitID == nil || dir.Units[*person.UnitID] == nil {
			data.Unplaced = append(data.Unplaced, person)
		}
	}
	p.Data = data
	return s.page(w, r, http.StatusOK, p, PeoplePage(p, data))
}

// orgTree builds the node of u and the nodes below it, marking each unit
// placed.
func orgTree(dir *view.Directory, u *okr.Unit, depth int, placed map[int64]bool) *orgNode {
	placed[u.ID] = true
	n := &orgNode{Unit: u, Depth: depth}
	for _, id := range u.LeadIDs {
		if person := dir.People[id]; person != nil {
			n.Leads = append(n.Leads, person)
		}
	}
	n.Members = dir.Members[u.ID]
	for _, c := range dir.Children[u.ID] {
		if !placed[c.ID] {
			n.Children = append(n.Children, orgTree(dir, c, depth+1, placed))
		}
	}
	return n
}

// IsLead reports whether the person leads the node's unit.
func (n *orgNode) IsLead(id int64) bool { return containsID(n.Unit.LeadIDs, id) }

func (s *Server) follow(w http.ResponseWriter, r *http.Request) error {
	return s.setFollow(w, r, true)
}

func (s *Server) unfollow(w http.ResponseWriter, r *http.Request) error {
	return s.setFollow(w, r, false)
}

// followButton is the fragment that htmx swaps after following or
// unfollowing.
type followButton struct {
	Kind      string
	ID        int64
	Name      string
	Following bool
	Next      string
}

// setFollow follows or unfollows a person, unit or objective and goes back
// to the page it came from; htmx gets the new button in place.
func (s *Server) setFollow(w http.ResponseWriter, r *http.Request, on bool) error {
	p := s.newPage(r, "people", "", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	kind, id := f.str("kind"), f.id("id")
	if (kind != store.FollowPerson && kind != store.FollowUnit && kind != store.FollowObjective) || id == 0 {
		return okr.Errorf(okr.EBADREQUEST, "follow what?")
	}
	actor := mustViewer(r).Actor()
	if on {
		err = s.DB.Follow(r.Context(), actor, kind, id)
	} else {
		err = s.DB.Unfollow(r.Context(), actor, kind, id)
	}
	if err != nil {
		return err
	}
	next := safeNext(f.str("next"))
	if isHX(r) {
		b := followButton{Kind: kind, ID: id, Name: f.str("name"), Following: on, Next: next}
		return s.fragment(w, r, http.StatusOK, p, FollowForm(p, b))
	}
	if on {
		s.setNotice(r, "people.followed")
	} else {
		s.setNotice(r, "people.unfollowed")
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}
