package demo

import (
	"github.com/okr-dev/okr/internal/okr"
)

// lastQuarter creates seed 004's bicycle-accessories objective in the
// previous quarter, with check-ins, graded 50 %, 100 % and 20 % (≈57 %: too
// ambitious), and a reflection.
func (b *builder) lastQuarter(p okr.Period) {
	if b.err != nil {
		return
	}
	owner := b.people["sara"]
	o := okr.Objective{OrgID: b.org.ID, PeriodID: p.ID, Title: "Öka försäljningen av tillbehör till cyklar online med 1 MSEK",
		Description: "Exemplet från vår förra kvartal: vi testade cykeltillbehör som en ny kategori.",
		Owner:       okr.Owner{UnitID: ptr(b.units["webshop"])}, Weight: 1, State: okr.StatePublished,
		Reflection: "Vi satte för höga mål för sökordsplaceringarna: SEO tar längre tid än ett kvartal. Annonsköpen nådde målet tidigt och hade kunnat vara mer utmanande."}
	o, err := b.db.CreateObjective(b.ctx, b.sys, o)
	if err != nil {
		b.fail(err)
		return
	}
	specs := []struct {
		title      string
		start, end float64
		final      float64
		score      float64
		note       string
	}{
		{"Öka den organiska trafiken till sajten med 20 %", 10000, 12000, 11000, 0.5, ""},
		{"Öka annonsköpen på Facebook med 5 %", 100, 105, 105, 1, ""},
		{"Hamna topp 3 på sökorden cykellampa, cykelhjälm och pakethållare", 0, 3, 0, 0.2, "Topp 3 på inget sökord, men topp 5 på cykellampa och topp 10 på de två andra: en femtedel av vägen."},
	}
	end := p.End.Add(12 * 3600 * 1e9)
	for i, s := range specs {
		kr, err := b.db.CreateKeyResult(b.ctx, b.sys, okr.KeyResult{OrgID: b.org.ID, ObjectiveID: o.ID, Title: s.title, Weight: 1, Position: i,
			Owner: okr.Owner{PersonID: &owner}, Metric: okr.Metric{Kind: okr.MetricIncrease, Start: s.start, Target: s.end, Unit: okr.Measure{Kind: okr.MeasureNumber}}})
		if err != nil {
			b.fail(err)
			return
		}
		for w, at := range fridays(p.Start, end) {
			v := s.start + (s.final-s.start)*float64(w+1)/13
			if v > s.final {
				v = s.final
			}
			_, err := b.db.CreateCheckIns(b.ctx, b.as("sara"), []okr.CheckIn{{OrgID: b.org.ID, KeyResultID: kr.ID, Value: v, Confidence: okr.OnTrack, AuthorID: owner, At: at, Comment: "Veckans avstämning."}})
			b.fail(err)
		}
		// Kristo leads sales, the unit above the webshop team.
		_, err = b.db.SetGrade(b.ctx, b.as("kristo"), okr.Grade{KeyResultID: kr.ID, Score: s.score, Note: s.note}, 0) // the first grade
		b.fail(err)
	}
}

func ptr[T any](v T) *T { return &v }
