package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// CreateHook registers an outbound hook for the actor's organisation: a
// webhook (a new secret is made for it and returned in the hook: show it
// once) or a unit's Slack or Teams incoming webhook. Admins only
// (EFORBIDDEN); EINVALID for a bad kind, URL or events, ENOTFOUND for a
// unit not in the organisation.
func (db *DB) CreateHook(ctx context.Context, actor Actor, h okr.Hook) (okr.Hook, error) {
	h.URL = strings.TrimSpace(h.URL)
	if h.Kind != okr.HookWebhook || h.UnitID != nil {
		h.Secret = ""
	}
	err := db.write(ctx, actor, "create hook", func(t *tx) error {
		if !t.isAdmin() {
			return forbidden("only admins manage webhooks")
		}
		if err := h.Validate(); err != nil {
			return err
		}
		if h.UnitID != nil {
			if err := t.checkFollow(FollowUnit, *h.UnitID); err != nil {
				return err
			}
		}
		if h.Kind == okr.HookWebhook {
			h.Secret = newHookSecret()
		}
		h.OrgID, h.Version = t.org(), 1
		var err error
		h.ID, err = t.insert(t.ctx, `INSERT INTO hooks (org_id, kind, unit_id, url, events, secret, created_by, created_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`, t.org(), h.Kind, nullID(h.UnitID), h.URL, hookEvents(h.Events), h.Secret, t.authorID(), micros(t.now))
		if err != nil {
			return err
		}
		return t.audit("hook", h.ID, ActionCreate, nil, audit.FromHook(&h))
	})
	return h, err
}

func newHookSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24)
	return "whsec_" + hex.EncodeToString(b)
}

// ArchiveHook stops a hook: no new deliveries go to it; its log is kept.
// Admins only; ENOTFOUND, ESTALE unless at version expected.
func (db *DB) ArchiveHook(ctx context.Context, actor Actor, id, expected int64) error {
	return db.write(ctx, actor, "archive hook", func(t *tx) error {
		if !t.isAdmin() {
			return forbidden("only admins manage webhooks")
		}
		before, err := getHook(t.ctx, t.conn, t.org(), id)
		if err != nil {
			return err
		}
		if err := t.execVersioned("hook", `UPDATE hooks SET archived_at = ?, version = version + 1 WHERE id = ? AND org_id = ? AND archived_at IS NULL AND version = ?`,
			micros(t.now), id, t.org(), expected); err != nil {
			return err
		}
		after := before
		after.Archived, after.Version = true, before.Version+1
		return t.audit("hook", id, ActionArchive, audit.FromHook(&before), audit.FromHook(&after))
	})
}

// ListHooks returns the organisation's live hooks, webhooks first. Their
// secrets are not returned.
func (db *DB) ListHooks(ctx context.Context, orgID int64) ([]okr.Hook, error) {
	hs, err := listHooks(ctx, db.reader(), orgID, false)
	if err != nil {
		return nil, fmt.Errorf("store: list hooks: %w", err)
	}
	return hs, nil
}

// GetHook returns a live hook of the organisation without its secret, or
// ENOTFOUND.
func (db *DB) GetHook(ctx context.Context, orgID, id int64) (okr.Hook, error) {
	return getHook(ctx, db.reader(), orgID, id)
}

func getHook(ctx context.Context, c conn, orgID, id int64) (okr.Hook, error) {
	hs, err := listHooks(ctx, c, orgID, false)
	if err != nil {
		return okr.Hook{}, err
	}
	for _, h := range hs {
		if h.ID == id {
			return h, nil
		}
	}
	return okr.Hook{}, notFound("hook", id)
}

