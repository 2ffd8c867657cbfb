package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/store"
)

// A lead carries last quarter's unfinished objective into the current one
// with plain form posts: nothing chosen is refused by the field and loses
// nothing; then the copy is a draft in the current quarter whose restarted
// key result starts where the original stood, and both objective pages show
// the link.
func TestCarryOverWithoutJS(t *testing.T) {
	app := appTest(t)
	ctx := context.Background()
	o, krs := lastQuarterObjective(t, app)
	cur := currentPeriod(t, app)
	c := signInAs(t, app, saraEmail, saraPW)
	setLang(t, c, app, "en")
	pid := strconv.FormatInt(o.PeriodID, 10)

	res, body := get(t, c, app.url+"/review/"+pid+"/carry")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `name="objective" value="`+strconv.FormatInt(o.ID, 10)+`"`) {
		t.Fatalf("carry page: status %d; want the unfinished objective offered", res.StatusCode)
	}
	restart := krs[0]
	for _, k := range krs {
		if k.Metric.Kind.HasStart() && k.Current != nil && *k.Current != k.Metric.Start {
			restart = k
			break
		}
	}
	kr := "kr-" + strconv.FormatInt(restart.ID, 10)
	form := url.Values{"period": {strconv.FormatInt(cur.ID, 10)}, kr: {"restart"}}
	res, body = post(t, c, app.url+"/review/"+pid+"/carry", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("carry without a choice: status %d, want 422", res.StatusCode)
	}
	wantField(t, body, "objectives", "Choose at least one objective to carry over.")
	if !strings.Contains(body, `name="`+kr+`" value="restart" checked`) {
		t.Errorf("the restart choice was lost after the refused post")
	}

	form.Set("objective", strconv.FormatInt(o.ID, 10))
	res, _ = post(t, c, app.url+"/review/"+pid+"/carry", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("carry: status %d, want 303", res.StatusCode)
	}
	links, err := app.db.GetCarryLinks(ctx, app.orgID, o.ID)
	if err != nil || len(links.To) != 1 {
		t.Fatalf("carry links of the source: %+v %v", links, err)
	}
	cp, err := app.db.GetObjective(ctx, app.orgID, links.To[0].ID)
	if err != nil || cp.PeriodID != cur.ID || cp.State != "draft" {
		t.Fatalf("copy = %+v (%v); want a draft in the current period", cp, err)
	}
	ckrs, _ := app.db.ListKeyResults(ctx, app.orgID, []int64{cp.ID}, false)
	for _, k := range ckrs {
		if k.Title == restart.Title && k.Metric.Start != *restart.Current {
			t.Errorf("restarted key result starts at %v, want %v", k.Metric.Start, *restart.Current)
		}
	}
	_, body = get(t, c, app.url+"/objectives/"+strconv.FormatInt(cp.ID, 10))
	if !strings.Contains(body, "Carried over from") {
		t.Errorf("the copy's page does not say where it came from")
	}
	_, body = get(t, c, app.url+"/objectives/"+strconv.FormatInt(o.ID, 10))
	if !strings.Contains(body, "Carried over into") {
		t.Errorf("the source's page does not say where its work went on")
	}
	// A member who may edit nothing of that period is offered nothing.
	objs, _, _ := app.db.ListObjectives(ctx, app.orgID, store.ObjectiveFilter{PeriodID: o.PeriodID})
	if len(objs) == 0 {
		t.Fatal("no objectives")
	}
}
