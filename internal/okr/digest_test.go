package okr_test

import (
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// A key result as of the week's start: its last check-in by then, no
// grade; the digest reports it when it turned behind or not updated since.
func TestAsOfAndTurnedWorse(t *testing.T) {
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	score := 0.7
	cur := 30.0
	last := start.Add(72 * time.Hour)
	kr := okr.KeyResult{ID: 1, Score: &score, Current: &cur, LastCheckInAt: &last, Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 100}}
	cis := []okr.CheckIn{
		{KeyResultID: 1, Value: 10, At: start.Add(-48 * time.Hour)},
		{KeyResultID: 2, Value: 99, At: start.Add(-time.Hour)},
		{KeyResultID: 1, Value: 5, At: start.Add(-96 * time.Hour)},
		{KeyResultID: 1, Value: 30, At: last},
	}
	then := kr.AsOf(cis, start)
	if then.Score != nil || then.Current == nil || *then.Current != 10 || !then.LastCheckInAt.Equal(start.Add(-48*time.Hour)) {
		t.Errorf("as of the start: score %v, value %v at %v; want no score, 10 two days before", then.Score, then.Current, then.LastCheckInAt)
	}
	if before := kr.AsOf(cis, start.Add(-200*time.Hour)); before.Current != nil || before.LastCheckInAt != nil {
		t.Error("before any check-in: a value")
	}
	for _, tc := range []struct {
		then, now okr.Status
		want      bool
	}{
		{okr.StatusOnTrack, okr.StatusBehind, true},
		{okr.StatusAhead, okr.StatusStale, true},
		{okr.StatusBehind, okr.StatusBehind, false},
		{okr.StatusBehind, okr.StatusOnTrack, false},
		{okr.StatusNotStarted, okr.StatusGraded, false},
	} {
		if got := okr.TurnedWorse(tc.then, tc.now); got != tc.want {
			t.Errorf("TurnedWorse(%s, %s) = %v", tc.then, tc.now, got)
		}
	}
}
