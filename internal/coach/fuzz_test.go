package coach

import (
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/okr-dev/okr/internal/okr"
)

// FuzzCoach checks arbitrary objective and key-result texts in each
// language the coach reads and writes: it must not panic, must answer the
// same twice (the coach is deterministic), and every finding's span must lie
// within its field's text (the editor marks the words by these offsets).
func FuzzCoach(f *testing.F) {
	for _, s := range []string{
		"Øke salget med 20 % i Q3", "Öka försäljningen i Norden", "Double revenue by 2027",
		"Jobbe med markedsføring", "Be the best", "", " ", "\t\n", "100 %", "Reach 1e400 users",
		"Vi skal bli best på kundeservice hvis IT leverer", "Øk NPS fra 30 til 50",
	} {
		f.Add(s, "Launch 3 new products by June", "nb")
	}
	f.Fuzz(func(t *testing.T, objective, kr, lang string) {
		for _, l := range []string{"nb", "sv", "en", lang} {
			c := New(okr.OrgSettings{Language: l})
			d := Draft{Title: objective, Description: kr, KeyResults: []KRDraft{{Title: kr}, {Title: objective}}}
			got := c.CheckObjective(d)
			if again := c.CheckObjective(d); !reflect.DeepEqual(got, again) {
				t.Fatalf("CheckObjective(%q, %q) in %q is not deterministic:\n%+v\n%+v", objective, kr, l, got, again)
			}
			for _, fd := range got {
				text := objective
				switch {
				case fd.Target.Kind == TargetKeyResult && fd.Target.Index == 0:
					text = kr
				case fd.Target.Kind == TargetObjective && fd.Field == "description":
					text = kr
				}
				if fd.Start < 0 || fd.End < fd.Start || fd.End > utf8.RuneCountInString(text) {
					t.Fatalf("finding %s spans %d–%d outside %q (%d runes)", fd.RuleID, fd.Start, fd.End, text, utf8.RuneCountInString(text))
				}
				if fd.Message == "" {
					t.Fatalf("finding %s has no message", fd.RuleID)
				}
			}
			one := c.CheckObjectiveText(objective)
			if again := c.CheckObjectiveText(objective); !reflect.DeepEqual(one, again) {
				t.Fatalf("CheckObjectiveText(%q) in %q is not deterministic", objective, l)
			}
			k := c.CheckKeyResult(KRDraft{Title: kr})
			if again := c.CheckKeyResult(KRDraft{Title: kr}); !reflect.DeepEqual(k, again) {
				t.Fatalf("CheckKeyResult(%q) in %q is not deterministic", kr, l)
			}
		}
	})
}
