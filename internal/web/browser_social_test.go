package web

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// TestBrowserCommentsMentionsAndBell walks issue 13's comments, mentions
// and bell: Karoline comments on her unit's objective and mentions Erik
// through the autocompletion; the comment shows the mention linked to
// him; Erik's bell counts it, the list shows it and opening the list reads
// it; Erik may not change Karoline's comment, she edits and deletes it;
// the pages fit a 390 px screen and pass the accessibility check.
func TestBrowserCommentsMentionsAndBell(t *testing.T) {
	app := appTest(t)
	ctx := browserTest(t)
	bg := context.Background()
	objs, _, err := app.db.ListObjectives(bg, app.orgID, store.ObjectiveFilter{Query: "Øke merkevaren"})
	if err != nil || len(objs) != 1 {
		t.Fatalf("the marketing objective: %d, %v", len(objs), err)
	}
	objPath := "/objectives/" + strconv.FormatInt(objs[0].ID, 10)
	erik, err := app.db.GetPersonByEmail(bg, "erik@artbyx.example")
	if err != nil {
		t.Fatal(err)
	}

	signIn(t, ctx, "karoline@artbyx.example", "demo-karoline-2026")
	visit(t, ctx, objPath)
	// Type a mention: the suggestions list Erik; Enter writes @[Erik Nilsen].
	err = chromedp.Do(ctx,
		chromedp.ScrollIntoView(chromedp.CSS("#comment-body")),
		chromedp.Click(chromedp.CSS("#comment-body")),
		chromedp.SendKeys(chromedp.CSS("#comment-body"), "Hva tenker du om dette, @Eri"),
		chromedp.WaitVisible(chromedp.CSS(`#comment-body-suggest li[data-insert="Erik Nilsen"]`)),
	)
	if err != nil {
		shot(t, ctx, "suggest")
		t.Fatalf("mention suggestions: %v", err)
	}
	axeCheck(t, ctx, "comment form with suggestions")
	// Enter picks the highlighted person (a keydown the page handles; a
	// real key's newline is prevented by it).
	err = chromedp.Do(ctx,
		js(`document.querySelector('#comment-body').dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}))`),
		chromedp.SendKeys(chromedp.CSS("#comment-body"), "?"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, ctx, `document.querySelector('#comment-body').value`); got != "Hva tenker du om dette, @[Erik Nilsen] ?" {
		t.Fatalf("the comment text after picking Erik = %q", got)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#comment-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`ol.comments li.comment a.mention`)),
		// The page after the post has loaded whole (its scripts too)
		// before the next text is typed: under load the comment could
		// show while the rest of the page was still arriving.
		chromedp.Poll[chromedp.Void](`document.readyState === "complete"`),
	)
	if err != nil {
		shot(t, ctx, "posted")
		t.Fatalf("post the comment: %v", err)
	}
	if href := evalString(t, ctx, `document.querySelector('ol.comments li.comment a.mention').getAttribute('href')`); href != "/people/"+strconv.FormatInt(erik.ID, 10) {
		t.Errorf("the mention links to %q, want Erik's page", href)
	}
	if got := text(t, ctx, "ol.comments li.comment:last-child .comment-body"); got != "Hva tenker du om dette, @Erik Nilsen ?" {
		t.Errorf("the comment reads %q", got)
	}
	commentID := evalString(t, ctx, `document.querySelector('ol.comments li.comment:last-child').id`)
	// An unknown name is refused with a message that names it, the text kept.
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#comment-body"), "Og @[Ingen Her]"),
		chromedp.Click(chromedp.CSS(`#comment-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#comment-body-err`)),
	)
	if err != nil {
		shot(t, ctx, "unknown-mention")
		t.Fatalf("post an unknown mention: %v", err)
	}
	if got := text(t, ctx, "#comment-body-err"); !strings.Contains(got, "Ingen Her") {
		t.Errorf("the error %q does not name the mention", got)
	}
	if got := evalString(t, ctx, `document.querySelector('#comment-body').value`); got != "Og @[Ingen Her]" {
		t.Errorf("the text after the error = %q, want it kept", got)
	}

	// The engine fans events out in `okr serve`; the shared test app runs
	// no engine, so the test does what its fan-out job does.
	if err := app.srv.fanOut(bg, app.orgID); err != nil {
		t.Fatal(err)
	}

	// Erik's bell.
	ectx := browserTest(t)
	signIn(t, ectx, "erik@artbyx.example", "demo-erik-2026")
	unread := count(t, ectx, "#bell .bell-count")
	label := evalString(t, ectx, `document.querySelector('#bell').getAttribute('aria-label')`)
	if unread != 1 || !strings.Contains(label, "unread") {
		t.Fatalf("Erik's bell: %d counts, label %q; want a count and an unread label", unread, label)
	}
	axeCheck(t, ectx, "header with the bell")
	phone(t, ectx)
	if w := evalInt(t, ectx, `document.documentElement.scrollWidth`); w > phoneWidth {
		t.Errorf("the page with the bell is %d px wide on a %d px screen", w, phoneWidth)
	}
	err = chromedp.Do(ectx, chromedp.Click(chromedp.CSS("#bell")), chromedp.WaitVisible(chromedp.CSS("ul.notif-list")))
	if err != nil {
		t.Fatalf("open the notifications: %v", err)
	}
	first := text(t, ectx, "ul.notif-list li.notif")
	if !strings.Contains(first, "Karoline Gjerdingen commented on") || !strings.Contains(strings.ToLower(first), "mention") || !strings.Contains(first, "@Erik Nilsen ?") || count(t, ectx, "li.notif-new") < 1 {
		t.Errorf("the newest notification reads %q, want Karoline's comment as a new mention", first)
	}
	if w := evalInt(t, ectx, `document.documentElement.scrollWidth`); w > phoneWidth {
		t.Errorf("the notifications are %d px wide on a %d px screen", w, phoneWidth)
	}
	axeCheck(t, ectx, "notifications at 390 px")
	shot(t, ectx, "notifications-390")
	if n := count(t, ectx, "#bell .bell-count"); n != 0 {
		t.Errorf("the bell still counts after opening the list")
	}
	// The link leads to the comment; Erik may not change it.
	err = chromedp.Do(ectx, chromedp.Click(chromedp.CSS("ul.notif-list li.notif a")), chromedp.WaitVisible(chromedp.CSS("#"+commentID)))
	if err != nil {
		t.Fatalf("follow the notification: %v", err)
	}
	if n := count(t, ectx, "#"+commentID+" form"); n != 0 {
		t.Errorf("Erik sees %d forms on Karoline's comment, want none", n)
	}
	if w := evalInt(t, ectx, `document.documentElement.scrollWidth`); w > phoneWidth {
		t.Errorf("the objective page with comments is %d px wide on a %d px screen", w, phoneWidth)
	}
	axeCheck(t, ectx, "objective with comments at 390 px")
	shot(t, ectx, "comments-390")

	// Karoline edits her comment, then deletes it.
	visit(t, ctx, objPath)
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#"+commentID+" summary")),
		chromedp.SetValue(chromedp.CSS("#"+commentID+" textarea"), "Rettet: hva mener du, @[Erik Nilsen]?"),
		chromedp.Click(chromedp.CSS("#"+commentID+` form[action$="/edit"] button`)),
		// Only the new page marks the comment edited.
		chromedp.WaitVisible(chromedp.CSS("#"+commentID+" .comment-head span.muted")),
	)
	if err != nil {
		t.Fatalf("edit the comment: %v", err)
	}
	if got := text(t, ctx, "#"+commentID); !strings.Contains(got, "Rettet: hva mener du") || !strings.Contains(got, "endret") {
		t.Errorf("the edited comment reads %q, want the new text marked edited", got)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#"+commentID+" summary")),
		chromedp.Click(chromedp.CSS("#"+commentID+` form[action$="/archive"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#page-status .notice")),
	)
	if err != nil {
		t.Fatalf("delete the comment: %v", err)
	}
	if n := count(t, ctx, "#"+commentID); n != 0 {
		t.Errorf("the deleted comment is still shown")
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(commentID, "comment-"), 10, 64)
	if _, err := app.db.GetComment(bg, app.orgID, id); okr.ErrorCode(err) != okr.ENOTFOUND {
		t.Errorf("the deleted comment: %v, want ENOTFOUND (archived)", err)
	}
}
