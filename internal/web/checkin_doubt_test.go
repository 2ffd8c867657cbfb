package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/okr"
)

// TestCheckInDoubt: a check-in that takes a key result from the start to
// its target in one step, or far off its course, asks whether the value is
// right and saves nothing until the box is ticked; on the weekly check-in
// and the quick check-in, without JavaScript.
func TestCheckInDoubt(t *testing.T) {
	app := appTest(t)
	c := signedIn(t, app)
	setLang(t, c, app, "en")
	me := personByEmail(t, app, demo.Email)
	_, krs := newObjective(t, app, me, okr.Objective{Title: "Become the gallery collectors trust online", Owner: okr.Owner{PersonID: &me.ID}, State: okr.StatePublished},
		okr.KeyResult{Title: "Sales in the web shop", Owner: okr.Owner{PersonID: &me.ID}, Weight: 1,
			Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 3000, Unit: okr.Measure{Kind: okr.MeasureNumber}}},
		okr.KeyResult{Title: "Visitors in the web shop", Owner: okr.Owner{PersonID: &me.ID}, Weight: 1,
			Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 3000, Unit: okr.Measure{Kind: okr.MeasureNumber}}})
	kr := krs[0]
	id := strconv.FormatInt(kr.ID, 10)
	current := func() *float64 {
		t.Helper()
		k, err := app.db.GetKeyResult(context.Background(), app.orgID, kr.ID)
		if err != nil {
			t.Fatal(err)
		}
		return k.Current
	}

	// Weekly check-in: straight to the target.
	form := url.Values{"value-" + id: {"3000"}, "confidence-" + id: {"on_track"}}
	res, body := post(t, c, app.url+"/checkin", form, "Sec-Fetch-Site", "same-origin", "Origin", app.url)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("straight to done: got %d, want 422", res.StatusCode)
	}
	doc := document(t, body)
	if q := one(t, doc, "#value-"+id+"-doubt-q").Text(); !strings.Contains(q, "to its target in one step. Is this the right value?") {
		t.Errorf("question: got %q", q)
	}
	if got, _ := one(t, doc, "#value-"+id).Attr("value"); got != "3000" {
		t.Errorf("the typed value is not kept: got %q", got)
	}
	if cur := current(); cur != nil {
		t.Fatalf("saved %v before the value was confirmed", *cur)
	}
	form.Set("confirm-"+id, "1")
	if res, _ = post(t, c, app.url+"/checkin", form, "Sec-Fetch-Site", "same-origin", "Origin", app.url); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed: got %d, want 303", res.StatusCode)
	}
	if cur := current(); cur == nil || *cur != 3000 {
		t.Fatalf("confirmed: current %v, want 3000", cur)
	}

	// Quick check-in on the other key result: a big step back after steps
	// forward, a month's figure against the quarter's target.
	kr, id = krs[1], strconv.FormatInt(krs[1].ID, 10)
	for _, v := range []string{"1000", "2000"} {
		q := url.Values{"value-" + id: {v}, "confidence-" + id: {"on_track"}}
		if res, _ := post(t, c, app.url+"/krs/"+id+"/checkin", q, "Sec-Fetch-Site", "same-origin", "Origin", app.url); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("quick check-in %s: got %d", v, res.StatusCode)
		}
	}
	q := url.Values{"value-" + id: {"900"}, "confidence-" + id: {"on_track"}}
	res, body = post(t, c, app.url+"/krs/"+id+"/checkin", q, "Sec-Fetch-Site", "same-origin", "Origin", app.url)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "far off the key result") || !strings.Contains(body, `name="confirm-`+id+`"`) {
		t.Fatalf("quick check-in off trend: got %d, want 422 with the question and the box", res.StatusCode)
	}
	if cur := current(); cur == nil || *cur != 2000 {
		t.Fatalf("off trend: current %v, want 2000 still", cur)
	}
	// An ordinary step is saved at once.
	q.Set("value-"+id, "2400")
	if res, _ = post(t, c, app.url+"/krs/"+id+"/checkin", q, "Sec-Fetch-Site", "same-origin", "Origin", app.url); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("an ordinary step: got %d, want 303", res.StatusCode)
	}
}
