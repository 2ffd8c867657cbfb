package coach

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// TestRulesAndMessages checks that every rule has a kebab-case id, a
// default severity, descriptions in every language, and that every message
// key has a message and a hint in every language.
func TestRulesAndMessages(t *testing.T) {
	kebab := regexp.MustCompile(`^[a-z]+(-[a-z]+)+$`)
	seen := map[string]bool{}
	for _, r := range Rules() {
		if !kebab.MatchString(r.ID) || seen[r.ID] {
			t.Errorf("rule id %q: want unique kebab-case", r.ID)
		}
		seen[r.ID] = true
		if !validSeverity(r.Severity) || r.Severity == SeverityOff {
			t.Errorf("%s: got default severity %q", r.ID, r.Severity)
		}
		for _, lang := range Languages {
			if strings.TrimSpace(r.Description[lang]) == "" {
				t.Errorf("%s: no description in %s", r.ID, lang)
			}
			if strings.TrimSpace(r.Name[lang]) == "" {
				t.Errorf("%s: no name in %s", r.ID, lang)
			}
		}
	}
	if len(seen) != 16 {
		t.Errorf("got %d rules, want 16", len(seen))
	}
	for key, byLang := range messages {
		rule, _, _ := strings.Cut(key, ".")
		rule, _, _ = strings.Cut(rule, "#")
		if !seen[rule] {
			t.Errorf("message key %q belongs to no rule", key)
		}
		for _, lang := range Languages {
			if m := byLang[lang]; m.msg == "" || m.hint == "" {
				t.Errorf("%s: no message or hint in %s", key, lang)
			}
		}
	}
	// Rules returns a copy.
	rs := Rules()
	rs[0].Description["en"] = "changed"
	if Rules()[0].Description["en"] == "changed" {
		t.Error("Rules: changing the result changed the table")
	}
}

func TestValidateRules(t *testing.T) {
	if err := ValidateRules(map[string]string{RuleKRStale: "off", RuleKRVagueVerb: "error"}); err != nil {
		t.Errorf("valid rules: got %v, want nil", err)
	}
	err := ValidateRules(map[string]string{"no-such-rule": "off", RuleKRStale: "loud"})
	var ve okr.ValidationErrors
	if !errors.As(err, &ve) || len(ve) != 2 || okr.ErrorCode(ve[0]) != okr.EINVALID {
		t.Errorf("invalid rules: got %v, want two EINVALID errors", err)
	}
}

func TestSeverityTuning(t *testing.T) {
	s := okr.DefaultSettings()
	s.Rules = map[string]string{RuleKRVagueVerb: "error", RuleKRNoTarget: "off", RuleObjectiveGeneric: "nonsense"}
	c := New(s)
	fs := c.CheckKeyResult(KRDraft{Title: "Jobbe med å øke salget"})
	if len(fs) != 1 || fs[0].RuleID != RuleKRVagueVerb || fs[0].Severity != SeverityError {
		t.Errorf("got %v, want only kr-vague-verb as error (kr-no-target off)", fs)
	}
	if got := c.Severity(RuleObjectiveGeneric); got != SeverityWarning {
		t.Errorf("an invalid setting: got %s, want the default warning", got)
	}
	if got := c.Severity("no-such-rule"); got != SeverityOff {
		t.Errorf("unknown rule: got %s, want off", got)
	}
}

func TestKRCount(t *testing.T) {
	krs := func(n int) []KRDraft {
		out := make([]KRDraft, n)
		for i := range out {
			out[i] = KRDraft{Title: "Øke andelen gjenkjøp fra 22 % til 30 %"}
		}
		return out
	}
	seed002 := okr.DefaultSettings()
	seed002.MinKRs = 3 // "For hver «Objective» så skal man ihvertfall ha 3 «key results»"
	for _, tc := range []struct {
		settings okr.OrgSettings
		n        int
		want     string
	}{
		{okr.DefaultSettings(), 1, "kr-count.few"},
		{okr.DefaultSettings(), 2, ""},
		{okr.DefaultSettings(), 5, ""},
		{okr.DefaultSettings(), 6, "kr-count.many"},
		{seed002, 2, "kr-count.few"},
		{seed002, 3, ""},
	} {
		fs := findingsOf(New(tc.settings).CheckObjective(Draft{Title: "Bli førstevalget for små regnskapsbyråer", KeyResults: krs(tc.n)}), RuleKRCount)
		got := ""
		if len(fs) == 1 {
			got = fs[0].Key
		}
		if got != tc.want || len(fs) > 1 {
			t.Errorf("min %d, %d KRs: got %v, want %q", tc.settings.MinKRs, tc.n, fs, tc.want)
		}
	}
}

