package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/okr-dev/okr/internal/store"
)

func init() {
	register(&command{name: "backup", summary: "write an online, consistent backup of the database (SQLite or PostgreSQL)", run: runBackup})
	register(&command{name: "restore", summary: "replace the database with a backup, all or nothing (stop the server first)", run: runRestore})
}

func runBackup(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "backup", `[--db PATH_OR_URL] [--pg-bin DIR] FILE

Writes a consistent backup of the database to FILE (which must not exist)
while okr serve keeps running: a SQLite database file, or for PostgreSQL a
pg_dump archive (custom format; pg_dump of the server's major version or
newer must be installed). See docs/deploy.md.`)
	dsn := dbFlag(env, fs)
	pgBin := pgBinFlag(fs)
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	target, err := oneOperand(fs, "FILE to write the backup to")
	if err != nil {
		return err
	}
	db, err := openExisting(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, target, store.BackupOptions{PGBin: *pgBin}); err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.stdout, "Backed up %s to %s.\n", describeDSN(*dsn), fs.Arg(0))
	return nil
}

func runRestore(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "restore", `[--db PATH_OR_URL] [--force] [--pg-bin DIR] FILE

Replaces the database with the backup FILE (made by okr backup), all of it
or nothing, and brings it to the current schema. The backup file is never
changed. Stop every okr serve using the database first: restore refuses
while the database is in use, and refuses a database that holds data
unless --force is given.

SQLite: the backup is checked and migrated on a copy that then replaces
the file. PostgreSQL: the pg_dump archive is restored in one transaction
(pg_restore and psql of the server's major version or newer must be
installed); with --force that transaction first drops every table of the
database's schema.`)
	dsn := dbFlag(env, fs)
	force := fs.Bool("force", false, "replace a database that holds data")
	pgBin := pgBinFlag(fs)
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if _, err := oneOperand(fs, "backup FILE"); err != nil {
		return err
	}
	if err := store.Restore(ctx, fs.Arg(0), *dsn, store.RestoreOptions{Force: *force, PGBin: *pgBin}); err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.stdout, "Restored %s from %s.\n", describeDSN(*dsn), fs.Arg(0))
	return nil
}

// pgBinFlag adds --pg-bin, the directory of PostgreSQL's client tools.
func pgBinFlag(fs *flag.FlagSet) *string {
	return fs.String("pg-bin", "", "directory of pg_dump, pg_restore and psql for a PostgreSQL database, e.g. /usr/lib/postgresql/16/bin (default: the PATH)")
}
