package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// objOrg is a small generated organisation served in-process with a clock
// the test moves, signed in as its chief executive, for the tests of the
// objective page and its cache.
type objOrg struct {
	srv    *Server
	db     *store.DB
	app    http.Handler
	cookie string
	token  string
	org    int64
	admin  int64
	period okr.Period
	clock  atomic.Int64 // Unix nanoseconds
	// page serves GET /objectives/{id} as the app does and keeps the page
	// it computed in last.
	page http.Handler
	last *Page
}

func newObjOrg(t *testing.T, db *store.DB) *objOrg {
	t.Helper()
	ctx := context.Background()
	res, err := gen.Generate(ctx, db, gen.Options{Spec: statementSpec, Seed: 3, Now: perfDay, Password: perfPassword})
	if err != nil {
		t.Fatal(err)
	}
	o := &objOrg{db: db, org: res.Org.ID, admin: res.AdminID, period: res.Period}
	o.clock.Store(perfDay.UnixNano())
	o.srv = &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return time.Unix(0, o.clock.Load()).UTC() }}
	o.app = o.srv.Handler()
	if o.token, _, err = db.CreateToken(ctx, store.SystemActor(o.org), o.admin, "objcache"); err != nil {
		t.Fatal(err)
	}
	o.cookie = o.signIn(t, res.Email)
	mux := http.NewServeMux()
	mux.Handle("GET /objectives/{id}", o.srv.member(func(w http.ResponseWriter, r *http.Request) error {
		p, err := o.srv.objectivePageData(r)
		if err != nil {
			return err
		}
		o.last = p
		return o.srv.page(w, r, http.StatusOK, p, ObjectivePage(p, p.Data.(*objectiveData)))
	}))
	o.page = o.srv.sessions.LoadAndSave(o.srv.withViewer(o.srv.travel(mux)))
	return o
}

// signIn signs in as email and returns the session cookie.
func (o *objOrg) signIn(t *testing.T, email string) string {
	t.Helper()
	form := url.Values{"email": {email}, "password": {perfPassword}, "next": {"/"}}
	rec := o.serve(o.app, http.MethodPost, "/signin", "", form.Encode())
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d, want 303", email, rec.Code)
	}
	var cookie string
	for _, c := range rec.Result().Cookies() {
		cookie += c.Name + "=" + c.Value + "; "
	}
	return cookie
}

