package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/okr-dev/okr/internal/okr"
)

// Backup writes an online, consistent copy of the database to path while
// the server keeps running: on SQLite a database file (VACUUM INTO), on
// PostgreSQL a pg_dump archive of the custom format (backup_postgres.go).
// path must not exist (ECONFLICT).
func (db *DB) Backup(ctx context.Context, path string, opt BackupOptions) error {
	if _, err := os.Stat(path); err == nil {
		return &okr.Error{Code: okr.ECONFLICT, Field: "path", Message: fmt.Sprintf("%s exists already; choose a new file", path)}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: backup: %w", err)
	}
	if db.dialect == DialectPostgres {
		return db.backupPostgres(ctx, path, opt)
	}
	if _, err := db.reader().exec(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return nil
}
