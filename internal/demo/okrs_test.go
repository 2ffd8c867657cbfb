package demo

import (
	"testing"
	"time"
)

// TestFridaysAreNeverAfterNow checks the demo's weekly check-in times at
// every hour of a week: each is a Friday 15:00 UTC not after now, and the
// last is the latest such. On a Friday before 15:00 the demo wrote that
// day's check-in, in the future, and failed to load.
func TestFridaysAreNeverAfterNow(t *testing.T) {
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC) // a Thursday
	for h := range 7 * 24 {
		now := time.Date(2026, 11, 30, 0, 30, 0, 0, time.UTC).Add(time.Duration(h) * time.Hour) // from Monday 00:30
		got := fridays(start, now)
		latest := time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC) // the Friday before
		if friday := time.Date(2026, 12, 4, 15, 0, 0, 0, time.UTC); !friday.After(now) {
			latest = friday
		}
		if len(got) == 0 || !got[len(got)-1].Equal(latest) {
			t.Fatalf("now %s: last check-in %v, want %s", now.Format(time.RFC3339), got[len(got)-1:], latest.Format(time.RFC3339))
		}
		for _, at := range got {
			if at.After(now) || at.Weekday() != time.Friday || at.Hour() != 15 {
				t.Fatalf("now %s: check-in at %s", now.Format(time.RFC3339), at.Format(time.RFC3339))
			}
		}
	}
}