// serve sends one request to h with the cookie (or, under /api/, the
// token) and returns the response.
func (o *objOrg) serve(h http.Handler, method, path, cookie, form string) *httptest.ResponseRecorder {
	var body io.Reader
	if form != "" {
		body = strings.NewReader(form)
	}
	req := httptest.NewRequest(method, path, body)
	switch {
	case strings.HasPrefix(path, "/api/"):
		req.Header.Set("Authorization", "Bearer "+o.token)
	case form != "":
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// get requests path from the app and returns the body and the number of
// statements it ran.
func (o *objOrg) get(t *testing.T, path string) (string, int64) {
	t.Helper()
	ctx, counter := store.WithQueryCounter(context.Background())
	req := httptest.NewRequest(http.MethodGet, path, nil).WithContext(ctx)
	if strings.HasPrefix(path, "/api/") {
		req.Header.Set("Authorization", "Bearer "+o.token)
	} else {
		req.Header.Set("Cookie", o.cookie)
	}
	rec := httptest.NewRecorder()
	if strings.HasPrefix(path, "/api/") {
		apiChecked(t, o.app).ServeHTTP(rec, req)
	} else {
		o.app.ServeHTTP(rec, req)
	}
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200: %s", path, rec.Code, rec.Body.String())
	}
	return rec.Body.String(), counter.Count()
}

// setLanguage chooses the session's language.
func (o *objOrg) setLanguage(t *testing.T, lang string) {
	t.Helper()
	form := url.Values{"lang": {lang}, "next": {"/"}}
	if rec := o.serve(o.app, http.MethodPost, "/language", o.cookie, form.Encode()); rec.Code != http.StatusSeeOther {
		t.Fatalf("choose %s: status %d, want 303", lang, rec.Code)
	}
}

// forget empties the server's caches: the read model's and the pages'.
func (o *objOrg) forget() {
	o.srv.view().Forget()
	o.srv.panels.Clear()
	o.srv.cards.Clear()
}

// objectives returns the period's objectives that are not archived.
func (o *objOrg) objectives(t *testing.T) []okr.Objective {
	t.Helper()
	objs, _, err := o.db.ListObjectives(context.Background(), o.org, store.ObjectiveFilter{PeriodID: o.period.ID})
	if err != nil {
		t.Fatal(err)
	}
	return objs
}

// TestObjectivePageDocument renders objectives of every kind (text that
// needs escaping, a draft, a closed, an archived and an empty one, and
// generated ones) in each language, uncached and cached, and checks the
// page as a document: its heading, pills, facts, numbers, and per key
// result its panel with chart, milestones, initiatives and check-ins.
func TestObjectivePageDocument(t *testing.T) {
	o := newObjOrg(t, storetest.Open(t, store.DialectSQLite))
	odd := o.unusual(t)
	ids := append([]int64(nil), odd...)
	for i, obj := range o.objectives(t) {
		if i%7 == 0 || obj.Owner.UnitID != nil && obj.ParentID == nil {
			ids = append(ids, obj.ID)
		}
	}
	ctx := context.Background()
	for _, lang := range []string{"nb", "sv", "en"} {
		o.setLanguage(t, lang)
		l := o.srv.i18n.Localizer(lang)
		for _, id := range ids {
			path := fmt.Sprintf("/objectives/%d", id)
			o.forget()
			rec := o.serve(o.page, http.MethodGet, path, o.cookie, "")
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s: status %d, want 200", path, rec.Code)
			}
			d := o.last.Data.(*objectiveData)
			if len(d.KRs) != len(d.O.KRs) {
				t.Fatalf("%s: %d key results in detail, want %d: the panels came from a cache", path, len(d.KRs), len(d.O.KRs))
			}
			page := rec.Body.String()
			for range 2 { // a miss of the details, then a hit of the panels
				if got, _ := o.get(t, path); got != page {
					t.Fatalf("%s in %s: the cached page differs from the uncached one\n%s", path, lang, firstDifference(got, page))
				}
			}
			obj := objMust(o.db.GetObjective(ctx, o.org, id))(t)
			krs := objMust(o.db.ListKeyResults(ctx, o.org, []int64{id}, false))(t)
			doc := document(t, page)
			main := one(t, doc, "main#main")
			if got := textOf(main, "h1"); got != obj.Title {
				t.Errorf("%s: h1 %q, want %q", path, got, obj.Title)
			}
			if attrOf(doc, "html", "lang") != lang {
				t.Errorf("%s: html lang %q, want %q", path, attrOf(doc, "html", "lang"), lang)
			}
			if main.Find("b").Length() != 0 {
				t.Errorf("%s: text from the database became markup (<b>)", path)
			}
			pills := textOf(main, ".page-head .lede")
			wantPill := func(key string, want bool) {
				if got := strings.Contains(pills, l.T(key)); got != want {
					t.Errorf("%s: pills %q: %s shown %v, want %v", path, pills, key, got, want)
				}
			}
			wantPill("state.draft", obj.State == okr.StateDraft)
			wantPill("state.closed", obj.State == okr.StateClosed)
			wantPill("obj.archived", obj.Archived)
			if got := attrOf(main, ".page-head a.btn[href$='/edit']", "href"); got != path+"/edit" {
				t.Errorf("%s: edit link %q for the admin, want %q", path, got, path+"/edit")
			}
			owner := main.Find("dl.facts dd").First().Text()
			if level := l.T("level." + string(d.O.Owner.Level)); strings.Join(strings.Fields(owner), " ") != d.O.Owner.Name+" ("+level+")" {
				t.Errorf("%s: owner reads %q, want %q", path, owner, d.O.Owner.Name+" ("+level+")")
			}
			if got := attrOf(main, ".page-head a[href^='/history/']", "href"); got != "/history/objective/"+fmt.Sprint(id) {
				t.Errorf("%s: history link %q", path, got)
			}
			if obj.Description != "" && !strings.Contains(textOf(main, "p.description"), strings.Fields(obj.Description)[0]) {
				t.Errorf("%s: description %q not shown", path, obj.Description)
			}
			if n := main.Find("section[aria-labelledby=numbers-h] details.why").Length(); n < 2 {
				t.Errorf("%s: %d explanations of the numbers, want at least 2", path, n)
			}
			panels := main.Find("article.kr-panel")
			if panels.Length() != len(krs) {
				t.Fatalf("%s: %d key result panels, want %d", path, panels.Length(), len(krs))
			}
			if len(krs) == 0 && textOf(main, "p.empty") != l.T("obj.no_krs") {
				t.Errorf("%s: no key results, but no empty note", path)
			}
			for _, kr := range krs {
				panel := one(t, main, fmt.Sprintf("article#kr-%d", kr.ID))
				if got := textOf(panel, "h3"); got != kr.Title {
					t.Errorf("%s: panel title %q, want %q", path, got, kr.Title)
				}
				cis := objMust(o.db.ListCheckIns(ctx, o.org, []int64{kr.ID}, nil))(t)
				// A numeric key result has a line chart from its second
				// check-in on; yes/no and milestones ones a compact picture.
				switch kind := kr.Metric.Kind; {
				case kind.IsNumeric() && len(cis) >= 2:
					svg := one(t, panel, "figure svg.chart")
					if label, _ := svg.Attr("aria-labelledby"); textOf(svg, "title") == "" || label == "" {
						t.Errorf("%s: chart of %d without title or label", path, kr.ID)
					}
				case kind.IsYesNo():
					one(t, panel, ".kr-visual .kr-done")
				case kind.IsChecklist():
					one(t, panel, ".kr-visual .steps")
				default:
					if n := panel.Find("svg.chart").Length(); n != 0 {
						t.Errorf("%s: key result %d with %d check-ins has a chart", path, kr.ID, len(cis))
					}
				}
				o.checkInRows(t, panel, kr.ID, cis)
				if got := panel.Find("svg.chart circle.dot").Length(); panel.Find("svg.chart").Length() > 0 && got != len(cis) {
					t.Errorf("%s: key result %d's chart has %d points, want %d", path, kr.ID, got, len(cis))
				}
				if got := panel.Find(".milestones li").Length(); got != len(kr.Milestones) {
					t.Errorf("%s: key result %d shows %d milestones, want %d", path, kr.ID, got, len(kr.Milestones))
				}
				inits := objMust(o.db.ListInitiatives(ctx, o.org, []int64{kr.ID}))(t)
				if got := panel.Find(".table-wrap > table:not(.history) tbody tr").Length(); got != len(inits) {
					t.Errorf("%s: key result %d shows %d initiatives, want %d", path, kr.ID, got, len(inits))
				}
				draft := obj.State == okr.StateDraft
				if got := panel.Find(".kr-side .pill").Length(); (got == 0) != draft {
					t.Errorf("%s: key result %d has %d status pills (draft %v)", path, kr.ID, got, draft)
				}
			}
		}
	}
	// The odd objective's check-in comment and initiative keep their text.
	oddPage, _ := o.get(t, fmt.Sprintf("/objectives/%d", odd[0]))
	doc := document(t, oddPage)
	if got := textOf(doc, "td.comment"); !strings.Contains(got, `Comment Tom & "Jerry's" <b>+1</b>`) {
		t.Errorf("check-in comment shown as %q", got)
	}
}

