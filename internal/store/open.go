package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/okr-dev/okr/internal/okr"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Dialect names returned by DB.Dialect.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// DB is the store: a handle on one SQLite file or one PostgreSQL database.
// It is safe for concurrent use.
type DB struct {
	dialect string
	// stripeFor picks the stripe of a transaction's subtree revision bumps
	// on PostgreSQL (rev.go); nil picks one at random. Tests set it.
	stripeFor func() int
	// w runs every write transaction. On SQLite it holds one connection, so
	// writers queue in Go instead of failing with SQLITE_BUSY; on PostgreSQL
	// w and r are the same pool.
	w *sql.DB
	// r runs reads outside transactions; on SQLite several connections read
	// in parallel thanks to WAL.
	r *sql.DB
	// rStmts and wStmts keep prepared statements of r and w on SQLite
	// (stmtcache.go); nil on PostgreSQL, whose driver caches them itself.
	rStmts, wStmts *stmtCache
	// group commits the write transactions of SQLite in batches
	// (group.go); nil on PostgreSQL.
	group *committer
	// ckpt checkpoints the SQLite write-ahead log off the writer
	// (checkpoint.go); nil on PostgreSQL.
	ckpt *checkpointer
	// tmpDir is removed on Close (the private file behind ":memory:").
	tmpDir string
	// now is the clock; tests replace it.
	now func() time.Time
	// pgURL is the PostgreSQL address the DB was opened with, for pg_dump
	// (Backup); empty on SQLite.
	pgURL string
	// sqlitePath is the SQLite file, for the job engine's own pool
	// (JobPool); empty on PostgreSQL.
	sqlitePath string
	// river inserts background jobs, also inside write transactions
	// (jobs.go).
	river jobInserter
	// fanMu lets one fan-out at a time read and claim on SQLite
	// (fanOutSQLite).
	fanMu sync.Mutex
}

// SetClock replaces the clock that dates what the database writes (created,
// published and check-in times, target changes): for tests that replay a
// period week by week. Not for use while other goroutines write.
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// sqliteBusyTimeout is how long a SQLite connection waits for a lock.
const sqliteBusyTimeout = 10 * time.Second

