package store

import (
	"context"
	"fmt"
	"strconv"
)

// The background jobs of comments, notifications and deliveries. Their
// workers live in package web (jobs_social.go); their arguments live here
// because the store queues them inside its transactions: a write that
// stored events queues their fan-out, and a fan-out queues its deliveries
// and e-mails, each only if its transaction commits.

// FanOutJob fans out the events a write stored (FanOutEvents).
type FanOutJob struct {
	OrgID int64 `json:"org"`
}

// Kind names the job for the engine.
func (FanOutJob) Kind() string { return "fan_out_events" }

// SweepJob fans out any event left behind, for every organisation: the
// periodic safety net under FanOutJob.
type SweepJob struct{}

// Kind names the job for the engine.
func (SweepJob) Kind() string { return "sweep_events" }

// DeliveryJob sends one delivery to its hook; Key is the delivery's
// idempotency key (event and target), so that one delivery is one job.
type DeliveryJob struct {
	Key        string `json:"key" river:"unique"`
	DeliveryID int64  `json:"delivery"`
}

// Kind names the job for the engine.
func (DeliveryJob) Kind() string { return "deliver_event" }

// NotificationMailJob e-mails a person what an event notifies them of,
// once per event and person (Key).
type NotificationMailJob struct {
	Key      string `json:"key" river:"unique"`
	OrgID    int64  `json:"org"`
	EventID  int64  `json:"event"`
	PersonID int64  `json:"person"`
	Why      string `json:"why"` // the notification kind (okr.NotifyMention, …)
}

// Kind names the job for the engine.
func (NotificationMailJob) Kind() string { return "notification_mail" }

// enqueue queues a job in the transaction c runs in (see tx.enqueue).
func (c conn) enqueue(ctx context.Context, args JobArgs, o JobOpts) error {
	sqlTx, err := c.sqlTx(ctx)
	if err != nil {
		return fmt.Errorf("store: enqueue %s: %w", args.Kind(), err)
	}
	if _, err := c.db.river.InsertTx(ctx, sqlTx, args, insertOpts(o)); err != nil {
		return fmt.Errorf("store: enqueue %s: %w", args.Kind(), err)
	}
	return nil
}

// mailKey is the idempotency key of the e-mail of an event to a person.
func mailKey(eventID, personID int64) string {
	return "notify:event:" + strconv.FormatInt(eventID, 10) + ":person:" + strconv.FormatInt(personID, 10)
}

// EventPayload returns the payload of a fanned-out event of the
// organisation, or ENOTFOUND.
func (db *DB) EventPayload(ctx context.Context, orgID, id int64) ([]byte, error) {
	var payload string
	err := db.reader().queryRow(ctx, `SELECT payload FROM events WHERE id = ? AND org_id = ? AND payload <> ''`, id, orgID).Scan(&payload)
	if isNoRows(err) {
		return nil, notFound("event", id)
	} else if err != nil {
		return nil, fmt.Errorf("store: event payload: %w", err)
	}
	return []byte(payload), nil
}
