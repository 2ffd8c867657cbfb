package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// Issue 10, point 4: a key result published a minute ago is "not started",
// not "behind": on its objective's page (the objective, the key result,
// a neutral "–" instead of 0 % in red), on its card, and in the API.
func TestBrowserNewKeyResultNotStarted(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	kristo := personByEmail(t, app, kristoEmail)
	sales := unitByName(t, app, "Salg")
	obj, _ := newObjective(t, app, kristo, okr.Objective{Title: "Åpne salgskanal mot gallerier i Sverige", Owner: okr.Owner{UnitID: &sales.ID}, State: okr.StatePublished},
		okr.KeyResult{Title: "Øke antall svenske gallerier fra 0 til 15", Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 15}})
	signIn(t, ctx, kristoEmail, kristoPW)

	page := "/objectives/" + strconv.FormatInt(obj.ID, 10)
	visit(t, ctx, page)
	if got := text(t, ctx, ".page-head .lede .pill"); got != "Ikke startet" {
		t.Errorf("the objective's status = %q, want Ikke startet", got)
	}
	if got := text(t, ctx, ".kr-panel .kr-side .pill"); got != "Ikke startet" {
		t.Errorf("the key result's status = %q, want Ikke startet", got)
	}
	if got := text(t, ctx, ".kr-panel .kr-side .pct"); got != "–" {
		t.Errorf("the key result's progress reads %q, want a neutral –", got)
	}
	if n := count(t, ctx, "main .pill-behind, main .bar-behind"); n != 0 {
		t.Errorf("%d behind pills or bars on the page of an objective published a minute ago, want none", n)
	}
	if why := evalString(t, ctx, `document.querySelector(".kr-panel .kr-side details.why:last-of-type .why-body").textContent`); !strings.Contains(why, "Ikke startet til første innsjekk") || !strings.Contains(why, "7 dager") {
		t.Errorf("why-text of the status = %q, want the not-started rule with the 7-day interval", why)
	}
	shot(t, ctx, "objective")
	axeCheck(t, ctx, "objective not started")

	visit(t, ctx, "/units/"+strconv.FormatInt(sales.ID, 10))
	card := cardOf(obj.Title)
	if got := evalString(t, ctx, card+`.querySelector(".obj-side .pill").textContent.trim()`); got != "Ikke startet" {
		t.Errorf("the card's status = %q, want Ikke startet", got)
	}
	if got := evalString(t, ctx, card+`.querySelector(".kr-side .pill").textContent.trim()`); got != "Ikke startet" {
		t.Errorf("the card's key result status = %q, want Ikke startet", got)
	}

	var out struct {
		Status     string `json:"status"`
		KeyResults []struct {
			Status string `json:"status"`
		} `json:"key_results"`
	}
	apiGet(t, app, kristo, "/api/v1/objectives/"+strconv.FormatInt(obj.ID, 10), &out)
	if out.Status != "not_started" || len(out.KeyResults) != 1 || out.KeyResults[0].Status != "not_started" {
		t.Errorf("API: objective %q, key results %+v; want not_started for both", out.Status, out.KeyResults)
	}
}

