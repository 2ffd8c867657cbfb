package coach

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A suggestion is a rewritten statement built from the user's own words,
// in the language the statement is written in, with placeholders (X, Y,
// [hvem]) where only the user knows the value. The editor offers it with one
// click; `okr lint` and the API return it in Finding.Suggestion.

// phrasesFor are the pieces suggestions are built from, per text language.
type suggestPhrases struct {
	target    string // appended to a statement that says which way but not how far
	measured  string // appended to an outcome with nothing to count
	specific  string // appended to a generic objective
	outcomeOf string // the result an activity should cause, {act} is the activity
	outcomes  map[string]string
}

var suggestions = map[string]suggestPhrases{
	"nb": {" fra X til Y innen periodens slutt", ", målt som [tall] fra X til Y innen periodens slutt",
		" for [hvem], slik at [hva som blir merkbart bedre]", "Øke [det «{act}» skal gi] fra X til Y innen periodens slutt",
		map[string]string{
			"event":    "Øke antall kvalifiserte leads fra arrangementene fra X til Y innen periodens slutt",
			"content":  "Øke organisk trafikk fra innholdet fra X til Y besøk per måned innen periodens slutt",
			"mail":     "Øke klikkraten på utsendelsene fra X % til Y % innen periodens slutt",
			"campaign": "Øke antall leads fra kampanjen fra X til Y innen periodens slutt",
			"launch":   "Øke antall aktive brukere av {obj} fra X til Y innen periodens slutt",
			"hire":     "[Det {obj} skal få til] fra X til Y innen periodens slutt",
		}},
	"nn": {" frå X til Y innan slutten av perioden", ", målt som [tal] frå X til Y innan slutten av perioden",
		" for [kven], slik at [kva som blir merkbart betre]", "Auke [det «{act}» skal gje] frå X til Y innan slutten av perioden",
		map[string]string{
			"event":    "Auke talet på kvalifiserte leads frå arrangementa frå X til Y innan slutten av perioden",
			"content":  "Auke organisk trafikk frå innhaldet frå X til Y besøk per månad innan slutten av perioden",
			"mail":     "Auke klikkraten på utsendingane frå X % til Y % innan slutten av perioden",
			"campaign": "Auke talet på leads frå kampanjen frå X til Y innan slutten av perioden",
			"launch":   "Auke talet på aktive brukarar av {obj} frå X til Y innan slutten av perioden",
			"hire":     "[Det {obj} skal få til] frå X til Y innan slutten av perioden",
		}},
	"sv": {" från X till Y före periodens slut", ", mätt som [tal] från X till Y före periodens slut",
		" för [vem], så att [vad som blir märkbart bättre]", "Öka [det ”{act}” ska ge] från X till Y före periodens slut",
		map[string]string{
			"event":    "Öka antalet kvalificerade leads från evenemangen från X till Y före periodens slut",
			"content":  "Öka den organiska trafiken från innehållet från X till Y besök per månad före periodens slut",
			"mail":     "Öka klickgraden på utskicken från X % till Y % före periodens slut",
			"campaign": "Öka antalet leads från kampanjen från X till Y före periodens slut",
			"launch":   "Öka antalet aktiva användare av {obj} från X till Y före periodens slut",
			"hire":     "[Det {obj} ska åstadkomma] från X till Y före periodens slut",
		}},
	"da": {" fra X til Y inden periodens udgang", ", målt som [tal] fra X til Y inden periodens udgang",
		" for [hvem], så [hvad der bliver mærkbart bedre]", "Øge [det «{act}» skal give] fra X til Y inden periodens udgang",
		map[string]string{
			"event":    "Øge antallet af kvalificerede leads fra arrangementerne fra X til Y inden periodens udgang",
			"content":  "Øge den organiske trafik fra indholdet fra X til Y besøg om måneden inden periodens udgang",
			"mail":     "Øge klikraten på udsendelserne fra X % til Y % inden periodens udgang",
			"campaign": "Øge antallet af leads fra kampagnen fra X til Y inden periodens udgang",
			"launch":   "Øge antallet af aktive brugere af {obj} fra X til Y inden periodens udgang",
			"hire":     "[Det {obj} skal opnå] fra X til Y inden periodens udgang",
		}},
	"en": {" from X to Y by the end of the period", ", measured as [number] from X to Y by the end of the period",
		" for [whom], so that [what gets noticeably better]", "Raise [what “{act}” should cause] from X to Y by the end of the period",
		map[string]string{
			"event":    "Raise qualified leads from the events from X to Y by the end of the period",
			"content":  "Raise organic traffic from the content from X to Y visits a month by the end of the period",
			"mail":     "Raise the click rate of the mailings from X % to Y % by the end of the period",
			"campaign": "Raise leads from the campaign from X to Y by the end of the period",
			"launch":   "Raise active users of {obj} from X to Y by the end of the period",
			"hire":     "[What {obj} should achieve] from X to Y by the end of the period",
		}},
}

