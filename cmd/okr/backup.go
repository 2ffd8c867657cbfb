package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/okr-dev/okr/internal/store"
)

func init() {
	register(&command{name: "backup", summary: "write an online, consistent backup of the SQLite database", run: runBackup})
	register(&command{name: "restore", summary: "replace the SQLite database with a backup (stop the server first)", run: runRestore})
}

func runBackup(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "backup", "[--db PATH] FILE")
	dsn := dbFlag(env, fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitError{2}
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, fs.Arg(0)); err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.stdout, "Backed up %s to %s.\n", describeDSN(*dsn), fs.Arg(0))
	return nil
}

func runRestore(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "restore", "[--db PATH] FILE\n\nStop every okr serve using the database first.")
	dsn := dbFlag(env, fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitError{2}
	}
	src := fs.Arg(0)
	if store.IsPostgres(*dsn) {
		return fmt.Errorf("restore works on SQLite files; for PostgreSQL use pg_restore")
	}
	// Open the backup first: it must be a database okr can read, and it is
	// brought to the current schema before it replaces anything.
	check, err := store.Open(ctx, src)
	if err != nil {
		return fmt.Errorf("%s is not a usable okr backup: %w", src, err)
	}
	if err := check.Close(); err != nil {
		return err
	}
	tmp := *dsn + ".restore-tmp"
	if err := copyFile(src, tmp); err != nil {
		return err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(*dsn + suffix); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	if err := os.Rename(tmp, *dsn); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Restored %s from %s.\n", *dsn, src)
	return nil
}

func copyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	if _, err := io.Copy(out, in); err != nil {
		return err
	}
	return out.Sync()
}
