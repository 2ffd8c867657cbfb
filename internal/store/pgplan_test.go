package store

import (
	"strings"
	"testing"
)

// TestPostgresPlansOfTheFanOutAndTheCheckInList asks PostgreSQL, with
// statistics of an organisation of some size, how it runs two statements
// that the load test's mix found walking whole tables:
//
//   - the fan-out's claim of the oldest waiting events walked the primary
//     key from the first event ever, skipping every event fanned out
//     already (8 ms a claim after one load test, growing with the table):
//     it must go through the partial index events_unfanned;
//   - the check-in list joined the period's objectives by hashing all of
//     them (21 ms a list at company scale): it must test each listed key
//     result's objective by primary key.
func TestPostgresPlansOfTheFanOutAndTheCheckInList(t *testing.T) {
	db := mustOpen(t, DialectPostgres)
	f := mustFixture(t, db)
	company := f.mustObjective(t, "Company", unitOwner(f.company.ID))
	mustVolume(t, f, company.ID)
	mine := f.mustObjective(t, "Mine", personOwner(f.other.ID))
	f.mustKR(t, mine.ID, "one", increase(0, 10))
	// Statistics lag behind the fan-out: analysed while 20,010 events
	// waited, then all but ten fanned out.
	for _, q := range []string{
		`INSERT INTO events (org_id, type, at, facts) SELECT ?, 'checkin', g, '{}' FROM generate_series(1, 20010) g`,
		`ANALYZE`,
		`UPDATE events SET fanned_at = at WHERE at <= 20000 AND org_id = ?`,
	} {
		var args []any
		if strings.Contains(q, "?") {
			args = append(args, f.org.ID)
		}
		if _, err := db.w.ExecContext(ctx, db.rebind(q), args...); err != nil {
			t.Fatal(err)
		}
	}
	explain := func(q string, args ...any) string {
		t.Helper()
		rows, err := db.w.QueryContext(ctx, "EXPLAIN "+db.rebind(q), args...)
		if err != nil {
			t.Fatalf("%v: %s", err, oneLine(q, 200))
		}
		defer rows.Close()
		var plan []string
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, line)
		}
		return strings.Join(plan, "\n")
	}

	plan := explain(db.claimQuery(), 1, f.org.ID, f.org.ID, fanBatch)
	// The primary key finds the claimed row; the oldest waiting one comes
	// from the partial index.
	if !strings.Contains(plan, "using events_unfanned") || strings.Count(plan, "events_pkey") > 1 || strings.Contains(plan, "Seq Scan on events") {
		t.Errorf("the fan-out's claim does not go through events_unfanned:\n%s", plan)
	}
	for name, q := range map[string]func() (string, []any){
		"person": func() (string, []any) { return db.checkInListQuery(f.org.ID, f.other.ID, 0, f.period.ID) },
		"lead":   func() (string, []any) { return db.checkInListQuery(f.org.ID, f.lead.ID, 0, f.period.ID) },
		"unit":   func() (string, []any) { return db.checkInUnitQuery(f.org.ID, f.dept.ID, f.period.ID) },
	} {
		s, a := q()
		plan := explain(s, a...)
		// The fixture's objectives all belong to one team, so walking them
		// for that team's lead is right; the period's objectives tested
		// for each listed key result are another matter.
		if strings.Contains(plan, "Seq Scan on objectives o ") || !strings.Contains(plan, "objectives_pkey") {
			t.Errorf("%s check-in list does not test objectives by primary key:\n%s", name, plan)
		}
	}
	if got := must(db.KeyResultsToCheckIn(ctx, as(f.other), f.period.ID, nil))(t); len(got) != 1 || got[0].ObjectiveID != mine.ID {
		t.Errorf("the check-in list of a person with one key result: %+v", got)
	}
}
