package view

import (
	"cmp"
	"context"
	"slices"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// idRev is an objective's id with its content revision as the period's
// index knows it.
type idRev struct{ id, rev int64 }

// LoadMapBoard is LoadIndexedBoard for the objectives ids of period, as the
// alignment map shows them (titles, owners, figures, contributes-to links
// both ways), without reading them when nothing under them changed: the
// period's index says which of ids are active, their revisions and roll-ups
// and which objectives of the period link to them by contributes-to; the
// objectives come from the objective cache while their revision holds
// (objectivesAt) and their key results from KeyResultsOf. With warm
// caches a map screen costs the index's one statement, where reading its
// 600 objectives and their links took two statements over about 1,000
// rows. Objectives linked to ids come without key results: only their
// titles and owners are shown. Ids the index does not hold (archived, or
// of another period) are left out.
func (m *Model) LoadMapBoard(ctx context.Context, orgID int64, period okr.Period, dir *Directory, ids []int64) (*Board, error) {
	var listed, linked []idRev
	type rollup struct {
		v  float64
		ok bool
	}
	rollups := make(map[int64]rollup, len(ids))
	err := m.WithIndex(ctx, orgID, period.ID, func(x *PeriodIndex) {
		seen := make(map[int64]bool, len(ids))
		for _, id := range ids {
			if o := x.objs[id]; o != nil && !seen[id] {
				seen[id] = true
				listed = append(listed, idRev{id, o.rev})
				rollups[id] = rollup{o.rollup, o.hasRollup}
			}
		}
		link := func(id int64) {
			if o := x.objs[id]; o != nil && !seen[id] {
				seen[id] = true
				linked = append(linked, idRev{id, o.rev})
			}
		}
		for _, l := range listed {
			for _, t := range x.objs[l.id].contributes {
				link(t)
			}
			for _, s := range x.contribBy[l.id] {
				link(s)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	objs, err := m.objectivesAt(ctx, orgID, period.ID, listed)
	if err != nil {
		return nil, err
	}
	extra, err := m.objectivesAt(ctx, orgID, period.ID, linked)
	if err != nil {
		return nil, err
	}
	krs, err := m.keyResultGroups(ctx, orgID, objs)
	if err != nil {
		return nil, err
	}
	b := newScopedBoard(period, m.now(), dir, objs, extra, krs)
	for _, o := range b.Objs {
		r := rollups[o.O.ID]
		setIndexRollup(o, r.v, r.ok)
	}
	return b, nil
}

// objectivesAt returns the objectives want of period, oldest first: each
// from the objective cache when cached at the revision want gives, the
// others in one statement (store.ListObjectives), cached under the
// revision they were read at. An objective archived or moved since the
// index was read is left out. The cached objectives are shared by
// concurrent requests: callers copy them (boards do) and change neither
// them nor what their pointers and slices hold.
func (m *Model) objectivesAt(ctx context.Context, orgID, periodID int64, want []idRev) ([]okr.Objective, error) {
	out := make([]okr.Objective, 0, len(want))
	var missing []int64
	for _, w := range want {
		if o, ok := m.objs.Get(objKey{orgID, w.id}, w.rev); ok {
			out = append(out, o)
		} else {
			missing = append(missing, w.id)
		}
	}
	if len(missing) > 0 {
		read, _, err := m.db.ListObjectives(ctx, orgID, store.ObjectiveFilter{PeriodID: periodID, IDs: missing, SkipCount: true})
		if err != nil {
			return nil, err
		}
		for _, o := range read {
			m.objs.Put(objKey{orgID, o.ID}, o.Rev, o, objectiveSize(&o))
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b okr.Objective) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// objectiveSize approximates an objective's bytes in the cache.
func objectiveSize(o *okr.Objective) int64 {
	return 400 + int64(len(o.Title)+len(o.Description)+len(o.Reflection)+8*len(o.Contributes))
}
