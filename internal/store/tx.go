package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// tx is a write transaction on behalf of an actor. Its helpers load objects,
// check permissions and write audit entries inside the transaction.
type tx struct {
	conn
	ctx   context.Context
	actor Actor
	// role is the actor's stored role, read when the transaction begins;
	// the Role carried by the Actor is not trusted. Read it with roleNow:
	// on PostgreSQL the read waits in the pipe (rolePending) for the
	// transaction's first statement.
	role        okr.Role
	rolePending bool
	// now is the transaction's clock reading, in microseconds precision.
	now time.Time
	// touched collects what the transaction changed under objectives, for
	// bumpRevs.
	touched touchSet
	// stripe is the stripe of the subtree revisions the transaction bumps
	// (rev.go), chosen at its first bump; 0 before.
	stripe int
	// stateMoved is set when the transaction audited a change of an object
	// of stateTypes: moveStateStamp then moves the organisation's stamp.
	stateMoved bool
	// events are the events the transaction noted (event.go), stored
	// before commit.
	events []pendingEvent
}

// transact runs fn in a write transaction and commits when it returns nil.
// On SQLite the transaction runs on the single writer connection and begins
// IMMEDIATE. A unique violation fn did not handle becomes ECONFLICT, a
// foreign-key violation EINVALID.
func (db *DB) transact(ctx context.Context, op string, fn func(c conn) error) (err error) {
	countStatement(ctx)
	c, sqlTx, err := db.beginConn(ctx)
	if err != nil {
		return fmt.Errorf("store: %s: begin: %w", op, err)
	}
	if c.pipe != nil {
		defer c.pipe.conn.Close()
	}
	if db.wStmts != nil {
		defer db.wStmts.prepareQueued()
	}
	defer func() {
		if err != nil {
			if rerr := sqlTx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
				err = errors.Join(err, fmt.Errorf("store: %s: rollback: %w", op, rerr))
			}
		}
	}()
	err = fn(c)
	if err == nil {
		err = c.flush(ctx)
	}
	if perr := c.pipeErr(); perr != nil {
		err = perr // the cause of what failed after it
	}
	if err != nil {
		return classify(op, err)
	}
	countStatement(ctx)
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: %s: commit: %w", op, err)
	}
	db.committed()
	return nil
}

// beginConn begins a write transaction and returns the conn that runs its
// statements. On PostgreSQL the transaction runs on a connection of its
// own, with a pipe (pipe.go), which the caller closes after the
// transaction ends.
func (db *DB) beginConn(ctx context.Context) (conn, *sql.Tx, error) {
	if db.dialect != DialectPostgres {
		sqlTx, err := db.w.BeginTx(ctx, nil)
		if err != nil {
			return conn{}, nil, err
		}
		return conn{db: db, run: db.txRunner(sqlTx)}, sqlTx, nil
	}
	sc, err := db.w.Conn(ctx)
	if err != nil {
		return conn{}, nil, err
	}
	sqlTx, err := sc.BeginTx(ctx, nil)
	if err != nil {
		sc.Close()
		return conn{}, nil, err
	}
	return conn{db: db, run: db.txRunner(sqlTx), pipe: &pipe{conn: sc}}, sqlTx, nil
}

// committed notes a commit of the writer: on SQLite the checkpointer may
// copy the log into the database file now (checkpoint.go).
func (db *DB) committed() {
	if db.ckpt != nil {
		db.ckpt.committed()
	}
}

// write runs fn in a write transaction on behalf of actor. It fails with
// EFORBIDDEN before calling fn when the actor is not an active person of
// its organisation.
//
// On SQLite the write goes through the committer (group.go), which commits
// it together with the writes waiting at the same time.
func (db *DB) write(ctx context.Context, actor Actor, op string, fn func(t *tx) error) error {
	if c, ok := ctx.Value(atomicKey{}).(*conn); ok {
		if err := db.runWrite(ctx, *c, actor, fn); err != nil {
			return classify(op, err)
		}
		return nil
	}
	if db.group != nil {
		return db.group.submit(ctx, actor, op, fn)
	}
	return db.transact(ctx, op, func(c conn) error { return db.runWrite(ctx, c, actor, fn) })
}

// writeAsOkr runs fn in a write transaction of okr itself, not of a
// person (no actor, audit or state stamp: the fan-out of events). On
// SQLite it goes through the committer like every other write, so that it
// shares their commit and never holds the one writer connection while
// they wait; fn must run its statements under the context it is given.
func (db *DB) writeAsOkr(ctx context.Context, op string, fn func(ctx context.Context, c conn) error) error {
	if db.group != nil {
		return db.group.submitRaw(ctx, op, fn)
	}
	return db.transact(ctx, op, func(c conn) error { return fn(ctx, c) })
}

