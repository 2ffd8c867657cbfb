package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// okr restore never changes the backup, and refuses to swap the database
// file under a server that has it open.
func TestRestoreKeepsBackupAndRefusesADatabaseInUse(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "okr.db")
	if code, out, errOut := run(t, nil, "import", "--db", live, "../../docs/examples/artbyx.yaml"); code != 0 {
		t.Fatalf("import exit %d: %s%s", code, out, errOut)
	}
	backup := filepath.Join(dir, "backup.db")
	if code, _, errOut := run(t, nil, "backup", "--db", live, backup); code != 0 {
		t.Fatalf("backup exit %d: %s", code, errOut)
	}
	want, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}

	// A server has the target open: restore refuses and changes nothing.
	serving, err := store.Open(context.Background(), filepath.Join(dir, "serving.db"))
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, nil, "restore", "--db", filepath.Join(dir, "serving.db"), backup)
	if code != 1 || !strings.Contains(errOut, "in use") {
		t.Errorf("restore into a database in use: exit %d, stderr %q; want 1 and 'in use'", code, errOut)
	}
	if orgs, err := serving.ListOrgs(context.Background()); err != nil || len(orgs) != 0 {
		t.Errorf("the served database has %d organisations (%v) after a refused restore, want 0", len(orgs), err)
	}
	if err := serving.Close(); err != nil {
		t.Fatal(err)
	}

	// Stopped: restore works, and the backup is the same file as before.
	if code, _, errOut := run(t, nil, "restore", "--db", filepath.Join(dir, "serving.db"), backup); code != 0 {
		t.Fatalf("restore exit %d: %s", code, errOut)
	}
	got, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("okr restore changed the backup file")
	}
	_, a, _ := run(t, nil, "export", "--db", live)
	_, b, _ := run(t, nil, "export", "--db", filepath.Join(dir, "serving.db"))
	if a != b || !strings.Contains(b, "version: 1") {
		t.Error("export of the restored database differs from the original's")
	}
	// Not a backup: refused with a clear message.
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, nil, "restore", "--db", filepath.Join(dir, "serving.db"), notes); code != 1 || !strings.Contains(errOut, "not a usable okr backup") {
		t.Errorf("restore of a text file: exit %d, stderr %q; want 1 and 'not a usable okr backup'", code, errOut)
	}
}

// On PostgreSQL okr restore is one transaction: a database with data is
// replaced only with --force, a broken archive leaves it as it was, a
// database in use is refused, and a SQLite backup is refused with a way
// forward.
func TestRestorePostgresAllOrNothing(t *testing.T) {
	live := storetest.DSN(t, store.DialectPostgres)
	if code, out, errOut := run(t, nil, "import", "--db", live, "../../docs/examples/artbyx.yaml"); code != 0 {
		t.Fatalf("import exit %d: %s%s", code, out, errOut)
	}
	dir := t.TempDir()
	backup := filepath.Join(dir, "okr.pgdump")
	if code, _, errOut := run(t, nil, "backup", "--db", live, backup); code != 0 {
		t.Fatalf("backup exit %d: %s", code, errOut)
	}
	_, want, _ := run(t, nil, "export", "--db", live)

	// A database with data needs --force.
	target := storetest.DSN(t, store.DialectPostgres)
	if code, _, errOut := run(t, nil, "user", "add", "--db", target, "--email", "ada@example.com", "--name", "Ada", "--org-name", "Acme", "--password", "a-long-enough-password"); code != 0 {
		t.Fatalf("user add: exit %d: %s", code, errOut)
	}
	_, targetBefore, _ := run(t, nil, "export", "--db", target)
	if code, _, errOut := run(t, nil, "restore", "--db", target, backup); code != 1 || !strings.Contains(errOut, "--force") {
		t.Errorf("restore into a database with data: exit %d, stderr %q; want 1 and a hint at --force", code, errOut)
	}

	// A truncated archive: its table of contents reads, its data does not.
	raw, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "broken.pgdump")
	if err := os.WriteFile(broken, raw[:len(raw)-200], 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, nil, "restore", "--force", "--db", target, broken); code != 1 || !strings.Contains(errOut, "rolled back") {
		t.Errorf("restore of a truncated archive: exit %d, stderr %q; want 1 and 'rolled back'", code, errOut)
	}
	if _, after, _ := run(t, nil, "export", "--db", target); after != targetBefore {
		t.Errorf("a failed restore changed the database:\n%s\nwant\n%s", after, targetBefore)
	}

	// In use: refused.
	ctx := context.Background()
	serving, err := store.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, nil, "restore", "--force", "--db", target, backup); code != 1 || !strings.Contains(errOut, "in use") {
		t.Errorf("restore into a database in use: exit %d, stderr %q; want 1 and 'in use'", code, errOut)
	}
	serving.Close()

	// Forced: the target is the backup, its own data gone.
	if code, _, errOut := run(t, nil, "restore", "--force", "--db", target, backup); code != 0 {
		t.Fatalf("restore --force exit %d: %s", code, errOut)
	}
	if _, got, _ := run(t, nil, "export", "--db", target); got != want {
		t.Errorf("export after restore --force differs from the backed-up database's")
	}
	if code, _, _ := run(t, nil, "export", "--db", target, "--org", "acme"); code == 0 {
		t.Error("the target's own organisation survived restore --force")
	}

	// Backups of the other kind are refused with what to do instead.
	sqliteBackup := filepath.Join(dir, "sqlite.db")
	sqliteDB := filepath.Join(dir, "okr.db")
	run(t, nil, "migrate", "--db", sqliteDB)
	if code, _, errOut := run(t, nil, "backup", "--db", sqliteDB, sqliteBackup); code != 0 {
		t.Fatalf("SQLite backup exit %d: %s", code, errOut)
	}
	if code, _, errOut := run(t, nil, "restore", "--db", storetest.DSN(t, store.DialectPostgres), sqliteBackup); code != 1 || !strings.Contains(errOut, "SQLite") {
		t.Errorf("restore of a SQLite backup into PostgreSQL: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := run(t, nil, "restore", "--db", filepath.Join(dir, "new.db"), backup); code != 1 || !strings.Contains(errOut, "PostgreSQL") {
		t.Errorf("restore of a PostgreSQL backup into SQLite: exit %d, stderr %q", code, errOut)
	}
}
