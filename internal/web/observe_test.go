package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
	"github.com/okr-dev/okr/internal/web/ops"
)

// logBuffer collects log output safely across goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines returns the JSON lines logged so far.
func (b *logBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for l := range strings.Lines(b.buf.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// opsApp serves a server of its own on the shared demo database, on
// loopback, logging JSON at debug level into the returned buffer through
// a plain slog handler (the server adds the request ids itself);
// configure sets its operations fields first.
func opsApp(t *testing.T, configure func(*Server)) (*harness, *logBuffer) {
	t.Helper()
	shared := appTest(t)
	logs := &logBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := &Server{DB: shared.db, Log: log}
	if configure != nil {
		configure(srv)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	t.Cleanup(srv.Wait)
	return &harness{url: ts.URL, db: shared.db, srv: srv, orgID: shared.orgID}, logs
}

// scrape reads the metrics at u (with the bearer token when not empty).
func scrape(t *testing.T, u, token string) (int, map[string]*dto.MetricFamily) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return res.StatusCode, nil
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("parse the exposition: %v", err)
	}
	return res.StatusCode, fams
}

// series returns the metric of family name whose labels include want.
func series(fams map[string]*dto.MetricFamily, name string, want map[string]string) *dto.Metric {
	f := fams[name]
	if f == nil {
		return nil
	}
next:
	for _, m := range f.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if have[k] != v {
				continue next
			}
		}
		return m
	}
	return nil
}