// firstDifference shows where two pages part.
func firstDifference(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-200)
	return fmt.Sprintf("got  …%s\nwant …%s", got[from:min(len(got), i+200)], want[from:min(len(want), i+200)])
}

// unusual adds objectives the generator does not make: text that needs
// escaping everywhere, a draft with a yes/no key result, a closed one, an
// archived one and one without key results. It returns their ids.
func (o *objOrg) unusual(t *testing.T) []int64 {
	t.Helper()
	ctx := context.Background()
	sys := store.SystemActor(o.org)
	odd := `Tom & "Jerry's" <b>+1</b>`
	mk := func(title string, state okr.State) okr.Objective {
		obj, err := o.db.CreateObjective(ctx, sys, okr.Objective{PeriodID: o.period.ID, Title: title, Description: odd + "\nline two",
			Owner: okr.Owner{PersonID: &o.admin}, Weight: 1.5, State: state})
		if err != nil {
			t.Fatal(err)
		}
		return obj
	}
	mkKR := func(obj okr.Objective, m okr.Metric, ms ...okr.Milestone) okr.KeyResult {
		kr, err := o.db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: obj.ID, Title: "KR " + odd, Weight: 1, Metric: m, Milestones: ms,
			Owner: okr.Owner{PersonID: &o.admin}})
		if err != nil {
			t.Fatal(err)
		}
		return kr
	}
	a := mk("Odd "+odd, okr.StatePublished)
	num := mkKR(a, okr.Metric{Kind: okr.MetricIncrease, Start: 10, Target: 20.5, Unit: okr.Measure{Kind: okr.MeasureCustom, Code: "<h>"}})
	above := mkKR(a, okr.Metric{Kind: okr.MetricStayAbove, Target: 95, Unit: okr.Measure{Kind: okr.MeasurePercent}})
	ms := mkKR(a, okr.Metric{Kind: okr.MetricMilestones}, okr.Milestone{Title: "First & <best>"}, okr.Milestone{Title: "Second"})
	at := perfDay.Add(-48 * time.Hour)
	if _, err := o.db.CreateCheckIns(ctx, sys, []okr.CheckIn{
		{KeyResultID: num.ID, Value: 12.25, Confidence: okr.AtRisk, Comment: "Comment " + odd, At: at},
		{KeyResultID: above.ID, Value: 96, Confidence: okr.OnTrack, At: at},
	}); err != nil {
		t.Fatal(err)
	}
	due := perfDay.AddDate(0, 0, 20)
	if _, err := o.db.CreateInitiative(ctx, sys, okr.Initiative{KeyResultID: ms.ID, Title: "Initiative " + odd, Status: okr.InitiativeInProgress, Due: &due}); err != nil {
		t.Fatal(err)
	}
	num.Metric.Target = 30
	if _, err := o.db.UpdateKeyResult(ctx, sys, num, "Reason "+odd); err != nil {
		t.Fatal(err)
	}
	draft := mk("Draft", okr.StateDraft)
	mkKR(draft, okr.Metric{Kind: okr.MetricBoolean})
	closed := mk("Closed", okr.StatePublished)
	mkKR(closed, okr.Metric{Kind: okr.MetricStayBelow, Target: 3, Unit: okr.Measure{Kind: okr.MeasureCurrency, Code: "NOK"}})
	closed.State = okr.StateClosed
	if _, err := o.db.UpdateObjective(ctx, sys, closed); err != nil {
		t.Fatal(err)
	}
	archived := mk("Archived", okr.StatePublished)
	mkKR(archived, okr.Metric{Kind: okr.MetricDecrease, Start: 5, Target: 1})
	if _, err := o.db.ArchiveObjective(ctx, sys, archived.ID, archived.Version); err != nil {
		t.Fatal(err)
	}
	empty := mk("Empty", okr.StatePublished)
	return []int64{a.ID, draft.ID, closed.ID, archived.ID, empty.ID}
}

