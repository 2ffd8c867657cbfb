package store

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// TestCurrentPeriodMatchesDomain checks that okr.CurrentPeriod, which
// pages use on the cached list of periods, picks what the SQL of
// DB.CurrentPeriod picks.
func TestCurrentPeriodMatchesDomain(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		rng := rand.New(rand.NewPCG(7, 11))
		kinds := []okr.PeriodKind{okr.PeriodQuarter, okr.PeriodYear, okr.PeriodQuarter, okr.PeriodCustom}
		for i := range 24 {
			start := date(2025, time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
			end := start.AddDate(0, 0, 20+rng.IntN(200))
			p := must(db.CreatePeriod(ctx, f.sys, okr.Period{Name: fmt.Sprintf("P%d", i), Kind: kinds[rng.IntN(len(kinds))], Start: start, End: end}))(t)
			switch rng.IntN(5) {
			case 0:
				p.Closed = true
				must(db.UpdatePeriod(ctx, f.sys, p))(t)
			case 1:
				must(db.ArchivePeriod(ctx, f.sys, p.ID, p.Version))(t)
			}
		}
		all := must(db.ListAllPeriods(ctx, f.org.ID))(t)
		for day := date(2024, 12, 1); day.Before(date(2026, 9, 1)); day = day.AddDate(0, 0, 3) {
			now := day.Add(time.Duration(rng.IntN(24*60)) * time.Minute)
			want := must(db.CurrentPeriod(ctx, f.org.ID, now))(t)
			got, ok := okr.CurrentPeriod(all, now)
			if !ok || got.ID != want.ID {
				t.Fatalf("at %s: okr.CurrentPeriod = %d %q (ok %v), DB.CurrentPeriod = %d %q", now, got.ID, got.Name, ok, want.ID, want.Name)
			}
		}
	})
}
