package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// Restore puts a backup in place without touching the backup file, refuses
// while a server has the database open, and refuses files that are not okr
// databases, leaving the database as it was.
func TestRestore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := mustOpenPath(t, filepath.Join(dir, "live.db"))
	f := mustFixture(t, src)
	o := f.mustObjective(t, "Backed up", unitOwner(f.dept.ID))
	backup := filepath.Join(dir, "backup.db")
	if err := src.Backup(ctx, backup, BackupOptions{}); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	before, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}

	// A database in use by a server is not replaced.
	target := filepath.Join(dir, "target.db")
	running := mustOpenPath(t, target)
	wantCode(t, Restore(ctx, backup, target, RestoreOptions{}), okr.ECONFLICT)
	if _, err := running.GetObjective(ctx, f.org.ID, o.ID); okr.ErrorCode(err) != okr.ENOTFOUND {
		t.Fatalf("after a refused restore the running database has the objective (%v), want it untouched", err)
	}
	if err := running.Close(); err != nil {
		t.Fatal(err)
	}

	// Not okr databases.
	empty := filepath.Join(dir, "empty.db")
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(text, bytes.Repeat([]byte("not a database\n"), 400), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{empty, text} {
		wantCode(t, Restore(ctx, bad, target, RestoreOptions{}), okr.EINVALID)
	}
	wantCode(t, Restore(ctx, filepath.Join(dir, "missing.db"), target, RestoreOptions{}), okr.ENOTFOUND)

	// The stopped database is replaced; the backup is byte for byte the same.
	if err := Restore(ctx, backup, target, RestoreOptions{}); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	after, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("Restore changed the backup file")
	}
	for _, leftover := range []string{target + ".restore-tmp", backup + "-wal", backup + "-shm"} {
		if _, err := os.Stat(leftover); err == nil {
			t.Errorf("Restore left %s behind", leftover)
		}
	}
	restored := mustOpenPath(t, target)
	if got := must(restored.GetObjective(ctx, f.org.ID, o.ID))(t); got.Title != "Backed up" {
		t.Fatalf("restored objective = %+v, want the backed-up one", got)
	}
	if err := restored.Close(); err != nil {
		t.Fatal(err)
	}

	// Now the target holds data: replaced only when forced.
	wantCode(t, Restore(ctx, backup, target, RestoreOptions{}), okr.ECONFLICT)
	if err := Restore(ctx, backup, target, RestoreOptions{Force: true}); err != nil {
		t.Fatalf("Restore with Force: %v", err)
	}
}
