package okr_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

func f(x float64) *float64 { return &x }

func TestKRProgress(t *testing.T) {
	tests := []struct {
		name string
		kr   okr.KeyResult
		want float64
	}{
		{"increase halfway", okr.KeyResult{Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 1.5, Target: 2.5}, Current: f(2.0)}, 0.5},
		{"increase beyond target clamps", okr.KeyResult{Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 10}, Current: f(15)}, 1},
		{"increase below start clamps", okr.KeyResult{Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 5, Target: 10}, Current: f(2)}, 0},
		{"decrease at target", okr.KeyResult{Metric: okr.Metric{Kind: okr.MetricDecrease, Start: 24, Target: 4}, Current: f(4)}, 1},
		{"decrease below target", okr.KeyResult{Metric: okr.Metric{Kind: okr.MetricDecrease, Start: 24, Target: 4}, Current: f(2)}, 1},
		{"decrease worse than start", okr.KeyResult{Metric: okr.Metric{Kind: okr.MetricDecrease, Start: 24, Target: 4}, Current: f(30)}, 0},
		{"decrease quarter", okr.KeyResult{Metric: okr.Metric{Kind: okr.MetricDecrease, Start: 24, Target: 4}, Current: f(19)}, 0.25},
		{"no check-in", okr.KeyResult{Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 10}}, 0},
		{"stay above holds", okr.KeyResult{Metric: okr.Metric{Kind: okr.MetricStayAbove, Target: 90}, Current: f(95)}, 1},
		{"stay above broken", okr.KeyResult{Metric: okr.Metric{Kind: okr.MetricStayAbove, Target: 90}, Current: f(89)}, 0},
		{"stay below holds", okr.KeyResult{Metric: okr.Metric{Kind: okr.MetricStayBelow, Target: 5}, Current: f(5)}, 1},
		{"boolean yes", okr.KeyResult{Metric: okr.Metric{Kind: okr.MetricBoolean}, Current: f(1)}, 1},
		{"boolean no", okr.KeyResult{Metric: okr.Metric{Kind: okr.MetricBoolean}, Current: f(0)}, 0},
		{"milestones", okr.KeyResult{Metric: okr.Metric{Kind: okr.MetricMilestones}, Milestones: []okr.Milestone{{Done: true}, {Done: false}, {Done: true}, {}}}, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.kr.Progress(); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("Progress() = %v, want %v", got, tt.want)
			}
			if e := tt.kr.ExplainProgress(); e.Result != tt.kr.Progress() || e.Formula == "" {
				t.Errorf("ExplainProgress() = %+v, want result %v and a formula", e, tt.kr.Progress())
			}
		})
	}
}

// Seed 004: KRs graded 50 %, 100 %, 20 % give ≈57 %: too ambitious.
func TestSeed004Grading(t *testing.T) {
	krs := []*okr.KeyResult{{ID: 1, Weight: 1}, {ID: 2, Weight: 1}, {ID: 3, Weight: 1}}
	grades := map[int64]*okr.Grade{1: {Score: 0.5}, 2: {Score: 1}, 3: {Score: 0.2}}
	score, ok := okr.ObjectiveScore(krs, grades)
	if !ok || math.Abs(score-0.5667) > 0.0001 {
		t.Fatalf("ObjectiveScore = %v, %v; want ≈0.5667", score, ok)
	}
	if got := okr.VerdictFor(score, 0.6, 0.7); got != okr.VerdictTooAmbitious {
		t.Errorf("VerdictFor(%v) = %v, want %v", score, got, okr.VerdictTooAmbitious)
	}
	e := okr.ExplainObjectiveScore(krs, grades)
	if len(e.Terms) != 3 || e.Terms[2].Value != 0.2 {
		t.Errorf("explanation terms = %+v", e.Terms)
	}
}

func TestVerdictBand(t *testing.T) {
	for _, tt := range []struct {
		score float64
		want  okr.Verdict
	}{{0.59, okr.VerdictTooAmbitious}, {0.6, okr.VerdictRightLevel}, {0.696, okr.VerdictRightLevel}, {0.71, okr.VerdictNotAmbitiousEnough}, {1, okr.VerdictNotAmbitiousEnough}} {
		if got := okr.VerdictFor(tt.score, 0.6, 0.7); got != tt.want {
			t.Errorf("VerdictFor(%v) = %v, want %v", tt.score, got, tt.want)
		}
	}
}

func TestWeightedObjectiveProgress(t *testing.T) {
	o := &okr.Objective{ID: 7}
	krs := []*okr.KeyResult{
		{ObjectiveID: 7, Weight: 3, Metric: okr.Metric{Kind: okr.MetricBoolean}, Current: f(1)},
		{ObjectiveID: 7, Weight: 1, Metric: okr.Metric{Kind: okr.MetricBoolean}, Current: f(0)},
		{ObjectiveID: 7, Weight: 5, Archived: true, Metric: okr.Metric{Kind: okr.MetricBoolean, Unit: okr.Measure{Kind: okr.MeasureNumber}}},
	}
	got, ok := okr.ObjectiveProgress(o, krs)
	if !ok || got != 0.75 {
		t.Errorf("ObjectiveProgress = %v, %v; want 0.75", got, ok)
	}
}

