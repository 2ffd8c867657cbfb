package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// signInFailureKeep is how long failed sign-ins are kept for throttling.
const signInFailureKeep = 24 * time.Hour

// Attempt is one sign-in (or reset request) counted against its keys
// before anything is checked, so that parallel attempts cannot all pass a
// limit read before any of them was written down.
type Attempt struct {
	ids []int64
	// Counts holds, per key in the order given, the attempts within the
	// window, this one included.
	Counts []int
}

// BeginAttempt records an attempt under each key (compared without case;
// e.g. an e-mail address and "ip:" plus the client address) and returns
// how many attempts each key has within window, this one included. The
// insert and the count are atomic per key: on PostgreSQL a transaction
// lock per key orders concurrent attempts, on SQLite writes are serial, so
// the n-th of n parallel attempts sees n. A successful sign-in calls
// Forget so that it does not count as a failure.
func (db *DB) BeginAttempt(ctx context.Context, keys []string, window time.Duration) (Attempt, error) {
	now := db.clock()
	norm := make([]string, len(keys))
	for i, k := range keys {
		norm[i] = emailKey(k)
	}
	locking := slices.Clone(norm)
	slices.Sort(locking) // one order for every transaction: no deadlock
	locking = slices.Compact(locking)
	a := Attempt{ids: make([]int64, len(norm)), Counts: make([]int, len(norm))}
	err := db.transact(ctx, "begin sign-in attempt", func(c conn) error {
		if db.dialect == DialectPostgres {
			for _, k := range locking {
				if _, err := c.exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended(?, 7001))`, k); err != nil {
					return err
				}
			}
		}
		for i, k := range norm {
			if err := c.queryRow(ctx, `INSERT INTO signin_failures (email_key, at) VALUES (?, ?) RETURNING id`, k, micros(now)).Scan(&a.ids[i]); err != nil {
				return err
			}
			if err := c.queryRow(ctx, `SELECT COUNT(*) FROM signin_failures WHERE email_key = ? AND at > ?`,
				k, micros(now.Add(-window))).Scan(&a.Counts[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Attempt{}, err
	}
	return a, nil
}

// Forget removes an attempt that succeeded, so that only failures count.
func (db *DB) Forget(ctx context.Context, a Attempt) error {
	if len(a.ids) == 0 {
		return nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(a.ids)), ",")
	args := make([]any, len(a.ids))
	for i, id := range a.ids {
		args[i] = id
	}
	return db.transact(ctx, "forget sign-in attempt", func(c conn) error {
		_, err := c.exec(ctx, `DELETE FROM signin_failures WHERE id IN (`+marks+`)`, args...)
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
