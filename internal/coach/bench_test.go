package coach

import (
	"fmt"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// benchParts are the pieces benchDrafts combines into objectives and key
// results, per language: objective openings and objects, and key-result
// patterns with a %d for a number. They mix good and bad statements.
var benchParts = []struct {
	objVerbs, objObjects, krs []string
}{
	{
		objVerbs:   []string{"Bli førstevalget for", "Gjøre livet enklere for", "Doble salget til", "Selge mer til", "Styrke relasjonen til", "Vinne tilliten til"},
		objObjects: []string{"små regnskapsbyråer i Trøndelag", "barnefamilier på Østlandet", "syklister i Bergen", "kundene", "bedriftskunder når IT har levert ny plattform", "nye medarbeidere"},
		krs: []string{"Øke konverteringsraten fra 1,5 %% til %d %%", "Skaffe %d nye følgere på LinkedIn", "Jobbe med å øke trafikken med %d %%",
			"Lage %d nye kampanjer", "Redusere svartiden til %d timer", "En sterk merkevare i Norden", "Øke antall demo-bookinger", "%d nye bedriftskunder med signert avtale"},
	},
	{
		objVerbs:   []string{"Bli det självklara valet för", "Göra vardagen enklare för", "Fördubbla försäljningen till", "Sälja mer till", "Stärka relationen med", "Vinna förtroendet hos"},
		objObjects: []string{"småföretagare i Skåne", "barnfamiljer i Göteborg", "cyklister i Stockholm", "kunderna", "företagskunder så snart IT har levererat plattformen", "nya medarbetare"},
		krs: []string{"Öka konverteringsgraden från 2 %% till %d %%", "%d nya bokade demomöten under kvartalet", "Försöka öka trafiken med %d %%",
			"Starta %d nya kampanjer", "Minska svarstiden till %d timmar", "Ett starkt varumärke i Norden", "Förbättra leveransprecisionen", "Avtal med %d nya återförsäljare signerade"},
	},
	{
		objVerbs:   []string{"Become the go-to tool for", "Make life easier for", "Double revenue from", "Sell more to", "Strengthen our ties with", "Win the trust of"},
		objObjects: []string{"freelancers in the Nordics", "families in Oslo", "cyclists in Copenhagen", "customers", "enterprise customers once the platform team has delivered the API", "new hires"},
		krs: []string{"Raise trial-to-paid conversion from 8%% to %d%%", "%d new demo bookings in the quarter", "Try to increase signups by %d%%",
			"Run %d webinars", "Reduce first response time to %d hours", "A strong brand in the Nordics", "Improve checkout conversion", "Contracts with %d new distributors signed"},
	},
}

// benchDrafts returns n drafts, deterministically: objective i takes its
// language, opening, object and three to five key results from i.
func benchDrafts(n int) []Draft {
	out := make([]Draft, n)
	for i := range out {
		p := benchParts[i%len(benchParts)]
		d := Draft{Title: p.objVerbs[(i/3)%len(p.objVerbs)] + " " + p.objObjects[(i/7)%len(p.objObjects)]}
		for k := range 3 + i%3 {
			tmpl := p.krs[(i+k*5)%len(p.krs)]
			kr := KRDraft{Title: tmpl}
			if countVerbs(tmpl) > 0 {
				kr.Title = fmt.Sprintf(tmpl, 2+(i*7+k)%200)
			}
			if (i+k)%4 == 0 {
				kr.Metric = &okr.Metric{Kind: okr.MetricIncrease, Start: float64(k), Target: float64(k + i%3), Unit: okr.Measure{Kind: okr.MeasureNumber}}
			}
			d.KeyResults = append(d.KeyResults, kr)
		}
		out[i] = d
	}
	return out
}

// countVerbs counts the %d verbs in a template.
func countVerbs(s string) int {
	n := 0
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '%' && s[i+1] == 'd' {
			n++
		}
	}
	return n
}

// BenchmarkCheck10000Objectives lints 10,000 objectives with their key
// results (about 40,000 statements); one iteration is the whole batch.
func BenchmarkCheck10000Objectives(b *testing.B) {
	drafts := benchDrafts(10000)
	c := New(okr.DefaultSettings())
	b.ResetTimer()
	findings := 0
	for b.Loop() {
		findings = 0
		for _, d := range drafts {
			findings += len(c.CheckObjective(d))
		}
	}
	b.ReportMetric(float64(findings), "findings")
}

// TestBenchDrafts keeps the benchmark honest: its input must mix languages
// and good and bad statements, so it exercises every statement rule.
func TestBenchDrafts(t *testing.T) {
	c := New(okr.DefaultSettings())
	langs, rules := map[string]bool{}, map[string]bool{}
	statements := 0
	for _, d := range benchDrafts(10000) {
		statements += 1 + len(d.KeyResults)
		for _, f := range c.CheckObjective(d) {
			rules[f.RuleID] = true
			langs[f.TextLang] = true
		}
	}
	if statements < 40000 {
		t.Errorf("got %d statements, want at least 40,000", statements)
	}
	for _, l := range []string{"nb", "sv", "en"} {
		if !langs[l] {
			t.Errorf("no finding on a %s text", l)
		}
	}
	for _, r := range []string{RuleObjectiveHasMetric, RuleObjectiveGeneric, RuleObjectiveDependency, RuleKRVagueVerb,
		RuleKRIsActivity, RuleKRNotMeasurable, RuleKRNoTarget} {
		if !rules[r] {
			t.Errorf("the benchmark input never triggers %s", r)
		}
	}
}
