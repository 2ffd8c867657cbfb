package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"maps"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// rhythmOrg is an organisation with a team, its lead, a member with a key
// result that never got a check-in, and a member on leave (reminders
// paused) with another.
type rhythmOrg struct {
	org                okr.Org
	lead, member, away okr.Person
	period             okr.Period
	// friday is a check-in day (09:05 in Oslo) more than two weeks after
	// the key results were published: reminders and escalation are due.
	friday time.Time
}

func mustRhythmOrg(t *testing.T, db *store.DB) *rhythmOrg {
	t.Helper()
	ctx := context.Background()
	r := &rhythmOrg{}
	var err error
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	r.org, err = db.CreateOrg(ctx, "Acme", "acme")
	must(err)
	settings := r.org.Settings
	settings.HolidayCountry = okr.HolidaysNone // the dates below are relative to today
	r.org, err = db.UpdateOrgSettings(ctx, store.SystemActor(r.org.ID), settings, r.org.Version)
	must(err)
	sys := store.SystemActor(r.org.ID)
	r.lead, err = db.CreatePerson(ctx, sys, okr.Person{Name: "Lea Lead", Email: "lea@example.com", Role: okr.RoleMember, Language: "en"})
	must(err)
	team, err := db.CreateUnit(ctx, sys, okr.Unit{Name: "Team", Kind: okr.UnitCompany, LeadIDs: []int64{r.lead.ID}})
	must(err)
	r.member, err = db.CreatePerson(ctx, sys, okr.Person{Name: "Mo Member", Email: "mo@example.com", Role: okr.RoleMember, UnitID: &team.ID, Language: "nb"})
	must(err)
	r.away, err = db.CreatePerson(ctx, sys, okr.Person{Name: "Bo Away", Email: "bo@example.com", Role: okr.RoleMember, UnitID: &team.ID})
	must(err)
	r.away, err = db.SetNotifyPrefs(ctx, store.PersonActor(r.away), r.away.ID, okr.NotifyPrefs{PauseReminders: true}, r.away.Version)
	must(err)
	today := time.Now().UTC().Truncate(24 * time.Hour)
	r.period, err = db.CreatePeriod(ctx, sys, okr.Period{Name: "Now", Kind: okr.PeriodCustom, Start: today.AddDate(0, 0, -30), End: today.AddDate(0, 0, 90)})
	must(err)
	o, err := db.CreateObjective(ctx, sys, okr.Objective{PeriodID: r.period.ID, Title: "Delight customers", Owner: okr.Owner{UnitID: &team.ID}, State: okr.StatePublished})
	must(err)
	for _, p := range []okr.Person{r.member, r.away} {
		_, err = db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: o.ID, Title: "NPS from 20 to 45 (" + p.Name + ")", Owner: okr.Owner{PersonID: &p.ID},
			Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 20, Target: 45}})
		must(err)
	}
	oslo, _ := time.LoadLocation("Europe/Oslo")
	w := r.org.Settings.Rhythm().CheckIn
	r.friday = w.Next(time.Now().AddDate(0, 0, 15)).Add(5 * time.Minute).In(oslo)
	return r
}

// node is one okr serve: its own database handle and job engine on the
// shared database, and the server's clock at the check-in day.
func startNode(t *testing.T, dsn, id string, sink *smtpSink, now time.Time) (*Server, <-chan *river.Event) {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "https://okr.example.com",
		Mail: mustMailer(t, "smtp://"+sink.addr+"?tls=none", "okr@example.com", nil), Now: func() time.Time { return now }}
	e := startJobs(t, srv, id)
	sub, end := e.Subscribe(river.EventKindJobCompleted)
	t.Cleanup(end)
	return srv, sub
}

