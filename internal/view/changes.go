package view

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// Change is one difference between an organisation at two instants (time
// travel's "what changed between two dates"): an object created, archived,
// restored or gone, or changed field by field.
type Change struct {
	Kind  string // objective, key_result, unit, person, period
	ID    int64
	Title string // its name at the later instant (the earlier when gone)
	// ObjectiveID is a key result's objective, for links.
	ObjectiveID int64
	What        string // created, archived, restored, removed, changed
	Fields      []FieldChange
}

// FieldChange is one field's value before and after; "" for none.
type FieldChange struct {
	Field, Before, After string
}

// Change kinds and what happened, as the API and the page name them.
const (
	ChangeCreated  = "created"
	ChangeArchived = "archived"
	ChangeRestored = "restored"
	ChangeRemoved  = "removed"
	ChangeChanged  = "changed"
)

// orgSnapshot is what Changes compares: every object of the organisation,
// archived ones too, with the key results' grades.
type orgSnapshot struct {
	objs    map[int64]okr.Objective
	krs     map[int64]okr.KeyResult
	grades  map[int64]*okr.Grade
	units   map[int64]okr.Unit
	people  map[int64]okr.Person
	periods map[int64]okr.Period
}

func readSnapshot(ctx context.Context, db *store.DB, orgID int64) (*orgSnapshot, error) {
	s := &orgSnapshot{objs: map[int64]okr.Objective{}, krs: map[int64]okr.KeyResult{}, units: map[int64]okr.Unit{},
		people: map[int64]okr.Person{}, periods: map[int64]okr.Period{}}
	objs, _, err := db.ListObjectives(ctx, orgID, store.ObjectiveFilter{IncludeArchived: true, SkipCount: true})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(objs))
	for i, o := range objs {
		s.objs[o.ID], ids[i] = o, o.ID
	}
	krs, err := db.ListKeyResults(ctx, orgID, ids, true)
	if err != nil {
		return nil, err
	}
	krIDs := make([]int64, len(krs))
	for i, kr := range krs {
		s.krs[kr.ID], krIDs[i] = kr, kr.ID
	}
	if s.grades, err = db.ListGrades(ctx, orgID, krIDs); err != nil {
		return nil, err
	}
	units, err := db.ListUnits(ctx, orgID, store.UnitFilter{IncludeArchived: true})
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		s.units[u.ID] = u
	}
	people, _, err := db.ListPeople(ctx, orgID, store.PersonFilter{IncludeArchived: true})
	if err != nil {
		return nil, err
	}
	for _, p := range people {
		s.people[p.ID] = p
	}
	periods, err := db.ListPeriods(ctx, orgID)
	if err != nil {
		return nil, err
	}
	for _, p := range periods {
		s.periods[p.ID] = p
	}
	return s, nil
}

// Changes lists every difference between organisation orgID in before and
// in after (two pasts, or a past and the live database): objectives, key
// results, units, people and periods, in that order, each by id.
func Changes(ctx context.Context, before, after *store.DB, orgID int64) ([]Change, error) {
	a, err := readSnapshot(ctx, before, orgID)
	if err != nil {
		return nil, err
	}
	b, err := readSnapshot(ctx, after, orgID)
	if err != nil {
		return nil, err
	}
	var out []Change
	out = appendDiff(out, "objective", a.objs, b.objs, func(o okr.Objective) (string, bool, int64) { return o.Title, o.Archived, 0 },
		func(x, y okr.Objective) []FieldChange {
			return fields(
				f("title", x.Title, y.Title),
				f("state", string(x.State), string(y.State)),
				f("period", a.periodName(x.PeriodID), b.periodName(y.PeriodID)),
				ifMoved(sameOwner(x.Owner, y.Owner), f("owner", a.owner(x.Owner), b.owner(y.Owner))),
				ifMoved(sameID(x.ParentID, y.ParentID), f("parent", a.objTitle(x.ParentID), b.objTitle(y.ParentID))),
				f("contributes", a.objTitles(x.Contributes), b.objTitles(y.Contributes)),
				f("weight", number(x.Weight), number(y.Weight)))
		})
	out = appendDiff(out, "key_result", a.krs, b.krs, func(k okr.KeyResult) (string, bool, int64) { return k.Title, k.Archived, k.ObjectiveID },
		func(x, y okr.KeyResult) []FieldChange {
			return fields(
				f("title", x.Title, y.Title),
				ifMoved(x.ObjectiveID == y.ObjectiveID, f("objective", a.objTitle(&x.ObjectiveID), b.objTitle(&y.ObjectiveID))),
				ifMoved(sameOwner(x.Owner, y.Owner), f("owner", a.owner(x.Owner), b.owner(y.Owner))),
				f("start", number(x.Metric.Start), number(y.Metric.Start)),
				f("target", number(x.Metric.Target), number(y.Metric.Target)),
				f("weight", number(x.Weight), number(y.Weight)),
				f("value", numberPtr(x.Current), numberPtr(y.Current)),
				f("confidence", string(x.Confidence), string(y.Confidence)),
				f("grade", a.grade(x.ID), b.grade(y.ID)))
		})
	out = appendDiff(out, "unit", a.units, b.units, func(u okr.Unit) (string, bool, int64) { return u.Name, u.Archived, 0 },
		func(x, y okr.Unit) []FieldChange {
			return fields(
				f("name", x.Name, y.Name),
				ifMoved(sameID(x.ParentID, y.ParentID), f("parent", a.unitName(x.ParentID), b.unitName(y.ParentID))),
				f("leads", a.peopleNames(x.LeadIDs), b.peopleNames(y.LeadIDs)))
		})
	out = appendDiff(out, "person", a.people, b.people, func(p okr.Person) (string, bool, int64) { return p.Name, p.Archived, 0 },
		func(x, y okr.Person) []FieldChange {
			return fields(
				f("name", x.Name, y.Name),
				ifMoved(sameID(x.UnitID, y.UnitID), f("unit", a.unitName(x.UnitID), b.unitName(y.UnitID))),
				f("role", string(x.Role), string(y.Role)))
		})
	out = appendDiff(out, "period", a.periods, b.periods, func(p okr.Period) (string, bool, int64) { return p.Name, p.Archived, 0 },
		func(x, y okr.Period) []FieldChange {
			return fields(
				f("name", x.Name, y.Name),
				f("dates", x.Start.Format("2006-01-02")+" – "+x.End.Format("2006-01-02"), y.Start.Format("2006-01-02")+" – "+y.End.Format("2006-01-02")))
		})
	return out, nil
}

