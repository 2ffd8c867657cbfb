package store

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

type testJob struct {
	Key  string `json:"key" river:"unique"`
	Note string `json:"note"`
}

func (testJob) Kind() string { return "store_test" }

func countJobs(tb testing.TB, db *DB, key string) int {
	tb.Helper()
	var n int
	if err := db.reader().queryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'store_test' AND args->>'key' = ?`, key).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// A job queued in a write exists exactly when the write commits, also when
// SQLite commits it in a batch with writes that fail.
func TestEnqueueInTransaction(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		boom := errors.New("boom")
		var wg sync.WaitGroup
		errs := make([]error, 20)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = db.write(ctx, f.sys, "test", func(tx *tx) error {
					key := "k" + string(rune('a'+i))
					if _, err := tx.enqueue(testJob{Key: key}, JobOpts{OrgID: f.org.ID}); err != nil {
						return err
					}
					if i%2 == 1 {
						return boom
					}
					return nil
				})
			}()
		}
		wg.Wait()
		for i, err := range errs {
			key := "k" + string(rune('a'+i))
			want := 1
			if i%2 == 1 {
				want = 0
				if !errors.Is(err, boom) {
					t.Errorf("write %d: got %v, want boom", i, err)
				}
			} else if err != nil {
				t.Errorf("write %d: %v", i, err)
			}
			if got := countJobs(t, db, key); got != want {
				t.Errorf("jobs for %s: got %d, want %d", key, got, want)
			}
		}
	})
}

// A unique job is queued once per key, in a write or outside one, and
// stays unique after its first insert.
func TestEnqueueUnique(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := JobOpts{OrgID: f.org.ID, Unique: true}
		if ok := must(db.Enqueue(ctx, testJob{Key: "u1", Note: "first"}, o))(t); !ok {
			t.Fatal("first insert: skipped")
		}
		if ok := must(db.Enqueue(ctx, testJob{Key: "u1", Note: "other note, same key"}, o))(t); ok {
			t.Error("second insert with the same key: inserted")
		}
		err := db.write(ctx, f.sys, "test", func(tx *tx) error {
			ok, err := tx.enqueue(testJob{Key: "u1"}, o)
			if ok {
				t.Error("insert in a write with the same key: inserted")
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if ok := must(db.Enqueue(ctx, testJob{Key: "u2"}, o))(t); !ok {
			t.Error("another key: skipped")
		}
		if got := countJobs(t, db, "u1"); got != 1 {
			t.Errorf("jobs with key u1: got %d, want 1", got)
		}
	})
}

// The admin page lists an organisation's jobs only, and only an admin of
// that organisation runs one again.
func TestJobsOfOrg(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		g := mustFixture(t, db)
		must(db.Enqueue(ctx, testJob{Key: "mine"}, JobOpts{OrgID: f.org.ID}))(t)
		must(db.Enqueue(ctx, testJob{Key: "theirs"}, JobOpts{OrgID: g.org.ID}))(t)
		jobs := must(db.Jobs(ctx, f.org.ID, JobFilter{}))(t)
		if len(jobs) != 1 || jobs[0].Kind != "store_test" || jobs[0].State != "available" || !strings.Contains(jobs[0].Args, "mine") {
			t.Fatalf("jobs of f: %+v, want the one job", jobs)
		}
		if failing := must(db.Jobs(ctx, f.org.ID, JobFilter{Failing: true}))(t); len(failing) != 0 {
			t.Errorf("failing jobs: %+v, want none", failing)
		}
		_, err := db.RetryJob(ctx, PersonActor(f.member), jobs[0].ID)
		wantCode(t, err, okr.EFORBIDDEN)
		theirs := must(db.Jobs(ctx, g.org.ID, JobFilter{}))(t)
		_, err = db.RetryJob(ctx, PersonActor(f.admin), theirs[0].ID)
		wantCode(t, err, okr.ENOTFOUND)
		if _, err := db.RetryJob(ctx, PersonActor(f.admin), jobs[0].ID); err != nil {
			t.Errorf("admin retries own job: %v", err)
		}
	})
}

// TestFanOutQueuedOnlyWhenNoneWaits checks that writes with events queue a
// fan-out only when none of their organisation waits untaken: a burst of
// check-ins queues one, which fans out all of them; once a worker has
// taken it, the next check-in queues another.
func TestFanOutQueuedOnlyWhenNoneWaits(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Grow", unitOwner(f.team.ID))
		kr := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: "k", Owner: personOwner(f.member.ID), Metric: increase(0, 10)}))(t)
		fanOuts := func(state string) int {
			var n int
			if err := db.reader().queryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'fan_out_events' AND state = ? AND `+
				map[string]string{DialectSQLite: `json_extract(args, '$.org') = ?`, DialectPostgres: `(args->>'org')::bigint = ?`}[db.dialect], state, f.org.ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		checkIn := func(v float64) {
			must(db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{{KeyResultID: kr.ID, Value: v, Confidence: okr.OnTrack}}))(t)
		}
		for i := range 3 {
			checkIn(float64(i + 1))
		}
		if n := fanOuts("available"); n != 1 {
			t.Fatalf("after three check-ins %d fan-outs wait, want 1", n)
		}
		// A worker takes it: the next check-in needs a fan-out of its own.
		if _, err := db.w.ExecContext(ctx, db.rebind(`UPDATE river_job SET state = 'running', attempt = 1, attempted_at = CURRENT_TIMESTAMP WHERE kind = 'fan_out_events' AND state = 'available'`)); err != nil {
			t.Fatal(err)
		}
		checkIn(4)
		if n := fanOuts("available"); n != 1 {
			t.Fatalf("after the waiting fan-out was taken a check-in left %d waiting, want 1", n)
		}
		if r := must(db.FanOut(ctx, "https://okr.example.com", f.org.ID, 100))(t); r.Events != 4 {
			t.Errorf("the fan-out took %d events, want the 4 check-ins'", r.Events)
		}
	})
}
