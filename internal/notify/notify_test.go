package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/event"
	"github.com/okr-dev/okr/internal/notify"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
	"github.com/okr-dev/okr/internal/web/i18n"
)

var ctx = context.Background()

func must[T any](v T, err error) func(tb testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}

// org is an organisation with a unit tree (company > team), a lead of
// the team and an objective of the team with a key result.
type org struct {
	db            *store.DB
	org           okr.Org
	admin, lead   okr.Person
	company, team okr.Unit
	objective     okr.Objective
	kr            okr.KeyResult
}

func newOrg(t *testing.T, db *store.DB, slug string) *org {
	t.Helper()
	o := &org{db: db}
	o.org = must(db.CreateOrg(ctx, "Fjordkraft", slug))(t)
	sys := store.SystemActor(o.org.ID)
	o.admin = must(db.CreatePerson(ctx, sys, okr.Person{Name: "Ada Admin", Email: slug + "-admin@example.com", Role: okr.RoleAdmin}))(t)
	o.company = must(db.CreateUnit(ctx, sys, okr.Unit{Name: "Fjordkraft", Kind: okr.UnitCompany}))(t)
	o.lead = must(db.CreatePerson(ctx, sys, okr.Person{Name: "Lea <Lead> & co", Email: slug + "-lead@example.com", Role: okr.RoleMember}))(t)
	o.team = must(db.CreateUnit(ctx, sys, okr.Unit{Name: "Salg", Kind: okr.UnitTeam, ParentID: &o.company.ID, LeadIDs: []int64{o.lead.ID}}))(t)
	p := must(db.CreatePeriod(ctx, sys, okr.Period{Name: "Q1", Kind: okr.PeriodQuarter,
		Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}))(t)
	o.objective = must(db.CreateObjective(ctx, sys, okr.Objective{PeriodID: p.ID, Title: "Flere kunder", Owner: okr.Owner{UnitID: &o.team.ID}, State: okr.StatePublished}))(t)
	o.kr = must(db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: o.objective.ID, Title: "Nye avtaler",
		Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 40, Unit: okr.Measure{Kind: okr.MeasureNumber}}}))(t)
	return o
}

// receiver is an HTTP server on loopback that records what it receives
// and answers with the next of its statuses (200 when they run out).
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	statuses []int
	got      []received
}

type received struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	r := &receiver{statuses: statuses}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{req.Header.Clone(), body})
		status := http.StatusOK
		if len(r.statuses) > 0 {
			status, r.statuses = r.statuses[0], r.statuses[1:]
		}
		r.mu.Unlock()
		w.WriteHeader(status)
		_, _ = w.Write([]byte("ok"))
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) received() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

func sender(t *testing.T, db *store.DB) *notify.Sender {
	b := must(i18n.New())(t)
	return &notify.Sender{DB: db, I18n: b}
}

// deliverAll fans out the events and tries each new delivery once.
func deliverAll(t *testing.T, s *notify.Sender) []int64 {
	t.Helper()
	ids := must(s.DB.FanOutEvents(ctx, "https://okr.example.com", 0, 100))(t)
	for _, id := range ids {
		_ = s.Attempt(ctx, id, false)
	}
	return ids
}

