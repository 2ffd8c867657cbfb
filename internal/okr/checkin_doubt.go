package okr

import (
	"math"
	"sort"
)

// ValueDoubt says why a value being checked in looks like a mistake (a
// typing slip, a month's figure against a quarter's target, a cumulative
// figure against a monthly one) and should be confirmed before it is
// saved. DoubtNone means nothing to ask.
type ValueDoubt string

const (
	DoubtNone ValueDoubt = ""
	// DoubtJumpToDone: from less than half way to the target, or from the
	// start, to done in one check-in.
	DoubtJumpToDone ValueDoubt = "jump_to_done"
	// DoubtOffTrend: a step far larger than the key result's own steps so
	// far, or a large step back after steps towards the target.
	DoubtOffTrend ValueDoubt = "off_trend"
	// DoubtOutOfRange: past the target, or behind the start, by more than
	// the whole distance from start to target.
	DoubtOutOfRange ValueDoubt = "out_of_range"
)

// DoubtWindow is how many of a key result's latest steps DoubtValue
// judges a new step by: a quarter of weekly check-ins. Older steps say
// little about the course now, and a key result checked in daily for a
// year would otherwise be read whole on every check-in (the store reads
// DoubtWindow+1 values, store.ValueHistories).
const DoubtWindow = 12

// DoubtValue says whether value, checked in on a key result with metric m
// after the earlier values (oldest first), should be confirmed, and why.
// Only numeric metrics with a start (increase, decrease) have a distance to
// the target to judge by; the rules, in order:
//   - out of range: more than the start-to-target distance past the target
//     or behind the start;
//   - jump to done: the last value (the start when there is none) is less
//     than half way and the new one reaches the target;
//   - off trend, from two earlier steps on: a step more than four times
//     the typical (median) step and more than half the distance, or a step
//     back of more than a quarter of the distance after steps that all went
//     towards the target. Only the latest DoubtWindow steps count (from
//     the start when there are fewer).
//
// The web forms and the API ask for a confirmation before they save; a
// confirmed value is saved as given.
func DoubtValue(m Metric, earlier []float64, value float64) ValueDoubt {
	if !judged(m, value) {
		return DoubtNone
	}
	dist := m.Target - m.Start // signed: the way towards the target
	progress := func(v float64) float64 { return (v - m.Start) / dist }
	if p := progress(value); p > 2 || p < -1 {
		return DoubtOutOfRange
	}
	last := m.Start
	if len(earlier) > 0 {
		last = earlier[len(earlier)-1]
	}
	if progress(last) < 0.5 && progress(value) >= 1 {
		return DoubtJumpToDone
	}
	values := append([]float64{m.Start}, earlier...)
	if len(earlier) > DoubtWindow {
		values = earlier[len(earlier)-DoubtWindow-1:]
	}
	if len(values) < 3 {
		return DoubtNone
	}
	steps := make([]float64, 0, len(values)-1)
	forward := true
	for i := 1; i < len(values); i++ {
		s := (values[i] - values[i-1]) / dist // in shares of the distance, positive towards the target
		steps = append(steps, math.Abs(s))
		forward = forward && s >= 0
	}
	sort.Float64s(steps)
	typical := steps[len(steps)/2]
	step := (value - last) / dist
	switch {
	case math.Abs(step) > offTrendStep && math.Abs(step) > 4*typical:
		return DoubtOffTrend
	case forward && step < -offTrendBack:
		return DoubtOffTrend
	}
	return DoubtNone
}

// The steps that can be off trend, in shares of the start-to-target
// distance: forward or back by more than offTrendStep, or back by more than
// offTrendBack.
const (
	offTrendStep = 0.5
	offTrendBack = 0.25
)

// judged reports whether DoubtValue judges value on a key result with
// metric m at all.
func judged(m Metric, value float64) bool {
	return m.Kind.HasStart() && m.Target != m.Start && !math.IsNaN(value) && !math.IsInf(value, 0)
}

// DoubtNeedsHistory reports whether DoubtValue, judging value after last
// (the start when there is none), needs the values before last too: only a
// step that can be off trend does. Otherwise DoubtValue with last alone as
// the earlier values says what it says with all of them, and the store need
// not read them (store.DB.DoubtHistories).
func DoubtNeedsHistory(m Metric, last, value float64) bool {
	if !judged(m, value) {
		return false
	}
	step := (value - last) / (m.Target - m.Start)
	return math.Abs(step) > offTrendStep || step < -offTrendBack
}
