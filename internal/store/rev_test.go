package store

import (
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// TestRevFollowsEveryChangeUnderAnObjective checks that an objective's
// content revision moves with each kind of change that shows under it, and
// only the objectives concerned move.
func TestRevFollowsEveryChangeUnderAnObjective(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		a := f.mustObjective(t, "A", unitOwner(f.team.ID))
		b := f.mustObjective(t, "B", unitOwner(f.team.ID))
		c := f.mustObjective(t, "Untouched", unitOwner(f.team.ID))
		rev := func(id int64) int64 { return must(db.GetObjective(ctx, f.org.ID, id))(t).Rev }
		revC := rev(c.ID)
		step := func(what string, fn func(), moved ...int64) {
			t.Helper()
			before := map[int64]int64{}
			for _, id := range []int64{a.ID, b.ID} {
				before[id] = rev(id)
			}
			fn()
			for _, id := range []int64{a.ID, b.ID} {
				want := before[id]
				for _, m := range moved {
					if m == id {
						want++
					}
				}
				if got := rev(id); got != want {
					t.Errorf("%s: objective %d rev = %d, want %d", what, id, got, want)
				}
			}
		}
		var kr okr.KeyResult
		step("create a key result", func() {
			kr = must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: a.ID, Title: "k", Owner: personOwner(f.member.ID), Metric: increase(0, 10)}))(t)
		}, a.ID)
		kr2 := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: a.ID, Title: "k2", Owner: personOwner(f.member.ID), Metric: increase(0, 10)}))(t)
		step("check in two key results of one objective", func() {
			must(db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{{KeyResultID: kr.ID, Value: 3, Confidence: okr.OnTrack}, {KeyResultID: kr2.ID, Value: 4, Confidence: okr.OnTrack}}))(t)
		}, a.ID)
		step("edit the objective", func() {
			o := must(db.GetObjective(ctx, f.org.ID, a.ID))(t)
			o.Title = "A, renamed"
			must(db.UpdateObjective(ctx, f.sys, o))(t)
		}, a.ID)
		step("add an initiative", func() {
			must(db.CreateInitiative(ctx, f.sys, okr.Initiative{KeyResultID: kr.ID, Title: "Do it", Status: okr.InitiativePlanned}))(t)
		}, a.ID)
		step("move a key result", func() {
			kr = must(db.MoveKeyResult(ctx, f.sys, kr.ID, b.ID, must(db.GetKeyResult(ctx, f.org.ID, kr.ID))(t).Version))(t)
		}, a.ID, b.ID)
		step("a failed write", func() {
			_, err := db.CreateCheckIns(ctx, as(f.other), []okr.CheckIn{{KeyResultID: kr.ID, Value: 5, Confidence: okr.OnTrack}})
			if err == nil {
				t.Fatal("a stranger checked in, want refused")
			}
		})
		if got := rev(c.ID); got != revC {
			t.Errorf("an untouched objective's rev moved from %d to %d", revC, got)
		}
	})
}

// TestBumpRevsUsesPrimaryKeys checks on SQLite that the revision bump of
// every write reaches its rows by primary key: a plan that scans the
// organisation's objectives or key results made each check-in of the load
// test take half a second.
func TestBumpRevsUsesPrimaryKeys(t *testing.T) {
	db := mustOpen(t, DialectSQLite)
	q, args := db.bumpRevsQuery(1, touchSet{objectives: []int64{1}, keyResults: []int64{2, 3}, initiatives: []int64{4}})
	plan := sqlitePlan(t, db, db.rebind(q), args...)
	for _, detail := range plan {
		if strings.HasPrefix(detail, "SEARCH") && !strings.Contains(detail, "INTEGER PRIMARY KEY") {
			t.Errorf("plan step %q, want every table reached by primary key", detail)
		}
		if strings.HasPrefix(detail, "SCAN") && !strings.Contains(detail, "json_each") {
			t.Errorf("plan step %q scans a table", detail)
		}
	}
	if len(plan) == 0 {
		t.Fatal("no query plan")
	}
}