// objMust returns a function that returns v, or fails the test with err:
// objMust(db.GetPeriod(ctx, org, id))(t).
func objMust[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// fixture is an objective of the admin with a numeric and a milestones key
// result below a parent, for the tests of what changes show.
type fixture struct {
	parent, obj okr.Objective
	num, ms     okr.KeyResult
}

func (o *objOrg) fixture(t *testing.T) fixture {
	t.Helper()
	ctx, sys := context.Background(), store.SystemActor(o.org)
	var f fixture
	f.parent = objMust(o.db.CreateObjective(ctx, sys, okr.Objective{PeriodID: o.period.ID, Title: "Parent", Owner: okr.Owner{PersonID: &o.admin}, Weight: 1, State: okr.StatePublished}))(t)
	f.obj = objMust(o.db.CreateObjective(ctx, sys, okr.Objective{PeriodID: o.period.ID, Title: "Cached", Owner: okr.Owner{PersonID: &o.admin}, Weight: 1,
		ParentID: &f.parent.ID, State: okr.StatePublished}))(t)
	objMust(o.db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: f.parent.ID, Title: "Parent's own", Weight: 1,
		Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 10}, Owner: okr.Owner{PersonID: &o.admin}}))(t)
	f.num = objMust(o.db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: f.obj.ID, Title: "Visits", Weight: 1,
		Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 100}, Owner: okr.Owner{PersonID: &o.admin}}))(t)
	f.ms = objMust(o.db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: f.obj.ID, Title: "Steps", Weight: 1, Metric: okr.Metric{Kind: okr.MetricMilestones},
		Milestones: []okr.Milestone{{Title: "Plan"}, {Title: "Build"}, {Title: "Ship"}}, Owner: okr.Owner{PersonID: &o.admin}}))(t)
	return f
}