// TestWebhookSignedPayload registers a webhook for check-ins and checks
// that a check-in reaches a real receiver once, with the documented
// headers, a valid HMAC-SHA256 signature of timestamp and body, and the
// versioned payload; that a comment (an event it did not choose) does not;
// and that a tampered body or another secret fails the check.
func TestWebhookSignedPayload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		o := newOrg(t, db, "hook")
		rx := newReceiver(t)
		h := must(db.CreateHook(ctx, store.PersonActor(o.admin), okr.Hook{Kind: okr.HookWebhook, URL: rx.URL + "/okr", Events: []string{okr.EventCheckIn}}))(t)
		if !strings.HasPrefix(h.Secret, "whsec_") || len(h.Secret) < 40 {
			t.Fatalf("new webhook secret = %q, want a long whsec_ secret", h.Secret)
		}
		if hs := must(db.ListHooks(ctx, o.org.ID))(t); len(hs) != 1 || hs[0].Secret != "" {
			t.Fatalf("ListHooks = %+v, want the hook without its secret", hs)
		}
		s := sender(t, db)
		must(db.CreateCheckIns(ctx, store.PersonActor(o.lead), []okr.CheckIn{{KeyResultID: o.kr.ID, Value: 12, Confidence: okr.OnTrack, Comment: "Tre nye"}}))(t)
		must(db.AddComment(ctx, store.PersonActor(o.admin), store.CommentTarget{ObjectiveID: o.objective.ID}, "Flott"))(t)
		deliverAll(t, s)
		got := rx.received()
		if len(got) != 1 {
			t.Fatalf("the receiver got %d deliveries, want 1 (the check-in, not the comment)", len(got))
		}
		r := got[0]
		ts := must(strconv.ParseInt(r.header.Get(notify.HeaderTimestamp), 10, 64))(t)
		if d := time.Since(time.Unix(ts, 0)); d < 0 || d > time.Minute {
			t.Errorf("timestamp %d is %v from now, want the time of sending", ts, d)
		}
		sig := r.header.Get(notify.HeaderSignature)
		// Verified as docs/webhooks.md tells receivers to, by hand.
		mac := hmac.New(sha256.New, []byte(h.Secret))
		mac.Write([]byte(strconv.FormatInt(ts, 10) + "."))
		mac.Write(r.body)
		if want := "sha256=" + hex.EncodeToString(mac.Sum(nil)); sig != want || !notify.Verify(h.Secret, ts, r.body, sig) {
			t.Errorf("signature %q, want %q", sig, want)
		}
		if notify.Verify(h.Secret, ts, append(r.body, ' '), sig) || notify.Verify("whsec_other", ts, r.body, sig) || notify.Verify(h.Secret, ts+1, r.body, sig) {
			t.Error("the signature verifies a changed body, secret or timestamp")
		}
		if r.header.Get(notify.HeaderEvent) != okr.EventCheckIn || r.header.Get(notify.HeaderVersion) != "1" ||
			!strings.HasPrefix(r.header.Get(notify.HeaderDelivery), "event:") || r.header.Get("Content-Type") != "application/json" {
			t.Errorf("headers = %v, want event, version, delivery key and JSON", r.header)
		}
		p := must(event.Decode(r.body))(t)
		if p.Type != okr.EventCheckIn || p.CheckIn == nil || p.CheckIn.Value != 12 || p.CheckIn.Confidence != "on_track" || p.CheckIn.Comment != "Tre nye" ||
			p.KeyResult == nil || p.KeyResult.Title != "Nye avtaler" || p.Objective.Title != "Flere kunder" || p.Actor == nil || p.Actor.ID != o.lead.ID ||
			p.Objective.Owner == nil || p.Objective.Owner.Name != "Salg" || p.Organisation.ID != o.org.ID ||
			p.Objective.URL != "https://okr.example.com/objectives/"+strconv.FormatInt(o.objective.ID, 10) {
			t.Errorf("payload = %s, want the check-in with its key result, objective, owner, actor and link", r.body)
		}
		ds := must(db.ListDeliveries(ctx, o.org.ID, h.ID, 10))(t)
		if len(ds) != 1 || ds[0].State != store.DeliveryDelivered || ds[0].LastStatus != 200 || ds[0].Attempts != 1 {
			t.Errorf("delivery log = %+v, want one delivered with 200", ds)
		}
		// Trying a delivered delivery again sends nothing.
		if err := s.Attempt(ctx, ds[0].ID, false); err != nil || len(rx.received()) != 1 {
			t.Errorf("a second attempt of a delivered delivery: %v, receiver got %d", err, len(rx.received()))
		}
	})
}

