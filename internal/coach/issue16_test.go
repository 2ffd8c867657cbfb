package coach

import (
	"slices"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// TestIssue16Misses checks the statements issue 16 reports as passing the
// first version of the coach: generic objectives, activities that are not
// recognised and a vague verb that is not the first word.
func TestIssue16Misses(t *testing.T) {
	c := New(okr.DefaultSettings())
	for _, tc := range []struct {
		kind, text, rule, lang string
	}{
		{"O", "Improve infrastructure", RuleObjectiveGeneric, "en"},
		{"O", "Make customers happy", RuleObjectiveGeneric, "en"},
		{"O", "Forbedre infrastrukturen", RuleObjectiveGeneric, "nb"},
		{"O", "Øke effektiviteten", RuleObjectiveGeneric, "nb"},
		{"O", "Förbättra kundnöjdheten", RuleObjectiveGeneric, "sv"},
		{"KR", "Lansere ny nettside", RuleKRIsActivity, "nb"},
		{"KR", "Hire a new marketing manager", RuleKRIsActivity, "en"},
		{"KR", "Hold 4 webinars", RuleKRIsActivity, "en"},
		{"KR", "Help the sales team close more deals", RuleKRVagueVerb, "en"},
	} {
		got := lint(c, statement{kind: tc.kind, text: tc.text})
		if !slices.Contains(got, tc.rule) {
			t.Errorf("%q: got %v, want %s among them", tc.text, got, tc.rule)
		}
		if got := DetectLanguage(tc.text); got != tc.lang {
			t.Errorf("%q: read as %q, want %q", tc.text, got, tc.lang)
		}
	}
}

// TestSuggestions checks the rewrites built from the user's own words.
func TestSuggestions(t *testing.T) {
	c := New(okr.DefaultSettings())
	for _, tc := range []struct {
		kind, text, rule, want string
	}{
		{"KR", "Øke trafikken", RuleKRNoTarget, "Øke trafikken fra X til Y innen periodens slutt"},
		{"KR", "Öka trafiken", RuleKRNoTarget, "Öka trafiken från X till Y före periodens slut"},
		{"KR", "Reduce churn", RuleKRNoTarget, "Reduce churn from X to Y by the end of the period"},
		{"KR", "Jobbe med å øke organisk trafikk med 30 %", RuleKRVagueVerb, "Øke organisk trafikk med 30 %"},
		{"KR", "Salgsteamet skal jobbe med å øke antall møter", RuleKRVagueVerb,
			"Salgsteamet skal øke antall møter fra X til Y innen periodens slutt"},
		{"KR", "Help the sales team close more deals", RuleKRVagueVerb,
			"The sales team close more deals from X to Y by the end of the period"},
		{"KR", "Lansere ny nettside", RuleKRIsActivity,
			"Øke antall aktive brukere av ny nettside fra X til Y innen periodens slutt"},
		{"KR", "Hold 4 webinars", RuleKRIsActivity, "Raise qualified leads from the events from X to Y by the end of the period"},
		{"KR", "Fornøyde kunder", RuleKRNotMeasurable, "Fornøyde kunder, målt som [tall] fra X til Y innen periodens slutt"},
		{"O", "Förbättra kundnöjdheten", RuleObjectiveGeneric, "Förbättra kundnöjdheten för [vem], så att [vad som blir märkbart bättre]"},
		{"O", "Lansere den nye appen så snart plattformteamet har levert betalings-API-et", RuleObjectiveDependency,
			"Lansere den nye appen"},
		{"O", "Öka försäljningen av tillbehör till cyklar online med 1 MSEK", RuleObjectiveHasMetric,
			"Öka försäljningen av tillbehör till cyklar online"},
		{"O", "Øke salget med 30%", RuleObjectiveHasMetric, "Øke salget for [hvem], slik at [hva som blir merkbart bedre]"},
		{"O", "Doble brukerbasen", RuleObjectiveHasMetric, ""},
	} {
		var fs []Finding
		if tc.kind == "O" {
			fs = c.CheckObjectiveText(tc.text)
		} else {
			fs = c.CheckKeyResult(KRDraft{Title: tc.text})
		}
		i := slices.IndexFunc(fs, func(f Finding) bool { return f.RuleID == tc.rule })
		if i < 0 {
			t.Errorf("%q: got %v, want %s", tc.text, ruleIDs(fs), tc.rule)
			continue
		}
		if got := fs[i].Suggestion; got != tc.want {
			t.Errorf("%q: suggestion\n got %q\nwant %q", tc.text, got, tc.want)
		}
	}
}

// TestTargetMismatch checks the target stated in the text against the
// metric's: flagged with the quoted words and a corrected text, and quiet
// when they agree (also with a multiplier or a share).
func TestTargetMismatch(t *testing.T) {
	c := New(okr.DefaultSettings())
	m := func(kind okr.MetricKind, start, target float64) *okr.Metric {
		return &okr.Metric{Kind: kind, Start: start, Target: target}
	}
	fs := c.CheckKeyResult(KRDraft{Title: "Øke NPS fra 30 til 50", Metric: m(okr.MetricIncrease, 30, 60)})
	if len(fs) != 1 || fs[0].RuleID != RuleKRTargetMismatch {
		t.Fatalf("got %v, want [%s]", ruleIDs(fs), RuleKRTargetMismatch)
	}
	f := fs[0]
	if f.Args["stated"] != "50" || f.Args["target"] != "60" || f.Suggestion != "Øke NPS fra 30 til 60" {
		t.Errorf("got args %v and suggestion %q, want 50, 60 and the text with 60", f.Args, f.Suggestion)
	}
	if f.Message != "Teksten sier at målverdien er 50, men måltallets målverdi er 60: hvilken er riktig?" {
		t.Errorf("message: got %q", f.Message)
	}
	fs = c.CheckKeyResult(KRDraft{Title: "Redusere churn fra 4,5 % til 2,5 %", Metric: m(okr.MetricDecrease, 4.5, 3.5)})
	if len(fs) != 1 || fs[0].Suggestion != "Redusere churn fra 4,5 % til 3,5 %" {
		t.Errorf("decimal comma: got %v", fs)
	}
	for _, tc := range []struct {
		title  string
		metric *okr.Metric
	}{
		{"Omsetning over 3 millioner", m(okr.MetricStayAbove, 0, 3e6)},
		{"Churn below 2 %", m(okr.MetricStayBelow, 0, 0.02)},
		{"Øke salget med 30 %", m(okr.MetricIncrease, 100, 130)}, // a change, not a target
		{"Skaffe 1000 nye følgere", m(okr.MetricIncrease, 4000, 5000)},
		{"Grow ARR to $2M", m(okr.MetricIncrease, 1e6, 2e6)},
	} {
		if fs := c.CheckKeyResult(KRDraft{Title: tc.title, Metric: tc.metric}); len(fs) > 0 {
			t.Errorf("%q: got %v, want none", tc.title, ruleIDs(fs))
		}
	}
}

// TestPlurals checks that messages count in words a person would write: no
// "(s)" or "(er)" anywhere, and the singular where the count is one.
func TestPlurals(t *testing.T) {
	for key, byLang := range messages {
		for lang, m := range byLang {
			for _, s := range []string{m.msg, m.hint} {
				if strings.Contains(s, "(s)") || strings.Contains(s, "(er)") || strings.Contains(s, "(ar)") {
					t.Errorf("%s/%s: %q writes a plural in brackets", key, lang, s)
				}
			}
		}
	}
	for _, tc := range []struct {
		key, lang string
		args      map[string]string
		want      string
	}{
		{"kr-count.few", "en", map[string]string{"n": "1", "min": "2"}, "The objective has only one key result; it needs at least 2 to show whether it is reached."},
		{"kr-count.few", "nb", map[string]string{"n": "1", "min": "2"}, "Målet har bare ett nøkkelresultat; det trenger minst 2 for å vise om det er nådd."},
		{"kr-count.few", "sv", map[string]string{"n": "1", "min": "2"}, "Målet har bara ett nyckelresultat; det behöver minst 2 för att visa om det är nått."},
		{"kr-count.few", "en", map[string]string{"n": "0", "min": "2"}, "The objective has 0 key results; it needs at least 2 to show whether it is reached."},
		{"kr-count.few", "nb", map[string]string{"n": "0", "min": "2"}, "Målet har 0 nøkkelresultater; det trenger minst 2 for å vise om det er nådd."},
		{"only-company-okrs", "en", map[string]string{"n": "1"}, "The period's only objective is at company level: no department, team or individual has OKRs of its own."},
		{"only-company-okrs", "sv", map[string]string{"n": "1"}, "Periodens enda mål är på bolagsnivå: ingen avdelning, inget team och ingen person har egna OKR:er."},
		{"only-company-okrs", "nb", map[string]string{"n": "3"}, "Alle 3 mål i perioden er på selskapsnivå: ingen avdeling, team eller person har egne OKR-er."},
		{"kr-stale", "en", map[string]string{"days": "1"}, "No check-in for 1 day: published key results should be checked in every week."},
		{"kr-stale", "nb", map[string]string{"days": "9"}, "Ingen innsjekk på 9 dager: publiserte nøkkelresultater bør sjekkes inn hver uke."},
	} {
		if got, _ := render(tc.key, tc.lang, tc.args); got != tc.want {
			t.Errorf("%s/%s %v:\n got %q\nwant %q", tc.key, tc.lang, tc.args, got, tc.want)
		}
	}
	// Through the coach: a draft with one key result.
	c := New(okr.OrgSettings{Language: "en"})
	fs := c.CheckObjective(Draft{Title: "Become the go-to tool for Nordic freelancers", KeyResults: []KRDraft{{Title: "500 paying freelancers in Sweden"}}})
	if i := slices.IndexFunc(fs, func(f Finding) bool { return f.RuleID == RuleKRCount }); i < 0 || !strings.Contains(fs[i].Message, "only one key result") {
		t.Errorf("one key result: got %v", fs)
	}
}
