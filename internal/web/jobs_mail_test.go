package web

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/okr-dev/okr/internal/jobs"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// hourLater tries a failed job again an hour later, so that a test
// decides when the next try happens (an admin's "run again").
type hourLater struct{}

func (hourLater) NextRetry(j *rivertype.JobRow) time.Time { return j.AttemptedAt.Add(time.Hour) }

// startJobs starts an engine ("node") for srv and stops it at cleanup.
func startJobs(t *testing.T, srv *Server, id string) *jobs.Engine {
	t.Helper()
	cfg := srv.JobConfig()
	cfg.ID, cfg.PollInterval, cfg.RetryPolicy = id, 20*time.Millisecond, hourLater{}
	e, err := jobs.Start(context.Background(), srv.DB, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := e.Stop(ctx); err != nil {
			t.Errorf("stop jobs %s: %v", id, err)
		}
	})
	return e
}

// nextEvent returns the next event of sub, failing after 60 s.
func nextEvent(t *testing.T, sub <-chan *river.Event) *river.Event {
	t.Helper()
	select {
	case e := <-sub:
		return e
	case <-time.After(60 * time.Second):
		t.Fatal("no job event in 60 s")
		return nil
	}
}

// An e-mail whose SMTP server is down is tried again, shows its error to
// the organisation's admins, and goes out once when the server is back
// and an admin runs it again; its key queues it only once.
func TestMailJobRetriesAndShowsItsError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sink, _ := startSink(t, "none", false)
		sink.refuse.Store(true)
		srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "https://okr.example.com",
			Mail: mustMailer(t, "smtp://"+sink.addr+"?tls=none", "okr@example.com", nil)}
		org, err := db.CreateOrg(ctx, "Acme", "acme")
		if err != nil {
			t.Fatal(err)
		}
		admin, err := db.CreatePerson(ctx, store.SystemActor(org.ID), okr.Person{Name: "Ada", Email: "ada@example.com", Role: okr.RoleAdmin})
		if err != nil {
			t.Fatal(err)
		}
		e := startJobs(t, srv, "node")
		sub, end := e.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
		defer end()
		m := MailJob{Key: "test:1", To: "bo@example.com", Subject: "Hei", Text: "Hei Bo"}
		if ok, err := srv.enqueueMail(ctx, org.ID, m); err != nil || !ok {
			t.Fatalf("enqueue: %v, %v", ok, err)
		}
		if ev := nextEvent(t, sub); ev.Kind != river.EventKindJobFailed {
			t.Fatalf("first try: %s, want failed", ev.Kind)
		}
		failing, err := db.Jobs(ctx, org.ID, store.JobFilter{Failing: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(failing) != 1 || !strings.Contains(failing[0].LastError, "mail system down") || failing[0].State != "retryable" {
			t.Fatalf("failing jobs: %+v, want the mail job with the server's answer", failing)
		}
		if !failing[0].RunAt.After(time.Now()) {
			t.Errorf("next try at %v, want later (backoff)", failing[0].RunAt)
		}
		sink.refuse.Store(false)
		if _, err := db.RetryJob(ctx, store.PersonActor(admin), failing[0].ID); err != nil {
			t.Fatal(err)
		}
		if ev := nextEvent(t, sub); ev.Kind != river.EventKindJobCompleted {
			t.Fatalf("second try: %s, want completed", ev.Kind)
		}
		if ok, err := srv.enqueueMail(ctx, org.ID, m); err != nil || ok {
			t.Fatalf("enqueue the same key again: inserted %v, %v", ok, err)
		}
		if got := sink.received(); len(got) != 1 || got[0].to[0] != "bo@example.com" {
			t.Fatalf("received %d messages, want 1 to bo", len(got))
		}
	})
}

// A mail job that runs again after a crash (river rescues a job whose node
// died before marking it done) does not send a second e-mail under the same
// key; the message's Message-ID comes from the key.
func TestMailJobRunAgainSendsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sink, _ := startSink(t, "none", false)
		srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "https://okr.example.com",
			Mail: mustMailer(t, "smtp://"+sink.addr+"?tls=none", "okr@example.com", nil)}
		org, err := db.CreateOrg(ctx, "Acme", "acme")
		if err != nil {
			t.Fatal(err)
		}
		w := &mailWorker{s: srv}
		job := &river.Job[MailJob]{Args: MailJob{Key: "reminder:1:2:2026-W13", OrgID: org.ID, To: "bo@example.com", Subject: "Hei", Text: "Hei Bo"}}
		for range 2 {
			if err := w.Work(ctx, job); err != nil {
				t.Fatal(err)
			}
		}
		got := sink.received()
		if len(got) != 1 {
			t.Fatalf("received %d messages, want 1", len(got))
		}
		want := "<" + keyedMessageID(job.Args.Key, "okr@example.com") + ">"
		if !strings.Contains(string(got[0].data), "Message-ID: "+want) {
			t.Errorf("no Message-ID %s in\n%s", want, got[0].data)
		}
	})
}
