package web

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/okr-dev/okr/internal/jobs"
	"github.com/okr-dev/okr/internal/notify"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// hookReceiver is an HTTP receiver on loopback that answers with its
// statuses in turn (200 when they run out) and records each request.
type hookReceiver struct {
	*httptest.Server
	mu       sync.Mutex
	statuses []int
	bodies   [][]byte
	keys     []string
	headers  []http.Header
}

func newHookReceiver(t *testing.T, statuses ...int) *hookReceiver {
	r := &hookReceiver{statuses: statuses}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.bodies, r.keys = append(r.bodies, body), append(r.keys, req.Header.Get(notify.HeaderDelivery))
		r.headers = append(r.headers, req.Header.Clone())
		status := http.StatusOK
		if len(r.statuses) > 0 {
			status, r.statuses = r.statuses[0], r.statuses[1:]
		}
		r.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *hookReceiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.bodies)
}

// socialOrg is an organisation with a team, its lead, an admin, a member,
// and the team's objective with a key result.
type socialOrg struct {
	org                 okr.Org
	admin, lead, member okr.Person
	team                okr.Unit
	objective           okr.Objective
	kr                  okr.KeyResult
}

func newSocialOrg(t *testing.T, db *store.DB, slug string) *socialOrg {
	t.Helper()
	ctx := context.Background()
	o := &socialOrg{}
	var err error
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	o.org, err = db.CreateOrg(ctx, "Acme", slug)
	must(err)
	sys := store.SystemActor(o.org.ID)
	o.admin, err = db.CreatePerson(ctx, sys, okr.Person{Name: "Ada Admin", Email: slug + "-ada@example.com", Role: okr.RoleAdmin})
	must(err)
	o.lead, err = db.CreatePerson(ctx, sys, okr.Person{Name: "Lea Lead", Email: slug + "-lea@example.com", Role: okr.RoleMember})
	must(err)
	o.team, err = db.CreateUnit(ctx, sys, okr.Unit{Name: "Salg", Kind: okr.UnitTeam, LeadIDs: []int64{o.lead.ID}})
	must(err)
	o.member, err = db.CreatePerson(ctx, sys, okr.Person{Name: "Mo Medlem", Email: slug + "-mo@example.com", Role: okr.RoleMember, UnitID: &o.team.ID, Language: "nb"})
	must(err)
	p, err := db.CreatePeriod(ctx, sys, okr.Period{Name: "Q1", Kind: okr.PeriodQuarter, Start: time.Now().AddDate(0, 0, -30), End: time.Now().AddDate(0, 0, 60)})
	must(err)
	o.objective, err = db.CreateObjective(ctx, sys, okr.Objective{PeriodID: p.ID, Title: "Flere kunder", Owner: okr.Owner{UnitID: &o.team.ID}, State: okr.StatePublished})
	must(err)
	o.kr, err = db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: o.objective.ID, Title: "Nye avtaler",
		Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 40, Unit: okr.Measure{Kind: okr.MeasureNumber}}})
	must(err)
	return o
}

// watchCompleted subscribes to the engines' completed jobs of kind at
// once (so that none finishing before the wait is missed) and returns a
// wait for n of them that fails after 60 s; failed tries are logged.
func watchCompleted(t *testing.T, kind string, engines ...*jobs.Engine) func(n int) {
	t.Helper()
	done := make(chan struct{}, 1024)
	for _, e := range engines {
		sub, end := e.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
		t.Cleanup(end)
		go func() {
			for ev := range sub {
				switch {
				case ev.Kind == river.EventKindJobFailed:
					t.Logf("job %s failed: %v", ev.Job.Kind, ev.Job.Errors)
				case ev.Job.Kind == kind:
					done <- struct{}{}
				}
			}
		}()
	}
	return func(n int) {
		t.Helper()
		for range n {
			select {
			case <-done:
			case <-time.After(60 * time.Second):
				t.Fatalf("fewer than %d %s jobs completed in 60 s", n, kind)
			}
		}
	}
}

