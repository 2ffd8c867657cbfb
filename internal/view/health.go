package view

import (
	"time"

	"github.com/okr-dev/okr/internal/coach"
	"github.com/okr-dev/okr/internal/okr"
)

// CoachSet is what the coach checks of the board (the OKR health panel):
// its listed objectives and their key results, the period, the board's
// time, and the units and people that own them. It is pure computation on
// what the board already holds.
func (b *Board) CoachSet() coach.Set {
	return CoachSet(b.Now, &b.Period, b.Dir, b.Objs)
}

// CoachSet is the coach's input for objs of period at now, with their
// owners from dir.
func CoachSet(now time.Time, period *okr.Period, dir *Directory, objs []*ObjView) coach.Set {
	set := coach.Set{Now: now, Periods: []*okr.Period{period}}
	setOwners(&set, dir, objs)
	for _, o := range objs {
		set.Objectives = append(set.Objectives, &o.O)
		for _, k := range o.KRs {
			set.KeyResults = append(set.KeyResults, &k.KR)
		}
	}
	return set
}

// setOwners gives the coach the units and people that own objs and their
// key results: it needs them for levels and names only, and indexing the
// whole directory (10,000 people in the large organisation) cost about a
// millisecond per page.
func setOwners(set *coach.Set, dir *Directory, objs []*ObjView) {
	units, people := map[int64]bool{}, map[int64]bool{}
	add := func(o okr.Owner) {
		if o.UnitID != nil && !units[*o.UnitID] {
			units[*o.UnitID] = true
			if u := dir.Units[*o.UnitID]; u != nil {
				set.Units = append(set.Units, u)
			}
		}
		if o.PersonID != nil && !people[*o.PersonID] {
			people[*o.PersonID] = true
			if p := dir.People[*o.PersonID]; p != nil {
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
