package web

// The browser-test harness: one SQLite database with the demo organisation,
// one server on 127.0.0.1, and one headless Chromium for the whole test
// binary. Each test gets its own browser context (its own cookies) and saves
// full-page screenshots under testartifacts/. axeCheck runs axe-core on the
// page and fails the test on serious or critical violations.

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/store"
)

//go:embed testdata/axe.min.js
var axeSource string

// harness is shared by the browser tests of the test binary.
type harness struct {
	url     string
	db      *store.DB
	srv     *Server
	orgID   int64
	browser context.Context // the browser's root context
	cancel  []func()
	err     error
	skip    string
}

var (
	h       harness
	hOnce   sync.Once
	appOnce sync.Once
	appErr  error
)

// appTest returns the shared application (demo data on SQLite, served on
// loopback) for tests that talk HTTP without a browser.
func appTest(t *testing.T) *harness {
	t.Helper()
	appOnce.Do(func() { appErr = startApp() })
	if appErr != nil {
		t.Fatalf("start the application: %v", appErr)
	}
	return &h
}

func TestMain(m *testing.M) {
	code := m.Run()
	if !reportAPIContract() {
		code = max(code, 1)
	}
	for i := len(h.cancel) - 1; i >= 0; i-- {
		h.cancel[i]()
	}
	os.Exit(code)
}

