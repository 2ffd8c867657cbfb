package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/password"
	"github.com/okr-dev/okr/internal/store"
)

// timeTravelEnv is an organisation whose history spans two weeks of
// October: an objective made on the 5th and renamed on the 14th, when a
// second one appeared; the server's clock is on the 20th.
type timeTravelEnv struct {
	ts          *httptest.Server
	db          *store.DB
	email, pw   string
	first       okr.Objective
	clock       *time.Time
	early, late string
}

func newTimeTravelEnv(t *testing.T) *timeTravelEnv {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "okr.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	oslo, _ := time.LoadLocation("Europe/Oslo")
	clock := time.Date(2026, 10, 5, 10, 0, 0, 0, oslo)
	db.SetClock(func() time.Time { return clock })
	org, err := db.CreateOrg(ctx, "Tidsreise AS", "tidsreise")
	if err != nil {
		t.Fatal(err)
	}
	sys := store.SystemActor(org.ID)
	mk := func(v any, err error) any {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	company := mk(db.CreateUnit(ctx, sys, okr.Unit{Name: "Tidsreise AS", Kind: okr.UnitCompany})).(okr.Unit)
	e := &timeTravelEnv{db: db, email: "lead@tidsreise.example", pw: "correct horse battery staple", clock: &clock,
		early: "2026-10-06", late: "2026-10-15"}
	lead := mk(db.CreatePerson(ctx, sys, okr.Person{Name: "Lena Lead", Email: e.email, Role: okr.RoleAdmin, UnitID: &company.ID})).(okr.Person)
	hash, err := password.Hash(e.pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetPassword(ctx, lead.ID, hash); err != nil {
		t.Fatal(err)
	}
	q4 := mk(db.CreatePeriod(ctx, sys, okr.Period{Name: "Q4 2026", Kind: okr.PeriodQuarter,
		Start: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)})).(okr.Period)
	e.first = mk(db.CreateObjective(ctx, sys, okr.Objective{PeriodID: q4.ID, Title: "Customers who come back", Owner: okr.Owner{UnitID: &company.ID}, State: okr.StatePublished})).(okr.Objective)
	mk(db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: e.first.ID, Title: "Repeat orders from 10 to 30", Weight: 1,
		Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 10, Target: 30, Unit: okr.Measure{Kind: okr.MeasureNumber}}}))

	clock = time.Date(2026, 10, 14, 10, 0, 0, 0, oslo)
	o := mk(db.GetObjective(ctx, org.ID, e.first.ID)).(okr.Objective)
	o.Title = "Customers who come back every month"
	mk(db.UpdateObjective(ctx, sys, o))
	mk(db.CreateObjective(ctx, sys, okr.Objective{PeriodID: q4.ID, Title: "A second objective from mid-October", Owner: okr.Owner{UnitID: &company.ID}, State: okr.StatePublished}))

	clock = time.Date(2026, 10, 20, 10, 0, 0, 0, oslo)
	srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return clock }}
	e.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(e.ts.Close)
	t.Cleanup(func() {
		if srv.pasts != nil {
			srv.pasts.Close()
		}
	})
	return e
}

