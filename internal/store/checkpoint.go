package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Checkpoints on SQLite. In WAL mode a commit appends the pages it changed
// to the write-ahead log, and a checkpoint copies them back into the
// database file and syncs it. By default the connection whose commit
// takes the log past 1,000 pages runs that checkpoint before its commit
// returns: the group committer's, so every write queued behind it waited
// for the copy and two fsyncs (7 % of the writer's CPU in a flood of
// check-ins, and the syncs' wall time, docs/performance.md). The checkpointer runs them instead on a
// connection of its own, after commits, while the writer goes on: a
// PASSIVE checkpoint takes no write lock, it copies what no reader still
// needs and leaves the rest for the next one.
//
// The writers keep an automatic checkpoint as a backstop
// (walBackstopPages): should the checkpointer fall behind or fail, the
// writers copy the log themselves again, as before, only later.

// walBackstopPages is the log size at which a writer checkpoints by itself
// (wal_autocheckpoint): 4,000 pages of 4 KB, 16 MB, four times SQLite's
// default. The checkpointer keeps the log copied, but the log starts over
// only when a writer begins after a complete checkpoint, which under a
// steady flood of writes is the backstop's (without it the log grew to
// 857 MB in 25 s; with it the file peaked at 47 MB, docs/performance.md):
// that checkpoint then finds little left to copy.
const walBackstopPages = 4000

// checkpointEvery is the least time between two checkpoints: each syncs
// the database file, and a log of a tenth of a second's commits is copied
// in one go (pages written again meanwhile are copied once).
const checkpointEvery = 100 * time.Millisecond

// checkpointIdle is how often the checkpointer runs without being kicked:
// the job engine commits on a connection of its own, which does not kick
// it.
const checkpointIdle = 10 * time.Second

// checkpointer runs PASSIVE checkpoints of one SQLite database on its own
// connection when commits kick it.
type checkpointer struct {
	conn *sql.DB
	kick chan struct{}
	quit chan struct{}
	wg   sync.WaitGroup
	once sync.Once
	// runs counts the checkpoints run, for tests.
	runs atomic.Int64
}

func newCheckpointer(path string) (*checkpointer, error) {
	c, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		return nil, fmt.Errorf("store: checkpointer: %w", err)
	}
	c.SetMaxOpenConns(1)
	c.SetConnMaxIdleTime(0)
	k := &checkpointer{conn: c, kick: make(chan struct{}, 1), quit: make(chan struct{})}
	k.wg.Add(1)
	go k.run()
	return k, nil
}

// committed tells the checkpointer that a commit added to the log. It
// never blocks.
func (k *checkpointer) committed() {
	select {
	case k.kick <- struct{}{}:
	default:
	}
}

func (k *checkpointer) run() {
	defer k.wg.Done()
	idle := time.NewTicker(checkpointIdle)
	defer idle.Stop()
	for {
		select {
		case <-k.kick:
		case <-idle.C:
		case <-k.quit:
			return
		}
		k.checkpoint()
		select {
		case <-time.After(checkpointEvery):
		case <-k.quit:
			return
		}
	}
}

// checkpoint runs one PASSIVE checkpoint. A failure is logged, not
// returned: the next commit kicks another, and the writers' backstop
// bounds the log meanwhile.
func (k *checkpointer) checkpoint() {
	var busy, log, done int64
	err := k.conn.QueryRowContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &log, &done)
	k.runs.Add(1)
	if err != nil {
		slog.Warn("store: checkpoint", "err", err)
	}
}

// close stops the checkpointer and closes its connection.
func (k *checkpointer) close() error {
	k.once.Do(func() { close(k.quit) })
	k.wg.Wait()
	return k.conn.Close()
}
