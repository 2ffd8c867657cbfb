package okr

// The roll-up weighting, used for an objective's progress from its key
// results, for the roll-up of its child objectives, and by every board,
// index and explanation that repeats those numbers: a weighted mean in
// which a missing (non-positive) weight counts as 1, over the terms that
// count, where a child objective counts with its own progress when it has
// key results, else with its own roll-up. A draft never counts
// (CountsInAverages).

// RollupWeight returns the weight w counts with in a roll-up: w, or 1 when
// w is not positive, so that a missing weight never divides by zero.
func RollupWeight(w float64) float64 {
	if w <= 0 {
		return 1
	}
	return w
}

// WeightedMean accumulates Σ wᵢvᵢ / Σ wᵢ with wᵢ = RollupWeight(weightᵢ).
// The zero value is an empty mean.
type WeightedMean struct {
	sum, wsum float64
	n         int
}

// Add adds value with weight.
func (m *WeightedMean) Add(value, weight float64) {
	w := RollupWeight(weight)
	m.sum += w * value
	m.wsum += w
	m.n++
}

// Result returns the mean; ok is false when nothing was added.
func (m *WeightedMean) Result() (mean float64, ok bool) {
	if m.n == 0 {
		return 0, false
	}
	return m.sum / m.wsum, true
}

// CountsInAverages reports whether an objective in state s counts in
// averages and roll-ups: in its parent's roll-up, in the average of its
// owner (a unit, a person, a node of the alignment tree) and in the tiles
// of the overview and the home page. A draft does not count: it is shown as
// a draft, with its own progress, but an objective nobody has published yet
// does not pull anyone's numbers down (or up).
func CountsInAverages(s State) bool { return s != StateDraft }

// Contribution returns the progress an objective in state s shows and adds
// to its parent's roll-up: own (its key results' progress) when it has key
// results, else its children's roll-up. counts is false when it has
// neither, v being then own, and when it does not count in averages
// (CountsInAverages: a draft), v being then what it shows.
func Contribution(s State, own float64, hasKRs bool, rollup float64, hasRollup bool) (v float64, counts bool) {
	v, counts = contribution(own, hasKRs, rollup, hasRollup)
	return v, counts && CountsInAverages(s)
}

func contribution(own float64, hasKRs bool, rollup float64, hasRollup bool) (float64, bool) {
	switch {
	case hasKRs:
		return own, true
	case hasRollup:
		return rollup, true
	}
	return own, false
}
