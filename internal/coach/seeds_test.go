package coach

import (
	"slices"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

func ruleIDs(fs []Finding) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.RuleID)
	}
	return ids
}

// TestSeed003 checks the web-shop OKR of seed 003 as a whole: KR1 and KR2
// are initiatives, KR3 is a key result.
func TestSeed003(t *testing.T) {
	c := New(okr.DefaultSettings())
	d := Draft{
		Title: "Produsere og ferdigstille en velfungerende nettbutikk med et vinnende konsept",
		KeyResults: []KRDraft{
			{Title: "Opprette en nettbutikk, fikse design, logistikk og betalingsløsninger"},
			{Title: "Markedsføre nettbutikken via nyhetsbrev, kontakter og sosiale medier"},
			{Title: "Oppnå 1000 besøkende på nettbutikken og 10 salg innen den første måneden etter lansering"},
		},
	}
	byKR := map[int][]string{}
	for _, f := range c.CheckObjective(d) {
		if f.Target.Kind == TargetObjective {
			t.Errorf("objective: got finding %s (%s), want none", f.RuleID, f.Message)
			continue
		}
		byKR[f.Target.Index] = append(byKR[f.Target.Index], f.RuleID)
	}
	for i, want := range [][]string{{RuleKRIsActivity}, {RuleKRIsActivity}, nil} {
		if !slices.Equal(byKR[i], want) {
			t.Errorf("KR%d: got %v, want %v", i+1, byKR[i], want)
		}
	}
}

// TestSeed002Objectives checks the good and bad objectives of seed 002.
func TestSeed002Objectives(t *testing.T) {
	c := New(okr.DefaultSettings())
	for _, title := range []string{
		"Dominere kioskbransjen i Oslo",
		"Levere 2 konkrete suksesshistorier",
		"Endre brukeratferden slik at vi blir mer datadrevet",
		"Fullføre neste finansieringsrunde slik at vi kan vokse neste kvartal",
	} {
		if fs := c.CheckObjectiveText(title); len(fs) > 0 {
			t.Errorf("%q: got %v, want no finding", title, ruleIDs(fs))
		}
	}
	for _, title := range []string{"Øke salget med 30%", "Doble brukerbasen", "Inntekter over 3 millioner"} {
		if got := ruleIDs(c.CheckObjectiveText(title)); !slices.Equal(got, []string{RuleObjectiveHasMetric}) {
			t.Errorf("%q: got %v, want [%s]", title, got, RuleObjectiveHasMetric)
		}
	}
}

// TestSeed004Objective checks that seed 004's objective is a key result in
// disguise, with the amount quoted, in a Norwegian organisation reading
// Swedish.
func TestSeed004Objective(t *testing.T) {
	c := New(okr.DefaultSettings())
	title := "Öka försäljningen av tillbehör till cyklar online med 1 MSEK"
	fs := c.CheckObjectiveText(title)
	if len(fs) != 1 || fs[0].RuleID != RuleObjectiveHasMetric {
		t.Fatalf("got %v, want [%s]", ruleIDs(fs), RuleObjectiveHasMetric)
	}
	f := fs[0]
	if f.TextLang != "sv" {
		t.Errorf("text language: got %q, want sv", f.TextLang)
	}
	if got := f.Args["match"]; got != "1 MSEK" {
		t.Errorf("match: got %q, want %q", got, "1 MSEK")
	}
	if got := slice(title, f.Start, f.End); got != "1 MSEK" {
		t.Errorf("span: got %q, want %q", got, "1 MSEK")
	}
	if f.Lang != "nb" || f.Message != "Målet inneholder et måltall («1 MSEK»): det er et nøkkelresultat i forkledning." {
		t.Errorf("message: got %q (%s), want the bokmål message quoting 1 MSEK", f.Message, f.Lang)
	}
}

// TestSeed001Pitfalls checks the wording seed 001 warns against and its
// good example objective.
func TestSeed001Pitfalls(t *testing.T) {
	c := New(okr.DefaultSettings())
	for _, tc := range []struct{ kr, match string }{
		{"Jobbe med å øke organisk trafikk med 30 %", "Jobbe med"},
		{"Forsøke å skaffe 1000 nye følgere på LinkedIn", "Forsøke å"},
	} {
		fs := c.CheckKeyResult(KRDraft{Title: tc.kr})
		if len(fs) != 1 || fs[0].RuleID != RuleKRVagueVerb || fs[0].Args["match"] != tc.match {
			t.Errorf("%q: got %v, want one %s quoting %q", tc.kr, fs, RuleKRVagueVerb, tc.match)
		}
	}
	if fs := c.CheckObjectiveText("Bli bransjens mest synlige leverandør av bærekraftige løsninger i 2025"); len(fs) > 0 {
		t.Errorf("seed 001's good objective: got %v, want none", ruleIDs(fs))
	}
	if got := ruleIDs(c.CheckObjectiveText("Bli bedre på markedsføring")); !slices.Equal(got, []string{RuleObjectiveGeneric}) {
		t.Errorf("seed 001's bad objective: got %v, want [%s]", got, RuleObjectiveGeneric)
	}
}
