package coach

import (
	"fmt"
	"strings"
)

// class is a set of word classes; a token or phrase can be in several.
type class uint32

const (
	cStop       class = 1 << iota // function word, ignored by the generic-objective check
	cGeneric                      // generic word: sell, more, users, marketing
	cVague                        // verb of effort: jobbe med, try to
	cActivity                     // verb of doing: lage, send, genomföra
	cActivityIf                   // verb of doing only with an activity object: holde (et seminar)
	cChange                       // direction of change: øke, færre, better
	cMetricVerb                   // metric verb: doble, halvera, triple
	cAcquire                      // a count after it is a target: få, skaffe, reach
	cComparator                   // over, minst, fra, at least
	cEndState                     // a yes/no end state: lansert, signerat, approved
	cDepend                       // a dependency: avhengig av, provided that
	cCond                         // a condition: når, så snart, once
	cDeliver                      // delivering: levert, klar, shipped
	cSelf                         // vi, oss, we
	cNegation                     // ikke, inte, not, uten
	cPercent                      // prosent, procent, percent
	cMoney                        // kr, millioner, MSEK, dollars
	cTimePrep                     // i, innen, by: a year after it is a date
	cMonth                        // a month name
	cLead                         // skipped before the leading verb: vi skal, we will
	cNumWord                      // a number word; its value is in lexicon.numbers
	cTimeUnit                     // uke, kvartal, week: a number before it is a date part
	cAux                          // har, has: a perfect tense follows ("har levert")
	cMilestone                    // a leading verb with a yes/no outcome: lansere, öppna, launch
	cRank                         // nummer, topp, top: a number after it is a rank
	cCountLead                    // ingen, null, alle, every: a leading count of none or all
	cModal                        // skal, ska, will: a verb of doing after it is an activity anywhere in the text
	cActDone                      // holdt, publicerade, published: an activity done, with an activity object near
	cOutcome                      // deltakere, leads, attendees: what an activity causes, counted
)

// entry is one line of a lexicon: patterns that all get the class cls.
// A pattern is one or more space-separated words; each word may hold
// alternatives in braces, so "øk{e,er,t,ning}" stands for øke, øker, økt and
// økning, and "{jobbe,jobber} med" for two two-word phrases.
type entry struct {
	cls  class
	pats string // patterns separated by "|"
}

// lexicon is the compiled word knowledge of one language.
type lexicon struct {
	lang    string
	words   map[string]class    // one-word patterns
	phrases map[string][]phrase // multi-word patterns by their first word
	numbers map[string]float64  // number words
	// actObjects are stems that make a cActivityIf verb an activity when a
	// word within a few words after it contains one (frokostseminar).
	actObjects []string
	// participles are endings of past participles ("-ert" in levert, "-at"
	// in renoverat, "-ed" in approved): after har/has they make a completed
	// action of someone else's a condition of the objective.
	participles []string
}

// withParticiples sets the participle endings of the lexicon.
func (lx *lexicon) withParticiples(endings ...string) *lexicon {
	lx.participles = endings
	return lx
}

// isParticiple reports whether w reads as a past participle.
func (lx *lexicon) isParticiple(w string) bool {
	for _, e := range lx.participles {
		if len(w) > len(e)+1 && strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

// phrase is a compiled multi-word pattern: each element is a set of forms.
type phrase struct {
	cls   class
	elems [][]string
}

func compile(lang string, entries []entry, numbers map[string]float64, actObjects []string) *lexicon {
	lx := &lexicon{
		lang: lang, words: map[string]class{}, phrases: map[string][]phrase{},
		numbers: numbers, actObjects: actObjects,
	}
	for w := range numbers {
		lx.words[w] |= cNumWord
	}
	for _, e := range entries {
		for _, p := range strings.Split(e.pats, "|") {
			lx.add(e.cls, strings.Fields(p))
		}
	}
	return lx
}

func (lx *lexicon) add(cls class, words []string) {
	if len(words) == 0 {
		return
	}
	elems := make([][]string, len(words))
	for i, w := range words {
		elems[i] = expand(w)
	}
	if len(elems) == 1 {
		for _, f := range elems[0] {
			lx.words[f] |= cls
		}
		return
	}
	for _, f := range elems[0] {
		lx.phrases[f] = append(lx.phrases[f], phrase{cls: cls, elems: elems[1:]})
	}
}

// expand returns every form a braced word stands for: "øk{e,t}" gives øke
// and økt; "{,u}mulig" gives mulig and umulig; several groups multiply.
func expand(w string) []string {
	i := strings.IndexByte(w, '{')
	if i < 0 {
		return []string{w}
	}
	j := strings.IndexByte(w[i:], '}')
	if j < 0 {
		panic(fmt.Sprintf("coach: unbalanced brace in lexicon word %q", w))
	}
	j += i
	var out []string
	for _, alt := range strings.Split(w[i+1:j], ",") {
		for _, rest := range expand(w[j+1:]) {
			out = append(out, w[:i]+alt+rest)
		}
	}
	return out
}

// hit is a class found in a text, over tokens [i, j).
type hit struct {
	cls  class
	i, j int
}

// mark returns every class the lexicon finds in toks: one hit per matching
// word or phrase, in text order.
func (lx *lexicon) mark(toks []token) []hit {
	hits := make([]hit, 0, len(toks))
	for i, t := range toks {
		if t.kind != tokWord {
			continue
		}
		if c, ok := lx.words[t.s]; ok {
			hits = append(hits, hit{c, i, i + 1})
		}
		for _, p := range lx.phrases[t.s] {
			if n := p.match(toks, i+1); n > 0 {
				hits = append(hits, hit{p.cls, i, i + 1 + n})
			}
		}
	}
	return hits
}

// match reports how many tokens from toks[i:] the rest of the phrase
// covers, or 0 when it does not match there.
func (p phrase) match(toks []token, i int) int {
	if i+len(p.elems) > len(toks) {
		return 0
	}
	for k, forms := range p.elems {
		if !contains(forms, toks[i+k].s) {
			return 0
		}
	}
	return len(p.elems)
}

func contains(forms []string, s string) bool {
	for _, f := range forms {
		if f == s {
			return true
		}
	}
	return false
}

// hasActObject reports whether a word names an activity object (a
// campaign, a seminar, a newsletter), also inside a compound.
func (lx *lexicon) hasActObject(w string) bool {
	for _, s := range lx.actObjects {
		if strings.Contains(w, s) {
			return true
		}
	}
	return false
}

// lexicons holds the compiled lexicon of each language the coach has rules
// for. nn shares the bokmål lexicon, which carries the nynorsk forms too.
var lexicons = map[string]*lexicon{
	"nb": lexiconNB,
	"nn": lexiconNB,
	"sv": lexiconSV,
	"da": lexiconDA,
	"en": lexiconEN,
}
