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

// The demo's other people sign in with "demo-<key>-2026".
const (
	kristoEmail = "kristo@artbyx.example" // member, lead of Salg (sales)
	kristoPW    = "demo-kristo-2026"
	saraEmail   = "sara@artbyx.example" // member, lead of Nettbutikk (web shop), Swedish
	saraPW      = "demo-sara-2026"
	julieEmail  = "julie@artbyx.example" // member, lead of Innhold og SoMe (content)
	juliePW     = "demo-julie-2026"
)

// signInAs returns a client signed in as the person.
func signInAs(t *testing.T, app *harness, email, pw string) *http.Client {
	t.Helper()
	c := client(t)
	res, _ := post(t, c, app.url+"/signin", url.Values{"email": {email}, "password": {pw}, "next": {"/"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("sign in as %s: got %d to %q, want 303 to /", email, res.StatusCode, res.Header.Get("Location"))
	}
	return c
}

// unitByName returns the demo unit with that name.
func unitByName(t *testing.T, app *harness, name string) okr.Unit {
	t.Helper()
	units, err := app.db.ListUnits(context.Background(), app.orgID, store.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Name == name {
			return u
		}
	}
	t.Fatalf("no unit %q in the demo", name)
	return okr.Unit{}
}

// currentPeriod returns the demo's current quarter.
func currentPeriod(t *testing.T, app *harness) okr.Period {
	t.Helper()
	p, err := app.db.CurrentPeriod(context.Background(), app.orgID, app.srv.now())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var (
	versionField = regexp.MustCompile(`name="version" value="(\d+)"`)
	editLocation = regexp.MustCompile(`^/objectives/(\d+)/edit`)
)

// wantField checks that the page shows message next to the field with id:
// the field is marked invalid and described by the message.
func wantField(t *testing.T, body, id, message string) {
	t.Helper()
	field := regexp.MustCompile(`<(input|select|textarea)[^>]*id="` + regexp.QuoteMeta(id) + `"[^>]*>`).FindString(body)
	if field == "" {
		t.Fatalf("no field #%s on the page", id)
	}
	if !strings.Contains(field, `aria-invalid="true"`) || !strings.Contains(field, id+"-err") {
		t.Errorf("field #%s is %s, want aria-invalid and aria-describedby %s-err", id, field, id)
	}
	msg := regexp.MustCompile(`<p class="field-error" id="` + regexp.QuoteMeta(id) + `-err">([^<]*)</p>`).FindStringSubmatch(body)
	if msg == nil {
		t.Fatalf("no error message #%s-err on the page", id)
	}
	if !strings.Contains(msg[1], message) {
		t.Errorf("got message %q by #%s, want %q", msg[1], id, message)
	}
}

// TestEditObjectiveWithoutJS creates an objective with key results and
// publishes it with plain form posts, as a unit lead, failing a validation
// on the way.
func TestEditObjectiveWithoutJS(t *testing.T) {
	app := appTest(t)
	c := signInAs(t, app, kristoEmail, kristoPW)
	setLang(t, c, app, "en")
	sales := unitByName(t, app, "Salg")
	period := currentPeriod(t, app)

	res, body := get(t, c, app.url+"/objectives/new?period="+strconv.FormatInt(period.ID, 10)+"&owner=unit:"+strconv.FormatInt(sales.ID, 10))
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `value="unit:`+strconv.FormatInt(sales.ID, 10)+`" selected`) {
		t.Fatalf("new objective form: got %d, want 200 with Salg chosen as owner", res.StatusCode)
	}
	form := url.Values{"title": {""}, "owner": {"unit:" + strconv.FormatInt(sales.ID, 10)}, "period": {strconv.FormatInt(period.ID, 10)}, "weight": {"1"}}
	res, body = post(t, c, app.url+"/objectives", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty title: got %d, want 422", res.StatusCode)
	}
	wantField(t, body, "f-title", "This field is required.")

	form.Set("title", "Become the shop artists recommend to each other")
	res, _ = post(t, c, app.url+"/objectives", form)
	m := editLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("create: got %d to %q, want 303 to the editor", res.StatusCode, res.Header.Get("Location"))
	}
	id := m[1]
	obj, _ := strconv.ParseInt(id, 10, 64)
	archiveAfter(t, app, obj)

	kr := url.Values{"title": {"Grow repeat customers from 120 to 200"}, "kind": {"increase"}, "start": {"120"}, "target": {"1x0"}, "unit": {"number"}, "weight": {"1"}}
	res, body = post(t, c, app.url+"/objectives/"+id+"/krs", kr)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad target: got %d, want 422", res.StatusCode)
	}
	wantField(t, body, "newkr-target", "Enter a number")
	kr.Set("target", "200")
	if res, _ = post(t, c, app.url+"/objectives/"+id+"/krs", kr); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add key result: got %d, want 303", res.StatusCode)
	}
	ms := url.Values{"title": {"Launch the artist referral programme"}, "kind": {"milestones"}, "unit": {"number"}, "weight": {"1"},
		"ms.id": {"", "", ""}, "ms.title": {"Terms agreed", "", "First ten artists signed"}}
	if res, _ = post(t, c, app.url+"/objectives/"+id+"/krs", ms); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add milestones key result: got %d, want 303", res.StatusCode)
	}

	_, body = get(t, c, app.url+"/objectives/"+id+"/edit")
	v := versionField.FindStringSubmatch(body)
	if v == nil {
		t.Fatal("no version on the editor")
	}
	res, _ = post(t, c, app.url+"/objectives/"+id+"/state", url.Values{"state": {"published"}, "version": {v[1]}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/objectives/"+id {
		t.Fatalf("publish: got %d to %q, want 303 to the objective", res.StatusCode, res.Header.Get("Location"))
	}
	o, err := app.db.GetObjective(context.Background(), app.orgID, obj)
	if err != nil {
		t.Fatal(err)
	}
	krs, err := app.db.ListKeyResults(context.Background(), app.orgID, []int64{obj}, false)
	if err != nil {
		t.Fatal(err)
	}
	if o.State != okr.StatePublished || len(krs) != 2 || o.Owner.UnitID == nil || *o.Owner.UnitID != sales.ID {
		t.Fatalf("got state %s, %d key results, owner %v; want published, 2, Salg", o.State, len(krs), o.Owner)
	}
	if got := milestoneTitles(krs[1].Milestones); got != "Terms agreed; First ten artists signed" {
		t.Errorf("got milestones %q, want the two non-empty lines in order", got)
	}
}

