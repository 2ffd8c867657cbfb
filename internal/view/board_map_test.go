package view

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// TestMapBoardMatchesTheIndexedBoard checks the alignment map's board
// (LoadMapBoard: objectives and links through the period's index and the
// objective cache) against the board read from the database
// (LoadIndexedBoard with the same ids), on a generated organisation, as
// generated and after each kind of write that changes what the map shows
// of a listed objective or of one linked to it: a check-in, a new title,
// a new title of a linked objective outside the list, a new contributes-to
// link into the list, an archived contributor, an archived listed
// objective. It also checks that unchanged objectives come from the cache.
func TestMapBoardMatchesTheIndexedBoard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		spec := gen.Spec{Name: "Kart AS", Slug: "kart", Departments: 2, Teams: 4, People: 40, ObjectivesPerOwner: 3, CheckIns: 4}
		o := newTestOrg(t, db, spec, 11)
		org, period, m := o.org, o.period, o.m
		sys := store.SystemActor(org)
		dir := must[*Directory](t)(m.Directory(ctx, org))
		objs := o.objectives(t, store.ObjectiveFilter{})
		var ids []int64
		for i := 0; i < len(objs); i += 3 {
			ids = append(ids, objs[i].ID)
		}
		listed := func(i int) okr.Objective { return objs[3*i] }
		outside := func(i int) okr.Objective { return objs[3*i+1] }

		compare := func(step string) {
			t.Helper()
			got := must[*Board](t)(m.LoadMapBoard(ctx, org, period, dir, ids))
			want, _, err := m.LoadIndexedBoard(ctx, org, period, dir, store.ObjectiveFilter{IDs: ids})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Objs) != len(want.Objs) {
				t.Fatalf("%s: map board lists %d objectives, the database %d", step, len(got.Objs), len(want.Objs))
			}
			for _, w := range want.Objs {
				g := got.ByID[w.O.ID]
				if g == nil || slices.Index(got.Objs, g) < 0 {
					t.Errorf("%s: objective %d missing from the map board", step, w.O.ID)
					continue
				}
				if gs, ws := mapFacts(g), mapFacts(w); gs != ws {
					t.Errorf("%s: objective %d:\n map board %s\n database  %s", step, w.O.ID, gs, ws)
				}
			}
		}
		compare("as generated")
		before := m.objs.Stats()
		compare("again")
		if s := m.objs.Stats(); s.Misses != before.Misses {
			t.Errorf("nothing changed, yet %d objectives were read again", s.Misses-before.Misses)
		}

		// Links to work with: an objective outside the list contributes to
		// two listed ones.
		contributor := outside(2)
		contributor = must[okr.Objective](t)(db.SetContributes(ctx, sys, contributor.ID, []int64{listed(1).ID, listed(4).ID}, contributor.Version))
		compare("after a contributes-to link into the list")

		krs := must[[]okr.KeyResult](t)(db.ListKeyResults(ctx, org, []int64{listed(1).ID, listed(2).ID}, false))
		var checkIns []okr.CheckIn
		for _, kr := range krs {
			if kr.Metric.Kind == okr.MetricIncrease || kr.Metric.Kind == okr.MetricDecrease {
				checkIns = append(checkIns, okr.CheckIn{KeyResultID: kr.ID, Value: kr.Metric.Target, Confidence: okr.OnTrack})
			}
		}
		if len(checkIns) == 0 {
			t.Fatal("no key result to check in")
		}
		before = m.objs.Stats()
		must[[]okr.CheckIn](t)(db.CreateCheckIns(ctx, sys, checkIns))
		compare("after check-ins")
		if s := m.objs.Stats(); s.Misses-before.Misses > 2 {
			t.Errorf("check-ins under 2 objectives, yet %d objectives were read again", s.Misses-before.Misses)
		}

		renamed := listed(3)
		renamed.Title = "Nytt navn på målet"
		must[okr.Objective](t)(db.UpdateObjective(ctx, sys, renamed))
		contributor = must[okr.Objective](t)(db.GetObjective(ctx, org, contributor.ID))
		contributor.Title = "Bidragsyter med nytt navn"
		contributor = must[okr.Objective](t)(db.UpdateObjective(ctx, sys, contributor))
		compare("after new titles of a listed and a linked objective")

		must[okr.Objective](t)(db.ArchiveObjective(ctx, sys, contributor.ID, contributor.Version))
		gone := must[okr.Objective](t)(db.GetObjective(ctx, org, listed(5).ID))
		must[okr.Objective](t)(db.ArchiveObjective(ctx, sys, gone.ID, gone.Version))
		compare("after a contributor and a listed objective were archived")

		m.objs.Clear()
		m.indexes.Clear()
		compare("after the caches were emptied")
	})
}

// mapFacts is what the alignment map shows of o.
func mapFacts(o *ObjView) string {
	r := func(v float64) float64 { return math.Round(v*1e9) / 1e9 }
	ids := func(l []*ObjView) (s []string) {
		for _, c := range l {
			s = append(s, fmt.Sprintf("%d %q %s", c.O.ID, c.O.Title, c.Owner.Name))
		}
		return s
	}
	return fmt.Sprintf("%q %s/%s own %v (%v) roll-up %v (%v) %s expected %v final %v %v %s; contributes %v; by %v",
		o.O.Title, o.Owner.Level, o.Owner.Name, r(o.Progress), o.HasKRs, r(o.Rollup), o.HasRollup, o.Status,
		r(o.Expected), o.Final, r(o.Score), o.Verdict, ids(o.Contribs), ids(o.ContribBy))
}
