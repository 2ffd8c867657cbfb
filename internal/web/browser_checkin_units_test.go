package web

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// TestBrowserCheckInUnitKR checks in, as the lead of the content team, on a
// key result the team itself owns (issue 10, point 2): it is in her check-in
// list under its objective, and the check-in is saved. Before, a key result
// owned by a unit was in nobody's list.
func TestBrowserCheckInUnitKR(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	content := unitByName(t, app, "Innhold og SoMe")
	objs, _, err := app.db.ListObjectives(t.Context(), app.orgID, store.ObjectiveFilter{
		PeriodID: currentPeriod(t, app).ID, OwnerUnitIDs: []int64{content.ID}, State: okr.StatePublished})
	if err != nil || len(objs) == 0 {
		t.Fatalf("the content team's objectives: %v (%d)", err, len(objs))
	}
	o := objs[0]
	kr, err := app.db.CreateKeyResult(t.Context(), store.SystemActor(app.orgID), okr.KeyResult{ObjectiveID: o.ID,
		Title: "Publisere 12 kunstnerportretter", Owner: okr.Owner{UnitID: &content.ID},
		Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 12, Unit: okr.Measure{Kind: okr.MeasureNumber}}})
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(kr.ID, 10)

	signIn(t, ctx, julieEmail, juliePW)
	visit(t, ctx, "/checkin")
	if n := count(t, ctx, "#ci-kr-"+id); n != 1 {
		shot(t, ctx, "list")
		t.Fatalf("got %d rows of the team's key result on /checkin, want 1", n)
	}
	if got, want := text(t, ctx, "#ci-obj-"+strconv.FormatInt(o.ID, 10)), o.Title; got != want {
		t.Errorf("got objective heading %q, want %q", got, want)
	}
	if !evalBool(t, ctx, `document.querySelector("#ci-kr-`+id+`").closest("section").querySelector("#ci-obj-`+strconv.FormatInt(o.ID, 10)+`") !== null`) {
		t.Errorf("the team's key result is not under its objective")
	}
	axeCheck(t, ctx, "check-in")
	shot(t, ctx, "form")

	comment := "Fire portretter ute"
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#value-"+id), "4"),
		chromedp.SendKeys(chromedp.CSS("#comment-"+id), comment),
		// Its first check-in: a confidence is asked for.
		chromedp.Click(chromedp.CSS(`input[name="confidence-`+id+`"][value="on_track"]`)),
		chromedp.Click(chromedp.CSS(`#checkin-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#checkin-form .notice-ok, #checkin-form .notice-error")),
	)
	if err != nil {
		t.Fatalf("save the check-in: %v", err)
	}
	shot(t, ctx, "saved")
	if n := count(t, ctx, "#checkin-form .notice-error"); n != 0 {
		t.Fatalf("saving answered %q", text(t, ctx, "#checkin-form .notice-error"))
	}

	visit(t, ctx, "/objectives/"+strconv.FormatInt(o.ID, 10)+"#kr-"+id)
	if got := text(t, ctx, "#kr-"+id+" table.history tbody tr"); !strings.Contains(got, comment) {
		t.Errorf("got newest history row %q, want the comment %q", got, comment)
	}
}
