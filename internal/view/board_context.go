package view

import (
	"context"
	"slices"

	"github.com/okr-dev/okr/internal/okr"
)

// contextIDs returns the ids of what store.ListObjectiveContext (below) or
// store.ListObjectiveLinks (not below) returns for the objectives ids,
// from the index instead of a walk of the tree in SQL: their parents, the
// objectives they contribute to and those contributing to them and, with
// below, the objectives aligned below them and, below one without active
// key results, its children, and so on down; all active objectives of
// the period other than ids, ascending. ok is false when an objective of
// ids is not in the index (an archived one, or one the index has not
// seen yet): the caller asks SQL then. x.mu is held.
func (x *PeriodIndex) contextIDs(ids []int64, below bool) (out []int64, ok bool) {
	self := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if x.objs[id] == nil {
			return nil, false
		}
		self[id] = true
	}
	want := map[int64]bool{}
	add := func(id int64) {
		if x.objs[id] != nil && !self[id] {
			want[id] = true
		}
	}
	var walk func(id int64)
	seen := map[int64]bool{}
	walk = func(id int64) { // id is aligned below a walked objective
		if seen[id] {
			return
		}
		seen[id] = true
		add(id)
		if o := x.objs[id]; o != nil && !o.hasKRs {
			for _, c := range x.children[id] {
				walk(c)
			}
		}
	}
	for _, id := range ids {
		o := x.objs[id]
		add(o.parent)
		for _, t := range o.contributes {
			add(t)
		}
		for _, f := range x.contribBy[id] {
			add(f)
		}
		if below {
			for _, c := range x.children[id] {
				walk(c)
			}
		}
	}
	out = make([]int64, 0, len(want))
	for id := range want {
		out = append(out, id)
	}
	slices.Sort(out)
	return out, true
}

// indexBuilt reports whether the period's index has been read, so that a
// page that could do without it does not read a whole period for it.
func (m *Model) indexBuilt(orgID, periodID int64) bool {
	x, ok := m.indexes.Get([2]int64{orgID, periodID}, struct{}{})
	if !ok {
		return false
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.objs != nil
}

// objectiveContext is store.ListObjectiveContext (below) or
// ListObjectiveLinks of objs: the ids from the period's index when it
// holds every objective of objs, then their rows by id (one statement);
// else the statement that walks the tree. The index of a period still
// open is built for it (the team pages, the overview and the alignment
// map read it too); that of a closed or archived period only serves when
// something else built it, so that a look at an old objective does not
// read its whole period.
func (m *Model) objectiveContext(ctx context.Context, orgID int64, period okr.Period, objs []okr.Objective, below bool) ([]okr.Objective, error) {
	ids := objectiveIDs(objs)
	if len(ids) == 0 {
		return nil, nil
	}
	if (!period.Closed && !period.Archived) || m.indexBuilt(orgID, period.ID) {
		var want []int64
		var ok bool
		if err := m.WithIndex(ctx, orgID, period.ID, func(x *PeriodIndex) { want, ok = x.contextIDs(ids, below) }); err != nil {
			return nil, err
		}
		return m.contextRows(ctx, orgID, period.ID, ids, want, ok, below)
	}
	return m.contextRows(ctx, orgID, period.ID, ids, nil, false, below)
}

// contextRows reads the context of the objectives ids: the objectives
// want by id when the index named them (indexed), else by the statement
// that walks the tree (ListObjectiveContext with below, ListObjectiveLinks
// without).
func (m *Model) contextRows(ctx context.Context, orgID, periodID int64, ids, want []int64, indexed, below bool) ([]okr.Objective, error) {
	switch {
	case indexed:
		return m.db.ListObjectivesIn(ctx, orgID, periodID, want)
	case below:
		return m.db.ListObjectiveContext(ctx, orgID, periodID, ids)
	}
	return m.db.ListObjectiveLinks(ctx, orgID, periodID, ids)
}