// TestDeliveryRetriedOnTheEngine checks a delivery end to end on the job
// engine: a check-in queues the fan-out in its transaction, the fan-out
// queues the deliveries; a webhook that answers 500 gets the delivery again
// when it is retried (the failing job shows its error to admins) and the
// delivery log shows 500 then 200; the unit's Slack channel gets its
// message once.
func TestDeliveryRetriedOnTheEngine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := newSocialOrg(t, db, "engine")
		hook, slack := newHookReceiver(t, http.StatusInternalServerError), newHookReceiver(t)
		admin := store.PersonActor(o.admin)
		h, err := db.CreateHook(ctx, admin, okr.Hook{Kind: okr.HookWebhook, URL: hook.URL, Events: []string{okr.EventCheckIn}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateHook(ctx, admin, okr.Hook{Kind: okr.HookSlack, UnitID: &o.team.ID, URL: slack.URL, Events: []string{okr.EventCheckIn}}); err != nil {
			t.Fatal(err)
		}
		srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "https://okr.example.com"}
		e := startJobs(t, srv, "node")
		sub, end := e.Subscribe(river.EventKindJobFailed)
		defer end()
		delivered := watchCompleted(t, "deliver_event", e)
		if _, err := db.CreateCheckIns(ctx, store.PersonActor(o.lead), []okr.CheckIn{{KeyResultID: o.kr.ID, Value: 5, Confidence: okr.OnTrack}}); err != nil {
			t.Fatal(err)
		}
		ev := nextEvent(t, sub)
		if ev.Job.Kind != "deliver_event" {
			t.Fatalf("failed job %s, want the delivery", ev.Job.Kind)
		}
		failing, err := db.Jobs(ctx, o.org.ID, store.JobFilter{Failing: true})
		if err != nil || len(failing) != 1 || !strings.Contains(failing[0].LastError, "500") {
			t.Fatalf("failing jobs %+v (%v), want the delivery with the receiver's 500", failing, err)
		}
		if _, err := db.RetryJob(ctx, admin, failing[0].ID); err != nil {
			t.Fatal(err)
		}
		delivered(2) // Slack's, and the webhook's after the retry
		if hook.count() != 2 || hook.keys[0] != hook.keys[1] || string(hook.bodies[0]) != string(hook.bodies[1]) {
			t.Fatalf("the webhook got %d requests, want the same delivery twice", hook.count())
		}
		ds, err := db.ListDeliveries(ctx, o.org.ID, h.ID, 10)
		if err != nil || len(ds) != 1 || ds[0].State != store.DeliveryDelivered {
			t.Fatalf("deliveries %+v (%v), want one delivered", ds, err)
		}
		attempts, err := db.ListDeliveryAttempts(ctx, o.org.ID, ds[0].ID)
		if err != nil || len(attempts) != 2 || attempts[0].Status != 500 || attempts[1].Status != 200 {
			t.Fatalf("attempts %+v (%v), want 500 then 200", attempts, err)
		}
		if slack.count() != 1 {
			t.Errorf("Slack got %d messages, want 1", slack.count())
		}
	})
}

// TestDeliveriesOnceOnTwoNodes runs two engines ("nodes") on one database
// and checks that every check-in reaches the webhook exactly once.
func TestDeliveriesOnceOnTwoNodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := newSocialOrg(t, db, "twonodes")
		rx := newHookReceiver(t)
		if _, err := db.CreateHook(ctx, store.PersonActor(o.admin), okr.Hook{Kind: okr.HookWebhook, URL: rx.URL, Events: okr.EventTypes()}); err != nil {
			t.Fatal(err)
		}
		srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "https://okr.example.com"}
		a, b := startJobs(t, srv, "node-a"), startJobs(t, srv, "node-b")
		delivered := watchCompleted(t, "deliver_event", a, b)
		const n = 12
		for i := range n {
			if _, err := db.CreateCheckIns(ctx, store.PersonActor(o.lead), []okr.CheckIn{{KeyResultID: o.kr.ID, Value: float64(i), Confidence: okr.OnTrack}}); err != nil {
				t.Fatal(err)
			}
		}
		delivered(n)
		rx.mu.Lock()
		defer rx.mu.Unlock()
		seen := map[string]bool{}
		for _, k := range rx.keys {
			if seen[k] {
				t.Errorf("delivery %s arrived twice", k)
			}
			seen[k] = true
		}
		if len(rx.keys) != n {
			t.Errorf("the webhook got %d deliveries, want %d", len(rx.keys), n)
		}
	})
}

