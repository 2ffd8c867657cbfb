package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"
)

// Background jobs live in the database, in the tables of the job engine
// (github.com/riverqueue/river: river_job, river_leader, …). The store
// creates those tables in its migrate step and inserts jobs, also inside
// its write transactions, so that a job is queued exactly when the change
// that caused it commits. The package jobs works them.
//
// The store inserts through database/sql (riverdatabasesql on PostgreSQL,
// riversqlite on SQLite) because its transactions are *sql.Tx; the
// workers of package jobs may use another driver on the same tables.

// JobArgs is a job's arguments: a JSON-encodable struct whose Kind names
// the worker that runs it. Fields tagged `river:"unique"` form the job's
// idempotency key when JobOpts.Unique is set.
type JobArgs = river.JobArgs

// JobOpts are the options of one insert.
type JobOpts struct {
	// OrgID is the organisation the job works for; the admin page of
	// background jobs shows an organisation only its own jobs. Zero for
	// jobs of the whole installation.
	OrgID int64
	// Unique makes the insert a no-op while a job of the same kind and the
	// same `river:"unique"` fields exists in any state (also completed,
	// until the completed job is removed after JobRetention).
	Unique bool
	// RunAt delays the job; zero runs it at once.
	RunAt time.Time
	// MaxAttempts bounds the attempts; zero means DefaultMaxAttempts.
	MaxAttempts int
}

// DefaultMaxAttempts is how often a job is tried before it is discarded:
// with river's backoff (attempt⁴ seconds) the last try comes about four
// days after the first.
const DefaultMaxAttempts = 12

// JobRetention is how long finished jobs (completed, cancelled, discarded)
// are kept, for the admin page and for uniqueness.
const JobRetention = 45 * 24 * time.Hour

// jobInserter is the part of a river client the store uses.
type jobInserter interface {
	InsertTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	JobList(ctx context.Context, params *river.JobListParams) (*river.JobListResult, error)
	JobGet(ctx context.Context, id int64) (*rivertype.JobRow, error)
	JobRetry(ctx context.Context, id int64) (*rivertype.JobRow, error)
	JobCancel(ctx context.Context, id int64) (*rivertype.JobRow, error)
}

// newJobInserter returns an insert-only river client on the write pool.
func newJobInserter(db *DB) (jobInserter, error) {
	cfg := &river.Config{}
	var (
		c   jobInserter
		err error
	)
	if db.dialect == DialectPostgres {
		c, err = river.NewClient(riverdatabasesql.New(db.w), cfg)
	} else {
		c, err = river.NewClient(riversqlite.New(db.w), cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("store: job client: %w", err)
	}
	return c, nil
}

// riverMigrateLock is the PostgreSQL advisory lock held while the job
// engine's tables are migrated, so that nodes starting together migrate
// once ("river" in ASCII).
const riverMigrateLock = 0x7269766572

// migrateJobs brings the job engine's tables to the version this build's
// river wants, after the store's own migrations. River runs each of its
// versions in a transaction of its own (a version may add an enum value
// that the next one uses); on PostgreSQL under an advisory lock held on a
// connection of its own, so that nodes starting together migrate once.
func (db *DB) migrateJobs(ctx context.Context) error {
	if db.dialect != DialectPostgres {
		m, err := rivermigrate.New(riversqlite.New(db.w), nil)
		if err != nil {
			return fmt.Errorf("store: migrate jobs: %w", err)
		}
		if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
			return fmt.Errorf("store: migrate jobs: %w", err)
		}
		return nil
	}
	lock, err := db.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate jobs: %w", err)
	}
	defer lock.Close()
	if _, err := lock.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, int64(riverMigrateLock)); err != nil {
		return fmt.Errorf("store: migrate jobs: lock: %w", err)
	}
	defer lock.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(riverMigrateLock))
	m, err := rivermigrate.New(riverdatabasesql.New(db.w), nil)
	if err != nil {
		return fmt.Errorf("store: migrate jobs: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("store: migrate jobs: %w", err)
	}
	return nil
}

// insertOpts turns o into river's options.
func insertOpts(o JobOpts) *river.InsertOpts {
	ro := &river.InsertOpts{MaxAttempts: o.MaxAttempts, ScheduledAt: o.RunAt}
	if ro.MaxAttempts == 0 {
		ro.MaxAttempts = DefaultMaxAttempts
	}
	if o.OrgID != 0 {
		ro.Metadata, _ = json.Marshal(map[string]string{"org": strconv.FormatInt(o.OrgID, 10)})
	}
	if o.Unique {
		ro.UniqueOpts = river.UniqueOpts{ByArgs: true, ByState: allJobStates}
	}
	return ro
}

// allJobStates makes a unique job unique in every state, so that a job
// that completed or was discarded is not queued again under the same key.
var allJobStates = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStateCancelled, rivertype.JobStateCompleted,
	rivertype.JobStateDiscarded, rivertype.JobStatePending, rivertype.JobStateRetryable,
	rivertype.JobStateRunning, rivertype.JobStateScheduled,
}

// Enqueue queues a job outside any write. It reports whether a job was
// inserted: false when a unique job with the same key exists already.
func (db *DB) Enqueue(ctx context.Context, args JobArgs, o JobOpts) (bool, error) {
	res, err := db.river.Insert(ctx, args, insertOpts(o))
	if err != nil {
		return false, fmt.Errorf("store: enqueue %s: %w", args.Kind(), err)
	}
	return !res.UniqueSkippedAsDuplicate, nil
}

