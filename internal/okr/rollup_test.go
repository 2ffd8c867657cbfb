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
		hasKRs, hasRollup bool
		want              float64
		wantCounts        bool
	}{
		{"own key results win", true, true, 0.2, true},
		{"own key results only", true, false, 0.2, true},
		{"roll-up when no key results", false, true, 0.9, true},
		{"neither", false, false, 0.2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, counts := Contribution(0.2, tt.hasKRs, 0.9, tt.hasRollup)
			if got != tt.want || counts != tt.wantCounts {
				t.Errorf("Contribution = %v, %v; want %v, %v", got, counts, tt.want, tt.wantCounts)
			}
		})
	}
}
