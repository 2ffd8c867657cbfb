package okr

import (
	"slices"
	"testing"
)

func TestMetricKindPredicates(t *testing.T) {
	tests := []struct {
		kind                                           MetricKind
		hasStart, threshold, numeric, yesNo, checklist bool
	}{
		{MetricIncrease, true, false, true, false, false},
		{MetricDecrease, true, false, true, false, false},
		{MetricStayAbove, false, true, true, false, false},
		{MetricStayBelow, false, true, true, false, false},
		{MetricBoolean, false, false, false, true, false},
		{MetricMilestones, false, false, false, false, true},
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
		if got := k.IsYesNo(); got != tt.yesNo {
			t.Errorf("%q.IsYesNo() = %v, want %v", k, got, tt.yesNo)
		}
		if got := k.IsChecklist(); got != tt.checklist {
			t.Errorf("%q.IsChecklist() = %v, want %v", k, got, tt.checklist)
		}
		if n := btoi(k.IsNumeric()) + btoi(k.IsYesNo()) + btoi(k.IsChecklist()); n != 1 {
			t.Errorf("%q is numeric, yes/no or a checklist %d times, want exactly once", k, n)
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

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