func TestStatusAndStaleness(t *testing.T) {
	pub := &okr.Objective{State: okr.StatePublished}
	p := &okr.Period{Start: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	mid := time.Date(2026, 11, 15, 12, 0, 0, 0, time.UTC)
	if e := okr.ExpectedProgress(p, mid); math.Abs(e-0.5) > 0.01 {
		t.Errorf("ExpectedProgress = %v, want ≈0.5", e)
	}
	last := mid.Add(-8 * 24 * time.Hour)
	kr := &okr.KeyResult{Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 100}, Current: f(90), LastCheckInAt: &last}
	if got := okr.KRStatus(kr, pub, p, okr.DefaultPace(), mid); got != okr.StatusStale {
		t.Errorf("status of an 8-day-old KR = %v, want stale", got)
	}
	recent := mid.Add(-time.Hour)
	kr.LastCheckInAt = &recent
	for cur, want := range map[float64]okr.Status{90: okr.StatusAhead, 50: okr.StatusOnTrack, 20: okr.StatusBehind} {
		kr.Current = f(cur)
		if got := okr.KRStatus(kr, pub, p, okr.DefaultPace(), mid); got != want {
			t.Errorf("status at %v%% = %v, want %v", cur, got, want)
		}
	}
}

func TestValidateNamesFields(t *testing.T) {
	kr := &okr.KeyResult{Weight: 1, Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 5, Target: 5, Unit: okr.Measure{Kind: okr.MeasurePercent}}}
	err := kr.Validate()
	var verrs okr.ValidationErrors
	if !errors.As(err, &verrs) {
		t.Fatalf("Validate() = %v, want ValidationErrors", err)
	}
	fields := map[string]bool{}
	for _, e := range verrs {
		fields[e.Field] = true
	}
	for _, want := range []string{"title", "metric.target"} {
		if !fields[want] {
			t.Errorf("no error for field %q in %v", want, verrs)
		}
	}
}

// TestValidateSaysWhatIsWrong checks that a target on the wrong side of
// the start and a title over the limit are refused with their own keys,
// at their field, with what a message needs: a plain "choose one of the
// options" helped nobody.
func TestValidateSaysWhatIsWrong(t *testing.T) {
	title := strings.Repeat("å", okr.MaxTitleLen) // characters, not bytes
	for _, c := range []struct {
		name        string
		kr          okr.KeyResult
		field, key  string
		args        map[string]any
		messagePart string
	}{
		{"increase to a lower target", okr.KeyResult{Title: "Fewer visits", Weight: 1, Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 100, Target: 50, Unit: okr.Measure{Kind: okr.MeasureNumber}}},
			"metric.target", okr.KeyIncreaseBelowStart, nil, "choose the kind decrease"},
		{"decrease to a higher target", okr.KeyResult{Title: "More complaints", Weight: 1, Metric: okr.Metric{Kind: okr.MetricDecrease, Start: 5, Target: 10, Unit: okr.Measure{Kind: okr.MeasureNumber}}},
			"metric.target", okr.KeyDecreaseAboveStart, nil, "choose the kind increase"},
		{"a title one character too long", okr.KeyResult{Title: title + "x", Weight: 1, Metric: okr.Metric{Kind: okr.MetricBoolean, Unit: okr.Measure{Kind: okr.MeasureNumber}}},
			"title", okr.KeyTooLong, map[string]any{"Len": okr.MaxTitleLen + 1, "Max": okr.MaxTitleLen}, "201 characters, at most 200"},
	} {
		var verrs okr.ValidationErrors
		if !errors.As(c.kr.Validate(), &verrs) || len(verrs) != 1 {
			t.Errorf("%s: Validate() = %v, want one error", c.name, c.kr.Validate())
			continue
		}
		e := verrs[0]
		if e.Field != c.field || e.Key != c.key || !strings.Contains(e.Message, c.messagePart) {
			t.Errorf("%s: got %s %s %q, want %s %s saying %q", c.name, e.Field, e.Key, e.Message, c.field, c.key, c.messagePart)
		}
		for k, v := range c.args {
			if e.Args[k] != v {
				t.Errorf("%s: arg %s = %v, want %v", c.name, k, e.Args[k], v)
			}
		}
	}
	ok := okr.KeyResult{Title: "  " + title + "  ", Weight: 1, Metric: okr.Metric{Kind: okr.MetricBoolean, Unit: okr.Measure{Kind: okr.MeasureNumber}}}
	if err := ok.Validate(); err != nil {
		t.Errorf("a title of %d characters (and spaces around): %v", okr.MaxTitleLen, err)
	}
}

func TestNothingIsStaleAfterThePeriod(t *testing.T) {
	pub := &okr.Objective{State: okr.StatePublished}
	p := &okr.Period{Start: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)}
	last := time.Date(2026, 9, 25, 15, 0, 0, 0, time.UTC)
	kr := &okr.KeyResult{Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 10}, Current: f(5), LastCheckInAt: &last}
	after := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	if got := okr.KRStatus(kr, pub, p, okr.DefaultPace(), after); got == okr.StatusStale {
		t.Errorf("status after the period ended = %v, want a pace status, not stale", got)
	}
	if got := okr.KRStatus(kr, pub, p, okr.DefaultPace(), time.Date(2026, 9, 29, 0, 0, 0, 0, time.UTC)); got == okr.StatusStale {
		t.Errorf("status 4 days after the last check-in = %v, want not stale", got)
	}
	if got := okr.KRStatus(kr, pub, p, okr.DefaultPace(), time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)); got != okr.StatusBehind {
		t.Errorf("status on the last day at 50 %% = %v, want behind", got)
	}
}
