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

// TestDoubtHistoriesReadTheHistoryOnlyForLargeSteps: values that move a
// little cost one statement and come with the last value alone; a value
// that jumps makes a second statement read that key result's history, with
// which okr.DoubtValue finds it off trend as it does with ValueHistories.
func TestDoubtHistoriesReadTheHistoryOnlyForLargeSteps(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "One", unitOwner(f.dept.ID))
		a, b := f.mustKR(t, o.ID, "a", increase(0, 100)), f.mustKR(t, o.ID, "b", increase(0, 100))
		none := f.mustKR(t, o.ID, "none", increase(0, 100))
		start := time.Now().UTC().Truncate(time.Second).AddDate(0, 0, -30)
		for i, v := range []float64{2, 4, 6, 8, 10} {
			at := start.AddDate(0, 0, i)
			must(db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{{KeyResultID: a.ID, Value: v, Confidence: okr.OnTrack, At: at},
				{KeyResultID: b.ID, Value: v, Confidence: okr.OnTrack, At: at}}))(t)
		}
		c, counter := WithQueryCounter(ctx)
		got := must(db.DoubtHistories(c, f.org.ID, map[int64][]float64{a.ID: {12}, b.ID: {11, 13}, none.ID: {3}}))(t)
		if n := counter.Count(); n != 1 {
			t.Errorf("small steps: %d statements, want 1", n)
		}
		if h := got[a.ID]; h == nil || !slices.Equal(h.Values, []float64{10}) || h.Metric.Target != 100 {
			t.Errorf("a: %+v, want the last value 10 alone", h)
		}
		if h := got[none.ID]; h == nil || len(h.Values) != 0 {
			t.Errorf("a key result without check-ins: %+v", h)
		}
		c, counter = WithQueryCounter(ctx)
		got = must(db.DoubtHistories(c, f.org.ID, map[int64][]float64{a.ID: {12}, b.ID: {11, 70}}))(t)
		if n := counter.Count(); n != 2 {
			t.Errorf("a large step: %d statements, want 2", n)
		}
		all := must(db.ValueHistories(ctx, f.org.ID, []int64{b.ID}))(t)[b.ID]
		if h := got[b.ID]; h == nil || !slices.Equal(h.Values, all.Values) {
			t.Fatalf("b after a large step: %+v, want its history %v", h, all.Values)
		}
		if d := okr.DoubtValue(got[b.ID].Metric, got[b.ID].Values, 70); d != okr.DoubtOffTrend {
			t.Errorf("10 → 70 after steps of 2: %q, want off trend", d)
		}
		if h := got[a.ID]; h == nil || !slices.Equal(h.Values, []float64{10}) {
			t.Errorf("a beside it: %+v, want the last value alone", h)
		}
	})
}
