package okr_test

import (
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/okr"
)

// TestFastPathsAgreeWithExplanations checks that Progress, ObjectiveProgress
// and KRStatus, which skip building explanations, give the numbers their
// explanations give, on a generated organisation (every metric kind,
// stale and fresh key results) and on edge cases.
func TestFastPathsAgreeWithExplanations(t *testing.T) {
	now := time.Date(2026, 11, 18, 15, 0, 0, 0, time.UTC)
	spec := gen.Spec{Name: "Fast AS", Slug: "fast", Departments: 2, Teams: 6, People: 60, ObjectivesPerOwner: 3, CheckIns: 13}
	m, err := gen.Build(gen.Options{Spec: spec, Seed: 3, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	krs := make([]*okr.KeyResult, 0, len(m.KeyResults)+8)
	for i := range m.KeyResults {
		krs = append(krs, &m.KeyResults[i])
	}
	f := func(v float64) *float64 { return &v }
	krs = append(krs,
		&okr.KeyResult{ID: -1, Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 5, Target: 5}, Current: f(5)},
		&okr.KeyResult{ID: -2, Metric: okr.Metric{Kind: okr.MetricDecrease, Start: 5, Target: 5}, Current: f(6)},
		&okr.KeyResult{ID: -3, Metric: okr.Metric{Kind: okr.MetricDecrease, Start: 10, Target: 2}, Current: f(-4)},
		&okr.KeyResult{ID: -4, Metric: okr.Metric{Kind: okr.MetricMilestones}},
		&okr.KeyResult{ID: -5, Metric: okr.Metric{Kind: "unknown"}, Current: f(1)},
		&okr.KeyResult{ID: -6, Metric: okr.Metric{Kind: okr.MetricStayBelow, Target: 3}},
		&okr.KeyResult{ID: -7, Metric: okr.Metric{Kind: okr.MetricBoolean}, Current: f(1), Archived: true},
	)
	period := &m.Periods[0]
	over := now.AddDate(0, 6, 0)
	pace := okr.DefaultPace()
	for _, kr := range krs {
		if got, want := kr.Progress(), kr.ExplainProgress().Result; got != want {
			t.Fatalf("key result %d (%s): Progress %v, explanation %v", kr.ID, kr.Metric.Kind, got, want)
		}
		for _, at := range []time.Time{now, over} {
			for _, state := range []okr.State{okr.StatePublished, okr.StateDraft, okr.StateClosed} {
				o := &okr.Objective{ID: kr.ObjectiveID, State: state}
				got := okr.KRStatus(kr, o, period, pace, at)
				want := okr.ExplainKRStatus(kr, o, period, pace, at)
				if got != want.Status() || okr.KRExpected(kr, o, period, pace, at) != want.Inputs["expected"] {
					t.Fatalf("key result %d at %v: KRStatus %s, expected %v; explanation %s, %v", kr.ID, at, got,
						okr.KRExpected(kr, o, period, pace, at), want.Status(), want.Inputs["expected"])
				}
			}
		}
	}
	byObj := map[int64][]*okr.KeyResult{}
	for _, kr := range krs {
		byObj[kr.ObjectiveID] = append(byObj[kr.ObjectiveID], kr)
	}
	for i := range m.Objectives {
		o := &m.Objectives[i]
		got, ok := okr.ObjectiveProgress(o, byObj[o.ID])
		e := okr.ExplainObjectiveProgress(o, byObj[o.ID])
		if got != e.Result || ok != (len(e.Terms) > 0) {
			t.Fatalf("objective %d: ObjectiveProgress %v, %v; explanation %v with %d terms", o.ID, got, ok, e.Result, len(e.Terms))
		}
	}
}
