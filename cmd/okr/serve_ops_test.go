package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a server writing while the test
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// okr serve with the operations flags: JSON log lines with the request id
// and the access log, metrics on their own address, trusted proxies.
func TestServeOperationsFlags(t *testing.T) {
	var out, errb syncBuffer
	env := &cliEnv{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- runMain(ctx, env, []string{"serve", "--db", filepath.Join(t.TempDir(), "okr.db"), "--addr", "127.0.0.1:0",
			"--metrics-addr", "127.0.0.1:0", "--log-format", "json", "--log-level", "info", "--trusted-proxy", "127.0.0.1,10.0.0.0/8"})
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d: %s", code, errb.String())
		}
	}()
	addr := regexp.MustCompile(`listening on (http://\S+)`)
	metrics := regexp.MustCompile(`metrics at (http://\S+/metrics)`)
	var app, met string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && (app == "" || met == ""); time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			app = m[1]
		}
		if m := metrics.FindStringSubmatch(errb.String()); m != nil {
			met = m[1]
		}
	}
	if app == "" || met == "" {
		t.Fatalf("serve did not start: stdout %q stderr %q", out.String(), errb.String())
	}
	req, _ := http.NewRequest(http.MethodGet, app+"/signin", nil)
	req.Header.Set("X-Request-Id", "cli-test-1")
	req.Header.Set("X-Forwarded-For", "203.0.113.5")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("X-Request-Id") != "cli-test-1" {
		t.Errorf("X-Request-Id: got %q", res.Header.Get("X-Request-Id"))
	}
	var access map[string]any
	for deadline := time.Now().Add(5 * time.Second); access == nil && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for l := range strings.Lines(errb.String()) {
			var m map[string]any
			if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == "request" && m["request_id"] == "cli-test-1" {
				access = m
			}
		}
	}
	if access == nil || access["route"] != "GET /signin" || access["client"] != "203.0.113.5" {
		t.Errorf("access-log line of the request: %v\nstderr:\n%s", access, errb.String())
	}
	res, err = http.Get(met)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), `okr_http_requests_total{method="GET",route="GET /signin",status="2xx"} 1`) {
		t.Errorf("the metrics address does not count the request:\n%.2000s", body)
	}
	if res, err := http.Get(app + "/metrics"); err == nil {
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("/metrics on the main address without --metrics-token: got %d, want 404", res.StatusCode)
		}
	}
}

// Bad operations flags stop serve before it listens, saying what is wrong.
func TestServeRefusesBadOperationsFlags(t *testing.T) {
	env := map[string]string{"OKR_DATABASE_URL": filepath.Join(t.TempDir(), "okr.db")}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--log-format", "xml"}, "log format"},
		{[]string{"--log-level", "loud"}, "log level"},
		{[]string{"--trusted-proxy", "proxy.example"}, "trusted proxy"},
		{[]string{"--metrics-token", "short"}, "--metrics-token is too short"},
	} {
		code, _, errOut := run(t, env, append([]string{"serve", "--addr", "127.0.0.1:0"}, c.args...)...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("serve %v: exit %d, stderr %q; want a failure saying %q", c.args, code, errOut, c.want)
		}
	}
}
