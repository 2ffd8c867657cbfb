package view

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// TestPeriodIndexFollowsWrites checks the period's index against the
// board of the whole period, on a generated organisation, before and after
// check-ins, a moved key result, an archived objective, a re-aligned
// objective and a new objective without key results.
func TestPeriodIndexFollowsWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		spec := gen.Spec{Name: "Index AS", Slug: "index", Departments: 2, Teams: 4, People: 40, ObjectivesPerOwner: 3, CheckIns: 4}
		o := newTestOrg(t, db, spec, 9)
		org, period, m := o.org, o.period, o.m
		sys := store.SystemActor(org)
		var lastMap *ObjMap
		compare := func(step string) {
			t.Helper()
			lastMap = sameMap(t, step, m, org, period.ID)
			want := wholeBoard(t, m, org, period)
			err := m.WithIndex(ctx, org, period.ID, func(x *PeriodIndex) {
				for _, kind := range []string{"unit", "person"} {
					g, w := x.byUnit, want.byUnit
					if kind == "person" {
						g, w = x.byPerson, want.byPerson
					}
					if len(g) != len(w) {
						t.Errorf("%s: index has %d %s owners, the board %d", step, len(g), kind, len(w))
					}
					for id, ws := range w {
						if gs := g[id]; gs.Count != ws.Count || gs.Counted != ws.Counted || math.Abs(gs.Sum-ws.Sum) > 1e-9 {
							t.Errorf("%s: %s %d: index %d objectives, %d counted, summing %v; board %d, %d counted, summing %v", step, kind, id, gs.Count, gs.Counted, gs.Sum, ws.Count, ws.Counted, ws.Sum)
						}
					}
				}
				for _, o := range want.b.Objs {
					r, ok := x.RollupOf(o.O.ID)
					if ok != o.HasRollup || math.Abs(r-o.Rollup) > 1e-9 {
						t.Errorf("%s: objective %d: index roll-up %v (%v), board %v (%v)", step, o.O.ID, r, ok, o.Rollup, o.HasRollup)
					}
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			sameContext(t, step, m, org, period)
		}
		compare("as generated")

		objs := o.objectives(t, store.ObjectiveFilter{})
		ids := []int64{objs[5].ID, objs[40].ID, objs[41].ID}
		krs := must[[]okr.KeyResult](t)(db.ListKeyResults(ctx, org, ids, false))
		var checkIns []okr.CheckIn
		for _, kr := range krs {
			if kr.Metric.Kind == okr.MetricIncrease || kr.Metric.Kind == okr.MetricDecrease {
				checkIns = append(checkIns, okr.CheckIn{KeyResultID: kr.ID, Value: kr.Metric.Target, Confidence: okr.OnTrack})
			}
		}
		mapBefore := lastMap
		if _, err := db.CreateCheckIns(ctx, sys, checkIns); err != nil {
			t.Fatal(err)
		}
		compare("after check-ins")
		if lastMap != mapBefore {
			t.Error("check-ins moved no objective, yet the alignment map was built again")
		}
		mapBefore = lastMap

		if _, err := db.MoveKeyResult(ctx, sys, krs[0].ID, objs[60].ID, krs[0].Version); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ArchiveObjective(ctx, sys, objs[41].ID, objs[41].Version); err != nil {
			t.Fatal(err)
		}
		moved := objs[70]
		moved.ParentID = &objs[1].ID
		if _, err := db.UpdateObjective(ctx, sys, moved); err != nil {
			t.Fatal(err)
		}
		compare("after a move, an archive and a re-alignment")
		if lastMap == mapBefore {
			t.Error("after an archive and a re-alignment the alignment map was not built again")
		}

		lone, err := db.CreateObjective(ctx, sys, okr.Objective{PeriodID: period.ID, Title: "Uten nøkkelresultater", Owner: objs[0].Owner})
		if err != nil {
			t.Fatal(err)
		}
		child := objs[80]
		child.ParentID = &lone.ID
		if _, err := db.UpdateObjective(ctx, sys, child); err != nil {
			t.Fatal(err)
		}
		compare("after an objective without key results got a child")

		// Drafts are shown but count in no average and no roll-up: a
		// parent with children, and one of the children of another, back
		// to draft.
		kids := map[int64][]okr.Objective{}
		for _, c := range o.objectives(t, store.ObjectiveFilter{}) {
			if c.ParentID != nil && c.State == okr.StatePublished {
				kids[*c.ParentID] = append(kids[*c.ParentID], c)
			}
		}
		var parents []int64
		for _, p := range objs {
			if len(kids[p.ID]) >= 2 && p.State == okr.StatePublished {
				parents = append(parents, p.ID)
			}
		}
		if len(parents) < 2 {
			t.Fatalf("%d objectives have two children; the test needs two", len(parents))
		}
		toDraft := func(id int64) okr.Objective {
			t.Helper()
			d := must[okr.Objective](t)(db.GetObjective(ctx, org, id))
			d.State = okr.StateDraft
			return must[okr.Objective](t)(db.UpdateObjective(ctx, sys, d))
		}
		draft := toDraft(parents[0])
		toDraft(kids[parents[1]][0].ID)
		compare("after objectives went back to draft")

		// Contributes-to links both ways, one to an objective in the
		// index's listing and one from a draft.
		c := must[okr.Objective](t)(db.GetObjective(ctx, org, objs[90].ID))
		if _, err := db.SetContributes(ctx, sys, c.ID, []int64{objs[3].ID, objs[100].ID}, c.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetContributes(ctx, sys, draft.ID, []int64{objs[90].ID}, draft.Version); err != nil {
			t.Fatal(err)
		}
		draft = must[okr.Objective](t)(db.GetObjective(ctx, org, draft.ID))
		compare("after contributes-to links")

		draft.State = okr.StatePublished
		if _, err := db.UpdateObjective(ctx, sys, draft); err != nil {
			t.Fatal(err)
		}
		compare("after a draft was published")

		m.indexes.Clear()
		compare("after the index was evicted")
	})
}

// sameContext checks that the objective context from the period's index
// (PeriodIndex.contextIDs, then store.ListObjectivesIn) is what the
// statements that walk the tree return: for each objective alone, for
// each owner's objectives together, with and without the objectives
// below.
func sameContext(t *testing.T, step string, m *Model, org int64, period okr.Period) {
	t.Helper()
	ctx := context.Background()
	objs, _, err := m.db.ListObjectives(ctx, org, store.ObjectiveFilter{PeriodID: period.ID})
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string][]okr.Objective{}
	for _, o := range objs {
		sets[fmt.Sprint("objective ", o.ID)] = []okr.Objective{o}
		owner := fmt.Sprint("unit ", o.Owner.UnitID)
		if o.Owner.PersonID != nil {
			owner = fmt.Sprint("person ", *o.Owner.PersonID)
		}
		if o.Owner.UnitID != nil {
			owner = fmt.Sprint("unit ", *o.Owner.UnitID)
		}
		sets[owner] = append(sets[owner], o)
	}
	if !m.indexBuilt(org, period.ID) {
		t.Fatalf("%s: the index is not built", step)
	}
	for name, set := range sets {
		for _, below := range []bool{true, false} {
			got, err := m.objectiveContext(ctx, org, period, set, below)
			if err != nil {
				t.Fatal(err)
			}
			var want []okr.Objective
			if below {
				want, err = m.db.ListObjectiveContext(ctx, org, period.ID, objectiveIDs(set))
			} else {
				want, err = m.db.ListObjectiveLinks(ctx, org, period.ID, objectiveIDs(set))
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: %s (below %v): the index's context %v, the statement's %v", step, name, below, objectiveIDs(got), objectiveIDs(want))
			}
		}
	}
}

