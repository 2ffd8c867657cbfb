package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/okr-dev/okr/internal/demo"
)

func TestBrowserSignIn(t *testing.T) {
	ctx := browserTest(t)
	visit(t, ctx, "/")
	if !strings.Contains(text(t, ctx, "h1"), "Sign in") && !strings.Contains(text(t, ctx, "h1"), "Logg inn") && !strings.Contains(text(t, ctx, "h1"), "Logga in") {
		t.Fatalf("got h1 %q on / without a session, want the sign-in page", text(t, ctx, "h1"))
	}
	axeCheck(t, ctx, "sign-in")
	shot(t, ctx, "signin")

	// A wrong password says so, by the form, without saying which part.
	err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#email"), demo.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), "wrong password"),
		chromedp.Click(chromedp.CSS(`form[action="/signin"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#signin-error")),
	)
	if err != nil {
		t.Fatal(err)
	}
	axeCheck(t, ctx, "sign-in with error")
	shot(t, ctx, "signin-failed")

	signIn(t, ctx, demo.Email, demo.Password)
	if got := text(t, ctx, `nav.mainnav a[aria-current="page"]`); got == "" {
		t.Errorf("got no current navigation entry on My OKRs")
	}
	if n := count(t, ctx, "article.obj"); n == 0 {
		t.Errorf("got no objective cards on My OKRs for the demo user")
	}
	axeCheck(t, ctx, "My OKRs")
	shot(t, ctx, "home")

	// Signing out ends the session: My OKRs asks to sign in again.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action="/signout"] button`)), chromedp.WaitVisible(chromedp.CSS("#email"))); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	visit(t, ctx, "/")
	if n := count(t, ctx, "#email"); n != 1 {
		t.Errorf("after sign-out / shows no sign-in form")
	}
}