func TestObjectiveLengthSetting(t *testing.T) {
	title := "Bli førstevalget for små og mellomstore regnskapsbyråer i hele Trøndelag" // 72 characters
	s := okr.DefaultSettings()
	if fs := New(s).CheckObjectiveText(title); len(fs) != 0 {
		t.Errorf("limit 90: got %v, want none", ruleIDs(fs))
	}
	s.MaxObjectiveLength = 60
	fs := New(s).CheckObjectiveText(title)
	if len(fs) != 1 || fs[0].RuleID != RuleObjectiveTooLong || fs[0].Args["n"] != "72" || fs[0].Args["max"] != "60" {
		t.Errorf("limit 60: got %v, want objective-too-long with n=72 max=60", fs)
	}
}

// TestLanguagePerText checks that a Swedish KR in a Norwegian organisation
// gets Swedish rules and Norwegian messages, and an English one English
// rules.
func TestLanguagePerText(t *testing.T) {
	c := New(okr.DefaultSettings())
	for _, tc := range []struct{ text, lang, match string }{
		{"Arbeta med att förbättra kundupplevelsen", "sv", "Arbeta med"},
		{"Work on improving customer satisfaction", "en", "Work on"},
		{"Jobbe med å forbedre kundeopplevelsen", "nb", "Jobbe med"},
		{"Arbeide med å betre kundeopplevinga, ikkje berre prate om det", "nn", "Arbeide med"},
		{"Arbejde med at forbedre kundeoplevelsen, ikke kun tale om det", "da", "Arbejde med"},
	} {
		fs := findingsOf(c.CheckKeyResult(KRDraft{Title: tc.text}), RuleKRVagueVerb)
		if len(fs) != 1 {
			t.Errorf("%q: got %d vague-verb findings, want 1", tc.text, len(fs))
			continue
		}
		f := fs[0]
		if f.TextLang != tc.lang || f.Args["match"] != tc.match || slice(tc.text, f.Start, f.End) != tc.match {
			t.Errorf("%q: got language %q, match %q at %d–%d, want %q, %q", tc.text, f.TextLang, f.Args["match"], f.Start, f.End, tc.lang, tc.match)
		}
		if f.Lang != "nb" || !strings.Contains(f.Message, "er et ullent verb") {
			t.Errorf("%q: got message %q in %s, want bokmål", tc.text, f.Message, f.Lang)
		}
	}
}

func TestLocalize(t *testing.T) {
	fs := New(okr.DefaultSettings()).CheckObjectiveText("Doble brukerbasen")
	en := Localize(fs, "en")
	sv := New(okr.DefaultSettings()).WithLanguage("sv").CheckObjectiveText("Doble brukerbasen")
	if len(en) != 1 || en[0].Lang != "en" || en[0].Message != "The objective carries a metric (“Doble”): it reads like a key result in disguise." {
		t.Errorf("en: got %v", en)
	}
	if fs[0].Lang != "nb" {
		t.Errorf("Localize changed its input: got %s, want nb", fs[0].Lang)
	}
	if len(sv) != 1 || !strings.HasPrefix(sv[0].Message, "Målet innehåller ett mätetal (”Doble”)") {
		t.Errorf("sv: got %v", sv)
	}
	if got := Localize(fs, "nn")[0].Lang; got != "nb" {
		t.Errorf("nn messages: got %s, want nb", got)
	}
	if got := Localize(fs, "de")[0].Lang; got != "en" {
		t.Errorf("de messages: got %s, want en", got)
	}
}

