package i18n

import (
	"testing"
)

// TestSimpleMessagesMatchGoI18n fills every message that T fills in
// directly, in every language, with values of each kind T accepts, with a
// value left out and with a key given twice, and compares each with what
// go-i18n makes of the same call.
func TestSimpleMessagesMatchGoI18n(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	withData := 0
	for k, sm := range b.simple {
		l := b.Localizer(k.lang)
		var full, partial, twice []any
		for i, key := range sm.keys {
			var v any = `<Ada & "{{.Bob}}"> 'x'`
			if i%2 == 1 {
				v = 1234567
			}
			full = append(full, key, v)
			if i > 0 {
				partial = append(partial, key, v)
			}
			twice = append(twice, key, "first", key, v)
		}
		if len(sm.keys) > 0 {
			withData++
		}
		for _, kv := range [][]any{full, partial, twice, {"Unused", "x"}} {
			got := l.T(k.id, kv...)
			if want := l.localize(k.id, nil, kv); got != want {
				t.Errorf("%s %s %v: T gives %q, go-i18n %q", k.lang, k.id, kv, got, want)
			}
		}
	}
	if withData < 100 {
		t.Errorf("only %d messages with data are filled in directly; the test needs the catalog's", withData)
	}
	// Values of other kinds go through go-i18n.
	en := b.Localizer("en")
	if got, want := en.T("alignment.map_show_below", "Name", 2.5), en.localize("alignment.map_show_below", nil, []any{"Name", 2.5}); got != want {
		t.Errorf("a float value: %q, go-i18n %q", got, want)
	}
}