// Two nodes on one database, both ticking at the same moment: the member
// gets one reminder in Norwegian with a link into their check-in, the lead
// one escalation in English, the member on leave nothing, and ticking
// again sends nothing more.
func TestRemindersOnceOnTwoNodes(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			sink, _ := startSink(t, "none", false)
			first, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			r := mustRhythmOrg(t, first)
			first.Close()
			a, subA := startNode(t, dsn, "node-a", sink, r.friday)
			b, subB := startNode(t, dsn, "node-b", sink, r.friday)
			ctx := context.Background()
			var wg sync.WaitGroup
			for _, srv := range []*Server{a, b, a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := srv.RhythmTick(ctx); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			waitJobsDone(t, a.DB, r.org.ID, 3, subA, subB) // the run and two e-mails
			if err := b.RhythmTick(ctx); err != nil {
				t.Fatal(err)
			}
			jobs, err := a.DB.Jobs(ctx, r.org.ID, store.JobFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(jobs) != 3 {
				t.Errorf("jobs after another tick: %d, want the same 3", len(jobs))
			}
			got := map[string]*mail.Message{}
			for _, m := range sink.received() {
				if got[m.to[0]] != nil {
					t.Errorf("a second e-mail to %s", m.to[0])
				}
				pm, err := mail.ReadMessage(bytes.NewReader(m.data))
				if err != nil {
					t.Fatal(err)
				}
				got[m.to[0]] = pm
			}
			if len(got) != 2 || got["mo@example.com"] == nil || got["lea@example.com"] == nil {
				t.Fatalf("e-mails to %v, want Mo and Lea", keys(got))
			}
			mo := decodedSubject(t, got["mo@example.com"])
			if !strings.Contains(mo, "Tid for innsjekk: 1 nøkkelresultat") {
				t.Errorf("Mo's subject %q, want the Norwegian reminder", mo)
			}
			if lea := decodedSubject(t, got["lea@example.com"]); !strings.Contains(lea, "1 key result in your unit has gone without check-ins") {
				t.Errorf("Lea's subject %q, want the English escalation", lea)
			}
			body := bodyOf(t, sink, "mo@example.com")
			if !strings.Contains(body, "https://okr.example.com/checkin?period=") || !strings.Contains(body, "Mo Member") {
				t.Errorf("Mo's e-mail has no link into the check-in:\n%s", body)
			}
			if strings.Contains(bodyOf(t, sink, "lea@example.com"), "Bo Away") {
				t.Error("the escalation names the key result of someone on leave")
			}
			// The bell: Mo's reminder once, none for Bo who paused them.
			for _, tt := range []struct {
				p    okr.Person
				want int
			}{{r.member, 1}, {r.away, 0}} {
				ns, err := a.DB.ListNotifications(ctx, r.org.ID, tt.p.ID, 0, 10)
				if err != nil || len(ns) != tt.want || (tt.want == 1 && ns[0].Kind != okr.NotifyReminder) {
					t.Errorf("%s's notifications %+v (%v), want %d reminder", tt.p.Name, ns, err, tt.want)
				}
			}
		})
	}
}

