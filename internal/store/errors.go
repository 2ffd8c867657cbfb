package store

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/okr-dev/okr/internal/okr"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// notFound returns the ENOTFOUND error for an object type and id.
func notFound(objectType string, id int64) *okr.Error {
	return &okr.Error{Code: okr.ENOTFOUND, Message: fmt.Sprintf("%s %d not found", readable(objectType), id),
		Key: "err.not_found", Args: map[string]any{"Type": objectType, "ID": id}}
}

// stale returns the ESTALE error for an object type.
func stale(objectType string) *okr.Error {
	return &okr.Error{Code: okr.ESTALE, Message: fmt.Sprintf("someone else saved this %s first; reload and try again", readable(objectType)),
		Key: "err.stale", Args: map[string]any{"Type": objectType}}
}

// forbidden returns an EFORBIDDEN error.
func forbidden(format string, args ...any) *okr.Error {
	return &okr.Error{Code: okr.EFORBIDDEN, Message: fmt.Sprintf(format, args...), Key: "err.forbidden"}
}

// invalid returns an EINVALID error about one field.
func invalid(field, message string) *okr.Error {
	return &okr.Error{Code: okr.EINVALID, Field: field, Message: message, Key: "err.invalid", Args: map[string]any{"Field": field}}
}

func readable(objectType string) string {
	switch objectType {
	case "key_result":
		return "key result"
	case "kpi":
		return "KPI"
	}
	return strings.ReplaceAll(objectType, "_", " ")
}

// IsUnavailable reports whether err says the database could not be reached
// (connection refused or lost, the pool closed, the server shutting down
// or refusing connections, SQLite busy past its timeout), as opposed to a
// statement that failed: the same request may work again shortly, so it is
// answered 503 rather than 500. Callers map it to okr.EUNAVAILABLE.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// Class 08: connection exception; 57P0x: the server is shutting
		// down or not accepting connections; 53300: too many connections.
		return strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P0") || pe.Code == "53300"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code() & 0xff // the primary result code
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED || c == sqlite3.SQLITE_CANTOPEN
	}
	// database/sql's error for a closed *sql.DB and pgx's for a closed
	// connection are not exported values.
	msg := err.Error()
	return strings.Contains(msg, "sql: database is closed") || strings.Contains(msg, "conn closed") || pgconn.Timeout(err)
}

// isNoRows reports whether err says a query returned no row.
func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// isUniqueViolation reports whether err is a unique or primary-key
// violation, by the driver's error code.
func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return false
}

// isForeignKeyViolation reports whether err is a foreign-key violation, by
// the driver's error code.
func isForeignKeyViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23503"
	}
	return false
}

// wrap returns err unchanged when it is an *okr.Error (or a list of them)
// and wraps it with the operation otherwise.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var oe *okr.Error
	var ve okr.ValidationErrors
	if errors.As(err, &oe) || errors.As(err, &ve) {
		return err
	}
	return fmt.Errorf("store: %s: %w", op, err)
}
