package store

import (
	"slices"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

func TestObjectivesWithKRsOwnedByAndFilterByIDs(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		team := okr.Owner{UnitID: &f.team.ID}
		mk := func(title string) okr.Objective {
			t.Helper()
			return must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: title, Owner: team}))(t)
		}
		kr := func(o okr.Objective, owner *int64) okr.KeyResult {
			t.Helper()
			return must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: "KR of " + o.Title, Owner: okr.Owner{PersonID: owner},
				Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 10, Unit: okr.Measure{Kind: okr.MeasureNumber}}}))(t)
		}
		a, b, c := mk("A"), mk("B"), mk("C")
		kr(a, &f.member.ID)
		kr(a, &f.member.ID)
		kr(b, nil)
		archived := kr(c, &f.member.ID)
		must(db.ArchiveKeyResult(ctx, f.sys, archived.ID, archived.Version))(t)
		got := must(db.ObjectivesWithKRsOwnedBy(ctx, f.org.ID, f.period.ID, f.member.ID))(t)
		if !slices.Equal(got, []int64{a.ID}) {
			t.Errorf("objectives with key results of the member = %v, want [%d]", got, a.ID)
		}
		objs, total := must2(db.ListObjectives(ctx, f.org.ID, ObjectiveFilter{PeriodID: f.period.ID, IDs: []int64{c.ID, a.ID}}))(t)
		if total != 2 || len(objs) != 2 || objs[0].ID != a.ID || objs[1].ID != c.ID {
			t.Errorf("filter by ids [c, a] = %d objectives (total %d), want a and c", len(objs), total)
		}
		objs, _ = must2(db.ListObjectives(ctx, f.org.ID, ObjectiveFilter{OwnerPersonIDs: []int64{f.member.ID}, IDs: []int64{b.ID}}))(t)
		if len(objs) != 1 || objs[0].ID != b.ID {
			t.Errorf("filter by a person without objectives or id b = %d objectives, want b", len(objs))
		}
	})
}
