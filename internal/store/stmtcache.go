package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds the statements a stmtCache keeps: the store's
// queries are fixed texts (id lists travel as one parameter), but a few
// carry numbers in their text (LIMIT, OFFSET), which must not grow the cache
// without end.
const maxCachedStmts = 512

// stmtCache keeps prepared statements by query text on one pool. SQLite
// parses and plans a statement on every call unless it is prepared; at
// about 15 statements per page that was a fifth of the server's CPU time.
// (pgx caches prepared statements itself, so PostgreSQL pools have none.)
// database/sql prepares a cached statement once on each connection that
// runs it.
//
// Inside a transaction on the single-connection writer pool a statement
// cannot be prepared on the pool (the transaction holds the connection), so
// a transaction's first use of a query runs it unprepared and leaves it
// pending; prepareQueued prepares it after the transaction ends.
type stmtCache struct {
	pool    *sql.DB
	mu      sync.RWMutex
	m       map[string]*sql.Stmt
	pending map[string]bool
	// preparing is set while prepareQueued's goroutine runs; closed once
	// close ran.
	preparing, closed bool
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

// get returns the prepared statement for query, preparing it on first use
// unless inTx (then it queues it); nil when it is not prepared yet or the
// cache is full (the caller runs the query unprepared).
func (c *stmtCache) get(ctx context.Context, query string, inTx bool) (*sql.Stmt, error) {
	c.mu.RLock()
	s, ok := c.m[query]
	c.mu.RUnlock()
	if ok {
		return s, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[query]; ok {
		return s, nil
	}
	if len(c.m)+len(c.pending) >= maxCachedStmts {
		return nil, nil
	}
	if inTx || c.closed {
		if !c.closed {
			c.pending[query] = true
		}
		return nil, nil
	}
	s, err := c.pool.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.m[query] = s
	return s, nil
}

// prepareQueued prepares, in the background, the queries transactions
// queued. It holds no lock while it waits for the pool's connection, which
// a transaction may hold.
func (c *stmtCache) prepareQueued() {
	c.mu.Lock()
	if len(c.pending) == 0 || c.preparing {
		c.mu.Unlock()
		return
	}
	c.preparing = true
	c.mu.Unlock()
	go func() {
		for {
			c.mu.Lock()
			var q string
			for q = range c.pending {
				break
			}
			if q == "" {
				c.preparing = false
				c.mu.Unlock()
				return
			}
			delete(c.pending, q)
			c.mu.Unlock()
			s, err := c.pool.PrepareContext(context.Background(), q)
			if err != nil {
				continue
			}
			c.mu.Lock()
			if c.closed {
				s.Close()
			} else {
				c.m[q] = s
			}
			c.mu.Unlock()
		}
	}()
}

// close closes every cached statement.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.m {
		s.Close()
	}
	clear(c.m)
	clear(c.pending)
	c.closed = true
}

// cachedRunner runs statements through a stmtCache: on its pool, or in a
// transaction on that pool.
type cachedRunner struct {
	cache *stmtCache
	tx    *sql.Tx // nil outside a transaction
}

func (r cachedRunner) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	s, err := r.cache.get(ctx, query, r.tx != nil)
	if err != nil || s == nil {
		return nil, err
	}
	if r.tx != nil {
		return r.tx.StmtContext(ctx, s), nil
	}
	return s, nil
}

func (r cachedRunner) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := r.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return r.plain().ExecContext(ctx, query, args...)
	}
	return s.ExecContext(ctx, args...)
}

func (r cachedRunner) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := r.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return r.plain().QueryContext(ctx, query, args...)
	}
	return s.QueryContext(ctx, args...)
}

func (r cachedRunner) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := r.stmt(ctx, query)
	if err != nil || s == nil {
		// A failed prepare reports its error through the unprepared query.
		return r.plain().QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

func (r cachedRunner) plain() sqlRunner {
	if r.tx != nil {
		return r.tx
	}
	return r.cache.pool
}
