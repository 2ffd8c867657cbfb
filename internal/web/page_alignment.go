package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// alignLoadedDepth is how deep the first screen renders node contents;
// deeper nodes load when opened (htmx) or through their link.
const alignLoadedDepth = 1

// alignmentData is the alignment tree of one period.
type alignmentData struct {
	Period  okr.Period
	Periods []okr.Period
	Root    *alignNode
	Path    []*okr.Unit // from the company down to Root's parent, for a breadcrumb
}

// alignNode is a unit or a person in the tree with their objectives and the
// roll-up of everything at and below the node.
type alignNode struct {
	ID       string // "u12" or "p7"
	Unit     *okr.Unit
	Person   *okr.Person
	Name     string
	Level    okr.Level
	Objs     []*view.ObjView
	Children []*alignNode
	Count    int     // objectives at and below the node
	Rollup   float64 // mean shown progress of those objectives
	Expected float64
	Status   okr.Status
	Depth    int
	Loaded   bool   // the node's contents are rendered now
	Link     string // the node as the root of the tree (no-JS fallback)
	LoadURL  string // the node's contents as a fragment (htmx)
}

func (s *Server) alignmentPage(w http.ResponseWriter, r *http.Request) error {
	p, data, err := s.alignment(r)
	if err != nil {
		return err
	}
	return s.page(w, r, http.StatusOK, p, AlignmentPage(p, data))
}

// alignmentNode answers the htmx request for one node's contents; a plain
// visit goes to the tree rooted at that node.
func (s *Server) alignmentNode(w http.ResponseWriter, r *http.Request) error {
	if !isHX(r) {
		q := r.URL.Query()
		http.Redirect(w, r, "/alignment/units?"+q.Encode(), http.StatusSeeOther)
		return nil
	}
	p, data, err := s.alignment(r)
	if err != nil {
		return err
	}
	return s.fragment(w, r, http.StatusOK, p, AlignTreeContents(p, data.Root))
}

// alignment builds the tree for the request: rooted at ?unit= or ?person=,
// else at the company. A node's count and roll-up cover every objective at
// and below it; they come from the period's index (view.PeriodIndex), so the
// page reads the objectives it lists, not the whole period.
func (s *Server) alignment(r *http.Request) (*Page, *alignmentData, error) {
	ctx := r.Context()
	v := mustViewer(r)
	period, periods, err := s.pickPeriod(ctx, r, v.Org.ID)
	if err != nil {
		return nil, nil, err
	}
	data := &alignmentData{Period: period, Periods: periods}
	p := s.newPage(r, "alignment", "alignment.title", data)
	if period.ID == 0 {
		return p, data, nil
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return nil, nil, err
	}
	t := &alignTree{dir: dir, period: period, now: s.now(), unitTotals: map[int64]view.OwnerSum{}, personTotals: map[int64]view.OwnerSum{},
		byUnit: map[int64][]*view.ObjView{}, byPerson: map[int64][]*view.ObjView{}}
	q := r.URL.Query()
	switch {
	case q.Get("person") != "":
		id, _ := strconv.ParseInt(q.Get("person"), 10, 64)
		person := dir.People[id]
		if person == nil {
			return nil, nil, notFound()
		}
		if err := s.loadTreeObjectives(ctx, t, v.Org.ID, nil, person, nil, []int64{person.ID}); err != nil {
			return nil, nil, err
		}
		data.Root = t.personNode(person, 0)
		if person.UnitID != nil {
			data.Path = dir.Path(dir.Units[*person.UnitID])
		}
	default:
		root := dir.Root
		if id, err := strconv.ParseInt(q.Get("unit"), 10, 64); err == nil {
			if root = dir.Units[id]; root == nil {
				return nil, nil, notFound()
			}
			if path := dir.Path(root); len(path) > 1 {
				data.Path = path[:len(path)-1]
			}
		}
		if root == nil {
			return p, data, nil
		}
		t.loaded = t.loadedDepth(root)
		units, people := t.loadedOwners(root)
		if err := s.loadTreeObjectives(ctx, t, v.Org.ID, root, nil, units, people); err != nil {
			return nil, nil, err
		}
		data.Root = t.unitNode(root, 0)
	}
	return p, data, nil
}

// alignMaxNodes is the most collapsed nodes the first screen shows below
// its loaded level: in a large organisation (50 departments of 20 teams)
// only the root's contents load at once and each department opens on
// demand.
const alignMaxNodes = 100

type alignTree struct {
	dir          *view.Directory
	period       okr.Period
	now          time.Time
	unitTotals   map[int64]view.OwnerSum // subtree totals of the units shown
	personTotals map[int64]view.OwnerSum // totals of the people shown
	loaded       int                     // depth down to which node contents render
	byUnit       map[int64][]*view.ObjView
	byPerson     map[int64][]*view.ObjView
}

// loadedDepth returns alignLoadedDepth, or 0 when the nodes one level below
// it would be more than alignMaxNodes.
func (t *alignTree) loadedDepth(root *okr.Unit) int {
	level := []*okr.Unit{root}
	for range alignLoadedDepth {
		var next []*okr.Unit
		n := 0
		for _, u := range level {
			for _, c := range t.dir.Children[u.ID] {
				next = append(next, c)
				n += len(t.dir.Children[c.ID]) + len(t.dir.Members[c.ID])
			}
		}
		if n > alignMaxNodes {
			return 0
		}
		level = next
	}
	return alignLoadedDepth
}

