package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// Backups of PostgreSQL are pg_dump archives (custom format): the tool every
// PostgreSQL administrator knows, consistent while the server runs (one
// snapshot), compressed, and readable with pg_restore --list. okr runs the
// PostgreSQL client tools (pg_dump, pg_restore, psql) of the machine it runs
// on; they must be of the server's major version or newer (pg_dump refuses
// an older one).

// BackupOptions are the settings of a backup.
type BackupOptions struct {
	// PGBin is the directory of pg_dump, pg_restore and psql; empty: $PATH.
	PGBin string
}

// RestoreOptions are the settings of a restore.
type RestoreOptions struct {
	// Force replaces a database that holds data; without it Restore returns
	// ECONFLICT for one.
	Force bool
	// PGBin is the directory of pg_dump, pg_restore and psql; empty: $PATH.
	PGBin string
}

// pgArchiveMagic starts every pg_dump archive of the custom format.
const pgArchiveMagic = "PGDMP"

// sqliteMagic starts every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

// backupPostgres writes a pg_dump archive of the database to path, first to
// a temporary file next to it, so that path holds either a whole archive or
// nothing.
func (db *DB) backupPostgres(ctx context.Context, path string, opt BackupOptions) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name()) //nolint:errcheck // gone after the rename
	args := []string{"--format=custom", "--no-owner", "--no-privileges", "--file=" + tmp.Name()}
	if _, err := runPGTool(ctx, opt.PGBin, "pg_dump", db.pgURL, args...); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// restorePostgres restores the pg_dump archive at backupPath into the
