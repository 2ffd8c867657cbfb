package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// SetNotifyPrefs sets a person's notification choices (okr.NotifyPrefs):
// the person themself or an admin. version is the person's version as
// read; the person's version moves. Returns ENOTFOUND, ESTALE, EINVALID or
// EFORBIDDEN.
func (db *DB) SetNotifyPrefs(ctx context.Context, actor Actor, personID int64, prefs okr.NotifyPrefs, version int64) (okr.Person, error) {
	if err := prefs.Validate(); err != nil {
		return okr.Person{}, err
	}
	var after okr.Person
	err := db.write(ctx, actor, "set notification choices", func(t *tx) error {
		before, err := getPerson(t.ctx, t.conn, t.org(), personID)
		if err != nil {
			return err
		}
		if !t.isAdmin() && t.actor.PersonID != personID {
			return forbidden("only the person and admins may change a person's notifications")
		}
		if err := checkVersion("person", before.Version, version); err != nil {
			return err
		}
		b, err := json.Marshal(prefs)
		if err != nil {
			return fmt.Errorf("notify prefs: %w", err)
		}
		if err := t.execVersioned("person", `UPDATE people SET notify = ?, version = version + 1 WHERE id = ? AND org_id = ? AND version = ?`,
			string(b), personID, t.org(), version); err != nil {
			return err
		}
		after = before
		after.Notify, after.Version = prefs, before.Version+1
		return t.audit("person", personID, ActionUpdate, audit.FromPerson(&before), audit.FromPerson(&after))
	})
	return after, err
}

// MessageSent reports whether a message with the idempotency key went out
// already (MarkSent).
func (db *DB) MessageSent(ctx context.Context, key string) (bool, error) {
	var n int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM sent_messages WHERE key = ?`, key).Scan(&n); err != nil {
		return false, fmt.Errorf("store: message sent: %w", err)
	}
	return n > 0, nil
}

// MarkSent records that the message with the idempotency key went out for
// the organisation; marking it again does nothing.
func (db *DB) MarkSent(ctx context.Context, orgID int64, key string) error {
	return db.transact(ctx, "mark sent", func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO sent_messages (key, org_id, sent_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`,
			key, orgID, micros(db.clock()))
		return err
	})
}
