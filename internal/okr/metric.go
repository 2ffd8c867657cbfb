package okr

// MetricKind is how a key result is measured. MetricKinds lists them all;
// the methods below are the only place that groups them, so adding a kind
// means adding it here and answering each predicate.
type MetricKind string

const (
	MetricIncrease   MetricKind = "increase"   // start → target, higher is better
	MetricDecrease   MetricKind = "decrease"   // start → target, lower is better
	MetricStayAbove  MetricKind = "stay_above" // keep the value at or above Target
	MetricStayBelow  MetricKind = "stay_below" // keep the value at or below Target
	MetricBoolean    MetricKind = "boolean"    // yes/no; 1 is done
	MetricMilestones MetricKind = "milestones" // a checklist
)

// metricKinds is the one list of kinds, in the order forms, the API
// document and error messages show them.
var metricKinds = [...]MetricKind{MetricIncrease, MetricDecrease, MetricStayAbove, MetricStayBelow, MetricBoolean, MetricMilestones}

// MetricKinds returns every metric kind in display order. The slice is the
// caller's to keep.
func MetricKinds() []MetricKind {
	return append([]MetricKind(nil), metricKinds[:]...)
}

// MetricKindNames returns the kinds as strings, in the order of MetricKinds
// (for enums in documents and messages).
func MetricKindNames() []string {
	names := make([]string, len(metricKinds))
	for i, k := range metricKinds {
		names[i] = string(k)
	}
	return names
}

// Valid reports whether k is one of MetricKinds.
func (k MetricKind) Valid() bool {
	for _, m := range metricKinds {
		if k == m {
			return true
		}
	}
	return false
}

// HasStart reports whether progress runs from Metric.Start to
// Metric.Target (increase, decrease), so the start value matters.
func (k MetricKind) HasStart() bool {
	return k == MetricIncrease || k == MetricDecrease
}

// IsThreshold reports whether Metric.Target is a line to hold all period
// (stay above, stay below) rather than a value to reach.
func (k MetricKind) IsThreshold() bool {
	return k == MetricStayAbove || k == MetricStayBelow
}

// IsNumeric reports whether a check-in records a free number with a unit
// and the key result has a target: true for every kind but yes/no and
// milestones.
func (k MetricKind) IsNumeric() bool {
	return k.HasStart() || k.IsThreshold()
}

// IsYesNo reports whether the key result is done or not done (a check-in
// records 1 for yes, 0 for no), with nothing in between to draw a line of.
func (k MetricKind) IsYesNo() bool {
	return k == MetricBoolean
}

// IsChecklist reports whether the key result is a list of milestones that
// are each done or not (a check-in records which).
func (k MetricKind) IsChecklist() bool {
	return k == MetricMilestones
}

// CanRestart reports whether the key result can be carried into a new
// period starting from where it stands: a kind with a start, checked in,
// and standing somewhere between (restarting at its start changes nothing,
// at its target leaves nothing to do).
func (kr *KeyResult) CanRestart() bool {
	return kr.Metric.Kind.HasStart() && kr.Current != nil && *kr.Current != kr.Metric.Start && *kr.Current != kr.Metric.Target
}

// RestartFromCurrent makes the key result's start its current value, as
// when unfinished work is carried into the next period and measured from
// where it stands ("from 40 to 100" after reaching 40). The target stays;
// a key result that cannot restart (CanRestart) is left as it is.
func (kr *KeyResult) RestartFromCurrent() {
	if kr.CanRestart() {
		kr.Metric.Start = *kr.Current
	}
}
