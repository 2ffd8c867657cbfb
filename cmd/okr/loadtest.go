package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/loadtest"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

func init() {
	register(&command{name: "loadtest", summary: "drive okr serve with a realistic mix and report latency and throughput", run: runLoadTest})
}

const loadTestUsage = `[--db PATH_OR_URL] [--size large] [--duration 60s] [--connections 32] [--rate 0]

Generates the organisation of --size into the database unless it is there
already, starts 'okr serve' on it as a subprocess on a free loopback port,
signs users in, drives 70 % page and API reads (objectives, team and
department OKRs, the alignment tree), 25 % weekly check-ins of five key
results and 5 % edits for the duration after a warm-up, and prints requests
per second and p50/p95/p99 per endpoint, the server's peak memory and the
budgets of docs/performance.md. With --url it drives a server that is
running already (its memory is then not reported).

With --ceilings it first measures the machine's ceilings on the same
database and driver (okr loadtest-ceiling: a constant 2 KB JSON response,
one primary-key SELECT as JSON, one durably committed one-row INSERT), then
drives each budgeted endpoint alone, then the mix, then the ceilings again,
each for --duration, and prints each endpoint's throughput as a share of
its ceiling against the budgets of docs/performance.md.`

func runLoadTest(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "loadtest", loadTestUsage)
	dsn := dbFlag(env, fs)
	size := fs.String("size", "large", "the generated organisation to load: medium or large")
	seed := fs.Int64("seed", 1, "seed of the generated organisation")
	duration := fs.Duration("duration", 60*time.Second, "measured time")
	warmup := fs.Duration("warmup", 5*time.Second, "time before measuring")
	conns := fs.Int("connections", 32, "concurrent connections, each a signed-in user")
	rate := fs.Float64("rate", 0, "requests per second for the whole mix; 0 sends as fast as the connections allow")
	serverURL := fs.String("url", "", "drive this running server instead of starting one (it must use the same database)")
	serverLog := fs.String("server-log", "", "write the server's log to this file (default: discard)")
	debugAddr := fs.String("debug-addr", "", "start the server with --debug-addr ADDR, to take profiles during the run")
	only := fs.String("only", "", "drive this one endpoint alone (a name the report prints) instead of the mix")
	ceilings := fs.Bool("ceilings", false, "measure the machine's ceilings and each budgeted endpoint alone as a share of them, then the mix")
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if err := noOperands(fs); err != nil {
		return err
	}
	spec, err := gen.SpecFor(*size)
	if err != nil {
		return err
	}
	if *seed != 1 {
		spec.Slug = fmt.Sprintf("%s-%d", spec.Slug, *seed)
	}
	pw := "loadtest-" + fmt.Sprint(time.Now().UnixNano())
	cat, err := prepareLoad(ctx, env, *dsn, spec, *seed, *conns, pw)
	if err != nil {
		return err
	}
	dialect := store.DialectSQLite
	if isPostgresDSN(*dsn) {
		dialect = store.DialectPostgres
	}
	if *ceilings {
		rep, err := runCeilings(ctx, env, *dsn, *serverLog, cat, pw, loadtest.Config{Duration: *duration, Warmup: *warmup,
			Concurrency: *conns, Seed: uint64(*seed), Dialect: dialect})
		if err != nil {
			return err
		}
		rep.Write(env.stdout)
		return nil
	}
	base, pid := *serverURL, 0
	if base == "" && slices.Contains(loadtest.Ceilings(), *only) {
		// A ceiling alone: its own server, no sign-in.
		bin, err := os.Executable()
		if err != nil {
			return err
		}
		srv, err := loadtest.StartCeiling(ctx, bin, *dsn, io.Discard)
		if err != nil {
			return err
		}
		defer srv.Stop()
		rep, err := loadtest.Run(ctx, loadtest.Config{BaseURL: srv.URL, Duration: *duration, Warmup: *warmup, Concurrency: *conns,
			Rate: *rate, Seed: uint64(*seed), Dialect: dialect, Only: *only}, cat)
		if err != nil {
			return err
		}
		rep.Write(env.stdout)
		return nil
	}
	if base == "" {
		var extra []string
		if *debugAddr != "" {
			extra = []string{"--debug-addr", *debugAddr}
		}
		srv, err := startLoadServer(ctx, *dsn, *serverLog, extra...)
		if err != nil {
			return err
		}
		defer srv.Stop()
		base, pid = srv.URL, srv.PID
	}
	fmt.Fprintf(env.stderr, "Signing in %d users at %s …\n", cat.Users(), base)
	if err := cat.SignIn(ctx, base, pw); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "Driving the mix for %v after %v of warm-up …\n", *duration, *warmup)
	rep, err := loadtest.Run(ctx, loadtest.Config{BaseURL: base, Duration: *duration, Warmup: *warmup, Concurrency: *conns,
		Rate: *rate, Seed: uint64(*seed), PID: pid, Dialect: dialect, Only: *only}, cat)
	if err != nil {
		return err
	}
	rep.EventsWaiting = eventsWaiting(ctx, *dsn, cat.Org())
	rep.Write(env.stdout)
	return nil
}

