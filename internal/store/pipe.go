package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/okr-dev/okr/internal/okr"
)

// pipe holds the statements of a PostgreSQL write transaction whose
// results the transaction does not read at once: the audit entries, the
// events, the look for a waiting fan-out, the revisions, the actor's role.
// It sends them to the server together, in one round trip, when the
// transaction next runs a statement of its own or ends. A one-KR check-in
// went from 11 round trips to 4; each round trip costs both the server and
// PostgreSQL a write, a read and a wake-up (27 % of the server's CPU was in
// those system calls; docs/performance.md, tenth round).
//
// Statements keep their order: any statement the transaction runs at once
// (conn.exec, query, queryRow, a job's insert) first sends those waiting,
// so a later statement always sees what an earlier one wrote. What changes
// is when an error is seen: a failing statement in the pipe fails the
// transaction at the next flush, with the message of its "what", and that
// error is what the write returns (transact). So only statements whose
// errors the caller does not handle one by one go into the pipe.
//
// SQLite has no pipe (conn.pipe is nil): its statements cost no round
// trip, and conn.later runs them at once.
type pipe struct {
	conn  *sql.Conn // the connection of the transaction
	items []piped
	// err is the first error of a flush; the transaction is then aborted
	// on the server, and every later statement fails.
	err error
}

// piped is one statement waiting in a pipe.
type piped struct {
	what  string // names the statement in its error
	query string // rebound
	args  []any
	// rows, when not nil, reads the statement's rows.
	rows func(r rowScanner) error
}

// rowScanner is the rows of a query: *sql.Rows or pgx.Rows.
type rowScanner interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// later runs a statement whose result the transaction does not read: at
// once without a pipe, else with the pipe's next flush. what names it in
// its error.
func (c conn) later(ctx context.Context, what, query string, args ...any) error {
	if c.pipe == nil {
		if _, err := c.exec(ctx, query, args...); err != nil {
			return named(what, err)
		}
		return nil
	}
	countPiped(ctx)
	c.pipe.items = append(c.pipe.items, piped{what: what, query: c.db.rebind(query), args: args})
	return nil
}

// laterQuery runs a query whose rows read reads when they arrive: at once
// without a pipe, else at the pipe's next flush. read's error is the
// statement's; read need not call Err.
func (c conn) laterQuery(ctx context.Context, what string, read func(r rowScanner) error, query string, args ...any) error {
	if c.pipe == nil {
		rows, err := c.query(ctx, query, args...)
		if err == nil {
			err = readRows(rows, read)
		}
		if err != nil {
			return named(what, err)
		}
		return nil
	}
	countPiped(ctx)
	c.pipe.items = append(c.pipe.items, piped{what: what, query: c.db.rebind(query), args: args, rows: read})
	return nil
}

// named prefixes err with what names its statement, unless it is an
// okr.Error (a reader's verdict, such as EFORBIDDEN), which the user reads
// as it is.
func named(what string, err error) error {
	var oe *okr.Error
	if errors.As(err, &oe) {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}

// readRows reads r with read, then closes r, and returns the first error.
func readRows(r interface {
	rowScanner
	Close() error
}, read func(r rowScanner) error) error {
	err := read(r)
	if err == nil {
		err = r.Err()
	}
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	return err
}

// pgxRows lends pgx.Rows the Close of *sql.Rows.
type pgxRows struct{ pgx.Rows }

func (r pgxRows) Close() error {
	r.Rows.Close()
	return r.Rows.Err()
}

// flush sends the statements waiting in c's pipe, if any, in one round
// trip, and returns the first error of this flush or an earlier one.
func (c conn) flush(ctx context.Context) error {
	p := c.pipe
	if p == nil {
		return nil
	}
	if p.err != nil || len(p.items) == 0 {
		return p.err
	}
	items := p.items
	p.items = nil
	countTrip(ctx)
	p.err = p.conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: a pipe on a %T", dc)
		}
		b := &pgx.Batch{}
		for _, it := range items {
			b.Queue(it.query, it.args...)
		}
		res := sc.Conn().SendBatch(ctx, b)
		for _, it := range items {
			var err error
			if it.rows == nil {
				_, err = res.Exec()
			} else if rows, qerr := res.Query(); qerr != nil {
				err = qerr
			} else {
				err = readRows(pgxRows{rows}, it.rows)
			}
			if err != nil {
				res.Close()
				return named(it.what, err)
			}
		}
		return res.Close()
	})
	return p.err
}

// pipeErr returns the error of an earlier flush of c's pipe, if any: the
// cause of whatever failed after it.
func (c conn) pipeErr() error {
	if c.pipe == nil {
		return nil
	}
	return c.pipe.err
}
