package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCheckpointsRunOffTheWriter: commits that fill the write-ahead log far
// past SQLite's default checkpoint (1,000 pages) leave it to the
// checkpointer, which copies all of it into the database file soon after
// the last commit; the writers' own checkpoint is only a backstop.
func TestCheckpointsRunOffTheWriter(t *testing.T) {
	ctx := context.Background()
	db := mustOpenPath(t, filepath.Join(t.TempDir(), "okr.db"))
	if err := db.transact(ctx, "create", func(c conn) error {
		_, err := c.exec(ctx, `CREATE TABLE ckpt_test (b TEXT NOT NULL)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	before := db.ckpt.runs.Load()
	blob := strings.Repeat("x", 3000) // a page of its own, about
	for i := range 60 {
		err := db.transact(ctx, "fill", func(c conn) error {
			for range 50 {
				if _, err := c.exec(ctx, `INSERT INTO ckpt_test (b) VALUES (?)`, blob); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("commit %d: %v", i, err)
		}
	}
	// The rows reach the database file itself only through a checkpoint:
	// without one they stay in the log, and the file keeps its first size.
	deadline := time.Now().Add(5 * time.Second)
	for {
		fi, err := os.Stat(db.sqlitePath)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() >= 3000*3000 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 3,000 rows of 3 KB committed, the database file holds %d bytes, want them all (9 MB or more)", fi.Size())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if runs := db.ckpt.runs.Load() - before; runs == 0 {
		t.Fatal("the checkpointer ran no checkpoint")
	}
}
