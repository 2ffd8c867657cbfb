package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
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
	// The shared app's other jobs (the fan-out of other tests' check-ins
	// and comments, their notification e-mails, which this refusing server
	// fails too) may finish first: wait for this e-mail's.
	ours := func(ev *river.Event) bool { return strings.Contains(string(ev.Job.EncodedArgs), "admin-jobs-test") }
	ev := nextEvent(t, sub)
	for !ours(ev) {
		ev = nextEvent(t, sub)
	}
	id := strconv.FormatInt(ev.Job.ID, 10)
	if ev.Kind != river.EventKindJobFailed {
		t.Fatalf("first try: %s, want failed", ev.Kind)
	}
	c := signedIn(t, app)
	res, body := get(t, c, app.url+"/admin/jobs")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /admin/jobs: %d", res.StatusCode)
	}
	doc := document(t, body)
	row := one(t, doc, `#jobs-failing tr[data-job="`+id+`"]`)
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
	for !ours(ev) {
		ev = nextEvent(t, sub)
	}
	if ev.Kind != river.EventKindJobCompleted {
		t.Fatalf("after retry: %s, want completed", ev.Kind)
	}
	n := 0
	for _, m := range sink.received() {
		if len(m.to) == 1 && m.to[0] == "x@example.com" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("received the e-mail %d times, want once", n)
	}
	_, body = get(t, c, app.url+"/admin/jobs")
	if n := document(t, body).Find(`#jobs-failing tr[data-job="` + id + `"]`).Length(); n != 0 {
		t.Errorf("the e-mail's job is still failing after the retry")
	}
}
