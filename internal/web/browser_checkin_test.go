package web

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// TestBrowserCheckInSkipsUntouched is a team lead's weekly check-in: Sara,
// lead of the web shop team (in Swedish), has two key results with a
// history and has just published an objective with three new ones (a
// number, a yes/no and milestones) that were never checked in. She checks
// in two of the five and leaves the others as they are: nothing is chosen
// for her on the new ones, nothing is demanded of the untouched ones, the
// answer says 2 saved and 3 skipped, and the store holds no check-in for
// the three she did not touch.
func TestBrowserCheckInSkipsUntouched(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	fresh := newKRsNeverCheckedIn(t, app, mustPersonID(t, app, "sara"))
	number, yesNo, milestones := idStr(fresh[0]), idStr(fresh[1]), idStr(fresh[2])

	signIn(t, ctx, saraEmail, saraPW)
	visit(t, ctx, "/checkin")
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("li.ci-kr")].map(li => li.id.slice(6))`))
	if err != nil {
		t.Fatal(err)
	}
	// Her list: the key results she owns and those of the team she leads
	// (with a history), and the 3 new ones.
	for _, id := range []string{number, yesNo, milestones} {
		if !slices.Contains(rows, id) {
			t.Fatalf("key result %s, new and hers, is not in her check-in list %v", id, rows)
		}
	}
	if len(rows) < 5 {
		t.Fatalf("got %d key results in Sara's check-in, want at least her 2 with a history and the 3 new ones", len(rows))
	}
	// The key result with a history to check in: the first number row
	// that is not one of the new ones.
	var old string
	for _, id := range rows {
		if !slices.Contains([]string{number, yesNo, milestones}, id) && count(t, ctx, "#value-"+id) == 1 {
			old = id
			break
		}
	}
	if old == "" {
		t.Fatalf("found no number key result with a history among %v", rows)
	}

	// Nothing is chosen for her on a key result never checked in.
	for _, id := range fresh {
		if n := count(t, ctx, "#ci-kr-"+idStr(id)+` input[type="radio"]:checked`); n != 0 {
			t.Errorf("key result %d, never checked in: got %d choices made on the fresh form, want none", id, n)
		}
	}
	axeCheck(t, ctx, "check-in with new key results")
	shot(t, ctx, "form")

	// Check in two: a value on the one with a history, a first value with
	// a confidence on the new number. The other three stay untouched.
	since := time.Now().Add(-time.Second)
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#value-"+old), "4"),
		chromedp.SendKeys(chromedp.CSS("#value-"+number), "3"),
		chromedp.Click(chromedp.CSS(`input[name="confidence-`+number+`"][value="at_risk"]`)),
		chromedp.Click(chromedp.CSS(`#checkin-form button[type="submit"]`)),
		htmxSettled(`document.querySelector("#checkin-form .notice")`),
	)
	if err != nil {
		t.Fatalf("save the check-in: %v", err)
	}
	shot(t, ctx, "saved")
	if n := count(t, ctx, "#checkin-form .notice-error"); n != 0 {
		t.Fatalf("got the error %q after checking in two key results, want them saved", text(t, ctx, "#checkin-form .notice-error"))
	}
	got := text(t, ctx, "#checkin-form .notice-ok")
	if skipped := len(rows) - 2; !regexp.MustCompile(`\b2\b.*\b` + strconv.Itoa(skipped) + `\b`).MatchString(got) {
		t.Errorf("got the answer %q, want it to say 2 saved and %d skipped", got, skipped)
	}

	stored := checkInsSince(t, app, since, rows)
	for _, id := range rows {
		want := 0
		if id == old || id == number {
			want = 1
		}
		if n := stored[id]; n != want {
			t.Errorf("key result %s (yes/no %s, milestones %s): got %d check-ins stored, want %d", id, yesNo, milestones, n, want)
		}
	}
}

// newKRsNeverCheckedIn publishes an objective of the person with three key
// results never checked in (a number, a yes/no, milestones), archived when
// the test ends, and returns their ids in that order.
func newKRsNeverCheckedIn(t *testing.T, app *harness, person int64) []int64 {
	t.Helper()
	ctx := context.Background()
	sys := store.SystemActor(app.orgID)
	owner := okr.Owner{PersonID: &person}
	o, err := app.db.CreateObjective(ctx, sys, okr.Objective{OrgID: app.orgID, PeriodID: currentPeriod(t, app).ID,
		Title: "Göra kassan begriplig för nya kunder", Owner: owner, Weight: 1, State: okr.StatePublished})
	if err != nil {
		t.Fatal(err)
	}
	archiveAfter(t, app, o.ID)
	num := okr.Measure{Kind: okr.MeasureNumber}
	var ids []int64
	for i, kr := range []okr.KeyResult{
		{Title: "Tio kunder intervjuade om kassan", Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 10, Unit: num}},
		{Title: "Ny kassa lanserad", Metric: okr.Metric{Kind: okr.MetricBoolean, Unit: num}},
		{Title: "Kassan testad med riktiga kunder", Metric: okr.Metric{Kind: okr.MetricMilestones, Unit: num},
			Milestones: []okr.Milestone{{Title: "Prototyp"}, {Title: "Test med fem kunder"}, {Title: "Rättningar klara"}}},
	} {
		kr.OrgID, kr.ObjectiveID, kr.Owner, kr.Weight, kr.Position = app.orgID, o.ID, owner, 1, i
		kr, err := app.db.CreateKeyResult(ctx, sys, kr)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, kr.ID)
	}
	return ids
}

// checkInsSince counts the stored check-ins at or after since per key
// result id.
func checkInsSince(t *testing.T, app *harness, since time.Time, ids []string) map[string]int {
	t.Helper()
	var krIDs []int64
	for _, s := range ids {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		krIDs = append(krIDs, id)
	}
	cs, err := app.db.ListCheckIns(context.Background(), app.orgID, krIDs, &since)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, c := range cs {
		n[idStr(c.KeyResultID)]++
	}
	return n
}
