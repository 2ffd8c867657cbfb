package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// TestMoveCloneAndInitiativesWithoutJS moves a key result to another
// objective, lifts an objective to the unit above, copies it into the next
// period and adds an initiative, all with plain form posts as an admin.
func TestMoveCloneAndInitiativesWithoutJS(t *testing.T) {
	app := appTest(t)
	ctx := context.Background()
	sys := store.SystemActor(app.orgID)
	c := signedIn(t, app)
	setLang(t, c, app, "en")
	period := currentPeriod(t, app)
	team := unitByName(t, app, "Nettbutikk")
	mk := func(title string, owner int64) okr.Objective {
		o, err := app.db.CreateObjective(ctx, sys, okr.Objective{OrgID: app.orgID, PeriodID: period.ID, Title: title, Owner: okr.Owner{UnitID: &owner}})
		if err != nil {
			t.Fatal(err)
		}
		archiveAfter(t, app, o.ID)
		return o
	}
	from, to := mk("Move from here", team.ID), mk("Move to here", team.ID)
	kr, err := app.db.CreateKeyResult(ctx, sys, okr.KeyResult{OrgID: app.orgID, ObjectiveID: from.ID, Title: "Ship 3 artist stories",
		Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 3}})
	if err != nil {
		t.Fatal(err)
	}
	krID := strconv.FormatInt(kr.ID, 10)

	res, _ := post(t, c, app.url+"/krs/"+krID+"/move", url.Values{"objective": {strconv.FormatInt(to.ID, 10)}, "version": {strconv.FormatInt(kr.Version, 10)}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/objectives/"+strconv.FormatInt(to.ID, 10)+"/edit") {
		t.Fatalf("move key result: got %d to %q, want 303 to the target's editor", res.StatusCode, res.Header.Get("Location"))
	}
	if got, _ := app.db.GetKeyResult(ctx, app.orgID, kr.ID); got.ObjectiveID != to.ID {
		t.Errorf("got the key result under objective %d, want %d", got.ObjectiveID, to.ID)
	}

	res, body := get(t, c, app.url+"/objectives/"+strconv.FormatInt(to.ID, 10)+"/edit")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Lift to Salg") {
		t.Fatalf("editor: got %d, want the lift shortcut to Salg", res.StatusCode)
	}
	sales := unitByName(t, app, "Salg")
	res, _ = post(t, c, app.url+"/objectives/"+strconv.FormatInt(to.ID, 10)+"/move", url.Values{
		"owner": {"unit:" + strconv.FormatInt(sales.ID, 10)}, "period": {strconv.FormatInt(period.ID, 10)}, "version": {strconv.FormatInt(to.Version, 10)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("lift: got %d, want 303", res.StatusCode)
	}
	lifted, err := app.db.GetObjective(ctx, app.orgID, to.ID)
	if err != nil || lifted.Owner.UnitID == nil || *lifted.Owner.UnitID != sales.ID {
		t.Fatalf("got owner %v (%v) after lifting, want Salg", lifted.Owner, err)
	}

	periods, err := app.db.ListPeriods(ctx, app.orgID)
	if err != nil {
		t.Fatal(err)
	}
	var next okr.Period
	for _, pr := range periods {
		if pr.Start.After(period.End) && (next.ID == 0 || pr.Start.Before(next.Start)) {
			next = pr
		}
	}
	if next.ID == 0 {
		t.Fatal("the demo has no next quarter")
	}
	res, body = get(t, c, app.url+"/objectives/"+strconv.FormatInt(to.ID, 10)+"/clone")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `<option value="`+strconv.FormatInt(next.ID, 10)+`" selected>`) {
		t.Fatalf("clone form: got %d, want the period after this one chosen", res.StatusCode)
	}
	res, _ = post(t, c, app.url+"/objectives/"+strconv.FormatInt(to.ID, 10)+"/clone", url.Values{"period": {strconv.FormatInt(next.ID, 10)}})
	m := editLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("clone: got %d to %q, want 303 to the copy's editor", res.StatusCode, res.Header.Get("Location"))
	}
	copyID, _ := strconv.ParseInt(m[1], 10, 64)
	archiveAfter(t, app, copyID)
	cp, err := app.db.GetObjective(ctx, app.orgID, copyID)
	if err != nil || cp.PeriodID != next.ID || cp.State != okr.StateDraft || cp.Title != to.Title {
		t.Fatalf("got copy %+v (%v), want a draft of %q in the next period", cp, err, to.Title)
	}
	if krs, _ := app.db.ListKeyResults(ctx, app.orgID, []int64{copyID}, false); len(krs) != 1 || krs[0].Title != kr.Title {
		t.Errorf("got %d key results on the copy, want the moved one", len(krs))
	}

	due := time.Now().AddDate(0, 0, 14).Format("2006-01-02")
	res, body = post(t, c, app.url+"/krs/"+krID+"/initiatives", url.Values{"title": {""}, "status": {"planned"}, "due": {due}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("initiative without a title: got %d, want 422", res.StatusCode)
	}
	wantField(t, body, "ni-title", "This field is required.")
	res, _ = post(t, c, app.url+"/krs/"+krID+"/initiatives", url.Values{"title": {"Interview three artists"}, "status": {"in_progress"}, "due": {due}, "owner": {""}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add initiative: got %d, want 303", res.StatusCode)
	}
	inits, err := app.db.ListInitiatives(ctx, app.orgID, []int64{kr.ID})
	if err != nil || len(inits) != 1 || inits[0].Status != okr.InitiativeInProgress || inits[0].Due == nil || inits[0].Due.Format("2006-01-02") != due {
		t.Fatalf("got initiatives %+v (%v), want one in progress, due %s", inits, err, due)
	}
}

// TestKPIReadingChecksIn adds a KPI reading through its page: the linked
// key result is checked in with the value; a reading in the future is
// refused by its field.
func TestKPIReadingChecksIn(t *testing.T) {
	app := appTest(t)
	ctx := context.Background()
	c := signedIn(t, app)
	setLang(t, c, app, "en")
	kpis, err := app.db.ListKPIs(ctx, app.orgID, false)
	if err != nil {
		t.Fatal(err)
	}
	var kpi okr.KPI
	for _, k := range kpis {
		if strings.HasPrefix(k.Name, "Organiske") {
			kpi = k
		}
	}
	if kpi.ID == 0 {
		t.Fatal("no visits KPI in the demo")
	}
	id := strconv.FormatInt(kpi.ID, 10)
	_, body := get(t, c, app.url+"/kpis/"+id)
	if !strings.Contains(body, "checks in 1 linked key result") {
		t.Fatalf("the KPI page does not say that a reading checks in its key result")
	}
	tomorrow := time.Now().AddDate(0, 0, 2).Format("2006-01-02")
	res, body := post(t, c, app.url+"/kpis/"+id+"/values", url.Values{"value": {"5 012,5"}, "date": {tomorrow}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("reading in the future: got %d, want 422", res.StatusCode)
	}
	wantField(t, body, "f-date", "future")
	res, _ = post(t, c, app.url+"/kpis/"+id+"/values", url.Values{"value": {"5,012.5"}, "date": {time.Now().Format("2006-01-02")}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add reading: got %d, want 303", res.StatusCode)
	}
	objs, _, err := app.db.ListObjectives(ctx, app.orgID, store.ObjectiveFilter{PeriodID: currentPeriod(t, app).ID})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(objs))
	for i := range objs {
		ids[i] = objs[i].ID
	}
	krs, err := app.db.ListKeyResults(ctx, app.orgID, ids, false)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, kr := range krs {
		if kr.KPIID != nil && *kr.KPIID == kpi.ID {
			found = true
			if kr.Current == nil || *kr.Current != 5012.5 {
				t.Errorf("got the linked key result at %v, want 5012.5", kr.Current)
			}
		}
	}
	if !found {
		t.Error("no key result is linked to the visits KPI")
	}
}
