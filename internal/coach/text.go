package coach

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word, number or symbol of a statement. s is normalised
// (lower-case, typographic variants folded); start and end are rune offsets
// into the original text, so findings can point at what they concern.
type token struct {
	s          string
	start, end int
	kind       tokenKind
	// capital and allCaps tell how a word is written in the original text
	// ("Type", "ISO").
	capital, allCaps bool
	// For numbers: the value and how the text around it qualifies it.
	num  float64
	role numRole
	unit numUnit
}

type tokenKind uint8

const (
	tokNone   tokenKind = iota // the zero token, before the first or after the last
	tokWord                    // letters, possibly with inner hyphens and digits
	tokNumber                  // digits, with thousands separators and a decimal part
	tokSymbol                  // % $ € £ + and the like
)

// normalizeRune folds one rune to the form the lexicons are written in.
// It maps each rune to exactly one rune so that offsets in the normalised
// text are offsets in the original.
func normalizeRune(r rune) rune {
	switch r {
	case '\u00a0', '\u2007', '\u202f', '\u2009', '\t', '\n', '\r':
		return ' '
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
		return '-'
	case '\u2018', '\u2019', '\u00b4', '`':
		return '\''
	case '\u201c', '\u201d', '\u00ab', '\u00bb', '\u201e':
		return '"'
	}
	return unicode.ToLower(r)
}

// tokenize splits s into tokens. Words are letter runs, joined across an
// inner hyphen or apostrophe ("e-post", "demo-bookinger"); numbers are digit
// runs with their thousands groups ("2 000", "10.000") and decimal part
// ("1,5", "2.5"); every other non-space rune that matters is a symbol.
// Token texts are slices of one normalised copy of s, so tokenizing costs a
// few allocations whatever the number of tokens.
func tokenize(s string) []token {
	n := utf8.RuneCountInString(s)
	buf := make([]rune, 2*n)
	rs, orig := buf[:n], buf[n:]
	k := 0
	for _, r := range s {
		rs[k], orig[k] = normalizeRune(r), r
		k++
	}
	ns := string(rs)
	toks := make([]token, 0, n/4+1)
	b := 0 // byte offset of rs[i] in ns
	for i := 0; i < n; {
		r, j := rs[i], i+1
		t := token{start: i, kind: tokSymbol}
		switch {
		case unicode.IsLetter(r):
			j, t.kind = wordEnd(rs, i), tokWord
			t.capital, t.allCaps = unicode.IsUpper(orig[i]), j-i > 1 && allUpper(orig[i:j])
		case unicode.IsDigit(r):
			j, t.num = scanNumber(rs, i)
			t.kind = tokNumber
		case !strings.ContainsRune("%$€£+-/.#", r):
			t.kind = tokNone
		}
		e := b
		for _, r := range rs[i:j] {
			e += utf8.RuneLen(r)
		}
		if t.kind != tokNone {
			t.s, t.end = ns[b:e], j
			toks = append(toks, t)
		}
		i, b = j, e
	}
	return toks
}

func allUpper(rs []rune) bool {
	for _, r := range rs {
		if unicode.IsLetter(r) && !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// wordEnd returns the end of the word starting at i. Digits inside a word
// keep it one word ("q3", "b2b", "h1").
func wordEnd(rs []rune, i int) int {
	j := i
	for j < len(rs) {
		r := rs[j]
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			j++
			continue
		}
		if (r == '-' || r == '\'') && j+1 < len(rs) && unicode.IsLetter(rs[j+1]) {
			j++
			continue
		}
		break
	}
	return j
}

// scanNumber reads the number starting at rs[i] and returns its end and
// value. "2 000", "10.000" and "1,500,000" are thousands; "1,5" and "2.5"
// are decimals; a separator followed by exactly three digits after a group
// of at most three digits is read as a thousands separator.
func scanNumber(rs []rune, i int) (int, float64) {
	j := digitsEnd(rs, i)
	intPart := string(rs[i:j])
	first := j - i
	for first <= 3 && j+4 <= len(rs) && isGroupSep(rs[j]) && digitsEnd(rs, j+1) == j+4 {
		intPart += string(rs[j+1 : j+4])
		j += 4
	}
	v := atof(intPart)
	if j+1 < len(rs) && (rs[j] == ',' || rs[j] == '.') && unicode.IsDigit(rs[j+1]) {
		k := digitsEnd(rs, j+1)
		v += atof(string(rs[j+1:k])) / pow10(k-j-1)
		j = k
	}
	return j, v
}

func isGroupSep(r rune) bool { return r == ' ' || r == '.' || r == ',' || r == '\'' }

func digitsEnd(rs []rune, i int) int {
	for i < len(rs) && unicode.IsDigit(rs[i]) {
		i++
	}
	return i
}

func atof(s string) float64 {
	v := 0.0
	for _, r := range s {
		v = v*10 + float64(r-'0')
	}
	return v
}

func pow10(n int) float64 {
	p := 1.0
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

// runeLen returns the number of runes in s.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// slice returns the runes [start, end) of s; it is used to quote the words
// a finding concerns.
func slice(s string, start, end int) string {
	rs := []rune(s)
	start, end = max(0, min(start, len(rs))), max(0, min(end, len(rs)))
	if start >= end {
		return ""
	}
	return string(rs[start:end])
}
