package web

import (
	"strings"
	"testing"
)

// The carry-over page, reached from the review: objectives to tick and a
// keep-or-restart choice per key result; accessible, and usable at 390 px.
func TestCarryOverBrowser(t *testing.T) {
	ctx := browserTest(t)
	signIn(t, ctx, saraEmail, saraPW)
	visit(t, ctx, "/review")
	href := evalString(t, ctx, `(document.querySelector('a[href$="/carry"]')||{}).getAttribute ? document.querySelector('a[href$="/carry"]').getAttribute("href") : ""`)
	if !strings.HasPrefix(href, "/review/") {
		t.Fatalf("no carry-over link on the review (got %q)", href)
	}
	visit(t, ctx, href)
	if n := evalInt(t, ctx, `document.querySelectorAll('input[name="objective"]').length`); n == 0 {
		t.Fatalf("no objective offered on %s", href)
	}
	if n := evalInt(t, ctx, `document.querySelectorAll('input[type="radio"][value="restart"]').length`); n == 0 {
		t.Errorf("no key result offers to restart from where it stands")
	}
	axeCheck(t, ctx, "carry-over")
	shot(t, ctx, "carry-1280")
	phone(t, ctx)
	visit(t, ctx, href)
	if w := evalInt(t, ctx, `document.documentElement.scrollWidth`); w > phoneWidth {
		t.Errorf("the carry-over page is %d px wide at %d px", w, phoneWidth)
	}
	shot(t, ctx, "carry-390")
}