// sameAsUncached requests path, then again with empty caches, and checks
// that both answers are the same and contain each of want.
func (o *objOrg) sameAsUncached(t *testing.T, what, path string, want ...string) string {
	t.Helper()
	got, _ := o.get(t, path)
	o.forget()
	fresh, _ := o.get(t, path)
	if got != fresh {
		t.Fatalf("%s: GET %s from the cache differs from a fresh one\n%s", what, path, firstDifference(got, fresh))
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s: GET %s lacks %q", what, path, w)
		}
	}
	return got
}

// TestObjectivePageShowsChangesAtOnce changes what the objective page shows
// in every way the cache must notice and checks that the next request shows
// it, exactly as an uncached one does.
func TestObjectivePageShowsChangesAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		o := newObjOrg(t, db)
		o.setLanguage(t, "en")
		ctx, sys := context.Background(), store.SystemActor(o.org)
		f := o.fixture(t)
		path := fmt.Sprintf("/objectives/%d", f.obj.ID)
		_, cold := o.get(t, path)
		page, warm := o.get(t, path)
		if warm >= cold {
			t.Errorf("a second GET %s ran %d statements, the first %d: want fewer, from the cache", path, warm, cold)
		}
		if strings.Contains(page, `<circle class="dot"`) {
			t.Fatalf("a key result without check-ins has a chart")
		}

		// The first check-in shows in the table; the second draws the chart.
		objMust(o.db.CreateCheckIns(ctx, sys, []okr.CheckIn{{KeyResultID: f.num.ID, Value: 42, Confidence: okr.AtRisk, Comment: "Weekly note", At: perfDay.Add(-time.Hour)}}))(t)
		page = o.sameAsUncached(t, "a check-in", path, "Weekly note", ">42<")
		if got := strings.Count(page, `<circle class="dot"`); got != 0 {
			t.Errorf("after one check-in the chart has %d points, want no chart", got)
		}
		objMust(o.db.CreateCheckIns(ctx, sys, []okr.CheckIn{{KeyResultID: f.num.ID, Value: 45, Confidence: okr.AtRisk, Comment: "Second note", At: perfDay.Add(-time.Minute)}}))(t)
		page = o.sameAsUncached(t, "a second check-in", path, "Second note", ">45<")
		if got := strings.Count(page, `<circle class="dot"`); got != 2 {
			t.Errorf("after two check-ins the chart has %d points, want 2", got)
		}

		num := objMust(o.db.GetKeyResult(ctx, o.org, f.num.ID))(t)
		num.Title, num.Metric.Target = "Visits per week", 120
		objMust(o.db.UpdateKeyResult(ctx, sys, num, "Raised"))(t)
		o.sameAsUncached(t, "a key result edit", path, "Visits per week", "Raised")

		in := objMust(o.db.CreateInitiative(ctx, sys, okr.Initiative{KeyResultID: f.ms.ID, Title: "Hire a designer", Status: okr.InitiativePlanned}))(t)
		o.sameAsUncached(t, "a new initiative", path, "Hire a designer", "Planned")
		in.Status = okr.InitiativeDone
		objMust(o.db.UpdateInitiative(ctx, sys, in))(t)
		o.sameAsUncached(t, "an initiative done", path, "Hire a designer")

		ms := objMust(o.db.GetKeyResult(ctx, o.org, f.ms.ID))(t)
		objMust(o.db.CreateCheckIns(ctx, sys, []okr.CheckIn{{KeyResultID: ms.ID, MilestonesDone: []int64{ms.Milestones[0].ID}, Confidence: okr.OnTrack}}))(t)
		o.sameAsUncached(t, "a milestone done", path, `<li class="ms-done"><span>Plan</span>`)

		admin := objMust(o.db.GetPerson(ctx, o.org, o.admin))(t)
		admin.Name = "Renamed Chief"
		objMust(o.db.UpdatePerson(ctx, sys, admin))(t)
		o.sameAsUncached(t, "the owner renamed", path, "Owner: Renamed Chief")

		period := objMust(o.db.GetPeriod(ctx, o.org, o.period.ID))(t)
		period.End = period.End.AddDate(0, 0, 14)
		objMust(o.db.UpdatePeriod(ctx, sys, period))(t)
		o.sameAsUncached(t, "the period made longer", path, o.srv.i18n.Localizer("en").Date(period.End))

		o.clock.Add(int64(24 * time.Hour))
		before, _ := o.get(t, path)
		o.sameAsUncached(t, "a day later", path)
		if before == page {
			t.Error("a day later the page is the same")
		}

		child := objMust(o.db.CreateObjective(ctx, sys, okr.Objective{PeriodID: o.period.ID, Title: "A new child", Owner: okr.Owner{PersonID: &o.admin},
			Weight: 1, ParentID: &f.obj.ID, State: okr.StatePublished}))(t)
		o.sameAsUncached(t, "a new child", path, "A new child")
		objMust(o.db.ArchiveKeyResult(ctx, sys, num.ID, objMust(o.db.GetKeyResult(ctx, o.org, num.ID))(t).Version))(t)
		if page := o.sameAsUncached(t, "an archived key result", path); strings.Contains(page, "Visits per week") {
			t.Error("the archived key result is still on the page")
		}
		_ = child
	})
}