// loadedOwners returns the units and people whose objectives the tree
// lists: those of the nodes down to the loaded depth.
func (t *alignTree) loadedOwners(root *okr.Unit) (units, people []int64) {
	var walk func(u *okr.Unit, depth int)
	walk = func(u *okr.Unit, depth int) {
		units = append(units, u.ID)
		for _, m := range t.dir.Members[u.ID] {
			if depth+1 <= t.loaded {
				people = append(people, m.ID)
			}
		}
		if depth+1 > t.loaded {
			return
		}
		for _, c := range t.dir.Children[u.ID] {
			walk(c, depth+1)
		}
	}
	walk(root, 0)
	return units, people
}

// loadTreeObjectives reads the objectives of the listed owners with their
// key results and links; an objective without key results shows its
// roll-up from the index.
func (s *Server) loadTreeObjectives(ctx context.Context, t *alignTree, orgID int64, root *okr.Unit, person *okr.Person, units, people []int64) error {
	f := store.ObjectiveFilter{PeriodID: t.period.ID, OwnerUnitIDs: units, OwnerPersonIDs: people}
	objs, _, err := s.DB.ListObjectives(ctx, orgID, f)
	if err != nil {
		return err
	}
	ids := make([]int64, len(objs))
	for i := range objs {
		ids[i] = objs[i].ID
	}
	links, err := s.DB.ListObjectiveLinks(ctx, orgID, t.period.ID, ids)
	if err != nil {
		return err
	}
	krs, err := s.view().KeyResultsOf(ctx, orgID, objs)
	if err != nil {
		return err
	}
	b := view.NewScopedBoard(t.period, t.now, t.dir, objs, links, krs)
	err = s.view().WithIndex(ctx, orgID, t.period.ID, func(x *view.PeriodIndex) {
		view.IndexRollups(x, b)
		t.totals(x, root, person)
	})
	if err != nil {
		return err
	}
	for _, o := range b.Objs {
		switch {
		case o.O.Owner.UnitID != nil:
			t.byUnit[*o.O.Owner.UnitID] = append(t.byUnit[*o.O.Owner.UnitID], o)
		case o.O.Owner.PersonID != nil:
			t.byPerson[*o.O.Owner.PersonID] = append(t.byPerson[*o.O.Owner.PersonID], o)
		}
	}
	return nil
}

// unitNode builds the node of unit u: its objectives, then its child
// units, then its people, down to one level below the loaded depth.
func (t *alignTree) unitNode(u *okr.Unit, depth int) *alignNode {
	n := &alignNode{
		ID: "u" + strconv.FormatInt(u.ID, 10), Unit: u, Name: u.Name, Depth: depth,
		Level: okr.LevelOf(okr.Owner{UnitID: &u.ID}, t.dir.Units), Objs: t.byUnit[u.ID],
	}
	if depth <= t.loaded {
		for _, c := range t.dir.Children[u.ID] {
			n.Children = append(n.Children, t.unitNode(c, depth+1))
		}
		for _, m := range t.dir.Members[u.ID] {
			n.Children = append(n.Children, t.personNode(m, depth+1))
		}
	}
	t.finish(n, "unit", u.ID, t.unitTotals[u.ID])
	return n
}

func (t *alignTree) personNode(person *okr.Person, depth int) *alignNode {
	n := &alignNode{
		ID: "p" + strconv.FormatInt(person.ID, 10), Person: person, Name: person.Name, Depth: depth,
		Level: okr.LevelIndividual, Objs: t.byPerson[person.ID],
	}
	t.finish(n, "person", person.ID, t.personTotals[person.ID])
	return n
}

// totals reads from the index the totals of the nodes the tree shows:
// the root (a unit's subtree, or a person) and the nodes down to one level
// below the loaded depth.
func (t *alignTree) totals(x *view.PeriodIndex, root *okr.Unit, person *okr.Person) {
	if person != nil {
		t.personTotals[person.ID] = x.PersonSum(person.ID)
		return
	}
	var walk func(u *okr.Unit, depth int) view.OwnerSum
	walk = func(u *okr.Unit, depth int) view.OwnerSum {
		s := x.UnitSum(u.ID)
		for _, m := range t.dir.Members[u.ID] {
			p := x.PersonSum(m.ID)
			if depth+1 <= t.loaded+1 {
				t.personTotals[m.ID] = p
			}
			s = s.Add(p)
		}
		for _, c := range t.dir.Children[u.ID] {
			cs := walk(c, depth+1)
			s = s.Add(cs)
		}
		if depth <= t.loaded+1 {
			t.unitTotals[u.ID] = s
		}
		return s
	}
	walk(root, 0)
}

// finish sets the node's roll-up over its subtree (the mean shown progress
// of its objectives, drafts left out) and its links.
func (t *alignTree) finish(n *alignNode, kind string, id int64, total view.OwnerSum) {
	n.Count = total.Count
	n.Rollup, _ = total.Mean()
	n.Expected = okr.ExpectedProgress(&t.period, t.now)
	n.Status = okr.PaceStatus(n.Rollup, n.Expected, false)
	n.Loaded = n.Depth <= t.loaded
	q := url.Values{"period": {strconv.FormatInt(t.period.ID, 10)}, kind: {strconv.FormatInt(id, 10)}}
	n.Link = "/alignment/units?" + q.Encode()
	n.LoadURL = "/alignment/node?" + q.Encode()
}
