package coach

// numRole says what a number in a statement is.
type numRole uint8

const (
	numQuantity numRole = iota // a value that can be a target: 30 %, 1000 followers, top 3
	numYear                    // i 2025, by 2026
	numDate                    // 1. april, 30 September, June 1
	numOrdinal                 // uke 12, version 2, fase 3
	numName                    // part of a name or code: ISO 27001, SOC 2 Type II, 24/7
	numRank                    // a rank: nummer 1, topp 3, #1
)

// numUnit is what a quantity is counted in, as far as the text says.
type numUnit uint8

const (
	unitNone    numUnit = iota
	unitPercent         // 30 %, 20 prosent, 5 percent
	unitAmount          // money or a large amount: 1 MSEK, 3 millioner, $2M, 450 kr, 500k
)

// classifyNumbers sets role and unit on every number token of toks. Number
// words ("tre", "två", "ten") become number tokens first.
func classifyNumbers(toks []token, lx *lexicon) {
	for i := range toks {
		if v, ok := lx.numbers[toks[i].s]; ok && toks[i].kind == tokWord {
			toks[i].kind, toks[i].num = tokNumber, v
		}
	}
	for i := range toks {
		if toks[i].kind == tokNumber {
			toks[i].role, toks[i].unit = classifyNumber(toks, i, lx)
		}
	}
}

func classifyNumber(toks []token, i int, lx *lexicon) (numRole, numUnit) {
	t := toks[i]
	prev, next, next2 := at(toks, i-1), at(toks, i+1), at(toks, i+2)
	prevCls, nextCls := lx.classOf(prev), lx.classOf(next)
	adjacent := func(a, b token) bool { return a.end == b.start }
	switch {
	case prev.kind == tokWord && prev.allCaps && (next.kind == tokWord && next.capital || next.s == "-" && adjacent(t, next) || next.s == ""):
		return numName, unitNone // ISO 27001, SOC 2 Type II
	case next.s == "-" && adjacent(t, next) && next2.kind == tokWord && adjacent(next, next2):
		return numName, unitNone // 27001-sertifisering
	case (next.s == "/" && adjacent(t, next) && next2.kind == tokNumber && adjacent(next, next2)) ||
		(prev.s == "/" && adjacent(prev, t) && at(toks, i-2).kind == tokNumber && adjacent(at(toks, i-2), prev)):
		return numName, unitNone // 24/7
	case prevCls&cRank != 0 || prev.s == "#" || (prev.s == "." && lx.classOf(at(toks, i-2))&cRank != 0):
		return numRank, unitNone // nummer 1, topp 3, #1, nr. 1
	case prevCls&cTimeUnit != 0 && prev.kind == tokWord:
		return numOrdinal, unitNone // uke 12
	case next.s == "." && adjacent(t, next) && lx.classOf(next2)&(cMonth|cTimeUnit) != 0:
		return numDate, unitNone // 1. april, 4. kvartal
	case t.num >= 1 && t.num <= 31 && t.num == float64(int(t.num)) && (nextCls&cMonth != 0 || prevCls&cMonth != 0):
		return numDate, unitNone // 1 juni, June 1
	case isYear(t) && prevCls&(cTimePrep|cMonth) != 0 && !(next.kind == tokWord && nextCls&(cTimePrep|cStop|cMonth) == 0):
		return numYear, unitNone // i 2025
	}
	switch {
	case next.s == "%" || nextCls&cPercent != 0:
		return numQuantity, unitPercent
	case nextCls&cMoney != 0 || prevCls&cMoney != 0 || prev.s == "$" || prev.s == "€" || prev.s == "£" || next.s == "€":
		return numQuantity, unitAmount
	}
	return numQuantity, unitNone
}

// at returns toks[i], or the zero token when i is out of range.
func at(toks []token, i int) token {
	if i < 0 || i >= len(toks) {
		return token{}
	}
	return toks[i]
}

// classOf returns the classes the lexicon gives a single word.
func (lx *lexicon) classOf(t token) class {
	if t.kind != tokWord {
		return 0
	}
	return lx.words[t.s]
}

func isYear(t token) bool {
	return t.num >= 1900 && t.num <= 2100 && t.num == float64(int(t.num)) && t.end-t.start == 4
}
