package coach

// The predicates of the statement rules. Each reads an analysis and says
// whether its rule applies and, when it can, which tokens it is about.

// objectiveMetric finds the metric an objective carries: a metric verb
// (doble, halvera, double), a percentage or an amount, a count of ten or
// more, or a number after a comparison (over, minst, at least) or after a
// verb of change or gain (øke, få, reach). Years, dates, ordinals and parts of
// names are not metrics, and neither is a small count of deliverables
// ("Levere 2 konkrete suksesshistorier"). It returns the rune span and the
// words as written.
func objectiveMetric(a *analysis) (start, end int, quote string, ok bool) {
	if h, found := a.first(cMetricVerb); found {
		s, e := a.span(h.i, h.j)
		return s, e, a.quote(h.i, h.j), true
	}
	changeBefore := false
	for i, t := range a.toks {
		if t.kind == tokWord && a.tokenClass(i)&(cChange|cAcquire) != 0 {
			changeBefore = true
		}
		if t.kind != tokNumber || t.role != numQuantity {
			continue
		}
		cmp, hasCmp := a.comparatorBefore(i)
		if t.unit == unitNone && t.num < 10 && !hasCmp && !changeBefore {
			continue
		}
		i0, j0 := a.numberSpan(i)
		if hasCmp && t.unit == unitNone {
			i0 = cmp // "minst 200"; a unit says enough on its own ("30 %", not "med 30 %")
		}
		s, e := a.span(i0, j0)
		return s, e, a.quote(i0, j0), true
	}
	return 0, 0, "", false
}

// comparatorBefore returns the start of a comparison word or phrase that ends
// right before token i ("over 3", "at least 40", "mer enn 50").
func (a *analysis) comparatorBefore(i int) (int, bool) {
	for _, h := range a.hits {
		if h.cls&cComparator != 0 && h.j == i {
			return h.i, true
		}
	}
	return 0, false
}

// numberSpan returns the tokens of the number at i with its currency sign
// and unit: "$2M", "30 %", "1 MSEK".
func (a *analysis) numberSpan(i int) (int, int) {
	i0, j0 := i, i+1
	if p := at(a.toks, i-1); p.kind == tokSymbol && (p.s == "$" || p.s == "€" || p.s == "£" || p.s == "+") {
		i0 = i - 1
	}
	if n := at(a.toks, i+1); (n.kind == tokSymbol && (n.s == "%" || n.s == "€")) ||
		a.tokenClass(i+1)&(cPercent|cMoney) != 0 {
		j0 = i + 2
	}
	return i0, j0
}

// objectiveGeneric reports whether an objective is made only of generic
// words ("Selge mer", "Get better at marketing"): at most five words besides
// function words, every one of them generic, and no number.
func objectiveGeneric(a *analysis) bool {
	words := 0
	for i, t := range a.toks {
		switch t.kind {
		case tokNumber:
			return false
		case tokWord:
			cls := a.tokenClass(i)
			if cls&cStop != 0 && cls&cGeneric == 0 {
				continue
			}
			if cls&cGeneric == 0 {
				return false
			}
			words++
		}
	}
	return words > 0 && words <= 5
}

// dependency finds where an objective depends on others: a dependency phrase
// (avhengig av, förutsatt att, provided that) that is not negated ("ikke
// avhengig av"), or a condition (når, så snart, once) followed within eight
// words by another party delivering ("når IT har levert"); a condition on
// the team's own delivery ("når vi har levert") does not count. It returns
// the token range to quote.
func dependency(a *analysis) (int, int, bool) {
	for _, h := range a.hits {
		if h.cls&cDepend != 0 && !a.negated(h.i) {
			return h.i, h.j, true
		}
	}
	for _, h := range a.hits {
		if h.cls&cCond == 0 {
			continue
		}
		for _, d := range a.hits {
			if d.cls&cDeliver != 0 && d.i >= h.j && d.i <= h.j+7 && !a.selfBetween(h.j, d.i) {
				return h.i, d.j, true
			}
		}
		if k, ok := a.perfectAfter(h.j); ok {
			return h.i, k + 1, true
		}
	}
	return 0, 0, false
}

// perfectAfter finds, within six tokens from i, another party's completed
// action: an auxiliary followed by a past participle ("hyresvärden har
// renoverat", "finance has approved"), with a subject before it that is not
// the team itself. It returns the participle's index.
func (a *analysis) perfectAfter(i int) (int, bool) {
	for k := i + 1; k < len(a.toks)-1 && k <= i+6; k++ {
		p := a.toks[k+1]
		if a.tokenClass(k)&cAux != 0 && p.kind == tokWord && a.lx.isParticiple(p.s) && !a.selfBetween(i, k) {
			return k + 1, true
		}
	}
	return 0, false
}

