package main

import (
	"context"
	"fmt"

	"github.com/okr-dev/okr/internal/store"
)

func init() {
	register(&command{name: "backup", summary: "write an online, consistent backup of the SQLite database", run: runBackup})
	register(&command{name: "restore", summary: "replace the SQLite database with a backup (stop the server first)", run: runRestore})
}

func runBackup(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "backup", "[--db PATH] FILE")
	dsn := dbFlag(env, fs)
	if err := parseFlags(env, fs, args); err != nil {
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
	fs := newFlagSet(env, "restore", "[--db PATH] FILE\n\nReplaces the SQLite database with the backup FILE (made by okr backup).\nThe backup is checked and brought to the current schema on a copy; the\nfile itself is never changed. Stop every okr serve using the database\nfirst: restore refuses while the database is in use.")
	dsn := dbFlag(env, fs)
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitError{2}
	}
	if err := store.Restore(ctx, fs.Arg(0), *dsn); err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.stdout, "Restored %s from %s.\n", *dsn, fs.Arg(0))
	return nil
}
