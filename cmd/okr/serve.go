package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/jobs"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/web"
)

func init() {
	register(&command{name: "serve", summary: "run the web application and the JSON API", run: runServe})
}

func runServe(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "serve", "[--addr 127.0.0.1:8080] [--db PATH_OR_URL] [--demo]")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dsn := dbFlag(env, fs)
	withDemo := fs.Bool("demo", false, "load the demo organisation (once) and print its sign-in")
	baseURL := fs.String("base-url", "", "public address for e-mailed links, e.g. https://okr.example.com")
	smtpURL := fs.String("smtp", "", "SMTP server for e-mail, smtp://user:pass@host:port; empty disables e-mail")
	mailFrom := fs.String("mail-from", "okr@localhost", "sender address of e-mail")
	debugAddr := fs.String("debug-addr", "", "serve Go profiles (pprof) on this address, e.g. 127.0.0.1:6060; empty: off")
	o := opsFlags(env, fs)
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	log, err := o.logger(env.stderr)
	if err != nil {
		return err
	}
	proxies, err := o.check()
	if err != nil {
		return err
	}

	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := startDebug(*debugAddr, log); err != nil {
		return err
	}
	tuneGC(env.getenv)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	if *withDemo {
		res, err := demo.Load(ctx, db, time.Now())
		if err != nil {
			ln.Close()
			return fmt.Errorf("loading the demo: %w", err)
		}
		if res.Created {
			fmt.Fprintln(env.stdout, "Loaded the demo organisation.")
		}
		fmt.Fprintln(env.stdout, "Demo sign-in, one account per experience:")
		for _, a := range demo.Accounts() {
			fmt.Fprintf(env.stdout, "  %-10s %s / %s  (%s, %s)\n", a.Kind, a.Email, a.Password, a.Name, a.Unit)
		}
	}
	srv := &web.Server{DB: db, Log: log, BaseURL: strings.TrimRight(*baseURL, "/"), TrustedProxies: proxies, MetricsToken: *o.metricsToken}
	srv.SecureCookies = strings.HasPrefix(srv.BaseURL, "https://")
	if *smtpURL != "" {
		if srv.BaseURL == "" {
			// Links in e-mail come only from the configured address: a
			// request's Host header is the sender's to choose.
			ln.Close()
			return fmt.Errorf("e-mail is on (--smtp) but --base-url (OKR_BASE_URL) is not set: set it to the address people open, e.g. https://okr.example.com, so that links in e-mail point at this server")
		}
		m, err := web.NewSMTPMailer(*smtpURL, *mailFrom)
		if err != nil {
			ln.Close()
			return err
		}
		srv.Mail = m
	}
	if err := startMetrics(*o.metricsAddr, srv, log); err != nil {
		ln.Close()
		return err
	}
	// Every node works background jobs (reminders, digests, deliveries);
	// river elects one leader to queue the periodic ones.
	engine, err := jobs.Start(ctx, db, srv.JobConfig())
	if err != nil {
		ln.Close()
		return err
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := engine.Stop(stopCtx); err != nil {
			log.Warn("stopping the background jobs", "err", err)
		}
	}()
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(env.stdout, "okr is listening on %s (database: %s)\n", url, describeDSN(*dsn))
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// describeDSN names the database without its password.
func describeDSN(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		if at := strings.LastIndex(dsn, "@"); at >= 0 {
			return "PostgreSQL at " + dsn[at+1:]
		}
		return "PostgreSQL"
	}
	return "SQLite file " + dsn
}