// TestDeliveryRetried checks that a receiver answering 500 gets the
// delivery again, that the log shows 500 then 200, and that a 410 is
// given up at once.
func TestDeliveryRetried(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		o := newOrg(t, db, "retry")
		rx := newReceiver(t, http.StatusInternalServerError, http.StatusOK)
		h := must(db.CreateHook(ctx, store.PersonActor(o.admin), okr.Hook{Kind: okr.HookWebhook, URL: rx.URL, Events: okr.EventTypes()}))(t)
		s := sender(t, db)
		must(db.CreateCheckIns(ctx, store.PersonActor(o.lead), []okr.CheckIn{{KeyResultID: o.kr.ID, Value: 3, Confidence: okr.AtRisk}}))(t)
		ids := must(db.FanOutEvents(ctx, "https://okr.example.com", 0, 10))(t)
		if len(ids) != 1 {
			t.Fatalf("fan-out made %d deliveries, want 1", len(ids))
		}
		if err := s.Attempt(ctx, ids[0], false); err == nil {
			t.Fatal("the attempt answered 500 returned no error: the engine would not retry")
		}
		if err := s.Attempt(ctx, ids[0], false); err != nil {
			t.Fatalf("the second attempt: %v", err)
		}
		got := rx.received()
		if len(got) != 2 || string(got[0].body) != string(got[1].body) || got[0].header.Get(notify.HeaderDelivery) != got[1].header.Get(notify.HeaderDelivery) {
			t.Fatalf("the receiver got %d requests, want the same body and delivery key twice", len(got))
		}
		attempts := must(db.ListDeliveryAttempts(ctx, o.org.ID, ids[0]))(t)
		if len(attempts) != 2 || attempts[0].Status != 500 || attempts[1].Status != 200 || !strings.Contains(attempts[0].Error, "500") {
			t.Errorf("attempts = %+v, want 500 (with its error) then 200", attempts)
		}
		if d := must(db.ListDeliveries(ctx, o.org.ID, h.ID, 10))(t)[0]; d.State != store.DeliveryDelivered || d.Attempts != 2 {
			t.Errorf("delivery = %+v, want delivered after 2 attempts", d)
		}

		gone := newReceiver(t, http.StatusGone)
		must(db.CreateHook(ctx, store.PersonActor(o.admin), okr.Hook{Kind: okr.HookWebhook, URL: gone.URL, Events: okr.EventTypes()}))(t)
		must(db.CreateCheckIns(ctx, store.PersonActor(o.lead), []okr.CheckIn{{KeyResultID: o.kr.ID, Value: 4, Confidence: okr.AtRisk}}))(t)
		for _, id := range must(db.FanOutEvents(ctx, "https://okr.example.com", 0, 10))(t) {
			err := s.Attempt(ctx, id, false)
			d := must(db.GetDelivery(ctx, id))(t)
			if d.Hook.URL == gone.URL && (d.State != store.DeliveryFailed || !strings.Contains(err.Error(), "permanent")) {
				t.Errorf("a 410 left the delivery %s (%v), want failed and permanent", d.State, err)
			}
		}
	})
}