// appendDiff appends the differences between the objects of one kind in
// a and b, by id.
func appendDiff[T any](out []Change, kind string, a, b map[int64]T, facts func(T) (title string, archived bool, objective int64), diff func(x, y T) []FieldChange) []Change {
	ids := make([]int64, 0, len(a)+len(b))
	for id := range a {
		ids = append(ids, id)
	}
	for id := range b {
		if _, ok := a[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		x, inA := a[id]
		y, inB := b[id]
		c := Change{Kind: kind, ID: id}
		switch {
		case !inA:
			c.Title, _, c.ObjectiveID = facts(y)
			c.What = ChangeCreated
			if _, archived, _ := facts(y); archived {
				c.Fields = []FieldChange{{Field: "state", After: ChangeArchived}}
			}
		case !inB:
			c.Title, _, c.ObjectiveID = facts(x)
			c.What = ChangeRemoved
		default:
			var wasArchived, isArchived bool
			_, wasArchived, _ = facts(x)
			c.Title, isArchived, c.ObjectiveID = facts(y)
			c.Fields = diff(x, y)
			switch {
			case !wasArchived && isArchived:
				c.What = ChangeArchived
			case wasArchived && !isArchived:
				c.What = ChangeRestored
			case len(c.Fields) > 0:
				c.What = ChangeChanged
			default:
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

func f(field, before, after string) FieldChange { return FieldChange{field, before, after} }

// fields keeps the changes whose values differ.
func fields(fs ...FieldChange) []FieldChange {
	var out []FieldChange
	for _, c := range fs {
		if c.Before != c.After {
			out = append(out, c)
		}
	}
	return out
}

func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func numberPtr(v *float64) string {
	if v == nil {
		return ""
	}
	return number(*v)
}

func (s *orgSnapshot) owner(o okr.Owner) string {
	if o.UnitID != nil {
		return s.unitName(o.UnitID)
	}
	if o.PersonID != nil {
		if p, ok := s.people[*o.PersonID]; ok {
			return p.Name
		}
	}
	return ""
}

func (s *orgSnapshot) unitName(id *int64) string {
	if id == nil {
		return ""
	}
	return s.units[*id].Name
}

func (s *orgSnapshot) objTitle(id *int64) string {
	if id == nil {
		return ""
	}
	return s.objs[*id].Title
}

func (s *orgSnapshot) objTitles(ids []int64) string {
	var t []string
	for _, id := range ids {
		t = append(t, s.objTitle(&id))
	}
	slices.Sort(t)
	return strings.Join(t, "; ")
}

func (s *orgSnapshot) peopleNames(ids []int64) string {
	var t []string
	for _, id := range ids {
		t = append(t, s.people[id].Name)
	}
	slices.Sort(t)
	return strings.Join(t, "; ")
}

func (s *orgSnapshot) periodName(id int64) string { return s.periods[id].Name }

func (s *orgSnapshot) grade(krID int64) string {
	if g := s.grades[krID]; g != nil {
		return number(g.Score)
	}
	return ""
}

// ifMoved keeps a reference's change only when it points elsewhere: a
// renamed owner or parent is that object's change, not this one's.
func ifMoved(same bool, c FieldChange) FieldChange {
	if same {
		return FieldChange{Field: c.Field}
	}
	return c
}

func sameID(a, b *int64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func sameOwner(a, b okr.Owner) bool {
	return sameID(a.UnitID, b.UnitID) && sameID(a.PersonID, b.PersonID)
}
