package okrfile

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// textScalar is a document type written as one plain scalar: the walker
// hands it the scalar's text, the emitter asks it for its text.
type textScalar interface {
	parseText(s string) error
	text() string
}

// date is a calendar day, YYYY-MM-DD, held as UTC midnight.
type date struct{ t time.Time }

const dateLayout = "2006-01-02"

func (d *date) parseText(s string) error {
	t, err := time.Parse(dateLayout, strings.TrimSpace(s))
	if err != nil {
		return errors.New("must be a date YYYY-MM-DD")
	}
	d.t = t
	return nil
}

func (d *date) text() string { return d.t.UTC().Format(dateLayout) }

func newDate(t time.Time) *date {
	if t.IsZero() {
		return nil
	}
	return &date{t}
}

// stamp is an instant, written in RFC 3339 in UTC with as many fractional
// second digits as needed. A bare date YYYY-MM-DD is read as its UTC midnight.
type stamp struct{ t time.Time }

func (s *stamp) parseText(v string) error {
	v = strings.TrimSpace(v)
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		s.t = t.UTC()
		return nil
	}
	if t, err := time.Parse(dateLayout, v); err == nil {
		s.t = t
		return nil
	}
	return errors.New("must be a time in RFC 3339 (2025-01-10T15:00:00Z) or a date YYYY-MM-DD")
}

func (s *stamp) text() string { return s.t.UTC().Format(time.RFC3339Nano) }

func newStamp(t time.Time) *stamp {
	if t.IsZero() {
		return nil
	}
	return &stamp{t.UTC()}
}

// fraction is a share between 0 and 1 in okr values. In the file it is a
// number (0.57) or, for hand-written files, a percentage ("57%" or "57 %").
// It is always written as a number.
type fraction float64

func (f *fraction) parseText(s string) error {
	s = strings.TrimSpace(s)
	p, ok := strings.CutSuffix(s, "%")
	if !ok {
		return errors.New(`must be a number (0.57) or a percentage ("57%")`)
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return errors.New(`must be a number (0.57) or a percentage ("57%")`)
	}
	*f = fraction(x / 100)
	return nil
}

func (f *fraction) text() string { return formatFloat(float64(*f)) }

func newFraction(x float64) *fraction { f := fraction(x); return &f }

func newFloat(x float64) *float64 { return &x }

// formatFloat writes x so that the YAML parser reads back exactly x: the
// shortest decimal that round-trips, in positional notation for ordinary
// magnitudes and with an exponent (and a mantissa with a point, which YAML
// needs to see a float) for very large or small ones.
func formatFloat(x float64) string {
	if x == 0 {
		return "0" // also turns -0 into 0
	}
	if a := math.Abs(x); a >= 1e-4 && a < 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	s := strconv.FormatFloat(x, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	return mant + "e" + exp
}
