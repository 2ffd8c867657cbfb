package web

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/notify"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// TestBrowserWebhookAdmin registers a webhook in the admin pages on a
// 390 px screen: the secret shows once and signs the delivery a check-in
// makes; the delivery log shows the receiver's 200 and the attempt; the
// hook is stopped at the end. Every page passes the accessibility check
// and fits the screen.
func TestBrowserWebhookAdmin(t *testing.T) {
	app := appTest(t)
	ctx := browserTest(t)
	bg := context.Background()
	rx := newHookReceiver(t)
	// What happened before the hook (the demo's own check-ins) is not for it.
	if err := app.srv.fanOut(bg, app.orgID); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, demo.Email, demo.Password)
	phone(t, ctx)
	visit(t, ctx, "/admin/hooks")
	fits := func(page string) {
		t.Helper()
		if w := evalInt(t, ctx, `document.documentElement.scrollWidth`); w > phoneWidth {
			t.Errorf("%s is %d px wide on a %d px screen", page, w, phoneWidth)
		}
		axeCheck(t, ctx, page)
	}
	fits("webhooks at 390 px")
	err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#hook-url"), rx.URL+"/okr"),
		chromedp.Click(chromedp.CSS(`#hook-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#hook-secret-value")),
	)
	if err != nil {
		shot(t, ctx, "register")
		t.Fatalf("register a webhook: %v", err)
	}
	secret := evalString(t, ctx, `document.querySelector('#hook-secret-value').value`)
	if !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("the secret shown = %q", secret)
	}
	fits("the new webhook's secret at 390 px")
	shot(t, ctx, "secret-390")
	visit(t, ctx, "/admin/hooks")
	if n := count(t, ctx, "#hook-secret"); n != 0 {
		t.Errorf("the secret shows again on the next visit")
	}
	hooks, err := app.db.ListHooks(bg, app.orgID)
	if err != nil || len(hooks) == 0 {
		t.Fatalf("hooks: %v", err)
	}
	h := hooks[len(hooks)-1]
	t.Cleanup(func() {
		admin, _ := app.db.GetPersonByEmail(bg, demo.Email)
		if err := app.db.ArchiveHook(bg, store.PersonActor(admin), h.ID, h.Version); err != nil {
			t.Errorf("stop the hook: %v", err)
		}
	})

	// Karoline checks in on her unit's objective; the test fans out and
	// delivers as the engine's jobs would (the shared app runs no engine).
	karoline, err := app.db.GetPersonByEmail(bg, "karoline@artbyx.example")
	if err != nil {
		t.Fatal(err)
	}
	objs, _, err := app.db.ListObjectives(bg, app.orgID, store.ObjectiveFilter{Query: "Øke merkevaren"})
	if err != nil || len(objs) != 1 {
		t.Fatalf("the marketing objective: %d, %v", len(objs), err)
	}
	krs, err := app.db.ListKeyResults(bg, app.orgID, []int64{objs[0].ID}, false)
	if err != nil || len(krs) == 0 {
		t.Fatalf("its key results: %v", err)
	}
	if _, err := app.db.CreateCheckIns(bg, store.PersonActor(karoline), []okr.CheckIn{{KeyResultID: krs[0].ID, Value: krs[0].Metric.Start, Confidence: okr.OnTrack}}); err != nil {
		t.Fatal(err)
	}
	if err := app.srv.fanOut(bg, app.orgID); err != nil {
		t.Fatal(err)
	}
	ds, err := app.db.ListDeliveries(bg, app.orgID, h.ID, 10)
	if err != nil || len(ds) != 1 {
		t.Fatalf("deliveries: %d, %v", len(ds), err)
	}
	if err := app.srv.sender().Attempt(bg, ds[0].ID, false); err != nil {
		t.Fatal(err)
	}
	rx.mu.Lock()
	body, key, hdr := rx.bodies[0], rx.keys[0], rx.headers[0]
	rx.mu.Unlock()
	if key != ds[0].Key || !strings.Contains(string(body), `"type":"check_in.created"`) {
		t.Errorf("the receiver got key %q and %s", key, body)
	}
	ts, _ := strconv.ParseInt(hdr.Get(notify.HeaderTimestamp), 10, 64)
	if !notify.Verify(secret, ts, body, hdr.Get(notify.HeaderSignature)) {
		t.Errorf("the delivery's signature does not verify with the secret shown")
	}

	visit(t, ctx, "/admin/hooks/"+strconv.FormatInt(h.ID, 10))
	if got := text(t, ctx, "#delivery-log tbody tr .status-code"); strings.TrimSpace(got) != "200" {
		t.Errorf("the log's response = %q, want 200", got)
	}
	fits("the delivery log at 390 px")
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#delivery-log tbody tr a")), chromedp.WaitVisible(chromedp.CSS("#attempts li")))
	if err != nil {
		t.Fatalf("open the attempts: %v", err)
	}
	if got := text(t, ctx, "#attempts li"); !strings.Contains(got, "200") {
		t.Errorf("the attempt reads %q, want 200", got)
	}
	fits("a delivery's attempts at 390 px")
	shot(t, ctx, "log-390")
}
