package store

import (
	"context"
	"fmt"
	"time"
)

// signInFailureKeep is how long failed sign-ins are kept for throttling.
const signInFailureKeep = 24 * time.Hour

// RecordSignInFailure records a failed sign-in for the e-mail address
// (compared without case), so that every node can slow down guessing.
func (db *DB) RecordSignInFailure(ctx context.Context, email string) error {
	now := db.clock()
	return db.transact(ctx, "record sign-in failure", func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO signin_failures (email_key, at) VALUES (?, ?)`, emailKey(email), micros(now))
		return err
	})
}

// RecentSignInFailures returns the number of failed sign-ins for the e-mail
// address within window before now (at most 24 hours are kept).
func (db *DB) RecentSignInFailures(ctx context.Context, email string, window time.Duration) (int, error) {
	var n int
	err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM signin_failures WHERE email_key = ? AND at > ?`,
		emailKey(email), micros(db.clock().Add(-window))).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: recent sign-in failures: %w", err)
	}
	return n, nil
}
