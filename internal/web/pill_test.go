package web

import (
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
