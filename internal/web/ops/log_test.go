package ops

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestRequestID(t *testing.T) {
	for _, sane := range []string{"abc", "0b1c3e6a-4f0d-4b9b-8d7e-0c9f1a2b3c4d", "Root=1-67891233-abcdef012345678912345678", "a+b/c==", strings.Repeat("x", maxRequestID)} {
		if got := requestID(sane); got != sane {
			t.Errorf("sane id %q: got %q", sane, got)
		}
	}
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	for _, bad := range []string{"", "two words", "line\nbreak", `quote"`, "semi;colon", "<script>", "ünïcode", strings.Repeat("x", maxRequestID+1)} {
		got := requestID(bad)
		if got == bad || !hex32.MatchString(got) {
			t.Errorf("insane id %q: got %q, want a new one", bad, got)
		}
	}
	if a, b := newRequestID(), newRequestID(); a == b {
		t.Error("two new ids are equal")
	}
}

func TestRedactPath(t *testing.T) {
	secrets := []string{"/reset/", "/invite/"}
	for path, want := range map[string]string{
		"/reset/okt_s3cr3t":            "/reset/…",
		"/invite/okt_s3cr3t":           "/invite/…",
		"/reset/":                      "/reset/",
		"/objectives/7":                "/objectives/7",
		"/" + strings.Repeat("a", 600): "/" + strings.Repeat("a", maxLogPath-1) + "…",
	} {
		if got := RedactPath(path, secrets); got != want {
			t.Errorf("%.40s: got %.40q, want %.40q", path, got, want)
		}
	}
}

// TestMiddlewareLogs checks the access-log line and that every line
// logged with the request's context, the handler's too, carries its id.
func TestMiddlewareLogs(t *testing.T) {
	var buf bytes.Buffer
	log, err := NewLogger(&buf, "json", "debug")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /things/{id}", Routed(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		SetUser(r.Context(), 3, 42)
		log.ErrorContext(r.Context(), "thing failed", "err", "boom")
		w.WriteHeader(http.StatusTeapot)
		w.Write([]byte("short and stout"))
	})))
	h := Middleware(Config{Log: log, Metrics: NewMetrics()}, mux)
	req := httptest.NewRequest(http.MethodGet, "/things/7?token=s3cr3t", nil)
	req.Header.Set("X-Request-Id", "req-123")
	req.Header.Set("Cookie", "okr_session=s3cr3t")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if got := rec.Header().Get("X-Request-Id"); got != "req-123" {
		t.Errorf("X-Request-Id: got %q", got)
	}
	if strings.Contains(buf.String(), "s3cr3t") {
		t.Errorf("the log holds a secret:\n%s", buf.String())
	}
	var lines []map[string]any
	for l := range strings.Lines(buf.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		lines = append(lines, m)
	}
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want the handler's and the access log's:\n%s", len(lines), buf.String())
	}
	for _, l := range lines {
		if l["request_id"] != "req-123" {
			t.Errorf("a line without the request id: %v", l)
		}
	}
	want := map[string]any{"msg": "request", "method": "GET", "route": "GET /things/{id}", "path": "/things/7",
		"status": 418.0, "bytes": 15.0, "client": "192.0.2.1", "org": 3.0, "user": 42.0}
	for k, v := range want {
		if lines[1][k] != v {
			t.Errorf("access log %s: got %v, want %v", k, lines[1][k], v)
		}
	}
	if _, ok := lines[1]["duration_ms"].(float64); !ok {
		t.Errorf("access log without duration_ms: %v", lines[1])
	}
}

func TestNewLogger(t *testing.T) {
	var buf bytes.Buffer
	log, err := NewLogger(&buf, "text", "warn")
	if err != nil {
		t.Fatal(err)
	}
	log.Info("not shown")
	log.Warn("shown")
	if got := buf.String(); strings.Contains(got, "not shown") || !strings.Contains(got, "level=WARN msg=shown") {
		t.Errorf("got %q", got)
	}
	for _, bad := range [][2]string{{"xml", "info"}, {"text", "loud"}} {
		if _, err := NewLogger(&buf, bad[0], bad[1]); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	// Wrapping twice adds the id once.
	h := LogHandler(LogHandler(slog.NewTextHandler(&buf, nil)))
	buf.Reset()
	ctx := context.WithValue(context.Background(), infoKey{}, &Info{ID: "x1"})
	slog.New(h).InfoContext(ctx, "once")
	if n := strings.Count(buf.String(), "request_id=x1"); n != 1 {
		t.Errorf("request id %d times: %s", n, buf.String())
	}
}

// A handler's panic goes on to net/http unchanged, and the request is
// still logged and counted as a 500.
func TestMiddlewarePanic(t *testing.T) {
	var buf bytes.Buffer
	log, _ := NewLogger(&buf, "json", "info")
	m := NewMetrics()
	h := Middleware(Config{Log: log, Metrics: m}, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	func() {
		defer func() {
			if p := recover(); p != "boom" {
				t.Errorf("recovered %v, want the handler's panic", p)
			}
		}()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/x", nil))
	}()
	if !strings.Contains(buf.String(), `"status":500`) || !strings.Contains(buf.String(), `"route":"unmatched"`) {
		t.Errorf("access log: %s", buf.String())
	}
	if n := testutil.ToFloat64(m.requests.WithLabelValues("GET", "unmatched", "5xx")); n != 1 {
		t.Errorf("counted %v 5xx, want 1", n)
	}
}
