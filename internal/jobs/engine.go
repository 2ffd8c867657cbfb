// Package jobs runs background work on the job engine
// github.com/riverqueue/river, whose jobs live in okr's own database
// (SQLite or PostgreSQL; the store creates the tables in its migrate step
// and inserts jobs, also inside its write transactions: store.DB.Enqueue).
//
// Every `okr serve` node starts an Engine and works jobs; a job is worked by
// one node at a time (river locks it when it fetches it), and periodic jobs
// are queued only by the elected leader. A job that fails is retried with
// backoff (river's default: attempt⁴ seconds, store.DefaultMaxAttempts
// tries) and keeps its errors, which the admin page of background jobs
// shows (store.DB.Jobs).
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/okr-dev/okr/internal/store"
)

// Config is what an Engine works.
type Config struct {
	// Workers holds a worker for every kind of job this node runs
	// (river.AddWorker). Required.
	Workers *river.Workers
	// Periodic are jobs queued on a schedule by the elected leader.
	Periodic []*river.PeriodicJob
	// Log receives the engine's own messages; nil discards them.
	Log *slog.Logger
	// MaxWorkers bounds the jobs this node runs at once; zero means 8.
	MaxWorkers int
	// ID names the node in the jobs it works (river_job.attempted_by);
	// empty means host name and start time.
	ID string
	// PollInterval is how often the node looks for new jobs when it is not
	// told about them (SQLite always polls); zero means one second.
	// Tests make it short.
	PollInterval time.Duration
	// RetryPolicy decides when a failed job is tried again; nil means
	// river's default (attempt⁴ seconds with jitter).
	RetryPolicy river.ClientRetryPolicy
}

// Engine is a running job client of one node.
type Engine struct {
	client interface {
		Start(context.Context) error
		Stop(context.Context) error
		StopAndCancel(context.Context) error
		Subscribe(kinds ...river.EventKind) (<-chan *river.Event, func())
	}
	close func()
}

// Start starts working jobs on db. Stop it with Stop.
func Start(ctx context.Context, db *store.DB, cfg Config) (*Engine, error) {
	if cfg.Workers == nil {
		return nil, errors.New("jobs: no workers")
	}
	rc := riverConfig(cfg)
	e := &Engine{}
	sqlitePool, pgURL, err := db.JobConn()
	if err != nil {
		return nil, err
	}
	if sqlitePool != nil {
		c, err := river.NewClient(riversqlite.New(sqlitePool), rc)
		if err != nil {
			sqlitePool.Close()
			return nil, fmt.Errorf("jobs: %w", err)
		}
		e.client, e.close = c, func() { sqlitePool.Close() }
	} else {
		pool, err := openPgx(ctx, pgURL)
		if err != nil {
			return nil, err
		}
		c, err := river.NewClient(riverpgxv5.New(pool), rc)
		if err != nil {
			pool.Close()
			return nil, fmt.Errorf("jobs: %w", err)
		}
		e.client, e.close = c, pool.Close
	}
	if err := e.client.Start(ctx); err != nil {
		e.close()
		return nil, fmt.Errorf("jobs: start: %w", err)
	}
	return e, nil
}

func riverConfig(cfg Config) *river.Config {
	n := cfg.MaxWorkers
	if n == 0 {
		n = 8
	}
	poll := cfg.PollInterval
	if poll == 0 {
		poll = time.Second
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &river.Config{
		ID:                          cfg.ID,
		Queues:                      map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n}},
		Workers:                     cfg.Workers,
		PeriodicJobs:                cfg.Periodic,
		Logger:                      log,
		FetchPollInterval:           poll,
		FetchCooldown:               min(poll, 100*time.Millisecond),
		RetryPolicy:                 cfg.RetryPolicy,
		MaxAttempts:                 store.DefaultMaxAttempts,
		CompletedJobRetentionPeriod: store.JobRetention,
		CancelledJobRetentionPeriod: store.JobRetention,
		DiscardedJobRetentionPeriod: store.JobRetention,
		JobTimeout:                  5 * time.Minute,
		// A node that died mid-job leaves it running; after this long
		// another node takes it up again.
		RescueStuckJobsAfter: 15 * time.Minute,
	}
}

func openPgx(ctx context.Context, url string) (*pgxpool.Pool, error) {
	pc, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("jobs: the PostgreSQL address: %w", err)
	}
	pc.MaxConns = 10
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("jobs: connect to PostgreSQL: %w", err)
	}
	return pool, nil
}

// Stop waits for the running jobs to finish (until ctx ends, then cancels
// them) and stops the engine.
func (e *Engine) Stop(ctx context.Context) error {
	defer e.close()
	err := e.client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return e.client.StopAndCancel(context.WithoutCancel(ctx))
	}
	return err
}

// Subscribe returns the events of the kinds given (jobs completed, failed,
// …) as they happen on this node, and a function that ends the
// subscription. Tests wait on it instead of sleeping.
func (e *Engine) Subscribe(kinds ...river.EventKind) (<-chan *river.Event, func()) {
	return e.client.Subscribe(kinds...)
}
