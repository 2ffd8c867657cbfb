package store

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// BenchmarkCheckIn5 is issue 5's weekly check-in: five key results in one
// transaction, by the member who owns them, on each database (PostgreSQL
// when OKR_TEST_POSTGRES_URL is set). Besides the mean it reports the 99th
// percentile and the statements of one check-in.
//
//	OKR_TEST_POSTGRES_URL=postgres://… go test -run '^$' -bench CheckIn5 -benchtime 200x ./internal/store
func BenchmarkCheckIn5(b *testing.B) {
	for _, d := range dialects() {
		b.Run(d, func(b *testing.B) {
			db := mustOpen(b, d)
			f, ids := mustFiveKRs(b, db)
			var took []time.Duration
			var stmts int64
			n := 0
			for b.Loop() {
				batch := make([]okr.CheckIn, len(ids))
				for i, id := range ids {
					batch[i] = okr.CheckIn{KeyResultID: id, Value: float64(n % 100), Confidence: okr.OnTrack}
				}
				c, counter := WithQueryCounter(ctx)
				start := time.Now()
				if _, err := db.CreateCheckIns(c, as(f.member), batch); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
				stmts += counter.Count()
				n++
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds()), "p99-ns")
			b.ReportMetric(float64(stmts)/float64(n), "statements/op")
		})
	}
}

// BenchmarkCheckInTargets is the read a check-in makes on SQLite's writer
// before it writes: five key results with their objective, period,
// milestones and the actor's leads (checkInTargets).
//
//	go test -run '^$' -bench CheckInTargets ./internal/store
func BenchmarkCheckInTargets(b *testing.B) {
	db := mustOpen(b, DialectSQLite)
	f, ids := mustFiveKRs(b, db)
	err := db.write(ctx, as(f.member), "bench", func(t *tx) error {
		for b.Loop() {
			g, _, err := t.checkInTargets(ids)
			if err != nil || len(g) != len(ids) {
				b.Fatalf("checkInTargets = %d targets, %v", len(g), err)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// mustFiveKRs makes a fixture with a team objective and five key results
// the member owns, and returns their ids.
func mustFiveKRs(b *testing.B, db *DB) (*fixture, []int64) {
	f := mustFixture(b, db)
	o := f.mustObjective(b, "Team", unitOwner(f.team.ID))
	var ids []int64
	for i := range 5 {
		kr := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: fmt.Sprint("KR ", i),
			Owner: personOwner(f.member.ID), Metric: increase(0, 100)}))(b)
		ids = append(ids, kr.ID)
	}
	return f, ids
}
