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

// mapObjective returns the id of the objective titled title in the demo's
// current period.
func mapObjective(t *testing.T, app *harness, title string) string {
	t.Helper()
	objs, _, err := app.db.ListObjectives(context.Background(), app.orgID, store.ObjectiveFilter{PeriodID: currentPeriod(t, app).ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if o.Title == title {
			return strconv.FormatInt(o.ID, 10)
		}
	}
	t.Fatalf("no objective titled %q this period", title)
	return ""
}

// Issue 10, point 11: the alignment map. Julie (lead of Innhold og SoMe)
// opens Samkjøring and sees the company's objectives as roots with their
// children nested below, opens the whole map in one click, sees the sales
// objective's "contributes to" link drawn as a dashed reference to the
// marketing objective (not a second copy of it), filters by her unit and by
// herself and keeps the path up to the company, opens a node with the
// keyboard alone, and reads the map at 390 px without sideways scrolling.
func TestBrowserAlignmentMap(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	signIn(t, ctx, "julie@artbyx.example", "demo-julie-2026")
	var (
		company   = mapObjective(t, app, "Bli Nordens mest anbefalte nettbutikk for ung kunst")
		funding   = mapObjective(t, app, "Fullføre neste finansieringsrunde slik at vi kan vokse neste kvartal")
		marketing = mapObjective(t, app, "Øke merkevaren vår i målgruppen")
		content   = mapObjective(t, app, "Bli kjent for historiene bak kunstnerne")
		skills    = mapObjective(t, app, "Styrke kompetansen min innen foto og video")
		sales     = mapObjective(t, app, "Levere 2 konkrete suksesshistorier")
		draft     = mapObjective(t, app, "Bygge et ambassadørprogram med kunstnerne våre")
	)
	node := func(id string) string { return "#map-" + id }
	visible := func(id string) bool {
		t.Helper()
		return evalBool(t, ctx, `(() => { const e = document.querySelector("`+node(id)+` > .omap-row"); return !!e && e.checkVisibility(); })()`)
	}

	// The company's objectives are the roots; the others nest below them.
	visit(t, ctx, "/alignment")
	for _, id := range []string{company, funding} {
		if n := count(t, ctx, "#omap > li"+node(id)); n != 1 {
			t.Errorf("objective %s is not a root of the map", id)
		}
	}
	for _, edge := range [][2]string{{company, marketing}, {marketing, content}, {content, skills}, {company, sales}} {
		if n := count(t, ctx, node(edge[0])+" > details > ul > li"+node(edge[1])); n != 1 {
			t.Errorf("objective %s is not nested under %s", edge[1], edge[0])
		}
	}
	if !visible(marketing) || visible(content) {
		t.Errorf("got the first level visible %v and the second %v; want the company's children shown and deeper levels closed", visible(marketing), visible(content))
	}
	// An objective aligned under nothing is listed as not aligned, and a
	// draft says so.
	if n := count(t, ctx, "#omap-loose > li"+node(draft)+" .pill-draft"); n != 1 {
		t.Errorf("the draft aligned under nothing is not listed as a draft under %q", "Ikke koblet")
	}
	axeCheck(t, ctx, "alignment map")
	shot(t, ctx, "default-1280")

	// One click opens everything.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.omap-bar a[href*="open=all"]`)), chromedp.WaitReady(chromedp.CSS("main#main"))); err != nil {
		t.Fatalf("open all: %v", err)
	}
	if closed := count(t, ctx, ".omap details:not([open])"); closed != 0 || !visible(skills) {
		t.Errorf("after %q: %d nodes closed, Julie's objective visible %v; want all open", "Åpne alle", closed, visible(skills))
	}
	shot(t, ctx, "open-all-1280")

	// Sales contributes to marketing: a dashed reference to marketing's
	// node, and marketing's subtree is not copied under sales.
	link := node(sales) + ` > .omap-link a[href="#map-` + marketing + `"]`
	if n := count(t, ctx, link); n != 1 {
		t.Fatalf("sales has no contributes-to link to the marketing node")
	}
	if got := evalString(t, ctx, `getComputedStyle(document.querySelector("`+node(sales)+` > .omap-link")).borderTopStyle + " " + getComputedStyle(document.querySelector("`+node(sales)+` > .omap-row")).borderTopStyle`); got != "dashed solid" {
		t.Errorf("got the contributes-to link and the node drawn %q, want %q", got, "dashed solid")
	}
	if n := count(t, ctx, "#map-"+marketing); n != 1 {
		t.Errorf("the marketing objective is on the map %d times, want once", n)
	}
	if got := text(t, ctx, node(sales)+" > .omap-link"); !strings.Contains(got, "Bidrar til") {
		t.Errorf("the contributes-to link reads %q, want it labelled %q", got, "Bidrar til")
	}
	axeCheck(t, ctx, "alignment map, all open")

	// Filter by a unit: her team's objectives, with the path up to the
	// company; the rest of the map is gone.
	unit := strconv.FormatInt(unitByName(t, app, "Innhold og SoMe").ID, 10)
	err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#f-unit"), unit),
		chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(`main#main`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	waitURL(t, ctx, regexp.MustCompile(`unit=`+unit))
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`main#main`))); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{content, skills} {
		if !visible(id) || count(t, ctx, node(id)+".omap-context") != 0 {
			t.Errorf("filtered by Innhold og SoMe: objective %s is not shown as a match (visible %v)", id, visible(id))
		}
	}
	for _, id := range []string{company, marketing} {
		if !visible(id) || count(t, ctx, node(id)+".omap-context") != 1 {
			t.Errorf("filtered by Innhold og SoMe: objective %s is not shown as the path", id)
		}
	}
	for _, id := range []string{funding, sales, draft} {
		if count(t, ctx, node(id)) != 0 {
			t.Errorf("filtered by Innhold og SoMe: objective %s is still on the map", id)
		}
	}
	axeCheck(t, ctx, "alignment map filtered by unit")
	shot(t, ctx, "unit-1280")

	// Filter by a person: Julie's own objective and its path.
	person := strconv.FormatInt(mustPersonID(t, app, "julie"), 10)
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#f-unit"), ""),
		chromedp.SetValue(chromedp.CSS("#f-person"), person),
		chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	waitURL(t, ctx, regexp.MustCompile(`person=`+person))
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`main#main`))); err != nil {
		t.Fatal(err)
	}
	if !visible(skills) || count(t, ctx, node(skills)+".omap-context") != 0 {
		t.Errorf("filtered by Julie: her objective is not shown as a match")
	}
	for _, id := range []string{company, marketing, content} {
		if count(t, ctx, node(id)+".omap-context") != 1 {
			t.Errorf("filtered by Julie: objective %s is not shown as the path", id)
		}
	}
	if count(t, ctx, node(funding))+count(t, ctx, node(sales)) != 0 {
		t.Errorf("filtered by Julie: other objectives are still on the map")
	}

	// A link to a node inside closed ones (as a contributes-to link is)
	// opens the way to it.
	visit(t, ctx, "/alignment#map-"+skills)
	if !visible(skills) {
		t.Errorf("a link to Julie's objective on the map does not show it")
	}

	// The keyboard alone: Tab to marketing's disclosure, Enter opens it,
	// Space closes it again.
	visit(t, ctx, "/alignment")
	summary := node(marketing) + " > details > summary"
	reached := false
	for range 120 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		if evalBool(t, ctx, `document.activeElement === document.querySelector("`+summary+`")`) {
			reached = true
			break
		}
	}
	if !reached {
		t.Fatalf("Tab never reached the disclosure of the marketing objective")
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	if !visible(content) {
		t.Errorf("Enter on the marketing objective's disclosure did not show the objective below it")
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(" ")); err != nil {
		t.Fatal(err)
	}
	if visible(content) {
		t.Errorf("Space on the open disclosure did not close it")
	}

	// 390 px: the whole map open, no sideways scrolling.
	phone(t, ctx)
	visit(t, ctx, "/alignment?open=all")
	if w := evalInt(t, ctx, `document.documentElement.scrollWidth`); w > phoneWidth {
		t.Errorf("got the open map %d px wide on a %d px screen, want no sideways scrolling", w, phoneWidth)
	}
	if !visible(skills) {
		t.Errorf("Julie's objective is not on the open map at 390 px")
	}
	axeCheck(t, ctx, "alignment map at 390 px")
	shot(t, ctx, "open-all-390")
	visit(t, ctx, "/alignment?person="+person)
	if w := evalInt(t, ctx, `document.documentElement.scrollWidth`); w > phoneWidth {
		t.Errorf("got the filtered map %d px wide on a %d px screen, want no sideways scrolling", w, phoneWidth)
	}
	shot(t, ctx, "person-390")
}
