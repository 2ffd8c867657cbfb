package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/okr-dev/okr/internal/store"
)

// openExisting opens a database that must exist already: the commands that
// only read (export, backup, token) never create one, so a mistyped --db
// says so instead of leaving an empty database behind.
func openExisting(ctx context.Context, dsn string) (*store.DB, error) {
	if !store.IsPostgres(dsn) && dsn != ":memory:" {
		if _, err := os.Stat(dsn); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("there is no database at %s (give --db or OKR_DATABASE_URL)", dsn)
		} else if err != nil {
			return nil, err
		}
	}
	return store.Open(ctx, dsn)
}

// openInput opens the file name, or standard input for "-"; it returns the
// name to use in messages.
func openInput(env *cliEnv, name string) (io.ReadCloser, string, error) {
	if name == "-" {
		return io.NopCloser(env.stdin), "<stdin>", nil
	}
	f, err := os.Open(name)
	return f, name, err
}
