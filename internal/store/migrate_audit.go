package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pressly/goose/v3"

	"github.com/okr-dev/okr/internal/audit"
)

// goMigrations are the migrations written in Go, numbered among the SQL
// files of migrations/sqlite and migrations/postgres (which must not use
// their numbers). They run on both dialects, in a transaction like the
// others.
func (db *DB) goMigrations() []*goose.Migration {
	return []*goose.Migration{
		// 8: audit entries hold records of internal/audit instead of domain
		// structs under their Go field names.
		goose.NewGoMigration(8, &goose.GoFunc{RunTx: db.upgradeAuditRecords}, &goose.GoFunc{RunTx: keepAuditRecords}),
	}
}

// auditUpgradeBatch is how many audit entries upgradeAuditRecords reads at a
// time.
const auditUpgradeBatch = 1000

// upgradeAuditRecords rewrites the before and after of every audit entry
// from the JSON of the domain types (Go field names, no version) into the
// entry's record (audit.Upgrade). It is written in Go rather than SQL
// because the conversion renames nested keys (owner, metric, milestones)
// and checks each value's type, which would take two different and long
// JSON dialects in SQL; in Go it is the same code on SQLite and PostgreSQL,
// and the same as the one that reads rows an older node still writes. An
// entry whose JSON is not what its object type and action name (none are
// known) is kept as it is: readers show it as stored.
func (db *DB) upgradeAuditRecords(ctx context.Context, tx *sql.Tx) error {
	update, err := tx.PrepareContext(ctx, db.rebind(`UPDATE audit SET before_json = ?, after_json = ? WHERE id = ?`))
	if err != nil {
		return fmt.Errorf("upgrade audit records: %w", err)
	}
	defer update.Close()
	var last int64
	for {
		batch, err := db.auditBatch(ctx, tx, last)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		for _, e := range batch {
			before, berr := audit.Upgrade(e.ObjectType, e.Action, e.Before)
			after, aerr := audit.Upgrade(e.ObjectType, e.Action, e.After)
			if berr != nil || aerr != nil || (before == e.Before && after == e.After) {
				continue
			}
			if _, err := update.ExecContext(ctx, before, after, e.ID); err != nil {
				return fmt.Errorf("upgrade audit entry %d: %w", e.ID, err)
			}
		}
		last = batch[len(batch)-1].ID
	}
}

// auditBatch reads the audit entries after id, in id order.
func (db *DB) auditBatch(ctx context.Context, tx *sql.Tx, after int64) ([]auditRow, error) {
	rows, err := tx.QueryContext(ctx, db.rebind(`SELECT id, object_type, action, before_json, after_json FROM audit
		WHERE id > ? ORDER BY id LIMIT ?`), after, auditUpgradeBatch)
	if err != nil {
		return nil, fmt.Errorf("upgrade audit records: %w", err)
	}
	defer rows.Close()
	var out []auditRow
	for rows.Next() {
		var e auditRow
		if err := rows.Scan(&e.ID, &e.ObjectType, &e.Action, &e.Before, &e.After); err != nil {
			return nil, fmt.Errorf("upgrade audit records: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("upgrade audit records: %w", err)
	}
	return out, nil
}

// auditRow is what upgradeAuditRecords reads of an entry.
type auditRow struct {
	ID                 int64
	ObjectType, Action string
	Before, After      string
}

// keepAuditRecords is the down migration of 8: it keeps the records, which
// a binary of schema 7 shows as stored (the API's before and after as the
// record's JSON, the history page without labels).
func keepAuditRecords(context.Context, *sql.Tx) error { return nil }
