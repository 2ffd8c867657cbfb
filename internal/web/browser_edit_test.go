package web

// Browser tests that read the editing, KPI and review pages by selector:
// the key result and initiative editors, moving and copying an objective,
// the KPI list, page and form, and the review, grading form and report show
// their data in the right fields.

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// editAttr returns the attribute of the first element matching css ("" when
// the element or the attribute is missing).
func editAttr(t *testing.T, ctx context.Context, css, name string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {getAttribute: () => ""}).getAttribute(%q) || ""`, css, name)))
	if err != nil {
		t.Fatalf("attribute %s of %s: %v", name, css, err)
	}
	return s
}

// editFieldValue returns the value of the form field matching css.
func editFieldValue(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {}).value || ""`, css)))
	if err != nil {
		t.Fatalf("value of %s: %v", css, err)
	}
	return s
}

// editInEnglish switches the signed-in person to English unless the page
// is in English already (the choice is kept with the person, so an
// earlier test may have made it).
func editInEnglish(t *testing.T, ctx context.Context) {
	t.Helper()
	if editAttr(t, ctx, "html", "lang") == "en" {
		return
	}
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`footer button[name="lang"][value="en"]`)),
		chromedp.WaitReady(chromedp.CSS(`html[lang="en"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
}

// krWithInitiative finds a key result of the current period that has an
// initiative.
func krWithInitiative(t *testing.T, app *harness) (okr.KeyResult, okr.Initiative) {
	t.Helper()
	ctx := context.Background()
	objs, _, err := app.db.ListObjectives(ctx, app.orgID, store.ObjectiveFilter{PeriodID: currentPeriod(t, app).ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		krs, err := app.db.ListKeyResults(ctx, app.orgID, []int64{o.ID}, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, kr := range krs {
			inits, err := app.db.ListInitiatives(ctx, app.orgID, []int64{kr.ID})
			if err != nil {
				t.Fatal(err)
			}
			if len(inits) > 0 {
				return kr, inits[0]
			}
		}
	}
	t.Fatal("no key result with an initiative this quarter")
	return okr.KeyResult{}, okr.Initiative{}
}

// TestBrowserEditPagesBySelector opens the key-result, initiative, move and
// copy pages in English and reads their fields.
func TestBrowserEditPagesBySelector(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	signIn(t, ctx, demo.Email, demo.Password)
	editInEnglish(t, ctx)
	en := app.srv.i18n.Localizer("en")
	kr, in := krWithInitiative(t, app)
	id := strconv.FormatInt(kr.ID, 10)

	// The key-result editor: its own fields, the live coach list, the
	// initiatives with the add form, and the move form.
	visit(t, ctx, "/krs/"+id+"/edit")
	if got := text(t, ctx, "h1"); got != en.T("edit.edit_kr") {
		t.Errorf("key result editor: got h1 %q, want %q", got, en.T("edit.edit_kr"))
	}
	if got := editAttr(t, ctx, "#kr-form", "hx-post"); got != "/krs/"+id+"/edit" {
		t.Errorf("key result form posts to %q, want /krs/%s/edit", got, id)
	}
	if got := editFieldValue(t, ctx, "#kr-form #kr-title"); got != kr.Title {
		t.Errorf("got title %q in the form, want %q", got, kr.Title)
	}
	if got := editAttr(t, ctx, "#kr-title", "aria-describedby"); got != "kr-title-hint kr-coach kr-title-count" {
		t.Errorf("title described by %q, want its hint, the coach's list and its counter", got)
	}
	if got := editAttr(t, ctx, "#kr-coach", "aria-live"); got != "polite" {
		t.Errorf("the coach's live list has aria-live %q, want polite", got)
	}
	if got := editFieldValue(t, ctx, "#kr-kind"); got != string(kr.Metric.Kind) {
		t.Errorf("got metric kind %q chosen, want %q", got, kr.Metric.Kind)
	}
	// The fields a kind does not ask for hide as the kind changes (the
	// stylesheet reads the options' data attributes, set from the kind's
	// predicates); choosing the stored kind again shows them again.
	shown := func(css string) bool {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).display !== "none"`, css)))
		if err != nil {
			t.Fatalf("is %s shown: %v", css, err)
		}
		return v
	}
	for _, c := range []struct {
		kind                         okr.MetricKind
		start, target, milestoneRows bool
	}{
		{okr.MetricStayAbove, false, true, false},
		{okr.MetricBoolean, false, false, false},
		{okr.MetricMilestones, false, false, true},
		{okr.MetricIncrease, true, true, false},
	} {
		if _, err := chromedp.Run(ctx, chromedp.SetValue(chromedp.CSS("#kr-kind"), string(c.kind))); err != nil {
			t.Fatal(err)
		}
		if got := [3]bool{shown("#kr-form .when-start"), shown("#kr-form .when-target"), shown("#kr-form .when-milestones")}; got != [3]bool{c.start, c.target, c.milestoneRows} {
			t.Errorf("kind %s: start, target and milestone rows shown %v, want %v", c.kind, got, [3]bool{c.start, c.target, c.milestoneRows})
		}
	}
	if _, err := chromedp.Run(ctx, chromedp.SetValue(chromedp.CSS("#kr-kind"), string(kr.Metric.Kind))); err != nil {
		t.Fatal(err)
	}
	if got := editFieldValue(t, ctx, `#kr-form input[name="version"]`); got != strconv.FormatInt(kr.Version, 10) {
		t.Errorf("got version %q in the form, want %d", got, kr.Version)
	}
	if n := count(t, ctx, "#kr-reason"); n != 1 {
		t.Errorf("got %d reason fields on a stored key result's form, want 1", n)
	}
	if n := count(t, ctx, `#initiatives tbody a[href="/initiatives/`+strconv.FormatInt(in.ID, 10)+`/edit"]`); n != 1 {
		t.Errorf("the initiative %q is not listed on its key result's editor", in.Title)
	}
	if n := count(t, ctx, `#init-add #ni-title[required]`); n != 1 {
		t.Errorf("the form that adds an initiative has no required title")
	}
	if n := count(t, ctx, "#move-objective optgroup option"); n == 0 {
		t.Errorf("the move form offers no objective")
	}
	if n := count(t, ctx, `.action-list a[href="/history/key_result/`+id+`"]`); n != 1 {
		t.Errorf("no history link on the key result editor")
	}

	// The initiative editor.
	iid := strconv.FormatInt(in.ID, 10)
	visit(t, ctx, "/initiatives/"+iid+"/edit")
	if got := text(t, ctx, "h1"); got != en.T("edit.edit_initiative") {
		t.Errorf("initiative editor: got h1 %q", got)
	}
	if got := editAttr(t, ctx, "#init-form", "action"); got != "/initiatives/"+iid+"/edit" {
		t.Errorf("initiative form posts to %q", got)
	}
	if got := editFieldValue(t, ctx, "#i-title"); got != in.Title {
		t.Errorf("got initiative title %q, want %q", got, in.Title)
	}
	if got := editFieldValue(t, ctx, "#i-status"); got != string(in.Status) {
		t.Errorf("got status %q chosen, want %q", got, in.Status)
	}
	if got := editAttr(t, ctx, ".eyebrow a:last-child", "href"); got != krHref(kr.ID) {
		t.Errorf("the eyebrow links to %q, want the key result's editor", got)
	}
	if n := count(t, ctx, `form[action="/initiatives/`+iid+`/archive"] input[name="version"]`); n != 1 {
		t.Errorf("no archive form with a version on the initiative editor")
	}
	axeCheck(t, ctx, "initiative editor")

	// Moving and copying the objective.
	oid := strconv.FormatInt(kr.ObjectiveID, 10)
	visit(t, ctx, "/objectives/"+oid+"/move")
	if got := text(t, ctx, "h1"); got != en.T("edit.move_title") {
		t.Errorf("move page: got h1 %q", got)
	}
	if n := count(t, ctx, `#f-owner[required] optgroup option[selected]`); n != 1 {
		t.Errorf("got %d owners chosen on the move form, want the current one", n)
	}
	if got := editAttr(t, ctx, "#f-period", "aria-describedby"); got != "f-period-hint" {
		t.Errorf("the period is described by %q, want its hint", got)
	}
	visit(t, ctx, "/objectives/"+oid+"/clone")
	if got := text(t, ctx, "h1"); got != en.T("edit.clone_title") {
		t.Errorf("copy page: got h1 %q", got)
	}
	if n, none := count(t, ctx, `form[action="/objectives/`+oid+`/clone"] #f-period option`), count(t, ctx, "form .mb-0"); n == 0 && none == 0 {
		t.Errorf("the copy form offers no period and says nothing about it")
	}
}

