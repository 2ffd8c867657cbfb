package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

func TestRebind(t *testing.T) {
	pg, lite := &DB{dialect: DialectPostgres}, &DB{dialect: DialectSQLite}
	q := `SELECT a FROM t WHERE b = ? AND c IN (?, ?)`
	if got, want := pg.rebind(q), `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)`; got != want {
		t.Errorf("postgres rebind = %q, want %q", got, want)
	}
	if got := lite.rebind(q); got != q {
		t.Errorf("sqlite rebind = %q, want it unchanged", got)
	}
}

func TestIsPostgres(t *testing.T) {
	for dsn, want := range map[string]bool{
		"postgres://u@h/db": true, "postgresql://h/db": true, "okr.db": false, "/var/lib/okr/okr.db": false, ":memory:": false,
	} {
		if got := IsPostgres(dsn); got != want {
			t.Errorf("IsPostgres(%q) = %v, want %v", dsn, got, want)
		}
	}
}

func TestOpenAndMigrate(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		if err := db.Ping(ctx); err != nil {
			t.Fatalf("Ping = %v", err)
		}
		v := must(db.SchemaVersion(ctx))(t)
		if v < 1 {
			t.Fatalf("SchemaVersion = %d, want at least 1", v)
		}
		// Migrating again is a no-op.
		if err := db.migrate(ctx); err != nil {
			t.Fatalf("second migrate = %v", err)
		}
		if v2 := must(db.SchemaVersion(ctx))(t); v2 != v {
			t.Fatalf("SchemaVersion after second migrate = %d, want %d", v2, v)
		}
		if db.Dialect() != DialectSQLite && db.Dialect() != DialectPostgres {
			t.Fatalf("Dialect = %q", db.Dialect())
		}
	})
}

func TestMigrateFunc(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	if err := Migrate(ctx, path); err != nil {
		t.Fatalf("Migrate = %v", err)
	}
	db := mustOpenPath(t, path)
	if v := must(db.SchemaVersion(ctx))(t); v < 1 {
		t.Fatalf("SchemaVersion after Migrate = %d", v)
	}
}

func mustOpenPath(tb testing.TB, dsn string) *DB {
	tb.Helper()
	db := must(Open(ctx, dsn))(tb)
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	return db
}

func TestMemoryDSN(t *testing.T) {
	db := must(Open(ctx, ":memory:"))(t)
	dir := db.tmpDir
	// Every pooled connection sees the same database.
	o := must(db.CreateOrg(ctx, "Mem", "mem"))(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := db.GetOrg(ctx, o.ID)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("GetOrg on a pooled connection = %v", err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("temporary directory after Close: %v, want it removed", err)
	}
}

// TestConcurrentWrites runs writers in parallel: on SQLite they queue on the
// single writer connection and none fails with SQLITE_BUSY.
func TestConcurrentWrites(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Busy", unitOwner(f.team.ID))
		kr := f.mustKR(t, o.ID, "KR", increase(0, 1000))
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := range 20 {
			wg.Add(2)
			go func() {
				defer wg.Done()
				_, err := db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{{KeyResultID: kr.ID, Value: float64(i), Confidence: okr.OnTrack}})
				errs <- err
			}()
			go func() {
				defer wg.Done()
				_, _, err := db.ListObjectives(ctx, f.org.ID, ObjectiveFilter{})
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("concurrent call = %v", err)
			}
		}
		if n := len(must(db.ListCheckIns(ctx, f.org.ID, []int64{kr.ID}, nil))(t)); n != 20 {
			t.Fatalf("check-ins = %d, want 20", n)
		}
	})
}