// TestNotificationByEmail checks that a person on the default channel
// gets one e-mail of a mention, in their language, with a link under the
// base URL, and that one who chose the app only gets no e-mail but sees the
// notification in the app.
func TestNotificationByEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := newSocialOrg(t, db, "mail")
		sink, _ := startSink(t, "none", false)
		srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "https://okr.example.com",
			Mail: mustMailer(t, "smtp://"+sink.addr+"?tls=none", "okr@example.com", nil)}
		if _, err := db.SetNotifyPrefs(ctx, store.PersonActor(o.lead), o.lead.ID, okr.NotifyPrefs{Channel: okr.ChannelInApp}, o.lead.Version); err != nil {
			t.Fatal(err)
		}
		e := startJobs(t, srv, "node")
		mailed := watchCompleted(t, "mail", e)
		c, err := db.AddComment(ctx, store.PersonActor(o.admin), store.CommentTarget{ObjectiveID: o.objective.ID}, "Hei @[Mo Medlem] og @[Lea Lead]")
		if err != nil {
			t.Fatal(err)
		}
		mailed(1)
		got := sink.received()
		if len(got) != 1 || got[0].to[0] != o.member.Email {
			t.Fatalf("received %d e-mails, want 1 to the member", len(got))
		}
		msg := string(got[0].data)
		link := "https://okr.example.com/objectives/" + strconv.FormatInt(o.objective.ID, 10) + "#comment-" + strconv.FormatInt(c.ID, 10)
		for _, want := range []string{"Ada Admin kommenterte", "Hei Mo Medlem", "fordi noen nevnte deg", link} {
			if !strings.Contains(msg, want) {
				t.Errorf("the e-mail lacks %q:\n%s", want, msg)
			}
		}
		ns, err := db.ListNotifications(ctx, o.org.ID, o.lead.ID, 0, 10)
		if err != nil || len(ns) != 1 || ns[0].Kind != okr.NotifyMention {
			t.Errorf("the lead's notifications %+v (%v), want the mention in the app", ns, err)
		}
	})
}

// TestFanOutLeavesHeldEventsToTheirHolder holds one waiting event in
// another transaction on PostgreSQL, as a fan-out on another node does
// while it works, and fans out: the other events fan out and the fan-out
// returns at once instead of spinning until the holder finishes (it asked
// whether events waited, counted the held one, and tried again: 11,600
// claims and counts in ten seconds of the load test's mix).
func TestFanOutLeavesHeldEventsToTheirHolder(t *testing.T) {
	dsn := storetest.DSN(t, store.DialectPostgres)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	o := newSocialOrg(t, db, "held")
	for i := range 3 {
		if _, err := db.CreateCheckIns(ctx, store.PersonActor(o.lead), []okr.CheckIn{{KeyResultID: o.kr.ID, Value: float64(i + 1), Confidence: okr.OnTrack}}); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	holder, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback()
	var held int64
	if err := holder.QueryRowContext(ctx, `SELECT id FROM events WHERE fanned_at IS NULL ORDER BY id LIMIT 1 FOR UPDATE`).Scan(&held); err != nil {
		t.Fatal(err)
	}
	srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "https://okr.example.com"}
	bounded, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := srv.fanOut(bounded, o.org.ID); err != nil {
		t.Fatalf("fan-out with an event held elsewhere: %v", err)
	}
	var waiting []int64
	rows, err := raw.QueryContext(ctx, `SELECT id FROM events WHERE fanned_at IS NULL ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		waiting = append(waiting, id)
	}
	if len(waiting) != 1 || waiting[0] != held {
		t.Errorf("events waiting after the fan-out: %v, want only the held %d", waiting, held)
	}
}
