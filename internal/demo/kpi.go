package demo

import (
	"math"

	"github.com/okr-dev/okr/internal/okr"
)

// kpiReader is who records each KPI's readings: the lead of its owner unit.
var kpiReader = map[string]string{"visits": "karoline", "cpl": "karoline", "aov": "kristo", "uptime": "sara"}

// kpis creates the shop's health metrics with a quarter of readings. The
// visits KPI is linked to marketing's organic-traffic KR, so its weekly
// readings also check that KR in.
func (b *builder) kpis() {
	cur := quarterOf(b.now)
	specs := []struct {
		key        string
		kpi        okr.KPI
		start, end float64
	}{
		{"visits", okr.KPI{Name: "Organiske besøk per måned", Description: "Besøk fra søkemotorer, målt i Google Analytics.", Unit: okr.Measure{Kind: okr.MeasureCustom, Code: "besøk"}, Direction: okr.HigherIsBetter, Frequency: okr.Weekly, Warn: ptr(3800.0), Critical: ptr(3000.0), OwnerUnitID: ptr(b.units["marketing"])}, 4000, 5300},
		{"cpl", okr.KPI{Name: "Kostnad per lead", Unit: okr.Measure{Kind: okr.MeasureCurrency, Code: "NOK"}, Direction: okr.LowerIsBetter, Frequency: okr.Weekly, Warn: ptr(180.0), Critical: ptr(220.0), OwnerUnitID: ptr(b.units["marketing"])}, 210, 165},
		{"aov", okr.KPI{Name: "Gjennomsnittlig ordreverdi", Unit: okr.Measure{Kind: okr.MeasureCurrency, Code: "NOK"}, Direction: okr.HigherIsBetter, Frequency: okr.Monthly, Warn: ptr(1200.0), OwnerUnitID: ptr(b.units["sales"])}, 1350, 1420},
		{"uptime", okr.KPI{Name: "Oppetid nettbutikk", Unit: okr.Measure{Kind: okr.MeasurePercent}, Direction: okr.HigherIsBetter, Frequency: okr.Monthly, Warn: ptr(99.5), Critical: ptr(99.0), OwnerUnitID: ptr(b.units["webshop"])}, 99.8, 99.9},
	}
	for i, s := range specs {
		if b.err != nil {
			return
		}
		s.kpi.OrgID = b.org.ID
		k, err := b.db.CreateKPI(b.ctx, b.sys, s.kpi)
		if err != nil {
			b.fail(err)
			return
		}
		for _, krID := range kpiKRs[s.key] {
			kr, err := b.db.GetKeyResult(b.ctx, b.org.ID, krID)
			if err != nil {
				b.fail(err)
				return
			}
			kr.KPIID = &k.ID
			_, err = b.db.UpdateKeyResult(b.ctx, b.sys, kr, "")
			b.fail(err)
		}
		days := fridays(cur.Start, b.now)
		step := 1
		if s.kpi.Frequency == okr.Monthly {
			step = 4
		}
		for w := 0; w < len(days); w += step {
			frac := float64(w+1) / 13
			v := s.start + (s.end-s.start)*frac + (s.end-s.start)*0.08*wobble(i, w)
			v = math.Round(v*10) / 10
			_, err := b.db.AddKPIValue(b.ctx, b.as(kpiReader[s.key]), k.ID, v, days[w])
			b.fail(err)
		}
	}
}
