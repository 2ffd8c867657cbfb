package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// mailApp serves the shared demo database through a second server whose
// e-mail goes to an in-process SMTP server on loopback.
func mailApp(t *testing.T) (*harness, *smtpSink) {
	t.Helper()
	return mailAppOn(t, true, nil)
}

// mailAppOn is mailApp with or without a configured base URL, and with a
// sink that holds each message until hold is closed (nil: none).
func mailAppOn(t *testing.T, withBaseURL bool, hold chan struct{}) (*harness, *smtpSink) {
	t.Helper()
	shared := appTest(t)
	sink, _ := startSink(t, "none", true)
	sink.hold = hold
	m := mustMailer(t, "smtp://okr:s3cret@"+sink.addr+"?tls=none", "OKR <okr@artbyx.example>", nil)
	srv := &Server{DB: shared.db, Mail: m, Log: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	ts := httptest.NewUnstartedServer(srv.Handler())
	if withBaseURL {
		srv.BaseURL = "http://" + ts.Listener.Addr().String() // links in e-mail come only from it
	}
	ts.Start()
	t.Cleanup(ts.Close)
	t.Cleanup(srv.Wait)
	return &harness{url: ts.URL, db: shared.db, srv: srv, orgID: shared.orgID}, sink
}

// mailTo waits for the next message to addr among those received after n
// and returns its subject and plain-text body.
func mailTo(t *testing.T, sink *smtpSink, n int, addr string) (subject, body string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		msgs := sink.received()
		for _, m := range msgs[min(n, len(msgs)):] {
			if len(m.to) == 1 && m.to[0] == addr {
				return readMail(t, m.data)
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no e-mail to %s arrived", addr)
	return "", ""
}

// readMail returns the decoded subject and text part of a message.
func readMail(t *testing.T, data []byte) (string, string) {
	t.Helper()
	pm, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(pm.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(pm.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(pm.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			t.Fatalf("no text part: %v", err)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
			b, err := io.ReadAll(p)
			if err != nil {
				t.Fatal(err)
			}
			return subject, string(b)
		}
	}
}

var mailLink = regexp.MustCompile(`http://127\.0\.0\.1:\d+/(invite|reset)/okt_[A-Za-z0-9_-]+`)

// TestInviteByEmail invites a person: the e-mail arrives in their
// language with a link that sets their first password and signs them in,
// once.
func TestInviteByEmail(t *testing.T) {
	app, sink := mailApp(t)
	admin := signedIn(t, app)
	before := len(sink.received())
	email := "nils.invited@artbyx.example"
	res, body := post(t, admin, app.url+"/admin/invitations", url.Values{"name": {"Nils Invitert"}, "email": {email}, "role": {"member"}, "unit": {""}, "language": {"sv"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, email) {
		t.Fatalf("invite: got %d, want 200 saying where it went", res.StatusCode)
	}
	if strings.Contains(body, "/invite/okt_") {
		t.Errorf("the page shows the link although it was e-mailed")
	}
	subject, text := mailTo(t, sink, before, email)
	if !strings.Contains(subject, "inbjuden") || !strings.Contains(text, "Hej Nils Invitert") {
		t.Errorf("got subject %q and text %q, want Swedish", subject, text)
	}
	link := mailLink.FindString(text)
	if link == "" || !strings.Contains(link, "/invite/") {
		t.Fatalf("no invitation link in %q", text)
	}
	path := strings.TrimPrefix(link, app.url)

	c := client(t)
	if res, _ := get(t, c, app.url+path); res.StatusCode != http.StatusOK {
		t.Fatalf("open the link: got %d, want 200", res.StatusCode)
	}
	res, body = post(t, c, app.url+path, url.Values{"password": {"short"}, "password2": {"short"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("short password: got %d, want 422", res.StatusCode)
	}
	wantField(t, body, "password", "10")
	pw := "correct horse battery"
	res, _ = post(t, c, app.url+path, url.Values{"password": {pw}, "password2": {pw}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("set password: got %d to %q, want 303 to /", res.StatusCode, res.Header.Get("Location"))
	}
	if _, body = get(t, c, app.url+"/"); !strings.Contains(body, "Nils Invitert") {
		t.Errorf("after accepting the invitation the home page does not greet the person")
	}
	res, body = post(t, client(t), app.url+path, url.Values{"password": {pw}, "password2": {pw}})
	if res.StatusCode != http.StatusGone || !strings.Contains(body, `role="alert"`) {
		t.Errorf("second use of the link: got %d, want 410 with a message", res.StatusCode)
	}
	signInAs(t, app, email, pw)
}

// TestForgotPassword resets a password by e-mail: the link works once, the
// new password signs in, the old one no longer does; an unknown address
// gets the same answer and no e-mail.
func TestForgotPassword(t *testing.T) {
	app, sink := mailApp(t)
	ctx := context.Background()
	person, err := app.db.GetPersonByEmail(ctx, "erik@artbyx.example")
	if err != nil {
		t.Fatal(err)
	}
	oldPW := "demo-erik-2026"
	signInAs(t, app, person.Email, oldPW)

	before := len(sink.received())
	res, known := post(t, client(t), app.url+"/forgot", url.Values{"email": {"ERIK@artbyx.example"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(known, `role="status"`) {
		t.Fatalf("forgot: got %d, want 200 with a notice", res.StatusCode)
	}
	subject, text := mailTo(t, sink, before, person.Email)
	if !strings.Contains(subject, "password") { // Erik's language is English
		t.Errorf("got subject %q, want English", subject)
	}
	link := mailLink.FindString(text)
	if link == "" || !strings.Contains(link, "/reset/") {
		t.Fatalf("no reset link in %q", text)
	}
	path := strings.TrimPrefix(link, app.url)
	newPW := "a new and longer password"
	c := client(t)
	res, body := post(t, c, app.url+path, url.Values{"password": {newPW}, "password2": {newPW + "x"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("mismatch: got %d, want 422", res.StatusCode)
	}
	wantField(t, body, "password2", "differ")
	if res, _ = post(t, c, app.url+path, url.Values{"password": {newPW}, "password2": {newPW}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: got %d, want 303", res.StatusCode)
	}
	signInAs(t, app, person.Email, newPW)
	res, _ = post(t, client(t), app.url+"/signin", url.Values{"email": {person.Email}, "password": {oldPW}, "next": {"/"}})
	if res.StatusCode == http.StatusSeeOther {
		t.Errorf("the old password still signs in")
	}
	if res, _ = post(t, client(t), app.url+path, url.Values{"password": {newPW}, "password2": {newPW}}); res.StatusCode != http.StatusGone {
		t.Errorf("second use of the reset link: got %d, want 410", res.StatusCode)
	}

	n := len(sink.received())
	res, unknown := post(t, client(t), app.url+"/forgot", url.Values{"email": {"nobody@artbyx.example"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(unknown, "nobody@artbyx.example") || !strings.Contains(unknown, `role="status"`) {
		t.Errorf("unknown address: got %d, want the same 200 answer", res.StatusCode)
	}
	time.Sleep(200 * time.Millisecond)
	if got := len(sink.received()); got != n {
		t.Errorf("an unknown address got %d e-mails, want 0", got-n)
	}
}

// TestInviteWithoutEmail: with e-mail off the admin gets the link to hand
// over, and the forgot-password page says to ask an admin.
func TestInviteWithoutEmail(t *testing.T) {
	app := appTest(t)
	admin := signedIn(t, app)
	setLang(t, admin, app, "en")
	res, body := post(t, admin, app.url+"/admin/invitations", url.Values{"name": {"Link Only"}, "email": {"link.only@artbyx.example"}, "role": {"member"}, "language": {""}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("invite: got %d, want 200", res.StatusCode)
	}
	link := regexp.MustCompile(`value="(http://[^"]+/invite/okt_[^"]+)"`).FindStringSubmatch(body)
	if link == nil {
		t.Fatal("the page shows no link to hand over")
	}
	pw := "handed over password"
	res, _ = post(t, client(t), link[1], url.Values{"password": {pw}, "password2": {pw}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept the handed-over link: got %d, want 303", res.StatusCode)
	}
	res, body = get(t, client(t), app.url+"/forgot", "Accept-Language", "en")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Ask an admin") {
		t.Errorf("forgot without e-mail: got %d, want a page saying to ask an admin", res.StatusCode)
	}
}
