package store

import (
	"context"

	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// Group commit on SQLite. SQLite has one writer, and each commit with
// synchronous FULL waits for an fsync: write transactions that queued one
// after another each paid for one. The committer runs the write
// transactions that are waiting together in one SQLite transaction, each
// inside a savepoint of its own, and commits them with one fsync:
//
//   - atomic per write: a write that fails rolls back to its savepoint and
//     returns its error; the others in the batch go on;
//   - durable on return: every write of a batch returns after the batch's
//     commit, and when the commit fails, all of them fail;
//   - no waiting for company: the committer takes what queued while the
//     last batch committed, never waits for more (a lone write commits at
//     once, without savepoints).
//
// PostgreSQL needs none of this: its writers commit in parallel on their
// own connections and share WAL flushes.

// maxBatch bounds the writes one commit carries, so one batch's latency
// stays bounded under a flood.
const maxBatch = 64

// writeJob is one write transaction waiting for the committer.
type writeJob struct {
	ctx   context.Context
	actor Actor
	op    string
	fn    func(t *tx) error
	// raw, when set instead of fn, is a write of okr itself rather than
	// of a person (the fan-out of events): it runs on the transaction as
	// it is, without an actor's checks, audit or state stamp.
	raw  func(ctx context.Context, c conn) error
	err  error
	done chan struct{}
}

// committer runs the write jobs of a SQLite database.
type committer struct {
	db   *DB
	jobs chan *writeJob
	quit chan struct{}
	once sync.Once
	wg   sync.WaitGroup
	// commits and writes count batches committed and writes in them, for
	// tests and the load test's notes.
	commits, writes atomic.Int64
	// hold, when set (tests), is called before each batch is taken.
	hold func()
}

func newCommitter(db *DB) *committer {
	c := &committer{db: db, jobs: make(chan *writeJob, 4*maxBatch), quit: make(chan struct{})}
	c.wg.Add(1)
	go c.run()
	return c
}

// close stops the committer after the writes queued so far.
func (c *committer) close() {
	c.once.Do(func() { close(c.quit) })
	c.wg.Wait()
}

// submit queues a write and waits until its batch committed or failed.
func (c *committer) submit(ctx context.Context, actor Actor, op string, fn func(t *tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return c.wait(&writeJob{ctx: ctx, actor: actor, op: op, fn: fn, done: make(chan struct{})})
}

// submitRaw queues a write of okr itself (writeJob.raw) and waits until its
// batch committed or failed.
func (c *committer) submitRaw(ctx context.Context, op string, fn func(ctx context.Context, c conn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return c.wait(&writeJob{ctx: ctx, op: op, raw: fn, done: make(chan struct{})})
}

func (c *committer) wait(j *writeJob) error {
	select {
	case c.jobs <- j:
	case <-c.quit:
		return fmt.Errorf("store: %s: the database is closed", j.op)
	}
	<-j.done
	return j.err
}

func (c *committer) run() {
	defer c.wg.Done()
	for {
		var first *writeJob
		select {
		case first = <-c.jobs:
		case <-c.quit:
			for {
				select {
				case j := <-c.jobs:
					c.batch([]*writeJob{j})
				default:
					return
				}
			}
		}
		if c.hold != nil {
			c.hold()
		}
		batch := []*writeJob{first}
	fill:
		for len(batch) < maxBatch {
			select {
			case j := <-c.jobs:
				batch = append(batch, j)
			default:
				break fill
			}
		}
		c.batch(batch)
	}
}

// batch runs the jobs in one transaction and commits it; it sets each
// job's error and closes its done channel.
func (c *committer) batch(jobs []*writeJob) {
	defer func() {
		for _, j := range jobs {
			close(j.done)
		}
	}()
	db := c.db
	var live []*writeJob
	for _, j := range jobs {
		if err := j.ctx.Err(); err != nil {
			j.err = err
			continue
		}
		live = append(live, j)
	}
	if len(live) == 0 {
		return
	}
	if len(live) == 1 {
		j := live[0]
		j.err = db.transact(j.ctx, j.op, func(cn conn) error { return j.run(j.ctx, cn) })
		c.commits.Add(1)
		c.writes.Add(1)
		return
	}
	sqlTx, err := db.w.BeginTx(context.Background(), nil)
	if err != nil {
		for _, j := range live {
			j.err = fmt.Errorf("store: %s: begin: %w", j.op, err)
		}
		return
	}
	if db.wStmts != nil {
		defer db.wStmts.prepareQueued()
	}
	cn := conn{db: db, run: db.txRunner(sqlTx), end: &batchEnd{}}
	abort := func(err error) {
		sqlTx.Rollback()
		for _, j := range live {
			j.err = err
		}
	}
	ok := 0
	for i, j := range live {
		// A statement cancelled half-way would make SQLite roll back the
		// whole transaction, so a job that started runs to its end.
		ctx := context.WithoutCancel(j.ctx)
		countStatement(ctx) // its begin
		sp := fmt.Sprintf("w%d", i)
		if _, err := sqlTx.ExecContext(ctx, "SAVEPOINT "+sp); err != nil {
			abort(fmt.Errorf("store: %s: savepoint: %w", j.op, err))
			return
		}
		if err := safeRun(func() error { return j.run(ctx, cn) }); err != nil {
			j.err = classify(j.op, err)
			cn.end.drop()
			if _, rerr := sqlTx.ExecContext(ctx, "ROLLBACK TO "+sp); rerr != nil {
				abort(fmt.Errorf("store: %s: roll back to savepoint: %w", j.op, errors.Join(err, rerr)))
				return
			}
		} else {
			cn.end.keep()
			ok++
		}
		if _, err := sqlTx.ExecContext(ctx, "RELEASE "+sp); err != nil {
			abort(fmt.Errorf("store: %s: release savepoint: %w", j.op, err))
			return
		}
		countStatement(ctx) // its commit
	}
	if err := cn.end.finish(context.Background(), cn); err != nil {
		abort(fmt.Errorf("store: end of a group commit: %w", err))
		return
	}
	if err := sqlTx.Commit(); err != nil {
		for _, j := range live {
			j.err = fmt.Errorf("store: %s: commit: %w", j.op, err)
		}
		return
	}
	db.committed()
	c.commits.Add(1)
	c.writes.Add(int64(ok))
}

// run runs the job on cn, a write transaction.
func (j *writeJob) run(ctx context.Context, cn conn) error {
	if j.raw != nil {
		return j.raw(ctx, cn)
	}
	return cn.db.runWrite(ctx, cn, j.actor, j.fn)
}

// safeRun calls fn and turns a panic into an error, so that one write's
// bug fails that write and not the committer (and with it every writer).
func safeRun(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic in a write: %v\n%s", r, debug.Stack())
		}
	}()
	return fn()
}

// GroupStats returns how many batches the committer committed and how many
// writes they carried: writes > commits when concurrent writes shared
// commits. Zero on PostgreSQL.
func (db *DB) GroupStats() (commits, writes int64) {
	if db.group == nil {
		return 0, 0
	}
	return db.group.commits.Load(), db.group.writes.Load()
}
