// Package web serves the HTML pages and the JSON API of okr over one
// http.Handler. Pages live in page_*.go with templates and static files
// embedded; the JSON API lives in package api, mounted under /api/v1.
package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
	"github.com/okr-dev/okr/internal/web/api"
	"github.com/okr-dev/okr/internal/web/i18n"
	"github.com/okr-dev/okr/internal/web/ops"
	"github.com/okr-dev/okr/internal/web/scim"
)

// Server holds what the handlers need. Fields are set by cmd/okr before
// Handler is called and never changed afterwards.
type Server struct {
	DB  *store.DB
	Log *slog.Logger
	// BaseURL is the public address used in e-mailed links, e.g.
	// "https://okr.example.com". Links in e-mail come only from it: without
	// it no e-mail is sent (a request's Host header is the sender's to
	// choose, so a link built from it could point anywhere).
	BaseURL string
	// SecureCookies marks cookies Secure; true unless serving plain HTTP on
	// loopback for development.
	SecureCookies bool
	// Mail sends e-mail (invitations, password resets); nil disables e-mail,
	// and so does an empty BaseURL (mailOn).
	Mail Mailer
	// Now returns the current time; tests replace it.
	Now func() time.Time
	// TrustedProxies are the reverse proxies whose X-Forwarded-For or
	// Forwarded header gives the client's address (for the sign-in
	// throttle and the access log); none by default: the peer's address.
	TrustedProxies ops.Proxies
	// MetricsToken, when set, serves the Prometheus metrics at /metrics on
	// the main handler to requests with "Authorization: Bearer" and it.
	// Without it /metrics is served only by MetricsHandler (okr serve
	// --metrics-addr).
	MetricsToken string

	// Built by Handler from the embedded files; read-only afterwards.
	i18n     *i18n.Bundle
	assets   *assets
	sessions *scs.SessionManager
	// model is the read model and its caches (readmodel.go), made on
	// first use.
	viewOnce sync.Once
	model    *view.Model
	// pasts are the organisation's past days (asof.go) and pastPages the
	// pages that can show one.
	pasts     *view.Pasts
	pastOnce  sync.Once
	pastPages *http.ServeMux
	cards     *cardCache // see cardcache.go
	// bg tracks work a handler left running after its answer (e-mail that
	// must not make the answer's timing tell anything); Wait waits for it.
	bg     sync.WaitGroup
	panels *panelsCache // see objcache_page.go
	// api is the JSON API, for its kept answers' statistics.
	api *api.API
	// sso caches the single sign-on providers' discovery (sso.go).
	ssoOnce sync.Once
	sso     *ssoProviders
	// metrics are the Prometheus metrics (observe.go).
	metrics *ops.Metrics
}

// setup builds what the pages need from the embedded files. The files are
// compiled in and covered by tests, so an error here is a build defect.
func (s *Server) setup() error {
	if s.sessions != nil {
		return nil // Handler was called before; share its state
	}
	var err error
	if s.i18n, err = i18n.New(); err != nil {
		return err
	}
	if s.assets, err = loadAssets(); err != nil {
		return fmt.Errorf("web: static files: %w", err)
	}
	if s.Log == nil {
		s.Log = slog.Default()
	}
	// Every line logged with a request's context carries its id.
	s.Log = slog.New(ops.LogHandler(s.Log.Handler()))
	s.metrics = s.newMetrics()
	s.sessions = s.newSessions()
	// Expired sessions and old sign-in failures are removed hourly. Every
	// node does it; the deletes are idempotent.
	go s.DB.Sessions().RunCleanup(context.Background(), time.Hour, func(err error) {
		s.metrics.JobFailed("session_cleanup")
		s.Log.Warn("web: removing expired sessions failed", "err", err)
	})
	return nil
}

// Mailer sends one plain-text-and-HTML message.
type Mailer interface {
	Send(ctx context.Context, to, subject, text, html string) error
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Handler returns the whole application: health checks, the metrics (with
// MetricsToken), the JSON API under /api/v1 and the pages, wrapped in the
// security middleware, compression and, outermost, request ids, the
// access log and the request metrics (observe.go).
func (s *Server) Handler() http.Handler {
	return s.observe(compress(s.app()))
}

// app is Handler without the operations layers: the routes in the
// security middleware.
func (s *Server) app() http.Handler {
	if err := s.setup(); err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	handleRoute(mux, "GET /healthz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	}))
	handleRoute(mux, "GET /readyz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := s.DB.Ping(ctx); err != nil {
			s.Log.ErrorContext(ctx, "readyz: database does not answer", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("database unavailable\n"))
			return
		}
		w.Write([]byte("ok\n"))
	}))
	if s.MetricsToken != "" {
		handleRoute(mux, "GET /metrics", ops.Protected(s.MetricsToken, s.metrics.Handler()))
	}
	s.registerAPI(mux)
	s.registerSCIM(mux)
	s.registerPages(mux)
	return s.secure(mux)
}

// registerAPI mounts the JSON API (package api) under /api/v1, on the
// pages' read model so that both share its caches.
func (s *Server) registerAPI(mux *http.ServeMux) {
	model := s.view() // makes s.pasts too
	a := api.New(api.Config{DB: s.DB, View: model, Now: s.now, Log: s.Log, Pasts: s.pasts})
	s.api = a
	handleRoute(mux, api.Prefix, a)
	handleRoute(mux, api.Prefix+"/", a)
}

// registerSCIM mounts provisioning (package scim, docs/scim.md) under
// /scim/v2.
func (s *Server) registerSCIM(mux *http.ServeMux) {
	h, err := scim.New(scim.Config{DB: s.DB, Log: s.Log, BaseURL: s.BaseURL})
	if err != nil {
		panic(err) // the resource types are fixed: a build defect
	}
	mux.Handle(scim.Prefix+"/", h)
}

// secure adds the headers every response carries and rejects cross-origin
// state-changing requests to the pages. The JSON API is exempt: it accepts
// only bearer tokens, never cookies, so a cross-site request cannot borrow a
// user's credentials, and API clients need not send browser headers. So is
// provisioning (SCIM), for the same reason.
func (s *Server) secure(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.AddInsecureBypassPattern(api.Prefix + "/")
	cop.AddInsecureBypassPattern(scim.Prefix + "/")
	protected := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if s.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		protected.ServeHTTP(w, withMemo(r))
	})
}
