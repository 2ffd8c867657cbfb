package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/riverqueue/river"
)

// An e-mail the SMTP server refuses shows on the admin page of background
// jobs with the server's answer; "Run again now" runs it again, and it is
// sent once the server is back.
func TestAdminJobsPageShowsFailures(t *testing.T) {
	app := appTest(t)
	ctx := context.Background()
	sink, _ := startSink(t, "none", false)
	sink.refuse.Store(true)
	node := &Server{DB: app.db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "https://okr.example.com",
		Mail: mustMailer(t, "smtp://"+sink.addr+"?tls=none", "okr@example.com", nil)}
	e := startJobs(t, node, "node")
	sub, end := e.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	defer end()
	if _, err := node.enqueueMail(ctx, app.orgID, MailJob{Key: "admin-jobs-test", To: "x@example.com", Subject: "s", Text: "t"}); err != nil {
		t.Fatal(err)
	}
	// The shared app's other jobs (such as the fan-out of the demo's
	// check-ins) may finish first: wait for the e-mail's.
	ev := nextEvent(t, sub)
	for ev.Job.Kind != "mail" {
		ev = nextEvent(t, sub)
	}
	if ev.Kind != river.EventKindJobFailed {
		t.Fatalf("first try: %s, want failed", ev.Kind)
	}
	c := signedIn(t, app)
	res, body := get(t, c, app.url+"/admin/jobs")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /admin/jobs: %d", res.StatusCode)
	}
	doc := document(t, body)
	row := one(t, doc, `#jobs-failing tr[data-state]`)
	if got := textOf(row, ".job-error"); !strings.Contains(got, "mail system down") {
		t.Errorf("failing job's error %q, want the SMTP server's answer", got)
	}
	action, _ := row.Find("form").Attr("action")
	sink.refuse.Store(false)
	res, _ = post(t, c, app.url+action, url.Values{})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("retry: %d, want 303", res.StatusCode)
	}
	ev = nextEvent(t, sub)
	for ev.Job.Kind != "mail" {
		ev = nextEvent(t, sub)
	}
	if ev.Kind != river.EventKindJobCompleted {
		t.Fatalf("after retry: %s, want completed", ev.Kind)
	}
	if n := len(sink.received()); n != 1 {
		t.Errorf("received %d messages, want 1", n)
	}
	_, body = get(t, c, app.url+"/admin/jobs")
	if n := document(t, body).Find(`#jobs-failing tr[data-state]`).Length(); n != 0 {
		t.Errorf("%d failing jobs after the retry, want none", n)
	}
}
