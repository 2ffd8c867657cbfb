package web

import (
	"context"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// TestKeyResultCacheFollowsRevisions checks that cached key results are
// used while their objective's revision stands, with no statement, and read
// again as soon as a check-in or an edit moves it.
func TestKeyResultCacheFollowsRevisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := newPerfOrg(t, db, statementSpec)
		s := &Server{DB: db}
		ctx := context.Background()
		org := p.period.OrgID
		few, _ := p.krExtremes(t)
		list := func() []okr.Objective {
			objs, _, err := db.ListObjectives(ctx, org, store.ObjectiveFilter{PeriodID: p.period.ID, OwnerUnitIDs: []int64{p.teams[0]}})
			if err != nil {
				t.Fatal(err)
			}
			return append(objs, must(db.GetObjective(ctx, org, few.ID)))
		}
		krsOf := func(objs []okr.Objective) ([]okr.KeyResult, int64) {
			cctx, n := store.WithQueryCounter(ctx)
			krs, err := s.keyResultsOf(cctx, org, objs, objs[:1])
			if err != nil {
				t.Fatal(err)
			}
			return krs, n.Count()
		}
		objs := list()
		want, err := db.ListKeyResults(ctx, org, ids(objs), false)
		if err != nil {
			t.Fatal(err)
		}
		got, n := krsOf(objs)
		if n == 0 || len(got) != len(want) {
			t.Fatalf("cold cache: %d key results in %d statements, want %d read from the database", len(got), n, len(want))
		}
		for i := range want {
			if got[i].ID != want[i].ID {
				t.Fatalf("key result %d: got id %d, want %d (order of store.ListKeyResults)", i, got[i].ID, want[i].ID)
			}
		}
		if _, n := krsOf(list()); n != 0 {
			t.Errorf("warm cache, nothing changed: %d statements, want 0", n)
		}

		p.addCheckIns(t, few, 1)
		objs = list()
		got, n = krsOf(objs)
		if n == 0 {
			t.Fatalf("after a check-in: no statement, want the changed objective read again")
		}
		fresh, err := db.ListKeyResults(ctx, org, []int64{few.ID}, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fresh {
			for _, g := range got {
				if g.ID == f.ID && (g.LastCheckInAt == nil) != (f.LastCheckInAt == nil) || g.ID == f.ID && g.LastCheckInAt != nil && !g.LastCheckInAt.Equal(*f.LastCheckInAt) {
					t.Errorf("key result %d after a check-in: last check-in %v, want %v", g.ID, g.LastCheckInAt, f.LastCheckInAt)
				}
			}
		}

		kr := fresh[0]
		kr.Title = "Renamed while cached"
		if _, err := db.UpdateKeyResult(ctx, store.SystemActor(org), kr, ""); err != nil {
			t.Fatal(err)
		}
		got, _ = krsOf(list())
		for _, g := range got {
			if g.ID == kr.ID && g.Title != kr.Title {
				t.Errorf("key result after an edit: title %q, want %q", g.Title, kr.Title)
			}
		}
	})
}

func ids(objs []okr.Objective) []int64 {
	out := make([]int64, len(objs))
	for i := range objs {
		out[i] = objs[i].ID
	}
	return out
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
