package i18n

import (
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// formatter formats numbers with golang.org/x/text (CLDR separators and
// percent patterns) and dates with the CLDR abbreviated month names, which
// golang.org/x/text does not provide.
type formatter struct {
	lang   string
	p      *message.Printer
	months [12]string
}

var monthNames = map[string][12]string{
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	"nb": {"jan.", "feb.", "mar.", "apr.", "mai", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "des."},
	"sv": {"jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "dec."},
}

func newFormatter(lang string) formatter {
	return formatter{lang: lang, p: message.NewPrinter(language.MustParse(lang)), months: monthNames[lang]}
}

// Number formats x with at most maxDecimals decimals (trailing zeros
// dropped) and the language's separators: bokmål and Swedish "1 234,5",
// English "1,234.5".
func (l *Localizer) Number(x float64, maxDecimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	if st := styleOf(l.Lang, l.f.p); st.ok {
		if s, ok := st.format(x, maxDecimals, false); ok {
			return s
		}
	}
	return l.f.p.Sprint(number.Decimal(x, number.MaxFractionDigits(maxDecimals)))
}

// Percent formats a fraction (0.015) as a percentage with at most
// maxDecimals decimals: bokmål and Swedish "1,5 %", English "1.5%".
func (l *Localizer) Percent(frac float64, maxDecimals int) string {
	if math.IsNaN(frac) || math.IsInf(frac, 0) {
		return "–"
	}
	if st := styleOf(l.Lang, l.f.p); st.ok {
		if s, ok := st.format(frac, maxDecimals, true); ok {
			return s
		}
	}
	return l.f.p.Sprint(number.Percent(frac, number.MaxFractionDigits(maxDecimals)))
}

// Pct formats a fraction as a whole percentage ("57 %"), the usual way
// progress is shown.
func (l *Localizer) Pct(frac float64) string { return l.Percent(frac, 0) }

// Points formats a difference of two fractions in percentage points,
// with a sign: "+12 pp" ("+12 p.p." is not used in any of the languages'
// UI conventions, so the unit is translated as a message).
func (l *Localizer) Points(diff float64) string {
	n := l.Number(math.Round(diff*100), 0)
	if diff > 0.005 {
		n = "+" + n
	}
	return l.T("unit.points", "N", n)
}

// Date formats a calendar date: bokmål "22. nov. 2026", Swedish
// "22 nov. 2026", English "Nov 22, 2026". The date is read in UTC, as the
// store keeps calendar dates at UTC midnight.
func (l *Localizer) Date(t time.Time) string {
	t = t.UTC()
	return l.dayMonth(t) + l.yearSuffix(t)
}

// DayMonth formats a date without its year, for chart axes and lists
// within one period: "22. nov.", "22 nov.", "Nov 22".
func (l *Localizer) DayMonth(t time.Time) string { return l.dayMonth(t.UTC()) }

func (l *Localizer) dayMonth(t time.Time) string {
	d, m := strconv.Itoa(t.Day()), l.f.months[t.Month()-1]
	switch l.Lang {
	case "nb":
		return d + ". " + m
	case "sv":
		return d + " " + m
	}
	return m + " " + d
}

func (l *Localizer) yearSuffix(t time.Time) string {
	if l.Lang == "en" {
		return ", " + strconv.Itoa(t.Year())
	}
	return " " + strconv.Itoa(t.Year())
}

// DateTime formats an instant in loc (UTC when nil) with a 24-hour clock:
// "22. nov. 2026 14:05"; English uses "Nov 22, 2026, 14:05".
func (l *Localizer) DateTime(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	d := l.dayMonth(t) + l.yearSuffix(t)
	if l.Lang == "en" {
		d += ","
	}
	return d + " " + t.Format("15:04")
}

// ISODate formats a date as YYYY-MM-DD, for machine-readable attributes
// (<time datetime>, form values).
func ISODate(t time.Time) string { return t.UTC().Format("2006-01-02") }

// Money formats an amount with an ISO currency code: bokmål and Swedish put
// the code after the number ("1 500 kr" for NOK and SEK, "1 500 EUR"),
// English before it ("NOK 1,500").
func (l *Localizer) Money(x float64, code string) string {
	n := l.Number(x, 2)
	code = strings.ToUpper(code)
	if l.Lang == "en" {
		return code + " " + n
	}
	if (code == "NOK" && l.Lang == "nb") || (code == "SEK" && l.Lang == "sv") || code == "" {
		return n + "\u00a0kr"
	}
	return n + "\u00a0" + code
}
