package coach

import "strings"

// The languages DetectLanguage scores. Nynorsk is told from bokmål in a
// second step (see norwegianVariant), as the two share most words.
var detectLangs = [...]string{"nb", "sv", "en", "da"}

// markers are frequent words that point to a language: function words and
// the everyday words of OKRs. A word listed for several languages counts for
// each of them with a share of its weight, so only telling words decide.
var markers = map[string]string{
	"nb": `ikke jeg hva hvordan hvorfor fra bare mye mer flere øke økt økning være bli blir også sammen
		gjennom noen noe nå etter mellom enn kunde kunder kundene brukere bedrift selskap selskapet ansatte
		medarbeidere nettsiden nettbutikken innen hver eller slik både uke måned kvartalet det en et og å
		på til for er av med vår våre som skal vil ny nye løsning løsninger tjenester oss vi i de den har
		hos siste første andre alle hele sine sitt veldig godt gjøre få ta gi kan må salget inntekter
		omsetning markedsføring besøkende følgere redusere forbedre selge tjene lage opprette jobbe
		forsøke prøve hjelpe gjennomføre avtale kundeservice ansatte mange mulig minutter timer dager uker
		måneder sekunder kontroll`,
	"sv": `inte jag vad hur varför från bara mycket mer fler öka ökad ökning vara bli blir också tillsammans
		genom några något nu efter mellan än kund kunder kunderna användare företag bolag bolaget anställda
		medarbetare sajten webbplatsen butiken inom varje eller sådan både vecka månad kvartalet det en ett
		och att på till för är av med vår våra som ska vill ny nya lösning lösningar tjänster oss vi i de
		den har hos sista första andra alla hela sina sitt göra få ta ge kan måste samt där när under
		minst försäljningen intäkter omsättning marknadsföring besökare följare minska förbättra sälja
		tjäna skapa starta arbeta försöka hjälpa genomföra avtal kundtjänst många möjligt minuter timmar
		dagar veckor månader sekunder kontroll`,
	"en": `the and of to in for on with by at from our we us is are be that this new more all each every per
		least than customers users revenue sales team increase reduce improve quarter month week year get
		make have has will which who what how their they it its an a as into out up down over under about
		not no first last one sell earn grow launch run build customer user visitors followers website
		work try help support service many possible minutes hours days weeks months seconds control`,
	"da": `ikke jeg hvad hvordan hvorfor fra bare meget mere flere øge øget øgning være blive bliver også
		sammen gennem nogle noget nu efter mellem end kunde kunder kunderne brugere virksomhed virksomheden
		medarbejdere ansatte hjemmesiden inden hver eller sådan både uge måned kvartalet det en et og at på
		til for er af med vores som skal vil ny nye løsning løsninger os vi i de den har hos sidste første
		anden alle hele sine sit gøre få tage give kan må salget omsætning markedsføring besøgende
		reducere forbedre sælge tjene lave oprette arbejde forsøge hjælpe gennemføre aftale`,
}

// nynorsk and bokmaal are the words that tell the two written Norwegian
// languages apart once a text is known to be Norwegian.
const (
	nynorsk = `ikkje eg ein eit kva korleis kvifor frå berre mykje meir fleire auke auka aukar aukinga vere
		verte vert òg saman nokre noko kundar kundane brukarar tilsette medarbeidarar nettsida innan kvar
		veke veka månad dei hjå heile gjere gje talet sal salet tene betre løysing løysingar tenester me
		arbeide korleis framover difor sjå høgare lågare halde nettstaden nettstad`
	bokmaal = `ikke jeg hva hvordan hvorfor fra bare mye mer flere øke økt økning være bli blir sammen noen
		noe kunder kundene brukere ansatte medarbeidere nettsiden innen hver uke måned de hos hele gjøre
		gi tallet salg salget tjene bedre løsning løsninger tjenester vi derfor se høyere lavere`
)

var nynorskWords, bokmaalWords = wordSet(nynorsk), wordSet(bokmaal)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// norwegianVariant tells nynorsk from bokmål: "nn" when more of the words
// are nynorsk forms than bokmål forms, else "nb".
func norwegianVariant(toks []token) string {
	nn, nb := 0, 0
	for _, t := range toks {
		if nynorskWords[t.s] {
			nn++
		}
		if bokmaalWords[t.s] {
			nb++
		}
	}
	if nn > nb {
		return "nn"
	}
	return "nb"
}

// langWeights maps a word to its weight per language, in detectLangs order.
var langWeights = buildLangWeights()

func buildLangWeights() map[string][len(detectLangs)]float64 {
	lists := map[string][]string{} // word -> languages that list it
	addWord := func(w, lang string) {
		for _, l := range lists[w] {
			if l == lang {
				return
			}
		}
		lists[w] = append(lists[w], lang)
	}
	for lang, ws := range markers {
		for _, w := range strings.Fields(ws) {
			addWord(w, lang)
		}
	}
	for _, w := range strings.Fields(nynorsk) {
		addWord(w, "nb") // nynorsk words point to Norwegian first
	}
	// The rule vocabularies are markers too.
	for lang, lx := range map[string]*lexicon{"nb": lexiconNB, "sv": lexiconSV, "en": lexiconEN, "da": lexiconDA} {
		for w := range lx.words {
			addWord(w, lang)
		}
		for w := range lx.phrases {
			addWord(w, lang)
		}
	}
	out := make(map[string][len(detectLangs)]float64, len(lists))
	for w, ls := range lists {
		var ws [len(detectLangs)]float64
		for _, l := range ls {
			ws[langIndex(l)] = 1 / float64(len(ls))
		}
		out[w] = ws
	}
	return out
}

