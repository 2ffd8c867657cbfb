package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

func init() {
	register(&command{name: "healthcheck", summary: "check that okr serve answers (for container health checks)", run: runHealthcheck})
}

const healthcheckUsage = `[--addr HOST:PORT] [--path /readyz] [--url URL] [--timeout 5s]

Asks a running okr serve whether it is ready and exits with status 0 when it
answers 200, 1 otherwise (with the reason on standard error). It reads the
same --addr (OKR_ADDR) as okr serve, so in the server's environment it needs
no flags; an address of all interfaces (0.0.0.0, [::]) is asked on loopback.
/readyz also checks the database; /healthz only that the process answers.
A container image has no curl: its HEALTHCHECK runs this.`

func runHealthcheck(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "healthcheck", healthcheckUsage)
	addr := fs.String("addr", "127.0.0.1:8080", "the address okr serve listens on")
	path := fs.String("path", "/readyz", "the path to ask: /readyz (the database too) or /healthz")
	rawURL := fs.String("url", "", "ask this URL instead of --addr and --path")
	timeout := fs.Duration("timeout", 5*time.Second, "give up after this long")
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if err := noOperands(fs); err != nil {
		return err
	}
	target := *rawURL
	if target == "" {
		u, err := healthURL(*addr, *path)
		if err != nil {
			return err
		}
		target = u
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("--url: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s does not answer: %w", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answers %s: %s", target, resp.Status, strings.TrimSpace(string(body)))
	}
	fmt.Fprintf(env.stdout, "%s: %s\n", target, strings.TrimSpace(string(body)))
	return nil
}

// healthURL returns the http:// URL of path on the server listening on addr;
// a listen address of all interfaces (empty host, 0.0.0.0, ::) is asked on
// loopback.
func healthURL(addr, path string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("--addr %q: %w", addr, err)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	u := url.URL{Scheme: "http", Host: net.JoinHostPort(host, port), Path: path}
	return u.String(), nil
}
