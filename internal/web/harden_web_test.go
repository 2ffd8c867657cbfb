package web

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/password"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// newAccount adds a member with a password to the shared demo organisation.
func newAccount(t *testing.T, app *harness, email, pw string) okr.Person {
	t.Helper()
	ctx := context.Background()
	p, err := app.db.CreatePerson(ctx, store.SystemActor(app.orgID), okr.Person{Email: email, Name: "Test " + email, Role: okr.RoleMember})
	if err != nil {
		t.Fatal(err)
	}
	h, err := password.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.db.SetPassword(ctx, p.ID, h); err != nil {
		t.Fatal(err)
	}
	return p
}

// The attack: 39 parallel wrong guesses all got 401 (each read the failure
// count before any was written) and the right password then worked. Now
// at most the lockout count of guesses reach the password check, the rest
// get 429, and so does the right password afterwards.
func TestSignInLockoutCannotBeRaced(t *testing.T) {
	app := appTest(t)
	step, maxDelay := throttleStep, throttleMaxDelay
	throttleStep, throttleMaxDelay = time.Millisecond, 5*time.Millisecond
	t.Cleanup(func() { throttleStep, throttleMaxDelay = step, maxDelay })
	email, pw := "race.victim@artbyx.example", "the right password 2026"
	newAccount(t, app, email, pw)

	const n = 39
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			res, _ := post(t, client(t), app.url+"/signin", url.Values{"email": {email}, "password": {"guess " + string(rune('a'+i%26))}})
			statuses[i] = res.StatusCode
		})
	}
	wg.Wait()
	count := map[int]int{}
	for _, s := range statuses {
		count[s]++
	}
	if count[http.StatusUnauthorized] > throttleLockEmail || count[http.StatusTooManyRequests] < n-throttleLockEmail-count[http.StatusServiceUnavailable] {
		t.Errorf("%d parallel wrong guesses got %v; want at most %d checked (401), the rest refused (429)", n, count, throttleLockEmail)
	}
	for s := range count {
		if s != http.StatusUnauthorized && s != http.StatusTooManyRequests && s != http.StatusServiceUnavailable {
			t.Errorf("a guess got %d", s)
		}
	}
	res, _ := post(t, client(t), app.url+"/signin", url.Values{"email": {email}, "password": {pw}})
	if res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the right password after %d parallel guesses: got %d, want 429 (locked)", n, res.StatusCode)
	}
}