func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func decodedSubject(t *testing.T, m *mail.Message) string {
	t.Helper()
	s, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// bodyOf returns the raw message to the address, decoded enough to search
// its text.
func bodyOf(t *testing.T, sink *smtpSink, to string) string {
	t.Helper()
	for _, m := range sink.received() {
		if m.to[0] == to {
			b, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(m.data)))
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no e-mail to %s", to)
	return ""
}

// waitJobsDone waits until the organisation has n jobs, all completed,
// re-checking on every completion event of the nodes.
func waitJobsDone(t *testing.T, db *store.DB, orgID int64, n int, subs ...<-chan *river.Event) {
	t.Helper()
	merged := make(chan *river.Event, 64)
	for _, s := range subs {
		go func() {
			for e := range s {
				merged <- e
			}
		}()
	}
	timeout := time.After(60 * time.Second)
	for {
		jobs, err := db.Jobs(context.Background(), orgID, store.JobFilter{})
		if err != nil {
			t.Fatal(err)
		}
		done := 0
		for _, j := range jobs {
			if j.State == "completed" {
				done++
			}
		}
		if done >= n && done == len(jobs) {
			return
		}
		select {
		case <-merged:
		case <-timeout:
			t.Fatalf("jobs not done in 60 s: %+v", jobs)
		}
	}
}

// The Monday digest: the team's lead hears of the check-in with its
// comment and the new objective, a colleague who follows the objective
// hears the same in Swedish, a member with nothing to follow gets nothing.
func TestDigestTellsWhatHappened(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := mustRhythmOrg(t, db)
		sys := store.SystemActor(r.org.ID)
		otto, err := db.CreatePerson(ctx, sys, okr.Person{Name: "Otto Other", Email: "otto@example.com", Role: okr.RoleMember, Language: "sv"})
		if err != nil {
			t.Fatal(err)
		}
		objs, _, err := db.ListObjectives(ctx, r.org.ID, store.ObjectiveFilter{PeriodID: r.period.ID})
		if err != nil || len(objs) != 1 {
			t.Fatalf("objectives: %v", err)
		}
		if err := db.Follow(ctx, store.PersonActor(otto), store.FollowObjective, objs[0].ID); err != nil {
			t.Fatal(err)
		}
		krs, err := db.ListKeyResults(ctx, r.org.ID, []int64{objs[0].ID}, false)
		if err != nil {
			t.Fatal(err)
		}
		var moKR okr.KeyResult
		for _, kr := range krs {
			if *kr.Owner.PersonID == r.member.ID {
				moKR = kr
			}
		}
		if _, err := db.CreateCheckIns(ctx, store.PersonActor(r.member), []okr.CheckIn{{KeyResultID: moKR.ID, Value: 40,
			Confidence: okr.OnTrack, Comment: "Godt samarbeid med salg", At: time.Now().Add(-time.Minute)}}); err != nil {
			t.Fatal(err)
		}
		sink, _ := startSink(t, "none", false)
		w := r.org.Settings.Rhythm().Digest
		monday := w.Next(time.Now()).Add(5 * time.Minute)
		srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "https://okr.example.com",
			Mail: mustMailer(t, "smtp://"+sink.addr+"?tls=none", "okr@example.com", nil), Now: func() time.Time { return monday }}
		e := startJobs(t, srv, "node")
		sub, end := e.Subscribe(river.EventKindJobCompleted)
		defer end()
		if err := srv.RhythmTick(ctx); err != nil {
			t.Fatal(err)
		}
		// The run and two digests; the check-in's notification e-mails (to
		// followers and leads) go out beside them.
		waitJobsDone(t, db, r.org.ID, 3, sub)
		digests := map[string]string{}
		for _, m := range sink.received() {
			b, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(m.data)))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), "<title>Your OKR week in") || strings.Contains(string(b), "<title>Din OKR-vecka i") || strings.Contains(string(b), "<title>OKR-uken din i") {
				if _, twice := digests[m.to[0]]; twice {
					t.Errorf("two digests to %s", m.to[0])
				}
				digests[m.to[0]] = string(b)
			}
		}
		if len(digests) != 2 || digests["lea@example.com"] == "" || digests["otto@example.com"] == "" {
			t.Fatalf("digests to %v, want Lea and Otto", slices.Collect(maps.Keys(digests)))
		}
		lea := digests["lea@example.com"]
		for _, want := range []string{"1 check-in", "Godt samarbeid med salg", "Mo Member", "1 new objective", "Delight customers", "https://okr.example.com/objectives/"} {
			if !strings.Contains(lea, want) {
				t.Errorf("Lea's digest lacks %q:\n%s", want, lea)
			}
		}
		if otto := digests["otto@example.com"]; !strings.Contains(otto, "1 avstämning") || !strings.Contains(otto, "Godt samarbeid med salg") {
			t.Errorf("Otto's digest in Swedish lacks the check-in:\n%s", otto)
		}
	})
}

