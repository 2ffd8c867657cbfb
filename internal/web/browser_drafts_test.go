package web

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/okr-dev/okr/internal/store"
)

// Issue 10, point 6: a draft is shown as a draft but counts in no average
// and no roll-up. The lead of Salg writes a draft under one of Salg's
// objectives with a key result at 0 %: Salg's average on the overview, on
// its unit page and in the alignment tree, and the parent's roll-up, stay
// what they were; the draft shows as a draft, and "why this number?" on
// the parent says drafts do not count and names the draft.
func TestBrowserDraftsLeftOutOfAverages(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	signIn(t, ctx, kristoEmail, kristoPW)
	sales := unitByName(t, app, "Salg")
	unit := strconv.FormatInt(sales.ID, 10)
	parent := objectiveTitled(t, app, "Levere 2 konkrete suksesshistorier")
	parentURL := "/objectives/" + strconv.FormatInt(parent, 10)

	figures := func() map[string]string {
		t.Helper()
		got := map[string]string{}
		tile := `[...document.querySelectorAll(".tile")].find(t => t.querySelector(".tile-label").textContent.trim() === "Gjennomsnittlig fremdrift").querySelector(".tile-value").textContent.trim()`
		visit(t, ctx, "/overview?unit="+unit)
		got["overview"] = evalString(t, ctx, tile)
		visit(t, ctx, "/units/"+unit)
		got["unit page"] = evalString(t, ctx, tile)
		visit(t, ctx, "/alignment/units")
		got["alignment tree"] = text(t, ctx, "#node-u"+unit+" > summary .node-side")
		visit(t, ctx, parentURL)
		got["parent's roll-up"] = evalString(t, ctx, `[...document.querySelectorAll("p.label")].find(p => p.textContent.trim() === "Samlet fremdrift").nextElementSibling.textContent.trim()`)
		return got
	}
	before := figures()

	visit(t, ctx, "/objectives/new?owner=unit:"+unit)
	err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#f-title"), "Bli kunstnernes foretrukne partner i Norden"),
		chromedp.SetValue(chromedp.CSS("#f-parent"), strconv.FormatInt(parent, 10)),
		chromedp.Click(chromedp.CSS(`#obj-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#kr-add")),
	)
	if err != nil {
		t.Fatalf("create the draft: %v", err)
	}
	loc := waitURL(t, ctx, regexp.MustCompile(`/objectives/\d+/edit`))
	id := regexp.MustCompile(`/objectives/(\d+)/edit`).FindStringSubmatch(loc)[1]
	draftID, _ := strconv.ParseInt(id, 10, 64)
	archiveAfter(t, app, draftID)
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#newkr-title"), "Øke antall partneravtaler fra 0 til 12"),
		chromedp.SendKeys(chromedp.CSS("#newkr-start"), "0"),
		chromedp.SendKeys(chromedp.CSS("#newkr-target"), "12"),
		chromedp.Click(chromedp.CSS(`#kr-add button[type="submit"]`)),
		htmxSettled(`document.querySelectorAll("#krs article.kr-edit").length === 1`),
	)
	if err != nil {
		t.Fatalf("add a key result: %v (errors in the form: %q)", err, addFormErrors(t, ctx))
	}

	after := figures()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %q before the draft, %q after; want a draft left out", k, v, after[k])
		}
	}
	shot(t, ctx, "parent")

	// The draft still shows, as a draft, with its own 0 %.
	visit(t, ctx, "/overview?unit="+unit)
	card := `[...document.querySelectorAll("article.obj")].find(a => a.querySelector("a[href='/objectives/` + id + `']"))`
	if !evalBool(t, ctx, card+` !== undefined`) {
		t.Fatalf("the draft is not on the overview")
	}
	if got := evalString(t, ctx, card+`.textContent`); !strings.Contains(got, "Utkast") {
		t.Errorf("the draft's card says %q, want it marked Utkast", got)
	}
	visit(t, ctx, "/alignment/units")
	if n := count(t, ctx, `.tree-obj a[href="/objectives/`+id+`"] ~ .pill, .tree-obj:has(a[href="/objectives/`+id+`"]) .pill`); n == 0 {
		t.Errorf("the draft has no draft pill in the alignment tree")
	}

	// "Why?" on the parent's roll-up states the rule and names the draft.
	visit(t, ctx, parentURL)
	why := `[...document.querySelectorAll("p.label")].find(p => p.textContent.trim() === "Samlet fremdrift").parentElement`
	if got := evalString(t, ctx, why+`.textContent`); !strings.Contains(got, "Utkast teller ikke med") {
		t.Errorf("the roll-up's explanation %q does not say drafts are left out", got)
	}
	if !evalBool(t, ctx, why+`.querySelector(".why-left-out a[href='/objectives/`+id+`']") !== null`) {
		t.Errorf("the roll-up's explanation does not name the draft as left out")
	}
	axeCheck(t, ctx, "objective with a draft below")
}

// objectiveTitled returns the id of the demo's active objective titled title.
func objectiveTitled(t *testing.T, app *harness, title string) int64 {
	t.Helper()
	objs, _, err := app.db.ListObjectives(context.Background(), app.orgID, store.ObjectiveFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if o.Title == title {
			return o.ID
		}
	}
	t.Fatalf("no objective titled %q", title)
	return 0
}