// sameMap checks that the read model's alignment map of the period
// (FullMap) has the nodes, parents and children of a map built anew from
// the period's objectives, and returns it.
func sameMap(t *testing.T, step string, m *Model, org, period int64) *ObjMap {
	t.Helper()
	ctx := context.Background()
	dir := must[*Directory](t)(m.Directory(ctx, org))
	got := must[*ObjMap](t)(m.FullMap(ctx, org, period, dir))
	want := BuildObjMap(must[[]MapEntry](t)(m.MapEntries(ctx, org, period)), dir, nil, 0)
	ids := func(ns []*MapNode) []int64 {
		var out []int64
		for _, n := range ns {
			out = append(out, n.ID)
		}
		return out
	}
	if !slices.Equal(ids(got.Roots), ids(want.Roots)) || !slices.Equal(ids(got.Loose), ids(want.Loose)) || len(got.ByID) != len(want.ByID) {
		t.Errorf("%s: the kept map has roots %v, loose %v, %d nodes; built anew %v, %v, %d", step, ids(got.Roots), ids(got.Loose), len(got.ByID), ids(want.Roots), ids(want.Loose), len(want.ByID))
	}
	for id, w := range want.ByID {
		g := got.ByID[id]
		if g == nil || !slices.Equal(ids(g.Children), ids(w.Children)) || g.State != w.State || (g.Parent == nil) != (w.Parent == nil) {
			t.Errorf("%s: objective %d differs in the kept map", step, id)
		}
	}
	return got
}

// boardTotals is the whole-period board and its shown progress added up
// by owner: what the alignment tree showed before it had an index.
type boardTotals struct {
	b                *Board
	byUnit, byPerson map[int64]OwnerSum
}