// TestAPIObjectiveShowsChangesAtOnce checks GET /api/v1/objectives/{id}
// and its explanation against uncached answers after a grade, an archived
// milestone and a check-in below the objective.
func TestAPIObjectiveShowsChangesAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		o := newObjOrg(t, db)
		ctx, sys := context.Background(), store.SystemActor(o.org)
		f := o.fixture(t)
		api := fmt.Sprintf("/api/v1/objectives/%d", f.obj.ID)
		parent := fmt.Sprintf("/api/v1/objectives/%d", f.parent.ID)
		paths := []string{api, api + "/explain", parent, parent + "/explain"}
		for _, p := range paths {
			_, cold := o.get(t, p)
			if _, warm := o.get(t, p); warm >= cold && !strings.HasSuffix(p, "explain") {
				t.Errorf("a second GET %s ran %d statements, the first %d: want fewer, from the cache", p, warm, cold)
			}
		}
		// same checks each path answered from the caches, which the
		// previous step filled, against an answer with empty caches.
		same := func(what string, want ...string) {
			t.Helper()
			cached := map[string]string{}
			for _, p := range paths {
				cached[p], _ = o.get(t, p)
			}
			o.forget()
			for _, p := range paths {
				if fresh, _ := o.get(t, p); cached[p] != fresh {
					t.Fatalf("%s: GET %s from the cache differs from a fresh one\n%s", what, p, firstDifference(cached[p], fresh))
				}
			}
			for _, w := range want {
				if !strings.Contains(cached[api], w) {
					t.Errorf("%s: GET %s lacks %q", what, api, w)
				}
			}
		}
		same("nothing changed")
		objMust(o.db.SetGrade(ctx, sys, okr.Grade{KeyResultID: f.num.ID, Score: 0.7, Note: "Good enough"}, 0))(t)
		same("a grade", `"note":"Good enough"`)
		ms := objMust(o.db.GetKeyResult(ctx, o.org, f.ms.ID))(t)
		ms.Milestones = ms.Milestones[1:]
		objMust(o.db.UpdateKeyResult(ctx, sys, ms, ""))(t)
		same("a milestone archived", `"title":"Plan","done":false,"archived":true`)
		objMust(o.db.CreateCheckIns(ctx, sys, []okr.CheckIn{{KeyResultID: f.num.ID, Value: 50, Confidence: okr.OnTrack}}))(t)
		same("a check-in", `"current":50`)
	})
}