// activityKinds sorts activity objects into the outcomes suggestions name.
var activityKinds = []struct{ kind, stems string }{
	{"mail", "nyhetsbrev nyhedsbrev newsletter e-post epost email e-mail mejl utsendel utskick"},
	{"campaign", "kampanj campaign annons annonce ads"},
	{"event", "webinar webbinar seminar workshop konferan konferens konference frokost frukost morgenmad breakfast messe mässa event evenemang arrangement meetup fagdag samling kurs course training opplæring utbildning hackathon"},
	{"content", "innlegg inlägg indlæg artik article blogg blog kundecase kundcase case video podkast podcast podd guide"},
}

func phrasesOf(lang string) suggestPhrases {
	if p, ok := suggestions[lang]; ok {
		return p
	}
	return suggestions["en"]
}

// suggestTarget appends a from-to target to a statement that says which way
// but not how far: "Øke trafikken" → "Øke trafikken fra X til Y innen
// periodens slutt".
func suggestTarget(a *analysis) string {
	return trimEnd(a.text) + phrasesOf(a.lang).target
}

// suggestMeasured appends what to count to an outcome with nothing to count.
func suggestMeasured(a *analysis) string {
	return trimEnd(a.text) + phrasesOf(a.lang).measured
}

// suggestSpecific appends who and what gets better to a generic objective.
func suggestSpecific(a *analysis) string {
	return trimEnd(a.text) + phrasesOf(a.lang).specific
}

// suggestWithout drops tokens [i, j) from the statement, with an
// infinitive marker right after them ("Jobbe med å øke …" → "Øke …"), and
// adds a target when what is left says a direction but no target, or what
// to count when it says neither.
func suggestWithout(a *analysis, i, j int) string {
	if t := at(a.toks, j); t.kind == tokWord && (t.s == "å" || t.s == "att" || t.s == "to" || t.s == "at" || t.s == "og") {
		j++
	}
	s, _ := a.span(i, j)
	e := runeLen(a.text)
	if j < len(a.toks) {
		e = a.toks[j].start
	}
	rs := []rune(a.text)
	rest := strings.TrimSpace(string(rs[:s]) + string(rs[e:]))
	rest = strings.Join(strings.Fields(rest), " ")
	if rest == "" {
		return ""
	}
	if s == 0 || i == 0 {
		rest = upperFirst(rest)
	}
	b := analyze(rest, a.lang)
	switch {
	case measurable(b):
		return rest
	case hasClass(b, cChange):
		return trimEnd(rest) + phrasesOf(a.lang).target
	}
	return trimEnd(rest) + phrasesOf(a.lang).measured
}

// suggestOutcome turns an activity into the result it should cause: a
// known kind of activity (an event, a newsletter, a campaign, content, a
// launch, a hire) gets that kind's usual outcome, with the user's words for
// what is launched or who is hired; any other names the activity.
func suggestOutcome(a *analysis, act hit) string {
	p := phrasesOf(a.lang)
	for _, t := range a.toks {
		for _, k := range activityKinds {
			for _, stem := range strings.Fields(k.stems) {
				if t.kind == tokWord && strings.Contains(t.s, stem) {
					return p.outcomes[k.kind]
				}
			}
		}
	}
	verb := at(a.toks, act.i).s
	obj := strings.TrimSpace(slice(a.text, at(a.toks, act.j-1).end, runeLen(a.text)))
	if act.j-act.i == 1 && obj != "" {
		switch {
		case launchVerbs[verb]:
			return strings.ReplaceAll(p.outcomes["launch"], "{obj}", trimEnd(obj))
		case hireVerbs[verb]:
			return strings.ReplaceAll(p.outcomes["hire"], "{obj}", trimEnd(obj))
		}
	}
	return strings.ReplaceAll(p.outcomeOf, "{act}", lowerFirst(trimEnd(a.text)))
}

