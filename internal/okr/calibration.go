package okr

import (
	"slices"
	"time"
)

// Calibration compares what people forecast at their check-ins (the
// confidence) with how their key results ended (the final grade). It answers
// "when this team says on track, does the key result end in the band?", so
// that a team learns from one period to the next (see docs/insight.md).

// Phase is the third of its period a check-in was made in.
type Phase int

// The phases of a period.
const (
	PhaseEarly Phase = iota
	PhaseMid
	PhaseLate
)

// Phases are the phases in order.
var Phases = []Phase{PhaseEarly, PhaseMid, PhaseLate}

func (p Phase) String() string {
	return [...]string{"early", "mid", "late"}[p]
}

// PhaseOf returns the third of the period p that the time at falls in; a time
// before the start is early, after the end late.
func PhaseOf(p *Period, at time.Time) Phase {
	total := p.End.Add(24 * time.Hour).Sub(p.Start)
	if total <= 0 {
		return PhaseLate
	}
	f := float64(at.Sub(p.Start)) / float64(total)
	switch {
	case f < 1.0/3:
		return PhaseEarly
	case f < 2.0/3:
		return PhaseMid
	}
	return PhaseLate
}

// ForecastProbability is the chance of ending in the band or above that a
// confidence states: "on track" says it will very likely get there, "at risk"
// a coin toss, "off track" unlikely. The Brier score measures the forecasts
// against these.
var ForecastProbability = map[Confidence]float64{OnTrack: 0.8, AtRisk: 0.5, OffTrack: 0.2}

// Forecast is one check-in's confidence on a key result that was graded when
// its period closed.
type Forecast struct {
	KeyResultID int64
	Confidence  Confidence
	Phase       Phase
	Score       float64 // the key result's final grade, 0–1
}

// CalibrationCell is what happened to the key results after one confidence
// (in one phase, or in all when AllPhases).
type CalibrationCell struct {
	Confidence Confidence
	Phase      Phase
	AllPhases  bool
	Forecasts  int
	MeanScore  float64 // mean final grade
	Reached    float64 // share that ended in the band or above
}

// CalibrationVerdict is the plain-language reading of a calibration.
type CalibrationVerdict string

// The verdicts.
const (
	CalibrationTooLittleData CalibrationVerdict = "too_little_data"
	CalibrationWell          CalibrationVerdict = "well_calibrated"
	CalibrationOverConfident CalibrationVerdict = "over_confident"
	CalibrationSandbagging   CalibrationVerdict = "sandbagging"
)

// Calibration rules: below MinCalibrationForecasts forecasts (or
// MinCalibrationKeyResults key results) there is no verdict; stating a
// chance more than CalibrationTolerance above the share reached is
// over-confidence; reaching it more than that above what "at risk" and "off
// track" stated is sandbagging.
const (
	MinCalibrationForecasts  = 8
	MinCalibrationKeyResults = 3
	CalibrationTolerance     = 0.15
)

// Calibration is the result of Calibrate.
type Calibration struct {
	Forecasts  int
	KeyResults int
	// Cells holds a cell per confidence and phase with forecasts, in the
	// order of Confidences then Phases; ByConfidence one per confidence
	// over all phases.
	Cells        []CalibrationCell
	ByConfidence []CalibrationCell
	// Brier is the mean squared difference between each forecast's
	// probability and its outcome (1 reached the band, 0 not): 0 is
	// perfect, 0.25 is what always saying "at risk" scores.
	Brier float64
	// Stated is the mean probability the forecasts stated; Reached the
	// share of forecasts whose key result reached the band.
	Stated, Reached float64
	Verdict         CalibrationVerdict
}

// Gap is Stated − Reached: above zero the forecasts promised more than
// happened.
func (c Calibration) Gap() float64 { return c.Stated - c.Reached }

// Cell returns the cell of confidence c in phase ph, if there are forecasts.
func (c Calibration) Cell(conf Confidence, ph Phase) (CalibrationCell, bool) {
	for _, x := range c.Cells {
		if x.Confidence == conf && x.Phase == ph {
			return x, true
		}
	}
	return CalibrationCell{}, false
}

