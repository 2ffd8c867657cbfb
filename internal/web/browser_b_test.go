package web

// Browser tests of web-B's pages: create an objective with key results and
// publish it, grade a period, fail a validation and see the message by the
// field, and axe-core on every page.

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// waitURL waits until the tab's location matches re and returns it.
func waitURL(t *testing.T, ctx context.Context, re *regexp.Regexp) string {
	t.Helper()
	for range 100 {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		if re.MatchString(loc) {
			return loc
		}
		if err := chromedp.Do(ctx, chromedp.Sleep(50e6)); err != nil {
			t.Fatal(err)
		}
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	t.Fatalf("got location %s, want one matching %s", loc, re)
	return ""
}

// evalBool evaluates a JavaScript expression that gives a boolean.
func evalBool(t *testing.T, ctx context.Context, expr string) bool {
	t.Helper()
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return ok
}

// TestBrowserCreateAndPublish writes an objective as the lead of the sales
// department (in bokmål): the coach remarks on a title with a number while
// it is typed, key results are added in place, and publishing shows the
// objective as published.
func TestBrowserCreateAndPublish(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	signIn(t, ctx, kristoEmail, kristoPW)
	sales := unitByName(t, app, "Salg")
	visit(t, ctx, "/objectives/new?owner=unit:"+strconv.FormatInt(sales.ID, 10))
	axeCheck(t, ctx, "new objective")

	// A key result in disguise: the coach says so while the title is typed.
	err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#f-title"), "Doble salget på nett"),
		chromedp.WaitVisible(chromedp.CSS("#coach-objective .finding")),
	)
	if err != nil {
		t.Fatalf("live coach: %v", err)
	}
	if got := text(t, ctx, "#coach-objective .finding"); !strings.Contains(got, "nøkkelresultat") {
		t.Errorf("got coach finding %q, want it to call the title a key result in disguise", got)
	}
	shot(t, ctx, "new-coach")
	err = chromedp.Do(ctx,
		js(`document.querySelector("#f-title").value = ""`),
		chromedp.SendKeys(chromedp.CSS("#f-title"), "Bli kunstnernes foretrukne nettbutikk"),
		chromedp.SendKeys(chromedp.CSS("#f-description"), "Kunstnere anbefaler oss til hverandre."),
		chromedp.Click(chromedp.CSS(`#obj-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#kr-add")),
	)
	if err != nil {
		t.Fatalf("create the objective: %v", err)
	}
	loc := waitURL(t, ctx, regexp.MustCompile(`/objectives/\d+/edit`))
	id := regexp.MustCompile(`/objectives/(\d+)/edit`).FindStringSubmatch(loc)[1]
	objID, _ := strconv.ParseInt(id, 10, 64)
	archiveAfter(t, app, objID)
	if got := text(t, ctx, "#edit-head .pill"); got != "Utkast" {
		t.Errorf("got state %q on the new objective, want Utkast", got)
	}

	// On the editor too the coach reads the title while it is typed.
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#f-title"), " med 30 %"),
		chromedp.WaitVisible(chromedp.CSS("#coach-objective .finding")),
		js(`document.querySelector("#f-title").value = "Bli kunstnernes foretrukne nettbutikk"`),
	)
	if err != nil {
		t.Fatalf("live coach in the editor: %v", err)
	}

	// The coach checks a key result while it is typed, each time it changes:
	// typing more replaces its findings with a new check.
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#newkr-title"), "Jobbe med"),
		htmxSettled(`document.querySelector("#newkr-coach .finding")`),
		js(`window.__coach = document.querySelector("#newkr-coach")`),
		chromedp.SendKeys(chromedp.CSS("#newkr-title"), " verving av kunstnere"),
		htmxSettled(`document.querySelector("#newkr-coach") !== window.__coach && document.querySelector("#newkr-coach .finding")`),
		js(`document.querySelector("#newkr-title").value = ""`),
	)
	if err != nil {
		t.Fatalf("live coach on a key result: %v", err)
	}

	// Two key results, added in place by htmx: the page does not reload.
	// Each add replaces the add form; the next key result is typed only
	// once htmx has settled the new one, as a person would.
	if err := chromedp.Do(ctx, js(`window.__stay = true`)); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#newkr-title"), "Øke antall kunstnere som verver andre fra 5 til 40"),
		chromedp.SendKeys(chromedp.CSS("#newkr-start"), "5"),
		chromedp.SendKeys(chromedp.CSS("#newkr-target"), "40"),
		chromedp.Click(chromedp.CSS(`#kr-add button[type="submit"]`)),
		htmxSettled(`document.querySelectorAll("#krs article.kr-edit").length === 1`),
	)
	if err != nil {
		t.Fatalf("add the first key result: %v (errors in the form: %q)", err, addFormErrors(t, ctx))
	}
	if !evalBool(t, ctx, `document.activeElement.matches("#krs [data-focus-after-swap]")`) {
		t.Errorf("focus did not move to the notice after adding a key result in place")
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#newkr-title"), "Vervekampanjen for kunstnere er lansert"),
		chromedp.SetValue(chromedp.CSS("#newkr-kind"), "boolean"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !evalBool(t, ctx, `getComputedStyle(document.querySelector("#newkr-start").closest(".field")).display === "none"`) {
		t.Errorf("the start field shows for a yes/no key result, want it hidden")
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#kr-add button[type="submit"]`)),
		htmxSettled(`document.querySelectorAll("#krs article.kr-edit").length === 2`),
	)
	if err != nil {
		t.Fatalf("add the second key result: %v (errors in the form: %q)", err, addFormErrors(t, ctx))
	}
	if n := count(t, ctx, "#krs article.kr-edit"); n != 2 {
		t.Errorf("got %d key results in the editor, want 2", n)
	}
	if !evalBool(t, ctx, `window.__stay === true`) {
		t.Errorf("adding a key result reloaded the page, want it added in place")
	}
	axeCheck(t, ctx, "objective editor")
	shot(t, ctx, "editor")

	// The editor is usable on a phone: nothing wider than the screen.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2))); err != nil {
		t.Fatal(err)
	}
	if w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || w > 360 {
		t.Errorf("got the editor %d px wide on a 360 px screen (%v), want no horizontal scrolling", w, err)
	}
	shot(t, ctx, "editor-360")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}

	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action$="/state"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice-ok")),
	)
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	waitURL(t, ctx, regexp.MustCompile(`/objectives/`+id+`$`))
	if n := count(t, ctx, "h1 + .lede .pill-draft"); n != 0 {
		t.Errorf("the objective still shows as a draft after publishing")
	}
	if n := count(t, ctx, ".kr-panel, article[id^='kr-']"); n < 2 {
		t.Errorf("got %d key results on the published objective's page, want 2", n)
	}
	axeCheck(t, ctx, "published objective")
	shot(t, ctx, "published")
}

// addFormErrors returns the messages by the fields of the editor's form
// that adds a key result, to say why an add failed.
func addFormErrors(t *testing.T, ctx context.Context) []string {
	t.Helper()
	msgs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#kr-add .field-error")].map(e => e.id + ": " + e.textContent)`))
	if err != nil {
		return []string{"(cannot read the form: " + err.Error() + ")"}
	}
	return msgs
}

// TestBrowserGradePeriod grades last quarter's objective as the lead of the
// web shop team (in Swedish): the score and verdict follow the typed
// scores, a changed score needs a note by its field, and the shareable
// review shows the result.
func TestBrowserGradePeriod(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	o, krs := lastQuarterObjective(t, app)
	t.Cleanup(func() { gradeAtSuggestion(t, app, krs[1].ID) })
	signIn(t, ctx, saraEmail, saraPW)
	pid := strconv.FormatInt(o.PeriodID, 10)
	visit(t, ctx, "/review?period="+pid)
	if got := text(t, ctx, "h1"); got != "Periodens utvärdering" {
		t.Errorf("got h1 %q, want the review in Swedish", got)
	}
	axeCheck(t, ctx, "review")
	shot(t, ctx, "review")

	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/review/`+pid+`/objectives/`+strconv.FormatInt(o.ID, 10)+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#grade-form")),
	)
	if err != nil {
		t.Fatalf("open the grading form: %v", err)
	}
	axeCheck(t, ctx, "grading form")
	kr := strconv.FormatInt(krs[1].ID, 10) // the Facebook key result: suggested 100 %
	before := text(t, ctx, "#grade-score .score-big")
	err = chromedp.Do(ctx,
		js(`document.querySelector("#note-`+kr+`").value = ""; document.querySelector("#score-`+kr+`").value = ""`),
		chromedp.SendKeys(chromedp.CSS("#score-"+kr), "0"),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The objective's score follows the typed score (htmx, debounced).
	changed := false
	for range 60 {
		// Read with a script: htmx may replace the node between a query
		// and its read.
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector("#grade-score .score-big") || {}).textContent || ""`))
		if err == nil && got != "" && strings.TrimSpace(got) != before {
			changed = true
			break
		}
		chromedp.Do(ctx, chromedp.Sleep(50e6))
	}
	if !changed {
		t.Errorf("the objective's score stayed %q after typing a score, want it updated", before)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#grade-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#note-"+kr+"-err")),
	)
	if err != nil {
		t.Fatalf("submit without a note: %v", err)
	}
	if got := text(t, ctx, "#note-"+kr+"-err"); !strings.Contains(got, "Säg varför") {
		t.Errorf("got %q by the note, want the Swedish message asking why", got)
	}
	shot(t, ctx, "grade-error")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#note-"+kr), "Annonsköpen pausades efter en vecka."),
		chromedp.Click(chromedp.CSS(`#grade-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice-ok")),
	)
	if err != nil {
		t.Fatalf("save the grades: %v", err)
	}
	if got := text(t, ctx, "#kr-"+kr+" td.num:last-child"); !strings.Contains(got, "0") {
		t.Errorf("got score %q on the review, want 0 %%", got)
	}
	shot(t, ctx, "graded")

	visit(t, ctx, "/review/"+pid+"/report")
	if !strings.Contains(text(t, ctx, "main"), "Annonsköpen pausades efter en vecka.") {
		t.Errorf("the shareable review lacks the note")
	}
	axeCheck(t, ctx, "review report")
	shot(t, ctx, "report")
}

// gradeAtSuggestion grades key result id at its suggested score again, when
// it has a grade, so that a test that changed it runs the same the next
// time (go test -count) on the shared data.
func gradeAtSuggestion(t *testing.T, app *harness, id int64) {
	t.Helper()
	ctx := context.Background()
	grades, err := app.db.ListGrades(ctx, app.orgID, []int64{id})
	if err != nil || grades[id] == nil {
		if err != nil {
			t.Errorf("read the grade of key result %d: %v", id, err)
		}
		return
	}
	kr, err := app.db.GetKeyResult(ctx, app.orgID, id)
	if err == nil {
		g := okr.Grade{KeyResultID: id, Score: okr.SuggestedScore(&kr)}
		_, err = app.db.SetGrade(ctx, store.SystemActor(app.orgID), g, grades[id].Version)
	}
	if err != nil {
		t.Errorf("grade key result %d at its suggestion again: %v", id, err)
	}
}

// TestBrowserValidation fails validations and finds each message next to
// its field: a plain form post, and a form that htmx swaps in place, which
// moves focus to the first field in error.
func TestBrowserValidation(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	signIn(t, ctx, demo.Email, demo.Password)
	// Not the switcher's click when the page is in English already: its
	// navigation would still be running when visit starts another
	// (net::ERR_ABORTED).
	editInEnglish(t, ctx)
	visit(t, ctx, "/objectives/new")
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#obj-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#f-title-err")),
	)
	if err != nil {
		t.Fatalf("submit an empty objective: %v", err)
	}
	if got := text(t, ctx, "#f-title-err"); got != "This field is required." {
		t.Errorf("got %q by the title, want the required message", got)
	}
	if !evalBool(t, ctx, `document.querySelector("#f-title").getAttribute("aria-invalid") === "true" && document.querySelector("#f-title").getAttribute("aria-describedby").includes("f-title-err")`) {
		t.Errorf("the title field is not marked invalid and described by its message")
	}
	axeCheck(t, ctx, "objective form with an error")
	shot(t, ctx, "objective-error")

	// In place: a key result with a number that is not one.
	objs, _, err := app.db.ListObjectives(context.Background(), app.orgID, store.ObjectiveFilter{
		PeriodID: currentPeriod(t, app).ID, OwnerUnitIDs: []int64{unitByName(t, app, "Art By X").ID}})
	if err != nil || len(objs) == 0 {
		t.Fatalf("the company has no objective this quarter (%v)", err)
	}
	visit(t, ctx, "/objectives/"+strconv.FormatInt(objs[0].ID, 10)+"/edit")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#newkr-title"), "Grow the newsletter from 2000 to 3000 readers"),
		chromedp.SendKeys(chromedp.CSS("#newkr-start"), "two thousand"),
		chromedp.SendKeys(chromedp.CSS("#newkr-target"), "3000"),
		chromedp.Click(chromedp.CSS(`#kr-add button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#newkr-start-err")),
	)
	if err != nil {
		t.Fatalf("submit a key result with a bad number: %v", err)
	}
	if got := text(t, ctx, "#newkr-start-err"); !strings.Contains(got, "Enter a number") {
		t.Errorf("got %q by the start value, want the not-a-number message", got)
	}
	focused := false
	for range 40 {
		if active, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); active == "newkr-start" {
			focused = true
			break
		}
		chromedp.Do(ctx, chromedp.Sleep(50e6))
	}
	if !focused {
		t.Errorf("focus did not move to the field in error after the in-place update")
	}
	axeCheck(t, ctx, "key result form with an error")
	shot(t, ctx, "kr-error")
}

// TestBrowserBPagesAxe runs axe-core on every page of web-B and saves a
// screenshot of each.
func TestBrowserBPagesAxe(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	signIn(t, ctx, demo.Email, demo.Password)
	for _, path := range bPages(t, app) {
		visit(t, ctx, path)
		axeCheck(t, ctx, path)
		shot(t, ctx, strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(path, "-"), "-"))
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action="/signout"] button`)), chromedp.WaitVisible(chromedp.CSS("#email"))); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/forgot", "/reset/okt_x"} {
		visit(t, ctx, path)
		axeCheck(t, ctx, path)
		shot(t, ctx, strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(path, "-"), "-"))
	}
}
