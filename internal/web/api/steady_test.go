package api

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// TestSteadyFiguresHoldBetweenTheirEnds checks what keeping answers on the
// clock rests on (steady.go), over random objectives, key results,
// periods, paces and holidays: from n.now to steadyUntil every instant has
// the clock figures of n.now, and unless it stopped at the horizon or the
// period's end, a step later they have moved. It fails if a figure can
// move and come back within a period, or if the period's end is crossed.
func TestSteadyFiguresHoldBetweenTheirEnds(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 7))
	day := 24 * time.Hour
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	kinds := []okr.MetricKind{okr.MetricIncrease, okr.MetricDecrease, okr.MetricStayAbove, okr.MetricStayBelow, okr.MetricBoolean, okr.MetricMilestones}
	// at is a random instant from from, within span (at least a second).
	at := func(from time.Time, span time.Duration) time.Time {
		return from.Add(time.Duration(rng.Int64N(int64(max(span, time.Second)))))
	}
	cases, moved := 3000, 0
	for c := range cases {
		start := base.Add(time.Duration(rng.IntN(400)) * day)
		p := &okr.Period{ID: 1, Start: start, End: start.Add(time.Duration(20+rng.IntN(160)) * day)}
		end := p.End.Add(day)
		settings := okr.DefaultSettings()
		if c == 0 {
			// A key result done and on track an hour before the end
			// turns stale for its last half hour; after the end nothing
			// is stale, and the figures are those of the hour before
			// again.
			p.End = start.AddDate(0, 3, -1)
			end = p.End.Add(day)
			settings.HolidayCountry = okr.HolidaysNone
			now, v, last := end.Add(-time.Hour), 100.0, end.Add(-30*time.Minute-7*day)
			pub := start
			o := &okr.Objective{ID: 1, PeriodID: 1, State: okr.StatePublished, PublishedAt: &pub}
			kr := &okr.KeyResult{ID: 1, ObjectiveID: 1, Weight: 1, CreatedAt: start, Metric: okr.Metric{Kind: okr.MetricIncrease, Target: 100},
				Current: &v, LastCheckInAt: &last}
			n := &numbers{now: now, settings: settings, periods: map[int64]*okr.Period{1: p}, krs: map[int64][]*okr.KeyResult{1: {kr}}}
			if until := n.steadyUntil(o); !until.Before(end.Add(-30 * time.Minute)) {
				t.Fatalf("steady until %s, but the key result is stale from %s to the end", until, end.Add(-30*time.Minute))
			}
			continue
		}
		settings.CheckInDays = 1 + rng.IntN(14)
		settings.HolidayCountry = []string{okr.HolidaysNorway, okr.HolidaysSweden, okr.HolidaysNone}[rng.IntN(3)]
		if rng.IntN(2) == 0 {
			settings.ExpectedFrom = okr.LineFromPeriodStart
		}
		if rng.IntN(3) == 0 {
			off := start.Add(time.Duration(rng.IntN(60)) * day)
			settings.DaysOff = []okr.DayOff{{From: off.Format(time.DateOnly), To: off.Add(time.Duration(rng.IntN(10)) * day).Format(time.DateOnly), Name: "Off"}}
		}
		now := at(start.Add(-10*day), end.Sub(start)+20*day)
		o := &okr.Objective{ID: 1, PeriodID: 1, State: []okr.State{okr.StatePublished, okr.StatePublished, okr.StateDraft, okr.StateClosed}[rng.IntN(4)]}
		if o.State != okr.StateDraft {
			pub := at(start.Add(-5*day), now.Sub(start)+5*day)
			o.PublishedAt = &pub
		}
		n := &numbers{now: now, settings: settings, periods: map[int64]*okr.Period{1: p}, krs: map[int64][]*okr.KeyResult{}}
		for i := range 1 + rng.IntN(5) {
			kr := &okr.KeyResult{ID: int64(i + 1), ObjectiveID: 1, Weight: 1, CreatedAt: at(start.Add(-10*day), now.Sub(start)+10*day),
				Metric: okr.Metric{Kind: kinds[rng.IntN(len(kinds))], Start: 0, Target: 100}}
			if kr.Metric.Kind == okr.MetricMilestones {
				kr.Milestones = []okr.Milestone{{ID: 1, Done: rng.IntN(2) == 0}, {ID: 2}}
			}
			if kr.Metric.Kind == okr.MetricBoolean {
				kr.Metric.Target = 1
			}
			if rng.IntN(4) != 0 {
				v := rng.Float64() * kr.Metric.Target * 1.2
				last := at(kr.CreatedAt, now.Sub(kr.CreatedAt))
				kr.Current, kr.LastCheckInAt = &v, &last
			}
			if rng.IntN(10) == 0 {
				s := rng.Float64()
				kr.Score = &s
			}
			n.krs[1] = append(n.krs[1], kr)
		}
		until := n.steadyUntil(o)
		if until.Before(now) || until.After(now.Add(steadyHorizon)) {
			t.Fatalf("case %d: steady until %s, now %s", c, until, now)
		}
		if now.Before(end) && !until.Before(end) {
			t.Fatalf("case %d: steady until %s crosses the period's end %s", c, until, end)
		}
		figures := func(at time.Time) []clockFigure { return n.clockFigures(nil, o, p, settings.Pace(), at) }
		want := figures(now)
		for range 40 {
			if tt := at(now, until.Sub(now)); !tt.After(until) {
				if got := figures(tt); !slices.Equal(got, want) {
					t.Fatalf("case %d: at %s the figures are %v, at %s %v, steady until %s", c, tt, got, now, want, until)
				}
			}
		}
		if got := figures(until); !slices.Equal(got, want) {
			t.Fatalf("case %d: at the last steady instant the figures are %v, want %v", c, got, want)
		}
		if until.Equal(now.Add(steadyHorizon)) || until.Equal(end.Add(-time.Nanosecond)) {
			continue
		}
		moved++
		if got := figures(until.Add(steadyStep + time.Nanosecond)); slices.Equal(got, want) {
			t.Fatalf("case %d: the figures still hold a step after %s: %s", c, until, fmt.Sprint(got))
		}
	}
	if moved < cases/4 {
		t.Errorf("only %d of %d cases had figures move within the horizon", moved, cases)
	}
}
