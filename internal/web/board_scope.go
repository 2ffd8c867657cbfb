package web

import (
	"context"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// scopedBoard builds the board of objs (of period) with their context.
func (s *Server) scopedBoard(ctx context.Context, orgID int64, period okr.Period, dir *directory, objs []okr.Objective) (*board, error) {
	ids := make([]int64, len(objs))
	for i := range objs {
		ids[i] = objs[i].ID
	}
	extra, err := s.DB.ListObjectiveContext(ctx, orgID, period.ID, ids)
	if err != nil {
		return nil, err
	}
	krs, err := s.keyResultsOf(ctx, orgID, objs, extra)
	if err != nil {
		return nil, err
	}
	return newScopedBoard(period, s.now(), dir, objs, extra, krs), nil
}

// indexRollups sets the roll-ups of b's listed objectives from the period's
// index, for boards that do not load the objectives below them.
func indexRollups(x *periodIndex, b *board) {
	for _, o := range b.objs {
		o.Rollup, o.HasRollup = x.rollupOf(o.O.ID)
		if o.HasRollup && !o.HasKRs {
			o.Status = okr.PaceStatus(o.Rollup, o.Expected, false)
		}
	}
}

// loadIndexedBoard is loadScopedBoard for long lists: it reads the
// objectives matching f, their parent and contributes-to links and their
// key results, and takes their roll-ups from the period's index
// (period_index.go) instead of reading the objectives below them.
func (s *Server) loadIndexedBoard(ctx context.Context, orgID int64, period okr.Period, dir *directory, f store.ObjectiveFilter) (*board, int, error) {
	f.PeriodID = period.ID
	// The index counts each owner's active objectives of the period: a
	// list filtered by owner alone need not be counted again in SQL.
	byOwner := f.Query == "" && f.State == "" && f.ParentID == nil && len(f.IDs) == 0 && !f.IncludeArchived
	f.SkipCount = byOwner
	objs, total, err := s.DB.ListObjectives(ctx, orgID, f)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(objs))
	for i := range objs {
		ids[i] = objs[i].ID
	}
	links, err := s.DB.ListObjectiveLinks(ctx, orgID, period.ID, ids)
	if err != nil {
		return nil, 0, err
	}
	krs, err := s.keyResultsOf(ctx, orgID, objs)
	if err != nil {
		return nil, 0, err
	}
	b := newScopedBoard(period, s.now(), dir, objs, links, krs)
	err = s.withIndex(ctx, orgID, period.ID, func(x *periodIndex) {
		indexRollups(x, b)
		if byOwner {
			total = x.countOwned(f.OwnerUnitIDs, f.OwnerPersonIDs)
		}
	})
	return b, total, err
}