// Issue 10, point 5: an objective whose key results are graded shows its
// final score, the verdict against the band and its reflection (not a live
// status) on its page, on its card in the overview and in the alignment
// tree; its parent's roll-up counts the score, not the live progress; the
// API shows no live pace on its key results.
func TestBrowserGradedObjectiveIsFinal(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	kristo := personByEmail(t, app, kristoEmail)
	sales := unitByName(t, app, "Salg")
	actor := store.PersonActor(kristo)
	bg := context.Background()
	parent, _ := newObjective(t, app, kristo, okr.Objective{Title: "Bli Nordens foretrukne galleripartner", Owner: okr.Owner{UnitID: &sales.ID}, State: okr.StatePublished})
	child, krs := newObjective(t, app, kristo, okr.Objective{Title: "Lansere samarbeid med tre gallerier", Owner: okr.Owner{UnitID: &sales.ID}, State: okr.StatePublished, ParentID: &parent.ID},
		okr.KeyResult{Title: "Signere 3 galleriavtaler", Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 3}},
		okr.KeyResult{Title: "Holde første felles utstilling", Metric: okr.Metric{Kind: okr.MetricBoolean}})
	// Live progress: 1 of 3 agreements (33 %) and no exhibition (0 %): 17 %.
	if _, err := app.db.CreateCheckIns(bg, actor, []okr.CheckIn{{KeyResultID: krs[0].ID, Value: 1, Confidence: okr.AtRisk},
		{KeyResultID: krs[1].ID, Value: 0, Confidence: okr.OffTrack}}); err != nil {
		t.Fatal(err)
	}
	// Graded 80 % and 50 %: the score is 65 %, the right level for the
	// demo's band of 60–70 %.
	for i, g := range []okr.Grade{{KeyResultID: krs[0].ID, Score: 0.8, Note: "To avtaler til er signert etter siste innsjekk"},
		{KeyResultID: krs[1].ID, Score: 0.5, Note: "Utstillingen er avtalt til januar"}} {
		if _, err := app.db.SetGrade(bg, actor, g, 0); err != nil {
			t.Fatalf("grade key result %d: %v", i, err)
		}
	}
	const reflection = "Gallerier vil ha personlig oppfølging; neste gang starter vi tidligere."
	cur, err := app.db.GetObjective(bg, app.orgID, child.ID)
	if err != nil {
		t.Fatal(err)
	}
	cur.Reflection = reflection
	if _, err := app.db.UpdateObjective(bg, actor, cur); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, kristoEmail, kristoPW)

	// The objective page: status Gradert, the final score with its verdict
	// and the reflection; no live pace on the key results.
	visit(t, ctx, "/objectives/"+strconv.FormatInt(child.ID, 10))
	if got := text(t, ctx, ".page-head .lede .pill"); got != "Gradert" {
		t.Errorf("the objective's status = %q, want Gradert", got)
	}
	final := nbsp(textOr(t, ctx, ".final-score"))
	for _, want := range []string{"Endelig score", "65 %", "Riktig nivå", reflection} {
		if !strings.Contains(final, want) {
			t.Errorf("final score block %q lacks %q", final, want)
		}
	}
	if n := count(t, ctx, ".kr-panel .kr-side .pill-graded"); n != 2 {
		t.Errorf("%d key results marked Gradert, want 2", n)
	}
	if n := count(t, ctx, "main .pill-behind, main .pill-on_track, main .pill-ahead, main .pill-stale"); n != 0 {
		t.Errorf("%d live status pills on a graded objective's page, want none", n)
	}
	if got := nbsp(textOr(t, ctx, ".kr-panel .kr-side .progress-final .pct")); !strings.Contains(got, "80 %") {
		t.Errorf("the first key result shows %q, want its score 80 %%", got)
	}
	shot(t, ctx, "graded-desktop")
	if n := count(t, ctx, "details.qci"); n != 0 {
		t.Errorf("a graded objective offers %d quick check-ins, want none (its scores are final)", n)
	}
	axeCheck(t, ctx, "graded objective")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	visit(t, ctx, "/objectives/"+strconv.FormatInt(child.ID, 10))
	if wide := evalString(t, ctx, `String(document.documentElement.scrollWidth > window.innerWidth)`); wide != "false" {
		t.Errorf("the graded objective's page scrolls sideways at 390 px")
	}
	shot(t, ctx, "graded-phone")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}

	// Its card in the overview.
	visit(t, ctx, "/overview?unit="+strconv.FormatInt(sales.ID, 10))
	card := cardOf(child.Title)
	if got := evalString(t, ctx, card+`.querySelector(".obj-side").textContent.replace(/\s+/g, " ").trim()`); !strings.Contains(got, "Gradert") ||
		!strings.Contains(got, "65 %") || !strings.Contains(got, "Riktig nivå") {
		t.Errorf("the card's figures read %q, want Gradert, 65 %% and Riktig nivå", got)
	}
	if got := evalString(t, ctx, card+`.querySelector(".reflection").textContent`); !strings.Contains(got, reflection) {
		t.Errorf("the card's reflection = %q, want %q", got, reflection)
	}
	shot(t, ctx, "overview")

	// The alignment map (objectives, opened fully) and the unit tree.
	for _, tree := range []struct{ path, node string }{
		{"/alignment?open=all", `document.getElementById("map-` + strconv.FormatInt(child.ID, 10) + `")`},
		{"/alignment/units?unit=" + strconv.FormatInt(sales.ID, 10), `[...document.querySelectorAll(".tree-obj")].find(li => li.querySelector("a").textContent.trim() === ` + strconv.Quote(child.Title) + `)`},
	} {
		visit(t, ctx, tree.path)
		if got := evalString(t, ctx, tree.node+`.querySelector(".node-side").textContent.replace(/\s+/g, " ").trim()`); !strings.Contains(got, "Gradert") ||
			!strings.Contains(got, "65 %") || !strings.Contains(got, "Riktig nivå") {
			t.Errorf("%s shows %q for the graded objective, want Gradert, 65 %% and Riktig nivå", tree.path, got)
		}
	}

	// The parent's roll-up counts the score (65 %), not the live 17 %.
	visit(t, ctx, "/objectives/"+strconv.FormatInt(parent.ID, 10))
	rollup := nbsp(evalString(t, ctx, `[...document.querySelectorAll("p.label")].find(p => p.textContent.trim() === "Samlet fremdrift").nextElementSibling.textContent.trim()`))
	if rollup != "65 %" {
		t.Errorf("the parent's roll-up reads %q, want the child's final score 65 %%", rollup)
	}
	if why := nbsp(evalString(t, ctx, `[...document.querySelectorAll("details.why")].map(d => d.textContent).join(" ")`)); !strings.Contains(why, "65 % (score)") ||
		!strings.Contains(why, "endelige score når de er gradert eller lukket") {
		t.Errorf("the roll-up's why-text does not say the child counts with its score: %q", why)
	}

	// The API: final, with score, verdict and reflection, and no live pace.
	var out struct {
		Status     string   `json:"status"`
		Final      bool     `json:"final"`
		FinalScore *float64 `json:"final_score"`
		Verdict    *string  `json:"verdict"`
		Reflection string   `json:"reflection"`
		KeyResults []struct {
			Status     string   `json:"status"`
			FinalScore *float64 `json:"final_score"`
		} `json:"key_results"`
	}
	apiGet(t, app, kristo, "/api/v1/objectives/"+strconv.FormatInt(child.ID, 10), &out)
	if out.Status != "graded" || !out.Final || out.FinalScore == nil || *out.FinalScore != 65 || out.Verdict == nil || *out.Verdict != "right_level" || out.Reflection != reflection {
		t.Errorf("API objective: status %q, final %v, score %v, verdict %v, reflection %q; want graded, 65, right_level and the reflection",
			out.Status, out.Final, out.FinalScore, out.Verdict, out.Reflection)
	}
	for i, k := range out.KeyResults {
		if k.Status != "graded" || k.FinalScore == nil {
			t.Errorf("API key result %d: status %q, final score %v; want graded with its score, no live pace", i, k.Status, k.FinalScore)
		}
	}
	var p struct {
		Rollup *float64 `json:"rollup"`
	}
	apiGet(t, app, kristo, "/api/v1/objectives/"+strconv.FormatInt(parent.ID, 10), &p)
	if p.Rollup == nil || *p.Rollup != 65 {
		t.Errorf("API: the parent's roll-up = %v, want 65", p.Rollup)
	}
}

