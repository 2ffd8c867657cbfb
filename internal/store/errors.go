package store

import (
	"database/sql"
	"errors"
	"fmt"
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
