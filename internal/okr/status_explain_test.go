package okr

import (
	"testing"
	"time"
)

// TestExplainObjectiveStatusAgrees checks that the explanation names the
// status ObjectiveStatus computes, for each status.
func TestExplainObjectiveStatusAgrees(t *testing.T) {
	p := &Period{Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}
	mid := time.Date(2026, 2, 15, 0, 0, 0, 0, time.UTC)
	o := &Objective{ID: 1, State: StatePublished}
	kr := func(cur float64, last time.Time) *KeyResult {
		return &KeyResult{ID: 2, ObjectiveID: 1, Weight: 1, Metric: Metric{Kind: MetricIncrease, Start: 0, Target: 100},
			Current: &cur, LastCheckInAt: &last, CreatedAt: p.Start}
	}
	for _, tc := range []struct {
		name string
		krs  []*KeyResult
		want Status
	}{
		{"ahead", []*KeyResult{kr(90, mid)}, StatusAhead},
		{"on track", []*KeyResult{kr(50, mid)}, StatusOnTrack},
		{"behind", []*KeyResult{kr(10, mid)}, StatusBehind},
		{"stale", []*KeyResult{kr(50, p.Start)}, StatusStale},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ExplainObjectiveStatus(o, tc.krs, p, DefaultPace(), mid)
			if got := ObjectiveStatus(o, tc.krs, p, DefaultPace(), mid); got != tc.want {
				t.Fatalf("ObjectiveStatus = %s, want %s", got, tc.want)
			}
			if got := e.Inputs["status"]; got != string(tc.want) {
				t.Errorf("explained status = %v, want %s", got, tc.want)
			}
			if e.Quantity != "objective_status" || e.Formula == "" {
				t.Errorf("explanation = %+v, want quantity objective_status and a formula", e)
			}
		})
	}
}