// TestMayEditObjectiveAgreesWithTheStore compares the edit right the
// objective page works out from the directory with store.CanEdit for the
// admin, every lead and some members, on every objective, with one
// department archived so that some answers come from the store.
func TestMayEditObjectiveAgreesWithTheStore(t *testing.T) {
	o := newObjOrg(t, storetest.Open(t, store.DialectSQLite))
	ctx, sys := context.Background(), store.SystemActor(o.org)
	org := objMust(o.db.GetOrg(ctx, o.org))(t)
	units := objMust(o.db.ListUnits(ctx, o.org, store.UnitFilter{}))(t)
	var dept okr.Unit
	for _, u := range units {
		if u.Kind == okr.UnitDepartment {
			dept = u
			break
		}
	}
	objMust(o.db.ArchiveUnit(ctx, sys, dept.ID, dept.Version))(t)
	dir := objMust(o.srv.loadDirectory(ctx, o.org))(t)
	people, _, err := o.db.ListPeople(ctx, o.org, store.PersonFilter{})
	if err != nil {
		t.Fatal(err)
	}
	leads := map[int64]bool{}
	for _, u := range units {
		for _, id := range u.LeadIDs {
			leads[id] = true
		}
	}
	var sample []okr.Person
	for i, p := range people {
		if leads[p.ID] || p.Role == okr.RoleAdmin || i%10 == 0 {
			sample = append(sample, p)
		}
	}
	var known, asked, granted int
	for _, obj := range o.objectives(t) {
		if obj.Owner.UnitID != nil {
			if _, ok := dir.LeadsUp(0, *obj.Owner.UnitID); ok {
				known++
			} else {
				asked++
			}
		}
		for _, p := range sample {
			v := &Viewer{Person: p, Org: org}
			got, err := o.srv.mayEditObjective(ctx, v, dir, &obj)
			if err != nil {
				t.Fatal(err)
			}
			want, err := o.db.CanEdit(ctx, store.PersonActor(p), "objective", obj.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got && p.Role != okr.RoleAdmin {
				granted++
			}
			if got != want {
				t.Errorf("may %s (%s) edit objective %d %q: got %v, want %v as the store says", p.Name, p.Role, obj.ID, obj.Title, got, want)
			}
		}
	}
	if known == 0 || asked == 0 || granted == 0 {
		t.Errorf("%d unit objectives answered from the directory, %d by the store, %d rights of members who are not admins: want some of each",
			known, asked, granted)
	}
}

// TestHistoryPageDocument checks the history of an objective and of a key
// result as documents: newest change first with who and when, a field's
// old and new value, a check-in on one line, and the link to older
// changes that pages through them.
func TestHistoryPageDocument(t *testing.T) {
	o := newObjOrg(t, storetest.Open(t, store.DialectSQLite))
	o.setLanguage(t, "en")
	ctx, sys := context.Background(), store.SystemActor(o.org)
	f := o.fixture(t)
	obj := f.obj
	for i := range historyPageSize + 2 {
		obj.Title = fmt.Sprintf("Title <%d>", i)
		obj = objMust(o.db.UpdateObjective(ctx, sys, obj))(t)
	}
	objMust(o.db.CreateCheckIns(ctx, sys, []okr.CheckIn{{KeyResultID: f.num.ID, Value: 42, Confidence: okr.AtRisk, Comment: "Weekly & <note>", At: perfDay.Add(-time.Hour)}}))(t)

	page, _ := o.get(t, fmt.Sprintf("/history/objective/%d", obj.ID))
	doc := checkDocument(t, "history", page, true)
	if got := attrOf(doc, ".page-head .eyebrow a", "href"); got != fmt.Sprintf("/objectives/%d", obj.ID) {
		t.Errorf("history: the objective's link is %q", got)
	}
	entries := doc.Find("ol.history-list[reversed] > li.history-entry")
	if entries.Length() != historyPageSize {
		t.Fatalf("history: %d entries on the first page, want %d", entries.Length(), historyPageSize)
	}
	newest := entries.First()
	if got := textOf(newest, "td del.old"); got != fmt.Sprintf("Title <%d>", historyPageSize) {
		t.Errorf("newest change: old title %q", got)
	}
	if got := textOf(newest, "td ins.new"); got != fmt.Sprintf("Title <%d>", historyPageSize+1) {
		t.Errorf("newest change: new title %q", got)
	}
	if _, ok := newest.Find("time").Attr("datetime"); !ok || textOf(newest, ".history-meta strong") == "" {
		t.Errorf("newest change without its action and time")
	}
	older := attrOf(doc, "a.btn[href*='before=']", "href")
	if !strings.HasPrefix(older, fmt.Sprintf("/history/objective/%d?before=", obj.ID)) {
		t.Fatalf("history: link to older changes %q", older)
	}
	page, _ = o.get(t, older)
	doc = checkDocument(t, "older history", page, true)
	if n := doc.Find("li.history-entry").Length(); n == 0 || n >= historyPageSize {
		t.Errorf("older history: %d entries", n)
	}
	if doc.Find("a.btn[href*='before=']").Length() != 0 {
		t.Errorf("the last page of the history links to older changes")
	}

	page, _ = o.get(t, fmt.Sprintf("/history/key_result/%d", f.num.ID))
	doc = checkDocument(t, "key result history", page, true)
	record := doc.Find("li.history-entry p.history-record").First()
	if got := record.Text(); !strings.Contains(got, "Weekly & <note>") || !strings.Contains(got, "42") {
		t.Errorf("key result history: the check-in reads %q", got)
	}
}

// checkInRows checks a key result panel's check-ins against cis (oldest
// first): the latest three in the page, newest first, and, behind "show
// all", the others as the fragment its htmx request gets, newest first.
func (o *objOrg) checkInRows(t *testing.T, panel *goquery.Selection, krID int64, cis []okr.CheckIn) {
	t.Helper()
	dates := func(sel *goquery.Selection) []string {
		var out []string
		sel.Find("table.history[aria-labelledby] tbody tr time").Each(func(_ int, s *goquery.Selection) {
			out = append(out, s.AttrOr("datetime", ""))
		})
		return out
	}
	var want []string
	for i := len(cis) - 1; i >= 0; i-- {
		want = append(want, isoTime(cis[i].At))
	}
	shown := min(len(cis), latestCheckIns)
	if got := dates(panel); !slices.Equal(got, want[:shown]) {
		t.Errorf("key result %d shows check-ins of %v, want the latest %d of %v", krID, got, shown, want)
	}
	more := panel.Find("details.history-more")
	if len(cis) <= latestCheckIns {
		if more.Length() != 0 {
			t.Errorf("key result %d with %d check-ins has a \"show all\"", krID, len(cis))
		}
		return
	}
	url := more.AttrOr("hx-get", "")
	if url != fmt.Sprintf("/krs/%d/checkins", krID) || !strings.Contains(more.Find("summary").Text(), fmt.Sprint(len(cis))) {
		t.Fatalf("key result %d: \"show all\" gets %q and reads %q, want its %d check-ins", krID, url, more.Find("summary").Text(), len(cis))
	}
	if href := more.Find(".history-older a").AttrOr("href", ""); href != fmt.Sprintf("/history/key_result/%d", krID) {
		t.Errorf("key result %d: \"show all\" without script links to %q, want the key result's history", krID, href)
	}
	req := httptest.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Cookie", o.cookie)
	req.Header.Set("HX-Request", "true")
	rec := httptest.NewRecorder()
	o.app.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d", url, rec.Code)
	}
	if got := dates(document(t, rec.Body.String()).Selection); !slices.Equal(got, want[shown:]) {
		t.Errorf("%s: check-ins of %v, want the older %v", url, got, want[shown:])
	}
}
