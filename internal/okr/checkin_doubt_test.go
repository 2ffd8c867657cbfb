package okr

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestDoubtValue(t *testing.T) {
	up := Metric{Kind: MetricIncrease, Start: 0, Target: 3000}
	down := Metric{Kind: MetricDecrease, Start: 40, Target: 20}
	for _, tc := range []struct {
		name    string
		m       Metric
		earlier []float64
		value   float64
		want    ValueDoubt
	}{
		{"first check-in halfway", up, nil, 1500, DoubtNone},
		{"first check-in straight to done", up, nil, 3000, DoubtJumpToDone},
		{"from a third to done", up, []float64{300, 1000}, 3100, DoubtJumpToDone},
		{"from past half to done", up, []float64{1000, 1800}, 3000, DoubtNone},
		{"a month's figure against a quarter's target", up, []float64{950, 1900}, 1000, DoubtOffTrend},
		{"a small step back", up, []float64{950, 1900}, 1700, DoubtNone},
		{"a leap far beyond the steps so far", up, []float64{100, 200, 300}, 2000, DoubtOffTrend},
		{"a step like the others", up, []float64{500, 1000}, 1500, DoubtNone},
		{"a typing slip: ten times the target", up, []float64{500}, 30000, DoubtOutOfRange},
		{"far behind the start", up, []float64{500}, -4000, DoubtOutOfRange},
		{"decrease: straight to the target", down, nil, 20, DoubtJumpToDone},
		{"decrease: on its way", down, []float64{37, 34}, 31, DoubtNone},
		{"decrease: back up after going down", down, []float64{35, 30}, 38, DoubtOffTrend},
		{"yes/no has no distance", Metric{Kind: MetricBoolean, Target: 1}, nil, 1, DoubtNone},
		{"a threshold has no start", Metric{Kind: MetricStayAbove, Target: 99}, []float64{99.5}, 10, DoubtNone},
	} {
		if got := DoubtValue(tc.m, tc.earlier, tc.value); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestDoubtValueJudgesByTheLatestSteps: a key result that swung widely
// early on and now moves in small steps gets a large step questioned;
// with every step counted the early swings made it look typical.
func TestDoubtValueJudgesByTheLatestSteps(t *testing.T) {
	m := Metric{Kind: MetricIncrease, Start: 0, Target: 100}
	var earlier []float64
	for i := range 18 {
		earlier = append(earlier, float64(20*((i+1)%2)))
	}
	for i := range DoubtWindow {
		earlier = append(earlier, 10+float64(i)/10)
	}
	if got := DoubtValue(m, earlier, 70); got != DoubtOffTrend {
		t.Errorf("DoubtValue after small recent steps = %q, want %q", got, DoubtOffTrend)
	}
	if got := DoubtValue(m, earlier, 11.5); got != DoubtNone {
		t.Errorf("DoubtValue of a usual step = %q, want none", got)
	}
}

// TestDoubtNeedsHistoryOnlyWhenItCounts: wherever DoubtNeedsHistory says
// the earlier values are not needed, DoubtValue with the last value alone
// says what it says with all of them, over many random metrics, histories
// and values (steps small and large, forward and back, out of range).
func TestDoubtNeedsHistoryOnlyWhenItCounts(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	kinds := []MetricKind{MetricIncrease, MetricDecrease, MetricMilestones, MetricBoolean}
	skipped := 0
	for range 200000 {
		kind := kinds[rng.IntN(len(kinds))]
		start := float64(rng.IntN(100))
		target := start + float64(rng.IntN(200)-100)
		if kind == MetricDecrease {
			target = start - math.Abs(target-start)
		}
		m := Metric{Kind: kind, Start: start, Target: target}
		dist := target - start
		earlier := make([]float64, rng.IntN(20))
		v := start
		for i := range earlier {
			v += dist * (rng.Float64()*0.3 - 0.05) * float64(1+rng.IntN(3)*rng.IntN(2)*3)
			earlier[i] = v
		}
		last := start
		if len(earlier) > 0 {
			last = earlier[len(earlier)-1]
		}
		value := last + dist*(rng.Float64()*3-1.5)
		if rng.IntN(4) == 0 {
			value = last + dist*(rng.Float64()*0.2-0.1)
		}
		if DoubtNeedsHistory(m, last, value) {
			continue
		}
		skipped++
		var lastOnly []float64
		if len(earlier) > 0 {
			lastOnly = earlier[len(earlier)-1:]
		}
		if all, alone := DoubtValue(m, earlier, value), DoubtValue(m, lastOnly, value); all != alone {
			t.Fatalf("metric %+v, earlier %v, value %v: %q with every value, %q with the last alone", m, earlier, value, all, alone)
		}
	}
	if skipped < 10000 {
		t.Fatalf("only %d cases without the history: the test does not reach the rule", skipped)
	}
}
