package web

// Browser tests of the messages a form gives when it refuses what a person
// typed (issue 10, point 8): they say what is wrong and what to do, next to
// the field, and nothing typed is lost or cut.

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// companyObjective is the first objective of Art By X this quarter.
func companyObjective(t *testing.T, app *harness) okr.Objective {
	t.Helper()
	objs, _, err := app.db.ListObjectives(context.Background(), app.orgID, store.ObjectiveFilter{
		PeriodID: currentPeriod(t, app).ID, OwnerUnitIDs: []int64{unitByName(t, app, "Art By X").ID}})
	if err != nil || len(objs) == 0 {
		t.Fatalf("the company has no objective this quarter (%v)", err)
	}
	return objs[0]
}

// switchLanguage chooses lang in the footer and waits for the page in it.
func switchLanguage(t *testing.T, ctx context.Context, lang string) {
	t.Helper()
	if editAttr(t, ctx, "html", "lang") == lang {
		return
	}
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`footer button[name="lang"][value="`+lang+`"]`)),
		chromedp.WaitReady(chromedp.CSS(`html[lang="`+lang+`"]`)),
	)
	if err != nil {
		t.Fatalf("switch to %s: %v", lang, err)
	}
}

// TestBrowserKRDirectionMessage edits a key result, chooses Increase with
// a target below the start (and Decrease with one above it), saves, and
// finds a message at the target that says what is wrong and which kind to
// choose, in English and in Norwegian. The form keeps what was typed.
func TestBrowserKRDirectionMessage(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	watchConsole(t, ctx)
	signIn(t, ctx, demo.Email, demo.Password)
	lang := editAttr(t, ctx, "html", "lang")
	o := companyObjective(t, app)
	krs, err := app.db.ListKeyResults(context.Background(), app.orgID, []int64{o.ID}, false)
	if err != nil || len(krs) == 0 {
		t.Fatalf("the objective %q has no key result (%v)", o.Title, err)
	}
	kr := krs[0]
	edit := "/krs/" + strconv.FormatInt(kr.ID, 10) + "/edit"

	save := func(kind okr.MetricKind, start, target string) string {
		t.Helper()
		err := chromedp.Do(ctx,
			chromedp.SetValue(chromedp.CSS("#kr-kind"), string(kind)),
			js(`document.querySelector("#kr-start").value = ""`),
			chromedp.SendKeys(chromedp.CSS("#kr-start"), start),
			js(`document.querySelector("#kr-target").value = ""`),
			chromedp.SendKeys(chromedp.CSS("#kr-target"), target),
			js(`window.__form = document.querySelector("#kr-form")`),
			chromedp.Click(chromedp.CSS(`#kr-form button[type="submit"]`)),
			htmxSettled(`document.querySelector("#kr-form") !== window.__form && document.querySelector("#kr-target-err")`),
		)
		if err != nil {
			t.Fatalf("save %s from %s to %s: %v", kind, start, target, err)
		}
		if got := editAttr(t, ctx, "#kr-target", "aria-invalid"); got != "true" {
			t.Errorf("%s from %s to %s: the target is not marked invalid", kind, start, target)
		}
		if got := editAttr(t, ctx, "#kr-target", "aria-describedby"); !strings.Contains(got, "kr-target-err") {
			t.Errorf("%s from %s to %s: the target is described by %q, not by its message", kind, start, target, got)
		}
		if got := [3]string{editFieldValue(t, ctx, "#kr-kind"), editFieldValue(t, ctx, "#kr-start"), editFieldValue(t, ctx, "#kr-target")}; got != [3]string{string(kind), start, target} {
			t.Errorf("after the refusal the form shows kind, start and target %q, want what was typed %q", got, [3]string{string(kind), start, target})
		}
		return text(t, ctx, "#kr-target-err")
	}

	visit(t, ctx, edit)
	switchLanguage(t, ctx, "en")
	if got, want := save(okr.MetricIncrease, "100", "50"), "The target is below the start. For a value that should go down, choose “Decrease” as the kind"; !strings.Contains(got, want) {
		t.Errorf("Increase from 100 to 50: got %q at the target, want %q", got, want)
	}
	axeCheck(t, ctx, "key result editor refusing an increase to a lower target")
	shot(t, ctx, "increase-below-start-en")
	if got, want := save(okr.MetricDecrease, "50", "100"), "The target is above the start. For a value that should go up, choose “Increase” as the kind"; !strings.Contains(got, want) {
		t.Errorf("Decrease from 50 to 100: got %q at the target, want %q", got, want)
	}

	visit(t, ctx, edit)
	switchLanguage(t, ctx, "nb")
	if got, want := save(okr.MetricIncrease, "100", "50"), "Målverdien er lavere enn startverdien. Skal verdien ned, velg «Redusere» som type"; !strings.Contains(got, want) {
		t.Errorf("Øke fra 100 til 50: got %q at the target, want %q", got, want)
	}
	shot(t, ctx, "increase-below-start-nb")

	after, err := app.db.GetKeyResult(context.Background(), app.orgID, kr.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Version != kr.Version || after.Metric != kr.Metric {
		t.Errorf("the refused saves changed the key result: metric %+v (version %d), was %+v (version %d)", after.Metric, after.Version, kr.Metric, kr.Version)
	}
	switchLanguage(t, ctx, lang)
}

// TestBrowserTitleOverLimit types a 201-character objective title: a
// counter under the field shows the count and turns red, the browser does
// not cut the text, and saving is refused with a message that names the
// limit, with the typed title still in the field.
func TestBrowserTitleOverLimit(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	watchConsole(t, ctx)
	signIn(t, ctx, demo.Email, demo.Password)
	lang := editAttr(t, ctx, "html", "lang")
	o := companyObjective(t, app)
	visit(t, ctx, "/objectives/"+strconv.FormatInt(o.ID, 10)+"/edit")
	switchLanguage(t, ctx, "en")

	// counter is the counter's text, "" when there is none (text would
	// wait for it).
	counter := func() string {
		t.Helper()
		if count(t, ctx, "#f-title-count") == 0 {
			return ""
		}
		return text(t, ctx, "#f-title-count")
	}
	if got, want := counter(), strconv.Itoa(len([]rune(o.Title)))+" / 200"; got != want {
		t.Errorf("the counter under the stored title says %q, want %q", got, want)
	}
	title := string([]rune(strings.Repeat("Bli bransjens mest synlige leverandør. ", 6))[:198]) + " ok"
	if n := len([]rune(title)); n != 201 {
		t.Fatalf("the test's title has %d characters, want 201", n)
	}
	err := chromedp.Do(ctx,
		js(`document.querySelector("#f-title").value = ""`),
		chromedp.SendKeys(chromedp.CSS("#f-title"), title),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := editFieldValue(t, ctx, "#f-title"); got != title {
		t.Errorf("the field holds %d characters after typing 201: the browser cut the title", len([]rune(got)))
	}
	if got := counter(); got != "201 / 200" {
		t.Errorf("the counter says %q after typing 201 characters, want 201 / 200", got)
	}
	if n := count(t, ctx, "#f-title-count.char-count-over"); n != 1 {
		t.Errorf("the counter is not marked over the limit")
	}
	if got := editAttr(t, ctx, "#f-title", "aria-describedby"); !strings.Contains(got, "f-title-count") {
		t.Errorf("the title is described by %q, not by its counter", got)
	}
	shot(t, ctx, "title-counter-over")

	err = chromedp.Do(ctx,
		js(`window.__form = document.querySelector("#obj-form")`),
		chromedp.Click(chromedp.CSS(`#obj-form button[type="submit"]`)),
		htmxSettled(`document.querySelector("#obj-form") !== window.__form && document.querySelector("#f-title-err")`),
	)
	if err != nil {
		t.Fatalf("save a 201-character title: %v", err)
	}
	if got, want := text(t, ctx, "#f-title-err"), "This is too long: 201 characters, at most 200 allowed."; got != want {
		t.Errorf("got %q by the title, want %q", got, want)
	}
	if got := editFieldValue(t, ctx, "#f-title"); got != title {
		t.Errorf("after the refusal the field holds %q, want the title typed", got)
	}
	if got := counter(); got != "201 / 200" {
		t.Errorf("after the refusal the counter says %q, want 201 / 200", got)
	}
	axeCheck(t, ctx, "objective form refusing a long title")
	shot(t, ctx, "title-too-long")
	after, err := app.db.GetObjective(context.Background(), app.orgID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Title != o.Title {
		t.Errorf("the refused save stored the title %q", after.Title)
	}

	// The key result's, its milestones' and a new initiative's titles
	// have the same counter instead of a cut.
	krs, err := app.db.ListKeyResults(context.Background(), app.orgID, []int64{o.ID}, false)
	if err != nil || len(krs) == 0 {
		t.Fatalf("the objective %q has no key result (%v)", o.Title, err)
	}
	visit(t, ctx, "/krs/"+strconv.FormatInt(krs[0].ID, 10)+"/edit")
	if n := count(t, ctx, `#kr-title[maxlength], input[name="ms.title"][maxlength], #ni-title[maxlength]`); n != 0 {
		t.Errorf("%d title fields of the key result editor cut at a maxlength", n)
	}
	for _, id := range []string{"kr-title", "ni-title", "kr-ms-0"} {
		if n := count(t, ctx, "#"+id+`[data-maxchars="200"] + #`+id+"-count"); n != 1 {
			t.Errorf("#%s has no counter", id)
		}
	}
	switchLanguage(t, ctx, lang)
}
