package jobs

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

var ctx = context.Background()

type countArgs struct {
	N int `json:"n" river:"unique"`
}

func (countArgs) Kind() string { return "jobs_test_count" }

// counter counts the runs of each job and the most run at once.
type counter struct {
	river.WorkerDefaults[countArgs]
	mu            sync.Mutex
	runs          map[int]int
	nodes         map[string]bool
	running, most atomic.Int64
	failFirst     bool
}

func (c *counter) Work(ctx context.Context, j *river.Job[countArgs]) error {
	n := c.running.Add(1)
	defer c.running.Add(-1)
	for {
		m := c.most.Load()
		if n <= m || c.most.CompareAndSwap(m, n) {
			break
		}
	}
	time.Sleep(5 * time.Millisecond) // work that takes time, so that runs overlap
	c.mu.Lock()
	defer c.mu.Unlock()
	c.runs[j.Args.N]++
	c.nodes[j.AttemptedBy[len(j.AttemptedBy)-1]] = true
	if c.failFirst && j.Attempt == 1 {
		return fmt.Errorf("the first try of %d fails", j.Args.N)
	}
	return nil
}

// now retries at once, so that a test does not wait for the backoff.
type now struct{}

func (now) NextRetry(*rivertype.JobRow) time.Time { return time.Now() }

// waitDone waits for n completed jobs on the subscriptions.
func waitDone(t *testing.T, n int, subs ...<-chan *river.Event) {
	t.Helper()
	merged := make(chan *river.Event, 64)
	for _, s := range subs {
		go func() {
			for e := range s {
				merged <- e
			}
		}()
	}
	timeout := time.After(60 * time.Second)
	for done := 0; done < n; {
		select {
		case e := <-merged:
			if e.Kind == river.EventKindJobCompleted {
				done++
			}
		case <-timeout:
			t.Fatalf("%d of %d jobs completed in 60 s", done, n)
		}
	}
}

func start(t *testing.T, db *store.DB, id string, w *river.Workers, cfg Config) *Engine {
	t.Helper()
	cfg.Workers, cfg.ID, cfg.PollInterval = w, id, 20*time.Millisecond
	e, err := Start(ctx, db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := e.Stop(sctx); err != nil {
			t.Errorf("stop %s: %v", id, err)
		}
	})
	return e
}

// Two nodes on one database work 60 jobs, several at once: each job runs
// exactly once, both nodes take part, and a unique job queued again while
// or after it ran is not queued a second time.
func TestTwoNodesWorkEachJobOnce(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			db := storetest.Open(t, d)
			c := &counter{runs: map[int]int{}, nodes: map[string]bool{}}
			w := river.NewWorkers()
			river.AddWorker(w, c)
			a := start(t, db, "node-a", w, Config{MaxWorkers: 4})
			b := start(t, db, "node-b", w, Config{MaxWorkers: 4})
			subA, endA := a.Subscribe(river.EventKindJobCompleted)
			defer endA()
			subB, endB := b.Subscribe(river.EventKindJobCompleted)
			defer endB()
			const n = 60
			for i := range n {
				if _, err := db.Enqueue(ctx, countArgs{N: i}, store.JobOpts{Unique: true}); err != nil {
					t.Fatal(err)
				}
			}
			waitDone(t, n, subA, subB)
			for i := range n {
				if ok, err := db.Enqueue(ctx, countArgs{N: i}, store.JobOpts{Unique: true}); err != nil || ok {
					t.Fatalf("queue job %d again: inserted %v, %v", i, ok, err)
				}
			}
			c.mu.Lock()
			defer c.mu.Unlock()
			for i := range n {
				if c.runs[i] != 1 {
					t.Errorf("job %d ran %d times, want 1", i, c.runs[i])
				}
			}
			if len(c.nodes) != 2 {
				t.Errorf("nodes that worked: %v, want both", c.nodes)
			}
			if c.most.Load() < 2 {
				t.Errorf("at most %d jobs ran at once, want several", c.most.Load())
			}
		})
	}
}

// A job that fails is tried again and keeps the error of its failed try.
func TestFailedJobIsRetriedWithItsError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := &counter{runs: map[int]int{}, nodes: map[string]bool{}, failFirst: true}
		w := river.NewWorkers()
		river.AddWorker(w, c)
		e := start(t, db, "node", w, Config{RetryPolicy: now{}})
		sub, end := e.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
		defer end()
		if _, err := db.Enqueue(ctx, countArgs{N: 7}, store.JobOpts{}); err != nil {
			t.Fatal(err)
		}
		var failed, completed *river.Event
		for completed == nil {
			select {
			case ev := <-sub:
				if ev.Kind == river.EventKindJobFailed {
					failed = ev
				} else {
					completed = ev
				}
			case <-time.After(60 * time.Second):
				t.Fatal("no completion in 60 s")
			}
		}
		if failed == nil || failed.Job.Attempt != 1 {
			t.Fatalf("failed event: %+v, want attempt 1", failed)
		}
		j := completed.Job
		if j.Attempt != 2 || len(j.Errors) != 1 || j.Errors[0].Error != "the first try of 7 fails" {
			t.Errorf("completed after %d attempts with errors %+v, want 2 and the first try's error", j.Attempt, j.Errors)
		}
	})
}

type tickArgs struct{}

func (tickArgs) Kind() string { return "jobs_test_tick" }

type ticker struct {
	river.WorkerDefaults[tickArgs]
	runs atomic.Int64
}

func (k *ticker) Work(context.Context, *river.Job[tickArgs]) error {
	k.runs.Add(1)
	return nil
}

// A periodic job is queued by the elected leader only: with two nodes
// started, a job that runs on start runs once.
func TestPeriodicJobOnLeaderOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		k := &ticker{}
		w := river.NewWorkers()
		river.AddWorker(w, k)
		p := []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
			func() (river.JobArgs, *river.InsertOpts) { return tickArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true})}
		a := start(t, db, "node-a", w, Config{Periodic: p})
		b := start(t, db, "node-b", w, Config{Periodic: p})
		subA, endA := a.Subscribe(river.EventKindJobCompleted)
		defer endA()
		subB, endB := b.Subscribe(river.EventKindJobCompleted)
		defer endB()
		waitDone(t, 1, subA, subB)
		if got := k.runs.Load(); got != 1 {
			t.Errorf("the periodic job ran %d times, want 1", got)
		}
	})
}
