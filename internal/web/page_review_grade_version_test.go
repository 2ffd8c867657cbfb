package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// TestGradeLostRace grades a key result on the grading form after someone
// else re-graded it: the save is refused, both grades are shown side by
// side and the other grade stays; the form shown then names the stored
// grade, so sending it replaces that grade knowingly, and after a reload
// the save goes through too.
func TestGradeLostRace(t *testing.T) {
	app := appTest(t)
	ctx := context.Background()
	last, _ := lastQuarterObjective(t, app)
	sys := store.SystemActor(app.orgID)
	o, err := app.db.CreateObjective(ctx, sys, okr.Objective{PeriodID: last.PeriodID, Title: "Bli kända för snabba leveranser",
		Owner: last.Owner, State: okr.StatePublished})
	if err != nil {
		t.Fatal(err)
	}
	archiveAfter(t, app, o.ID)
	kr, err := app.db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: o.ID, Title: "Leverera 95 % inom två dagar",
		Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 80, Target: 95}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.db.SetGrade(ctx, sys, okr.Grade{KeyResultID: kr.ID, Score: 0}, 0); err != nil {
		t.Fatal(err)
	}

	c := signInAs(t, app, saraEmail, saraPW)
	setLang(t, c, app, "en")
	path := app.url + "/review/" + strconv.FormatInt(o.PeriodID, 10) + "/objectives/" + strconv.FormatInt(o.ID, 10)
	id := strconv.FormatInt(kr.ID, 10)
	form := func() url.Values {
		res, body := get(t, c, path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("grading form: got %d, want 200", res.StatusCode)
		}
		gv := regexp.MustCompile(`name="grade-version-` + id + `" value="(\d+)"`).FindStringSubmatch(body)
		v := versionField.FindStringSubmatch(body)
		if gv == nil || v == nil {
			t.Fatalf("the grading form lacks the version of the grade or of the objective")
		}
		return url.Values{"version": {v[1]}, "grade-version-" + id: {gv[1]}, "score-" + id: {"40"}, "note-" + id: {"Half the warehouses switched."}}
	}
	shown := form()
	if got := shown.Get("grade-version-" + id); got != "1" {
		t.Fatalf("grade version on the form = %s, want 1", got)
	}

	// Someone else re-grades the key result while the form is open.
	if _, err := app.db.SetGrade(ctx, sys, okr.Grade{KeyResultID: kr.ID, Score: 0.2, Note: "Carrier strike."}, 1); err != nil {
		t.Fatal(err)
	}
	var again string
	for range 2 { // a second try with the same form loses again
		res, body := post(t, c, path, shown)
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Someone else graded this objective") {
			t.Fatalf("save over a newer grade: got %d, want 409 with the lost-race message", res.StatusCode)
		}
		// Both grades side by side: theirs as stored, mine as typed.
		for _, want := range []string{"20% — Carrier strike.", "40% — Half the warehouses switched.", `class="differs"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the lost-race page lacks %q", want)
			}
		}
		again = body
	}
	wantGrade := func(score float64, note string) {
		t.Helper()
		grades, err := app.db.ListGrades(ctx, app.orgID, []int64{kr.ID})
		if err != nil {
			t.Fatal(err)
		}
		g := grades[kr.ID]
		if g == nil || g.Score != score || g.Note != note {
			t.Fatalf("grade = %+v, want %v with note %q", g, score, note)
		}
	}
	wantGrade(0.2, "Carrier strike.")

	// The form shown with the lost race names the stored grade: sending it
	// replaces that grade knowingly.
	gv := regexp.MustCompile(`name="grade-version-` + id + `" value="(\d+)"`).FindStringSubmatch(again)
	if gv == nil || gv[1] != "2" {
		t.Fatalf("the form shown with the lost race carries grade version %v, want the stored 2", gv)
	}
	resend := url.Values{"version": {versionField.FindStringSubmatch(again)[1]}, "grade-version-" + id: {gv[1]}, "score-" + id: {"40"}, "note-" + id: {"Half the warehouses switched."}}
	if res, _ := post(t, c, path, resend); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save again from the lost-race page: got %d, want 303", res.StatusCode)
	}
	wantGrade(0.4, "Half the warehouses switched.")
	if _, err := app.db.SetGrade(ctx, sys, okr.Grade{KeyResultID: kr.ID, Score: 0.5, Note: "Reset."}, 3); err != nil {
		t.Fatal(err)
	}
	if res, _ := post(t, c, path, form()); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save after a reload: got %d, want 303", res.StatusCode)
	}
	wantGrade(0.4, "Half the warehouses switched.")
}
