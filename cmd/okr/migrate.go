package main

import (
	"context"
	"fmt"

	"github.com/okr-dev/okr/internal/store"
)

func init() {
	register(&command{name: "migrate", summary: "apply the database migrations", run: runMigrate})
}

func runMigrate(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "migrate", "[--db PATH_OR_URL]")
	dsn := dbFlag(env, fs)
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if err := noOperands(fs); err != nil {
		return err
	}
	if err := store.Migrate(ctx, *dsn); err != nil {
		return err
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%s is at schema version %d\n", describeDSN(*dsn), v)
	return nil
}
