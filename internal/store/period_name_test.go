package store

import (
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// TestPeriodNamesAreUnique checks that no two periods of an organisation
// share a name, whatever its case and whether one is archived, while
// another organisation may use it.
func TestPeriodNamesAreUnique(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db) // has "Q1 2026"
		q2 := must(db.CreatePeriod(ctx, f.sys, okr.Period{Name: "Q2 2026", Kind: okr.PeriodQuarter, Start: date(2026, 4, 1), End: date(2026, 6, 30)}))(t)
		for _, name := range []string{"Q1 2026", "q1 2026", "  Q1 2026 "} {
			_, err := db.CreatePeriod(ctx, f.sys, okr.Period{Name: name, Kind: okr.PeriodCustom, Start: date(2026, 1, 1), End: date(2026, 2, 1)})
			wantCode(t, err, okr.ECONFLICT)
			wantField(t, err, "name")
		}
		renamed := q2
		renamed.Name = "Q1 2026"
		_, err := db.UpdatePeriod(ctx, f.sys, renamed)
		wantCode(t, err, okr.ECONFLICT)
		wantField(t, err, "name")

		// A period may change the case of its own name.
		renamed.Name = "q2 2026"
		q2 = must(db.UpdatePeriod(ctx, f.sys, renamed))(t)

		// An archived period keeps its name taken: restoring it must not
		// clash, and exports carry it.
		q2 = must(db.ArchivePeriod(ctx, f.sys, q2.ID, q2.Version))(t)
		_, err = db.CreatePeriod(ctx, f.sys, okr.Period{Name: "Q2 2026", Kind: okr.PeriodQuarter, Start: date(2026, 4, 1), End: date(2026, 6, 30)})
		wantCode(t, err, okr.ECONFLICT)
		must(db.RestorePeriod(ctx, f.sys, q2.ID, q2.Version))(t)

		other := mustFixture(t, db)
		must(db.CreatePeriod(ctx, other.sys, okr.Period{Name: "Q2 2026", Kind: okr.PeriodQuarter, Start: date(2026, 4, 1), End: date(2026, 6, 30)}))(t)
	})
}

// TestPeriodNameIndex checks the database's own guard: a second period of
// one name cannot be written even past the store's check (as two racing
// saves would), and migration 00005 renames the clashes an older database
// holds before it creates the index.
func TestPeriodNameIndex(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		insert := func(name string) error {
			_, err := db.w.ExecContext(ctx, db.rebind(`INSERT INTO periods (org_id, name, kind, start_date, end_date, version, created_at)
				VALUES (?, ?, 'custom', '2026-01-01', '2026-02-01', 1, 0)`), f.org.ID, name)
			return err
		}
		if err := insert("Q1 2026"); !isUniqueViolation(err) {
			t.Fatalf("inserting a second Q1 2026 = %v, want a unique violation", err)
		}

		p, err := db.provider()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.DownTo(ctx, 4); err != nil {
			t.Fatalf("migrate down to 4: %v", err)
		}
		for _, name := range []string{"q1 2026", "Q1 2026"} {
			if err := insert(name); err != nil {
				t.Fatalf("insert %s without the index: %v", name, err)
			}
		}
		if _, err := p.Up(ctx); err != nil {
			t.Fatalf("migrate up: %v", err)
		}
		names := map[string]bool{}
		for _, pr := range must(db.ListAllPeriods(ctx, f.org.ID))(t) {
			names[pr.Name] = true
		}
		if len(names) != 3 || !names["Q1 2026"] {
			t.Errorf("period names after the migration = %v, want Q1 2026 kept and the two copies renamed apart", names)
		}
	})
}
