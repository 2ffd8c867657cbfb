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
