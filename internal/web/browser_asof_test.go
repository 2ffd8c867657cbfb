package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestTimeTravelInTheBrowser picks an earlier day with the date picker on
// the overview, on a desktop and at 390 px: the banner names the day, the
// page fits the phone, and axe finds nothing.
func TestTimeTravelInTheBrowser(t *testing.T) {
	ctx := browserTest(t)
	e := newTimeTravelEnv(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/signin"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), e.email),
		chromedp.SendKeys(chromedp.CSS("#password"), e.pw),
		chromedp.Click(chromedp.CSS(`form[action="/signin"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.mainnav`)),
		chromedp.Navigate(e.ts.URL+"/overview"),
		chromedp.Click(chromedp.CSS(".asof-picker summary")),
		chromedp.SetValue(chromedp.CSS(`.asof-picker input[name=asof]`), e.early),
		chromedp.Click(chromedp.CSS(`.asof-picker button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".asof-banner")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, ctx, `document.querySelector("main").innerText`); !strings.Contains(got, "Customers who come back") || strings.Contains(got, "every month") {
		t.Errorf("the overview as of %s: %q", e.early, got)
	}
	shot(t, ctx, "asof-overview-desktop")
	axeCheck(t, ctx, "overview as of a past day")
	phone(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/objectives/"+idStr(e.first.ID)), chromedp.WaitVisible(chromedp.CSS(".asof-banner"))); err != nil {
		t.Fatal(err)
	}
	if w := evalInt(t, ctx, `document.documentElement.scrollWidth`); w > phoneWidth {
		t.Errorf("the objective page as of a past day is %d px wide at %d px", w, phoneWidth)
	}
	shot(t, ctx, "asof-objective-phone")
	if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/changes?from="+e.early+"&to="+e.late), chromedp.WaitVisible(chromedp.CSS(".changes-list"))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "changes-phone")
	axeCheck(t, ctx, "what changed")
}
