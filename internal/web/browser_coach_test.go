package web

// Browser test of the coach's rewrite suggestions in the editors (issue
// 16): a finding shows its rewritten statement, and one click puts it in
// the field, selects the first placeholder and lets the live coach check
// the new text, at desktop width and at 390 px.

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// applySuggestion types text into the field input, waits for the live
// coach's suggestion button in list, clicks it and returns the suggestion,
// the field's value after the click and the selected text.
func applySuggestion(t *testing.T, ctx context.Context, input, list, text string) (suggestion, value, selected string) {
	t.Helper()
	button := list + ` button.apply-suggestion[data-apply-to="` + input[1:] + `"]`
	err := chromedp.Do(ctx,
		// Empty the field and the list, so that only the answer to this
		// text can satisfy the wait.
		js(`document.querySelector("`+input+`").value = ""; document.querySelector("`+list+`").replaceChildren()`),
		chromedp.SendKeys(chromedp.CSS(input), text),
		htmxSettled(`document.querySelector('`+button+`:not([hidden])')`),
	)
	if err != nil {
		t.Fatalf("type %q into %s and wait for a suggestion: %v", text, input, err)
	}
	suggestion = editAttr(t, ctx, button, "data-suggestion")
	if shown := text2(t, ctx, list+" .suggestion-text"); shown != suggestion {
		t.Errorf("suggestion shown as %q, the button applies %q", shown, suggestion)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(button))); err != nil {
		t.Fatalf("click the suggestion: %v", err)
	}
	value = editFieldValue(t, ctx, input)
	selected = evalString(t, ctx, `(() => { const i = document.querySelector("`+input+`"); return i.value.substring(i.selectionStart, i.selectionEnd) })()`)
	if !evalBool(t, ctx, `document.activeElement === document.querySelector("`+input+`")`) {
		t.Errorf("focus is not in %s after applying the suggestion", input)
	}
	return suggestion, value, selected
}

func text2(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	return evalString(t, ctx, `(document.querySelector("`+css+`") || {}).textContent || ""`)
}

func TestBrowserCoachSuggestion(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	signIn(t, ctx, demo.Email, demo.Password)
	objs, _, err := app.db.ListObjectives(context.Background(), app.orgID, store.ObjectiveFilter{
		PeriodID: currentPeriod(t, app).ID, OwnerUnitIDs: []int64{unitByName(t, app, "Art By X").ID}})
	if err != nil || len(objs) == 0 {
		t.Fatalf("the company has no objective this quarter (%v)", err)
	}
	for _, width := range []string{"desktop", "390"} {
		if width == "390" {
			phone(t, ctx)
		}
		// A generic objective on the new-objective form.
		visit(t, ctx, "/objectives/new")
		sug, value, sel := applySuggestion(t, ctx, "#f-title", "#coach-objective", "Forbedre infrastrukturen")
		if want := "Forbedre infrastrukturen for [hvem], slik at [hva som blir merkbart bedre]"; sug != want || value != want {
			t.Errorf("%s: objective suggestion %q, title after the click %q, want both %q", width, sug, value, want)
		}
		if sel != "[hvem]" {
			t.Errorf("%s: selected %q after applying, want the first placeholder [hvem]", width, sel)
		}
		// The live coach checks the new text: no longer generic.
		if err := chromedp.Do(ctx, htmxSettled(`!document.querySelector('#coach-objective button.apply-suggestion')`)); err != nil {
			t.Errorf("%s: the coach still has a suggestion for the applied objective: %v", width, err)
		}
		if width == "390" {
			if w := evalInt(t, ctx, `document.documentElement.scrollWidth`); w > phoneWidth {
				t.Errorf("the objective form is %d px wide on a %d px screen", w, phoneWidth)
			}
		}

		// A key result without a target on the objective editor's add form.
		visit(t, ctx, "/objectives/"+strconv.FormatInt(objs[0].ID, 10)+"/edit")
		sug, value, sel = applySuggestion(t, ctx, "#newkr-title", "#newkr-coach", "Øke trafikken")
		if want := "Øke trafikken fra X til Y innen periodens slutt"; sug != want || value != want {
			t.Errorf("%s: key-result suggestion %q, title after the click %q, want both %q", width, sug, value, want)
		}
		if sel != "X" {
			t.Errorf("%s: selected %q after applying, want X", width, sel)
		}
		if width == "390" {
			if w := evalInt(t, ctx, `document.documentElement.scrollWidth`); w > phoneWidth {
				t.Errorf("the objective editor is %d px wide on a %d px screen", w, phoneWidth)
			}
		}
		// An activity: the suggestion turns it into the result it should cause.
		sug, _, _ = applySuggestion(t, ctx, "#newkr-title", "#newkr-coach", "Holde 4 webinarer")
		if want := "Øke antall kvalifiserte leads fra arrangementene fra X til Y innen periodens slutt"; sug != want {
			t.Errorf("%s: activity suggestion %q, want %q", width, sug, want)
		}
		axeCheck(t, ctx, "objective editor with a coach suggestion ("+width+")")
		shot(t, ctx, "suggestion-"+width)
	}
}

