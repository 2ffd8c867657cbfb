package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// sqlRunner is what *sql.DB and *sql.Tx have in common.
type sqlRunner interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn runs the store's statements on a pool or a transaction: it rebinds
// placeholders for the dialect and counts every statement.
type conn struct {
	db  *DB
	run sqlRunner
	// end, in a group commit's transaction, collects what its writes leave
	// to the batch's end (group_end.go); nil elsewhere.
	end *batchEnd
	// pipe, in a PostgreSQL write transaction, holds the statements sent
	// together (pipe.go); nil elsewhere.
	pipe *pipe
}

// reader returns a conn on the read pool.
func (db *DB) reader() conn {
	if db.rStmts != nil {
		return conn{db: db, run: cachedRunner{cache: db.rStmts}}
	}
	return conn{db: db, run: db.r}
}

// txRunner returns what runs the statements of tx, a transaction on w.
func (db *DB) txRunner(tx *sql.Tx) sqlRunner {
	if db.wStmts != nil {
		return cachedRunner{cache: db.wStmts, tx: tx}
	}
	return tx
}

// sqlTx returns the transaction c runs in, for what runs statements on
// it directly (the job engine's inserts, the bulk loader), after sending
// the statements waiting in its pipe.
func (c conn) sqlTx(ctx context.Context) (*sql.Tx, error) {
	if err := c.flush(ctx); err != nil {
		return nil, err
	}
	t, ok := sqlTxOf(c.run)
	if !ok {
		return nil, fmt.Errorf("not in a transaction")
	}
	return t, nil
}

// sqlTxOf returns the transaction a runner of txRunner runs in.
func sqlTxOf(run sqlRunner) (*sql.Tx, bool) {
	switch r := run.(type) {
	case *sql.Tx:
		return r, true
	case cachedRunner:
		return r.tx, r.tx != nil
	}
	return nil, false
}

func (c conn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := c.flush(ctx); err != nil {
		return nil, err
	}
	countStatement(ctx)
	return c.run.ExecContext(ctx, c.db.rebind(query), args...)
}

func (c conn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := c.flush(ctx); err != nil {
		return nil, err
	}
	countStatement(ctx)
	return c.run.QueryContext(ctx, c.db.rebind(query), args...)
}

// queryRow runs a query of one row. After a failed flush of the pipe the
// transaction is aborted, so the row's Scan fails too; the write returns
// the flush's error (transact).
func (c conn) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	c.flush(ctx) //nolint:errcheck // see above
	countStatement(ctx)
	return c.run.QueryRowContext(ctx, c.db.rebind(query), args...)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (c conn) insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := c.queryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// rebind turns ? placeholders into $1..$n on PostgreSQL. The store's queries
// never contain a literal question mark.
func (db *DB) rebind(query string) string {
	if db.dialect != DialectPostgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// inIDs returns the SQL condition "col is one of the ids in the one
// parameter" and that parameter, so that a query has the same text and one
// placeholder whatever the number of ids. On SQLite the ids travel as one
// JSON array; on PostgreSQL as one bigint[], which the planner sizes from
// its value (a JSON array looked like 100 rows to it, so it scanned whole
// tables to join them).
func (db *DB) inIDs(col string, ids []int64) (string, any) {
	if db.dialect == DialectPostgres {
		return col + " = ANY(CAST(? AS BIGINT[]))", append(make([]int64, 0, len(ids)), ids...)
	}
	b := make([]byte, 0, 2+len(ids)*8)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	b = append(b, ']')
	return col + " IN (SELECT value FROM json_each(?))", string(b)
}

// likePattern returns a LIKE pattern matching s anywhere, with LIKE's
// wildcards in s escaped by backslash (use with ESCAPE '\').
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// prefixColumns qualifies each column of a comma-separated list:
// prefixColumns("t.", "id, name") is "t.id, t.name".
func prefixColumns(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = prefix + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}
