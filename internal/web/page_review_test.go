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

// lastQuarterObjective returns the demo's graded objective of the previous
// quarter (seed 004's bicycle accessories) with its key results.
func lastQuarterObjective(t *testing.T, app *harness) (okr.Objective, []okr.KeyResult) {
	t.Helper()
	ctx := context.Background()
	cur := currentPeriod(t, app)
	objs, _, err := app.db.ListObjectives(ctx, app.orgID, store.ObjectiveFilter{Query: "cyklar"})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if o.PeriodID != cur.ID {
			krs, err := app.db.ListKeyResults(ctx, app.orgID, []int64{o.ID}, false)
			if err != nil {
				t.Fatal(err)
			}
			return o, krs
		}
	}
	t.Fatal("no last-quarter objective in the demo")
	return okr.Objective{}, nil
}

// TestGradeWithoutJS grades an objective with plain form posts: a score
// that differs from the suggestion needs a note, shown by the field; the
// saved grades give the score and verdict on the review and the report.
func TestGradeWithoutJS(t *testing.T) {
	app := appTest(t)
	ctx := context.Background()
	o, krs := lastQuarterObjective(t, app)
	c := signInAs(t, app, saraEmail, saraPW)
	setLang(t, c, app, "en")
	pid, oid := strconv.FormatInt(o.PeriodID, 10), strconv.FormatInt(o.ID, 10)

	res, body := get(t, c, app.url+"/review?period="+pid)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "/review/"+pid+"/objectives/"+oid) {
		t.Fatalf("review: got %d, want 200 with a link to grade the objective", res.StatusCode)
	}
	res, body = get(t, c, app.url+"/review/"+pid+"/objectives/"+oid)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("grading form: got %d, want 200", res.StatusCode)
	}
	v := versionField.FindStringSubmatch(body)
	if v == nil {
		t.Fatal("no version on the grading form")
	}
	form := url.Values{"version": {v[1]}, "reflection": {o.Reflection}}
	for _, kr := range krs {
		id := strconv.FormatInt(kr.ID, 10)
		prefilled := regexp.MustCompile(`id="score-` + id + `"[^>]*value="([^"]*)"`).FindStringSubmatch(body)
		if prefilled == nil {
			t.Fatalf("no score field for key result %d", kr.ID)
		}
		form.Set("score-"+id, prefilled[1])
		form.Set("note-"+id, regexp.MustCompile(`(?s)id="note-` + id + `"[^>]*>([^<]*)</textarea>`).FindStringSubmatch(body)[1])
		form.Set("grade-version-"+id, regexp.MustCompile(`name="grade-version-` + id + `" value="(\d+)"`).FindStringSubmatch(body)[1])
	}
	first := strconv.FormatInt(krs[0].ID, 10)
	form.Set("score-"+first, "65")
	form.Set("note-"+first, "")
	res, body = post(t, c, app.url+"/review/"+pid+"/objectives/"+oid, form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("score without a note: got %d, want 422", res.StatusCode)
	}
	wantField(t, body, "note-"+first, "Say why the score differs from the suggested 50%")

	form.Set("note-"+first, "Traffic grew most in the last weeks.")
	res, _ = post(t, c, app.url+"/review/"+pid+"/objectives/"+oid, form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save grades: got %d, want 303", res.StatusCode)
	}
	grades, err := app.db.ListGrades(ctx, app.orgID, []int64{krs[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	if g := grades[krs[0].ID]; g == nil || g.Score != 0.65 || g.Note != "Traffic grew most in the last weeks." {
		t.Fatalf("got grade %+v, want 65 %% with the note", g)
	}
	_, body = get(t, c, app.url+"/review/"+pid+"/report")
	if !strings.Contains(body, "Traffic grew most in the last weeks.") || !strings.Contains(body, "verdict-") {
		t.Errorf("the report lacks the note or the verdict")
	}
	// A member who does not lead the unit may read the review, not grade.
	julie := signInAs(t, app, julieEmail, juliePW)
	if res, _ := get(t, julie, app.url+"/review/"+pid+"/report"); res.StatusCode != http.StatusOK {
		t.Errorf("report for a member: got %d, want 200", res.StatusCode)
	}
	if res, _ := get(t, julie, app.url+"/review/"+pid+"/objectives/"+oid); res.StatusCode != http.StatusForbidden {
		t.Errorf("grading form for a member of another unit: got %d, want 403", res.StatusCode)
	}
}