// TestEditLostRace saves an objective whose form is out of date: the
// answer says so, shows both versions and keeps theirs; saving again
// overwrites knowingly.
func TestEditLostRace(t *testing.T) {
	app := appTest(t)
	ctx := context.Background()
	c := signedIn(t, app)
	setLang(t, c, app, "en")
	period := currentPeriod(t, app)
	o, err := app.db.CreateObjective(ctx, store.SystemActor(app.orgID), okr.Objective{OrgID: app.orgID, PeriodID: period.ID,
		Title: "Race objective", Owner: okr.Owner{UnitID: ptrID(unitByName(t, app, "Art By X").ID)}})
	if err != nil {
		t.Fatal(err)
	}
	archiveAfter(t, app, o.ID)
	id := strconv.FormatInt(o.ID, 10)
	_, body := get(t, c, app.url+"/objectives/"+id+"/edit")
	v := versionField.FindStringSubmatch(body)
	if v == nil {
		t.Fatal("no version on the editor")
	}
	theirs := o
	theirs.Title = "Their title"
	if _, err := app.db.UpdateObjective(ctx, store.SystemActor(app.orgID), theirs); err != nil {
		t.Fatal(err)
	}
	mine := url.Values{"title": {"My title"}, "description": {""}, "weight": {"1"}, "version": {v[1]}}
	res, body := post(t, c, app.url+"/objectives/"+id+"/edit", mine)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("stale save: got %d, want 409", res.StatusCode)
	}
	for _, want := range []string{"Someone else saved first", "Their title", "My title", `class="differs"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the lost-race page lacks %q", want)
		}
	}
	stored, err := app.db.GetObjective(ctx, app.orgID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Title != "Their title" {
		t.Fatalf("got stored title %q after a lost race, want theirs kept", stored.Title)
	}
	v = versionField.FindStringSubmatch(body)
	if v == nil || v[1] != strconv.FormatInt(stored.Version, 10) {
		t.Fatalf("the form shown again carries version %v, want the current %d", v, stored.Version)
	}
	mine.Set("version", v[1])
	if res, _ = post(t, c, app.url+"/objectives/"+id+"/edit", mine); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save again: got %d, want 303", res.StatusCode)
	}
	if stored, _ = app.db.GetObjective(ctx, app.orgID, o.ID); stored.Title != "My title" {
		t.Errorf("got title %q after saving again, want mine", stored.Title)
	}
}

func ptrID(id int64) *int64 { return &id }

// archiveAfter archives an objective a test made when the test ends, so
// that the shared demo data looks as before to the other tests.
func archiveAfter(t *testing.T, app *harness, id int64) {
	t.Cleanup(func() {
		ctx := context.Background()
		o, err := app.db.GetObjective(ctx, app.orgID, id)
		if err == nil && !o.Archived {
			_, err = app.db.ArchiveObjective(ctx, store.SystemActor(app.orgID), id, o.Version)
		}
		if err != nil {
			t.Errorf("archive objective %d after the test: %v", id, err)
		}
	})
}

// TestEditForbidden: a member who neither owns nor leads an objective
// cannot open its editor or change it.
func TestEditForbidden(t *testing.T) {
	app := appTest(t)
	c := signInAs(t, app, julieEmail, juliePW)
	objs, _, err := app.db.ListObjectives(context.Background(), app.orgID, store.ObjectiveFilter{OwnerUnitIDs: []int64{unitByName(t, app, "Salg").ID}})
	if err != nil || len(objs) == 0 {
		t.Fatalf("no objective of Salg in the demo (%v)", err)
	}
	id := strconv.FormatInt(objs[0].ID, 10)
	if res, _ := get(t, c, app.url+"/objectives/"+id+"/edit"); res.StatusCode != http.StatusForbidden {
		t.Errorf("GET editor of another unit's objective: got %d, want 403", res.StatusCode)
	}
	res, _ := post(t, c, app.url+"/objectives/"+id+"/edit", url.Values{"title": {"Hijacked"}, "weight": {"1"}, "version": {strconv.FormatInt(objs[0].Version, 10)}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("POST editor of another unit's objective: got %d, want 403", res.StatusCode)
	}
	if res, _ := get(t, c, app.url+"/admin"); res.StatusCode != http.StatusForbidden {
		t.Errorf("GET /admin as a member: got %d, want 403", res.StatusCode)
	}
}

// TestValidationInUserLanguage: the message by the field is in the
// viewer's language.
func TestValidationInUserLanguage(t *testing.T) {
	app := appTest(t)
	period := currentPeriod(t, app)
	for lang, want := range map[string]string{"sv": "Fältet måste fyllas i.", "nb": "Feltet må fylles ut.", "en": "This field is required."} {
		c := signedIn(t, app)
		setLang(t, c, app, lang)
		res, body := post(t, c, app.url+"/objectives", url.Values{"title": {"  "}, "owner": {"person:1"}, "period": {strconv.FormatInt(period.ID, 10)}, "weight": {"1"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: got %d, want 422", lang, res.StatusCode)
		}
		wantField(t, body, "f-title", want)
		if m := missingKey.FindString(body); m != "" {
			t.Errorf("%s: untranslated message %s", lang, m)
		}
	}
}
