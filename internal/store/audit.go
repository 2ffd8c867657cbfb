package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// Audit actions. The record an entry holds follows from its object type
// and action (audit.New).
const (
	ActionCreate       = "create"
	ActionUpdate       = "update"
	ActionArchive      = "archive"
	ActionRestore      = "restore"
	ActionMove         = "move"
	ActionCheckIn      = audit.ActionCheckIn
	ActionGrade        = audit.ActionGrade
	ActionTargetChange = audit.ActionTargetChange
	ActionContributes  = "contributes"
	ActionReading      = audit.ActionReading
	// ActionPasswordSet: a person's password was set (no record: the hash
	// is never logged); their other sessions and links ended.
	ActionPasswordSet = "password_set"
)

// audit records one change of one object in the transaction. before and
// after are the object's records (internal/audit), stored as their JSON;
// nil gives "".
func (t *tx) audit(objectType string, id int64, action string, before, after audit.Record) error {
	if err := wantRecord(objectType, action, before, after); err != nil {
		return err
	}
	b, err := audit.Encode(before)
	if err != nil {
		return err
	}
	a, err := audit.Encode(after)
	if err != nil {
		return err
	}
	err = t.later(t.ctx, "write audit entry", `INSERT INTO audit (org_id, at, actor_id, object_type, object_id, action, before_json, after_json, via)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.org(), micros(t.now), t.authorID(), objectType, id, action, b, a, t.actor.Via)
	if err != nil {
		return err
	}
	t.touch(objectType, id, action, before, after)
	t.noteAuditEvent(objectType, id, action, before, after)
	if stateTypes[objectType] {
		t.stateMoved = true
	}
	return nil
}

// wantRecord returns an error unless each record given is of the type
// that entries of objectType with action hold (audit.New), which is how
// readers decode them.
func wantRecord(objectType, action string, records ...audit.Record) error {
	want := audit.New(objectType, action)
	for _, r := range records {
		if r != nil && (want == nil || r.RecordType() != want.RecordType()) {
			return fmt.Errorf("audit %s %s: a %s record, want %T", objectType, action, r.RecordType(), want)
		}
	}
	return nil
}

// AuditFilter selects audit entries. Zero fields do not filter.
type AuditFilter struct {
	ObjectType string
	ObjectID   int64
	ActorID    int64
	// BeforeID returns entries older than this id (for paging backwards).
	BeforeID int64
	// Limit caps the entries returned: 50 when zero, at most 500.
	Limit int
}

// ListAudit returns the organisation's audit entries matching f, newest
// first.
func (db *DB) ListAudit(ctx context.Context, orgID int64, f AuditFilter) ([]okr.AuditEntry, error) {
	where, args := "org_id = ?", []any{orgID}
	if f.ObjectType != "" {
		where, args = where+" AND object_type = ?", append(args, f.ObjectType)
	}
	if f.ObjectID != 0 {
		where, args = where+" AND object_id = ?", append(args, f.ObjectID)
	}
	if f.ActorID != 0 {
		where, args = where+" AND actor_id = ?", append(args, f.ActorID)
	}
	if f.BeforeID != 0 {
		where, args = where+" AND id < ?", append(args, f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	rows, err := db.reader().query(ctx, `SELECT id, org_id, at, actor_id, object_type, object_id, action, before_json, after_json, via
		FROM audit WHERE `+where+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: list audit: %w", err)
	}
	defer rows.Close()
	var out []okr.AuditEntry
	for rows.Next() {
		var e okr.AuditEntry
		var at int64
		var actor sql.NullInt64
		if err := rows.Scan(&e.ID, &e.OrgID, &at, &actor, &e.ObjectType, &e.ObjectID, &e.Action, &e.Before, &e.After, &e.Via); err != nil {
			return nil, fmt.Errorf("store: list audit: %w", err)
		}
		e.At, e.ActorID = fromMicros(at), idPtr(actor)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list audit: %w", err)
	}
	return out, nil
}
