package okr_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// The status rules of status.go, case by case: not started before the
// check-in interval has passed since publishing (not creation), stale after
// it, the expected line from the publish date or the period's start, and
// final statuses once graded or closed.
func TestKRStatusRules(t *testing.T) {
	day := 24 * time.Hour
	period := &okr.Period{Start: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	published := time.Date(2026, 10, 15, 9, 0, 0, 0, time.UTC) // two weeks into the period
	created := period.Start.Add(-5 * day)                      // drafted before the period
	f := func(v float64) *float64 { return &v }
	at := func(d time.Duration) *time.Time { x := published.Add(d); return &x }
	week, fortnight := okr.DefaultPace(), okr.OrgSettings{CheckInDays: 14}.Pace()
	fromStart := okr.OrgSettings{ExpectedFrom: okr.LineFromPeriodStart}.Pace()
	type kr = okr.KeyResult
	increase := okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 100}
	for _, c := range []struct {
		name  string
		kr    kr
		state okr.State
		pace  okr.Pace
		now   time.Time
		want  okr.Status
	}{
		{"just published, never checked in", kr{Metric: increase, CreatedAt: created}, okr.StatePublished, week, published.Add(time.Minute), okr.StatusNotStarted},
		{"six days after publishing, never checked in", kr{Metric: increase, CreatedAt: created}, okr.StatePublished, week, published.Add(6 * day), okr.StatusNotStarted},
		{"eight days after publishing, never checked in", kr{Metric: increase, CreatedAt: created}, okr.StatePublished, week, published.Add(8 * day), okr.StatusStale},
		{"eight days, with a 14-day interval", kr{Metric: increase, CreatedAt: created}, okr.StatePublished, fortnight, published.Add(8 * day), okr.StatusNotStarted},
		{"fifteen days, with a 14-day interval", kr{Metric: increase, CreatedAt: created}, okr.StatePublished, fortnight, published.Add(15 * day), okr.StatusStale},
		{"added three days ago to an objective published long before", kr{Metric: increase, CreatedAt: published.Add(30 * day)}, okr.StatePublished, week, published.Add(33 * day), okr.StatusNotStarted},
		{"a draft is never stale", kr{Metric: increase, CreatedAt: created}, okr.StateDraft, week, published.Add(40 * day), okr.StatusNotStarted},
		{"never checked in after the period", kr{Metric: increase, CreatedAt: created}, okr.StatePublished, week, period.End.Add(10 * day), okr.StatusNotStarted},
		{"a threshold never checked in", kr{Metric: okr.Metric{Kind: okr.MetricStayAbove, Target: 5}, CreatedAt: created}, okr.StatePublished, week, published.Add(day), okr.StatusNotStarted},
		{"first check-in at 0 % the day after publishing: the line starts at publishing", kr{Metric: increase, CreatedAt: created, Current: f(0), LastCheckInAt: at(day)}, okr.StatePublished, week, published.Add(day), okr.StatusOnTrack},
		{"the same with the line from the period's start", kr{Metric: increase, CreatedAt: created, Current: f(0), LastCheckInAt: at(day)}, okr.StatePublished, fromStart, published.Add(day), okr.StatusBehind},
		{"checked in, then silent for eight days", kr{Metric: increase, CreatedAt: created, Current: f(50), LastCheckInAt: at(day)}, okr.StatePublished, week, published.Add(9 * day), okr.StatusStale},
		{"graded", kr{Metric: increase, CreatedAt: created, Current: f(30), LastCheckInAt: at(day), Score: f(0.65)}, okr.StatePublished, week, published.Add(60 * day), okr.StatusGraded},
		{"graded without a check-in", kr{Metric: increase, CreatedAt: created, Score: f(0)}, okr.StatePublished, week, published.Add(60 * day), okr.StatusGraded},
		{"in a closed objective, ungraded", kr{Metric: increase, CreatedAt: created, Current: f(30), LastCheckInAt: at(day)}, okr.StateClosed, week, published.Add(60 * day), okr.StatusClosed},
	} {
		t.Run(c.name, func(t *testing.T) {
			pub := &published
			if c.state == okr.StateDraft {
				pub = nil
			}
			o := &okr.Objective{State: c.state, PublishedAt: pub}
			if got := okr.KRStatus(&c.kr, o, period, c.pace, c.now); got != c.want {
				t.Errorf("KRStatus = %s, want %s", got, c.want)
			}
			if e := okr.ExplainKRStatus(&c.kr, o, period, c.pace, c.now); e.Status() != c.want || e.Formula == "" {
				t.Errorf("ExplainKRStatus says %s (%q), want %s with a formula", e.Status(), e.Formula, c.want)
			}
		})
	}
}

