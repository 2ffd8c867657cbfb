package store

import (
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// maxCheckInRoundTrips bounds the round trips of a check-in of one key
// result on PostgreSQL, BEGIN and COMMIT included: begin, the actor's
// role with the key result's checks and the check-in's id reserved, all
// the writes together (the check-in, the key result, audit, event,
// revisions and the look for a waiting fan-out; pipe.go), and commit.
// Queueing a fan-out, when none waits, adds the job engine's insert.
const maxCheckInRoundTrips = 4

// TestCheckInRoundTrips proves that a check-in sends its last statements
// together on PostgreSQL: as many statements as before, fewer round trips.
// On SQLite, which has no pipe, each statement is its own round trip.
func TestCheckInRoundTrips(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Team", unitOwner(f.team.ID))
		kr := f.mustKR(t, o.ID, "Calls", increase(0, 100))
		at := time.Now().UTC().Add(-time.Hour)
		for i := range 3 {
			c, counter := WithQueryCounter(ctx)
			must(db.CreateCheckIns(c, as(f.lead), []okr.CheckIn{{KeyResultID: kr.ID, Value: float64(i), Confidence: okr.OnTrack, At: at}}))(t)
			at = at.Add(time.Minute)
			stmts, trips := counter.Count(), counter.RoundTrips()
			if i == 0 {
				continue // the first queues the fan-out: the engine's insert comes on top
			}
			want := stmts
			if db.dialect == DialectPostgres {
				want = maxCheckInRoundTrips
			}
			if trips > want || (db.dialect == DialectPostgres && trips >= stmts) {
				t.Errorf("check-in %d: %d statements in %d round trips; want at most %d round trips", i, stmts, trips, want)
			}
		}
		// What the piped statements wrote is there: the audit entries, the
		// events, the revision.
		if n := len(must(db.ListAudit(ctx, f.org.ID, AuditFilter{ObjectType: "key_result", ObjectID: kr.ID}))(t)); n < 3 {
			t.Errorf("%d audit entries of the key result; want the 3 check-ins'", n)
		}
		if n := must(db.EventsWaiting(ctx, f.org.ID))(t); n < 3 {
			t.Errorf("%d events waiting; want the 3 check-ins'", n)
		}
	})
}

// TestPipeErrorFailsTheWrite checks that a piped statement's failure fails
// the write with that statement's error, not with the error of whatever
// ran after it in the aborted transaction, and writes nothing.
func TestPipeErrorFailsTheWrite(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Team", unitOwner(f.team.ID))
		err := db.write(ctx, f.sys, "test", func(t *tx) error {
			if _, err := t.exec(t.ctx, `UPDATE objectives SET title = 'Changed' WHERE id = ?`, o.ID); err != nil {
				return err
			}
			if err := t.later(t.ctx, "a piped insert", `INSERT INTO no_such_table (id) VALUES (?)`, 1); err != nil {
				return err
			}
			var n int
			return t.queryRow(t.ctx, `SELECT COUNT(*) FROM objectives WHERE org_id = ?`, t.org()).Scan(&n)
		})
		if err == nil || !strings.Contains(err.Error(), "a piped insert") || !strings.Contains(err.Error(), "no_such_table") {
			t.Fatalf("write = %v; want the piped insert's error", err)
		}
		if got := must(db.GetObjective(ctx, f.org.ID, o.ID))(t); got.Title != "Team" {
			t.Errorf("title = %q after the failed write; want it unchanged", got.Title)
		}
	})
}

// TestPipeKeepsOrder checks that a statement run at once sees what the
// piped statements before it wrote.
func TestPipeKeepsOrder(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Team", unitOwner(f.team.ID))
		var title string
		var found bool
		err := db.write(ctx, f.sys, "test", func(t *tx) error {
			if err := t.later(t.ctx, "rename", `UPDATE objectives SET title = ? WHERE id = ?`, "Piped", o.ID); err != nil {
				return err
			}
			if err := t.laterQuery(t.ctx, "read", func(r rowScanner) error {
				if found = r.Next(); !found {
					return nil
				}
				return r.Scan(&title)
			}, `SELECT title FROM objectives WHERE id = ?`, o.ID); err != nil {
				return err
			}
			var now string
			if err := t.queryRow(t.ctx, `SELECT title FROM objectives WHERE id = ?`, o.ID).Scan(&now); err != nil {
				return err
			}
			if now != "Piped" || !found || title != "Piped" {
				return okr.Errorf(okr.EINTERNAL, "read %q at once and %q (%v) piped after a piped rename", now, title, found)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestCheckInIgnoresGivenIDs checks that the store gives check-ins their
// ids whatever id the caller's carry (okr apply passes them on from a
// file): one or several, none clashes with a stored check-in.
func TestCheckInIgnoresGivenIDs(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Team", unitOwner(f.team.ID))
		kr := f.mustKR(t, o.ID, "Calls", increase(0, 100))
		at := time.Now().UTC().Add(-time.Hour)
		first := must(db.CreateCheckIns(ctx, as(f.lead), []okr.CheckIn{{KeyResultID: kr.ID, Value: 1, Confidence: okr.OnTrack, At: at}}))(t)[0]
		for _, n := range []int{1, 2} {
			var batch []okr.CheckIn
			for i := range n {
				batch = append(batch, okr.CheckIn{ID: first.ID, KeyResultID: kr.ID, Value: float64(i), Confidence: okr.OnTrack, At: at.Add(time.Duration(n+i) * time.Minute)})
			}
			got := must(db.CreateCheckIns(ctx, as(f.lead), batch))(t)
			for _, c := range got {
				if c.ID == first.ID || c.ID == 0 {
					t.Errorf("check-in of %d given id %d stored as %d; want a new id", n, first.ID, c.ID)
				}
			}
		}
	})
}

// TestArchivedActorWritesNothing checks the actor's check when its read
// waits in the pipe: a person archived after signing in gets EFORBIDDEN
// for a check-in and for an edit, and nothing they sent is stored.
func TestArchivedActorWritesNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Team", unitOwner(f.team.ID))
		kr := f.mustKR(t, o.ID, "Calls", increase(0, 100))
		lead := f.lead
		must(db.ArchivePerson(ctx, f.sys, lead.ID, lead.Version))(t)
		_, err := db.CreateCheckIns(ctx, as(lead), []okr.CheckIn{{KeyResultID: kr.ID, Value: 5, Confidence: okr.OnTrack}})
		wantCode(t, err, okr.EFORBIDDEN)
		if !strings.Contains(err.Error(), "not an active member") {
			t.Errorf("check-in error = %v; want the membership check's", err)
		}
		if cs := must(db.ListCheckIns(ctx, f.org.ID, []int64{kr.ID}, nil))(t); len(cs) != 0 {
			t.Errorf("%d check-ins stored for an archived person", len(cs))
		}
		err = db.write(ctx, as(lead), "test", func(t *tx) error {
			return t.later(t.ctx, "rename", `UPDATE objectives SET title = 'Theirs' WHERE id = ?`, o.ID)
		})
		wantCode(t, err, okr.EFORBIDDEN)
		if got := must(db.GetObjective(ctx, f.org.ID, o.ID))(t); got.Title != "Team" {
			t.Errorf("title = %q after an archived person's write; want it unchanged", got.Title)
		}
	})
}
