package okr

import (
	"fmt"
	"math"
	"time"
)

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

// ChildFigure is what a child objective adds to its parent's roll-up: its
// own figure (OwnFigure: its final score once graded or closed, else its
// progress) when it has key results, else its own roll-up. Final reports
// that Value is a final score.
type ChildFigure struct {
	Value float64
	Final bool
}

// ExplainRollup explains the roll-up of an objective's children: the weighted
// mean, by child weight, of each child's figure: its final score once it is
// graded or closed (ObjectiveFinal), else its live progress, or, for a child
// with no KRs of its own, the child's roll-up. figures maps child id to that
// figure; children absent from figures are skipped. Drafts never count
// (CountsInAverages): they are listed in LeftOut. "Contributes to" links
// are not children and never count.
func ExplainRollup(children []*Objective, figures map[int64]ChildFigure) Explanation {
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
		f, ok := figures[c.ID]
		if !ok {
			continue
		}
		terms = append(terms, Term{Kind: "objective", ID: c.ID, Title: c.Title, Value: f.Value, Weight: c.Weight, Final: f.Final})
	}
	mean, _ := weightedMean(terms)
	e := Explanation{Quantity: "rollup", Formula: "Σ(weight × child figure) / Σ weight over child objectives (aligned below); " +
		"a child's figure is its final score once it is graded or closed, else its live progress; drafts and contributes-to links are not counted",
		Terms: terms, LeftOut: left, Result: mean}
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
