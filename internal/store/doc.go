// Package store is the storage layer of okr on SQLite and PostgreSQL.
//
// One set of hand-written SQL queries serves both dialects: queries are
// written with ? placeholders and rebound to $1..$n for PostgreSQL. Only the
// migrations (migrations/sqlite, migrations/postgres) and a few genuine
// differences (id lists, backups, error codes) are per dialect.
//
// Every table but orgs carries org_id and every query filters by it: no
// method reads or writes across organisations. Write methods take an Actor
// and check its permissions inside their transaction; read methods take an
// org id. Errors handed to callers are *okr.Error with a code (ENOTFOUND,
// EINVALID, ECONFLICT, ESTALE, EFORBIDDEN, EUNAUTHORIZED); anything else is
// an unexpected failure wrapped with context.
//
// Timestamps are stored as unix microseconds (UTC), calendar dates as
// 'YYYY-MM-DD' text, booleans as 0/1 integers. Archiving never deletes a row:
// it sets archived_at and bumps the version. Every change writes an audit
// entry in the same transaction.
package store