func TestDetectLanguage(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"Øke andelen gjenkjøp fra 22 % til 30 % innen utgangen av kvartalet", "nb"},
		{"Auke talet på faste kundar med 20 % før sommaren", "nn"},
		{"Vi skal ikkje berre selje meir, men bli betre på kundeservice", "nn"},
		{"Minska andelen returer från 12 % till 8 %", "sv"},
		{"Raise trial-to-paid conversion from 8% to 12%", "en"},
		{"Øge antallet af nye kunder med 20 procent inden udgangen af året", "da"},
		{"Vi vil gøre det nemmere for vores kunder at handle online", "da"},
		{"", ""},
		{"NPS 45", ""},
	} {
		if got := DetectLanguage(tc.text); got != tc.want {
			t.Errorf("DetectLanguage(%q): got %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestNumbers(t *testing.T) {
	type num struct {
		v    float64
		role numRole
		unit numUnit
	}
	for _, tc := range []struct {
		text string
		want []num
	}{
		{"Øke e-postlisten med 2 000 kvalifiserte kontakter", []num{{2000, numQuantity, unitNone}}},
		{"fra 1,5 % til 2,5 %", []num{{1.5, numQuantity, unitPercent}, {2.5, numQuantity, unitPercent}}},
		{"Øke salget med 30%", []num{{30, numQuantity, unitPercent}}},
		{"Öka försäljningen med 1 MSEK", []num{{1, numQuantity, unitAmount}}},
		{"Reach $2M in ARR", []num{{2, numQuantity, unitAmount}}},
		{"Minst 10.000 brukere i 2025", []num{{10000, numQuantity, unitNone}, {2025, numYear, unitNone}}},
		{"Nettsiden har 2000 besøk", []num{{2000, numQuantity, unitNone}}},
		{"signert innen 1. april", []num{{1, numDate, unitNone}}},
		{"signed by June 1", []num{{1, numDate, unitNone}}},
		{"ISO 27001-sertifisering i uke 12", []num{{27001, numName, unitNone}, {12, numOrdinal, unitNone}}},
		{"SOC 2 Type II report", []num{{2, numName, unitNone}}},
		{"Holde tre frokostseminarer", []num{{3, numQuantity, unitNone}}},
		{"Grow weekly active users from 4,000 to 6,500", []num{{4000, numQuantity, unitNone}, {6500, numQuantity, unitNone}}},
	} {
		a := analyze(tc.text, "nb")
		var got []num
		for _, t := range a.toks {
			if t.kind == tokNumber {
				got = append(got, num{t.num, t.role, t.unit})
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestExpand(t *testing.T) {
	if got := expand("øk{e,t}{,e}"); !slices.Equal(got, []string{"øke", "økee", "økt", "økte"}) {
		t.Errorf("expand: got %v", got)
	}
}

// TestConcurrentUse runs the coach from several goroutines (go test -race).
func TestConcurrentUse(t *testing.T) {
	c := New(okr.DefaultSettings())
	done := make(chan []Finding)
	for range 4 {
		go func() { done <- c.CheckKeyResult(KRDraft{Title: "Jobbe med kundeopplevelsen"}) }()
	}
	for range 4 {
		if fs := <-done; len(fs) != 2 {
			t.Errorf("got %d findings, want 2", len(fs))
		}
	}
}

// TestEdgeCases pins how the rules read numbers and phrasings that are easy
// to misread: ranks, 24/7, versions, zero and all counts, readiness.
func TestEdgeCases(t *testing.T) {
	c := New(okr.DefaultSettings())
	for _, tc := range []struct {
		kind, text string
		want       []string
	}{
		{"O", "Bli nummer 1 på kundeservice i Norden", nil},
		{"O", "Become the #1 choice for Nordic freelancers", nil},
		{"O", "Gi kundene svar 24/7", nil},
		{"O", "Vi skal bli Norges beste arbeidsplass innen 2027", nil},
		{"O", "Be there for customers when they need us", nil},
		{"O", "Få 3 nye storkunder i Bergen", []string{RuleObjectiveHasMetric}},
		{"KR", "Bli nummer 1 på Google for «sykkelhjelm»", nil},
		{"KR", "Windows 11 rullet ut på alle bærbare", nil},
		{"KR", "Oppetid på minst 99,9 %", nil},
		{"KR", "Null alvorlige ulykker i fabrikken", nil},
		{"KR", "Zero critical incidents in Q3", nil},
		{"KR", "Inga allvarliga incidenter under kvartalet", nil},
		{"KR", "Alle avdelinger har egne OKR-er", nil},
		{"KR", "Ha en demo klar for messen i mai", nil},
		{"KR", "Stabil drift", []string{RuleKRNotMeasurable}},
		{"KR", "Version 2 of the API", []string{RuleKRNotMeasurable}},
	} {
		var fs []Finding
		if tc.kind == "O" {
			fs = c.CheckObjectiveText(tc.text)
		} else {
			fs = c.CheckKeyResult(KRDraft{Title: tc.text})
		}
		if got := ruleIDs(fs); !slices.Equal(got, tc.want) {
			t.Errorf("%s %q: got %v, want %v", tc.kind, tc.text, got, tc.want)
		}
	}
}