// TestBrowserCheckInDoubt: on the weekly check-in (htmx), a value that
// takes a key result straight to its target comes back unsaved with the
// question by the value and focus on the box that confirms it; ticked, it
// is saved.
func TestBrowserCheckInDoubt(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	me := personByEmail(t, app, demo.Email)
	_, krs := newObjective(t, app, me, okr.Objective{Title: "Be the gallery collectors in Bergen trust", Owner: okr.Owner{PersonID: &me.ID}, State: okr.StatePublished},
		okr.KeyResult{Title: "Collectors on the mailing list", Owner: okr.Owner{PersonID: &me.ID}, Weight: 1,
			Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 400, Unit: okr.Measure{Kind: okr.MeasureNumber}}})
	id := strconv.FormatInt(krs[0].ID, 10)
	signIn(t, ctx, demo.Email, demo.Password)
	visit(t, ctx, "/checkin")
	err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#value-"+id), "400"),
		chromedp.Click(chromedp.CSS(`input[name="confidence-`+id+`"][value="on_track"]`)),
		chromedp.Click(chromedp.CSS(`#checkin-form button[type="submit"]`)),
		htmxSettled(`document.querySelector("#value-`+id+`-doubt")`),
	)
	if err != nil {
		t.Fatalf("submit a value straight to the target: %v", err)
	}
	// Focus goes to the form's notice that nothing is saved yet, as for
	// any error of the form; the question and its box follow the value.
	if !evalBool(t, ctx, `document.activeElement === document.querySelector("#checkin-form .notice-error")`) {
		t.Errorf("focus is not on the notice that nothing is saved")
	}
	if got := text(t, ctx, "#checkin-form .notice-error"); !strings.Contains(got, "Nothing is saved yet") && !strings.Contains(got, "Ingenting er lagret ennå") {
		t.Errorf("notice %q does not say that nothing is saved", got)
	}
	if got := editFieldValue(t, ctx, "#value-"+id); got != "400" {
		t.Errorf("the typed value is %q after the question, want 400 kept", got)
	}
	if kr, _ := app.db.GetKeyResult(context.Background(), app.orgID, krs[0].ID); kr.Current != nil {
		t.Fatalf("saved %v before it was confirmed", *kr.Current)
	}
	axeCheck(t, ctx, "check-in asking to confirm a value")
	shot(t, ctx, "doubt")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[name="confirm-`+id+`"]`)),
		chromedp.Click(chromedp.CSS(`#checkin-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#checkin-form .notice-ok")),
	)
	if err != nil {
		t.Fatalf("confirm and save: %v", err)
	}
	if kr, _ := app.db.GetKeyResult(context.Background(), app.orgID, krs[0].ID); kr.Current == nil || *kr.Current != 400 {
		t.Errorf("after confirming: current %v, want 400", kr.Current)
	}
}
