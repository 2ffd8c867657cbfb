package okr

import "fmt"

// Verdict is the judgement of an objective's score against the org's band.
type Verdict string

const (
	VerdictTooAmbitious       Verdict = "too_ambitious"
	VerdictRightLevel         Verdict = "right_level"
	VerdictNotAmbitiousEnough Verdict = "not_ambitious_enough"
)

// SuggestedScore is the score a KR is offered at grading: its progress.
func SuggestedScore(kr *KeyResult) float64 { return kr.Progress() }

// ObjectiveScore returns the weighted mean of the KR scores. grades maps KR
// id to its grade (a KR absent from it counts with the score it carries,
// KeyResult.Score); an ungraded KR counts with its suggested score. ok is false
// when there are no KRs.
func ObjectiveScore(krs []*KeyResult, grades map[int64]*Grade) (float64, bool) {
	e := ExplainObjectiveScore(krs, grades)
	return e.Result, len(e.Terms) > 0
}

// ExplainObjectiveScore explains ObjectiveScore.
func ExplainObjectiveScore(krs []*KeyResult, grades map[int64]*Grade) Explanation {
	terms := make([]Term, 0, len(krs))
	ungraded := 0
	for _, kr := range krs {
		if kr.Archived {
			continue
		}
		v := SuggestedScore(kr)
		if g, ok := grades[kr.ID]; ok {
			v = g.Score
		} else if kr.Score != nil {
			v = *kr.Score
		} else {
			ungraded++
		}
		terms = append(terms, Term{Kind: "key_result", ID: kr.ID, Title: kr.Title, Value: v, Weight: kr.Weight})
	}
	mean, _ := weightedMean(terms)
	e := Explanation{Quantity: "objective_score", Formula: "Σ(weight × KR score) / Σ weight; an ungraded KR counts with its suggested score (its progress)", Terms: terms, Result: mean}
	if ungraded > 0 {
		e.Note = fmt.Sprintf("%d key result(s) not graded yet", ungraded)
	}
	return e
}

// VerdictFor places score in the band [low, high] (fractions). Scores are
// compared after rounding to whole percent, so 69.6 % counts as 70 %.
func VerdictFor(score, low, high float64) Verdict {
	pct := pctRound
	switch s := pct(score); {
	case s < pct(low):
		return VerdictTooAmbitious
	case s > pct(high):
		return VerdictNotAmbitiousEnough
	}
	return VerdictRightLevel
}

// ExplainVerdict explains VerdictFor.
func ExplainVerdict(score, low, high float64) Explanation {
	v := VerdictFor(score, low, high)
	return Explanation{
		Quantity: "verdict",
		Formula:  "below the band: too ambitious; inside: right level; above: not ambitious enough (scores rounded to whole percent)",
		Inputs:   map[string]any{"score": score, "band_low": low, "band_high": high, "verdict": string(v)},
		Result:   score,
	}
}
