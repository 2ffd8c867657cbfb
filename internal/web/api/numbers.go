package api

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// numbers holds what the computed figures of objectives and key results
// need (periods, units, key results, child objectives, grades) and the
// archived milestones key results show, loaded in a constant number of
// store calls whatever the number of objects.
type numbers struct {
	now      time.Time
	settings okr.OrgSettings // the organisation's: pace and band
	periods  map[int64]*okr.Period
	units    map[int64]*okr.Unit
	objs     map[int64]*okr.Objective
	children map[int64][]*okr.Objective
	krs      map[int64][]*okr.KeyResult // active KRs by objective
	grades   map[int64]*okr.Grade
	// archivedMilestones are the milestones removed from each KR's list,
	// by KR id (store.ListArchivedMilestones).
	archivedMilestones map[int64][]okr.Milestone
	values             map[int64]rollupValue
	// steady is the request's steadiness when its answer is kept
	// (steady.go), nil otherwise.
	steady *steadiness
}

// rollupValue memoises the value an objective contributes to its parent's
// roll-up.
type rollupValue struct {
	v               float64
	ok, busy, final bool
}

// loadNumbers loads the figures of objs: every period, the units (for
// levels: the cached directory, and the archived units only when an owner
// is one of them), the active objectives that roll-ups of objs read, in any
// period (store.ListObjectiveDescendants: not the whole organisation), the
// active KRs of objs and of those, and the grades and archived milestones
// of the KRs of objs. About ten statements, whatever the number of
// objectives.
//
// With fresh, objs were read in this request before anything else (a GET):
// then the grades and archived milestones come from the read model's cache
// while the revision of their objective holds (view.Model.AddGrades). Responses to
// writes pass the objects the write returned, whose revision the write has
// moved past, and read everything.
func (a *API) loadNumbers(ctx context.Context, orgID int64, objs []okr.Objective, fresh bool) (*numbers, error) {
	n, err := a.newNumbers(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if err := n.addUnits(ctx, a, orgID, objs); err != nil {
		return nil, err
	}
	ids := make([]int64, len(objs))
	for i := range objs {
		ids[i] = objs[i].ID
	}
	tree, err := a.db.ListObjectiveDescendants(ctx, orgID, ids)
	if err != nil {
		return nil, err
	}
	for i := range tree {
		n.objs[tree[i].ID] = &tree[i]
	}
	for i := range objs {
		n.objs[objs[i].ID] = &objs[i]
	}
	for _, id := range slices.Sorted(maps.Keys(n.objs)) {
		if o := n.objs[id]; o.ParentID != nil && !o.Archived {
			n.children[*o.ParentID] = append(n.children[*o.ParentID], o)
		}
	}
	krs, err := n.subtreeKRs(ctx, a, orgID, objs, fresh)
	if err != nil {
		return nil, err
	}
	for i := range krs {
		n.krs[krs[i].ObjectiveID] = append(n.krs[krs[i].ObjectiveID], &krs[i])
	}
	into := &view.Grades{Grades: n.grades, Archived: n.archivedMilestones}
	if err := a.view.AddGrades(ctx, orgID, objs, n.krs, fresh, into); err != nil {
		return nil, err
	}
	return n, n.addPeriods(ctx, a, orgID, objs)
}

// subtreeKRs returns the active key results of objs and of their active
// descendants (n.subtree). With fresh, from the server's key result cache
// (view.Model.KeyResultsOf) for each objective whose revision holds: the descendants
// were read in this request too.
func (n *numbers) subtreeKRs(ctx context.Context, a *API, orgID int64, objs []okr.Objective, fresh bool) ([]okr.KeyResult, error) {
	ids := n.subtree(objs)
	if !fresh {
		return a.db.ListKeyResults(ctx, orgID, ids, false)
	}
	sub := make([]okr.Objective, len(ids))
	for i, id := range ids {
		sub[i] = *n.objs[id]
	}
	return a.view.KeyResultsOf(ctx, orgID, sub)
}

// addUnits sets the units that levels of objs read: the cached directory's
// (shared: never changed here), and when an owner unit is archived, which
// the directory leaves out, every unit with the archived ones.
func (n *numbers) addUnits(ctx context.Context, a *API, orgID int64, objs []okr.Objective) error {
	dir, err := a.view.Directory(ctx, orgID)
	if err != nil {
		return err
	}
	n.units = dir.Units
	for _, o := range objs {
		if o.Owner.UnitID == nil || dir.Units[*o.Owner.UnitID] != nil {
			continue
		}
		units, err := a.db.ListUnits(ctx, orgID, store.UnitFilter{IncludeArchived: true})
		if err != nil {
			return err
		}
		n.units = make(map[int64]*okr.Unit, len(units))
		for i := range units {
			n.units[units[i].ID] = &units[i]
		}
		return nil
	}
	return nil
}

// newNumbers starts numbers with the organisation's periods that are not
// archived, from the cached organisation state (view.Model.OrgState): shared, read
// only.
func (a *API) newNumbers(ctx context.Context, orgID int64) (*numbers, error) {
	n := &numbers{now: a.now(), periods: map[int64]*okr.Period{}, units: map[int64]*okr.Unit{}, objs: map[int64]*okr.Objective{},
		children: map[int64][]*okr.Objective{}, krs: map[int64][]*okr.KeyResult{}, grades: map[int64]*okr.Grade{},
		archivedMilestones: map[int64][]okr.Milestone{}, values: map[int64]rollupValue{}, steady: steadinessOf(ctx)}
	st, err := a.view.OrgState(ctx, orgID)
	if err != nil {
		return nil, err
	}
	n.settings = st.Org.Settings
	for i := range st.Periods {
		n.periods[st.Periods[i].ID] = &st.Periods[i]
	}
	return n, nil
}

// addKRs files krs under their objectives and loads their grades and
// archived milestones.
func (n *numbers) addKRs(ctx context.Context, a *API, orgID int64, krs []okr.KeyResult) error {
	krIDs := make([]int64, len(krs))
	for i := range krs {
		krIDs[i] = krs[i].ID
		n.krs[krs[i].ObjectiveID] = append(n.krs[krs[i].ObjectiveID], &krs[i])
	}
	return n.addKRDetails(ctx, a, orgID, krIDs)
}

// addKRDetails loads the grades and the archived milestones of the key
// results, in two statements.
func (n *numbers) addKRDetails(ctx context.Context, a *API, orgID int64, krIDs []int64) error {
	grades, err := a.db.ListGrades(ctx, orgID, krIDs)
	if err != nil {
		return err
	}
	for id, g := range grades {
		n.grades[id] = g
	}
	archived, err := a.db.ListArchivedMilestones(ctx, orgID, krIDs)
	if err != nil {
		return err
	}
	for id, ms := range archived {
		n.archivedMilestones[id] = ms
	}
	return nil
}

// addPeriods loads the periods of objs that ListPeriods left out (the
// archived ones), one by one: they are rare.
func (n *numbers) addPeriods(ctx context.Context, a *API, orgID int64, objs []okr.Objective) error {
	for _, o := range objs {
		if _, ok := n.periods[o.PeriodID]; ok {
			continue
		}
		p, err := a.db.GetPeriod(ctx, orgID, o.PeriodID)
		if err != nil {
			return err
		}
		n.periods[p.ID] = &p
	}
	return nil
}

// subtree returns the ids of objs and of all their active descendants.
func (n *numbers) subtree(objs []okr.Objective) []int64 {
	seen := map[int64]bool{}
	var ids []int64
	queue := make([]int64, 0, len(objs))
	for _, o := range objs {
		queue = append(queue, o.ID)
	}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		if seen[id] {
			continue
		}
		seen[id] = true
		ids = append(ids, id)
		for _, c := range n.children[id] {
			queue = append(queue, c.ID)
		}
	}
	return ids
}

