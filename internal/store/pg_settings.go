package store

import (
	"net/url"
	"strings"
)

// postgresSettings are the session settings the store gives its
// PostgreSQL connections (as run-time parameters of the connection URL)
// unless the DSN sets them itself:
//
//   - jit off. PostgreSQL compiles a query to machine code when its
//     estimated cost is high; the store's queries are short and their
//     estimates high only where the planner cannot see their size (the
//     recursive roll-up queries), so JIT added 30 ms to queries that run in
//     under one.
//   - plan_cache_mode force_generic_plan. pgx prepares every statement once
//     per connection; PostgreSQL then plans it again with the values of each
//     execution (a custom plan) whenever it judges the plan without values
//     (the generic plan) costlier, which it did for 1–3 of the 4–9
//     statements of every hot request: 0.7–1.7 ms of planning per request,
//     more than their execution. Every statement of the store takes the
//     organisation id and looks rows up by key, so its generic plan is the
//     same index plan; the statements where a generic plan would be worse
//     are written so that it is not (see plan_test.go, which shows that a
//     hot request's statements are planned once per connection, not per
//     execution).
var postgresSettings = []struct{ name, value string }{
	{"jit", "off"},
	{"plan_cache_mode", "force_generic_plan"},
}

// postgresDSN returns dsn with postgresSettings, each unless the DSN sets
// it itself, as a parameter or in options. It appends them to the query
// as it is: re-encoding it would turn the spaces of options into '+',
// which pgx, like libpq, does not read as spaces.
func postgresDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn // pgx reports the malformed address
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return dsn
	}
	raw := u.RawQuery
	for _, s := range postgresSettings {
		if q.Has(s.name) || strings.Contains(q.Get("options"), s.name) {
			continue
		}
		if raw != "" {
			raw += "&"
		}
		raw += s.name + "=" + s.value
	}
	u.RawQuery = raw
	return u.String()
}
