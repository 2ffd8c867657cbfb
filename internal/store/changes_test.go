package store

import (
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

func TestChangesSince(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		types := []string{"objective", "key_result"}
		start := must(db.LastChange(ctx, f.org.ID, types...))(t)
		o := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "Vokse", Owner: okr.Owner{UnitID: &f.team.ID}}))(t)
		kr := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: "Flere kunder",
			Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 10, Unit: okr.Measure{Kind: okr.MeasureNumber}}}))(t)
		f.mustPerson(t, "Not counted", okr.RoleMember, nil)
		must(db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{{KeyResultID: kr.ID, Value: 3, Confidence: okr.OnTrack}}))(t)
		got, more, err := db.ChangesSince(ctx, f.org.ID, start, 10, types...)
		if err != nil {
			t.Fatal(err)
		}
		want := []Change{{ObjectType: "objective", ObjectID: o.ID}, {ObjectType: "key_result", ObjectID: kr.ID}, {ObjectType: "key_result", ObjectID: kr.ID}}
		if more || len(got) != len(want) {
			t.Fatalf("changes = %+v (more %v), want %d: create objective, create key result, check in", got, more, len(want))
		}
		for i := range want {
			if got[i].ObjectType != want[i].ObjectType || got[i].ObjectID != want[i].ObjectID || (i > 0 && got[i].ID <= got[i-1].ID) {
				t.Errorf("change %d = %+v, want %+v in id order", i, got[i], want[i])
			}
		}
		if last := must(db.LastChange(ctx, f.org.ID, types...))(t); last != got[2].ID {
			t.Errorf("LastChange = %d, want the check-in's entry %d", last, got[2].ID)
		}
		two, more, _ := db.ChangesSince(ctx, f.org.ID, start, 2, types...)
		if len(two) != 2 || !more {
			t.Errorf("with limit 2: %d changes, more %v; want 2 and more", len(two), more)
		}
		objs := must(db.KeyResultObjectives(ctx, f.org.ID, []int64{kr.ID, 999999}))(t)
		if len(objs) != 1 || objs[kr.ID] != o.ID {
			t.Errorf("KeyResultObjectives = %v, want {%d: %d}", objs, kr.ID, o.ID)
		}
	})
}
