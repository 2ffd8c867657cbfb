package store

import (
	"net/url"
	"strings"
)

// postgresDSN returns dsn with the session settings the store wants unless
// the DSN sets them itself: jit off. PostgreSQL compiles a query to machine
// code when its estimated cost is high; the store's queries are short and
// their estimates high only where the planner cannot see their size (the
// recursive roll-up queries), so JIT added 30 ms to queries that run in
// under one.
func postgresDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn // pgx reports the malformed address
	}
	q := u.Query()
	if q.Has("jit") || strings.Contains(q.Get("options"), "jit") {
		return dsn
	}
	q.Set("jit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}