// newObjective creates an objective for person with its key results
// through the store, archived when the test ends.
func newObjective(t *testing.T, app *harness, person okr.Person, o okr.Objective, krs ...okr.KeyResult) (okr.Objective, []okr.KeyResult) {
	t.Helper()
	ctx := context.Background()
	actor := store.PersonActor(person)
	o.PeriodID = currentPeriod(t, app).ID
	o, err := app.db.CreateObjective(ctx, actor, o)
	if err != nil {
		t.Fatalf("create objective %q: %v", o.Title, err)
	}
	archiveAfter(t, app, o.ID)
	for i := range krs {
		krs[i].ObjectiveID = o.ID
		if krs[i], err = app.db.CreateKeyResult(ctx, actor, krs[i]); err != nil {
			t.Fatalf("create key result %q: %v", krs[i].Title, err)
		}
	}
	return o, krs
}

// textOr is the text content of the first element matching css, "" when
// there is none (without waiting for one).
func textOr(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	return evalString(t, ctx, `(document.querySelector(`+strconv.Quote(css)+`) || {textContent: ""}).textContent`)
}

// nbsp replaces the no-break spaces of formatted numbers ("65 %") with
// spaces.
func nbsp(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }

// personByEmail returns the demo person with that e-mail.
func personByEmail(t *testing.T, app *harness, email string) okr.Person {
	t.Helper()
	p, err := app.db.GetPersonByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// cardOf is a script expression for the card of the objective titled title.
func cardOf(title string) string {
	return `[...document.querySelectorAll("article.card.obj")].find(a => a.querySelector(".obj-title").textContent.trim() === ` + strconv.Quote(title) + `)`
}

// apiGet reads path from the API as person (with a token revoked when the
// test ends) into out.
func apiGet(t *testing.T, app *harness, person okr.Person, path string, out any) {
	t.Helper()
	ctx := context.Background()
	plain, tk, err := app.db.CreateToken(ctx, store.PersonActor(person), person.ID, "status test")
	if err != nil {
		t.Fatal(err)
	}
	defer app.db.RevokeTokenByID(ctx, tk.ID)
	req, err := http.NewRequest(http.MethodGet, app.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+plain)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}
