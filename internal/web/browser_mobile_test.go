package web

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/okr-dev/okr/internal/demo"
)

// phoneWidth is the width of a common phone's screen in CSS pixels.
const phoneWidth = 390

// phone sets a 390×844 viewport.
func phone(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(phoneWidth, 844, chromedp.EmulateScale(2))); err != nil {
		t.Fatal(err)
	}
}

// evalInt runs a script that returns a number.
func evalInt(t *testing.T, ctx context.Context, script string) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](script))
	if err != nil {
		t.Fatalf("%s: %v", script, err)
	}
	return n
}

// navLinksOnScreen is a script that returns how many of the main
// navigation's links are shown and wholly inside the viewport (not cut off
// or scrolled away sideways), and that the topmost element at each link's
// centre is the link itself.
const navLinksOnScreen = `Array.from(document.querySelectorAll("nav.mainnav a")).filter(a => {
	const r = a.getBoundingClientRect();
	if (r.width === 0 || r.height === 0 || r.left < 0 || r.right > innerWidth) return false;
	const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
	return hit === a || a.contains(hit);
}).length`

// TestBrowserPhone walks the pages at 390 px: an objective's charts fit the
// screen with the period's end in view, the menu button opens the main
// navigation (by keyboard and by mouse) and no page scrolls sideways.
func TestBrowserPhone(t *testing.T) {
	ctx := browserTest(t)
	signIn(t, ctx, demo.Email, demo.Password)
	phone(t, ctx)

	// Open an objective from My OKRs.
	visit(t, ctx, "/")
	objURL := evalString(t, ctx, `document.querySelector("article.obj .obj-title a").getAttribute("href")`)
	visit(t, ctx, objURL)
	if n := count(t, ctx, "svg.chart"); n == 0 {
		t.Fatalf("no chart on %s", objURL)
	}
	// The first chart is as wide as it is shown: nothing of it lies beyond
	// the screen or behind a sideways scroll.
	if w := evalInt(t, ctx, `Math.ceil(document.querySelector("svg.chart").getBoundingClientRect().right)`); w > phoneWidth {
		t.Errorf("got the chart's right edge at %d px on a %d px screen, want it inside", w, phoneWidth)
	}
	if d := evalInt(t, ctx, `(w => w.scrollWidth - w.clientWidth)(document.querySelector(".chart-wrap"))`); d > 0 {
		t.Errorf("got a chart %d px wider than its frame, want it to fit", d)
	}
	// The x axis's last label (the period's end) is on screen: with the page
	// scrolled down to it (and nothing scrolled sideways), the topmost
	// element at its centre is the label.
	end := `(() => {
		const svg = document.querySelector("svg.chart");
		const axis = Math.max(...Array.from(svg.querySelectorAll("text")).map(e => +e.getAttribute("y")));
		const labels = Array.from(svg.querySelectorAll("text")).filter(e => +e.getAttribute("y") === axis);
		return labels.reduce((a, b) => +b.getAttribute("x") > +a.getAttribute("x") ? b : a);
	})()`
	last := evalString(t, ctx, end+`.textContent`)
	visible := evalInt(t, ctx, `(e => {
		window.scrollBy(0, e.getBoundingClientRect().top - innerHeight / 2);
		const r = e.getBoundingClientRect();
		if (r.left < 0 || r.right > innerWidth) return 0;
		const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		return hit === e ? 1 : 0;
	})(`+end+`)`)
	if visible != 1 {
		t.Errorf("the chart's last x-axis label %q (the period's end) is not visible at %d px", last, phoneWidth)
	}
	axeCheck(t, ctx, "objective at 390 px")
	shot(t, ctx, "objective-390")

	// The navigation is behind a menu button.
	visit(t, ctx, "/")
	total := count(t, ctx, "nav.mainnav a")
	if total < 8 {
		t.Fatalf("got %d navigation links for an admin, want 8", total)
	}
	if n := count(t, ctx, "button.nav-toggle[aria-expanded='false']"); n != 1 {
		t.Fatalf("got %d closed menu buttons at %d px, want 1", n, phoneWidth)
	}
	list := evalString(t, ctx, `document.querySelector("button.nav-toggle").getAttribute("aria-controls")`)
	if n := count(t, ctx, "nav.mainnav #"+list); n != 1 {
		t.Fatalf("the menu button controls #%s, which is not in the navigation", list)
	}
	if n := evalInt(t, ctx, navLinksOnScreen); n != 0 {
		t.Errorf("got %d navigation links shown while the menu is closed, want 0", n)
	}
	// Keyboard: Tab to the button, Enter opens the menu, Tab reaches every
	// item in turn.
	reached := false
	for i := 0; i < 10 && !reached; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		reached = evalInt(t, ctx, `document.activeElement.matches("button.nav-toggle") ? 1 : 0`) == 1
	}
	if !reached {
		t.Fatalf("Tab never reached the menu button")
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, ctx, `document.querySelector("button.nav-toggle").getAttribute("aria-expanded")`); got != "true" {
		t.Fatalf("got aria-expanded=%q after Enter on the menu button, want true", got)
	}
	if n := evalInt(t, ctx, navLinksOnScreen); n != total {
		t.Errorf("got %d of %d navigation links on screen with the menu open", n, total)
	}
	axeCheck(t, ctx, "My OKRs at 390 px with the menu open")
	shot(t, ctx, "menu-open")
	for i := 0; i < total; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf(`document.querySelectorAll("nav.mainnav a")[%d]`, i)
		if evalInt(t, ctx, `document.activeElement === `+want+` ? 1 : 0`) != 1 {
			t.Fatalf("Tab %d from the menu button reached %q, want navigation item %d", i+1, evalString(t, ctx, `document.activeElement.outerHTML.slice(0, 80)`), i+1)
		}
	}
	// Escape closes the menu and gives focus back to its button.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\u001b")); err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, ctx, `document.activeElement.className + " " + document.querySelector("button.nav-toggle").getAttribute("aria-expanded")`); got != "nav-toggle false" {
		t.Errorf("after Escape got focus and aria-expanded %q, want the closed menu button focused", got)
	}
	// Mouse: a click opens it, and a link in it goes to its page.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("button.nav-toggle")), chromedp.Click(chromedp.CSS(`nav.mainnav a[href="/people"]`)), chromedp.WaitReady(chromedp.CSS(`nav.mainnav a[href="/people"][aria-current="page"]`))); err != nil {
		t.Fatalf("open the menu and follow People: %v", err)
	}

	// No page scrolls sideways, and each passes the accessibility check at
	// this width.
	for _, path := range []string{"/", "/overview", "/alignment", "/alignment/units", "/checkin", objURL, "/kpis", "/people", "/review", "/admin"} {
		visit(t, ctx, path)
		if w := evalInt(t, ctx, `document.documentElement.scrollWidth`); w > phoneWidth {
			t.Errorf("got %s %d px wide on a %d px screen, want no sideways scrolling (widest: %s)", path, w, phoneWidth,
				evalString(t, ctx, `(() => { let best = null, r = 0; document.querySelectorAll("main *, header *").forEach(e => { const x = e.getBoundingClientRect().right; if (x > r) { r = x; best = e; } }); return best ? best.tagName + "." + best.className + " " + Math.round(r) : ""; })()`))
		}
		axeCheck(t, ctx, path+" at 390 px")
	}

	// On a wide screen there is no menu button: the whole navigation shows.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	visit(t, ctx, objURL)
	if n := evalInt(t, ctx, `document.querySelector("button.nav-toggle").getBoundingClientRect().width`); n != 0 {
		t.Errorf("got a menu button %d px wide at 1280 px, want none", n)
	}
	if n := evalInt(t, ctx, navLinksOnScreen); n != total {
		t.Errorf("got %d of %d navigation links on screen at 1280 px", n, total)
	}
	shot(t, ctx, "objective-1280")
}

// TestBrowserPhoneWithoutJS: without JavaScript there is no menu button
// that does nothing, and every navigation item is on screen.
func TestBrowserPhoneWithoutJS(t *testing.T) {
	ctx := browserTest(t)
	signIn(t, ctx, demo.Email, demo.Password)
	phone(t, ctx)
	noJS := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	if err := chromedp.Do(ctx, noJS); err != nil {
		t.Fatal(err)
	}
	visit(t, ctx, "/")
	total := count(t, ctx, "nav.mainnav a")
	if n := evalInt(t, ctx, `Array.from(document.querySelectorAll("button.nav-toggle")).filter(b => b.getBoundingClientRect().width > 0).length`); n != 0 {
		t.Errorf("got a visible menu button without JavaScript, want none")
	}
	if n := evalInt(t, ctx, navLinksOnScreen); n != total {
		t.Errorf("got %d of %d navigation links on screen without JavaScript", n, total)
	}
	if w := evalInt(t, ctx, `document.documentElement.scrollWidth`); w > phoneWidth {
		t.Errorf("got / %d px wide without JavaScript, want at most %d", w, phoneWidth)
	}
	shot(t, ctx, "nojs-390")
}
