package okr

import (
	"fmt"
	"time"
)

// ExplainObjectiveStatus explains ObjectiveStatus: the objective's progress
// from its own key results against the period's expected progress, stale
// when it is published, has key results and every one of them is stale.
func ExplainObjectiveStatus(o *Objective, krs []*KeyResult, p *Period, now time.Time) Explanation {
	prog, ok := ObjectiveProgress(o, krs)
	published := o.State == StatePublished
	allStale := ok
	for _, kr := range krs {
		if !kr.Archived && !kr.IsStale(published, now) {
			allStale = false
		}
	}
	exp := ExpectedProgress(p, now)
	st := PaceStatus(prog, exp, allStale)
	return Explanation{
		Quantity: "objective_status",
		Formula: fmt.Sprintf("stale if published and every key result is stale; else ahead if progress > expected + %.0f pp, "+
			"behind if progress < expected − %.0f pp, else on track; expected = time elapsed / period length", PaceTolerance*100, PaceTolerance*100),
		Inputs: map[string]any{"progress": prog, "expected": exp, "all_key_results_stale": allStale, "status": string(st),
			"now": now.UTC().Format(time.RFC3339)},
		Result: prog,
	}
}