// TestSlackAndTeamsMessages registers a Slack hook on the company and a
// Teams hook on the team and checks that a comment on the team's
// objective reaches both, formatted for each, in the organisation's
// language, and that a hook of a unit below never hears of objectives
// above it.
func TestSlackAndTeamsMessages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		o := newOrg(t, db, "chat")
		slack, teams, below := newReceiver(t), newReceiver(t), newReceiver(t)
		admin := store.PersonActor(o.admin)
		must(db.CreateHook(ctx, admin, okr.Hook{Kind: okr.HookSlack, UnitID: &o.company.ID, URL: slack.URL, Events: []string{okr.EventComment, okr.EventCheckIn}}))(t)
		must(db.CreateHook(ctx, admin, okr.Hook{Kind: okr.HookTeams, UnitID: &o.team.ID, URL: teams.URL, Events: []string{okr.EventComment}}))(t)
		sys := store.SystemActor(o.org.ID)
		sub := must(db.CreateUnit(ctx, sys, okr.Unit{Name: "Salg Nord", Kind: okr.UnitTeam, ParentID: &o.team.ID}))(t)
		must(db.CreateHook(ctx, admin, okr.Hook{Kind: okr.HookSlack, UnitID: &sub.ID, URL: below.URL, Events: okr.EventTypes()}))(t)
		_, err := db.CreateHook(ctx, admin, okr.Hook{Kind: okr.HookSlack, URL: slack.URL, Events: okr.EventTypes()})
		if okr.ErrorCode(err) != okr.EINVALID {
			t.Errorf("a Slack hook without a unit: %v, want EINVALID", err)
		}
		s := sender(t, db)
		must(db.AddComment(ctx, store.PersonActor(o.admin), store.CommentTarget{ObjectiveID: o.objective.ID, KeyResultID: o.kr.ID},
			"Hva mangler, @[Lea <Lead> & co]?"))(t)
		deliverAll(t, s)
		if n := len(below.received()); n != 0 {
			t.Errorf("the hook of a unit below the owner got %d messages, want none", n)
		}

		sm := slack.received()
		if len(sm) != 1 || sm[0].header.Get(notify.HeaderSignature) != "" {
			t.Fatalf("Slack got %d messages, want 1 without a webhook signature", len(sm))
		}
		var msg struct {
			Text   string `json:"text"`
			Blocks []struct {
				Type string `json:"type"`
				Text struct {
					Type, Text string
				} `json:"text"`
				Elements []struct{ Type, Text string } `json:"elements"`
			} `json:"blocks"`
		}
		if err := json.Unmarshal(sm[0].body, &msg); err != nil {
			t.Fatalf("Slack body %s: %v", sm[0].body, err)
		}
		url := "https://okr.example.com/objectives/" + strconv.FormatInt(o.objective.ID, 10) + "#comment-"
		if msg.Text != "Ada Admin kommenterte nøkkelresultatet «Nye avtaler»" || len(msg.Blocks) != 2 ||
			msg.Blocks[0].Type != "section" || msg.Blocks[0].Text.Type != "mrkdwn" ||
			!strings.HasPrefix(msg.Blocks[0].Text.Text, "*<"+url) ||
			!strings.Contains(msg.Blocks[0].Text.Text, "|Ada Admin kommenterte nøkkelresultatet «Nye avtaler»>*\nHva mangler, @Lea &lt;Lead&gt; &amp; co?") ||
			msg.Blocks[1].Type != "context" || msg.Blocks[1].Elements[0].Text != "Fjordkraft · Flere kunder" {
			t.Errorf("Slack message = %s, want the Norwegian summary linked to the comment, the escaped text and the context", sm[0].body)
		}

		tm := teams.received()
		if len(tm) != 1 {
			t.Fatalf("Teams got %d messages, want 1", len(tm))
		}
		var card struct {
			Type        string `json:"type"`
			Attachments []struct {
				ContentType string `json:"contentType"`
				Content     struct {
					Type    string `json:"type"`
					Version string `json:"version"`
					Body    []struct {
						Type, Text string
						Facts      []struct{ Title, Value string }
					} `json:"body"`
					Actions []struct{ Type, Title, URL string } `json:"actions"`
				} `json:"content"`
			} `json:"attachments"`
		}
		if err := json.Unmarshal(tm[0].body, &card); err != nil {
			t.Fatalf("Teams body %s: %v", tm[0].body, err)
		}
		a := card.Attachments
		if card.Type != "message" || len(a) != 1 || a[0].ContentType != "application/vnd.microsoft.card.adaptive" ||
			a[0].Content.Type != "AdaptiveCard" || len(a[0].Content.Body) != 3 ||
			a[0].Content.Body[0].Text != "Ada Admin kommenterte nøkkelresultatet «Nye avtaler»" ||
			a[0].Content.Body[1].Text != "Hva mangler, @Lea <Lead> & co?" ||
			a[0].Content.Body[2].Facts[0].Value != "Flere kunder" ||
			len(a[0].Content.Actions) != 1 || a[0].Content.Actions[0].Type != "Action.OpenUrl" || !strings.HasPrefix(a[0].Content.Actions[0].URL, url) {
			t.Errorf("Teams message = %s, want an Adaptive Card with the summary, the text, the objective and a link", tm[0].body)
		}
	})
}

