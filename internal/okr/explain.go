package okr

// Explanation says how a computed number was produced: the formula in words
// and symbols, the inputs, and, for means, each term with its weight. It is
// what "why this number?" shows.
type Explanation struct {
	Quantity string         `json:"quantity"` // e.g. "kr_progress", "objective_progress"
	Formula  string         `json:"formula"`
	Inputs   map[string]any `json:"inputs,omitempty"`
	Terms    []Term         `json:"terms,omitempty"`
	// LeftOut are the inputs a mean leaves out: child objectives that are
	// drafts (CountsInAverages).
	LeftOut []Term  `json:"left_out,omitempty"`
	Result  float64 `json:"result"`
	Note    string  `json:"note,omitempty"`
}

// Term is one weighted input of a mean.
type Term struct {
	Kind   string  `json:"kind"` // "key_result" or "objective"
	ID     int64   `json:"id"`
	Title  string  `json:"title"`
	Value  float64 `json:"value"`
	Weight float64 `json:"weight"`
	// Final marks a child objective that counts with its final score
	// (graded or closed) rather than its live progress.
	Final bool `json:"final,omitempty"`
}

// weightedMean returns the roll-up weighting (WeightedMean) of terms. ok is
// false when there are no terms.
func weightedMean(terms []Term) (mean float64, ok bool) {
	var m WeightedMean
	for _, t := range terms {
		m.Add(t.Value, t.Weight)
	}
	return m.Result()
}
