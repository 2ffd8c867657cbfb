package store

import (
	"fmt"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// TestQueryCountConstant proves that listing a period's objectives with
// their key results costs the same number of statements for 2 objectives as
// for 20, each with milestones KRs.
func TestQueryCountConstant(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		count := func() (int64, int) {
			c, counter := WithQueryCounter(ctx)
			objs, _, err := db.ListObjectives(c, f.org.ID, ObjectiveFilter{PeriodID: f.period.ID})
			if err != nil {
				t.Fatal(err)
			}
			ids := make([]int64, len(objs))
			for i, o := range objs {
				ids[i] = o.ID
			}
			krs, err := db.ListKeyResults(c, f.org.ID, ids, false)
			if err != nil {
				t.Fatal(err)
			}
			return counter.Count(), len(krs)
		}
		add := func(n int) {
			for i := 0; i < n; i++ {
				o := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: fmt.Sprint("O", i), Owner: unitOwner(f.team.ID)}))(t)
				f.mustKR(t, o.ID, "a", increase(0, 1))
				f.mustKR(t, o.ID, "b", okr.Metric{Kind: okr.MetricMilestones}, "x", "y")
			}
		}
		add(2)
		small, krs := count()
		if krs != 4 {
			t.Fatalf("KRs = %d, want 4", krs)
		}
		add(18)
		large, krs := count()
		if krs != 40 {
			t.Fatalf("KRs = %d, want 40", krs)
		}
		if small != large || large > 4 {
			t.Fatalf("statements for 2 objectives = %d, for 20 = %d; want the same, at most 4", small, large)
		}
		// The counter counts writes too, BEGIN and COMMIT included.
		c, counter := WithQueryCounter(ctx)
		must(db.CreatePeriod(c, f.sys, okr.Period{Name: "Q3", Kind: okr.PeriodQuarter, Start: date(2026, 7, 1), End: date(2026, 9, 30)}))(t)
		if counter.Count() < 4 {
			t.Fatalf("statements of CreatePeriod = %d, want at least begin, insert, audit, commit", counter.Count())
		}
	})
}
