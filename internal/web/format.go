package web

import (
	"math"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// Val formats a KR or KPI value in its unit of measure and the page's
// language: "1 500", "2,5 %", "1 500 kr", "12 h".
func (p *Page) Val(m okr.Measure, v float64) string {
	switch m.Kind {
	case okr.MeasurePercent:
		return p.L.Percent(v/100, 2)
	case okr.MeasureCurrency:
		return p.L.Money(v, m.Code)
	case okr.MeasureCustom:
		if m.Code != "" {
			return p.L.Number(v, 2) + "\u00a0" + m.Code
		}
	}
	return p.L.Number(v, 2)
}

// Current formats a KR's latest value: "–" before the first check-in, yes
// or no for a yes/no KR, "3 of 5" for milestones.
func (p *Page) Current(kr *okr.KeyResult) string {
	switch kr.Metric.Kind {
	case okr.MetricMilestones:
		done := 0
		for _, m := range kr.Milestones {
			if m.Done {
				done++
			}
		}
		return p.L.T("kr.of", "Done", done, "Total", len(kr.Milestones))
	case okr.MetricBoolean:
		if kr.Current != nil && *kr.Current >= 1 {
			return p.L.T("word.yes")
		}
		return p.L.T("word.no")
	}
	if kr.Current == nil {
		return "–"
	}
	return p.Val(kr.Metric.Unit, *kr.Current)
}

// Goal says what the KR aims for in words: "from 1 000 to 1 500",
// "stay at or above 95 %", "yes/no", "5 milestones".
func (p *Page) Goal(kr *okr.KeyResult) string {
	m := kr.Metric
	switch k := m.Kind; {
	case k.HasStart():
		return p.L.T("kr.from_to", "Start", p.Val(m.Unit, m.Start), "Target", p.Val(m.Unit, m.Target))
	case k == okr.MetricStayAbove:
		return p.L.T("kr.stay_above", "Target", p.Val(m.Unit, m.Target))
	case k == okr.MetricStayBelow:
		return p.L.T("kr.stay_below", "Target", p.Val(m.Unit, m.Target))
	case k == okr.MetricMilestones:
		return p.L.N("kr.milestones", len(kr.Milestones))
	}
	return p.L.T("kr.yes_no")
}

// Numeric reports whether the KR takes a number at check-in (not yes/no and
// not milestones).
func Numeric(kr *okr.KeyResult) bool {
	return kr.Metric.Kind.IsNumeric()
}

// InputValue formats a number for a form field in the page's language,
// without grouping: "1500,5" in bokmål and Swedish, "1500.5" in English.
func (p *Page) InputValue(v *float64) string {
	if v == nil {
		return ""
	}
	s := strconv.FormatFloat(*v, 'f', -1, 64)
	if p.Lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// UnitSuffix is the unit shown after a number field: "%", "kr", "h".
func (p *Page) UnitSuffix(m okr.Measure) string {
	switch m.Kind {
	case okr.MeasurePercent:
		return "%"
	case okr.MeasureCurrency:
		if (m.Code == "NOK" && p.Lang == "nb") || (m.Code == "SEK" && p.Lang == "sv") {
			return "kr"
		}
		return m.Code
	case okr.MeasureCustom:
		return m.Code
	}
	return ""
}

// parseNumber reads a number typed in any of the languages: "1 500,5",
// "1500.5", "1,500.5" (English grouping) and "−3" all work. ok is false for
// anything else.
func parseNumber(s, lang string) (float64, bool) {
	s = strings.TrimSpace(s)
	s = strings.NewReplacer("\u00a0", "", "\u202f", "", " ", "", "−", "-", "%", "").Replace(s)
	if s == "" {
		return 0, false
	}
	hasComma, hasDot := strings.Contains(s, ","), strings.Contains(s, ".")
	switch {
	case hasComma && hasDot:
		// The later separator is the decimal one.
		if strings.LastIndex(s, ",") > strings.LastIndex(s, ".") {
			s = strings.ReplaceAll(s, ".", "")
			s = strings.Replace(s, ",", ".", 1)
		} else {
			s = strings.ReplaceAll(s, ",", "")
		}
	case hasComma:
		if lang == "en" && strings.Count(s, ",") >= 1 && len(s)-strings.LastIndex(s, ",") == 4 {
			s = strings.ReplaceAll(s, ",", "") // English thousands: "1,500"
		} else {
			s = strings.Replace(s, ",", ".", 1)
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false // "NaN", "Inf" and numbers too large for a float are not numbers here
	}
	return v, true
}