// browserTest returns a fresh tab in a fresh browser context on the shared
// harness, or skips the test when Chromium is missing (failing instead when
// OKR_TEST_REQUIRE_ALL=1).
func browserTest(t *testing.T) context.Context {
	t.Helper()
	hOnce.Do(startHarness)
	if h.skip != "" {
		if os.Getenv("OKR_TEST_REQUIRE_ALL") == "1" {
			t.Fatalf("browser tests required: %s", h.skip)
		}
		t.Skip(h.skip)
	}
	if h.err != nil {
		t.Fatalf("browser harness: %v", h.err)
	}
	ctx, cancel := chromedp.NewContext(h.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// Start the tab without a deadline, then bound the test's steps.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	watchConsole(t, ctx)
	tctx, tcancel := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(tcancel)
	if err := chromedp.Do(tctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	return tctx
}

func chromiumPath() string {
	if p := os.Getenv("OKR_TEST_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

func startHarness() {
	exe := chromiumPath()
	if _, err := os.Stat(exe); err != nil {
		h.skip = fmt.Sprintf("no Chromium at %s (set OKR_TEST_CHROMIUM)", exe)
		return
	}
	appOnce.Do(func() { appErr = startApp() })
	if h.err = appErr; h.err != nil {
		return
	}
	dir, err := os.MkdirTemp("", "okr-chromium-")
	if err != nil {
		h.err = err
		return
	}
	h.cancel = append(h.cancel, func() { os.RemoveAll(dir) })
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(dir),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	h.cancel = append(h.cancel, cancelAlloc, cancelBrowser)
	if err := chromedp.Do(browser); err != nil {
		h.err = fmt.Errorf("start Chromium: %w", err)
		return
	}
	h.browser = browser
}

// startApp opens a SQLite database in a temp dir, loads the demo data and
// serves the application on a free loopback port.
func startApp() error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "okr-web-")
	if err != nil {
		return err
	}
	h.cancel = append(h.cancel, func() { os.RemoveAll(dir) })
	db, err := store.Open(ctx, filepath.Join(dir, "okr.db"))
	if err != nil {
		return err
	}
	h.cancel = append(h.cancel, func() { db.Close() })
	res, err := demo.Load(ctx, db, time.Now())
	if err != nil {
		return err
	}
	h.db, h.orgID = db, res.OrgID
	h.srv = &Server{DB: db, Log: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: h.srv.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go hs.Serve(ln)
	h.cancel = append(h.cancel, func() { hs.Close() })
	h.url = "http://" + ln.Addr().String()
	return nil
}

// shot saves a full-page screenshot as testartifacts/<test>-<name>.png.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll("testartifacts", 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join("testartifacts", strings.ReplaceAll(t.Name(), "/", "_")+"-"+name+".png")
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// axeViolation is the part of an axe-core result the tests report.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// axeCheck runs axe-core (WCAG 2.1 A and AA rules) on the current page and
// fails the test on serious or critical violations; minor and moderate ones
// are logged.
func axeCheck(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	axeCheckWith(t, ctx, page)
}

// reporter is the part of testing.T that axeCheckWith uses, so that a test
// can check that the check fails.
type reporter interface {
	Helper()
	Fatalf(format string, args ...any)
	Error(args ...any)
	Log(args ...any)
}

// fakeT collects errors instead of failing.
type fakeT struct{ errors []string }

func (f *fakeT) Helper() {}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeT) Error(args ...any) { f.errors = append(f.errors, fmt.Sprint(args...)) }
func (f *fakeT) Log(args ...any)   {}

func axeCheckWith(t reporter, ctx context.Context, page string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSource+";true")); err != nil {
		t.Fatalf("inject axe-core: %v", err)
		return
	}
	script := `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}, resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core on %s: %v", page, err)
		return
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatalf("read axe-core result: %v", err)
		return
	}
	for _, v := range vs {
		var where []string
		for i, n := range v.Nodes {
			if i == 3 {
				where = append(where, fmt.Sprintf("… %d more", len(v.Nodes)-3))
				break
			}
			where = append(where, fmt.Sprint(n.Target)+" "+n.HTML)
		}
		msg := fmt.Sprintf("axe on %s: %s (%s): %s\n    %s", page, v.ID, v.Impact, v.Help, strings.Join(where, "\n    "))
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}

// signIn signs in through the form and waits for My OKRs.
func signIn(t *testing.T, ctx context.Context, email, password string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(h.url+"/signin"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS(`form[action="/signin"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.mainnav`)),
	)
	if err != nil {
		t.Fatalf("sign in as %s: %v", email, err)
	}
}

// visit navigates to path and waits for the page's main landmark.
func visit(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(h.url+path), chromedp.WaitReady(chromedp.CSS("main#main"))); err != nil {
		t.Fatalf("visit %s: %v", path, err)
	}
}

// text returns the text of the first element matching css.
func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("text of %s: %v", css, err)
	}
	return s
}

// count returns how many elements match css.
func count(t *testing.T, ctx context.Context, css string) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", css)))
	if err != nil {
		t.Fatalf("count %s: %v", css, err)
	}
	return n
}

// js is an action that runs a script for its effect.
func js(script string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](script+";true")(ctx, t)
		return err
	})
}

// htmxSettled waits until the script cond is true in the page and htmx is
// done: no request in flight, nothing swapping or settling. Waiting for new
// content to show is not enough before using it: htmx wires up the hx-*
// attributes of what it swapped in only when it settles
// (htmx.config.defaultSettleDelay after the swap, 20 ms that a busy machine
// stretches), and app.js then moves focus to the notice that says what
// happened. Keys typed into a new field before that go to the notice, and a
// click on a new button submits the form without htmx.
func htmxSettled(cond string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](
		// The request indicators fade out (0.2 s): until they have, a
		// contrast check sees them half drawn.
		fmt.Sprintf(`(%s) && !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling") && Array.from(document.querySelectorAll(".htmx-indicator")).every(e => getComputedStyle(e).opacity === "0")`, cond),
		chromedp.WithPollingInterval(20*time.Millisecond))
}

// watchConsole fails the test, when it ends, if a page threw an uncaught
// exception or the browser refused something under the Content-Security-
// Policy (an inline script or style, an eval). Other console errors are
// logged.
func watchConsole(t *testing.T, ctx context.Context) {
	var mu sync.Mutex
	var problems, notes []string
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range chromedp.Console(cctx) {
			if err != nil {
				return
			}
			mu.Lock()
			switch {
			case m.IsException(), strings.Contains(m.Text, "Content Security Policy"), strings.Contains(m.Text, "Refused to"):
				problems = append(problems, m.String())
			case m.Type == chromedp.ConsoleError:
				notes = append(notes, m.String())
			}
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, n := range notes {
			t.Log("browser console: " + n)
		}
		for _, p := range problems {
			t.Error("browser console: " + p)
		}
	})
}

// evalString runs a script that returns a string.
func evalString(t *testing.T, ctx context.Context, script string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](script))
	if err != nil {
		t.Fatalf("%s: %v", script, err)
	}
	return s
}
