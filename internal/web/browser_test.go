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
	objURL, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#ci-kr-` + id + `").closest("section").querySelector("h2 a").getAttribute("href")`))
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
		chromedp.WaitVisible(chromedp.CSS("#checkin-form .notice-ok")),
	)
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
