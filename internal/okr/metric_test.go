package okr

import (
	"slices"
	"testing"
)

func TestMetricKindPredicates(t *testing.T) {
	tests := []struct {
		kind                         MetricKind
		hasStart, threshold, numeric bool
	}{
		{MetricIncrease, true, false, true},
		{MetricDecrease, true, false, true},
		{MetricStayAbove, false, true, true},
		{MetricStayBelow, false, true, true},
		{MetricBoolean, false, false, false},
		{MetricMilestones, false, false, false},
	}
	if len(tests) != len(MetricKinds()) {
		t.Fatalf("the table has %d kinds, MetricKinds %d: add the new kind here", len(tests), len(MetricKinds()))
	}
	for i, tt := range tests {
		k := tt.kind
		if got := MetricKinds()[i]; got != k {
			t.Errorf("MetricKinds()[%d] = %q, want %q", i, got, k)
		}
		if !k.Valid() {
			t.Errorf("%q.Valid() = false, want true", k)
		}
		if got := k.HasStart(); got != tt.hasStart {
			t.Errorf("%q.HasStart() = %v, want %v", k, got, tt.hasStart)
		}
		if got := k.IsThreshold(); got != tt.threshold {
			t.Errorf("%q.IsThreshold() = %v, want %v", k, got, tt.threshold)
		}
		if got := k.IsNumeric(); got != tt.numeric {
			t.Errorf("%q.IsNumeric() = %v, want %v", k, got, tt.numeric)
		}
	}
	for _, k := range []MetricKind{"", "percent", "Increase"} {
		if k.Valid() {
			t.Errorf("%q.Valid() = true, want false", k)
		}
	}
	if got, want := MetricKindNames(), []string{"increase", "decrease", "stay_above", "stay_below", "boolean", "milestones"}; !slices.Equal(got, want) {
		t.Errorf("MetricKindNames() = %v, want %v", got, want)
	}
}
