package web

// Browser tests that read the editing pages by selector: the key result
// and initiative editors and moving and copying an objective show their
// data in the right fields.

import (
	"context"
	"fmt"
	"strconv"
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
	if got := editAttr(t, ctx, "#kr-title", "aria-describedby"); got != "kr-title-hint kr-coach" {
		t.Errorf("title described by %q, want its hint and the coach's list", got)
	}
	if got := editAttr(t, ctx, "#kr-coach", "aria-live"); got != "polite" {
		t.Errorf("the coach's live list has aria-live %q, want polite", got)
	}
	if got := editFieldValue(t, ctx, "#kr-kind"); got != string(kr.Metric.Kind) {
		t.Errorf("got metric kind %q chosen, want %q", got, kr.Metric.Kind)
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
