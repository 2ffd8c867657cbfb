package store

import (
	"context"
	"sync/atomic"
)

// QueryCounter counts the SQL statements the store runs under a context, so
// that performance tests can prove a page costs a constant number of
// queries.
type QueryCounter struct{ n atomic.Int64 }

// Count returns the number of statements counted so far.
func (c *QueryCounter) Count() int64 { return c.n.Load() }

type counterKey struct{}

// WithQueryCounter returns a context under which every statement the store
// runs (queries, updates, and BEGIN/COMMIT of write transactions) increments
// the returned counter.
func WithQueryCounter(ctx context.Context) (context.Context, *QueryCounter) {
	c := &QueryCounter{}
	return context.WithValue(ctx, counterKey{}, c), c
}

func countStatement(ctx context.Context) {
	if c, ok := ctx.Value(counterKey{}).(*QueryCounter); ok {
		c.n.Add(1)
	}
}
