package store

import (
	"context"
	"fmt"
	"time"
)

// SessionStore keeps web sessions in the sessions table, so that several
// okr serve nodes on one PostgreSQL share them. It satisfies the Store,
// CtxStore, IterableStore and IterableCtxStore interfaces of
// github.com/alexedwards/scs/v2. Expiry is stored as unix microseconds.
type SessionStore struct{ db *DB }

// Sessions returns the session store of db.
func (db *DB) Sessions() *SessionStore { return &SessionStore{db: db} }

// Find returns the data of an unexpired session; found is false for an
// unknown or expired token.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// FindCtx is Find with a context.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := s.db.reader().queryRow(ctx, `SELECT data FROM sessions WHERE token = ? AND expiry > ?`, token, micros(s.db.clock())).Scan(&data)
	if isNoRows(err) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("store: find session: %w", err)
	}
	return data, true, nil
}

// Commit stores the session's data and expiry, replacing any previous.
func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// CommitCtx is Commit with a context.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if b == nil {
		b = []byte{}
	}
	return s.db.transact(ctx, "commit session", func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
			ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, b, micros(expiry))
		return err
	})
}

// Delete removes the session; an unknown token is no error.
func (s *SessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

// DeleteCtx is Delete with a context.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	return s.db.transact(ctx, "delete session", func(c conn) error {
		_, err := c.exec(ctx, `DELETE FROM sessions WHERE token = ?`, token)
		return err
	})
}

// All returns the data of every unexpired session by token.
func (s *SessionStore) All() (map[string][]byte, error) { return s.AllCtx(context.Background()) }

// AllCtx is All with a context.
func (s *SessionStore) AllCtx(ctx context.Context) (map[string][]byte, error) {
	rows, err := s.db.reader().query(ctx, `SELECT token, data FROM sessions WHERE expiry > ?`, micros(s.db.clock()))
	if err != nil {
		return nil, fmt.Errorf("store: all sessions: %w", err)
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var token string
		var data []byte
		if err := rows.Scan(&token, &data); err != nil {
			return nil, fmt.Errorf("store: all sessions: %w", err)
		}
		out[token] = data
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: all sessions: %w", err)
	}
	return out, nil
}

// DeleteExpired removes expired sessions and sign-in failures older than
// signInFailureKeep, and returns how many sessions it removed.
func (s *SessionStore) DeleteExpired(ctx context.Context) (int64, error) {
	var n int64
	now := s.db.clock()
	err := s.db.transact(ctx, "delete expired sessions", func(c conn) error {
		res, err := c.exec(ctx, `DELETE FROM sessions WHERE expiry <= ?`, micros(now))
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = c.exec(ctx, `DELETE FROM signin_failures WHERE at < ?`, micros(now.Add(-signInFailureKeep)))
		return err
	})
	return n, err
}

// RunCleanup calls DeleteExpired every interval until ctx is done. Errors
// go to onError when it is not nil; the loop keeps going.
func (s *SessionStore) RunCleanup(ctx context.Context, interval time.Duration, onError func(error)) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if _, err := s.DeleteExpired(ctx); err != nil && onError != nil && ctx.Err() == nil {
				onError(err)
			}
		}
	}
}
