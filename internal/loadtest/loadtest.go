// Package loadtest drives a running okr server with a realistic mix of
// page and API reads, weekly check-ins and edits for a bounded time, and
// reports requests per second and latency percentiles per endpoint, and the
// server's peak memory. cmd/okr's loadtest command starts the server on a
// generated organisation and calls Run.
package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// Config is one run.
type Config struct {
	BaseURL     string        // the server, e.g. http://127.0.0.1:18080
	Duration    time.Duration // measured time
	Warmup      time.Duration // unmeasured time before it
	Concurrency int           // connections, each a closed loop
	// Rate, when positive, paces the whole mix at this many requests per
	// second, and latency counts from when a request was due (so a stalled
	// server is not hidden by requests never sent). 0 sends as fast as the
	// connections allow.
	Rate float64
	Seed uint64
	// PID is the server's process id, for its peak memory; 0 when unknown.
	PID     int
	Dialect string
	// Only, when set, drives this one endpoint alone (any name of the mix,
	// epCheckInOne or a ceiling) instead of the mix.
	Only string
	Log  io.Writer
}

// Run drives the server with cat's users until cfg.Duration has been
// measured after cfg.Warmup, and reports.
func Run(ctx context.Context, cfg Config, cat *Catalog) (*Report, error) {
	if len(cat.users) < cfg.Concurrency {
		return nil, fmt.Errorf("loadtest: %d users for %d connections; each connection needs a user of its own", len(cat.users), cfg.Concurrency)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: cfg.Concurrency, MaxConnsPerHost: cfg.Concurrency, DisableCompression: true, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	var due <-chan time.Time
	if cfg.Rate > 0 {
		due = pace(ctx, cfg.Rate, cfg.Warmup+cfg.Duration)
	}
	start := time.Now()
	measureFrom := start.Add(cfg.Warmup)
	stop := measureFrom.Add(cfg.Duration)
	var col collector
	var wg sync.WaitGroup
	cpuAtStart := make(chan time.Duration, 1)
	if cfg.PID > 0 {
		go func() {
			time.Sleep(time.Until(measureFrom))
			d, _ := processCPU(cfg.PID)
			cpuAtStart <- d
		}()
	}
	for i := range cfg.Concurrency {
		w := &worker{cfg: cfg, cat: cat, client: client, u: cat.users[i], rec: col.newRecorder(),
			rng: rand.New(rand.NewPCG(cfg.Seed, uint64(i))), from: measureFrom, until: stop, due: due}
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.loop(ctx)
		}()
	}
	wg.Wait()
	elapsed := min(time.Since(measureFrom), cfg.Duration)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	rec := col.merged()
	rows, total := rec.report(elapsed)
	rep := &Report{Dialect: cfg.Dialect, Duration: elapsed, Concurrency: cfg.Concurrency, Rows: rows, Total: total, ErrorSample: rec.sample, EventsWaiting: -1}
	if cfg.PID > 0 {
		rep.PeakRSS, _ = peakRSS(cfg.PID)
		if end, err := processCPU(cfg.PID); err == nil {
			if start := <-cpuAtStart; start > 0 {
				rep.ServerCPU = end - start
			}
		}
	}
	return rep, nil
}

// pace returns a channel that yields the due time of each request at rate
// per second until d has passed.
func pace(ctx context.Context, rate float64, d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1024)
	go func() {
		defer close(ch)
		start := time.Now()
		interval := time.Duration(float64(time.Second) / rate)
		for i := 0; ; i++ {
			at := start.Add(time.Duration(i) * interval)
			if at.Sub(start) > d {
				return
			}
			if wait := time.Until(at); wait > 0 {
				select {
				case <-time.After(wait):
				case <-ctx.Done():
					return
				}
			}
			select {
			case ch <- at:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

// worker is one connection's closed loop, acting as one user.
type worker struct {
	cfg         Config
	cat         *Catalog
	client      *http.Client
	u           *user
	rec         *recorder
	rng         *rand.Rand
	from, until time.Time
	due         <-chan time.Time
}

func (w *worker) loop(ctx context.Context) {
	for ctx.Err() == nil {
		began := time.Now()
		if w.due != nil {
			at, ok := <-w.due
			if !ok {
				return
			}
			began = at
		}
		if began.After(w.until) {
			return
		}
		name := w.pick()
		err := w.do(name)
		if !began.Before(w.from) {
			w.rec.add(name, time.Since(began), err)
		}
	}
}

// pick draws an endpoint by the weights of the mix.
func (w *worker) pick() string {
	if w.cfg.Only != "" {
		return w.cfg.Only
	}
	n := w.rng.IntN(100)
	for _, m := range mix {
		if n < m.weight {
			return m.name
		}
		n -= m.weight
	}
	return mix[0].name
}

func (w *worker) do(name string) error {
	req, err := w.cat.request(w.cfg.BaseURL, name, w.u, w.rng)
	if err != nil {
		return err
	}
	res, err := w.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	err = expectOK(name, res, w.u, req)
	if _, cerr := io.Copy(io.Discard, res.Body); cerr != nil && err == nil && !errors.Is(cerr, context.Canceled) {
		err = cerr
	}
	return err
}