func TestBrowserWeeklyCheckIn(t *testing.T) {
	ctx := browserTest(t)
	signIn(t, ctx, demo.Email, demo.Password)
	visit(t, ctx, "/checkin")
	axeCheck(t, ctx, "check-in")
	shot(t, ctx, "form")

	// The first number field of the form, its KR and that KR's objective.
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("input[name^='value-']").name.slice(6)`))
	if err != nil {
		t.Fatalf("find a number field in the check-in form: %v", err)
	}
	objURL, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#ci-kr-`+id+`").closest("section").querySelector("h2 a").getAttribute("href")`))
	if err != nil {
		t.Fatal(err)
	}
	dots := "#kr-" + id + " svg.chart circle.dot"
	visit(t, ctx, objURL)
	before := count(t, ctx, dots)

	visit(t, ctx, "/checkin")
	comment := "Browser test: the campaign went live"
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#value-"+id), "3,1"),
		chromedp.Click(chromedp.CSS(`input[name="confidence-`+id+`"][value="at_risk"]`)),
		chromedp.SendKeys(chromedp.CSS("#comment-"+id), comment),
		chromedp.Click(chromedp.CSS(`#checkin-form button[type="submit"]`)),
		// The value is arbitrary: the form may ask whether it is right
		// (okr.DoubtValue); then it is confirmed and saved again.
		htmxSettled(`document.querySelector("#checkin-form .notice-ok, #value-`+id+`-doubt")`),
	)
	if err == nil && count(t, ctx, "#value-"+id+"-doubt") > 0 {
		err = chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`input[name="confirm-`+id+`"]`)),
			chromedp.Click(chromedp.CSS(`#checkin-form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS("#checkin-form .notice-ok")),
		)
	}
	if err != nil {
		t.Fatalf("save the check-in: %v", err)
	}
	if got := text(t, ctx, "#checkin-form .notice-ok"); !strings.Contains(got, "1") {
		t.Errorf("got notice %q, want it to say one key result was saved", got)
	}
	shot(t, ctx, "saved")

	visit(t, ctx, objURL+"#kr-"+id)
	if after := count(t, ctx, dots); after != before+1 {
		t.Errorf("got %d check-in dots on the chart after the check-in, want %d", after, before+1)
	}
	if got := text(t, ctx, "#kr-"+id+" table.history tbody tr"); !strings.Contains(got, comment) {
		t.Errorf("got newest history row %q, want the comment %q", got, comment)
	}
	axeCheck(t, ctx, "objective")
	shot(t, ctx, "objective")
}

func TestBrowserOverviewAndAlignment(t *testing.T) {
	ctx := browserTest(t)
	signIn(t, ctx, demo.Email, demo.Password)

	visit(t, ctx, "/overview")
	all := count(t, ctx, "article.obj")
	if all == 0 {
		t.Fatalf("got no objectives on the company overview")
	}
	if n := count(t, ctx, "article.obj .kr"); n == 0 {
		t.Errorf("got no key results beneath the objectives")
	}
	axeCheck(t, ctx, "overview")
	shot(t, ctx, "overview")

	// Filtering by a unit shows fewer objectives, and search narrows them.
	unit, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelectorAll("#f-unit option")[2].value`))
	if err != nil {
		t.Fatal(err)
	}
	visit(t, ctx, "/overview?unit="+unit)
	if n := count(t, ctx, "article.obj"); n == 0 || n >= all {
		t.Errorf("got %d objectives for one department, want some but fewer than all %d", n, all)
	}
	title := text(t, ctx, "article.obj h3 a")
	word := strings.Fields(title)[0]
	visit(t, ctx, "/overview?q="+word)
	if n := count(t, ctx, "article.obj"); n == 0 {
		t.Errorf("searching for %q found nothing, want at least %q", word, title)
	}

	visit(t, ctx, "/alignment/units")
	axeCheck(t, ctx, "alignment")
	shot(t, ctx, "alignment")
	// A collapsed team loads its contents when opened (htmx).
	lazy, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector("details[hx-get]") || {}).id || ""`))
	if err != nil || lazy == "" {
		t.Fatalf("found no lazily loaded node in the alignment tree (%v)", err)
	}
	err = chromedp.Do(ctx,
		js(`document.querySelectorAll("details").forEach(d => { if (d.querySelector("#`+lazy+`")) d.open = true })`),
		chromedp.Click(chromedp.CSS("#"+lazy+" > summary")),
		chromedp.WaitReady(chromedp.CSS("#"+lazy+" .node-body .node-objs, #"+lazy+" .node-body > ul")),
	)
	if err != nil {
		t.Fatalf("open %s: %v", lazy, err)
	}
	shot(t, ctx, "alignment-opened")
}

func TestBrowserLanguageSwitch(t *testing.T) {
	ctx := browserTest(t)
	signIn(t, ctx, demo.Email, demo.Password)
	for _, tt := range []struct{ lang, home string }{{"sv", "Mina OKR:er"}, {"en", "My OKRs"}, {"nb", "Mine OKR-er"}} {
		err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`footer button[name="lang"][value="`+tt.lang+`"]`)),
			chromedp.WaitReady(chromedp.CSS(`html[lang="`+tt.lang+`"]`)),
		)
		if err != nil {
			t.Fatalf("switch to %s: %v", tt.lang, err)
		}
		if got := text(t, ctx, "h1"); got != tt.home {
			t.Errorf("got h1 %q after switching to %s, want %q", got, tt.lang, tt.home)
		}
		if tt.lang == "sv" {
			shot(t, ctx, "home-sv")
			visit(t, ctx, "/overview") // the choice sticks across pages
			if got := text(t, ctx, "h1"); got != "Bolagsöversikt" {
				t.Errorf("got h1 %q on the overview after choosing Swedish, want Bolagsöversikt", got)
			}
			visit(t, ctx, "/")
		}
	}
}

func TestBrowserCheckInPhone(t *testing.T) {
	ctx := browserTest(t)
	signIn(t, ctx, demo.Email, demo.Password)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2))); err != nil {
		t.Fatal(err)
	}
	visit(t, ctx, "/checkin")
	// Nothing may be wider than the screen: no sideways scrolling.
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width > 360 {
		t.Errorf("got a page %d px wide on a 360 px screen, want no horizontal scrolling", width)
	}
	// Keyboard only: Tab reaches the first value field and typing works.
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("input[name^='value-']").id`))
	if err != nil {
		t.Fatal(err)
	}
	reached := false
	for i := 0; i < 60 && !reached; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		active, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
		if err != nil {
			t.Fatal(err)
		}
		reached = active == id
	}
	if !reached {
		t.Fatalf("Tab never reached the first value field #%s", id)
	}
	shot(t, ctx, "checkin-360")
}

// TestAxeFindsViolations makes sure the accessibility check can fail: a
// page with an unlabelled field and an image without text must be reported.
func TestAxeFindsViolations(t *testing.T) {
	ctx := browserTest(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(`data:text/html,<html><body><main><img src="x.png"><input type="text"></main></body></html>`)); err != nil {
		t.Fatal(err)
	}
	ft := &fakeT{}
	axeCheckWith(ft, ctx, "bad page")
	if len(ft.errors) == 0 {
		t.Errorf("axe reported no serious violation on a page with an unlabelled field and an image without alt")
	}
}