func (e *timeTravelEnv) signIn(t *testing.T) *http.Client {
	t.Helper()
	c := client(t)
	res, _ := post(t, c, e.ts.URL+"/signin", url.Values{"email": {e.email}, "password": {e.pw}, "next": {"/"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", res.StatusCode)
	}
	return c
}

// TestPagesAsOfAPastDay: a page asked as of a day shows the organisation
// as it was then, with the banner; the day stays picked while one moves
// between pages, until "back to today".
func TestPagesAsOfAPastDay(t *testing.T) {
	t.Parallel()
	e := newTimeTravelEnv(t)
	c := e.signIn(t)

	_, body := get(t, c, e.ts.URL+"/overview?asof="+e.early)
	doc := document(t, body)
	banner := textOf(doc, ".asof-banner")
	if !strings.Contains(banner, "6") || !strings.Contains(strings.ToLower(banner), "okt") {
		t.Errorf("banner %q, want it to name 6 October", banner)
	}
	if got := attrOf(doc, "body", "class"); !strings.Contains(got, "asof") {
		t.Errorf("body class %q, want asof (forms that change things hidden)", got)
	}
	main := textOf(doc, "main")
	if !strings.Contains(main, "Customers who come back") || strings.Contains(main, "every month") || strings.Contains(main, "second objective") {
		t.Errorf("overview as of %s shows what came later: %s", e.early, main)
	}

	if doc.Find(".asof-born").Length() != 0 {
		t.Error("a day after the organisation was created says it did not exist")
	}
	_, body = get(t, c, e.ts.URL+"/overview?asof=2026-09-01")
	if born := textOf(document(t, body), ".asof-born"); !strings.Contains(born, "5. okt") {
		t.Errorf("a day before the organisation existed: %q, want it to say it was created on 5 October", born)
	}

	// The day stays picked: the objective page is as of then too.
	get(t, c, e.ts.URL+"/overview?asof="+e.early)
	_, body = get(t, c, e.ts.URL+"/objectives/"+idStr(e.first.ID))
	doc = document(t, body)
	one(t, doc, ".asof-banner")
	if h := textOf(doc, "main h1"); h != "Customers who come back" {
		t.Errorf("objective page as of %s: title %q", e.early, h)
	}

	// A later day.
	_, body = get(t, c, e.ts.URL+"/overview?asof="+e.late)
	main = textOf(document(t, body), "main")
	if !strings.Contains(main, "every month") || !strings.Contains(main, "second objective") {
		t.Errorf("overview as of %s misses what was there: %s", e.late, main)
	}

	// Back to today: no banner, the picker folded away.
	_, body = get(t, c, e.ts.URL+"/overview?asof=")
	doc = document(t, body)
	if doc.Find(".asof-banner").Length() != 0 {
		t.Error("back to today still shows the banner")
	}
	one(t, doc, "details.asof-picker input[type=date][name=asof]")
	_, body = get(t, c, e.ts.URL+"/objectives/"+idStr(e.first.ID))
	if h := textOf(document(t, body), "main h1"); h != "Customers who come back every month" {
		t.Errorf("objective page today: title %q", h)
	}

	// Pages that change things are never in the past.
	get(t, c, e.ts.URL+"/overview?asof="+e.early)
	_, body = get(t, c, e.ts.URL+"/checkin")
	if document(t, body).Find(".asof-banner").Length() != 0 {
		t.Error("the check-in page shows the past")
	}
}

// TestChangesBetweenTwoDays: the page lists the rename and the new
// objective between the two days, and refuses dates it cannot compare.
func TestChangesBetweenTwoDays(t *testing.T) {
	t.Parallel()
	e := newTimeTravelEnv(t)
	c := e.signIn(t)
	res, body := get(t, c, e.ts.URL+"/changes?from="+e.early+"&to="+e.late)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("changes: %d", res.StatusCode)
	}
	doc := document(t, body)
	renamed := doc.Find(`.changes-item[data-kind=objective][data-what=changed]`)
	if renamed.Length() != 1 || textOf(renamed, "del") != "Customers who come back" || textOf(renamed, "ins") != "Customers who come back every month" {
		t.Errorf("the rename: %q", textOf(doc, ".changes-list"))
	}
	if n := doc.Find(`.changes-item[data-kind=objective][data-what=created]`).Length(); n != 1 {
		t.Errorf("%d objectives created between the days, want 1", n)
	}
	res, body = get(t, c, e.ts.URL+"/changes?from="+e.late+"&to="+e.early)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("backwards: %d, want 422", res.StatusCode)
	}
	doc = document(t, body)
	one(t, doc, "#changes-problem")
	if attrOf(doc, "#changes-from", "aria-invalid") != "true" {
		t.Error("the first date is not marked invalid")
	}
	res, _ = get(t, c, e.ts.URL+"/changes?from="+e.early+"&to=2026-12-24")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a future day: %d, want 422", res.StatusCode)
	}
}