// atomicKey marks a context whose writes join the transaction of Atomic.
type atomicKey struct{}

// Atomic runs fn so that every write made through db with the context fn
// is given joins one transaction: all of them are committed when fn returns
// nil, and none when fn or any of the writes fails. Each write still checks
// its actor, validates, audits and moves revisions and the state stamp as
// it does alone. Reads through db's read methods do not see the writes
// before the commit; fn should read what it needs first (a version check of
// each write catches a change made in between). okr apply uses it to apply
// a whole file or nothing.
func (db *DB) Atomic(ctx context.Context, actor Actor, op string, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(atomicKey{}).(*conn); ok {
		return fn(ctx)
	}
	return db.write(ctx, actor, op, func(t *tx) error {
		c := t.conn
		return fn(context.WithValue(ctx, atomicKey{}, &c))
	})
}

// runWrite runs fn as actor on c, a write transaction, stores the events
// it noted, and then moves the state stamp and the revisions of what it
// touched and queues the events' fan-out; in a group commit the batch does
// those last three once for all its writes (batchEnd).
func (db *DB) runWrite(ctx context.Context, c conn, actor Actor, fn func(t *tx) error) error {
	t, err := db.begin(ctx, c, actor)
	if err != nil {
		return err
	}
	if err := fn(t); err != nil {
		return err
	}
	if err := t.storeEvents(); err != nil {
		return err
	}
	if c.end != nil { // a write of a group commit: the batch ends for it (group_end.go)
		c.end.add(t)
		return nil
	}
	if err := t.moveStateStamp(); err != nil {
		return err
	}
	if err := t.bumpRevs(); err != nil {
		return err
	}
	if len(t.events) > 0 {
		return t.queueFanOut() // last: it sends the pipe, and the others join that round trip
	}
	return nil
}

// classify turns a unique violation fn did not handle into ECONFLICT and a
// foreign-key violation into EINVALID, and wraps other errors with op.
func classify(op string, err error) error {
	if isUniqueViolation(err) {
		return okr.Errorf(okr.ECONFLICT, "this clashes with something that already exists")
	}
	if isForeignKeyViolation(err) {
		return okr.Errorf(okr.EINVALID, "this refers to something that does not exist")
	}
	return wrap(op, err)
}

// begin returns a tx for actor on c after checking the actor.
func (db *DB) begin(ctx context.Context, c conn, actor Actor) (*tx, error) {
	t := &tx{conn: c, ctx: ctx, actor: actor, now: db.clock()}
	if err := t.loadActor(); err != nil {
		return nil, err
	}
	return t, nil
}

// clock returns the current time in UTC at the stored precision.
func (db *DB) clock() time.Time { return db.now().UTC().Truncate(time.Microsecond) }

// loadActor checks that the actor may act in its organisation and reads its
// role from the database. On PostgreSQL the read goes into the pipe, so it
// shares the round trip of the transaction's first statement; roleNow
// waits for it, and the write fails with EFORBIDDEN at that flush or at
// commit when the actor is not an active member (nothing it wrote is
// committed then).
func (t *tx) loadActor() error {
	if t.actor.OrgID == 0 {
		return forbidden("no organisation given")
	}
	if t.actor.System {
		t.role = okr.RoleAdmin
		return nil
	}
	if t.actor.PersonID == 0 {
		return forbidden("sign in first")
	}
	t.rolePending = true
	return t.laterQuery(t.ctx, "load actor", func(r rowScanner) error {
		if !r.Next() {
			return forbidden("your account is not an active member of this organisation")
		}
		var role string
		if err := r.Scan(&role); err != nil {
			return err
		}
		t.role, t.rolePending = okr.Role(role), false
		return nil
	}, `SELECT role FROM people WHERE id = ? AND org_id = ? AND archived_at IS NULL`, t.actor.PersonID, t.actor.OrgID)
}

// roleNow returns the actor's stored role, sending the pipe first when its
// read waits there. When that fails the role is none (no rights), and the
// write fails with the pipe's error.
func (t *tx) roleNow() okr.Role {
	if t.rolePending {
		t.flush(t.ctx) //nolint:errcheck // the pipe keeps the error for commit
	}
	if t.rolePending {
		return ""
	}
	return t.role
}

// org returns the actor's organisation id: the only organisation a tx may
// touch.
func (t *tx) org() int64 { return t.actor.OrgID }

// authorID returns the actor's person id, or nil for the system actor.
func (t *tx) authorID() any { return idOrNull(t.actor.PersonID) }
