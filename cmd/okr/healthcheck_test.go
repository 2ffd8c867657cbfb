package main

import (
	"net"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
	"github.com/okr-dev/okr/internal/web"
)

// okr healthcheck asks a real server on loopback: 0 while it is ready, 1
// with the reason when its database is gone or nobody answers. With the
// server's own OKR_ADDR (all interfaces) it asks on loopback.
func TestHealthcheck(t *testing.T) {
	db := storetest.Open(t, store.DialectSQLite)
	srv := httptest.NewServer((&web.Server{DB: db}).Handler())
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	if code, out, errOut := run(t, map[string]string{"OKR_ADDR": "0.0.0.0:" + port}, "healthcheck"); code != 0 || !strings.Contains(out, "ok") {
		t.Errorf("healthcheck with OKR_ADDR=0.0.0.0:%s: exit %d, %s%s; want 0 and ok", port, code, out, errOut)
	}
	if code, _, errOut := run(t, nil, "healthcheck", "--url", srv.URL+"/healthz"); code != 0 {
		t.Errorf("healthcheck --url …/healthz: exit %d, %s", code, errOut)
	}
	// The database is gone: /readyz answers 503 and the check fails.
	db.Close()
	if code, _, errOut := run(t, nil, "healthcheck", "--addr", "127.0.0.1:"+port); code != 1 || !strings.Contains(errOut, "503") {
		t.Errorf("healthcheck with the database closed: exit %d, stderr %q; want 1 and 503", code, errOut)
	}
	srv.Close()
	if code, _, errOut := run(t, nil, "healthcheck", "--addr", "127.0.0.1:"+port, "--timeout", "2s"); code != 1 || !strings.Contains(errOut, "does not answer") {
		t.Errorf("healthcheck of a stopped server: exit %d, stderr %q; want 1 and 'does not answer'", code, errOut)
	}
	if u, err := healthURL("[::]:8080", "healthz"); err != nil || u != "http://[::1]:8080/healthz" {
		t.Errorf("healthURL([::]:8080) = %q, %v", u, err)
	}
}
