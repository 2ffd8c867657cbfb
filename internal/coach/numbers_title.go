package coach

import "math"

// multipliers are the words after a number that scale it: "3 millioner",
// "500k", "2 MSEK".
var multipliers = map[string]float64{
	"k": 1e3, "tusen": 1e3, "thousand": 1e3, "tusind": 1e3, "tkr": 1e3, "kkr": 1e3,
	"m": 1e6, "mill": 1e6, "million": 1e6, "millions": 1e6, "millioner": 1e6, "miljon": 1e6,
	"miljoner": 1e6, "mn": 1e6, "mnok": 1e6, "msek": 1e6, "mkr": 1e6, "mnkr": 1e6, "mio": 1e6,
	"bn": 1e9, "billion": 1e9, "billions": 1e9, "mrd": 1e9, "milliard": 1e9, "milliarder": 1e9,
	"miljard": 1e9, "miljarder": 1e9, "mdkr": 1e9, "mia": 1e9,
}

// titleTarget is the target a key result's text states, with the tokens
// that state it.
type titleTarget struct {
	value   float64 // as written, before the multiplier
	mult    float64 // 1, or the multiplier written after it (millioner: 1e6)
	percent bool
	i, j    int // tokens of the number (with its sign and unit)
	numTok  int // the number token itself
}

// statedTarget finds the target a key result's text states as an absolute
// value: the number after "til", "to" or "till" following a change or a
// "fra/from" ("fra 30 til 50", "Øke NPS til 50"), or the number after a
// threshold comparison ("minst 500", "under 2 %", "at least 40"). A number
// after "med" or "by" is a change, not a target, and a plain count ("Skaffe
// 1000 nye følgere") may be a gain on top of the start, so neither counts.
func statedTarget(a *analysis) (titleTarget, bool) {
	var found titleTarget
	ok := false
	for i, t := range a.toks {
		if t.kind != tokNumber || t.role != numQuantity {
			continue
		}
		k := i
		if p := at(a.toks, i-1); p.kind == tokSymbol && p.s != "%" {
			k = i - 1 // "til $2M"
		}
		cmp, hasCmp := a.comparatorBefore(k)
		if !hasCmp {
			continue
		}
		w := a.quote(cmp, k)
		if !isTargetComparator(lowerASCII(w)) {
			continue
		}
		i0, j0 := a.numberSpan(i)
		tt := titleTarget{value: t.num, mult: 1, percent: t.unit == unitPercent, i: i0, j: j0, numTok: i}
		if n := at(a.toks, i+1); n.kind == tokWord {
			if m, isMult := multipliers[n.s]; isMult {
				tt.mult, tt.j = m, max(j0, i+2)
			}
		}
		found, ok = tt, true // the last one wins: "fra 30 til 50"
	}
	return found, ok
}

// isTargetComparator reports whether a comparison word introduces an
// absolute target (to, til, minst, at least, under) rather than a change
// (med, by) or a start (fra, from).
func isTargetComparator(w string) bool {
	switch w {
	case "med", "by", "fra", "frå", "from", "från", "up to", "opp til", "upp till", "op til", "inntil", "opptil":
		return false
	}
	return true
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// agrees reports whether the stated target is the metric's target, read
// with its multiplier or as a share ("30 %" and 0.3).
func (tt titleTarget) agrees(target float64) bool {
	same := func(x float64) bool { return math.Abs(x-target) <= 1e-9*math.Max(1, math.Abs(target)) }
	if same(tt.value) || same(tt.value*tt.mult) {
		return true
	}
	return tt.percent && same(tt.value/100)
}