func langIndex(lang string) int {
	for i, l := range detectLangs {
		if l == lang {
			return i
		}
	}
	return -1
}

// letterCues are letters that only some of the languages use.
var letterCues = map[rune][len(detectLangs)]float64{
	//   nb   sv   en  da
	'ä': {0, 1.5, 0, 0},
	'ö': {0, 1.5, 0, 0},
	'æ': {0.7, 0, 0, 0.7},
	'ø': {0.5, 0, 0, 0.5},
	'å': {0.2, 0.2, 0, 0.2},
	'w': {0, 0, 0.5, 0},
}

// suffixCues are word endings typical of one or two of the languages; they
// only count for words no marker list knows.
var suffixCues = []struct {
	suffix string
	w      [len(detectLangs)]float64
}{
	{"arna", [4]float64{0, 1, 0, 0}},
	{"orna", [4]float64{0, 1, 0, 0}},
	{"erna", [4]float64{0, 1, 0, 0}},
	{"ligt", [4]float64{0, 0.7, 0, 0}},
	{"ade", [4]float64{0, 0.4, 0, 0}},
	{"sjon", [4]float64{0.5, 0, 0, 0}},
	{"sjonen", [4]float64{0.5, 0, 0, 0}},
	{"hed", [4]float64{0, 0, 0, 1}},
	{"heden", [4]float64{0, 0, 0, 1}},
	{"ene", [4]float64{0.4, 0, 0, 0.3}},
	{"tion", [4]float64{0, 0.3, 0.4, 0.3}},
	{"ing", [4]float64{0.2, 0.2, 0.3, 0.2}},
	{"ness", [4]float64{0, 0, 1, 0}},
	{"ly", [4]float64{0, 0, 0.7, 0}},
	{"ment", [4]float64{0, 0, 0.5, 0}},
	{"ity", [4]float64{0, 0, 0.8, 0}},
	{"ed", [4]float64{0, 0, 0.4, 0}},
	{"elig", [4]float64{0.4, 0, 0, 0.4}},
	{"lige", [4]float64{0.2, 0, 0, 0.5}},
}

// DetectLanguage returns the language a statement is written in: "nb"
// (bokmål), "nn" (nynorsk), "sv", "da" or "en", or "" when the text holds too
// little evidence or two languages are equally likely. It is deterministic:
// it adds up the weights of marker words, letters (ä/ö for Swedish, æ/ø for
// Norwegian and Danish) and word endings, picks the highest, and tells
// nynorsk from bokmål by their own word forms.
func DetectLanguage(text string) string {
	toks := tokenize(text)
	best, tied := rankLanguages(toks)
	if best < 0 || len(tied) > 1 {
		return ""
	}
	return variant(detectLangs[best], toks)
}

// detect picks the language of toks. When several languages are equally
// likely it prefers fallback, then the first in detectLangs order (bokmål,
// Swedish, English, Danish); with no evidence it returns fallback.
func detect(toks []token, fallback string) string {
	best, tied := rankLanguages(toks)
	if best < 0 {
		return fallback
	}
	family := fallback
	if family == "nn" {
		family = "nb"
	}
	for _, i := range tied {
		if detectLangs[i] == family {
			best = i
		}
	}
	return variant(detectLangs[best], toks)
}

func variant(lang string, toks []token) string {
	if lang == "nb" {
		return norwegianVariant(toks)
	}
	return lang
}

// danishHandicap is the evidence Danish needs beyond the others: the product
// is written for Norwegian, Swedish and English teams, and a Norwegian text
// shares many words with Danish.
const danishHandicap = 0.75

// rankLanguages scores toks per language. best is the index of the highest
// score (the first in detectLangs order when tied), or -1 when no language
// reaches the minimum evidence; tied lists every index with the best score.
func rankLanguages(toks []token) (best int, tied []int) {
	var score [len(detectLangs)]float64
	for _, t := range toks {
		if t.kind == tokWord {
			scoreWord(&score, t.s)
		}
	}
	score[langIndex("da")] -= danishHandicap
	best = -1
	for i, s := range score {
		if s >= 0.5 && (best < 0 || s > score[best]+1e-9) {
			best = i
		}
	}
	if best < 0 {
		return -1, nil
	}
	for i, s := range score {
		if s >= score[best]-1e-9 {
			tied = append(tied, i)
		}
	}
	return best, tied
}

func scoreWord(score *[len(detectLangs)]float64, w string) {
	for _, r := range w {
		if c, ok := letterCues[r]; ok {
			addScores(score, c)
		}
	}
	if ws, ok := langWeights[w]; ok {
		addScores(score, ws)
		return
	}
	for _, sc := range suffixCues {
		if len(w) > len(sc.suffix)+2 && strings.HasSuffix(w, sc.suffix) {
			addScores(score, sc.w)
			return
		}
	}
}

func addScores(dst *[len(detectLangs)]float64, w [len(detectLangs)]float64) {
	for i := range dst {
		dst[i] += w[i]
	}
}
