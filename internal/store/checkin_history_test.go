package store

import (
	"slices"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// TestValueHistories: metric and values in time order per key result, a key
// result without check-ins with none, another organisation's left out, in
// one statement.
func TestValueHistories(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "One", unitOwner(f.dept.ID))
		a, b := f.mustKR(t, o.ID, "a", increase(0, 100)), f.mustKR(t, o.ID, "b", increase(10, 20))
		now := time.Now().UTC().Truncate(time.Second)
		for i, v := range []float64{30, 10, 20} { // written out of time order
			at := now.AddDate(0, 0, -[]int{1, 3, 2}[i])
			must(db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{{KeyResultID: a.ID, Value: v, Confidence: okr.OnTrack, At: at}}))(t)
		}
		other := mustFixture(t, db)
		oo := other.mustObjective(t, "Theirs", unitOwner(other.dept.ID))
		x := other.mustKR(t, oo.ID, "x", increase(0, 1))

		c, counter := WithQueryCounter(ctx)
		got := must(db.ValueHistories(c, f.org.ID, []int64{a.ID, b.ID, x.ID}))(t)
		if n := counter.Count(); n != 1 {
			t.Errorf("ran %d statements, want 1", n)
		}
		if h := got[a.ID]; h == nil || !slices.Equal(h.Values, []float64{10, 20, 30}) || h.Metric.Kind != okr.MetricIncrease || h.Metric.Target != 100 {
			t.Errorf("a: got %+v, want increase to 100 with 10, 20, 30", h)
		}
		if h := got[b.ID]; h == nil || len(h.Values) != 0 || h.Metric.Start != 10 || h.Metric.Target != 20 {
			t.Errorf("b: got %+v, want 10 to 20 without values", h)
		}
		if _, ok := got[x.ID]; ok {
			t.Errorf("another organisation's key result is in the answer")
		}
	})
}

// TestValueHistoriesKeepTheLatestWindow: a key result with more check-ins
// than okr.DoubtWindow+1 gives only its latest values, oldest first, also
// when several share an instant.
func TestValueHistoriesKeepTheLatestWindow(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "One", unitOwner(f.dept.ID))
		a := f.mustKR(t, o.ID, "a", increase(0, 1000))
		start := time.Now().UTC().Truncate(time.Second).AddDate(0, 0, -100)
		var all []float64
		for i := range 30 {
			at := start.AddDate(0, 0, i/2) // two check-ins a day, at the same instant
			must(db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{{KeyResultID: a.ID, Value: float64(i), Confidence: okr.OnTrack, At: at}}))(t)
			all = append(all, float64(i))
		}
		got := must(db.ValueHistories(ctx, f.org.ID, []int64{a.ID}))(t)[a.ID]
		if want := all[len(all)-okr.DoubtWindow-1:]; got == nil || !slices.Equal(got.Values, want) {
			t.Errorf("values = %v, want the latest %d: %v", got, len(want), want)
		}
	})
}
