package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/okr-dev/okr/internal/event"
	"github.com/okr-dev/okr/internal/okr"
)

// Notification is one in-app notification of a person.
type Notification struct {
	ID        int64
	Kind      string // okr.NotifyMention, …
	CreatedAt time.Time
	Read      bool
	// Event is what happened; nil for a check-in reminder.
	Event *event.Payload
	// Key is the notification's dedup key; a check-in reminder's names its
	// week ("checkin_due:2026-W49").
	Key string
}

// ListNotifications returns a person's notifications, newest first, at
// most limit, older than beforeID when that is not 0.
func (db *DB) ListNotifications(ctx context.Context, orgID, personID int64, beforeID int64, limit int) ([]Notification, error) {
	if beforeID == 0 {
		beforeID = 1<<63 - 1
	}
	rows, err := db.reader().query(ctx, `SELECT n.id, n.kind, n.created_at, n.read_at, n.dedup_key, COALESCE(e.payload, '')
		FROM notifications n LEFT JOIN events e ON e.id = n.event_id
		WHERE n.org_id = ? AND n.person_id = ? AND n.id < ? ORDER BY n.id DESC LIMIT ?`, orgID, personID, beforeID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list notifications: %w", err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		var at int64
		var read sql.NullInt64
		var payload string
		if err := rows.Scan(&n.ID, &n.Kind, &at, &read, &n.Key, &payload); err != nil {
			return nil, fmt.Errorf("store: list notifications: %w", err)
		}
		n.CreatedAt, n.Read = fromMicros(at), read.Valid
		if payload != "" {
			if n.Event, err = event.Decode([]byte(payload)); err != nil {
				return nil, fmt.Errorf("store: notification %d: %w", n.ID, err)
			}
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// unreadCount counts the unread notifications of the person and the
// organisation given as its two arguments, in that order (the bell).
const unreadCount = `SELECT COUNT(*) FROM notifications WHERE person_id = ? AND read_at IS NULL AND org_id = ?`

// UnreadNotifications returns how many notifications the person has not
// read.
func (db *DB) UnreadNotifications(ctx context.Context, orgID, personID int64) (int, error) {
	var n int
	err := db.reader().queryRow(ctx, unreadCount, personID, orgID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unread notifications: %w", err)
	}
	return n, nil
}

// ViewerStamp returns the organisation's state stamp (StateStamp) and how
// many notifications the person has not read (UnreadNotifications), in one
// primary-key statement: what every page a signed-in person views reads
// first, for the organisation's cached state and the bell.
func (db *DB) ViewerStamp(ctx context.Context, orgID, personID int64) (seq int64, unread int, err error) {
	err = db.reader().queryRow(ctx, `SELECT g.state_seq, (`+unreadCount+`)
		FROM orgs g WHERE g.id = ?`, personID, orgID, orgID).Scan(&seq, &unread)
	if isNoRows(err) {
		return 0, 0, notFound("org", orgID)
	} else if err != nil {
		return 0, 0, fmt.Errorf("store: viewer stamp: %w", err)
	}
	return seq, unread, nil
}

// MarkNotificationsRead marks the actor's notifications up to and
// including id upTo read (all of them when upTo is 0). Nobody else's.
func (db *DB) MarkNotificationsRead(ctx context.Context, actor Actor, upTo int64) error {
	if upTo == 0 {
		upTo = 1<<63 - 1
	}
	return db.write(ctx, actor, "read notifications", func(t *tx) error {
		_, err := t.exec(t.ctx, `UPDATE notifications SET read_at = ? WHERE person_id = ? AND org_id = ? AND read_at IS NULL AND id <= ?`,
			micros(t.now), t.actor.PersonID, t.org(), upTo)
		return err
	})
}

// MarkNotificationRead marks one of the actor's notifications read and
// returns it; ENOTFOUND for someone else's.
func (db *DB) MarkNotificationRead(ctx context.Context, actor Actor, id int64) (Notification, error) {
	var n Notification
	err := db.write(ctx, actor, "read notification", func(t *tx) error {
		res, err := t.exec(t.ctx, `UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND person_id = ? AND org_id = ?`,
			micros(t.now), id, t.actor.PersonID, t.org())
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil {
			return err
		} else if k == 0 {
			return notFound("notification", id)
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	ns, err := db.ListNotifications(ctx, actor.OrgID, actor.PersonID, id+1, 1)
	if err != nil || len(ns) == 0 || ns[0].ID != id {
		return n, err
	}
	return ns[0], nil
}

// NotifyCheckInDue gives the person an in-app reminder that key results
// are due a check-in, once per key (such as the ISO week,
// "checkin_due:2026-W49"), unless their choices (okr.NotifyPrefs) keep
// reminders from them. It reports whether a notification was made.
func (db *DB) NotifyCheckInDue(ctx context.Context, orgID, personID int64, key string) (bool, error) {
	made := false
	err := db.transact(ctx, "notify check-in due", func(c conn) error {
		var notify string
		err := c.queryRow(ctx, `SELECT notify FROM people WHERE id = ? AND org_id = ? AND archived_at IS NULL`, personID, orgID).Scan(&notify)
		if isNoRows(err) {
			return nil
		} else if err != nil {
			return err
		}
		if prefs := notifyPrefs(notify); !prefs.Wants(okr.NotifyReminder) {
			return nil
		}
		res, err := c.exec(ctx, `INSERT INTO notifications (org_id, person_id, kind, dedup_key, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (person_id, dedup_key) DO NOTHING`, orgID, personID, okr.NotifyReminder, key, micros(db.clock()))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		made = n > 0
		return err
	})
	return made, err
}

// notifyPrefs reads people.notify; unreadable choices are the defaults.
func notifyPrefs(stored string) okr.NotifyPrefs {
	var p okr.NotifyPrefs
	_ = json.Unmarshal([]byte(stored), &p) // written by SetNotifyPrefs only
	return p
}
