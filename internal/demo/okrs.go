package demo

import (
	"math"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// krSpec describes one demo KR and how its check-ins move: pace is the
// fraction of the way to target reached by the end of the period if the
// current speed holds (1 = exactly on time).
type krSpec struct {
	title      string
	kind       okr.MetricKind
	start, end float64
	unit       okr.Measure
	owner      string
	pace       float64
	milestones []string
	// raiseTo, when set, is a new target set after the first week, as Art By
	// X did in seed 002 when demand beat expectations.
	raiseTo     float64
	raiseReason string
	// staleDays stops check-ins this many days before now.
	staleDays   int
	kpi         string // a KPI whose readings check this KR in
	initiatives []initSpec
}

type initSpec struct {
	title  string
	owner  string
	status okr.InitiativeStatus
	dueDay int // days after period start; 0 for none
}

type objSpec struct {
	key         string
	title       string
	description string
	unit        string // owner unit key, or
	person      string // owner person key
	parent      string
	contributes []string
	state       okr.State
	krs         []krSpec
}

var (
	pct   = okr.Measure{Kind: okr.MeasurePercent}
	num   = okr.Measure{Kind: okr.MeasureNumber}
	hours = okr.Measure{Kind: okr.MeasureCustom, Code: "t"}
	secs  = okr.Measure{Kind: okr.MeasureCustom, Code: "s"}
)

func currentQuarter() []objSpec {
	return []objSpec{
		{key: "company-recommended", unit: "company", title: "Bli Nordens mest anbefalte nettbutikk for ung kunst",
			description: "Kundene våre skal anbefale oss til venner fordi de finner kunst de elsker, og fordi alt fra bestilling til levering bare fungerer.",
			krs: []krSpec{
				{title: "Øke konverteringsraten i nettbutikken fra 1,5 % til 2,5 %", kind: okr.MetricIncrease, start: 1.5, end: 2.5, unit: pct, owner: "ingrid", pace: 0.85},
				{title: "Øke Net Promoter Score fra 32 til 50", kind: okr.MetricIncrease, start: 32, end: 50, unit: num, owner: "ingrid", pace: 1.1},
				{title: "Redusere svartiden på kundehenvendelser fra 24 t til 4 t", kind: okr.MetricDecrease, start: 24, end: 4, unit: hours, owner: "kristo", pace: 0.7},
			}},
		{key: "company-funding", unit: "company", title: "Fullføre neste finansieringsrunde slik at vi kan vokse neste kvartal",
			description: "Vi henter kapital til å lansere i Sverige og Danmark.",
			krs: []krSpec{
				{title: "Term sheet signert med en ledende investor", kind: okr.MetricBoolean, unit: num, owner: "ingrid", pace: 0.6},
				{title: "Due diligence gjennomført uten vesentlige funn", kind: okr.MetricMilestones, unit: num, owner: "ingrid", pace: 0.9,
					milestones: []string{"Datarom klart", "Finansiell gjennomgang", "Juridisk gjennomgang", "Avtaler signert"}},
			}},
		{key: "marketing-brand", unit: "marketing", parent: "company-recommended", title: "Øke merkevaren vår i målgruppen",
			description: "Flere i målgruppen 25–45 år skal kjenne Art By X og forbinde oss med ung, tilgjengelig kunst.",
			krs: []krSpec{
				{title: "Øke organisk trafikk fra 4 000 til 5 200 besøk per måned", kind: okr.MetricIncrease, start: 4000, end: 5200, unit: okr.Measure{Kind: okr.MeasureCustom, Code: "besøk"}, owner: "karoline", pace: 1.05, kpi: "visits",
					initiatives: []initSpec{{"SEO-gjennomgang av alle produktsider", "karoline", okr.InitiativeDone, 30}, {"Nyhetsbrev hver fredag", "julie", okr.InitiativeInProgress, 0}}},
				{title: "Øke kjennskapen blant 25–45-åringer fra 20 % til 24 %", kind: okr.MetricIncrease, start: 20, end: 24, unit: pct, owner: "karoline", pace: 0.75,
					initiatives: []initSpec{{"Kjennskapsmåling med Norstat i uke 48", "karoline", okr.InitiativePlanned, 70}}},
				{title: "Få 1 000 nye følgere på LinkedIn", kind: okr.MetricIncrease, start: 0, end: 1000, unit: num, owner: "julie", pace: 1.2},
			}},
		{key: "content-stories", unit: "content", parent: "marketing-brand", title: "Bli kjent for historiene bak kunstnerne",
			krs: []krSpec{
				{title: "Øke gjennomsnittlig lesetid på kunstnerportretter fra 40 s til 90 s", kind: okr.MetricIncrease, start: 40, end: 90, unit: secs, owner: "julie", pace: 0.9,
					initiatives: []initSpec{{"Videoportrett av tre kunstnere", "julie", okr.InitiativeInProgress, 60}}},
				{title: "Øke andelen besøk fra sosiale medier fra 12 % til 20 %", kind: okr.MetricIncrease, start: 12, end: 20, unit: pct, owner: "julie", pace: 0.5},
				{title: "Holde fluktraten på portrettsidene under 55 %", kind: okr.MetricStayBelow, start: 58, end: 55, unit: pct, owner: "julie", pace: 1},
			}},
		{key: "sales-stories", unit: "sales", parent: "company-recommended", contributes: []string{"marketing-brand"}, title: "Levere 2 konkrete suksesshistorier",
			description: "To bedriftskunder som bruker kunst fra oss i lokalene sine, og som vil fortelle om det.",
			krs: []krSpec{
				{title: "Selge 20 kunstverk til bedriftskunder", kind: okr.MetricIncrease, start: 0, end: 20, unit: num, owner: "kristo", pace: 0.95,
					raiseTo: 35, raiseReason: "Uventet høy etterspørsel etter lanseringen: vi vil ha noe å strekke oss etter."},
				{title: "To bedriftskunder signerer rammeavtale", kind: okr.MetricIncrease, start: 0, end: 2, unit: num, owner: "kristo", pace: 0.6},
				{title: "Holde returandelen under 5 %", kind: okr.MetricStayBelow, start: 4, end: 5, unit: pct, owner: "sara", pace: 1},
			}},
		{key: "webshop-checkout", unit: "webshop", parent: "sales-stories", title: "Göra kassan till den smidigaste i branschen",
			krs: []krSpec{
				{title: "Minska andelen övergivna varukorgar från 70 % till 55 %", kind: okr.MetricDecrease, start: 70, end: 55, unit: pct, owner: "sara", pace: 1.15,
					initiatives: []initSpec{{"A/B-testa kassan i ett steg", "erik", okr.InitiativeInProgress, 45}}},
				{title: "Klarna och Vipps i kassan", kind: okr.MetricMilestones, unit: num, owner: "erik", pace: 1.0,
					milestones: []string{"Avtal med Klarna", "Avtal med Vipps", "Integration testad", "Lansering"}},
			}},
		{key: "erik-speed", person: "erik", parent: "webshop-checkout", title: "Make our product pages feel instant",
			krs: []krSpec{
				{title: "Reduce p75 product page load from 3.2 s to 1.5 s", kind: okr.MetricDecrease, start: 3.2, end: 1.5, unit: secs, owner: "erik", pace: 1.0},
				{title: "Lighthouse performance score stays above 90", kind: okr.MetricStayAbove, start: 92, end: 90, unit: num, owner: "erik", pace: 1},
			}},
		{key: "julie-skills", person: "julie", parent: "content-stories", title: "Styrke kompetansen min innen foto og video",
			krs: []krSpec{
				{title: "Kurs i produktfoto fullført og bestått", kind: okr.MetricBoolean, unit: num, owner: "julie", pace: 0.4, staleDays: 16},
				{title: "Øke andelen produktbilder tatt internt fra 30 % til 60 %", kind: okr.MetricIncrease, start: 30, end: 60, unit: pct, owner: "julie", pace: 0.8, staleDays: 16},
			}},
		{key: "karoline-draft", person: "karoline", state: okr.StateDraft, title: "Bygge et ambassadørprogram med kunstnerne våre",
			krs: []krSpec{
				{title: "Ti kunstnere deler Art By X i egne kanaler hver måned", kind: okr.MetricIncrease, start: 0, end: 10, unit: num, owner: "karoline"},
			}},
	}
}

// fridays returns the check-in time of every Friday from start on, 15:00
// UTC, that is not after now. (It compared the Friday's midnight with now,
// so on a Friday before 15:00 the demo wrote a check-in in the future,
// which the store refuses: the README's demo did not start.)
func fridays(start, now time.Time) []time.Time {
	d := start
	for d.Weekday() != time.Friday {
		d = d.AddDate(0, 0, 1)
	}
	var out []time.Time
	for at := d.Add(15 * time.Hour); !at.After(now); at = at.AddDate(0, 0, 7) {
		out = append(out, at)
	}
	return out
}

// wobble is a small deterministic variation in [-1, 1] for week w of KR i.
func wobble(i, w int) float64 {
	return math.Sin(float64(i*7+w*3) * 1.3)
}

var comments = []string{
	"God uke: kampanjen på Instagram ga tydelig effekt.",
	"Litt tregere enn ventet, vi justerer budskapet i nyhetsbrevet.",
	"Stabilt. Ingen store endringer denne uken.",
	"Black Friday-forberedelsene tar tid, men vi er i rute.",
	"Ny leverandør av rammer er på plass, det hjelper.",
	"Bra respons fra bedriftskundene etter messen.",
	"Vi ser effekt av SEO-arbeidet på produktsidene.",
	"Utfordrende uke med sykdom i teamet.",
}
