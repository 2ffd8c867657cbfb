package web

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserFollowOnMyOKRs follows a colleague from his page and finds his
// current objectives, and the key results he owns in the team's objective,
// on My OKRs under Following; unfollowing there leaves the section saying
// that she follows no one (issue 10, point 7). Before, the key results were
// missing, there was no unfollow button on My OKRs, and following someone
// without current objectives still said that she followed no one.
func TestBrowserFollowOnMyOKRs(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	erik, err := app.db.GetPersonByEmail(t.Context(), "erik@artbyx.example")
	if err != nil {
		t.Fatal(err)
	}
	erikPath := "/people/" + strconv.FormatInt(erik.ID, 10)
	group := "#follow-person-" + strconv.FormatInt(erik.ID, 10)
	// The note that she follows no one, in Karoline's language.
	none := app.srv.i18n.Localizer("nb").T("home.following_empty")
	followsNoOne := func() bool {
		return evalBool(t, ctx, `[...document.querySelectorAll('section[aria-labelledby="follow-h"] p')].some(p => p.textContent.trim() === `+strconv.Quote(none)+`)`)
	}

	signIn(t, ctx, "karoline@artbyx.example", "demo-karoline-2026")
	if !followsNoOne() {
		t.Fatalf("before following: My OKRs does not say that she follows no one")
	}

	// Follow Erik from his page: the button turns in place.
	visit(t, ctx, erikPath)
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.page-head form.follow-form[action="/follow"] button`)),
		htmxSettled(`document.querySelector('.page-head form.follow-form[action="/unfollow"]')`),
	)
	if err != nil {
		t.Fatalf("follow Erik: %v", err)
	}

	visit(t, ctx, "/")
	if followsNoOne() {
		t.Errorf("after following Erik My OKRs still says she follows no one")
	}
	if n := count(t, ctx, group); n != 1 {
		shot(t, ctx, "following")
		t.Fatalf("got %d groups of Erik under Following, want 1 (section text %q)", n, text(t, ctx, `section[aria-labelledby="follow-h"]`))
	}
	if got := text(t, ctx, group+" h3"); !strings.Contains(got, erik.Name) {
		t.Errorf("got group heading %q, want %q", got, erik.Name)
	}
	if got := text(t, ctx, group); !strings.Contains(got, "Make our product pages feel instant") {
		t.Errorf("Erik's objective is not under Following: %q", got)
	}
	if got := text(t, ctx, group+" .follow-krs ul.krs"); !strings.Contains(got, "Klarna och Vipps i kassan") {
		t.Errorf("the key result Erik owns in the web shop's objective is not under Following: %q", got)
	}
	axeCheck(t, ctx, "My OKRs following")
	shot(t, ctx, "following")

	// Unfollow there: the button turns in place, and after a reload the
	// section says she follows no one.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(group+` form.follow-form[action="/unfollow"] button`)),
		htmxSettled(`document.querySelector('`+group+` form.follow-form[action="/follow"]')`),
	)
	if err != nil {
		t.Fatalf("unfollow Erik on My OKRs: %v", err)
	}
	visit(t, ctx, "/")
	if n := count(t, ctx, group); n != 0 {
		t.Errorf("after unfollowing Erik is still under Following")
	}
	if !followsNoOne() {
		t.Errorf("after unfollowing My OKRs does not say that she follows no one")
	}
	axeCheck(t, ctx, "My OKRs following nobody")
	shot(t, ctx, "unfollowed")
}