// enqueue queues a job in the write transaction: the job exists if and
// only if the transaction commits. It reports whether a job was inserted
// (see DB.Enqueue).
func (t *tx) enqueue(args JobArgs, o JobOpts) (bool, error) {
	sqlTx, err := t.sqlTx(t.ctx)
	if err != nil {
		return false, fmt.Errorf("store: enqueue %s: %w", args.Kind(), err)
	}
	res, err := t.db.river.InsertTx(t.ctx, sqlTx, args, insertOpts(o))
	if err != nil {
		return false, fmt.Errorf("store: enqueue %s: %w", args.Kind(), err)
	}
	return !res.UniqueSkippedAsDuplicate, nil
}

// JobConn returns what the job engine's workers connect with: on SQLite a
// new pool of one connection on the database file (the caller closes it),
// which begins its transactions IMMEDIATE and waits for the lock like the
// store's writer; on PostgreSQL the database URL (the caller opens a pgx
// pool, for LISTEN/NOTIFY).
func (db *DB) JobConn() (sqlite *sql.DB, postgresURL string, err error) {
	if db.dialect == DialectPostgres {
		return nil, postgresDSN(db.pgURL), nil
	}
	p, err := sql.Open("sqlite", sqliteDSN(db.sqlitePath, true))
	if err != nil {
		return nil, "", fmt.Errorf("store: job pool: %w", err)
	}
	p.SetMaxOpenConns(1)
	return p, "", nil
}

// Job is a background job as the admin page of background jobs shows it.
type Job struct {
	ID          int64
	Kind        string
	State       string // river's: available, scheduled, running, retryable, completed, discarded, cancelled
	Attempt     int
	MaxAttempts int
	CreatedAt   time.Time
	// RunAt is when the job runs (next); FinishedAt when it ended.
	RunAt      time.Time
	FinishedAt *time.Time
	// LastError is the error of the last failed try, empty when none
	// failed; Errors counts the failed tries.
	LastError string
	Errors    int
	// Args are the job's arguments as JSON.
	Args string
}

// JobFilter selects jobs for the admin page.
type JobFilter struct {
	// Failing keeps only jobs that failed at least once and did not
	// complete since: waiting to be tried again, or given up (discarded).
	Failing bool
	Limit   int // zero means 100
}

// Jobs returns the organisation's background jobs, newest first.
func (db *DB) Jobs(ctx context.Context, orgID int64, f JobFilter) ([]Job, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	p := river.NewJobListParams().First(limit).
		OrderBy(river.JobListOrderByID, river.SortOrderDesc).
		Where("metadata ->> 'org' = @org", river.NamedArgs{"org": strconv.FormatInt(orgID, 10)})
	if f.Failing {
		// A job tried again soon waits as "available", later as
		// "retryable"; both carry the errors of their failed tries.
		p = p.States(rivertype.JobStateRetryable, rivertype.JobStateDiscarded, rivertype.JobStateAvailable,
			rivertype.JobStateScheduled, rivertype.JobStateRunning).
			Where("errors IS NOT NULL")
	} else {
		p = p.States(allJobStates...)
	}
	res, err := db.river.JobList(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("store: jobs: %w", err)
	}
	out := make([]Job, 0, len(res.Jobs))
	for _, r := range res.Jobs {
		if f.Failing && len(r.Errors) == 0 {
			continue
		}
		out = append(out, jobOf(r))
	}
	return out, nil
}

func jobOf(r *rivertype.JobRow) Job {
	j := Job{ID: r.ID, Kind: r.Kind, State: string(r.State), Attempt: r.Attempt, MaxAttempts: r.MaxAttempts,
		CreatedAt: r.CreatedAt, RunAt: r.ScheduledAt, FinishedAt: r.FinalizedAt, Errors: len(r.Errors), Args: string(r.EncodedArgs)}
	if n := len(r.Errors); n > 0 {
		j.LastError = r.Errors[n-1].Error
	}
	return j
}

// RetryJob runs one of the organisation's failed or waiting jobs again at
// once (an admin's "try again now"). It fails with EFORBIDDEN for anyone
// but an admin and ENOTFOUND for a job of another organisation.
func (db *DB) RetryJob(ctx context.Context, actor Actor, id int64) (Job, error) {
	err := db.write(ctx, actor, "retry job", func(t *tx) error { return t.requireAdmin("background jobs") })
	if err != nil {
		return Job{}, err
	}
	r, err := db.river.JobGet(ctx, id)
	if err != nil || jobOrg(r) != actor.OrgID {
		return Job{}, okr.Errorf(okr.ENOTFOUND, "no such background job")
	}
	if r, err = db.river.JobRetry(ctx, id); err != nil {
		return Job{}, fmt.Errorf("store: retry job: %w", err)
	}
	return jobOf(r), nil
}

// jobOrg returns the organisation in a job's metadata, 0 when none.
func jobOrg(r *rivertype.JobRow) int64 {
	var m struct {
		Org string `json:"org"`
	}
	if json.Unmarshal(r.Metadata, &m) != nil {
		return 0
	}
	id, _ := strconv.ParseInt(m.Org, 10, 64)
	return id
}
