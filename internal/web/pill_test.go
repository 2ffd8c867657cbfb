package web

import (
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// TestStatusPillIsRenderedPerLanguageAndStatus checks the memo of
// StatusPill: each language and status gets the markup statusPill renders
// for it, the first time and from the memo, and no two of them share one.
func TestStatusPillIsRenderedPerLanguageAndStatus(t *testing.T) {
	seen := map[string]string{}
	for _, p := range cardPages(t) {
		for _, s := range []okr.Status{okr.StatusNotStarted, okr.StatusAhead, okr.StatusOnTrack, okr.StatusBehind,
			okr.StatusStale, okr.StatusGraded, okr.StatusClosed} {
			want := renderString(statusPill(p, s))
			for range 2 {
				if got := renderString(StatusPill(p, s)); got != want {
					t.Errorf("%s %s: %q, want %q", p.Lang, s, got, want)
				}
			}
			if other, ok := seen[want]; ok {
				t.Errorf("%s %s renders as %s did: %q", p.Lang, s, other, want)
			}
			seen[want] = p.Lang + " " + string(s)
		}
	}
}

// TestProgressBarClassPerStatus checks the progress bar's class attribute,
// made once per status (barClass), for every status and one it does not
// know.
func TestProgressBarClassPerStatus(t *testing.T) {
	p := cardPages(t)[0]
	for _, s := range append(okr.Statuses(), "unknown") {
		html := renderString(ProgressBar(p, 0.5, 0.4, s, false))
		if want := `<svg class="bar bar-` + string(s) + `" aria-hidden="true" focusable="false">`; !strings.Contains(html, want) {
			t.Errorf("%s: %s\nwant %s", s, html, want)
		}
	}
}
