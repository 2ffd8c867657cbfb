package web

import (
	"net/http"
	"net/netip"
	"strings"

	"github.com/klauspost/compress/gzhttp"

	"github.com/okr-dev/okr/internal/view"
	"github.com/okr-dev/okr/internal/web/ops"
)

// The operations side of the server (package ops): request ids and the
// access log, the client's address behind trusted proxies, compression,
// and the Prometheus metrics with the collectors of this server's database
// pools, caches and background jobs.

// secretPaths are the pages whose path ends in a secret (the ticket of a
// password-reset or invitation link): logs show the prefix only.
var secretPaths = []string{"/reset/", "/invite/"}

// safePath is r's path for a log line (ops.RedactPath).
func safePath(r *http.Request) string { return ops.RedactPath(r.URL.Path, secretPaths) }

// handleRoute registers h on mux under pattern and makes the pattern the
// request's route for the access log and the metrics.
func handleRoute(mux *http.ServeMux, pattern string, h http.Handler) {
	mux.Handle(pattern, ops.Routed(h))
}

// compressible reports whether a body of media type ct is worth
// compressing: text (pages, fragments, the style sheet, scripts; not an
// event stream, which must not wait for a buffer), SVG, JavaScript, JSON
// and YAML of every kind (the API, its OpenAPI document, the OKR files).
// Images other than SVG, fonts and archives are compressed already.
func compressible(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	switch {
	case mt == "text/event-stream":
		return false
	case strings.HasPrefix(mt, "text/"), mt == "image/svg+xml", mt == "application/javascript",
		mt == "application/json", strings.HasSuffix(mt, "+json"),
		mt == "application/yaml", strings.HasSuffix(mt, "+yaml"):
		return true
	}
	return false
}

// compressMinSize is the smallest body compressed: below it the headers
// and the framing cost about what compression would save.
const compressMinSize = 1024

// compress wraps h with zstd or gzip compression, whichever the client
// accepts (zstd first: it costs less time at the same size), for
// compressible types of at least compressMinSize bytes. Every answer gets
// Vary: Accept-Encoding. Answers without a body (304, HEAD) and partial
// ones (Range) are left alone, and ETags are kept as they are: a
// conditional request's If-None-Match still matches and gets 304, and the
// API's If-Match versions still compare.
func compress(h http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(
		gzhttp.MinSize(compressMinSize),
		gzhttp.ContentTypeFilter(compressible),
		gzhttp.EnableZstd(true),
		gzhttp.PreferZstd(true),
	)
	if err != nil {
		panic(err) // fixed options: a build defect
	}
	return wrap(h)
}

// observe wraps h with the request id, client address, access log and
// metrics (ops.Middleware).
func (s *Server) observe(h http.Handler) http.Handler {
	return ops.Middleware(ops.Config{Log: s.Log, Proxies: s.TrustedProxies, Metrics: s.metrics, SecretPaths: secretPaths}, h)
}

// newMetrics makes the server's metrics with its database pools, caches
// and background jobs.
func (s *Server) newMetrics() *ops.Metrics {
	m := ops.NewMetrics()
	m.RegisterPools(func() []ops.Pool {
		var out []ops.Pool
		for _, p := range s.DB.PoolStats() {
			out = append(out, ops.Pool{Name: p.Name, Stats: p.DBStats})
		}
		return out
	})
	m.RegisterCaches(s.cacheStats)
	return m
}

// cacheStats returns the statistics of the read model's caches and the
// pages' own.
func (s *Server) cacheStats() []ops.CacheStats {
	s.view()
	var out []ops.CacheStats
	add := func(name string, c view.CacheStats) {
		out = append(out, ops.CacheStats{Name: name, Entries: c.Entries, Bytes: c.Bytes, Budget: c.Budget, Hits: c.Hits, Misses: c.Misses, Evictions: c.Evictions})
	}
	for _, c := range s.model.CacheStats() {
		add(c.Name, c.CacheStats)
	}
	add("cards", s.cards.Stats())
	add("panels", s.panels.Stats())
	if s.api != nil {
		add("api_answers", s.api.CacheStats())
	}
	return out
}

// MetricsHandler serves the server's Prometheus metrics, for a listener of
// their own (okr serve --metrics-addr). On the main address /metrics is
// served only with MetricsToken.
func (s *Server) MetricsHandler() http.Handler {
	if err := s.setup(); err != nil {
		panic(err)
	}
	return s.metrics.Handler()
}

// clientIP is the address of the client that sent r: the peer, or behind
// a trusted proxy the address it forwarded (ops.Proxies.ClientIP).
func (s *Server) clientIP(r *http.Request) string {
	var a netip.Addr
	if i := ops.FromContext(r.Context()); i != nil {
		a = i.ClientIP
	} else {
		a = s.TrustedProxies.ClientIP(r)
	}
	if !a.IsValid() {
		return r.RemoteAddr
	}
	return a.String()
}