// TestExpectedLineStart: the expected line starts at the later of the
// period's start and the publish date by default, at the period's start when
// the organisation says so, and at the period's start for an objective
// published before it began.
func TestExpectedLineStart(t *testing.T) {
	period := &okr.Period{Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)} // 10 days
	now := time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC)                                                                           // half the period gone
	late := time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC)                                                                          // published on day 3
	early := time.Date(2025, 12, 20, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name      string
		published *time.Time
		pace      okr.Pace
		want      float64
	}{
		{"published late, line from publishing", &late, okr.DefaultPace(), 3.0 / 8},
		{"published late, line from the period's start", &late, okr.OrgSettings{ExpectedFrom: okr.LineFromPeriodStart}.Pace(), 0.5},
		{"published before the period", &early, okr.DefaultPace(), 0.5},
		{"never published", nil, okr.DefaultPace(), 0.5},
	} {
		o := &okr.Objective{State: okr.StatePublished, PublishedAt: c.published}
		if got := okr.ObjectiveExpected(o, period, c.pace, now); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: expected %v, want %v", c.name, got, c.want)
		}
	}
	if p := (okr.OrgSettings{}).Pace(); p != okr.DefaultPace() || p.Days() != 7 || p.LineFrom != okr.LineFromPublish {
		t.Errorf("the pace of settings without the fields = %+v, want the default: 7 days from publishing", p)
	}
}

// TestObjectiveStatusRules: an objective whose key results are all not
// started is not started; graded when every key result is graded, closed
// when closed; and its figure is then its final score.
func TestObjectiveStatusRules(t *testing.T) {
	period := &okr.Period{Start: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	published := time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC)
	now := published.Add(3 * 24 * time.Hour)
	f := func(v float64) *float64 { return &v }
	checked := published.Add(24 * time.Hour)
	fresh := func(id int64) *okr.KeyResult {
		return &okr.KeyResult{ID: id, ObjectiveID: 1, Weight: 1, Metric: okr.Metric{Kind: okr.MetricIncrease, Target: 100}, CreatedAt: published}
	}
	started := func(id int64, cur float64) *okr.KeyResult {
		kr := fresh(id)
		kr.Current, kr.LastCheckInAt = f(cur), &checked
		return kr
	}
	graded := func(kr *okr.KeyResult, score float64) *okr.KeyResult { kr.Score = f(score); return kr }
	for _, c := range []struct {
		name       string
		state      okr.State
		krs        []*okr.KeyResult
		want       okr.Status
		final      bool
		wantFigure float64
	}{
		{"every key result not started", okr.StatePublished, []*okr.KeyResult{fresh(2), fresh(3)}, okr.StatusNotStarted, false, 0},
		{"no key results", okr.StatePublished, nil, okr.StatusNotStarted, false, 0},
		{"one started", okr.StatePublished, []*okr.KeyResult{fresh(2), started(3, 20)}, okr.StatusOnTrack, false, 0.1},
		{"some graded: still live", okr.StatePublished, []*okr.KeyResult{graded(started(2, 40), 0.9), started(3, 20)}, okr.StatusAhead, false, 0.3},
		{"every key result graded", okr.StatePublished, []*okr.KeyResult{graded(started(2, 40), 0.9), graded(fresh(3), 0.5)}, okr.StatusGraded, true, 0.7},
		{"closed, one graded: the other counts with its progress", okr.StateClosed, []*okr.KeyResult{graded(started(2, 40), 0.9), started(3, 20)}, okr.StatusClosed, true, 0.55},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := &okr.Objective{ID: 1, State: c.state, PublishedAt: &published}
			if got := okr.ObjectiveStatus(o, c.krs, period, okr.DefaultPace(), now); got != c.want {
				t.Errorf("ObjectiveStatus = %s, want %s", got, c.want)
			}
			if e := okr.ExplainObjectiveStatus(o, c.krs, period, okr.DefaultPace(), now); e.Inputs["status"] != string(c.want) {
				t.Errorf("ExplainObjectiveStatus says %v, want %s", e.Inputs["status"], c.want)
			}
			v, _, final := okr.OwnFigure(o, c.krs)
			if final != c.final || math.Abs(v-c.wantFigure) > 1e-9 {
				t.Errorf("OwnFigure = %v, final %v; want %v, final %v", v, final, c.wantFigure, c.final)
			}
		})
	}
}

// TestRollupCountsFinalScores: a graded child counts in its parent's
// roll-up with its final score, marked final, and the formula says so.
func TestRollupCountsFinalScores(t *testing.T) {
	a := &okr.Objective{ID: 1, Title: "Graded", State: okr.StatePublished, Weight: 1}
	b := &okr.Objective{ID: 2, Title: "Live", State: okr.StatePublished, Weight: 1}
	e := okr.ExplainRollup([]*okr.Objective{a, b}, map[int64]okr.ChildFigure{1: {Value: 0.8, Final: true}, 2: {Value: 0.4}})
	if math.Abs(e.Result-0.6) > 1e-9 || !e.Terms[0].Final || e.Terms[1].Final {
		t.Errorf("roll-up %v over %+v; want 0.6 with the graded child's score marked final", e.Result, e.Terms)
	}
	if want := "final score once it is graded or closed"; !strings.Contains(e.Formula, want) {
		t.Errorf("formula %q does not say %q", e.Formula, want)
	}
}
