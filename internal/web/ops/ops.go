// Package ops is what an operator sees of each HTTP request: its id
// (X-Request-Id, accepted when sane, else made), the client's address
// (through trusted proxies only), one access-log line, and the Prometheus
// metrics of requests, the database pool, background jobs and caches.
//
// Middleware wraps the whole application. It puts an Info into the
// request's context; the handlers fill in what only they know (the route
// pattern that matched, the organisation and person), and the slog handler
// of LogHandler adds the request id to every line logged with that context.
// Nothing here knows the application's routes or data: web and web/api tell
// it through SetRoute and SetUser.
package ops

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Info is what is known about one request. Middleware makes it; the
// request's handlers fill Route, Org and User. The id and the client
// address never change after Middleware made them, so work that outlives
// the request (context.WithoutCancel) may read them; the other fields are
// written and read only on the request's goroutine.
type Info struct {
	ID       string
	ClientIP netip.Addr
	Route    string // the pattern that matched, e.g. "GET /objectives/{id}"
	Org      int64  // 0 when not known
	User     int64  // 0 when not known
}

type infoKey struct{}

// FromContext returns the request's Info, or nil outside Middleware.
func FromContext(ctx context.Context) *Info {
	i, _ := ctx.Value(infoKey{}).(*Info)
	return i
}

// RequestID returns the request id of ctx, or "".
func RequestID(ctx context.Context) string {
	if i := FromContext(ctx); i != nil {
		return i.ID
	}
	return ""
}

// SetRoute records the route pattern that matched the request of ctx. The
// last call wins, so an inner router refines an outer one's pattern.
func SetRoute(ctx context.Context, pattern string) {
	if i := FromContext(ctx); i != nil && pattern != "" {
		i.Route = pattern
	}
}

// SetUser records who sent the request of ctx.
func SetUser(ctx context.Context, org, user int64) {
	if i := FromContext(ctx); i != nil {
		i.Org, i.User = org, user
	}
}

// Routed wraps a handler registered on a ServeMux so that the pattern the
// mux matched (http.Request.Pattern) becomes the request's route.
func Routed(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		SetRoute(r.Context(), r.Pattern)
		h.ServeHTTP(w, r)
	})
}

// Config is what Middleware needs; the zero value logs nothing, counts
// nothing and trusts no proxy.
type Config struct {
	// Log receives the access log, one line per request at level Info
	// (Debug for successful health checks and scrapes, which a probe
	// repeats every few seconds).
	Log *slog.Logger
	// Proxies are the reverse proxies whose forwarding headers are believed.
	Proxies Proxies
	// Metrics counts requests and their latency; nil counts nothing.
	Metrics *Metrics
	// SecretPaths are path prefixes whose rest is a secret (a reset link's
	// token): the access log shows the prefix only (RedactPath).
	SecretPaths []string
}

// quietRoutes are logged at Debug when they succeed.
var quietRoutes = map[string]bool{"GET /healthz": true, "GET /readyz": true, "GET /metrics": true}

// Middleware gives every request an id (returned in X-Request-Id), its
// client address and an Info in its context, then logs one line and
// records the metrics when the handler is done.
func Middleware(c Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		st := &state{rw: recorder{ResponseWriter: w}}
		st.info.ID = requestID(r.Header.Get("X-Request-Id"))
		st.info.ClientIP = c.Proxies.ClientIP(r)
		w.Header().Set("X-Request-Id", st.info.ID)
		ctx := context.WithValue(r.Context(), infoKey{}, &st.info)
		r = r.WithContext(ctx)
		if c.Metrics != nil {
			c.Metrics.inFlight.Inc()
		}
		finished := false
		defer func() {
			// A panic goes on unrecovered (net/http logs it with its stack
			// and drops the connection); the request is still logged and
			// counted, as 500 unless an answer had begun.
			status := st.rw.status
			switch {
			case status != 0:
			case !finished:
				status = http.StatusInternalServerError
			default:
				status = http.StatusOK // nothing written: net/http answers 200
			}
			d := time.Since(start)
			route := st.info.Route
			if route == "" {
				route = "unmatched"
			}
			if c.Metrics != nil {
				c.Metrics.inFlight.Dec()
				c.Metrics.observe(r.Method, route, status, d)
			}
			if c.Log != nil {
				logAccess(ctx, c.Log, r, &st.info, RedactPath(r.URL.Path, c.SecretPaths), route, status, st.rw.bytes, d)
			}
		}()
		next.ServeHTTP(&st.rw, r)
		finished = true
	})
}

// state is one request's Info and response recorder in one allocation.
type state struct {
	info Info
	rw   recorder
}

// logAccess writes the request's access-log line. It never logs the query
// (it may hold a token) nor headers (cookies, tokens), and path is
// redacted by the caller.
func logAccess(ctx context.Context, log *slog.Logger, r *http.Request, i *Info, path, route string, status int, bytes int64, d time.Duration) {
	level := slog.LevelInfo
	if status < 400 && quietRoutes[route] {
		level = slog.LevelDebug
	}
	h := log.Handler()
	if !h.Enabled(ctx, level) {
		return
	}
	attrs := [...]slog.Attr{
		slog.String("method", r.Method),
		slog.String("route", route),
		slog.String("path", path),
		slog.Int("status", status),
		slog.Int64("bytes", bytes),
		slog.Float64("duration_ms", float64(d.Microseconds())/1000),
		slog.String("client", clientString(i.ClientIP)),
		slog.Int64("org", i.Org),
		slog.Int64("user", i.User),
	}
	n := len(attrs)
	if i.Org == 0 {
		n -= 2 // org and user come last
	}
	// A record without a source position: the access log's would always
	// be this line, and finding it costs a stack walk per request.
	rec := slog.NewRecord(time.Now(), level, "request", 0)
	rec.AddAttrs(attrs[:n]...)
	_ = h.Handle(ctx, rec)
}

func clientString(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}

// maxLogPath bounds a logged path.
const maxLogPath = 512

// RedactPath returns path for a log: cut after the first of secrets (path
// prefixes whose rest is a secret, e.g. "/reset/") that it starts with,
// and to maxLogPath bytes. A query is never part of it.
func RedactPath(path string, secrets []string) string {
	for _, p := range secrets {
		if strings.HasPrefix(path, p) && len(path) > len(p) {
			return p + "…"
		}
	}
	if len(path) > maxLogPath {
		return path[:maxLogPath] + "…"
	}
	return path
}

// statusClass is "2xx" for 200 and so on.
func statusClass(status int) string {
	switch status / 100 {
	case 1:
		return "1xx"
	case 2:
		return "2xx"
	case 3:
		return "3xx"
	case 4:
		return "4xx"
	case 5:
		return "5xx"
	}
	return strconv.Itoa(status)
}