// The issue: no metrics. /metrics is now scraped: on the main address only
// with the token, on a separate listener without one; requests are counted
// and timed under their route pattern (never the raw path), the API's too,
// and the database pools, caches, background jobs and the Go runtime are
// there.
func TestMetricsScraped(t *testing.T) {
	const token = "metrics-token-for-the-test-0123"
	app, _ := opsApp(t, func(s *Server) { s.MetricsToken = token })
	c := signedIn(t, app)
	_, body := get(t, c, app.url+"/overview")
	id := regexp.MustCompile(`href="/objectives/(\d+)"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("no objective on the overview")
	}
	for range 2 {
		if res, _ := get(t, c, app.url+"/objectives/"+id[1]); res.StatusCode != http.StatusOK {
			t.Fatalf("objective page: %d", res.StatusCode)
		}
	}
	apiToken, _, err := app.db.CreateToken(context.Background(), store.SystemActor(app.orgID), demoAdmin(t, app).ID, "metrics test")
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := get(t, client(t), app.url+"/api/v1/objectives/"+id[1], "Authorization", "Bearer "+apiToken); res.StatusCode != http.StatusOK {
		t.Fatalf("API objective: %d", res.StatusCode)
	}

	for _, bad := range []string{"", "wrong", token + "x"} {
		if status, _ := scrape(t, app.url+"/metrics", bad); status != http.StatusUnauthorized {
			t.Errorf("/metrics with token %q: got %d, want 401", bad, status)
		}
	}
	_, fams := scrape(t, app.url+"/metrics", token)
	page := map[string]string{"method": "GET", "route": "GET /objectives/{id}", "status": "2xx"}
	if m := series(fams, "okr_http_requests_total", page); m == nil || m.GetCounter().GetValue() < 2 {
		t.Errorf("okr_http_requests_total%v: got %v, want at least 2", page, m)
	}
	h := series(fams, "okr_http_request_duration_seconds", page)
	if h == nil || h.GetHistogram().GetSampleCount() < 2 || h.GetHistogram().GetSampleSum() <= 0 {
		t.Errorf("okr_http_request_duration_seconds%v: got %v, want 2 observations with time", page, h)
	}
	apiOp := map[string]string{"route": "GET /api/v1/objectives/{id}", "status": "2xx"}
	if m := series(fams, "okr_http_requests_total", apiOp); m == nil || m.GetCounter().GetValue() < 1 {
		t.Errorf("okr_http_requests_total%v: got %v, want the API operation counted", apiOp, m)
	}
	for _, f := range fams["okr_http_requests_total"].GetMetric() {
		for _, l := range f.GetLabel() {
			if l.GetName() == "route" && strings.Contains(l.GetValue(), id[1]) {
				t.Errorf("a route label holds a raw path: %q", l.GetValue())
			}
		}
	}
	for _, m := range []struct {
		name   string
		labels map[string]string
	}{
		{"okr_db_open_connections", map[string]string{"pool": "read"}},
		{"okr_db_in_use_connections", map[string]string{"pool": "write"}},
		{"okr_db_waits_total", map[string]string{"pool": "write"}},
		{"okr_cache_hits_total", map[string]string{"cache": "org"}},
		{"okr_cache_misses_total", map[string]string{"cache": "panels"}},
		{"okr_cache_bytes", map[string]string{"cache": "details"}},
		{"okr_cache_evictions_total", map[string]string{"cache": "cards"}},
		{"okr_http_requests_in_flight", nil},
		{"go_goroutines", nil},
		{"process_resident_memory_bytes", nil},
	} {
		if series(fams, m.name, m.labels) == nil {
			t.Errorf("no %s%v", m.name, m.labels)
		}
	}
	if m := series(fams, "okr_cache_hits_total", map[string]string{"cache": "org"}); m.GetCounter().GetValue() < 1 {
		t.Errorf("the organisation cache counted no hit after several pages")
	}

	// The separate listener (okr serve --metrics-addr) needs no token, and
	// without a token the main address does not serve them.
	other, _ := opsApp(t, nil)
	ms := httptest.NewServer(other.srv.MetricsHandler())
	t.Cleanup(ms.Close)
	if res, _ := get(t, client(t), other.url+"/healthz"); res.StatusCode != http.StatusOK {
		t.Fatal("healthz")
	}
	status, fams := scrape(t, ms.URL, "")
	if status != http.StatusOK || series(fams, "okr_http_requests_total", map[string]string{"route": "GET /healthz"}) == nil {
		t.Errorf("the separate metrics listener: got %d without the health check counted", status)
	}
	if res, _ := get(t, client(t), other.url+"/metrics"); res.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics on the main address without a token configured: got %d, want 404", res.StatusCode)
	}
}

// demoAdmin returns the demo organisation's admin.
func demoAdmin(t *testing.T, app *harness) okr.Person {
	t.Helper()
	p, err := app.db.GetPersonByEmail(context.Background(), demo.Email)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBackgroundJobMetrics: the reset e-mail sent after /forgot answered
// is a background job in the metrics.
func TestBackgroundJobMetrics(t *testing.T) {
	app, sink := mailApp(t)
	email := "job.metrics@artbyx.example"
	newAccount(t, app, email, "a password of the job test")
	before := len(sink.received())
	req, _ := http.NewRequest(http.MethodPost, app.url+"/forgot", strings.NewReader(url.Values{"email": {email}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res, _ := do(t, client(t), req); res.StatusCode != http.StatusOK {
		t.Fatalf("forgot: %d", res.StatusCode)
	}
	mailTo(t, sink, before, email)
	app.srv.Wait()
	ms := httptest.NewServer(app.srv.MetricsHandler())
	t.Cleanup(ms.Close)
	_, fams := scrape(t, ms.URL, "")
	job := map[string]string{"job": "password_reset_mail"}
	if m := series(fams, "okr_background_job_duration_seconds", job); m == nil || m.GetHistogram().GetSampleCount() < 1 {
		t.Errorf("okr_background_job_duration_seconds%v: got %v, want the reset e-mail counted", job, m)
	}
	if m := series(fams, "okr_background_jobs_running", job); m == nil || m.GetGauge().GetValue() != 0 {
		t.Errorf("okr_background_jobs_running%v: got %v, want 0 after Wait", job, m)
	}
}

// The issue: no access log, no request ids. X-Request-Id is accepted when
// sane and returned; every line logged during the request carries it (the
// handler's own error too); the access-log line says who asked what and how
// it went, and no secret reaches the log.
func TestRequestIDInEveryLogLine(t *testing.T) {
	app, logs := opsApp(t, nil)
	email, pw := "broken.hash@artbyx.example", "the password of a broken hash"
	p := newAccount(t, app, email, pw)
	if err := app.db.SetPassword(context.Background(), p.ID, "not-a-hash"); err != nil {
		t.Fatal(err)
	}
	const id = "4bf92f3577b34da6-a3ce929d0e0e4736"
	res, _ := post(t, client(t), app.url+"/signin", url.Values{"email": {email}, "password": {pw}}, "X-Request-Id", id)
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("sign-in with an unreadable hash: got %d, want 401", res.StatusCode)
	}
	if got := res.Header.Get("X-Request-Id"); got != id {
		t.Errorf("X-Request-Id: got %q, want %q echoed", got, id)
	}
	var mine []map[string]any
	for _, l := range logs.lines(t) {
		if l["request_id"] == id {
			mine = append(mine, l)
		}
	}
	msgs := make([]string, len(mine))
	for i, l := range mine {
		msgs[i], _ = l["msg"].(string)
	}
	if len(mine) != 2 || msgs[0] != "web: stored password hash is unreadable" || msgs[1] != "request" {
		t.Fatalf("lines with the request id: %q; want the handler's error, then the access log\nlog:\n%s", msgs, logs)
	}
	access := mine[1]
	for k, v := range map[string]any{"method": "POST", "route": "POST /signin", "path": "/signin", "status": 401.0, "client": "127.0.0.1"} {
		if access[k] != v {
			t.Errorf("access log %s: got %v, want %v", k, access[k], v)
		}
	}
	if n, _ := access["bytes"].(float64); n <= 0 {
		t.Errorf("access log bytes: got %v", access["bytes"])
	}

	// Signed in: the organisation and the person; an id that is not sane
	// is replaced by a new one.
	c := signedIn(t, app)
	res, _ = get(t, c, app.url+"/overview?q=x", "X-Request-Id", "evil\"id with spaces")
	newID := res.Header.Get("X-Request-Id")
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(newID) {
		t.Errorf("an insane X-Request-Id gave %q, want a new 32-digit hex id", newID)
	}
	admin := demoAdmin(t, app)
	found := false
	for _, l := range logs.lines(t) {
		if l["request_id"] == newID && l["msg"] == "request" {
			found = true
			if l["route"] != "GET /overview" || l["path"] != "/overview" || l["org"] != float64(admin.OrgID) || l["user"] != float64(admin.ID) {
				t.Errorf("access log of a signed-in page: %v", l)
			}
		}
	}
	if !found {
		t.Errorf("no access-log line for request %s", newID)
	}

	// A reset link's token, a session cookie and a password never reach
	// the log.
	get(t, c, app.url+"/reset/okt_THE_SECRET_TICKET?token=QUERY_SECRET")
	all := logs.String()
	for _, secret := range []string{"THE_SECRET_TICKET", "QUERY_SECRET", pw, "okr_session"} {
		if strings.Contains(all, secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
	if !strings.Contains(all, `"route":"GET /reset/{token}","path":"/reset/…"`) {
		t.Errorf("no redacted access-log line for the reset link:\n%s", all)
	}
}

// The issue: behind the reverse proxy HTTPS needs, the sign-in throttle saw
// only the proxy's address, so one attacker's failures locked everybody
// out. With the proxy trusted, the throttle counts each forwarded client
// by itself: one locked out, another signs in.
func TestTrustedProxySeparatesThrottles(t *testing.T) {
	app, logs := opsApp(t, func(s *Server) {
		s.TrustedProxies, _ = ops.ParseProxies([]string{"127.0.0.0/8"})
	})
	step, maxDelay := throttleStep, throttleMaxDelay
	throttleStep, throttleMaxDelay = time.Millisecond, 5*time.Millisecond
	t.Cleanup(func() { throttleStep, throttleMaxDelay = step, maxDelay })
	const attacker, colleague = "203.0.113.77", "198.51.100.23"
	guess := func(from, email, pw string) int {
		res, _ := post(t, client(t), app.url+"/signin", url.Values{"email": {email}, "password": {pw}},
			"X-Forwarded-For", "192.0.2.200, "+from) // the leftmost hop is the sender's own claim, ignored
		return res.StatusCode
	}
	// The attacker guesses through the proxy until its address is locked
	// out, a new e-mail address each time (no account lockout).
	var wg sync.WaitGroup
	statuses := make([]int, throttleLockIP)
	for i := range throttleLockIP {
		wg.Go(func() { statuses[i] = guess(attacker, fmt.Sprintf("nobody.proxy%d@artbyx.example", i), "guess") })
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusUnauthorized && s != http.StatusServiceUnavailable {
			t.Fatalf("the attacker's guess %d of %d: got %d, want 401", i+1, throttleLockIP, s)
		}
	}
	if got := guess(attacker, "nobody.proxy.last@artbyx.example", "guess"); got != http.StatusTooManyRequests {
		t.Errorf("the attacker past the address lockout: got %d, want 429", got)
	}
	email, pw := "behind.proxy@artbyx.example", "the colleague's own password"
	newAccount(t, app, email, pw)
	if got := guess(colleague, email, pw); got != http.StatusSeeOther {
		t.Errorf("a colleague behind the same proxy: got %d, want 303 (signed in)", got)
	}
	clients := map[any]bool{}
	for _, l := range logs.lines(t) {
		if l["msg"] == "request" && l["route"] == "POST /signin" {
			clients[l["client"]] = true
		}
	}
	if !clients[attacker] || !clients[colleague] || clients["127.0.0.1"] {
		t.Errorf("access-log clients %v: want the forwarded addresses, not the proxy's", clients)
	}
}

// A peer that is not a trusted proxy cannot choose its address with
// X-Forwarded-For or Forwarded: its spoofed header is ignored, so it can
// neither escape its own throttle nor lock out the address it names.
func TestSpoofedForwardedForIgnored(t *testing.T) {
	app, logs := opsApp(t, func(s *Server) {
		s.TrustedProxies, _ = ops.ParseProxies([]string{"10.0.0.0/8"}) // not the test's loopback peer
	})
	const victim = "203.0.113.78"
	for range throttleLockIP {
		if _, err := app.db.BeginAttempt(context.Background(), []string{throttleKeyPrefixIP + victim}, throttleWindow); err != nil {
			t.Fatal(err)
		}
	}
	email, pw := "spoof.check@artbyx.example", "a password of the spoof check"
	newAccount(t, app, email, pw)
	res, _ := post(t, client(t), app.url+"/signin", url.Values{"email": {email}, "password": {pw}},
		"X-Forwarded-For", victim, "Forwarded", "for="+victim)
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-in naming a locked address in spoofed headers: got %d, want 303 (the peer's own address counts)", res.StatusCode)
	}
	for _, l := range logs.lines(t) {
		if l["msg"] == "request" && l["client"] != "127.0.0.1" {
			t.Errorf("access log client %v, want the peer 127.0.0.1", l["client"])
		}
	}
	n, err := app.db.RecentSignInFailures(context.Background(), throttleKeyPrefixIP+victim, time.Hour)
	if err != nil || n != throttleLockIP {
		t.Errorf("the named address has %d failures (%v), want its %d untouched", n, err, throttleLockIP)
	}
}

// rawClient does not decode compressed answers, so tests see them as sent.
func rawClient() *http.Client {
	return &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// The issue: no response compression. Pages, fragments, the style sheet,
// scripts, SVG and JSON come compressed with gzip or zstd when the client
// accepts it, decode to the same bytes, vary on Accept-Encoding, and keep
// their ETag and 304; without Accept-Encoding, and for tiny bodies, they
// come as they are.
func TestCompression(t *testing.T) {
	app := appTest(t)
	c := rawClient()
	fetch := func(path, enc string, header ...string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, app.url+path, nil)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res, b
	}
	decode := func(enc string, b []byte) []byte {
		t.Helper()
		var r io.Reader
		switch enc {
		case "gzip":
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			r = zr
		case "zstd":
			zr, err := zstd.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			defer zr.Close()
			r = zr
		default:
			return b
		}
		out, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("decode %s: %v", enc, err)
		}
		return out
	}
	css := regexp.MustCompile(`/static/app\.[0-9a-f]{10}\.css`)
	_, signin := fetch("/signin", "")
	cssURL := css.FindString(string(signin))
	if cssURL == "" {
		t.Fatal("no style sheet on the sign-in page")
	}
	for _, path := range []string{"/signin", cssURL, "/api/v1/openapi.json"} {
		plain, want := fetch(path, "")
		if ce := plain.Header.Get("Content-Encoding"); ce != "" {
			t.Errorf("%s without Accept-Encoding: Content-Encoding %q, want identity", path, ce)
		}
		for _, enc := range []string{"gzip", "zstd"} {
			res, body := fetch(path, enc)
			if got := res.Header.Get("Content-Encoding"); got != enc {
				t.Errorf("%s with Accept-Encoding %s: Content-Encoding %q", path, enc, got)
				continue
			}
			if !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept-Encoding") {
				t.Errorf("%s %s: Vary %q lacks Accept-Encoding", path, enc, res.Header.Values("Vary"))
			}
			if len(body) >= len(want) {
				t.Errorf("%s %s: %d bytes, not smaller than %d", path, enc, len(body), len(want))
			}
			if got := decode(enc, body); path != "/api/v1/openapi.json" && !bytes.Equal(got, want) {
				t.Errorf("%s %s decodes to %d bytes that differ from the %d sent plain", path, enc, len(got), len(want))
			} else if !json.Valid(got) && path == "/api/v1/openapi.json" {
				t.Errorf("%s %s does not decode to JSON", path, enc)
			}
		}
	}
	// Browsers send several; zstd is preferred.
	if res, _ := fetch("/signin", "gzip, deflate, br, zstd"); res.Header.Get("Content-Encoding") != "zstd" {
		t.Errorf("a browser's Accept-Encoding: got %q, want zstd", res.Header.Get("Content-Encoding"))
	}
	// The static file keeps its ETag and cache life, and a revalidation
	// gets 304 with no body.
	res, _ := fetch(cssURL, "gzip")
	etag := res.Header.Get("ETag")
	if etag == "" || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("compressed style sheet: ETag %q, Cache-Control %q", etag, res.Header.Get("Cache-Control"))
	}
	res, body := fetch(cssURL, "gzip", "If-None-Match", etag)
	if res.StatusCode != http.StatusNotModified || len(body) != 0 || res.Header.Get("Content-Encoding") != "" {
		t.Errorf("revalidating the compressed style sheet: got %d with %d bytes (%q), want 304 and none", res.StatusCode, len(body), res.Header.Get("Content-Encoding"))
	}
	// Tiny bodies are not worth it.
	if res, _ := fetch("/healthz", "gzip"); res.Header.Get("Content-Encoding") != "" {
		t.Errorf("/healthz: Content-Encoding %q, want none for 3 bytes", res.Header.Get("Content-Encoding"))
	}
	// An htmx fragment is compressed like a page and decodes the same.
	sc := signedIn(t, app)
	cookie := ""
	u, _ := url.Parse(app.url)
	for _, ck := range sc.Jar.Cookies(u) {
		cookie += ck.Name + "=" + ck.Value + "; "
	}
	const frag = "/alignment/node"
	plain, want := fetch(frag, "", "Cookie", cookie, "HX-Request", "true")
	zres, zbody := fetch(frag, "gzip", "Cookie", cookie, "HX-Request", "true")
	if plain.StatusCode != http.StatusOK || zres.StatusCode != http.StatusOK || zres.Header.Get("Content-Encoding") != "gzip" ||
		!bytes.Equal(decode("gzip", zbody), want) || bytes.Contains(want, []byte("<html")) {
		t.Errorf("htmx fragment %s: %d plain, %d %q; want one fragment, gzipped, decoding to the plain bytes", frag, plain.StatusCode, zres.StatusCode, zres.Header.Get("Content-Encoding"))
	}
}

// BenchmarkMiddleware measures what the operations layers cost on one
// page: the objective page of the demo, in-process, through the bare
// application (app), through Handler without compression (request id,
// access log at Info into a discarding handler, metrics), and with gzip
// and zstd.
//
//	go test -run '^$' -bench Middleware -benchmem ./internal/web
func BenchmarkMiddleware(b *testing.B) {
	ctx := context.Background()
	db := storetest.Open(b, store.DialectSQLite)
	res, err := demo.Load(ctx, db, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	full, bare := srv.Handler(), srv.app()
	form := url.Values{"email": {demo.Email}, "password": {demo.Password}, "next": {"/"}}
	req := httptest.NewRequest(http.MethodPost, "/signin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	full.ServeHTTP(rec, req)
	cookie := ""
	for _, c := range rec.Result().Cookies() {
		cookie += c.Name + "=" + c.Value + "; "
	}
	objs, _, err := db.ListObjectives(ctx, res.OrgID, store.ObjectiveFilter{})
	if err != nil || len(objs) == 0 {
		b.Fatalf("objectives: %v", err)
	}
	path := fmt.Sprintf("/objectives/%d", objs[0].ID)
	for _, bm := range []struct {
		name string
		h    http.Handler
		enc  string
	}{
		{"bare", bare, ""},
		{"observed", full, ""},
		{"observed+gzip", full, "gzip"},
		{"observed+zstd", full, "zstd"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			var size int
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.Header.Set("Cookie", cookie)
				if bm.enc != "" {
					req.Header.Set("Accept-Encoding", bm.enc)
				}
				rec := httptest.NewRecorder()
				bm.h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: %d", path, rec.Code)
				}
				size = rec.Body.Len()
			}
			b.ReportMetric(float64(size), "bytes/page")
		})
	}
}
