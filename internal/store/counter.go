package store

import (
	"context"
	"sync/atomic"
)

// QueryCounter counts the SQL statements the store runs under a context, so
// that performance tests can prove a page costs a constant number of
// queries.
type QueryCounter struct{ n, trips atomic.Int64 }

// Count returns the number of statements counted so far.
func (c *QueryCounter) Count() int64 { return c.n.Load() }

// RoundTrips returns the number of round trips to the database counted so
// far: a statement each, but one for all the statements a pipe sends
// together (pipe.go).
func (c *QueryCounter) RoundTrips() int64 { return c.trips.Load() }

type counterKey struct{}

// WithQueryCounter returns a context under which every statement the store
// runs (queries, updates, and BEGIN/COMMIT of write transactions) increments
// the returned counter.
func WithQueryCounter(ctx context.Context) (context.Context, *QueryCounter) {
	c := &QueryCounter{}
	return context.WithValue(ctx, counterKey{}, c), c
}

// countStatement counts a statement sent alone, or a pipe's flush: one
// round trip.
func countStatement(ctx context.Context) {
	if c, ok := ctx.Value(counterKey{}).(*QueryCounter); ok {
		c.n.Add(1)
		c.trips.Add(1)
	}
}

// countTrip counts a pipe's flush: a round trip for statements counted
// already.
func countTrip(ctx context.Context) {
	if c, ok := ctx.Value(counterKey{}).(*QueryCounter); ok {
		c.trips.Add(1)
	}
}

// countPiped counts a statement put in a pipe: its round trip is the
// flush's.
func countPiped(ctx context.Context) {
	if c, ok := ctx.Value(counterKey{}).(*QueryCounter); ok {
		c.n.Add(1)
	}
}
