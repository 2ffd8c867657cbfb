package i18n

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// numStyle writes numbers as golang.org/x/text's printer writes them for
// one language, without its cost: a page of key results formats a few
// hundred numbers, and the printer's general machinery (a pattern, a
// decimal of its own, fmt's state) was 5 % of the objective page's server
// CPU (docs/performance.md, twelfth round). The separators, the minus and
// the percent pattern are not written here but read from the printer's
// own output once per language, so CLDR stays the source;
// TestNumbersAsTheirPrinter compares the two over many values, and
// anything the style does not know (a negative zero, more than 15
// decimals, a number of more than 60 digits) goes to the printer.
type numStyle struct {
	ok                  bool
	minus, group, dec   string
	pctPrefix, pctAfter string
}

var numStyles sync.Map // language → *numStyle

// styleOf returns lang's style, read from p on first use.
func styleOf(lang string, p *message.Printer) *numStyle {
	if st, ok := numStyles.Load(lang); ok {
		return st.(*numStyle)
	}
	st := readStyle(p)
	numStyles.Store(lang, st)
	return st
}

// readStyle reads the separators from -1234.5 and the percent pattern
// from 12.345 (1 234,5 %) as p prints them.
func readStyle(p *message.Printer) *numStyle {
	st := &numStyle{}
	neg := p.Sprint(number.Decimal(-1234.5, number.MaxFractionDigits(1)))
	i := strings.IndexByte(neg, '1')
	j := strings.Index(neg, "234")
	k := strings.LastIndexByte(neg, '5')
	if i < 0 || j < i+1 || k < j+3 || k != len(neg)-1 {
		return st
	}
	st.minus, st.group, st.dec = neg[:i], neg[i+1:j], neg[j+3:k]
	pct := p.Sprint(number.Percent(12.345, number.MaxFractionDigits(1)))
	body := "1" + st.group + "234" + st.dec + "5"
	b := strings.Index(pct, body)
	if b < 0 {
		return st
	}
	st.pctPrefix, st.pctAfter = pct[:b], pct[b+len(body):]
	if p.Sprint(number.Percent(-12.345, number.MaxFractionDigits(1))) != st.minus+pct {
		return st
	}
	st.ok = st.minus != "" && st.group != "" && st.dec != ""
	return st
}

// format writes x (as a percentage of it when pct) with at most
// maxDecimals decimals, rounded as the printer rounds: x's exact binary
// value to the nearest, a tie to even (strconv's rounding); ok is false
// when it leaves x to the printer.
func (st *numStyle) format(x float64, maxDecimals int, pct bool) (string, bool) {
	if x == 0 && math.Signbit(x) || maxDecimals < 0 || maxDecimals > 15 {
		return "", false
	}
	prec := maxDecimals
	if pct {
		prec += 2
	}
	var buf [80]byte
	d := strconv.AppendFloat(buf[:0], math.Abs(x), 'f', prec, 64)
	if len(d) > 60 {
		return "", false
	}
	// d is every digit of |x| rounded to prec decimals, with a point;
	// a percentage moves the point two places right.
	dot := bytes.IndexByte(d, '.')
	if dot < 0 {
		dot = len(d)
	} else {
		copy(d[dot:], d[dot+1:])
		d = d[:len(d)-1]
	}
	point := dot
	if pct {
		point += 2
	}
	intD, fracD := d[:point], d[point:]
	for len(fracD) > 0 && fracD[len(fracD)-1] == '0' {
		fracD = fracD[:len(fracD)-1]
	}
	for len(intD) > 1 && intD[0] == '0' {
		intD = intD[1:]
	}
	if len(intD) == 0 {
		intD = []byte{'0'}
	}
	var b strings.Builder
	b.Grow(len(intD) + len(intD)/3*len(st.group) + len(fracD) + 8)
	if x < 0 {
		b.WriteString(st.minus)
	}
	if pct {
		b.WriteString(st.pctPrefix)
	}
	for i, c := range intD {
		if i > 0 && (len(intD)-i)%3 == 0 {
			b.WriteString(st.group)
		}
		b.WriteByte(c)
	}
	if len(fracD) > 0 {
		b.WriteString(st.dec)
		b.Write(fracD)
	}
	if pct {
		b.WriteString(st.pctAfter)
	}
	return b.String(), true
}