// Calibrate compares forecasts with outcomes; bandLow is the organisation's
// lower band limit (a key result "reached" when its grade is at least that,
// compared in whole percent as VerdictFor does). Forecasts without a known
// confidence are left out.
func Calibrate(fs []Forecast, bandLow float64) Calibration {
	type acc struct {
		n            int
		score, reach float64
	}
	var cells [3][3]acc
	var byConf [3]acc
	var c Calibration
	krs := map[int64]bool{}
	var brier, stated float64
	var low acc // the forecasts other than "on track": their stated chance in score
	for _, f := range fs {
		ci := confidenceIndex(f.Confidence)
		if ci < 0 || f.Phase < PhaseEarly || f.Phase > PhaseLate {
			continue
		}
		reached := 0.0
		if pctRound(f.Score) >= pctRound(bandLow) {
			reached = 1
		}
		p := ForecastProbability[f.Confidence]
		brier += (p - reached) * (p - reached)
		stated += p
		c.Reached += reached
		c.Forecasts++
		if f.Confidence != OnTrack {
			low.n++
			low.score += p
			low.reach += reached
		}
		krs[f.KeyResultID] = true
		for _, a := range []*acc{&cells[ci][f.Phase], &byConf[ci]} {
			a.n++
			a.score += f.Score
			a.reach += reached
		}
	}
	c.KeyResults = len(krs)
	if c.Forecasts == 0 {
		c.Verdict = CalibrationTooLittleData
		return c
	}
	n := float64(c.Forecasts)
	c.Brier, c.Stated, c.Reached = brier/n, stated/n, c.Reached/n
	for ci, conf := range Confidences {
		for _, ph := range Phases {
			if a := cells[ci][ph]; a.n > 0 {
				c.Cells = append(c.Cells, CalibrationCell{Confidence: conf, Phase: ph, Forecasts: a.n, MeanScore: a.score / float64(a.n), Reached: a.reach / float64(a.n)})
			}
		}
		if a := byConf[ci]; a.n > 0 {
			c.ByConfidence = append(c.ByConfidence, CalibrationCell{Confidence: conf, AllPhases: true, Forecasts: a.n, MeanScore: a.score / float64(a.n), Reached: a.reach / float64(a.n)})
		}
	}
	switch gap := c.Gap(); {
	case c.Forecasts < MinCalibrationForecasts || c.KeyResults < MinCalibrationKeyResults:
		c.Verdict = CalibrationTooLittleData
	case gap > CalibrationTolerance:
		c.Verdict = CalibrationOverConfident
	case gap < -CalibrationTolerance && low.n > 0 && (low.reach-low.score)/float64(low.n) > CalibrationTolerance:
		// Reaching the band more often than said is sandbagging only when
		// it comes from "at risk" and "off track" that ended well: "on
		// track" every week and in the band at the end is a good forecast.
		c.Verdict = CalibrationSandbagging
	default:
		c.Verdict = CalibrationWell
	}
	return c
}

func confidenceIndex(c Confidence) int {
	for i, x := range Confidences {
		if x == c {
			return i
		}
	}
	return -1
}

// pctRound rounds a fraction to whole percent, as grades are shown.
func pctRound(x float64) float64 { return float64(int(x*100 + 0.5)) }

// Call is the last confidence a key result's owner gave before its period
// ended, and the grade it ended with: what the coach weighs in the next
// period.
type Call struct {
	KeyResultID int64
	Confidence  Confidence
	At          time.Time
	Score       float64
}

// CallHint is the coach's word on a person's record of calls: their last
// CallHintSize key results called on track ended below CallHintLow
// (over-confident), or their last CallHintSize called off track ended at
// or above CallHintHigh (sandbagging). Kind is "" when the record says
// neither; Calls are the calls it rests on, newest first.
type CallHint struct {
	Kind  string // "over_confident", "sandbagging" or ""
	Calls []Call
}

// The record CallHint needs and the grades it speaks of.
const (
	CallHintSize = 3
	CallHintLow  = 0.4
	CallHintHigh = 0.7
)

// HintFromCalls reads a person's calls (any order) as CallHint says.
func HintFromCalls(calls []Call) CallHint {
	sorted := slices.Clone(calls)
	slices.SortFunc(sorted, func(a, b Call) int { return b.At.Compare(a.At) })
	last := func(c Confidence) []Call {
		var out []Call
		for _, x := range sorted {
			if x.Confidence == c && len(out) < CallHintSize {
				out = append(out, x)
			}
		}
		return out
	}
	if on := last(OnTrack); len(on) == CallHintSize && !slices.ContainsFunc(on, func(c Call) bool { return c.Score >= CallHintLow }) {
		return CallHint{Kind: "over_confident", Calls: on}
	}
	if off := last(OffTrack); len(off) == CallHintSize && !slices.ContainsFunc(off, func(c Call) bool { return c.Score < CallHintHigh }) {
		return CallHint{Kind: "sandbagging", Calls: off}
	}
	return CallHint{}
}