func listHooks(ctx context.Context, c conn, orgID int64, secrets bool) ([]okr.Hook, error) {
	rows, err := c.query(ctx, `SELECT id, kind, unit_id, url, events, secret, version FROM hooks
		WHERE org_id = ? AND archived_at IS NULL ORDER BY CASE kind WHEN 'webhook' THEN 0 ELSE 1 END, id`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []okr.Hook
	for rows.Next() {
		h := okr.Hook{OrgID: orgID}
		var unit sql.NullInt64
		var events string
		if err := rows.Scan(&h.ID, &h.Kind, &unit, &h.URL, &events, &h.Secret, &h.Version); err != nil {
			return nil, err
		}
		h.UnitID, h.Events = idPtr(unit), strings.Split(events, ",")
		if !secrets {
			h.Secret = ""
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// Delivery states.
const (
	DeliveryPending   = "pending"   // not tried yet, or to be tried again
	DeliveryDelivered = "delivered" // the receiver answered 2xx
	DeliveryFailed    = "failed"    // given up after the last attempt
)

// Delivery is one event to one hook, with what sending it needs.
type Delivery struct {
	ID         int64
	OrgID      int64
	HookID     int64
	EventID    int64
	EventType  string
	Key        string // the idempotency key: event and target
	State      string
	Attempts   int
	LastStatus int
	LastError  string
	CreatedAt  time.Time
	DoneAt     *time.Time
	// For sending: the hook and the event's payload.
	Hook    okr.Hook
	Payload []byte
}

// DeliveryAttempt is one try of a delivery.
type DeliveryAttempt struct {
	At       time.Time
	Status   int // the receiver's HTTP status; 0 when there was none
	Error    string
	Duration time.Duration
}

const deliveryColumns = `d.id, d.org_id, d.hook_id, d.event_id, e.type, d.idem_key, d.state, d.attempts, d.last_status, d.last_error, d.created_at, d.done_at,
	h.kind, h.unit_id, h.url, h.secret, e.payload`

func scanDelivery(s interface{ Scan(...any) error }) (Delivery, error) {
	var d Delivery
	var created int64
	var done, unit sql.NullInt64
	var payload string
	err := s.Scan(&d.ID, &d.OrgID, &d.HookID, &d.EventID, &d.EventType, &d.Key, &d.State, &d.Attempts, &d.LastStatus, &d.LastError, &created, &done,
		&d.Hook.Kind, &unit, &d.Hook.URL, &d.Hook.Secret, &payload)
	d.CreatedAt, d.Hook.ID, d.Hook.OrgID, d.Hook.UnitID, d.Payload = fromMicros(created), d.HookID, d.OrgID, idPtr(unit), []byte(payload)
	if done.Valid {
		at := fromMicros(done.Int64)
		d.DoneAt = &at
	}
	return d, err
}

// GetDelivery returns a delivery with its hook (and the hook's secret) and
// payload, for sending. Returns ENOTFOUND.
func (db *DB) GetDelivery(ctx context.Context, id int64) (Delivery, error) {
	d, err := scanDelivery(db.reader().queryRow(ctx, `SELECT `+deliveryColumns+` FROM deliveries d
		JOIN hooks h ON h.id = d.hook_id JOIN events e ON e.id = d.event_id WHERE d.id = ?`, id))
	if isNoRows(err) {
		return d, notFound("delivery", id)
	}
	return d, err
}

// ListDeliveries returns the latest deliveries of a hook of the
// organisation, newest first, at most limit, without secrets.
func (db *DB) ListDeliveries(ctx context.Context, orgID, hookID int64, limit int) ([]Delivery, error) {
	rows, err := db.reader().query(ctx, `SELECT `+deliveryColumns+` FROM deliveries d
		JOIN hooks h ON h.id = d.hook_id JOIN events e ON e.id = d.event_id
		WHERE d.org_id = ? AND d.hook_id = ? ORDER BY d.id DESC LIMIT ?`, orgID, hookID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list deliveries: %w", err)
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list deliveries: %w", err)
		}
		d.Hook.Secret = ""
		out = append(out, d)
	}
	return out, rows.Err()
}

// ListDeliveryAttempts returns the attempts of a delivery of the
// organisation, oldest first.
func (db *DB) ListDeliveryAttempts(ctx context.Context, orgID, deliveryID int64) ([]DeliveryAttempt, error) {
	rows, err := db.reader().query(ctx, `SELECT at, status, error, duration_ms FROM delivery_attempts
		WHERE org_id = ? AND delivery_id = ? ORDER BY id`, orgID, deliveryID)
	if err != nil {
		return nil, fmt.Errorf("store: list delivery attempts: %w", err)
	}
	defer rows.Close()
	var out []DeliveryAttempt
	for rows.Next() {
		var a DeliveryAttempt
		var at, ms int64
		if err := rows.Scan(&at, &a.Status, &a.Error, &ms); err != nil {
			return nil, fmt.Errorf("store: list delivery attempts: %w", err)
		}
		a.At, a.Duration = fromMicros(at), time.Duration(ms)*time.Millisecond
		out = append(out, a)
	}
	return out, rows.Err()
}

// RecordDeliveryAttempt logs one try of a delivery and sets its state:
// delivered, pending (to be tried again) or failed (given up).
func (db *DB) RecordDeliveryAttempt(ctx context.Context, id int64, a DeliveryAttempt, state string) error {
	return db.transact(ctx, "record delivery attempt", func(c conn) error {
		var org int64
		if err := c.queryRow(ctx, `SELECT org_id FROM deliveries WHERE id = ?`, id).Scan(&org); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO delivery_attempts (org_id, delivery_id, at, status, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)`,
			org, id, micros(a.At), a.Status, a.Error, a.Duration.Milliseconds()); err != nil {
			return err
		}
		var done any
		if state != DeliveryPending {
			done = micros(a.At)
		}
		_, err := c.exec(ctx, `UPDATE deliveries SET state = ?, attempts = attempts + 1, last_status = ?, last_error = ?, done_at = ? WHERE id = ?`,
			state, a.Status, a.Error, done, id)
		return err
	})
}