// TestHooksTenancyAndRights checks that only admins manage hooks, that a
// hook never hears of another organisation's events, and that a unit of
// another organisation cannot be chosen.
func TestHooksTenancyAndRights(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a, b := newOrg(t, db, "tenant-a"), newOrg(t, db, "tenant-b")
		rx := newReceiver(t)
		_, err := db.CreateHook(ctx, store.PersonActor(a.lead), okr.Hook{Kind: okr.HookWebhook, URL: rx.URL, Events: okr.EventTypes()})
		if okr.ErrorCode(err) != okr.EFORBIDDEN {
			t.Errorf("a member registering a webhook: %v, want EFORBIDDEN", err)
		}
		_, err = db.CreateHook(ctx, store.PersonActor(b.admin), okr.Hook{Kind: okr.HookSlack, UnitID: &a.team.ID, URL: rx.URL, Events: okr.EventTypes()})
		if okr.ErrorCode(err) != okr.ENOTFOUND {
			t.Errorf("a Slack hook on another organisation's unit: %v, want ENOTFOUND", err)
		}
		hb := must(db.CreateHook(ctx, store.PersonActor(b.admin), okr.Hook{Kind: okr.HookWebhook, URL: rx.URL, Events: okr.EventTypes()}))(t)
		must(db.CreateCheckIns(ctx, store.PersonActor(a.lead), []okr.CheckIn{{KeyResultID: a.kr.ID, Value: 1, Confidence: okr.OnTrack}}))(t)
		deliverAll(t, sender(t, db))
		if n := len(rx.received()); n != 0 {
			t.Errorf("B's webhook got %d deliveries of A's check-in, want none", n)
		}
		if ds := must(db.ListDeliveries(ctx, a.org.ID, hb.ID, 10))(t); len(ds) != 0 {
			t.Errorf("A lists %d deliveries of B's hook", len(ds))
		}
		if err := db.ArchiveHook(ctx, store.PersonActor(a.admin), hb.ID, hb.Version); okr.ErrorCode(err) != okr.ENOTFOUND {
			t.Errorf("A archiving B's hook: %v, want ENOTFOUND", err)
		}
		if err := db.ArchiveHook(ctx, store.PersonActor(b.admin), hb.ID, hb.Version+1); okr.ErrorCode(err) != okr.ESTALE {
			t.Errorf("archiving at a wrong version: %v, want ESTALE", err)
		}
		if err := db.ArchiveHook(ctx, store.PersonActor(b.admin), hb.ID, hb.Version); err != nil {
			t.Fatalf("B archiving its hook: %v", err)
		}
		if hs := must(db.ListHooks(ctx, b.org.ID))(t); len(hs) != 0 {
			t.Errorf("B lists %d hooks after archiving, want none", len(hs))
		}
		entries := must(db.ListAudit(ctx, b.org.ID, store.AuditFilter{ObjectType: "hook", ObjectID: hb.ID}))(t)
		if len(entries) != 2 || strings.Contains(entries[0].After, "whsec_") || strings.Contains(entries[1].After, "whsec_") {
			t.Errorf("the hook's audit entries = %+v, want create and archive without the secret", entries)
		}
	})
}