var (
	launchVerbs = wordSet("lansere lanser launch lansera lancere lancer")
	helpVerbs   = wordSet("help helps helping support supporting hjelpe hjelper hjälpa hjälper hjælpe hjælper")
	hireVerbs   = wordSet("ansette ansett tilsette tilsett hire anställa anställ ansætte ansæt recruit employ")
)

// suggestNumber replaces the stated target with the metric's.
func suggestNumber(a *analysis, tt titleTarget, target float64) string {
	v := target
	if tt.mult > 1 && !tt.agrees(target) {
		v = target / tt.mult
	}
	if tt.percent && target > 0 && target < 1 && tt.value >= 1 {
		v = target * 100
	}
	num := strconv.FormatFloat(v, 'f', -1, 64)
	if a.lang != "en" {
		num = strings.Replace(num, ".", ",", 1)
	}
	t := a.toks[tt.numTok]
	rs := []rune(a.text)
	return string(rs[:t.start]) + num + string(rs[t.end:])
}

func hasClass(a *analysis, c class) bool {
	_, ok := a.first(c)
	return ok
}

func trimEnd(s string) string { return strings.TrimRight(strings.TrimSpace(s), ".!;:,") }

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// lowerFirst lower-cases the first letter unless the word is written in
// capitals (an acronym or a name: "CRM", "Vipps").
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// suggestWithoutClause drops a dependency clause, tokens [i, j), from an
// objective: "Lansere appen når IT har levert API-et" → "Lansere appen".
// It returns "" when little would be left.
func suggestWithoutClause(a *analysis, i, j int) string {
	s, _ := a.span(i, j)
	rs := []rune(a.text)
	e := len(rs)
	for k := s; k < len(rs); k++ {
		if rs[k] == ',' || rs[k] == ';' || rs[k] == '(' {
			e = k // the clause ends at its comma
			break
		}
	}
	rest := strings.Join(strings.Fields(string(rs[:s])+" "+string(rs[e:])), " ")
	rest = strings.TrimLeft(trimEnd(rest), ",;: ")
	if len(strings.Fields(rest)) < 2 {
		return ""
	}
	if i == 0 {
		rest = upperFirst(rest)
	}
	return rest
}

// formatNumber writes v as a statement in lang would: a decimal comma
// except in English.
func formatNumber(v float64, lang string) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// suggestWithoutMetric drops the metric, runes [s, e) of the objective, with
// the comparison word before it ("med 30 %", "by 20 %"), and keeps the
// ambition: "Öka försäljningen av tillbehör online med 1 MSEK" → "Öka
// försäljningen av tillbehör online". What is left gets the who-and-why of
// a specific objective when it is generic. There is no suggestion when the
// metric is not at the end, fewer than two words are left, or the metric
// is the verb ("Doble …") or its object ("Hit 500 paying customers").
func suggestWithoutMetric(a *analysis, s, e int) string {
	if _, ok := a.first(cMetricVerb); ok {
		return ""
	}
	rs := []rune(a.text)
	if strings.TrimSpace(trimEnd(string(rs[e:]))) != "" {
		return "" // the metric is inside the sentence: no clean cut
	}
	for i := len(a.toks) - 1; i > 0; i-- {
		if a.toks[i].start != s {
			continue
		}
		if a.tokenClass(i-1)&cAcquire != 0 {
			return "" // "Hit 500 paying customers": the number is what the verb gets
		}
		for k := i - 1; k > 0 && a.tokenClass(k)&cComparator != 0; k-- {
			s = a.toks[k].start // "med 30 %", "to below 2 %": the comparison goes too
		}
	}
	rest := strings.Join(strings.Fields(string(rs[:s])+" "+string(rs[e:])), " ")
	rest = strings.TrimRight(trimEnd(rest), " -–")
	if len(strings.Fields(rest)) < 2 {
		return ""
	}
	b := analyze(rest, a.lang)
	if objectiveGeneric(b) {
		return suggestSpecific(b)
	}
	return rest
}