// PostgreSQL database dsn in one transaction: it drops the tables of the
// database's schema (only with opt.Force when they hold data), runs the
// archive's script (pg_restore) and commits only when all of it worked.
// Then it applies the migrations the backup lacks.
func restorePostgres(ctx context.Context, backupPath, dsn string, opt RestoreOptions) error {
	notOKR := func(why string) error {
		return &okr.Error{Code: okr.EINVALID, Field: "backup", Message: fmt.Sprintf("%s is not a usable okr backup: %s", backupPath, why)}
	}
	switch magic, err := fileMagic(backupPath); {
	case err != nil:
		return fmt.Errorf("store: restore: %w", err)
	case strings.HasPrefix(magic, sqliteMagic):
		return &okr.Error{Code: okr.EINVALID, Field: "backup", Message: fmt.Sprintf(
			"%s is a backup of a SQLite database; restore it into a SQLite file (--db PATH). To move to PostgreSQL, export and import the OKRs (okr export, okr import)", backupPath)}
	case !strings.HasPrefix(magic, pgArchiveMagic):
		return notOKR("it is not a pg_dump archive (okr backup of PostgreSQL writes pg_dump's custom format)")
	}
	list, err := runPGTool(ctx, opt.PGBin, "pg_restore", "", "--list", backupPath)
	if err != nil {
		return notOKR(okr.ErrorMessage(err))
	}
	if !strings.Contains(list, " TABLE public orgs ") || !strings.Contains(list, " TABLE public goose_db_version ") {
		return notOKR("it has no okr tables")
	}

	db, err := openPostgres(ctx, dsn)
	if err != nil {
		return err
	}
	drop, err := db.prepareRestoreTarget(ctx, dsn, opt.Force)
	db.Close()
	if err != nil {
		return err
	}

	// psql runs the script in one transaction: BEGIN, the drops, the
	// archive's script from pg_restore, and COMMIT only when pg_restore
	// ended well. Without the COMMIT psql reaches the end of its input,
	// disconnects, and the server rolls everything back; at the first
	// failing statement psql stops (ON_ERROR_STOP) with the same effect.
	psqlPath, err := pgTool(opt.PGBin, "psql")
	if err != nil {
		return err
	}
	restorePath, err := pgTool(opt.PGBin, "pg_restore")
	if err != nil {
		return err
	}
	conn, pgEnv := libpqConnection(dsn)
	var psqlErr, restoreErr bytes.Buffer
	psql := exec.CommandContext(ctx, psqlPath, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--dbname="+conn)
	psql.Env = pgEnv
	psql.Stdout = io.Discard
	psql.Stderr = &psqlErr
	in, err := psql.StdinPipe()
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	restore := exec.CommandContext(ctx, restorePath, "--no-owner", "--no-privileges", "--file=-", backupPath)
	restore.Stderr = &restoreErr
	script, err := restore.StdoutPipe()
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := psql.Start(); err != nil {
		return fmt.Errorf("store: restore: psql: %w", err)
	}
	if err := restore.Start(); err != nil {
		in.Close()
		psql.Wait() //nolint:errcheck // pg_restore's error is the one to report
		return fmt.Errorf("store: restore: pg_restore: %w", err)
	}
	_, werr := io.WriteString(in, "BEGIN;\n"+drop)
	if werr == nil {
		_, werr = io.Copy(in, script)
	}
	if werr != nil {
		restore.Process.Kill() //nolint:errcheck // psql stopped: its error says why
	}
	rerr := restore.Wait()
	if werr == nil && rerr == nil {
		_, werr = io.WriteString(in, "COMMIT;\n")
	}
	in.Close()
	perr := psql.Wait()
	switch {
	case perr != nil:
		return &okr.Error{Code: okr.EINVALID, Message: fmt.Sprintf("the restore was rolled back, %s is as it was: %s", redactURL(dsn), firstLines(psqlErr.String(), fmt.Errorf("psql: %w", perr)))}
	case rerr != nil:
		return &okr.Error{Code: okr.EINVALID, Message: fmt.Sprintf("the restore was rolled back, %s is as it was: %s", redactURL(dsn), firstLines(restoreErr.String(), fmt.Errorf("pg_restore: %w", rerr)))}
	case werr != nil:
		return fmt.Errorf("store: restore: %w", werr)
	}
	// The backup may be older than this okr: bring it to the current schema.
	if err := Migrate(ctx, dsn); err != nil {
		return fmt.Errorf("store: restore: migrate the restored database: %w", err)
	}
	return nil
}

// prepareRestoreTarget checks that nobody else is connected to the database
// (ECONFLICT: a running okr serve would keep working on what the restore
// replaces) and that its tables hold no data unless force (ECONFLICT). It
// returns the SQL that drops the schema's tables, for the restore's
// transaction.
func (db *DB) prepareRestoreTarget(ctx context.Context, dsn string, force bool) (string, error) {
	var others int
	if err := db.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`).Scan(&others); err != nil {
		return "", fmt.Errorf("store: restore: %w", err)
	}
	if others > 0 {
		return "", &okr.Error{Code: okr.ECONFLICT, Message: fmt.Sprintf(
			"%s is in use (%d other connection(s)): stop every okr serve using it first", redactURL(dsn), others)}
	}
	rows, err := db.w.QueryContext(ctx, `SELECT schemaname, tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`)
	if err != nil {
		return "", fmt.Errorf("store: restore: %w", err)
	}
	var tables []string
	for rows.Next() {
		var schema, table string
		if err := rows.Scan(&schema, &table); err != nil {
			rows.Close()
			return "", fmt.Errorf("store: restore: %w", err)
		}
		tables = append(tables, quoteIdent(schema)+"."+quoteIdent(table))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("store: restore: %w", err)
	}
	if len(tables) == 0 {
		return "", nil
	}
	if !force {
		var withData []string
		for _, t := range tables {
			if strings.HasSuffix(t, `."goose_db_version"`) || strings.HasSuffix(t, `."river_migration"`) {
				continue
			}
			var has bool
			if err := db.w.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+t+`)`).Scan(&has); err != nil {
				return "", fmt.Errorf("store: restore: %w", err)
			}
			if has {
				withData = append(withData, t)
			}
		}
		if len(withData) > 0 {
			return "", &okr.Error{Code: okr.ECONFLICT, Message: fmt.Sprintf(
				"%s holds data (%d table(s) with rows, e.g. %s): restore into an empty database, or pass --force to replace everything in it",
				redactURL(dsn), len(withData), withData[0])}
		}
	}
	drop := "DROP TABLE IF EXISTS " + strings.Join(tables, ", ") + " CASCADE;\n"
	more, err := db.schemaTypesAndFunctions(ctx)
	if err != nil {
		return "", err
	}
	return drop + more, nil
}

// schemaTypesAndFunctions returns the SQL that drops the enum types and
// functions of the current schema: the job engine's (river_job_state,
// river_job_notify, …), which the archive creates again.
func (db *DB) schemaTypesAndFunctions(ctx context.Context) (string, error) {
	rows, err := db.w.QueryContext(ctx, `SELECT 'DROP TYPE IF EXISTS ' || quote_ident(n.nspname) || '.' || quote_ident(t.typname) || ' CASCADE;'
		FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
		WHERE n.nspname = current_schema() AND t.typtype = 'e'
		UNION ALL
		SELECT 'DROP FUNCTION IF EXISTS ' || quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ') CASCADE;'
		FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		WHERE n.nspname = current_schema()`)
	if err != nil {
		return "", fmt.Errorf("store: restore: %w", err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var stmt string
		if err := rows.Scan(&stmt); err != nil {
			return "", fmt.Errorf("store: restore: %w", err)
		}
		b.WriteString(stmt + "\n")
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("store: restore: %w", err)
	}
	return b.String(), nil
}

// quoteIdent quotes a PostgreSQL identifier.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// pgTool returns the path of a PostgreSQL client tool, from dir or $PATH.
func pgTool(dir, name string) (string, error) {
	path := name
	if dir != "" {
		path = filepath.Join(dir, name)
	}
	found, err := exec.LookPath(path)
	if err != nil {
		where := "on the PATH"
		if dir != "" {
			where = "in " + dir
		}
		return "", &okr.Error{Code: okr.EINVALID, Message: fmt.Sprintf(
			"%s was not found %s: install PostgreSQL's client tools of the server's major version or newer (e.g. the postgresql-client package), or name their directory with --pg-bin", name, where)}
	}
	return found, nil
}

// runPGTool runs a PostgreSQL client tool and returns its standard output.
// With a dsn it connects to that database (libpqConnection). A failure
// returns EINVALID with the first lines of the tool's messages.
func runPGTool(ctx context.Context, dir, name, dsn string, args ...string) (string, error) {
	path, err := pgTool(dir, name)
	if err != nil {
		return "", err
	}
	env := os.Environ()
	if dsn != "" {
		var conn string
		conn, env = libpqConnection(dsn)
		args = append(args, "--dbname="+conn)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", &okr.Error{Code: okr.EINVALID, Message: firstLines(errb.String(), fmt.Errorf("%s: %w", name, err))}
	}
	return out.String(), nil
}

// libpqConnection returns the address for a libpq tool without its password,
// and the environment that gives the tool the password (PGPASSWORD), so that
// the password does not show in the process list.
func libpqConnection(dsn string) (string, []string) {
	env := os.Environ()
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn, env
	}
	if pw, ok := u.User.Password(); ok {
		env = append(env, "PGPASSWORD="+pw)
		u.User = url.User(u.User.Username())
	}
	return u.String(), env
}

// redactURL returns a PostgreSQL address without its password.
func redactURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "the database"
	}
	return u.Redacted()
}

// firstLines returns the first lines of a tool's messages, or err when it
// printed none.
func firstLines(msg string, err error) string {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return err.Error()
	}
	lines := strings.Split(msg, "\n")
	if len(lines) > 5 {
		lines = append(lines[:5], "…")
	}
	return strings.Join(lines, "\n")
}

// fileMagic returns the first 16 bytes of a file.
func fileMagic(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b := make([]byte, 16)
	n, err := io.ReadFull(f, b)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", err
	}
	return string(b[:n]), nil
}
