package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
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

// UnreadNotifications returns how many notifications the person has not
// read.
func (db *DB) UnreadNotifications(ctx context.Context, orgID, personID int64) (int, error) {
	var n int
	err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM notifications WHERE person_id = ? AND read_at IS NULL AND org_id = ?`,
		personID, orgID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unread notifications: %w", err)
	}
	return n, nil
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
// "checkin_due:2026-W49"), unless they turned such reminders off. It
// reports whether a notification was made.
func (db *DB) NotifyCheckInDue(ctx context.Context, orgID, personID int64, key string) (bool, error) {
	made := false
	err := db.transact(ctx, "notify check-in due", func(c conn) error {
		res, err := c.exec(ctx, `INSERT INTO notifications (org_id, person_id, kind, dedup_key, created_at)
			SELECT p.org_id, p.id, ?, ?, ? FROM people p WHERE p.id = ? AND p.org_id = ? AND p.archived_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM notification_prefs n WHERE n.person_id = p.id AND n.kind = ? AND n.in_app = 0)
			ON CONFLICT (person_id, dedup_key) DO NOTHING`,
			okr.NotifyCheckInDue, key, micros(db.clock()), personID, orgID, okr.NotifyCheckInDue)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		made = n > 0
		return err
	})
	return made, err
}

// NotificationChoice is a person's choice of channels for one kind of
// notification.
type NotificationChoice struct {
	InApp bool
	Email bool
}

// NotificationChoices returns the person's choices for every kind
// (okr.NotificationKinds); a kind never chosen is on in both channels.
func (db *DB) NotificationChoices(ctx context.Context, orgID, personID int64) (map[string]NotificationChoice, error) {
	out := map[string]NotificationChoice{}
	for _, k := range okr.NotificationKinds() {
		out[k] = NotificationChoice{InApp: true, Email: true}
	}
	rows, err := db.reader().query(ctx, `SELECT kind, in_app, email FROM notification_prefs WHERE person_id = ? AND org_id = ?`, personID, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: notification choices: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var inApp, email int
		if err := rows.Scan(&k, &inApp, &email); err != nil {
			return nil, fmt.Errorf("store: notification choices: %w", err)
		}
		out[k] = NotificationChoice{InApp: inApp == 1, Email: email == 1}
	}
	return out, rows.Err()
}

// SetNotificationChoices stores the actor's own choices. Unknown kinds are
// EINVALID.
func (db *DB) SetNotificationChoices(ctx context.Context, actor Actor, choices map[string]NotificationChoice) error {
	return db.write(ctx, actor, "notification choices", func(t *tx) error {
		for k, c := range choices {
			if !containsString(okr.NotificationKinds(), k) {
				return invalid("kind", "unknown notification kind "+k)
			}
			_, err := t.exec(t.ctx, `INSERT INTO notification_prefs (org_id, person_id, kind, in_app, email) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (person_id, kind) DO UPDATE SET in_app = excluded.in_app, email = excluded.email`,
				t.org(), t.actor.PersonID, k, boolInt(c.InApp), boolInt(c.Email))
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func containsString(xs []string, x string) bool { return slices.Contains(xs, x) }