// Open opens the database named by dsn and applies pending migrations. A dsn
// starting with postgres:// or postgresql:// is a PostgreSQL URL; anything
// else is a SQLite file path. ":memory:" gives a private database in a
// temporary file that is removed on Close (a plain in-memory SQLite database
// would be a different database on each pooled connection).
func Open(ctx context.Context, dsn string) (*DB, error) {
	db, err := open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func open(ctx context.Context, dsn string) (*DB, error) {
	var (
		db  *DB
		err error
	)
	if IsPostgres(dsn) {
		db, err = openPostgres(ctx, dsn)
	} else {
		db, err = openSQLite(ctx, dsn)
	}
	if err != nil {
		return nil, err
	}
	if db.river, err = newJobInserter(db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// IsPostgres reports whether dsn names a PostgreSQL database (a postgres://
// or postgresql:// URL) rather than a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// pgMaxConns is the most connections a node opens to PostgreSQL.
const pgMaxConns = 20

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", postgresDSN(dsn))
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	// As many idle connections kept as may be open: with fewer, a burst
	// closed the connections past the idle limit and the next one opened
	// new ones, and a new connection plans every statement again (pgx
	// prepares per connection): planning was 2.5 of 11 s of PostgreSQL's
	// time in the mix at company scale, 131 plans of a statement run
	// 1,310 times (pg_stat_statements).
	pool.SetMaxOpenConns(pgMaxConns)
	pool.SetMaxIdleConns(pgMaxConns)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{dialect: DialectPostgres, w: pool, r: pool, now: time.Now, pgURL: dsn}
	if err := db.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: connect to postgres: %w", err)
	}
	return db, nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if strings.ContainsRune(path, '?') {
		return nil, okr.Errorf(okr.EINVALID, "a SQLite file path may not contain '?': %q", path)
	}
	db := &DB{dialect: DialectSQLite, now: time.Now}
	if path == ":memory:" {
		dir, err := os.MkdirTemp("", "okr-memory-")
		if err != nil {
			return nil, fmt.Errorf("store: temporary database: %w", err)
		}
		db.tmpDir, path = dir, filepath.Join(dir, "okr.db")
	}
	db.sqlitePath = path
	var err error
	if db.w, err = sql.Open("sqlite", sqliteDSN(path, true)); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	db.w.SetMaxOpenConns(1)
	db.w.SetConnMaxIdleTime(0)
	// Create the file and switch it to WAL on the writer before readers open.
	if err := db.w.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	if db.r, err = sql.Open("sqlite", sqliteDSN(path, false)); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	n := max(4, runtime.NumCPU())
	db.r.SetMaxOpenConns(n)
	db.r.SetMaxIdleConns(n)
	db.rStmts, db.wStmts = newStmtCache(db.r), newStmtCache(db.w)
	if db.ckpt, err = newCheckpointer(path); err != nil {
		db.Close()
		return nil, err
	}
	db.group = newCommitter(db)
	return db, nil
}

// sqliteDSN returns the modernc.org/sqlite DSN for path. The writer begins
// its transactions with BEGIN IMMEDIATE so that it takes the write lock up
// front instead of failing to upgrade a read lock later, and syncs the WAL
// at every commit (synchronous FULL), so that a write that returned
// survives a power loss, not only a crash of okr; an fsync took about
// 130 µs on the measuring machine (docs/performance.md).
func sqliteDSN(path string, writer bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", sqliteBusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	// Statement and savepoint journals in memory: each write of a group
	// commit runs in a savepoint, whose journal spilled to a temporary
	// file (an open, writes and a close on every batch; 3 % of a check-in's
	// CPU, docs/performance.md).
	q.Add("_pragma", "temp_store(MEMORY)")
	if writer {
		q.Add("_pragma", "synchronous(FULL)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", walBackstopPages))
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "synchronous(NORMAL)")
	}
	return path + "?" + q.Encode()
}

// Close closes the database; for ":memory:" it also removes the file.
func (db *DB) Close() error {
	var err error
	if db.group != nil {
		db.group.close()
	}
	if db.ckpt != nil {
		if e := db.ckpt.close(); e != nil {
			err = e
		}
	}
	if db.dialect == DialectSQLite && db.w != nil {
		// Leave the database in its one file: SQLite moves the write-ahead
		// log back into it when its last connection closes, but not while
		// another (the job engine's, JobConn) is still open, and a copy of
		// the file alone, or the next start, would then depend on the log.
		// Best effort: a reader still reading makes it a partial
		// checkpoint, which loses nothing.
		_, _ = db.w.ExecContext(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	for _, c := range []*stmtCache{db.rStmts, db.wStmts} {
		if c != nil {
			c.close()
		}
	}
	if db.r != nil && db.r != db.w {
		err = db.r.Close()
	}
	if db.w != nil {
		if e := db.w.Close(); e != nil && err == nil {
			err = e
		}
	}
	if db.tmpDir != "" {
		if e := os.RemoveAll(db.tmpDir); e != nil && err == nil {
			err = e
		}
	}
	return err
}

// Ping checks that the database answers, for readiness probes. It returns a
// wrapped error when it does not.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.r.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	if db.w != db.r {
		if err := db.w.PingContext(ctx); err != nil {
			return fmt.Errorf("store: ping writer: %w", err)
		}
	}
	return nil
}

// PoolStats is one connection pool's statistics.
type PoolStats struct {
	Name string // "read" and "write" on SQLite, "main" on PostgreSQL
	sql.DBStats
}

// PoolStats returns the statistics of the database's connection pools,
// for the metrics: on SQLite the readers' pool and the one writer's, on
// PostgreSQL the one pool.
func (db *DB) PoolStats() []PoolStats {
	if db.r == db.w {
		return []PoolStats{{"main", db.w.Stats()}}
	}
	return []PoolStats{{"read", db.r.Stats()}, {"write", db.w.Stats()}}
}

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect }
