package view

import (
	"context"

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

// ScopedBoard builds the board of objs (of period) with their context.
func (m *Model) ScopedBoard(ctx context.Context, orgID int64, period okr.Period, dir *Directory, objs []okr.Objective) (*Board, error) {
	extra, err := m.db.ListObjectiveContext(ctx, orgID, period.ID, objectiveIDs(objs))
	if err != nil {
		return nil, err
	}
	krs, err := m.KeyResultsOf(ctx, orgID, objs, extra)
	if err != nil {
		return nil, err
	}
	return NewScopedBoard(period, m.now(), dir, objs, extra, krs), nil
}

// IndexRollups sets the roll-ups of b's listed objectives from the
// period's index, for boards that do not load the objectives below them.
func IndexRollups(x *PeriodIndex, b *Board) {
	for _, o := range b.Objs {
		o.Rollup, o.HasRollup = x.RollupOf(o.O.ID)
		if o.HasRollup && !o.HasKRs {
			o.Status = okr.PaceStatus(o.Rollup, o.Expected, false)
		}
	}
}

// LoadIndexedBoard is LoadScopedBoard for long lists: it reads the
// objectives matching f, their parent and contributes-to links and their
// key results, and takes their roll-ups from the period's index
// (PeriodIndex) instead of reading the objectives below them.
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
	links, err := m.db.ListObjectiveLinks(ctx, orgID, period.ID, objectiveIDs(objs))
	if err != nil {
		return nil, 0, err
	}
	krs, err := m.KeyResultsOf(ctx, orgID, objs)
	if err != nil {
		return nil, 0, err
	}
	b := NewScopedBoard(period, m.now(), dir, objs, links, krs)
	err = m.WithIndex(ctx, orgID, period.ID, func(x *PeriodIndex) {
		IndexRollups(x, b)
		if byOwner {
			total = x.CountOwned(f.OwnerUnitIDs, f.OwnerPersonIDs)
		}
	})
	return b, total, err
}

func objectiveIDs(objs []okr.Objective) []int64 {
	ids := make([]int64, len(objs))
	for i := range objs {
		ids[i] = objs[i].ID
	}
	return ids
}

// ViewerFilter selects the objectives of period that concern person, so
// that My OKRs and the check-in read those instead of the whole period:
// their own, those of the units they lead, those holding a key result they
// own and, with wide, those of their own unit and those they follow
// (directly, or through the person or unit that owns them). Two
// statements.
func (m *Model) ViewerFilter(ctx context.Context, orgID int64, person okr.Person, dir *Directory, period okr.Period, wide bool) (store.ObjectiveFilter, error) {
	f := store.ObjectiveFilter{PeriodID: period.ID, OwnerPersonIDs: []int64{person.ID}}
	led, member := dir.TeamUnits(person)
	for id := range led {
		f.OwnerUnitIDs = append(f.OwnerUnitIDs, id)
	}
	ids, err := m.db.ObjectivesWithKRsOwnedBy(ctx, orgID, period.ID, person.ID)
	if err != nil {
		return f, err
	}
	f.IDs = ids
	if !wide {
		return f, nil
	}
	for id := range member {
		f.OwnerUnitIDs = append(f.OwnerUnitIDs, id)
	}
	follows, err := m.db.ListFollows(ctx, orgID, person.ID)
	if err != nil {
		return f, err
	}
	for _, fl := range follows {
		switch fl.Kind {
		case "person":
			f.OwnerPersonIDs = append(f.OwnerPersonIDs, fl.TargetID)
		case "unit":
			f.OwnerUnitIDs = append(f.OwnerUnitIDs, fl.TargetID)
		case "objective":
			f.IDs = append(f.IDs, fl.TargetID)
		}
	}
	return f, nil
}

// FollowedObjectives returns the ids of the board's objectives that person
// follows: directly, or through their owner person or unit.
func (m *Model) FollowedObjectives(ctx context.Context, orgID, personID int64, b *Board) (map[int64]bool, error) {
	follows, err := m.db.ListFollows(ctx, orgID, personID)
	if err != nil {
		return nil, err
	}
	people, units, objs := map[int64]bool{}, map[int64]bool{}, map[int64]bool{}
	for _, f := range follows {
		switch f.Kind {
		case "person":
			people[f.TargetID] = true
		case "unit":
			units[f.TargetID] = true
		case "objective":
			objs[f.TargetID] = true
		}
	}
	out := map[int64]bool{}
	for _, o := range b.Objs {
		own := o.O.Owner
		if objs[o.O.ID] || (own.PersonID != nil && people[*own.PersonID]) || (own.UnitID != nil && units[*own.UnitID]) {
			out[o.O.ID] = true
		}
	}
	return out, nil
}
