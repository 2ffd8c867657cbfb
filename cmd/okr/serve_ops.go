package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/web"
	"github.com/okr-dev/okr/internal/web/ops"
)

// serveOps holds the flags of okr serve for operations: the log, trusted
// proxies and the metrics.
type serveOps struct {
	logFormat, logLevel       *string
	trusted                   []string
	metricsAddr, metricsToken *string
}

// minMetricsToken is the shortest metrics token accepted: it guards the
// metrics on the public address.
const minMetricsToken = 16

func opsFlags(env *cliEnv, fs *flag.FlagSet) *serveOps {
	o := &serveOps{}
	o.logFormat = fs.String("log-format", "text", "log format: text (key=value) or json (one object a line)")
	o.logLevel = fs.String("log-level", "info", "log from this level on: debug, info, warn or error (info: one access-log line per request)")
	fs.Func("trusted-proxy", "a reverse proxy (address or CIDR, e.g. 10.0.0.0/8; repeat the flag or separate with commas) whose X-Forwarded-For or Forwarded header gives the client's address; none by default", func(v string) error {
		o.trusted = append(o.trusted, v)
		return nil
	})
	o.metricsAddr = fs.String("metrics-addr", "", "serve Prometheus metrics at /metrics on this separate address, e.g. 127.0.0.1:9090; empty: off")
	o.metricsToken = fs.String("metrics-token", env.getenv("OKR_METRICS_TOKEN"), fmt.Sprintf("serve Prometheus metrics at /metrics on the main address to requests with \"Authorization: Bearer TOKEN\" (at least %d characters; env OKR_METRICS_TOKEN); empty: off", minMetricsToken))
	return o
}

func (o *serveOps) logger(w io.Writer) (*slog.Logger, error) {
	return ops.NewLogger(w, *o.logFormat, *o.logLevel)
}

// check refuses a short metrics token and returns the trusted proxies.
func (o *serveOps) check() (ops.Proxies, error) {
	if t := *o.metricsToken; t != "" && len(strings.TrimSpace(t)) < minMetricsToken {
		return ops.Proxies{}, fmt.Errorf("--metrics-token is too short: use at least %d random characters, e.g. from `openssl rand -hex 32`", minMetricsToken)
	}
	return ops.ParseProxies(o.trusted)
}

// startMetrics serves the server's metrics at /metrics on addr, a listener
// of their own (meant for loopback or a private network), without a
// token. It does nothing for an empty addr.
func startMetrics(addr string, srv *web.Server, log *slog.Logger) error {
	if addr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("--metrics-addr: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", srv.MetricsHandler())
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := hs.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.Error("metrics listener stopped", "err", err)
		}
	}()
	log.Info("metrics at http://" + ln.Addr().String() + "/metrics")
	return nil
}
