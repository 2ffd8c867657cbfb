package okr

import "testing"

func TestWeightedMean(t *testing.T) {
	tests := []struct {
		name    string
		values  []float64
		weights []float64
		want    float64
		wantOK  bool
	}{
		{"empty", nil, nil, 0, false},
		{"one", []float64{0.5}, []float64{3}, 0.5, true},
		{"weighted", []float64{1, 0}, []float64{3, 1}, 0.75, true},
		{"missing weight counts as 1", []float64{1, 0}, []float64{0, 1}, 0.5, true},
		{"negative weight counts as 1", []float64{1, 0}, []float64{-2, 1}, 0.5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m WeightedMean
			for i, v := range tt.values {
				m.Add(v, tt.weights[i])
			}
			got, ok := m.Result()
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Result() = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestContribution(t *testing.T) {
	tests := []struct {
		name              string
		state             State
		hasKRs, hasRollup bool
		want              float64
		wantCounts        bool
	}{
		{"own key results win", StatePublished, true, true, 0.2, true},
		{"own key results only", StatePublished, true, false, 0.2, true},
		{"roll-up when no key results", StatePublished, false, true, 0.9, true},
		{"neither", StatePublished, false, false, 0.2, false},
		{"closed counts", StateClosed, true, false, 0.2, true},
		{"a draft shows its progress but does not count", StateDraft, true, false, 0.2, false},
		{"a draft shows its roll-up but does not count", StateDraft, false, true, 0.9, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, counts := Contribution(tt.state, 0.2, tt.hasKRs, 0.9, tt.hasRollup)
			if got != tt.want || counts != tt.wantCounts {
				t.Errorf("Contribution = %v, %v; want %v, %v", got, counts, tt.want, tt.wantCounts)
			}
		})
	}
}

func TestExplainRollupLeavesOutDrafts(t *testing.T) {
	pub := &Objective{ID: 1, Title: "Publisert", State: StatePublished, Weight: 1}
	draft := &Objective{ID: 2, Title: "Utkast", State: StateDraft, Weight: 3}
	e := ExplainRollup([]*Objective{pub, draft}, map[int64]ChildFigure{1: {Value: 0.6}, 2: {}})
	if e.Result != 0.6 || len(e.Terms) != 1 || e.Terms[0].ID != 1 {
		t.Errorf("roll-up %v over %v; want 0.6 over the published child only", e.Result, e.Terms)
	}
	if len(e.LeftOut) != 1 || e.LeftOut[0].ID != 2 {
		t.Errorf("left out %v; want the draft", e.LeftOut)
	}
}
