package okr

import (
	"math"
	"testing"
	"time"
)

// The example worked by hand in docs/insight.md.
func TestCalibrateHandComputedExample(t *testing.T) {
	f := func(kr int64, c Confidence, ph Phase, score float64) Forecast {
		return Forecast{KeyResultID: kr, Confidence: c, Phase: ph, Score: score}
	}
	fs := []Forecast{
		f(1, OnTrack, PhaseEarly, 0.4), f(1, OnTrack, PhaseMid, 0.4), f(1, AtRisk, PhaseLate, 0.4),
		f(2, OnTrack, PhaseEarly, 0.7), f(2, OnTrack, PhaseMid, 0.7), f(2, OnTrack, PhaseLate, 0.7),
		f(3, OnTrack, PhaseEarly, 0.3), f(3, AtRisk, PhaseMid, 0.3), f(3, OffTrack, PhaseLate, 0.3),
		f(4, AtRisk, PhaseEarly, 0.65), f(4, OnTrack, PhaseMid, 0.65),
		{KeyResultID: 5, Confidence: "", Phase: PhaseMid, Score: 1}, // no confidence: left out
	}
	c := Calibrate(fs, 0.6)
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %.6f, want %.6f", name, got, want)
		}
	}
	if c.Forecasts != 11 || c.KeyResults != 4 {
		t.Fatalf("forecasts %d, key results %d; want 11 and 4", c.Forecasts, c.KeyResults)
	}
	near("Brier", c.Brier, 2.87/11)
	near("Stated", c.Stated, 7.3/11)
	near("Reached", c.Reached, 5.0/11)
	if c.Verdict != CalibrationOverConfident {
		t.Errorf("verdict = %s, want over_confident (gap %.3f)", c.Verdict, c.Gap())
	}
	mid, ok := c.Cell(OnTrack, PhaseMid)
	if !ok || mid.Forecasts != 3 {
		t.Fatalf("on track at mid-period: %+v", mid)
	}
	near("on track mid mean", mid.MeanScore, (0.4+0.7+0.65)/3)
	near("on track mid reached", mid.Reached, 2.0/3)
	if len(c.ByConfidence) != 3 || c.ByConfidence[0].Confidence != OnTrack || c.ByConfidence[0].Forecasts != 7 {
		t.Fatalf("by confidence: %+v", c.ByConfidence)
	}
	near("on track mean", c.ByConfidence[0].MeanScore, 3.85/7)
	if _, ok := c.Cell(OffTrack, PhaseEarly); ok {
		t.Errorf("a cell without forecasts was reported")
	}
}

