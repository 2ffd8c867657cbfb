package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/okr-dev/okr/internal/loadtest"
	"github.com/okr-dev/okr/internal/store"
)

func init() {
	register(&command{name: "loadtest-ceiling", summary: "serve the machine's ceilings for okr loadtest --ceilings (loopback only, no sign-in)", run: runCeilingServer, hidden: true})
}

const ceilingUsage = `--db PATH_OR_URL [--addr 127.0.0.1:0]

Serves a constant 2 KB JSON response, one primary-key SELECT as JSON and
one durably committed one-row INSERT on the database, with the same driver,
pools and HTTP server settings as okr serve: the ceilings okr loadtest
--ceilings reads each endpoint's throughput against. It creates a scratch
table (loadtest_probe) and drops it when it stops. It has no sign-in, so it
listens on loopback only.`

func runCeilingServer(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "loadtest-ceiling", ceilingUsage)
	dsn := dbFlag(env, fs)
	addr := fs.String("addr", "127.0.0.1:0", "loopback address to listen on")
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if err := noOperands(fs); err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		return fmt.Errorf("--addr %q: the ceilings have no sign-in and listen on a loopback address only", *addr)
	}
	tuneGC(env.getenv)
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return describe(err)
	}
	defer db.Close()
	if err := db.ProbeSetup(ctx); err != nil {
		return err
	}
	defer db.ProbeTeardown(context.Background())
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: loadtest.CeilingHandler(db), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