func TestBackup(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Backed up", unitOwner(f.dept.ID))
		path := filepath.Join(t.TempDir(), "backup.db")
		if err := db.Backup(ctx, path, BackupOptions{}); err != nil {
			t.Fatalf("Backup = %v", err)
		}
		wantCode(t, db.Backup(ctx, path, BackupOptions{}), okr.ECONFLICT)
		if db.Dialect() == DialectPostgres {
			// A pg_dump archive; cmd/okr's tests restore it.
			if magic, err := fileMagic(path); err != nil || !strings.HasPrefix(magic, pgArchiveMagic) {
				t.Fatalf("PostgreSQL backup starts with %q (%v), want a pg_dump archive", magic, err)
			}
			return
		}
		copyDB := mustOpenPath(t, path)
		got := must(copyDB.GetObjective(ctx, f.org.ID, o.ID))(t)
		if got.Title != "Backed up" {
			t.Fatalf("objective in the backup = %+v, want the original", got)
		}
		if people, total := must2(copyDB.ListPeople(ctx, f.org.ID, PersonFilter{}))(t); total != 4 || len(people) != 4 {
			t.Fatalf("people in the backup = %d, want 4", total)
		}
	})
}

func TestValidationErrorsAreInvalid(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		_, err := db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Owner: unitOwner(f.dept.ID), Weight: -1})
		wantCode(t, err, okr.EINVALID)
		var all okr.ValidationErrors
		if !errors.As(err, &all) || len(all) != 2 {
			t.Fatalf("errors = %v, want title and weight as ValidationErrors", err)
		}
		if all[0].Field+" "+all[1].Field != "title weight" {
			t.Fatalf("fields = %s %s, want title weight", all[0].Field, all[1].Field)
		}
	})
}

// TestDriverErrorCodes checks that constraint violations are recognised by
// the drivers' codes: a duplicate becomes ECONFLICT, a dangling reference
// EINVALID (which on SQLite also proves foreign_keys is on).
func TestDriverErrorCodes(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		must(db.CreateOrg(ctx, "A", "dup"))(t)
		err := db.transact(ctx, "test", func(c conn) error {
			_, err := c.exec(ctx, `INSERT INTO orgs (name, slug, settings, created_at) VALUES ('B', 'dup', '{}', 0)`)
			return err
		})
		wantCode(t, err, okr.ECONFLICT)
		err = db.transact(ctx, "test", func(c conn) error {
			_, err := c.exec(ctx, `INSERT INTO units (org_id, name, kind, created_at) VALUES (999999, 'x', 'team', 0)`)
			return err
		})
		wantCode(t, err, okr.EINVALID)
		if db.Dialect() == DialectSQLite {
			var mode string
			if err := db.r.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
				t.Fatalf("journal_mode = %q, %v, want wal", mode, err)
			}
		}
	})
}

// Messages name object types in words: "key result 7 not found", never the
// identifier key_result.
func TestNotFoundMessagesAreWords(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		for _, err := range []error{
			second(db.GetKeyResult(ctx, f.org.ID, 987654)),
			second(db.GetKPI(ctx, f.org.ID, 987654)),
		} {
			wantCode(t, err, okr.ENOTFOUND)
			if msg := okr.ErrorMessage(err); strings.Contains(msg, "_") || !strings.Contains(msg, "987654 not found") {
				t.Errorf("message = %q, want the type in words", msg)
			}
		}
	})
}

// TestCloseLeavesSQLiteInItsFile checks that a closed SQLite database is
// whole in its one file: its write-ahead log moved back, so that a copy of
// the file alone has every write (the log stayed as large as the database
// after okr demo before).
func TestCloseLeavesSQLiteInItsFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "okr.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	org := must(db.CreateOrg(ctx, "Loggen AS", "loggen"))(t)
	// A reader that has read stays open in the pool, as in okr serve, and
	// the job engine's connection is still open when the store closes:
	// SQLite moves the log back only when the last connection closes.
	must(db.GetOrg(ctx, org.ID))(t)
	jobs, _, err := db.JobConn()
	if err != nil {
		t.Fatal(err)
	}
	defer jobs.Close()
	if err := jobs.PingContext(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		t.Errorf("after Close the write-ahead log holds %d bytes, want none", fi.Size())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(dir, "copy.db")
	if err := os.WriteFile(copied, b, 0o600); err != nil {
		t.Fatal(err)
	}
	again, err := Open(ctx, copied)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if got, err := again.GetOrg(ctx, org.ID); err != nil || got.Name != "Loggen AS" {
		t.Errorf("the file alone: %+v, %v; want the organisation written before Close", got, err)
	}
}
