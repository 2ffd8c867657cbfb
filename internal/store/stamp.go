package store

import (
	"context"
	"fmt"
)

// stateTypes are the object types whose changes move an organisation's
// state sequence (StateStamp): what view.OrgState reads (the organisation,
// its periods, units and people).
var stateTypes = map[string]bool{"unit": true, "person": true, "org": true, "period": true}

// StateStamp returns the organisation's state sequence: a number that moves
// whenever a write to a unit, person, period or the organisation itself
// commits, in the same transaction (tx.audit notes it, DB.write adds one
// before commit). Callers cache what they read from those objects and read
// it again when the number moves. One primary-key read, whatever the size
// of the audit log; correct across several nodes, since the number lives
// in the database. Loads with audit off write new organisations only,
// which nobody can have cached.
func (db *DB) StateStamp(ctx context.Context, orgID int64) (int64, error) {
	var seq int64
	err := db.reader().queryRow(ctx, `SELECT state_seq FROM orgs WHERE id = ?`, orgID).Scan(&seq)
	if isNoRows(err) {
		return 0, notFound("org", orgID)
	}
	if err != nil {
		return 0, fmt.Errorf("store: state stamp: %w", err)
	}
	return seq, nil
}

// moveStateStamp adds one to the organisation's state sequence when the
// transaction changed an object of stateTypes: its last write but the
// revisions, so the row lock on the organisation is held only for the
// commit.
func (t *tx) moveStateStamp() error {
	if !t.stateMoved {
		return nil
	}
	if err := t.later(t.ctx, "move state stamp", `UPDATE orgs SET state_seq = state_seq + 1 WHERE id = ?`, t.org()); err != nil {
		return err
	}
	t.stateMoved = false
	return nil
}
