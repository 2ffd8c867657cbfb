package okr

import (
	"fmt"
	"math"
	"time"
)

// StaleAfter is how long a published KR may go without a check-in before it
// is stale.
const StaleAfter = 7 * 24 * time.Hour

// PaceTolerance is how far (as a fraction) progress may lag or lead the
// expected progress and still be "on track".
const PaceTolerance = 0.10

func clamp01(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return math.Max(0, math.Min(1, x))
}

// Progress returns the KR's progress, 0..1, from its metric and its current
// value. A KR without a check-in is at its start: 0 for every kind.
func (kr *KeyResult) Progress() float64 { return kr.progress() }

// ExplainProgress returns how Progress is computed for this KR.
func (kr *KeyResult) ExplainProgress() Explanation {
	p, e := kr.explainProgress()
	e.Quantity, e.Result = "kr_progress", p
	return e
}

func (kr *KeyResult) explainProgress() (float64, Explanation) {
	m := kr.Metric
	in := map[string]any{"kind": string(m.Kind)}
	cur, has := 0.0, kr.Current != nil
	if has {
		cur = *kr.Current
		in["current"] = cur
	} else {
		in["current"] = nil
	}
	switch k := m.Kind; {
	case k.HasStart():
		in["start"], in["target"] = m.Start, m.Target
		if !has {
			return 0, Explanation{Formula: "no check-in yet: 0 %", Inputs: in}
		}
		if m.Target == m.Start {
			p := 0.0
			if (m.Kind == MetricIncrease && cur >= m.Target) || (m.Kind == MetricDecrease && cur <= m.Target) {
				p = 1
			}
			return p, Explanation{Formula: "target equals start: 100 % once reached, else 0 %", Inputs: in}
		}
		f := "clamp((current − start) / (target − start), 0, 1)"
		if m.Kind == MetricDecrease {
			f = "clamp((start − current) / (start − target), 0, 1)"
		}
		return clamp01((cur - m.Start) / (m.Target - m.Start)), Explanation{Formula: f, Inputs: in}
	case k.IsThreshold():
		in["threshold"] = m.Target
		ok := has && ((m.Kind == MetricStayAbove && cur >= m.Target) || (m.Kind == MetricStayBelow && cur <= m.Target))
		f := "100 % while current ≥ threshold, else 0 %"
		if m.Kind == MetricStayBelow {
			f = "100 % while current ≤ threshold, else 0 %"
		}
		return b2f(ok), Explanation{Formula: f, Inputs: in}
	case k == MetricBoolean:
		return b2f(has && cur >= 1), Explanation{Formula: "100 % when done (yes), else 0 %", Inputs: in}
	case k == MetricMilestones:
		done := 0
		for _, ms := range kr.Milestones {
			if ms.Done {
				done++
			}
		}
		in["done"], in["total"] = done, len(kr.Milestones)
		delete(in, "current")
		if len(kr.Milestones) == 0 {
			return 0, Explanation{Formula: "no milestones: 0 %", Inputs: in}
		}
		return float64(done) / float64(len(kr.Milestones)), Explanation{Formula: "done milestones / all milestones", Inputs: in}
	}
	return 0, Explanation{Formula: fmt.Sprintf("unknown metric kind %q: 0 %%", m.Kind), Inputs: in}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// IsStale reports whether a published KR has had no check-in for more than
// StaleAfter at now. A KR never checked in is stale once StaleAfter has passed
// since it was created.
func (kr *KeyResult) IsStale(published bool, now time.Time) bool {
	if !published || kr.Archived {
		return false
	}
	last := kr.CreatedAt
	if kr.LastCheckInAt != nil {
		last = *kr.LastCheckInAt
	}
	return now.Sub(last) > StaleAfter
}

// ObjectiveProgress returns the weighted mean of the progress of krs (the
// objective's own, non-archived KRs). ok is false when there are none.
func ObjectiveProgress(o *Objective, krs []*KeyResult) (float64, bool) {
	return objectiveProgress(o, krs)
}

// ExplainObjectiveProgress explains the objective's progress from its own KRs.
func ExplainObjectiveProgress(o *Objective, krs []*KeyResult) Explanation {
	terms := make([]Term, 0, len(krs))
	for _, kr := range krs {
		if kr.Archived || kr.ObjectiveID != o.ID {
			continue
		}
		terms = append(terms, Term{Kind: "key_result", ID: kr.ID, Title: kr.Title, Value: kr.Progress(), Weight: kr.Weight})
	}
	mean, _ := weightedMean(terms)
	e := Explanation{Quantity: "objective_progress", Formula: "Σ(weight × KR progress) / Σ weight over the objective's own key results", Terms: terms, Result: mean}
	if len(terms) == 0 {
		e.Note = "the objective has no key results"
	}
	return e
}

// ExplainRollup explains the roll-up of an objective's children: the weighted
// mean, by child weight, of each child's own progress (or, for a child with no
// KRs of its own, the child's roll-up). progress maps child id to that value;
// children absent from progress are skipped. Drafts never count
// (CountsInAverages): they are listed in LeftOut. "Contributes to" links
// are not children and never count.
func ExplainRollup(children []*Objective, progress map[int64]float64) Explanation {
	terms := make([]Term, 0, len(children))
	var left []Term
	for _, c := range children {
		if c.Archived {
			continue
		}
		if !CountsInAverages(c.State) {
			left = append(left, Term{Kind: "objective", ID: c.ID, Title: c.Title, Weight: c.Weight})
			continue
		}
		v, ok := progress[c.ID]
		if !ok {
			continue
		}
		terms = append(terms, Term{Kind: "objective", ID: c.ID, Title: c.Title, Value: v, Weight: c.Weight})
	}
	mean, _ := weightedMean(terms)
	e := Explanation{Quantity: "rollup", Formula: "Σ(weight × child progress) / Σ weight over child objectives (aligned below); drafts and contributes-to links are not counted", Terms: terms, LeftOut: left, Result: mean}
	if len(terms) == 0 {
		e.Note = "the objective has no child objectives"
	}
	return e
}

// ExpectedProgress returns the fraction of period p elapsed at now, 0..1.
// The period runs from Start 00:00 to the end of End (both UTC).
func ExpectedProgress(p *Period, now time.Time) float64 {
	start, end := p.Start, p.End.Add(24*time.Hour)
	if !end.After(start) {
		return 1
	}
	return clamp01(float64(now.Sub(start)) / float64(end.Sub(start)))
}

// PeriodOver reports whether period p has ended at now: after it, KRs are
// graded rather than checked in, so nothing is stale any more.
func PeriodOver(p *Period, now time.Time) bool {
	return !now.Before(p.End.Add(24 * time.Hour))
}

// Status is a KR's or objective's pace against the period.
type Status string

const (
	StatusAhead   Status = "ahead"
	StatusOnTrack Status = "on_track"
	StatusBehind  Status = "behind"
	StatusStale   Status = "stale"
)

// PaceStatus compares progress with expected progress: ahead when progress
// leads by more than PaceTolerance, behind when it lags by more, else on
// track. Stale overrides everything.
func PaceStatus(progress, expected float64, stale bool) Status {
	switch {
	case stale:
		return StatusStale
	case progress > expected+PaceTolerance:
		return StatusAhead
	case progress < expected-PaceTolerance:
		return StatusBehind
	}
	return StatusOnTrack
}

// KRStatus returns the KR's status at now in period p. Threshold KRs
// (stay above/below) are expected to hold all along, so they are on track
// while they hold and behind when they do not.
func KRStatus(kr *KeyResult, p *Period, published bool, now time.Time) Status {
	return krStatus(kr, p, published, now)
}

type statusExplanation struct {
	Explanation
	status Status
}

// ExplainKRStatus explains KRStatus.
func ExplainKRStatus(kr *KeyResult, p *Period, published bool, now time.Time) statusExplanation {
	prog := kr.Progress()
	exp := ExpectedProgress(p, now)
	if kr.Metric.Kind.IsThreshold() {
		exp = 1 - PaceTolerance // holding the line is on track
	}
	stale := kr.IsStale(published, now) && !PeriodOver(p, now)
	st := PaceStatus(prog, exp, stale)
	e := Explanation{
		Quantity: "kr_status",
		Formula:  fmt.Sprintf("stale if published and no check-in for more than 7 days; else ahead if progress > expected + %.0f pp, behind if progress < expected − %.0f pp, else on track; expected = time elapsed / period length", PaceTolerance*100, PaceTolerance*100),
		Inputs:   map[string]any{"progress": prog, "expected": exp, "stale": stale, "status": string(st), "now": now.UTC().Format(time.RFC3339)},
	}
	return statusExplanation{e, st}
}

// Status returns the status string of a status explanation.
func (s statusExplanation) Status() Status { return s.status }

// ObjectiveStatus returns the objective's status from its progress: stale if
// it is published, has KRs and every KR is stale.
func ObjectiveStatus(o *Objective, krs []*KeyResult, p *Period, now time.Time) Status {
	prog, ok := ObjectiveProgress(o, krs)
	published := o.State == StatePublished
	allStale := ok && !PeriodOver(p, now)
	for _, kr := range krs {
		if !kr.Archived && !kr.IsStale(published, now) {
			allStale = false
		}
	}
	return PaceStatus(prog, ExpectedProgress(p, now), allStale)
}
