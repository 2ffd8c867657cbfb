package i18n

import (
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

func mustBundle(tb testing.TB) *Bundle {
	tb.Helper()
	b, err := New()
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return b
}

// TestEveryKeyInEveryLanguage fails when a message exists in one language
// but not in another: a missing translation is a bug.
func TestEveryKeyInEveryLanguage(t *testing.T) {
	b := mustBundle(t)
	all := map[string]bool{}
	for _, lang := range Languages {
		for _, id := range b.IDs(lang) {
			all[id] = true
		}
	}
	if len(all) < 50 {
		t.Fatalf("got %d message ids, want the embedded files to hold many more", len(all))
	}
	for _, lang := range Languages {
		var missing []string
		for id := range all {
			if !b.Has(lang, id) {
				missing = append(missing, id)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("language %s lacks %d messages: %s", lang, len(missing), strings.Join(missing, ", "))
		}
	}
}

// TestSameFilesPerLanguage keeps the per-area files parallel, so that a
// message added to en/checkin.toml is looked for in nb/checkin.toml.
func TestSameFilesPerLanguage(t *testing.T) {
	want := areaFiles(t, "en")
	for _, lang := range Languages[1:] {
		if got := areaFiles(t, lang); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("locales/%s has files %v, want %v like locales/en", lang, got, want)
		}
	}
}

func areaFiles(t *testing.T, lang string) []string {
	t.Helper()
	files, err := fs.Glob(localeFS, path.Join("locales", lang, "*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		files[i] = path.Base(f)
	}
	return files
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// TestPlaceholdersMatch checks that each translation uses the same template
// variables as the English message, so that no value silently disappears.
func TestPlaceholdersMatch(t *testing.T) {
	texts := map[string]map[string]string{}
	for _, lang := range Languages {
		texts[lang] = map[string]string{}
		files, _ := fs.Glob(localeFS, path.Join("locales", lang, "*.toml"))
		for _, f := range files {
			buf, err := fs.ReadFile(localeFS, f)
			if err != nil {
				t.Fatal(err)
			}
			var raw map[string]any
			if err := toml.Unmarshal(buf, &raw); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			flatten("", raw, texts[lang])
		}
	}
	for id, en := range texts["en"] {
		want := vars(en)
		for _, lang := range Languages[1:] {
			s, ok := texts[lang][id]
			if !ok {
				continue // reported by TestEveryKeyInEveryLanguage
			}
			if got := vars(s); got != want {
				t.Errorf("%s %s uses {{%s}}, want {{%s}} as in English", lang, id, got, want)
			}
		}
	}
}

func flatten(prefix string, m map[string]any, out map[string]string) {
	for k, v := range m {
		switch v := v.(type) {
		case string:
			out[prefix+k] = v
		case map[string]any:
			flatten(prefix+k+".", v, out)
		}
	}
}

func vars(s string) string {
	set := map[string]bool{}
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		set[m[1]] = true
	}
	var names []string
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ",")
}

func TestTranslate(t *testing.T) {
	b := mustBundle(t)
	tests := []struct{ lang, id, want string }{
		{"en", "nav.home", "My OKRs"},
		{"nb", "nav.home", "Mine OKR-er"},
		{"sv", "nav.home", "Mina OKR:er"},
		{"nb", "status.stale", "Ikke oppdatert"},
		{"sv", "confidence.at_risk", "Osäker"},
		{"xx", "nav.home", "My OKRs"},
		{"en", "no.such.key", "[no.such.key]"},
	}
	for _, tt := range tests {
		if got := b.Localizer(tt.lang).T(tt.id); got != tt.want {
			t.Errorf("%s T(%q) = %q, want %q", tt.lang, tt.id, got, tt.want)
		}
	}
	if got, want := b.Localizer("nb").T("error.code", "Status", 404), "Feil 404"; got != want {
		t.Errorf("T with data = %q, want %q", got, want)
	}
}

func TestNegotiate(t *testing.T) {
	b := mustBundle(t)
	tests := []struct{ setting, accept, fallback, want string }{
		{"sv", "nb", "en", "sv"},
		{"", "no", "en", "nb"},
		{"", "nn-NO,nn;q=0.9", "en", "nb"},
		{"", "nb-NO", "sv", "nb"},
		{"", "sv-SE,sv;q=0.9,en;q=0.5", "nb", "sv"},
		{"", "fi-FI", "sv", "en"},
		{"", "de-DE,en;q=0.5", "nb", "en"},
		{"", "", "sv", "sv"},
		{"", "", "", "en"},
		{"xx", "garbage;;;", "nb", "nb"},
	}
	for _, tt := range tests {
		if got := b.Negotiate(tt.setting, tt.accept, tt.fallback); got != tt.want {
			t.Errorf("Negotiate(%q, %q, %q) = %q, want %q", tt.setting, tt.accept, tt.fallback, got, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	b := mustBundle(t)
	nb, sv, en := b.Localizer("nb"), b.Localizer("sv"), b.Localizer("en")
	day := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	tests := []struct{ got, want string }{
		{nb.Percent(0.015, 1), "1,5\u00a0%"},
		{sv.Percent(0.015, 1), "1,5\u00a0%"},
		{en.Percent(0.015, 1), "1.5%"},
		{nb.Pct(0.567), "57\u00a0%"},
		{en.Pct(1), "100%"},
		{nb.Number(1234567.5, 1), "1\u00a0234\u00a0567,5"},
		{en.Number(1234567.5, 1), "1,234,567.5"},
		{en.Number(2.5, 0), "2"},
		{sv.Number(2.25, 2), "2,25"},
		{nb.Date(day), "22. nov. 2026"},
		{sv.Date(day), "22 nov. 2026"},
		{en.Date(day), "Nov 22, 2026"},
		{sv.Date(day.AddDate(0, -6, 0)), "22 maj 2026"},
		{nb.DayMonth(day), "22. nov."},
		{en.DayMonth(day), "Nov 22"},
		{nb.DateTime(day.Add(14*time.Hour+5*time.Minute), nil), "22. nov. 2026 14:05"},
		{en.DateTime(day.Add(9*time.Hour), nil), "Nov 22, 2026, 09:00"},
		{nb.Money(1500, "NOK"), "1\u00a0500\u00a0kr"},
		{en.Money(1500, "nok"), "NOK 1,500"},
		{sv.Money(20, "EUR"), "20\u00a0EUR"},
		{en.Points(0.12), "+12 pp"},
		{ISODate(day.Add(23 * time.Hour)), "2026-11-22"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}
