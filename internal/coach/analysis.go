package coach

// analysis is one statement read for the rules: its tokens, its language,
// the lexicon of that language and every word class the lexicon found.
type analysis struct {
	text string
	lang string
	lx   *lexicon
	toks []token
	hits []hit
}

// analyze reads text. The language is detected from the text; fallback is
// used when the text does not tell (a two-word KR), and must be a language
// with a lexicon ("nb" if it is not).
func analyze(text, fallback string) *analysis {
	if lexicons[fallback] == nil {
		fallback = "nb"
	}
	toks := tokenize(text)
	lang := detect(toks, fallback)
	lx := lexicons[lang]
	classifyNumbers(toks, lx)
	return &analysis{text: text, lang: lang, lx: lx, toks: toks, hits: lx.mark(toks)}
}

// first returns the first hit with any class in c.
func (a *analysis) first(c class) (hit, bool) {
	return a.firstFrom(c, 0)
}

// firstFrom returns the first hit with a class in c that starts at token i
// or later.
func (a *analysis) firstFrom(c class, i int) (hit, bool) {
	for _, h := range a.hits {
		if h.cls&c != 0 && h.i >= i {
			return h, true
		}
	}
	return hit{}, false
}

// hitAt returns the hit with a class in c that starts at token i, preferring
// the longest (a phrase over a single word).
func (a *analysis) hitAt(c class, i int) (hit, bool) {
	var best hit
	found := false
	for _, h := range a.hits {
		if h.i == i && h.cls&c != 0 && (!found || h.j > best.j) {
			best, found = h, true
		}
	}
	return best, found
}

// tokenClass returns the classes of the one-word hits on token i.
func (a *analysis) tokenClass(i int) class {
	return a.lx.classOf(at(a.toks, i))
}

// negated reports whether a negation stands within the three tokens before
// token i ("ikke er avhengig av", "utan att vara beroende av").
func (a *analysis) negated(i int) bool {
	for k := max(0, i-3); k < i; k++ {
		if a.tokenClass(k)&cNegation != 0 {
			return true
		}
	}
	return false
}

// quantities returns the indexes of the number tokens that are quantities
// or ranks (not years, dates, ordinals or parts of names).
func (a *analysis) quantities() []int {
	var out []int
	for i, t := range a.toks {
		if t.kind == tokNumber && (t.role == numQuantity || t.role == numRank) {
			out = append(out, i)
		}
	}
	return out
}

// span returns the rune offsets of tokens [i, j) in the text.
func (a *analysis) span(i, j int) (start, end int) {
	if i >= len(a.toks) || j <= i {
		return 0, 0
	}
	return a.toks[i].start, a.toks[min(j, len(a.toks))-1].end
}

// quote returns the text of tokens [i, j) as written.
func (a *analysis) quote(i, j int) string {
	s, e := a.span(i, j)
	return slice(a.text, s, e)
}
