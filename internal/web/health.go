package web

import (
	"sort"

	"github.com/okr-dev/okr/internal/coach"
	"github.com/okr-dev/okr/internal/okr"
)

// healthPanel is the "OKR health" panel: the coach's findings on a set of
// objectives, counted by severity, the most serious listed first.
type healthPanel struct {
	Checked  int
	Errors   int
	Warnings int
	Infos    int
	Items    []healthItem // the first maxHealthItems findings
	More     int          // findings not listed
}

// healthItem is one finding with what it is about: a key result (and its
// objective), an objective, an owner, or the whole period (all nil).
type healthItem struct {
	Obj     *ObjView
	KR      *KRView
	Owner   *Owner
	Finding coach.Finding
}

const maxHealthItems = 8

// health runs the coach over the board's objectives in the viewer's
// language: the text rules on every objective and key result, and the set
// rules (objectives per owner, only company OKRs, alignment, key results
// without a recent check-in). It is pure computation on what the board
// already holds.
func (s *Server) health(p *Page, v *Viewer, b *board) *healthPanel {
	c := coach.New(v.Org.Settings).WithLanguage(p.Lang)
	set := coach.Set{Now: b.now, Periods: []*okr.Period{&b.period}}
	setOwners(&set, b.dir, b.objs)
	for _, o := range b.objs {
		set.Objectives = append(set.Objectives, &o.O)
		for _, k := range o.KRs {
			set.KeyResults = append(set.KeyResults, &k.KR)
		}
	}
	hp := &healthPanel{Checked: len(b.objs)}
	var items []healthItem
	for _, f := range c.CheckAll(set) {
		it := healthItem{Finding: f}
		switch f.Target.Kind {
		case coach.TargetObjective:
			it.Obj = b.byID[f.Target.ID]
		case coach.TargetKeyResult:
			if it.KR = b.krByID[f.Target.ID]; it.KR != nil {
				it.Obj = it.KR.Obj
			}
		case coach.TargetOwner:
			if f.Target.Owner != nil {
				o := b.dir.owner(*f.Target.Owner)
				it.Owner = &o
			}
		}
		switch f.Severity {
		case coach.SeverityError:
			hp.Errors++
		case coach.SeverityWarning:
			hp.Warnings++
		default:
			hp.Infos++
		}
		items = append(items, it)
	}
	rank := map[coach.Severity]int{coach.SeverityError: 0, coach.SeverityWarning: 1, coach.SeverityInfo: 2}
	sort.SliceStable(items, func(i, j int) bool { return rank[items[i].Finding.Severity] < rank[items[j].Finding.Severity] })
	if len(items) > maxHealthItems {
		hp.More = len(items) - maxHealthItems
		items = items[:maxHealthItems]
	}
	hp.Items = items
	return hp
}

// setOwners gives the coach the units and people that own objs and their
// key results: it needs them for levels and names only, and indexing the
// whole directory (10,000 people in the large organisation) cost about a
// millisecond per page.
func setOwners(set *coach.Set, dir *directory, objs []*ObjView) {
	units, people := map[int64]bool{}, map[int64]bool{}
	add := func(o okr.Owner) {
		if o.UnitID != nil && !units[*o.UnitID] {
			units[*o.UnitID] = true
			if u := dir.units[*o.UnitID]; u != nil {
				set.Units = append(set.Units, u)
			}
		}
		if o.PersonID != nil && !people[*o.PersonID] {
			people[*o.PersonID] = true
			if p := dir.people[*o.PersonID]; p != nil {
				set.People = append(set.People, p)
			}
		}
	}
	for _, o := range objs {
		add(o.O.Owner)
		for _, k := range o.KRs {
			add(k.KR.Owner)
		}
	}
}