func wholeBoard(t *testing.T, m *Model, orgID int64, period okr.Period) *boardTotals {
	t.Helper()
	ctx := context.Background()
	dir, err := m.Directory(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := m.LoadBoard(ctx, orgID, period, dir, store.ObjectiveFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := &boardTotals{b: b, byUnit: map[int64]OwnerSum{}, byPerson: map[int64]OwnerSum{}}
	units, people := map[int64][]*ObjView{}, map[int64][]*ObjView{}
	for _, o := range b.Objs {
		if o.O.Owner.UnitID != nil {
			units[*o.O.Owner.UnitID] = append(units[*o.O.Owner.UnitID], o)
		} else {
			people[*o.O.Owner.PersonID] = append(people[*o.O.Owner.PersonID], o)
		}
	}
	// The owner's figures as the summary tiles count them (Summarize).
	sum := func(objs []*ObjView) OwnerSum {
		s := Summarize(objs, 0)
		return OwnerSum{Count: s.Objectives, Counted: s.Counted, Sum: s.Mean * float64(s.Counted)}
	}
	for id, objs := range units {
		out.byUnit[id] = sum(objs)
	}
	for id, objs := range people {
		out.byPerson[id] = sum(objs)
	}
	return out
}

// TestPeriodIndexAppliesABurstInRounds checks that a refresh that finds
// more changes than one read returns applies them a read at a time
// instead of reading the whole period again (which under load kept every
// request that needs the index waiting for seconds), up to
// maxIndexRounds reads, and reads the period again past that; the index
// agrees with the whole board either way.
func TestPeriodIndexAppliesABurstInRounds(t *testing.T) {
	defer func(n int) { maxIndexChanges = n }(maxIndexChanges)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		spec := gen.Spec{Name: "Burst AS", Slug: "burst", Departments: 2, Teams: 4, People: 40, ObjectivesPerOwner: 3, CheckIns: 2}
		o := newTestOrg(t, db, spec, 5)
		org, period, m := o.org, o.period, o.m
		sys := store.SystemActor(org)
		built := func() (at time.Time) {
			if err := m.WithIndex(ctx, org, period.ID, func(x *PeriodIndex) { at = x.built }); err != nil {
				t.Fatal(err)
			}
			return at
		}
		var krs []okr.KeyResult
		for _, obj := range o.objectives(t, store.ObjectiveFilter{})[:12] {
			for _, kr := range must[[]okr.KeyResult](t)(db.ListKeyResults(ctx, org, []int64{obj.ID}, false)) {
				if kr.Metric.Kind == okr.MetricIncrease || kr.Metric.Kind == okr.MetricDecrease {
					krs = append(krs, kr)
					break
				}
			}
		}
		checkIn := func(n int) {
			t.Helper()
			for i := range n {
				kr := krs[i%len(krs)]
				v := kr.Metric.Start + (kr.Metric.Target-kr.Metric.Start)*float64(i%5)/4
				must[[]okr.CheckIn](t)(db.CreateCheckIns(ctx, sys, []okr.CheckIn{{KeyResultID: kr.ID, Value: v, Confidence: okr.OnTrack}}))
			}
		}
		same := func(step string) {
			t.Helper()
			want := wholeBoard(t, m, org, period)
			err := m.WithIndex(ctx, org, period.ID, func(x *PeriodIndex) {
				for _, o := range want.b.Objs {
					r, ok := x.RollupOf(o.O.ID)
					if ok != o.HasRollup || math.Abs(r-o.Rollup) > 1e-9 {
						t.Errorf("%s: objective %d: index roll-up %v (%v), board %v (%v)", step, o.O.ID, r, ok, o.Rollup, o.HasRollup)
					}
				}
				for id, ws := range want.byUnit {
					if gs := x.byUnit[id]; gs.Count != ws.Count || math.Abs(gs.Sum-ws.Sum) > 1e-9 {
						t.Errorf("%s: unit %d: index %+v, board %+v", step, id, gs, ws)
					}
				}
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		// burst checks in 30 times and returns how many changes that logged
		// (the index does not see them before the next use).
		burst := func() int {
			t.Helper()
			var last int64
			if err := m.WithIndex(ctx, org, period.ID, func(x *PeriodIndex) { last = x.last }); err != nil {
				t.Fatal(err)
			}
			checkIn(30)
			changes, _, err := db.ChangesSince(ctx, org, last, 100000, indexTypes...)
			if err != nil {
				t.Fatal(err)
			}
			return len(changes)
		}
		first := built()
		n := burst()
		maxIndexChanges = (n + maxIndexRounds - 3) / (maxIndexRounds - 2) // at most maxIndexRounds-2 reads
		if built() != first {
			t.Errorf("%d changes read %d at a time: the period was read again instead", n, maxIndexChanges)
		}
		same("after a burst applied in rounds")
		maxIndexChanges = 1 << 20
		n = burst()
		maxIndexChanges = max(1, n/(2*maxIndexRounds)) // twice as many reads as allowed
		if built() == first {
			t.Errorf("%d changes read %d at a time: the period was not read again", n, maxIndexChanges)
		}
		same("after a burst that read the period again")
	})
}