func TestCalibrationVerdicts(t *testing.T) {
	many := func(c Confidence, score float64, n int) []Forecast {
		var fs []Forecast
		for i := range n {
			fs = append(fs, Forecast{KeyResultID: int64(i), Confidence: c, Phase: PhaseMid, Score: score})
		}
		return fs
	}
	for _, tc := range []struct {
		name string
		fs   []Forecast
		want CalibrationVerdict
	}{
		{"none", nil, CalibrationTooLittleData},
		{"few", many(OnTrack, 0.1, MinCalibrationForecasts-1), CalibrationTooLittleData},
		{"one key result checked in often", func() []Forecast {
			fs := many(OnTrack, 0.1, 20)
			for i := range fs {
				fs[i].KeyResultID = 1
			}
			return fs
		}(), CalibrationTooLittleData},
		{"on track and reached", many(OnTrack, 0.7, 10), CalibrationWell},
		{"on track, ended low", many(OnTrack, 0.3, 10), CalibrationOverConfident},
		{"off track, reached", many(OffTrack, 0.9, 10), CalibrationSandbagging},
		{"at risk, half reached", append(many(AtRisk, 0.6, 5), many(AtRisk, 0.2, 5)...), CalibrationWell},
		{"59.6 % counts as 60 %", many(OnTrack, 0.596, 10), CalibrationWell},
	} {
		if got := Calibrate(tc.fs, 0.6).Verdict; got != tc.want {
			t.Errorf("%s: verdict %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestPhaseOf(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	p := &Period{Start: d("2026-01-01"), End: d("2026-03-31")} // 90 days
	for _, tc := range []struct {
		at   string
		want Phase
	}{
		{"2025-12-01", PhaseEarly}, {"2026-01-01", PhaseEarly}, {"2026-01-30", PhaseEarly},
		{"2026-01-31", PhaseMid}, {"2026-03-01", PhaseMid}, {"2026-03-02", PhaseLate}, {"2026-05-01", PhaseLate},
	} {
		if got := PhaseOf(p, d(tc.at)); got != tc.want {
			t.Errorf("PhaseOf(%s) = %s, want %s", tc.at, got, tc.want)
		}
	}
}

func TestRestartFromCurrent(t *testing.T) {
	cur := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		name      string
		kr        KeyResult
		can       bool
		wantStart float64
	}{
		{"halfway", KeyResult{Metric: Metric{Kind: MetricIncrease, Start: 10, Target: 50}, Current: cur(30)}, true, 30},
		{"decrease", KeyResult{Metric: Metric{Kind: MetricDecrease, Start: 100, Target: 20}, Current: cur(60)}, true, 60},
		{"no check-in", KeyResult{Metric: Metric{Kind: MetricIncrease, Start: 10, Target: 50}}, false, 10},
		{"at its start", KeyResult{Metric: Metric{Kind: MetricIncrease, Start: 10, Target: 50}, Current: cur(10)}, false, 10},
		{"done", KeyResult{Metric: Metric{Kind: MetricIncrease, Start: 10, Target: 50}, Current: cur(50)}, false, 10},
		{"threshold", KeyResult{Metric: Metric{Kind: MetricStayAbove, Target: 95}, Current: cur(90)}, false, 0},
	} {
		kr := tc.kr
		if got := kr.CanRestart(); got != tc.can {
			t.Errorf("%s: CanRestart = %v, want %v", tc.name, got, tc.can)
		}
		kr.RestartFromCurrent()
		if kr.Metric.Start != tc.wantStart || kr.Metric.Target != tc.kr.Metric.Target {
			t.Errorf("%s: after restart %v→%v, want start %v and the target kept", tc.name, kr.Metric.Start, kr.Metric.Target, tc.wantStart)
		}
	}
}

func TestHintFromCalls(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 12, 0, 0, 0, time.UTC) }
	over := []Call{
		{KeyResultID: 1, Confidence: OnTrack, At: day(1), Score: 0.9}, // older: not among the last three
		{KeyResultID: 2, Confidence: OnTrack, At: day(10), Score: 0.3},
		{KeyResultID: 3, Confidence: OffTrack, At: day(11), Score: 0.1},
		{KeyResultID: 4, Confidence: OnTrack, At: day(20), Score: 0.35},
		{KeyResultID: 5, Confidence: OnTrack, At: day(15), Score: 0.0},
	}
	h := HintFromCalls(over)
	if h.Kind != "over_confident" || len(h.Calls) != 3 || h.Calls[0].KeyResultID != 4 || h.Calls[2].KeyResultID != 2 {
		t.Errorf("over-confident record: %+v", h)
	}
	// One of the last three on track reached 40 %: no hint.
	over[1].Score = 0.4
	if h := HintFromCalls(over); h.Kind != "" {
		t.Errorf("a record with a 40 %% grade: %+v, want no hint", h)
	}
	// Two calls are not a record.
	if h := HintFromCalls(over[3:]); h.Kind != "" {
		t.Errorf("two calls: %+v", h)
	}
	sand := []Call{
		{KeyResultID: 1, Confidence: OffTrack, At: day(1), Score: 0.7},
		{KeyResultID: 2, Confidence: OffTrack, At: day(2), Score: 1},
		{KeyResultID: 3, Confidence: OffTrack, At: day(3), Score: 0.8},
	}
	if h := HintFromCalls(sand); h.Kind != "sandbagging" || len(h.Calls) != 3 {
		t.Errorf("sandbagging record: %+v", h)
	}
	sand[0].Score = 0.69
	if h := HintFromCalls(sand); h.Kind != "" {
		t.Errorf("a record with a 69 %% grade: %+v, want no hint", h)
	}
}
