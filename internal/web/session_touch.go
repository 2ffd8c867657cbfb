package web

import (
	"context"
	"maps"
	"reflect"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
)

// touchEvery is how stale a session's stored idle expiry may get: a
// request that changes nothing in the session rewrites it only when the
// stored expiry is this much older than the one scs asks for.
const touchEvery = time.Hour

// maxTouched bounds the sessions touchStore remembers.
const maxTouched = 200_000

// touchStore wraps the session store so that reading a page is not a
// write. With an idle timeout scs commits every session on every request,
// only to move its expiry: a write transaction per page view (an fsync on
// PostgreSQL). touchStore remembers what it last wrote for each session
// and skips a commit that changes neither the data nor the expiry by more
// than touchEvery. Each server process writes a session at least once, so
// several processes on one database stay correct; a session may expire up
// to touchEvery early.
type touchStore struct {
	inner interface {
		scs.CtxStore
		scs.IterableCtxStore
	}
	codec scs.Codec

	mu   sync.Mutex
	seen map[string]touched
}

type touched struct {
	deadline time.Time
	values   map[string]any
	expiry   time.Time
}

func newTouchStore(inner interface {
	scs.CtxStore
	scs.IterableCtxStore
}, codec scs.Codec) *touchStore {
	return &touchStore{inner: inner, codec: codec, seen: map[string]touched{}}
}

func (s *touchStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	return s.inner.FindCtx(ctx, token)
}

// CommitCtx writes the session unless the last write of this process had
// the same data and an expiry less than touchEvery older.
func (s *touchStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	deadline, values, err := s.codec.Decode(b)
	if err != nil {
		return s.inner.CommitCtx(ctx, token, b, expiry)
	}
	s.mu.Lock()
	last, ok := s.seen[token]
	s.mu.Unlock()
	if ok && last.deadline.Equal(deadline) && expiry.Sub(last.expiry) < touchEvery && !expiry.Before(last.expiry) &&
		reflect.DeepEqual(last.values, values) {
		return nil
	}
	if err := s.inner.CommitCtx(ctx, token, b, expiry); err != nil {
		return err
	}
	s.mu.Lock()
	if len(s.seen) >= maxTouched {
		s.prune(time.Now())
	}
	s.seen[token] = touched{deadline: deadline, values: maps.Clone(values), expiry: expiry}
	s.mu.Unlock()
	return nil
}

// prune forgets expired sessions, or all when that is not enough; a
// forgotten session costs one write on its next request. s.mu is held.
func (s *touchStore) prune(now time.Time) {
	maps.DeleteFunc(s.seen, func(_ string, t touched) bool { return t.expiry.Before(now) })
	if len(s.seen) >= maxTouched {
		clear(s.seen)
	}
}

func (s *touchStore) DeleteCtx(ctx context.Context, token string) error {
	s.mu.Lock()
	delete(s.seen, token)
	s.mu.Unlock()
	return s.inner.DeleteCtx(ctx, token)
}

func (s *touchStore) AllCtx(ctx context.Context) (map[string][]byte, error) {
	return s.inner.AllCtx(ctx)
}

// The context-free methods of scs.Store and scs.IterableStore.

func (s *touchStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s *touchStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

func (s *touchStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }

func (s *touchStore) All() (map[string][]byte, error) { return s.AllCtx(context.Background()) }
