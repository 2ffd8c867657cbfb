package store

import (
	"context"
	"fmt"
)

// The probes measure what the machine can do at all on this database and
// driver, for okr loadtest's ceilings (docs/performance.md): one
// primary-key SELECT through the read pool, and one one-row INSERT
// committed durably through the write path (SQLite's single writer with
// synchronous FULL; PostgreSQL with synchronous_commit as configured). They
// run through the same pools, statement caches and placeholders as the
// store's queries, but without an actor, an audit entry or a revision: the
// floor under every real request.

// probeTable is a scratch table the insert probe writes to; ProbeSetup
// creates it and ProbeTeardown drops it, so it never outlives a load test.
const probeTable = "loadtest_probe"

// ProbeRow is what the select probe reads: an objective's head.
type ProbeRow struct {
	ID          int64  `json:"id"`
	OrgID       int64  `json:"org_id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Version     int64  `json:"version"`
}

// ProbeSetup creates the insert probe's scratch table.
func (db *DB) ProbeSetup(ctx context.Context) error {
	ddl := `CREATE TABLE IF NOT EXISTS ` + probeTable + ` (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL, at INTEGER NOT NULL, note TEXT NOT NULL)`
	if db.dialect == DialectPostgres {
		ddl = `CREATE TABLE IF NOT EXISTS ` + probeTable + ` (id BIGSERIAL PRIMARY KEY, org_id BIGINT NOT NULL, at BIGINT NOT NULL, note TEXT NOT NULL)`
	}
	if _, err := db.w.ExecContext(ctx, ddl); err != nil {
		return fmt.Errorf("store: probe setup: %w", err)
	}
	return nil
}

// ProbeTeardown drops the scratch table.
func (db *DB) ProbeTeardown(ctx context.Context) error {
	_, err := db.w.ExecContext(ctx, `DROP TABLE IF EXISTS `+probeTable)
	return err
}

// ProbeSelect reads one objective by its primary key.
func (db *DB) ProbeSelect(ctx context.Context, orgID, id int64) (ProbeRow, error) {
	var r ProbeRow
	err := db.reader().queryRow(ctx, `SELECT id, org_id, title, description, version FROM objectives WHERE id = ? AND org_id = ?`, id, orgID).
		Scan(&r.ID, &r.OrgID, &r.Title, &r.Description, &r.Version)
	if isNoRows(err) {
		return r, notFound("objective", id)
	}
	return r, err
}

// ProbeInsert inserts one row in a transaction of its own and commits it
// durably.
func (db *DB) ProbeInsert(ctx context.Context, orgID int64, note string) (int64, error) {
	var id int64
	err := db.transact(ctx, "probe insert", func(c conn) error {
		var err error
		id, err = c.insert(ctx, `INSERT INTO `+probeTable+` (org_id, at, note) VALUES (?, ?, ?)`, orgID, micros(db.clock()), note)
		return err
	})
	return id, err
}