// period returns the objective's period; an objective always has one, so
// a missing one yields an empty period rather than a crash.
func (n *numbers) period(o *okr.Objective) *okr.Period {
	if p, ok := n.periods[o.PeriodID]; ok {
		return p
	}
	return &okr.Period{ID: o.PeriodID}
}

// pace is the organisation's pace of statuses.
func (n *numbers) pace() okr.Pace { return n.settings.Pace() }

// value returns what objective id contributes to its parent's roll-up:
// its own figure when it has KRs (okr.OwnFigure: its final score once
// graded or closed, else its progress), else its children's roll-up. ok
// is false when it has neither or is a draft (okr.Contribution).
func (n *numbers) value(id int64) (okr.ChildFigure, bool) {
	if m, done := n.values[id]; done {
		return okr.ChildFigure{Value: m.v, Final: m.final}, m.ok && !m.busy
	}
	n.values[id] = rollupValue{busy: true}
	var m rollupValue
	if o, ok := n.objs[id]; ok {
		own, hasKRs, final := okr.OwnFigure(o, n.krs[id])
		var e okr.Explanation
		hasRollup := false
		if !hasKRs {
			e, hasRollup = n.rollup(o)
		}
		m.v, m.ok = okr.Contribution(o.State, own, hasKRs, e.Result, hasRollup)
		m.final = final
	}
	n.values[id] = m
	return okr.ChildFigure{Value: m.v, Final: m.final}, m.ok
}

// rollup explains the roll-up of o's children; ok is false when no child
// counts.
func (n *numbers) rollup(o *okr.Objective) (okr.Explanation, bool) {
	children := n.children[o.ID]
	figures := make(map[int64]okr.ChildFigure, len(children))
	for _, c := range children {
		if v, ok := n.value(c.ID); ok {
			figures[c.ID] = v
		}
	}
	e := okr.ExplainRollup(children, figures)
	return e, len(e.Terms) > 0
}

// level returns the objective's level from its owner.
func (n *numbers) level(o *okr.Objective) okr.Level { return okr.LevelOf(o.Owner, n.units) }