// selfBetween reports whether a first-person pronoun (vi, we) stands in
// tokens [i, j): the team itself is the subject.
func (a *analysis) selfBetween(i, j int) bool {
	for k := i; k < j; k++ {
		if a.tokenClass(k)&cSelf != 0 {
			return true
		}
	}
	return false
}

// activity finds the verb that makes a key result an activity, wherever it
// stands: the leading verb (after "vi skal", "we will" and a vague verb like
// "prøve å") or a verb after a modal later in the text ("Teamet skal holde
// 4 webinarer") that is a verb of doing (lage, skicka, hire, lansere), or a
// verb that is one with an activity object (holde et seminar, run a
// webinar); or a participle of doing next to an activity object ("12
// blogginnlegg publisert", "newsletter sent every month") when the text
// counts nothing the activity causes (deltakere, leads, attendees).
func activity(a *analysis) (hit, bool) {
	i := a.skipLead(0)
	if h, ok := a.hitAt(cVague, i); ok {
		i = a.skipLead(h.j)
	}
	if h, ok := a.doingAt(i); ok {
		return h, true
	}
	for _, m := range a.hits {
		if m.cls&cModal == 0 || m.i == 0 {
			continue
		}
		k := m.j
		if h, ok := a.hitAt(cVague, k); ok {
			k = h.j
			if a.tokenClass(k)&(cLead|cStop) != 0 && at(a.toks, k).kind == tokWord {
				k++ // "prøve å", "try to"
			}
		}
		if h, ok := a.doingAt(k); ok {
			return h, true
		}
	}
	for _, h := range a.hits {
		if h.cls&(cChange|cAcquire|cMetricVerb) != 0 || h.cls&cOutcome != 0 && a.countedBefore(h.i) {
			return hit{}, false // the text counts a result: "300 påmeldte"
		}
	}
	for _, h := range a.hits {
		if h.cls&cActDone == 0 {
			continue
		}
		for k := max(0, h.i-4); k < len(a.toks) && k <= h.j+3; k++ {
			if t := a.toks[k]; t.kind == tokWord && a.lx.hasActObject(t.s) {
				return h, true
			}
		}
	}
	return hit{}, false
}

// countedBefore reports whether a quantity stands within the three tokens
// before token i ("300 påmeldte", "250 attendees").
func (a *analysis) countedBefore(i int) bool {
	for k := max(0, i-3); k < i; k++ {
		if t := a.toks[k]; t.kind == tokNumber && t.role == numQuantity {
			return true
		}
	}
	return false
}

// doingAt returns the verb of doing at token i: a verb that is always one,
// or one that is with an activity object within five words after it.
func (a *analysis) doingAt(i int) (hit, bool) {
	if at(a.toks, i).kind != tokWord {
		return hit{}, false
	}
	if h, ok := a.hitAt(cActivity, i); ok {
		return h, true
	}
	if _, ok := a.hitAt(cActivityIf, i); ok {
		for k := i + 1; k < len(a.toks) && k <= i+5; k++ {
			if t := a.toks[k]; t.kind == tokWord && a.lx.hasActObject(t.s) {
				return hit{cActivity, i, k + 1}, true
			}
		}
	}
	return hit{}, false
}

// skipLead returns the index of the first token from i on that is not a
// leading word such as "vi", "skal", "we", "will" (at most three).
func (a *analysis) skipLead(i int) int {
	for n := 0; n < 3 && at(a.toks, i).kind == tokWord && a.tokenClass(i)&cLead != 0; n++ {
		i++
	}
	return i
}

// measurable reports whether a key result's text has something to measure:
// a quantity, a yes/no end state (signert, i drift, launched), a metric verb
// (doble), a leading verb with a yes/no outcome (lansere, öppna, launch), a
// leading count of none or all ("Null ulykker", "Alle avdelinger har …") or
// a completed state in the perfect tense ("har fullført kurset").
func measurable(a *analysis) bool {
	if len(a.quantities()) > 0 {
		return true
	}
	if _, ok := a.hitAt(cMilestone|cCountLead, a.skipLead(0)); ok {
		return true // "lansere …", "ingen alvorlige ulykker", "alle ansatte har …"
	}
	for k := 0; k+1 < len(a.toks); k++ {
		if p := a.toks[k+1]; a.tokenClass(k)&cAux != 0 && p.kind == tokWord && a.lx.isParticiple(p.s) {
			return true // a completed state: "alle ansatte har fullført kurset"
		}
	}
	for _, h := range a.hits {
		if h.cls&(cEndState|cMetricVerb) != 0 && !a.negated(h.i) {
			return true
		}
	}
	return false
}
