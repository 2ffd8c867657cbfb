package ops

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkMiddleware measures the layer alone around a handler that
// writes 1 KB: request id, client address, metrics and the access-log line
// (text, to a discarding writer).
//
//	go test -run '^$' -bench Middleware -benchmem ./internal/web/ops
func BenchmarkMiddleware(b *testing.B) {
	body := make([]byte, 1024)
	mux := http.NewServeMux()
	mux.Handle("GET /things/{id}", Routed(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		SetUser(r.Context(), 1, 2)
		w.Write(body)
	})))
	log := slog.New(LogHandler(slog.NewTextHandler(io.Discard, nil)))
	proxies, _ := ParseProxies([]string{"192.0.2.0/24"})
	for _, bm := range []struct {
		name string
		h    http.Handler
	}{
		{"bare", mux},
		{"ids+metrics", Middleware(Config{Metrics: NewMetrics()}, mux)},
		{"observed", Middleware(Config{Log: log, Metrics: NewMetrics()}, mux)},
		{"observed+proxy", Middleware(Config{Log: log, Metrics: NewMetrics(), Proxies: proxies}, mux)},
	} {
		b.Run(bm.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/things/7", nil)
			req.Header.Set("X-Forwarded-For", "203.0.113.9")
			w := &discard{h: http.Header{}}
			for b.Loop() {
				clear(w.h)
				bm.h.ServeHTTP(w, req)
			}
		})
	}
}

type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}
