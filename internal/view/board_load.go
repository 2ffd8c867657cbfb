package view

import (
	"context"
	"strconv"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// LoadBoard reads the period's objectives matching f (PeriodID is set from
// period) and all their key results, and returns their board and the
// number of objectives matching f.
func (m *Model) LoadBoard(ctx context.Context, orgID int64, period okr.Period, dir *Directory, f store.ObjectiveFilter) (*Board, int, error) {
	f.PeriodID = period.ID
	objs, total, err := m.db.ListObjectives(ctx, orgID, f)
	if err != nil {
		return nil, 0, err
	}
	krs, err := m.db.ListKeyResults(ctx, orgID, objectiveIDs(objs), false)
	if err != nil {
		return nil, 0, err
	}
	return NewBoard(period, m.now(), dir, objs, krs), total, nil
}

// ScopedBoard builds the board of objs (of period) with their context,
// named by the period's index where it serves (objectiveContext).
func (m *Model) ScopedBoard(ctx context.Context, orgID int64, period okr.Period, dir *Directory, objs []okr.Objective) (*Board, error) {
	extra, err := m.objectiveContext(ctx, orgID, period, objs, true)
	if err != nil {
		return nil, err
	}
	krs, err := m.keyResultGroups(ctx, orgID, objs, extra)
	if err != nil {
		return nil, err
	}
	return newScopedBoard(period, m.now(), dir, objs, extra, krs), nil
}

// IndexRollups sets the roll-ups of b's listed objectives from the
// period's index, for boards that do not load the objectives below them.
func IndexRollups(x *PeriodIndex, b *Board) {
	for _, o := range b.Objs {
		v, ok := x.RollupOf(o.O.ID)
		setIndexRollup(o, v, ok)
	}
}

// setIndexRollup sets o's roll-up to the index's and, when o has no key
// results of its own and is not final, its status from it.
func setIndexRollup(o *ObjView, v float64, ok bool) {
	o.Rollup, o.HasRollup = v, ok
	if o.HasRollup && !o.HasKRs && !o.Status.Final() {
		o.Status = okr.PaceStatus(o.Rollup, o.Expected, false)
	}
}

// LoadIndexedBoard is LoadScopedBoard for long lists: it reads the
// objectives matching f, their parent and contributes-to links (their ids
// from the period's index, PeriodIndex.contextIDs) and their key results,
// and takes their roll-ups from the index instead of reading the
// objectives below them.
func (m *Model) LoadIndexedBoard(ctx context.Context, orgID int64, period okr.Period, dir *Directory, f store.ObjectiveFilter) (*Board, int, error) {
	f.PeriodID = period.ID
	// The index counts each owner's active objectives of the period: a
	// list filtered by owner alone need not be counted again in SQL.
	byOwner := f.Query == "" && f.State == "" && f.ParentID == nil && len(f.IDs) == 0 && !f.IncludeArchived
	f.SkipCount = byOwner
	objs, total, err := m.db.ListObjectives(ctx, orgID, f)
	if err != nil {
		return nil, 0, err
	}
	// One look at the index: the links' ids (PeriodIndex.contextIDs), the
	// roll-ups and the count.
	ids := objectiveIDs(objs)
	var linkIDs []int64
	var indexed bool
	type rollup struct {
		v  float64
		ok bool
	}
	rollups := make([]rollup, len(ids))
	err = m.WithIndex(ctx, orgID, period.ID, func(x *PeriodIndex) {
		linkIDs, indexed = x.contextIDs(ids, false)
		for i, id := range ids {
			rollups[i].v, rollups[i].ok = x.RollupOf(id)
		}
		if byOwner {
			total = x.CountOwned(f.OwnerUnitIDs, f.OwnerPersonIDs)
		}
	})
	if err != nil {
		return nil, 0, err
	}
	links, err := m.contextRows(ctx, orgID, period.ID, ids, linkIDs, indexed, false)
	if err != nil {
		return nil, 0, err
	}
	krs, err := m.keyResultGroups(ctx, orgID, objs)
	if err != nil {
		return nil, 0, err
	}
	b := newScopedBoard(period, m.now(), dir, objs, links, krs)
	for i, id := range ids {
		setIndexRollup(b.ByID[id], rollups[i].v, rollups[i].ok)
	}
	return b, total, nil
}

func objectiveIDs(objs []okr.Objective) []int64 {
	ids := make([]int64, len(objs))
	for i := range objs {
		ids[i] = objs[i].ID
	}
	return ids
}

// ViewerFilter selects the objectives of period that concern person, so
// that My OKRs reads those instead of the whole period: their own, those
// of the units they lead, those holding a key result they own and, with
// wide, those of their own unit and those they follow (directly, or
// through the person or unit that owns them) and those holding a key
// result a person they follow owns. It returns what person follows (nil
// without wide). Two statements.
func (m *Model) ViewerFilter(ctx context.Context, orgID int64, person okr.Person, dir *Directory, period okr.Period, wide bool) (store.ObjectiveFilter, []store.Follow, error) {
	f := store.ObjectiveFilter{PeriodID: period.ID, OwnerPersonIDs: []int64{person.ID}}
	led, member := dir.TeamUnits(person)
	for id := range led {
		f.OwnerUnitIDs = append(f.OwnerUnitIDs, id)
	}
	krOwners := []int64{person.ID}
	var follows []store.Follow
	if wide {
		for id := range member {
			f.OwnerUnitIDs = append(f.OwnerUnitIDs, id)
		}
		var err error
		if follows, err = m.db.ListFollows(ctx, orgID, person.ID); err != nil {
			return f, nil, err
		}
		for _, fl := range follows {
			switch fl.Kind {
			case store.FollowPerson:
				f.OwnerPersonIDs = append(f.OwnerPersonIDs, fl.TargetID)
				krOwners = append(krOwners, fl.TargetID)
			case store.FollowUnit:
				f.OwnerUnitIDs = append(f.OwnerUnitIDs, fl.TargetID)
			case store.FollowObjective:
				f.IDs = append(f.IDs, fl.TargetID)
			}
		}
	}
	ids, err := m.db.ObjectivesWithKRsOwnedBy(ctx, orgID, period.ID, krOwners...)
	if err != nil {
		return f, nil, err
	}
	f.IDs = append(f.IDs, ids...)
	return f, follows, nil
}

// Followed is one person, unit or objective someone follows, with what
// of it a board holds: the objectives it owns (or, for an objective, that
// objective) and, for a person, the key results they own in objectives
// owned by someone else.
type Followed struct {
	Kind string // store.FollowPerson, FollowUnit or FollowObjective
	ID   int64
	Name string
	Href string
	Objs []*ObjView
	KRs  []*KRView
}

// Following returns what follows holds, in the order followed, each with
// its objectives and key results in b. An objective goes to one target
// only (itself when followed, else its owner), and to none when shown(o)
// says the page shows it elsewhere. People and units gone from dir, and
// followed objectives not in b or shown elsewhere, are left out. No
// statements.
func Following(follows []store.Follow, dir *Directory, b *Board, shown func(*ObjView) bool) []*Followed {
	var out []*Followed
	byKey := map[string]*Followed{}
	key := func(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }
	objs := map[int64]*ObjView{}
	for _, o := range b.Objs {
		objs[o.O.ID] = o
	}
	for _, fl := range follows {
		t := &Followed{Kind: fl.Kind, ID: fl.TargetID}
		switch fl.Kind {
		case store.FollowPerson:
			p := dir.People[fl.TargetID]
			if p == nil {
				continue
			}
			t.Name, t.Href = p.Name, "/people/"+strconv.FormatInt(p.ID, 10)
		case store.FollowUnit:
			u := dir.Units[fl.TargetID]
			if u == nil {
				continue
			}
			t.Name, t.Href = u.Name, "/units/"+strconv.FormatInt(u.ID, 10)
		case store.FollowObjective:
			o := objs[fl.TargetID]
			if o == nil {
				continue
			}
			t.Name, t.Href = o.O.Title, "/objectives/"+strconv.FormatInt(o.O.ID, 10)
		default:
			continue
		}
		byKey[key(t.Kind, t.ID)] = t
		out = append(out, t)
	}
	taken := map[int64]bool{}
	for _, o := range b.Objs {
		t := byKey[key(store.FollowObjective, o.O.ID)]
		switch own := o.O.Owner; {
		case t != nil:
		case own.PersonID != nil:
			t = byKey[key(store.FollowPerson, *own.PersonID)]
		case own.UnitID != nil:
			t = byKey[key(store.FollowUnit, *own.UnitID)]
		}
		if t != nil && !shown(o) {
			t.Objs = append(t.Objs, o)
			taken[o.O.ID] = true
		}
	}
	for _, o := range b.Objs {
		for _, k := range o.KRs {
			if k.KR.Owner.PersonID == nil || taken[o.O.ID] {
				continue
			}
			own := o.O.Owner.PersonID
			if t := byKey[key(store.FollowPerson, *k.KR.Owner.PersonID)]; t != nil && (own == nil || *own != t.ID) {
				t.KRs = append(t.KRs, k)
			}
		}
	}
	// A followed objective shown elsewhere on the page has nothing to add.
	kept := out[:0]
	for _, t := range out {
		if t.Kind != store.FollowObjective || len(t.Objs) > 0 {
			kept = append(kept, t)
		}
	}
	return kept
}
