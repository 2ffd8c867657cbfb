package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/okr-dev/okr/internal/okr"
)

// Backup writes an online, consistent copy of a SQLite database to path
// (VACUUM INTO) while the server keeps running. path must not exist
// (ECONFLICT). On PostgreSQL it returns EINVALID: use pg_dump there.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect == DialectPostgres {
		return &okr.Error{Code: okr.EINVALID, Key: "err.backup_postgres",
			Message: "okr backs up SQLite databases only; back up PostgreSQL with pg_dump"}
	}
	if _, err := os.Stat(path); err == nil {
		return &okr.Error{Code: okr.ECONFLICT, Field: "path", Message: fmt.Sprintf("%s exists already; choose a new file", path)}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: backup: %w", err)
	}
	if _, err := db.reader().exec(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return nil
}