// TestBrowserKPIPagesBySelector opens the KPI list, a KPI's page and its
// form in English and reads them.
func TestBrowserKPIPagesBySelector(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	signIn(t, ctx, demo.Email, demo.Password)
	editInEnglish(t, ctx)
	en := app.srv.i18n.Localizer("en")
	kpis, err := app.db.ListKPIs(context.Background(), app.orgID, false)
	if err != nil || len(kpis) == 0 {
		t.Fatalf("no KPI (%v)", err)
	}
	k := kpis[0]
	kid := strconv.FormatInt(k.ID, 10)

	visit(t, ctx, "/kpis")
	if got := text(t, ctx, "h1"); got != en.T("kpi.title") {
		t.Errorf("KPI list: got h1 %q", got)
	}
	active := 0
	for _, x := range kpis {
		if !x.Archived {
			active++
		}
	}
	if n := count(t, ctx, "table.data-table tbody tr"); n != active {
		t.Errorf("got %d KPIs in the list, want %d", n, active)
	}
	if n := count(t, ctx, "section.tiles .tile"); n != 4 {
		t.Errorf("got %d tiles above the list, want 4", n)
	}
	if got := text(t, ctx, `tbody th a[href="/kpis/`+kid+`"]`); got != k.Name {
		t.Errorf("got %q linking to the KPI, want its name %q", got, k.Name)
	}
	if n := count(t, ctx, `tbody td span.kpi-state[class*="kpi-state-"]`); n != active {
		t.Errorf("got %d KPI states, want one per KPI", n)
	}

	visit(t, ctx, "/kpis/"+kid)
	if got := text(t, ctx, "h1"); got != k.Name {
		t.Errorf("KPI page: got h1 %q, want %q", got, k.Name)
	}
	if n := count(t, ctx, "section.tiles .tile"); n != 4 {
		t.Errorf("got %d tiles on the KPI's page, want 4", n)
	}
	if got := editAttr(t, ctx, "#reading-form", "action"); got != "/kpis/"+kid+"/values" {
		t.Errorf("the reading form posts to %q", got)
	}
	if got := editAttr(t, ctx, "#f-value", "inputmode"); got != "decimal" {
		t.Errorf("the value field has inputmode %q, want decimal", got)
	}
	if got := editAttr(t, ctx, "#f-date", "type"); got != "date" {
		t.Errorf("the date field has type %q, want date", got)
	}
	vals, err := app.db.ListKPIValues(context.Background(), app.orgID, []int64{k.ID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, ctx, `section[aria-labelledby="readings-h"] tbody tr`); len(vals) > 0 && n == 0 {
		t.Errorf("the KPI's readings are not listed")
	}
	if n := count(t, ctx, `section[aria-labelledby="trend-h"] svg`); n == 0 {
		t.Errorf("no chart or sparkline of the trend")
	}

	visit(t, ctx, "/kpis/"+kid+"/edit")
	if got := text(t, ctx, "h1"); got != en.T("kpi.edit") {
		t.Errorf("KPI form: got h1 %q", got)
	}
	if got := editFieldValue(t, ctx, "#kpi-form #f-name"); got != k.Name {
		t.Errorf("got name %q in the KPI form, want %q", got, k.Name)
	}
	if got := editFieldValue(t, ctx, "#f-direction"); got != string(k.Direction) {
		t.Errorf("got direction %q chosen, want %q", got, k.Direction)
	}
	if got := editFieldValue(t, ctx, `#kpi-form input[name="version"]`); got != strconv.FormatInt(k.Version, 10) {
		t.Errorf("got version %q in the KPI form, want %d", got, k.Version)
	}
	if got := text(t, ctx, "#kpi-form fieldset legend"); got != en.T("kpi.thresholds") {
		t.Errorf("got %q as the thresholds' legend", got)
	}

	visit(t, ctx, "/kpis/new")
	if got := text(t, ctx, "h1"); got != en.T("kpi.new") {
		t.Errorf("new KPI: got h1 %q", got)
	}
	if n := count(t, ctx, `#kpi-form input[name="version"]`); n != 0 {
		t.Errorf("a new KPI's form has a version")
	}
	if got := strings.TrimSpace(text(t, ctx, `#kpi-form button[type="submit"]`)); got != en.T("kpi.create") {
		t.Errorf("got submit %q on a new KPI's form, want %q", got, en.T("kpi.create"))
	}
}

// TestBrowserReviewPagesBySelector opens last quarter's review, an
// objective's grading form and the shareable report in English and reads
// them.
func TestBrowserReviewPagesBySelector(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	signIn(t, ctx, demo.Email, demo.Password)
	editInEnglish(t, ctx)
	en := app.srv.i18n.Localizer("en")
	o, krs := lastQuarterObjective(t, app)
	pid, oid := strconv.FormatInt(o.PeriodID, 10), strconv.FormatInt(o.ID, 10)
	objs, _, err := app.db.ListObjectives(context.Background(), app.orgID, store.ObjectiveFilter{PeriodID: o.PeriodID})
	if err != nil {
		t.Fatal(err)
	}
	reviewed := 0
	for _, x := range objs {
		if x.State != okr.StateDraft {
			reviewed++
		}
	}

	visit(t, ctx, "/review?period="+pid)
	if got := text(t, ctx, "h1"); got != en.T("review.title") {
		t.Errorf("review: got h1 %q", got)
	}
	if got := editFieldValue(t, ctx, "#period-pick"); got != pid {
		t.Errorf("the period picker shows period %q, want %s", got, pid)
	}
	if n := count(t, ctx, "section.tiles .tile"); n != 4 {
		t.Errorf("got %d tiles on the review, want 4", n)
	}
	if n := count(t, ctx, "article.review-obj"); n != reviewed {
		t.Errorf("got %d objectives on the review, want %d", n, reviewed)
	}
	if n := count(t, ctx, "#obj-"+oid+" tbody tr[id^='kr-']"); n != len(krs) {
		t.Errorf("got %d key results under the objective, want %d", n, len(krs))
	}
	if got := editAttr(t, ctx, "#obj-"+oid+" a.btn-small", "href"); got != "/review/"+pid+"/objectives/"+oid {
		t.Errorf("the objective's grade link goes to %q", got)
	}
	if got := editAttr(t, ctx, `a.btn[href$="/report"]`, "href"); got != "/review/"+pid+"/report" {
		t.Errorf("the share link goes to %q", got)
	}

	visit(t, ctx, "/review/"+pid+"/objectives/"+oid)
	if got := editAttr(t, ctx, "#grade-form", "hx-post"); got != "/review/"+pid+"/objectives/"+oid+"/preview" {
		t.Errorf("the grading form previews at %q", got)
	}
	if n := count(t, ctx, "#grade-form li.grade-kr"); n != len(krs) {
		t.Errorf("got %d key results to grade, want %d", n, len(krs))
	}
	kid := strconv.FormatInt(krs[0].ID, 10)
	if got := editAttr(t, ctx, "#score-"+kid, "aria-describedby"); got != "kr-"+kid+"-t" {
		t.Errorf("the score is described by %q, want the key result's title", got)
	}
	if got := editAttr(t, ctx, "#note-"+kid, "aria-describedby"); got != "note-"+kid+"-hint" {
		t.Errorf("the note is described by %q, want its hint", got)
	}
	if got := editAttr(t, ctx, "#grade-score", "aria-live"); got != "polite" {
		t.Errorf("the objective's score has aria-live %q, want polite", got)
	}

	visit(t, ctx, "/review/"+pid+"/report")
	if n := count(t, ctx, ".tiles .tile"); n != 3 {
		t.Errorf("got %d tiles on the report, want 3", n)
	}
	if n := count(t, ctx, "article.review-obj h2.obj-title"); n != reviewed {
		t.Errorf("got %d objectives on the report, want %d", n, reviewed)
	}
	if got := text(t, ctx, "#r-"+oid); got != o.Title {
		t.Errorf("got %q as the objective's title on the report, want %q", got, o.Title)
	}
}