// eventsWaiting counts the organisation's events that wait to fan out, -1
// when it cannot.
func eventsWaiting(ctx context.Context, dsn string, org int64) int {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return -1
	}
	defer db.Close()
	n, err := db.EventsWaiting(ctx, org)
	if err != nil {
		return -1
	}
	return n
}

// prepareLoad opens the database, generates the organisation when it is
// missing, and prepares the users.
func prepareLoad(ctx context.Context, env *cliEnv, dsn string, spec gen.Spec, seed int64, users int, pw string) (*loadtest.Catalog, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	org, err := db.GetOrgBySlug(ctx, spec.Slug)
	if okr.ErrorCode(err) == okr.ENOTFOUND {
		fmt.Fprintf(env.stderr, "Generating %s (%s) …\n", spec.Name, spec.Slug)
		bar := &gen.Bar{W: env.stderr, Terminal: isTerminal(env.stderr)}
		res, gerr := gen.Generate(ctx, db, gen.Options{Spec: spec, Seed: seed, Progress: bar.Update})
		if gerr != nil {
			return nil, describe(gerr)
		}
		fmt.Fprintf(env.stderr, "Generated in %.1f s.\n", res.Elapsed.Seconds())
		org, err = res.Org, nil
	}
	if err != nil {
		return nil, describe(err)
	}
	fmt.Fprintf(env.stderr, "Preparing %d users of %s …\n", users, org.Name)
	return loadtest.Prepare(ctx, db, org.ID, users, pw)
}

func startLoadServer(ctx context.Context, dsn, logPath string, extra ...string) (*loadtest.Server, error) {
	bin, err := os.Executable()
	if err != nil {
		return nil, err
	}
	var logw io.Writer = io.Discard
	if logPath != "" {
		f, err := os.Create(logPath)
		if err != nil {
			return nil, err
		}
		logw = f
	}
	return loadtest.StartServer(ctx, bin, dsn, logw, extra...)
}

func isPostgresDSN(dsn string) bool {
	return len(dsn) > 11 && (dsn[:11] == "postgres://" || (len(dsn) > 13 && dsn[:13] == "postgresql://"))
}

// runCeilings measures the ceilings, each budgeted endpoint alone, the mix,
// and the ceilings again (so that a machine that got busier or quieter
// during the run shows in the two measurements of each ceiling).
func runCeilings(ctx context.Context, env *cliEnv, dsn, logPath string, cat *loadtest.Catalog, pw string, cfg loadtest.Config) (*loadtest.CeilingReport, error) {
	rep := &loadtest.CeilingReport{Dialect: cfg.Dialect, Ceiling: map[string][]float64{}, Duration: cfg.Duration.String()}
	ceilings := func() error {
		bin, err := os.Executable()
		if err != nil {
			return err
		}
		srv, err := loadtest.StartCeiling(ctx, bin, dsn, io.Discard)
		if err != nil {
			return err
		}
		defer srv.Stop()
		for _, name := range loadtest.Ceilings() {
			fmt.Fprintf(env.stderr, "Ceiling %s for %v …\n", name, cfg.Duration)
			c := cfg
			c.BaseURL, c.Only = srv.URL, name
			r, err := loadtest.Run(ctx, c, cat)
			if err != nil {
				return err
			}
			if r.Total.Errors > 0 {
				return fmt.Errorf("ceiling %s: %d errors: %v", name, r.Total.Errors, r.ErrorSample)
			}
			rep.Ceiling[name] = append(rep.Ceiling[name], r.Total.PerSecond)
		}
		return nil
	}
	if err := ceilings(); err != nil {
		return nil, err
	}
	srv, err := startLoadServer(ctx, dsn, logPath)
	if err != nil {
		return nil, err
	}
	if err := cat.SignIn(ctx, srv.URL, pw); err != nil {
		srv.Stop()
		return nil, err
	}
	for _, s := range loadtest.Alone() {
		fmt.Fprintf(env.stderr, "Endpoint %s alone for %v …\n", s.Endpoint, cfg.Duration)
		c := cfg
		c.BaseURL, c.Only = srv.URL, s.Endpoint
		r, err := loadtest.Run(ctx, c, cat)
		if err != nil {
			srv.Stop()
			return nil, err
		}
		s.PerSecond, s.Errors = r.Total.PerSecond, r.Total.Errors
		s.EventsWaiting = eventsWaiting(ctx, dsn, cat.Org())
		rep.Shares = append(rep.Shares, s)
	}
	fmt.Fprintf(env.stderr, "The mix for %v …\n", cfg.Duration)
	c := cfg
	c.BaseURL, c.PID = srv.URL, srv.PID
	mix, err := loadtest.Run(ctx, c, cat)
	srv.Stop()
	if err != nil {
		return nil, err
	}
	mix.EventsWaiting = eventsWaiting(ctx, dsn, cat.Org())
	rep.Mix = mix
	if err := ceilings(); err != nil {
		return nil, err
	}
	return rep, nil
}
