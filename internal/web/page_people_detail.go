package web

import (
	"net/http"
	"strconv"

	"github.com/okr-dev/okr/internal/coach"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// FollowBtn builds the follow button of a person, unit or objective for
// this page.
func (p *Page) FollowBtn(kind string, id int64, name string, following bool) followButton {
	return followButton{Kind: kind, ID: id, Name: name, Following: following, Next: p.Path}
}

// personData is a person's page: who they are, their objectives and the
// key results they own elsewhere in the period, and the units they lead.
type personData struct {
	Person    *okr.Person
	Unit      *okr.Unit
	Leads     []*okr.Unit
	Period    okr.Period
	Periods   []okr.Period
	Objs      []*view.ObjView
	LedObjs   []*view.ObjView // objectives of the units they lead
	OtherKRs  []*view.KRView
	Following bool
	Self      bool
}

func (s *Server) personPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound()
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	person := dir.People[id]
	if person == nil {
		return notFound() // archived or in another organisation
	}
	p := s.newPage(r, "people", "", nil)
	p.Title = person.Name
	data := &personData{Person: person, Self: person.ID == v.Person.ID}
	if person.UnitID != nil {
		data.Unit = dir.Units[*person.UnitID]
	}
	for _, u := range dir.TreeOrder() {
		if containsID(u.LeadIDs, person.ID) {
			data.Leads = append(data.Leads, u)
		}
	}
	follows, err := s.loadFollows(ctx, v)
	if err != nil {
		return err
	}
	data.Following = follows.Has(store.FollowPerson, person.ID)
	if data.Period, data.Periods, err = s.pickPeriod(ctx, r, v.Org.ID); err != nil {
		return err
	}
	if data.Period.ID != 0 {
		// The person's objectives, those of the units they lead and those
		// holding a key result they own: not the whole period.
		f := store.ObjectiveFilter{OwnerPersonIDs: []int64{person.ID}}
		for _, u := range data.Leads {
			f.OwnerUnitIDs = append(f.OwnerUnitIDs, u.ID)
		}
		if f.IDs, err = s.DB.ObjectivesWithKRsOwnedBy(ctx, v.Org.ID, data.Period.ID, person.ID); err != nil {
			return err
		}
		b, _, err := s.loadIndexedBoard(ctx, v.Org.ID, data.Period, dir, f)
		if err != nil {
			return err
		}
		led := map[int64]bool{}
		for _, u := range data.Leads {
			led[u.ID] = true
		}
		for _, o := range b.Objs {
			if o.O.Owner.PersonID != nil && *o.O.Owner.PersonID == person.ID {
				data.Objs = append(data.Objs, o)
				continue
			}
			if o.O.Owner.UnitID != nil && led[*o.O.Owner.UnitID] {
				data.LedObjs = append(data.LedObjs, o)
			}
			for _, k := range o.KRs {
				if k.KR.Owner.PersonID != nil && *k.KR.Owner.PersonID == person.ID {
					data.OtherKRs = append(data.OtherKRs, k)
				}
			}
		}
	}
	p.Data = data
	return s.page(w, r, http.StatusOK, p, PersonPage(p, data))
}

// unitData is a unit's page: its place in the tree, leads and members,
// the OKR health of the unit and the units below it, its own objectives
// and those of the units and people below it.
type unitData struct {
	Unit      *okr.Unit
	Path      []*okr.Unit // from the root down to the unit's parent
	Leads     []*okr.Person
	Members   []*okr.Person
	Children  []*okr.Unit
	Period    okr.Period
	Periods   []okr.Period
	Own       []*view.ObjView
	Below     []*view.ObjView
	Health    unitHealth
	Following bool
	CanCreate bool
}

// unitHealth is the "OKR health" panel: counts and the coach's findings
// about the objectives of the unit and everything below it.
type unitHealth struct {
	Objectives, KeyResults int
	Stale                  int
	Unaligned              int
	Mean                   float64
	Expected               float64
	Findings               []coach.Finding
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound()
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	u := dir.Units[id]
	if u == nil {
		return notFound()
	}
	p := s.newPage(r, "people", "", nil)
	p.Title = u.Name
	data := &unitData{Unit: u, Members: dir.Members[u.ID], Children: dir.Children[u.ID]}
	path := dir.Path(u)
	data.Path = path[:len(path)-1]
	for _, lid := range u.LeadIDs {
		if person := dir.People[lid]; person != nil {
			data.Leads = append(data.Leads, person)
		}
	}
	follows, err := s.loadFollows(ctx, v)
	if err != nil {
		return err
	}
	data.Following = follows.Has(store.FollowUnit, u.ID)
	data.CanCreate = v.IsAdmin() || dir.Leads(v.Person.ID, u)
	if data.Period, data.Periods, err = s.pickPeriod(ctx, r, v.Org.ID); err != nil {
		return err
	}
	if data.Period.ID != 0 {
		// The objectives of the unit, the units below it and their people:
		// not the whole period.
		var f store.ObjectiveFilter
		for _, c := range dir.Subtree(u) {
			f.OwnerUnitIDs = append(f.OwnerUnitIDs, c.ID)
			for _, m := range dir.Members[c.ID] {
				f.OwnerPersonIDs = append(f.OwnerPersonIDs, m.ID)
			}
		}
		b, _, err := s.loadIndexedBoard(ctx, v.Org.ID, data.Period, dir, f)
		if err != nil {
			return err
		}
		below := map[int64]bool{}
		for _, c := range dir.Subtree(u)[1:] {
			below[c.ID] = true
		}
		for _, o := range b.Objs {
			switch {
			case o.O.Owner.UnitID != nil && *o.O.Owner.UnitID == u.ID:
				data.Own = append(data.Own, o)
			case o.O.Owner.UnitID != nil && below[*o.O.Owner.UnitID]:
				data.Below = append(data.Below, o)
			case o.O.Owner.PersonID != nil:
				if person := dir.People[*o.O.Owner.PersonID]; person != nil && person.UnitID != nil && (below[*person.UnitID] || *person.UnitID == u.ID) {
					data.Below = append(data.Below, o)
				}
			}
		}
		shown := append(append([]*view.ObjView{}, data.Own...), data.Below...)
		data.Health = p.unitHealth(dir, b, shown)
		s.setQuick(p, dir, &data.Period, shown, quickCard, p.Path)
	}
	p.Data = data
	return s.page(w, r, http.StatusOK, p, UnitPage(p, data))
}

// unitHealth counts the objectives' key results, stale check-ins and
// objectives aligned to nothing, and asks the coach about the set: counts
// per owner, alignment, check-ins and grading.
func (p *Page) unitHealth(dir *view.Directory, b *view.Board, objs []*view.ObjView) unitHealth {
	h := unitHealth{Objectives: len(objs), Expected: okr.ExpectedProgress(&b.Period, p.Now)}
	set := view.CoachSet(p.Now, &b.Period, dir, objs)
	h.Mean = view.Summarize(objs, h.Expected).Mean
	for _, o := range objs {
		if o.O.ParentID == nil && o.Owner.Level != okr.LevelCompany {
			h.Unaligned++
		}
		for _, k := range o.KRs {
			h.KeyResults++
			if k.Stale() {
				h.Stale++
			}
		}
	}
	h.Findings = coachFor(p).CheckSet(set)
	return h
}