// The attack: POST /forgot with "Host: evil.example" e-mailed the victim a
// link to that host. Links in e-mail now come only from the configured
// base URL, and without one no e-mail goes out.
func TestResetLinkIgnoresTheHostHeader(t *testing.T) {
	app, sink := mailApp(t)
	email := "host.victim@artbyx.example"
	newAccount(t, app, email, "a password of the victim")
	before := len(sink.received())
	req, _ := http.NewRequest(http.MethodPost, app.url+"/forgot", strings.NewReader(url.Values{"email": {email}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Host = "evil.example"
	res, _ := do(t, client(t), req)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("forgot: got %d", res.StatusCode)
	}
	_, text := mailTo(t, sink, before, email)
	if strings.Contains(text, "evil.example") || !strings.Contains(text, app.srv.BaseURL+"/reset/okt_") {
		t.Errorf("the reset e-mail links to %q; want only %s/reset/…", mailLink.FindString(text), app.srv.BaseURL)
	}

	noBase, sink2 := mailAppOn(t, false, nil)
	req, _ = http.NewRequest(http.MethodPost, noBase.url+"/forgot", strings.NewReader(url.Values{"email": {email}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Host = "evil.example"
	if res, _ := do(t, client(t), req); res.StatusCode != http.StatusOK {
		t.Fatalf("forgot without a base URL: got %d", res.StatusCode)
	}
	noBase.srv.Wait()
	if got := len(sink2.received()); got != 0 {
		t.Errorf("without a base URL %d e-mail(s) went out; want none (a link would follow the Host header)", got)
	}
}

// The attack: /forgot answered in 62 ms for a known address and 5 ms for an
// unknown one. Now nothing the answer waits for depends on the address:
// with the mail server holding every message, the answer still comes at
// once, and the e-mail follows.
func TestForgotDoesNotWaitForTheLookupOrTheMail(t *testing.T) {
	hold := make(chan struct{})
	app, sink := mailAppOn(t, true, hold)
	email := "slow.mail@artbyx.example"
	newAccount(t, app, email, "a password of slow mail")
	before := len(sink.received())
	c := client(t)
	c.Timeout = 3 * time.Second
	start := time.Now()
	res, err := c.PostForm(app.url+"/forgot", url.Values{"email": {email}})
	if err != nil {
		t.Fatalf("forgot for a known address did not answer while the mail server was slow: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("forgot: got %d", res.StatusCode)
	}
	t.Logf("answered in %v with the mail server holding the message", time.Since(start))
	close(hold)
	mailTo(t, sink, before, email)
}

// The attack: a reset left older reset links and other sessions valid.
func TestSettingAPasswordEndsOtherSessionsAndLinks(t *testing.T) {
	app, sink := mailApp(t)
	email, old := "stolen.session@artbyx.example", "the old password 2026"
	newAccount(t, app, email, old)
	thief := client(t)
	if res, _ := post(t, thief, app.url+"/signin", url.Values{"email": {email}, "password": {old}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: got %d", res.StatusCode)
	}
	if res, _ := get(t, thief, app.url+"/"); res.StatusCode != http.StatusOK {
		t.Fatalf("home while signed in: got %d", res.StatusCode)
	}
	// Two reset links; the owner uses the second.
	var links []string
	for range 2 {
		before := len(sink.received())
		if res, _ := post(t, client(t), app.url+"/forgot", url.Values{"email": {email}}); res.StatusCode != http.StatusOK {
			t.Fatalf("forgot: got %d", res.StatusCode)
		}
		_, text := mailTo(t, sink, before, email)
		links = append(links, strings.TrimPrefix(mailLink.FindString(text), app.url))
	}
	owner := client(t)
	pw := "a brand new password"
	if res, _ := post(t, owner, app.url+links[1], url.Values{"password": {pw}, "password2": {pw}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set the password: got %d", res.StatusCode)
	}
	if res, _ := get(t, owner, app.url+"/"); res.StatusCode != http.StatusOK {
		t.Errorf("the owner's new session: got %d, want 200", res.StatusCode)
	}
	if res, _ := get(t, thief, app.url+"/"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/signin") {
		t.Errorf("the other session after the password was set: got %d to %q, want 303 to /signin", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := post(t, client(t), app.url+links[0], url.Values{"password": {"an attacker's choice"}, "password2": {"an attacker's choice"}}); res.StatusCode != http.StatusGone {
		t.Errorf("the older reset link after the password was set: got %d, want 410", res.StatusCode)
	}
}

// A KPI threshold of NaN gave a 500: non-finite numbers are refused with a
// message on the field.
func TestKPIThresholdNaNIsRefused(t *testing.T) {
	app := appTest(t)
	c := signedIn(t, app)
	setLang(t, c, app, "en")
	res, body := post(t, c, app.url+"/kpis", url.Values{"name": {"NaN check"}, "unit": {"number"}, "direction": {"higher_is_better"}, "frequency": {"weekly"}, "warn": {"NaN"}, "critical": {"Inf"}})
	if res.StatusCode != formStatus {
		t.Fatalf("KPI with NaN thresholds: got %d, want %d with field errors", res.StatusCode, formStatus)
	}
	wantField(t, body, "f-warn", "")
}

// When the database cannot be reached, pages and the API answer 503 with
// Retry-After (try again shortly), not 500 (a bug).
func TestDatabaseOutageAnswers503(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, dialect)
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			res, err := demo.Load(ctx, db, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			admin, err := db.GetPersonByEmail(ctx, demo.Email)
			if err != nil {
				t.Fatal(err)
			}
			token, _, err := db.CreateToken(ctx, store.SystemActor(res.OrgID), admin.ID, "outage test")
			if err != nil {
				t.Fatal(err)
			}
			srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
			ts := httptest.NewServer(srv.Handler())
			t.Cleanup(ts.Close)
			app := &harness{url: ts.URL, db: db, srv: srv, orgID: res.OrgID}
			c := signedIn(t, app)
			if res, _ := get(t, c, ts.URL+"/"); res.StatusCode != http.StatusOK {
				t.Fatalf("before the outage: got %d", res.StatusCode)
			}

			// The outage.
			if dialect == store.DialectPostgres {
				cut(t, dsn)
			} else if err := db.Close(); err != nil {
				t.Fatal(err)
			}

			for _, page := range []string{"/", "/overview", "/checkin"} {
				res, _ := get(t, c, ts.URL+page)
				if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
					t.Errorf("GET %s during the outage: got %d (Retry-After %q), want 503 with Retry-After", page, res.StatusCode, res.Header.Get("Retry-After"))
				}
			}
			res2, _ := post(t, client(t), ts.URL+"/signin", url.Values{"email": {demo.Email}, "password": {demo.Password}})
			if res2.StatusCode != http.StatusServiceUnavailable {
				t.Errorf("sign-in during the outage: got %d, want 503", res2.StatusCode)
			}
			res3, body := get(t, client(t), ts.URL+"/api/v1/objectives", "Authorization", "Bearer "+token)
			if res3.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, `"unavailable"`) {
				t.Errorf("API during the outage: got %d %s, want 503 with code unavailable", res3.StatusCode, body)
			}
		})
	}
}

// cut makes a PostgreSQL database refuse connections and ends the ones it
// has, as a database outage would.
func cut(t *testing.T, dsn string) {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	u.Path = "/postgres"
	admin, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`ALTER DATABASE ` + name + ` ALLOW_CONNECTIONS false`); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, name); err != nil {
		t.Fatal(err)
	}
}