// Seven days before the period ends, the owners of key results not yet
// graded are asked to grade them, with links to the grading; a lead
// without key results of their own gets nothing.
func TestPeriodEndsSoon(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := mustRhythmOrg(t, db)
		oslo, _ := time.LoadLocation("Europe/Oslo")
		e := r.period.End
		now := time.Date(e.Year(), e.Month(), e.Day(), 0, 30, 0, 0, oslo).AddDate(0, 0, 1-7)
		sink, _ := startSink(t, "none", false)
		srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "https://okr.example.com",
			Mail: mustMailer(t, "smtp://"+sink.addr+"?tls=none", "okr@example.com", nil), Now: func() time.Time { return now }}
		eng := startJobs(t, srv, "node")
		sub, end := eng.Subscribe(river.EventKindJobCompleted)
		defer end()
		if err := srv.RhythmTick(ctx); err != nil {
			t.Fatal(err)
		}
		waitJobsDone(t, db, r.org.ID, 3, sub) // the run and two e-mails
		got := map[string]bool{}
		for _, m := range sink.received() {
			got[m.to[0]] = true
		}
		if len(got) != 2 || !got["mo@example.com"] || !got["bo@example.com"] {
			t.Fatalf("e-mails to %v, want Mo and Bo", got)
		}
		mo := bodyOf(t, sink, "mo@example.com")
		for _, want := range []string{"Now slutter om 7 dager", "https://okr.example.com/review/" + strconv.FormatInt(r.period.ID, 10) + "/objectives/", "NPS from 20 to 45 (Mo Member)"} {
			if !strings.Contains(mo, want) {
				t.Errorf("Mo's e-mail lacks %q:\n%s", want, mo)
			}
		}
		if strings.Contains(mo, "Bo Away") {
			t.Error("Mo's e-mail lists Bo's key result")
		}
	})
}

// The day after a period ends, everyone hears that grading is open and the
// review is ready (a link to it); fourteen days before the next period
// starts, everyone is asked to plan its OKRs (a link to a new objective in
// it). Each once, in the person's language.
func TestPeriodGradingOpenAndPlanNext(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := mustRhythmOrg(t, db)
		oslo, _ := time.LoadLocation("Europe/Oslo")
		e := r.period.End
		next, err := db.CreatePeriod(ctx, store.SystemActor(r.org.ID), okr.Period{Name: "Next", Kind: okr.PeriodCustom, Start: e.AddDate(0, 0, 20), End: e.AddDate(0, 0, 110)})
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		now := time.Date(e.Year(), e.Month(), e.Day(), 0, 30, 0, 0, oslo).AddDate(0, 0, 1)
		sink, _ := startSink(t, "none", false)
		srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "https://okr.example.com",
			Mail: mustMailer(t, "smtp://"+sink.addr+"?tls=none", "okr@example.com", nil),
			Now:  func() time.Time { mu.Lock(); defer mu.Unlock(); return now }}
		eng := startJobs(t, srv, "node")
		sub, end := eng.Subscribe(river.EventKindJobCompleted)
		defer end()
		for i, tc := range []struct {
			name string
			at   time.Time
			link string
		}{
			{"grading open", now, "https://okr.example.com/review?period=" + strconv.FormatInt(r.period.ID, 10)},
			{"plan next", time.Date(next.Start.Year(), next.Start.Month(), next.Start.Day(), 0, 30, 0, 0, oslo).AddDate(0, 0, -14), "https://okr.example.com/objectives/new?period=" + strconv.FormatInt(next.ID, 10)},
		} {
			mu.Lock()
			now = tc.at
			mu.Unlock()
			for range 2 { // a second tick queues nothing more
				if err := srv.RhythmTick(ctx); err != nil {
					t.Fatal(err)
				}
			}
			waitJobsDone(t, db, r.org.ID, 4*(i+1), sub) // per stage the run and three e-mails (Lea, Mo, Bo)
			got := map[string]int{}
			for _, m := range sink.received() {
				b, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(m.data)))
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(string(b), tc.link) {
					got[m.to[0]]++
				}
			}
			if len(got) != 3 || got["lea@example.com"] != 1 || got["mo@example.com"] != 1 || got["bo@example.com"] != 1 {
				t.Fatalf("%s: e-mails with %s: %v, want one each to Lea, Mo and Bo", tc.name, tc.link, got)
			}
		}
	})
}
