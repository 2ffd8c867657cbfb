package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/store"
)

func init() {
	register(&command{name: "demo", summary: "load the demo organisation, or generate a medium or large one", run: runDemo})
}

const demoUsage = `[--size small|medium|large] [--seed N] [--slug SLUG] [--at YYYY-MM-DD] [--db PATH_OR_URL]

small is the hand-written demo organisation (Art By X). medium (1,000
people) and large (10,000 people, about 33,000 objectives, 100,000 key
results and 1.3 million check-ins) are generated from the seed: the same
seed and day give the same organisation. The quarter is placed so that 13
weekly check-ins lie in the past. Progress goes to standard error; the
sign-in and an API token of the chief executive (an admin) are printed.`

func runDemo(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "demo", demoUsage)
	dsn := dbFlag(env, fs)
	size := fs.String("size", "small", "small, medium or large")
	seed := fs.Int64("seed", 1, "seed of a generated organisation")
	slug := fs.String("slug", "", "slug of a generated organisation (default: nordvik or brattli, with -SEED unless the seed is 1)")
	at := fs.String("at", "", "generate as of this day (default: today)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if err := noOperands(fs); err != nil {
		return err
	}
	now := time.Now()
	if *at != "" {
		d, err := time.Parse(time.DateOnly, *at)
		if err != nil {
			return fmt.Errorf("--at: %w", err)
		}
		now = d.Add(12 * time.Hour)
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if *size == "small" {
		return loadSmallDemo(ctx, env, db, now)
	}
	spec, err := gen.SpecFor(*size)
	if err != nil {
		return err
	}
	if *slug != "" {
		spec.Slug = *slug
	} else if *seed != 1 {
		spec.Slug = fmt.Sprintf("%s-%d", spec.Slug, *seed)
	}
	opts := gen.Options{Spec: spec, Seed: *seed, Now: now}
	if !*quiet {
		bar := &gen.Bar{W: env.stderr, Terminal: isTerminal(env.stderr), Label: *size + " "}
		opts.Progress = bar.Update
	}
	res, err := gen.Generate(ctx, db, opts)
	if err != nil {
		return describe(err)
	}
	c := res.Counts
	fmt.Fprintf(env.stdout, "Generated %s (%s) in %.1f s on %s, period %q:\n", res.Org.Name, res.Org.Slug, res.Elapsed.Seconds(), db.Dialect(), res.Period.Name)
	fmt.Fprintf(env.stdout, "  %d units, %d people, %d objectives, %d key results, %d milestones, %d check-ins,\n", c.Units, c.People, c.Objectives, c.KeyResults, c.Milestones, c.CheckIns)
	fmt.Fprintf(env.stdout, "  %d initiatives, %d target changes, %d KPIs with %d readings, %d contributes-to links.\n", c.Initiatives, c.TargetChanges, c.KPIs, c.KPIValues, c.Links)
	token, _, err := db.CreateToken(ctx, store.SystemActor(res.Org.ID), res.AdminID, "okr demo")
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.stdout, "Sign in: %s / %s (every generated person has this password)\n", res.Email, res.Password)
	fmt.Fprintf(env.stdout, "API token of %s: %s\n", res.Email, token)
	return nil
}

func loadSmallDemo(ctx context.Context, env *cliEnv, db *store.DB, now time.Time) error {
	res, err := demo.Load(ctx, db, now)
	if err != nil {
		return describe(err)
	}
	if res.Created {
		fmt.Fprintln(env.stdout, "Loaded the demo organisation.")
	} else {
		fmt.Fprintln(env.stdout, "The demo organisation is there already.")
	}
	fmt.Fprintf(env.stdout, "Sign in: %s / %s\n", res.Email, res.Password)
	return nil
}

// isTerminal reports whether w is a terminal, where a progress bar may
// redraw its line.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
