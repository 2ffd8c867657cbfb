package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// Restore replaces the database dsn with the backup at backupPath (one
// written by Backup): all of it or, on any error, nothing. A database that
// holds data is replaced only with opt.Force (ECONFLICT otherwise). The
// backup itself is never changed. PostgreSQL: restorePostgres.
//
// On SQLite the backup is
// it is copied next to dbPath, checked (it must be an intact okr database)
// and brought to the current schema there, and only then renamed over
// dbPath, together with the removal of dbPath's WAL files.
//
// A running server keeps its database open, and swapping the file under it
// would lose its later writes or corrupt the database: Restore returns
// ECONFLICT without changing anything while any process has dbPath open.
// It returns EINVALID for a backup that is not an okr database of the
// target's kind, and ENOTFOUND for a missing backup.
func Restore(ctx context.Context, backupPath, dsn string, opt RestoreOptions) error {
	if _, err := os.Stat(backupPath); errors.Is(err, fs.ErrNotExist) {
		return &okr.Error{Code: okr.ENOTFOUND, Field: "backup", Message: fmt.Sprintf("there is no backup %s", backupPath)}
	} else if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if IsPostgres(dsn) {
		return restorePostgres(ctx, backupPath, dsn, opt)
	}
	dbPath := dsn
	if magic, err := fileMagic(backupPath); err == nil && strings.HasPrefix(magic, pgArchiveMagic) {
		return &okr.Error{Code: okr.EINVALID, Field: "backup", Message: fmt.Sprintf(
			"%s is a backup of a PostgreSQL database; restore it into a postgres:// --db. To move to SQLite, export and import the OKRs (okr export, okr import)", backupPath)}
	}
	tmp := dbPath + ".restore-tmp"
	removeSQLiteFiles(tmp)
	defer removeSQLiteFiles(tmp)
	if err := copyFile(backupPath, tmp); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := checkOKRDatabase(ctx, tmp, backupPath); err != nil {
		return err
	}
	if !opt.Force {
		if err := refuseSQLiteWithData(ctx, dbPath); err != nil {
			return err
		}
	}
	// Bring the copy to the current schema and fold its WAL back into it.
	db, err := Open(ctx, tmp)
	if err != nil {
		return fmt.Errorf("store: restore: migrate the backup: %w", err)
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := leaveWAL(ctx, tmp); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	return replaceUnused(ctx, dbPath, tmp)
}

// refuseSQLiteWithData returns ECONFLICT when the file at path holds data:
// an okr database with an organisation, or any other non-empty file.
func refuseSQLiteWithData(ctx context.Context, path string) error {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && st.Size() == 0) {
		return nil
	} else if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	db, err := rawSQLite(path)
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	defer db.Close()
	var orgs int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs`).Scan(&orgs); err == nil && orgs == 0 {
		return nil
	}
	return &okr.Error{Code: okr.ECONFLICT, Message: fmt.Sprintf(
		"%s holds data: restore into a new file, or pass --force to replace it", path)}
}

// rawSQLite opens path without the store's settings, with a short lock
// wait, on a single connection.
func rawSQLite(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(200)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// checkOKRDatabase returns EINVALID unless path is an intact SQLite
// database with okr's tables; name is what messages call it.
func checkOKRDatabase(ctx context.Context, path, name string) error {
	notOKR := func(why string) error {
		return &okr.Error{Code: okr.EINVALID, Field: "backup", Message: fmt.Sprintf("%s is not a usable okr backup: %s", name, why)}
	}
	db, err := rawSQLite(path)
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil {
		return notOKR("it is not a SQLite database")
	}
	if check != "ok" {
		return notOKR("the SQLite integrity check says " + check)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('goose_db_version', 'orgs')`).Scan(&n); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if n != 2 {
		return notOKR("it has no okr tables")
	}
	return nil
}

// leaveWAL switches the database at path to rollback-journal mode, which
// also leaves no -wal or -shm file behind. It returns ECONFLICT when
// another connection has the database open: SQLite refuses to leave WAL
// mode then.
func leaveWAL(ctx context.Context, path string) error {
	db, err := rawSQLite(path)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return leaveWALOn(ctx, conn, path)
}

func leaveWALOn(ctx context.Context, conn *sql.Conn, path string) error {
	var mode string
	if err := conn.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode); err != nil || mode != "delete" {
		return inUse(path)
	}
	return nil
}

func inUse(path string) error {
	return &okr.Error{Code: okr.ECONFLICT, Message: fmt.Sprintf("%s is in use: stop every okr serve using it first", path)}
}

// replaceUnused renames tmp over dbPath unless another process has dbPath
// open (ECONFLICT). While it renames it holds an exclusive lock on the old
// file, so that nobody starts using it in between.
func replaceUnused(ctx context.Context, dbPath, tmp string) error {
	if _, err := os.Stat(dbPath); err == nil {
		db, err := rawSQLite(dbPath)
		if err != nil {
			return fmt.Errorf("store: restore: %w", err)
		}
		defer db.Close()
		conn, err := db.Conn(ctx)
		if err != nil {
			return fmt.Errorf("store: restore: %w", err)
		}
		defer conn.Close()
		if err := leaveWALOn(ctx, conn, dbPath); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `BEGIN EXCLUSIVE`); err != nil {
			return inUse(dbPath)
		}
		defer conn.ExecContext(ctx, `ROLLBACK`) //nolint:errcheck // the file it locks is gone by then
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: restore: %w", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("store: restore: %w", err)
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	return nil
}

// removeSQLiteFiles removes a database file and its WAL files, if any.
func removeSQLiteFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix) //nolint:errcheck // best effort: they may not exist
	}
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
