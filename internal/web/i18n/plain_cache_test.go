package i18n

import "testing"

func TestPlainTranslationsAreCachedPerLanguage(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	nb, en := b.Localizer("nb"), b.Localizer("en")
	for range 2 {
		if got, want := nb.T("status.on_track"), "I rute"; got != want {
			t.Errorf("nb status.on_track = %q, want %q", got, want)
		}
		if got, want := en.T("status.on_track"), "On track"; got != want {
			t.Errorf("en status.on_track = %q, want %q", got, want)
		}
	}
	// Messages with data are not cached: each call gets its own values.
	a, c := en.T("kr.from_to", "Start", "1", "Target", "2"), en.T("kr.from_to", "Start", "3", "Target", "4")
	if a == c {
		t.Errorf("kr.from_to gave %q for different values", a)
	}
}

// Plural messages with only a count are cached per count: each count gets
// its own form and figure, in each language, the same as uncached.
func TestCountedTranslationsAreCachedPerCount(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"nb", "sv", "en"} {
		l := b.Localizer(lang)
		for range 2 {
			for _, n := range []int{0, 1, 2, 5, 21, 999, 1000, 12345} {
				if got, want := l.N("alignment.map_children", n), l.localize("alignment.map_children", n, []any{"Count", n}); got != want {
					t.Errorf("%s: N(alignment.map_children, %d) = %q, uncached %q", lang, n, got, want)
				}
			}
		}
		if one, two := l.N("alignment.map_children", 1), l.N("alignment.map_children", 2); one == two {
			t.Errorf("%s: one and two children read the same: %q", lang, one)
		}
	}
}
