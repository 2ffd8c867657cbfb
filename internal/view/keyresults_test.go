package view

import (
	"context"
	"reflect"
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
		o := newTestOrg(t, db, smallSpec, 1)
		ctx := context.Background()
		org := o.org
		all := o.objectives(t, store.ObjectiveFilter{})
		owner := all[len(all)/2].Owner
		list := func() []okr.Objective {
			return o.objectives(t, store.ObjectiveFilter{OwnerUnitIDs: idsOf(owner.UnitID), OwnerPersonIDs: idsOf(owner.PersonID)})
		}
		krsOf := func(objs []okr.Objective) ([]okr.KeyResult, int64) {
			cctx, n := store.WithQueryCounter(ctx)
			krs, err := o.m.KeyResultsOf(cctx, org, objs, objs[:1])
			if err != nil {
				t.Fatal(err)
			}
			return krs, n.Count()
		}
		objs := list()
		var ids []int64
		for _, obj := range objs {
			ids = append(ids, obj.ID)
		}
		want := must[[]okr.KeyResult](t)(db.ListKeyResults(ctx, org, ids, false))
		got, n := krsOf(objs)
		if n == 0 || len(got) != len(want) || len(want) == 0 {
			t.Fatalf("cold cache: %d key results in %d statements, want %d read from the database", len(got), n, len(want))
		}
		for i := range want {
			if got[i].ID != want[i].ID {
				t.Fatalf("key result %d: got id %d, want %d (order of store.ListKeyResults)", i, got[i].ID, want[i].ID)
			}
		}
		warm, n := krsOf(list())
		if n != 0 {
			t.Errorf("warm cache, nothing changed: %d statements, want 0", n)
		}
		if !reflect.DeepEqual(warm, want) {
			t.Errorf("warm cache: the key results differ from the store's\n got %+v\nwant %+v", warm, want)
		}

		kr := want[0]
		if _, err := db.CreateCheckIns(ctx, store.SystemActor(org), []okr.CheckIn{{KeyResultID: kr.ID, Value: kr.Metric.Target, Confidence: okr.AtRisk,
			MilestonesDone: milestoneIDs(kr)}}); err != nil {
			t.Fatal(err)
		}
		got, n = krsOf(list())
		if n == 0 {
			t.Fatalf("after a check-in: no statement, want the changed objective read again")
		}
		fresh := must[okr.KeyResult](t)(db.GetKeyResult(ctx, org, kr.ID))
		for _, g := range got {
			if g.ID == kr.ID && (g.LastCheckInAt == nil || !g.LastCheckInAt.Equal(*fresh.LastCheckInAt)) {
				t.Errorf("key result %d after a check-in: last check-in %v, want %v", g.ID, g.LastCheckInAt, fresh.LastCheckInAt)
			}
		}

		fresh.Title = "Renamed while cached"
		if _, err := db.UpdateKeyResult(ctx, store.SystemActor(org), fresh, ""); err != nil {
			t.Fatal(err)
		}
		got, _ = krsOf(list())
		for _, g := range got {
			if g.ID == kr.ID && g.Title != fresh.Title {
				t.Errorf("key result after an edit: title %q, want %q", g.Title, fresh.Title)
			}
		}
	})
}

func idsOf(id *int64) []int64 {
	if id == nil {
		return nil
	}
	return []int64{*id}
}

func milestoneIDs(kr okr.KeyResult) []int64 {
	var ids []int64
	for _, m := range kr.Milestones {
		ids = append(ids, m.ID)
	}
	return ids
}
