package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/store"
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
