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

// TestKRToInitiative: the key-result editor offers to move an activity key
// result to the initiatives of another key result of its objective (and
// only an activity); the move makes the initiative, archives the key result
// and shows the initiatives it joined.
func TestKRToInitiative(t *testing.T) {
	app := appTest(t)
	c := signedIn(t, app)
	setLang(t, c, app, "en")
	me := personByEmail(t, app, demo.Email)
	_, krs := newObjective(t, app, me, okr.Objective{Title: "Become the first choice of Bergen's estate agents", Owner: okr.Owner{PersonID: &me.ID}},
		okr.KeyResult{Title: "60 agents book a viewing through us", Owner: okr.Owner{PersonID: &me.ID}, Weight: 1,
			Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 10, Target: 60, Unit: okr.Measure{Kind: okr.MeasureNumber}}},
		okr.KeyResult{Title: "Hold 3 breakfast seminars for estate agents", Owner: okr.Owner{PersonID: &me.ID}, Weight: 1,
			Metric: okr.Metric{Kind: okr.MetricBoolean, Target: 1, Unit: okr.Measure{Kind: okr.MeasureNumber}}})
	result, act := krs[0], krs[1]

	// The objective editor links the activity, and only it, to the move.
	_, body := get(t, c, app.url+"/objectives/"+strconv.FormatInt(act.ObjectiveID, 10)+"/edit")
	if !strings.Contains(body, `href="/krs/`+strconv.FormatInt(act.ID, 10)+`/edit#to-initiative"`) ||
		strings.Contains(body, `href="/krs/`+strconv.FormatInt(result.ID, 10)+`/edit#to-initiative"`) {
		t.Errorf("the objective editor does not link the activity key result, and only it, to the move")
	}
	_, body = get(t, c, app.url+"/krs/"+strconv.FormatInt(result.ID, 10)+"/edit")
	if strings.Contains(body, "/to-initiative") {
		t.Errorf("a key result that is a result is offered the move to initiatives")
	}
	_, body = get(t, c, app.url+"/krs/"+strconv.FormatInt(act.ID, 10)+"/edit")
	doc := document(t, body)
	form := one(t, doc, `form[action="/krs/`+strconv.FormatInt(act.ID, 10)+`/to-initiative"]`)
	if opts := form.Find(`select[name="under"] option`); opts.Length() != 1 || opts.AttrOr("value", "") != strconv.FormatInt(result.ID, 10) {
		t.Errorf("the move offers %d key results, want only the objective's other one", opts.Length())
	}
	res, _ := post(t, c, app.url+"/krs/"+strconv.FormatInt(act.ID, 10)+"/to-initiative",
		url.Values{"under": {strconv.FormatInt(result.ID, 10)}, "version": {strconv.FormatInt(act.Version, 10)}}, "Sec-Fetch-Site", "same-origin", "Origin", app.url)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/krs/"+strconv.FormatInt(result.ID, 10)+"/edit#initiatives" {
		t.Fatalf("got %d to %q, want 303 to the other key result's initiatives", res.StatusCode, res.Header.Get("Location"))
	}
	ins, err := app.db.ListInitiatives(context.Background(), app.orgID, []int64{result.ID})
	if err != nil || len(ins) != 1 || ins[0].Title != act.Title {
		t.Fatalf("initiatives after the move: %+v (%v), want one titled %q", ins, err, act.Title)
	}
	if kr, _ := app.db.GetKeyResult(context.Background(), app.orgID, act.ID); !kr.Archived {
		t.Errorf("the moved key result is not archived")
	}
}
