package gen

import (
	"math"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// companyKPIs are the company level's health metrics.
var companyKPIs = []kpiTemplate{{"Omsetning", "NOK", true}, {"Antall kunder", "kunder", true}, {"Driftsmargin", "%", true}}

// writeKPIs writes the company's KPIs and each department's (its area's,
// named after the department) with a reading every check-in Friday.
func (g *generator) writeKPIs() error {
	for _, u := range g.units {
		var tmpls []kpiTemplate
		var who int
		switch u.unit.Kind {
		case okr.UnitCompany:
			tmpls, who = companyKPIs, u.lead()
		case okr.UnitDepartment:
			tmpls, who = areas[u.area].kpis, u.lead()
		default:
			continue
		}
		for _, t := range tmpls {
			id, err := g.writeKPI(u, t, who)
			if err != nil {
				return err
			}
			u.kpis = append(u.kpis, id)
		}
	}
	return nil
}

func (g *generator) writeKPI(u *unitPlan, t kpiTemplate, who int) (int64, error) {
	name := t.name
	if u.unit.Kind != okr.UnitCompany {
		name += " – " + u.unit.Name
	}
	base := g.kpiBase(t)
	warn, crit := base*0.9, base*0.8
	dir := okr.HigherIsBetter
	if !t.higher {
		warn, crit, dir = base*1.1, base*1.25, okr.LowerIsBetter
	}
	k := okr.KPI{Name: name, Unit: measure(t.unit), Direction: dir, Frequency: okr.Weekly,
		Warn: &warn, Critical: &crit, OwnerUnitID: &u.unit.ID}
	if err := g.l.KPI(&k); err != nil {
		return 0, err
	}
	g.counts.KPIs++
	v := base
	for _, fri := range g.weeks {
		v *= 1 + g.rng.NormFloat64()*0.03
		if t.unit == "%" {
			v = math.Min(v, 100)
		}
		kv := okr.KPIValue{KPIID: k.ID, Value: roundTo(v, base), At: fri.Add(9 * time.Hour), AuthorID: g.people[who].ID}
		if err := g.l.KPIValue(&kv); err != nil {
			return 0, err
		}
		g.counts.KPIValues++
	}
	return k.ID, nil
}

// kpiBase draws a plausible level for a KPI in its unit.
func (g *generator) kpiBase(t kpiTemplate) float64 {
	switch t.unit {
	case "NOK":
		return 1e6 + g.rng.Float64()*4e6
	case "%":
		if t.higher {
			return 60 + g.rng.Float64()*35
		}
		return 3 + g.rng.Float64()*10
	case "t":
		return 4 + g.rng.Float64()*16
	}
	return 100 + g.rng.Float64()*4900
}

// measure turns a template unit into a Measure: "%" is a percentage, three
// capitals a currency, "" a plain number, anything else a custom unit.
func measure(unit string) okr.Measure {
	switch {
	case unit == "%":
		return okr.Measure{Kind: okr.MeasurePercent}
	case unit == "":
		return okr.Measure{Kind: okr.MeasureNumber}
	case len(unit) == 3 && unit == upper(unit):
		return okr.Measure{Kind: okr.MeasureCurrency, Code: unit}
	}
	return okr.Measure{Kind: okr.MeasureCustom, Code: unit}
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// roundTo rounds v to a precision that suits the size of scale: whole
// numbers from 20 up, one decimal from 2, else two decimals.
func roundTo(v, scale float64) float64 {
	s := math.Abs(scale)
	switch {
	case s >= 20:
		return math.Round(v)
	case s >= 2:
		return math.Round(v*10) / 10
	}
	return math.Round(v*100) / 100
}
