package web

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// TestPeriodIndexFollowsWrites checks the alignment tree's index against
// the board of the whole period, on a generated organisation, before and
// after check-ins, a moved key result, an archived objective, a re-aligned
// objective and a new objective without key results.
func TestPeriodIndexFollowsWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 18, 15, 0, 0, 0, time.UTC)
		spec := gen.Spec{Name: "Index AS", Slug: "index", Departments: 2, Teams: 4, People: 40, ObjectivesPerOwner: 3, CheckIns: 4}
		res, err := gen.Generate(ctx, db, gen.Options{Spec: spec, Seed: 9, Now: now, Password: "index-test-pw"})
		if err != nil {
			t.Fatal(err)
		}
		s := &Server{DB: db, Now: func() time.Time { return now }}
		org, period := res.Org.ID, res.Period
		sys := store.SystemActor(org)
		compare := func(step string) {
			t.Helper()
			want := wholeBoard(t, s, org, period)
			err := s.withIndex(ctx, org, period.ID, func(x *periodIndex) {
				for _, kind := range []string{"unit", "person"} {
					g, w := x.byUnit, want.byUnit
					if kind == "person" {
						g, w = x.byPerson, want.byPerson
					}
					if len(g) != len(w) {
						t.Errorf("%s: index has %d %s owners, the board %d", step, len(g), kind, len(w))
					}
					for id, ws := range w {
						if gs := g[id]; gs.count != ws.count || math.Abs(gs.sum-ws.sum) > 1e-9 {
							t.Errorf("%s: %s %d: index %d objectives summing %v, board %d summing %v", step, kind, id, gs.count, gs.sum, ws.count, ws.sum)
						}
					}
				}
				for _, o := range want.b.objs {
					r, ok := x.rollupOf(o.O.ID)
					if ok != o.HasRollup || math.Abs(r-o.Rollup) > 1e-9 {
						t.Errorf("%s: objective %d: index roll-up %v (%v), board %v (%v)", step, o.O.ID, r, ok, o.Rollup, o.HasRollup)
					}
				}
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		compare("as generated")

		objs, _, err := db.ListObjectives(ctx, org, store.ObjectiveFilter{PeriodID: period.ID})
		if err != nil {
			t.Fatal(err)
		}
		ids := []int64{objs[5].ID, objs[40].ID, objs[41].ID}
		krs, err := db.ListKeyResults(ctx, org, ids, false)
		if err != nil {
			t.Fatal(err)
		}
		var checkIns []okr.CheckIn
		for _, kr := range krs {
			if kr.Metric.Kind == okr.MetricIncrease || kr.Metric.Kind == okr.MetricDecrease {
				checkIns = append(checkIns, okr.CheckIn{KeyResultID: kr.ID, Value: kr.Metric.Target, Confidence: okr.OnTrack})
			}
		}
		if _, err := db.CreateCheckIns(ctx, sys, checkIns); err != nil {
			t.Fatal(err)
		}
		compare("after check-ins")

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
	})
}

// boardTotals is the whole-period board and its shown progress added up
// by owner: what the alignment tree showed before it had an index.
type boardTotals struct {
	b                *board
	byUnit, byPerson map[int64]ownerSum
}

func wholeBoard(t *testing.T, s *Server, orgID int64, period okr.Period) *boardTotals {
	t.Helper()
	ctx := context.Background()
	dir, err := s.loadDirectory(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := s.loadBoard(ctx, orgID, period, dir, store.ObjectiveFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := &boardTotals{b: b, byUnit: map[int64]ownerSum{}, byPerson: map[int64]ownerSum{}}
	for _, o := range b.objs {
		m, id := out.byPerson, o.O.Owner.PersonID
		if o.O.Owner.UnitID != nil {
			m, id = out.byUnit, o.O.Owner.UnitID
		}
		sum := m[*id]
		m[*id] = ownerSum{sum.count + 1, sum.sum + o.Shown()}
	}
	return out
}
