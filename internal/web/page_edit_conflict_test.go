package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// formValues reads the fields of the form sel finds as a browser would
// submit them: inputs (checked boxes only), the chosen options, textareas.
func formValues(t *testing.T, body, sel string) (action string, values url.Values) {
	t.Helper()
	form := one(t, document(t, body), sel)
	action, _ = form.Attr("action")
	values = url.Values{}
	form.Find("input[name]").Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name")
		value, _ := in.Attr("value")
		switch typ, _ := in.Attr("type"); typ {
		case "submit", "button":
			return
		case "checkbox", "radio":
			if _, checked := in.Attr("checked"); !checked {
				return
			}
			if value == "" {
				value = "on"
			}
		}
		values.Add(name, value)
	})
	form.Find("select[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		chosen := s.Find("option[selected]")
		if chosen.Length() == 0 && s.AttrOr("multiple", "-") == "-" {
			chosen = s.Find("option").First()
		}
		chosen.Each(func(_ int, o *goquery.Selection) { values.Add(name, o.AttrOr("value", o.Text())) })
	})
	form.Find("textarea[name]").Each(func(_ int, ta *goquery.Selection) {
		values.Add(ta.AttrOr("name", ""), ta.Text())
	})
	return action, values
}

// TestLostRaceEditors saves each editor's form after someone else saved
// the object since the form was shown: the answer is 409 with both
// versions side by side, theirs stays stored, and the form shown again
// carries the current version, so that saving it again overwrites (303).
func TestLostRaceEditors(t *testing.T) {
	app := appTest(t)
	ctx := context.Background()
	sys := store.SystemActor(app.orgID)
	c := signedIn(t, app)
	setLang(t, c, app, "en")
	suffix := strconv.FormatInt(time.Now().UnixNano(), 36)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	unit := unitByName(t, app, "Art By X")

	// An objective with a key result and an initiative, archived after.
	o, err := app.db.CreateObjective(ctx, sys, okr.Objective{OrgID: app.orgID, PeriodID: currentPeriod(t, app).ID,
		Title: "Race objective " + suffix, Owner: okr.Owner{UnitID: &unit.ID}})
	must(err)
	archiveAfter(t, app, o.ID)
	kr, err := app.db.CreateKeyResult(ctx, sys, okr.KeyResult{OrgID: app.orgID, ObjectiveID: o.ID, Title: "Race key result",
		Owner: okr.Owner{UnitID: &unit.ID}, Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 100}})
	must(err)
	in, err := app.db.CreateInitiative(ctx, sys, okr.Initiative{OrgID: app.orgID, KeyResultID: kr.ID, Title: "Race initiative"})
	must(err)

	type editor struct {
		name, page, field string
		form              string // selects the form; "" for the one with field and a version
		hx                bool   // the form is posted by htmx too, which gets 200
		// theirs saves the object with field set to "Their value" as
		// someone else, and reads field back.
		theirs func() error
		stored func() (string, error)
		// archive takes the object out of the shared demo data afterwards.
		archive func() error
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	const their, mine = "Their value", "My value"
	var editors []editor
	{
		person, err := app.db.CreatePerson(ctx, sys, okr.Person{Name: "Race person", Email: "race-" + suffix + "@example.com", Role: okr.RoleMember})
		must(err)
		get := func() (okr.Person, error) { return app.db.GetPerson(ctx, app.orgID, person.ID) }
		editors = append(editors, editor{name: "person", page: "/admin/people/" + id(person.ID), field: "name",
			theirs: func() error {
				x, err := get()
				x.Name = their
				_, err2 := app.db.UpdatePerson(ctx, sys, x)
				return firstErr(err, err2)
			},
			stored: func() (string, error) { x, err := get(); return x.Name, err },
			archive: func() error {
				x, err := get()
				if err == nil {
					_, err = app.db.ArchivePerson(ctx, sys, x.ID, x.Version)
				}
				return err
			}})
	}
	{
		start := time.Date(2098, 1, 1, 0, 0, 0, 0, time.UTC)
		period, err := app.db.CreatePeriod(ctx, sys, okr.Period{Name: "Race period " + suffix, Kind: okr.PeriodCustom, Start: start, End: start.AddDate(0, 3, -1), Closed: true})
		must(err)
		get := func() (okr.Period, error) { return app.db.GetPeriod(ctx, app.orgID, period.ID) }
		editors = append(editors, editor{name: "period", page: "/admin/periods/" + id(period.ID), field: "name",
			theirs: func() error {
				x, err := get()
				x.Name = their
				_, err2 := app.db.UpdatePeriod(ctx, sys, x)
				return firstErr(err, err2)
			},
			stored: func() (string, error) { x, err := get(); return x.Name, err },
			archive: func() error {
				x, err := get()
				if err == nil {
					_, err = app.db.ArchivePeriod(ctx, sys, x.ID, x.Version)
				}
				return err
			}})
	}
	{
		u, err := app.db.CreateUnit(ctx, sys, okr.Unit{Name: "Race unit " + suffix, Kind: okr.UnitTeam, ParentID: &unit.ID})
		must(err)
		get := func() (okr.Unit, error) { return app.db.GetUnit(ctx, app.orgID, u.ID) }
		editors = append(editors, editor{name: "unit", page: "/admin/units/" + id(u.ID), field: "name",
			theirs: func() error {
				x, err := get()
				x.Name = their + " " + suffix
				_, err2 := app.db.UpdateUnit(ctx, sys, x)
				return firstErr(err, err2)
			},
			stored: func() (string, error) { x, err := get(); return strings.TrimSuffix(x.Name, " "+suffix), err },
			archive: func() error {
				x, err := get()
				if err == nil {
					_, err = app.db.ArchiveUnit(ctx, sys, x.ID, x.Version)
				}
				return err
			}})
	}
	{
		k, err := app.db.CreateKPI(ctx, sys, okr.KPI{Name: "Race KPI " + suffix, Unit: okr.Measure{Kind: okr.MeasureNumber},
			Direction: okr.HigherIsBetter, Frequency: okr.Weekly, OwnerUnitID: &unit.ID})
		must(err)
		get := func() (okr.KPI, error) { return app.db.GetKPI(ctx, app.orgID, k.ID) }
		editors = append(editors, editor{name: "KPI", page: "/kpis/" + id(k.ID) + "/edit", field: "name",
			theirs: func() error {
				x, err := get()
				x.Name = their
				_, err2 := app.db.UpdateKPI(ctx, sys, x)
				return firstErr(err, err2)
			},
			stored: func() (string, error) { x, err := get(); return x.Name, err },
			archive: func() error {
				x, err := get()
				if err == nil {
					_, err = app.db.ArchiveKPI(ctx, sys, x.ID, x.Version)
				}
				return err
			}})
	}
	{
		get := func() (okr.KeyResult, error) { return app.db.GetKeyResult(ctx, app.orgID, kr.ID) }
		editors = append(editors, editor{name: "key result", page: "/krs/" + id(kr.ID) + "/edit", field: "title", form: "#kr-form", hx: true,
			theirs: func() error {
				x, err := get()
				x.Title = their
				_, err2 := app.db.UpdateKeyResult(ctx, sys, x, "")
				return firstErr(err, err2)
			},
			stored:  func() (string, error) { x, err := get(); return x.Title, err },
			archive: func() error { return nil }}) // with its objective
	}
	{
		get := func() (okr.Initiative, error) { return app.db.GetInitiative(ctx, app.orgID, in.ID) }
		editors = append(editors, editor{name: "initiative", page: "/initiatives/" + id(in.ID) + "/edit", field: "title", form: "#init-form", hx: true,
			theirs: func() error {
				x, err := get()
				x.Title = their
				_, err2 := app.db.UpdateInitiative(ctx, sys, x)
				return firstErr(err, err2)
			},
			stored:  func() (string, error) { x, err := get(); return x.Title, err },
			archive: func() error { return nil }}) // with its objective
	}

	{
		get := func() (okr.Objective, error) { return app.db.GetObjective(ctx, app.orgID, o.ID) }
		editors = append(editors, editor{name: "objective", page: "/objectives/" + id(o.ID) + "/edit", field: "title", form: "#obj-form", hx: true,
			theirs: func() error {
				x, err := get()
				x.Title = their
				_, err2 := app.db.UpdateObjective(ctx, sys, x)
				return firstErr(err, err2)
			},
			stored:  func() (string, error) { x, err := get(); return x.Title, err },
			archive: func() error { return nil }}) // archiveAfter
	}

	for _, e := range editors {
		t.Run(e.name, func(t *testing.T) {
			t.Cleanup(func() {
				if err := e.archive(); err != nil {
					t.Errorf("archive the %s after the test: %v", e.name, err)
				}
			})
			sel := e.form
			if sel == "" {
				sel = `form:has([name="` + e.field + `"]):has(input[name="version"])`
			}
			_, body := get(t, c, app.url+e.page)
			action, form := formValues(t, body, sel)
			if err := e.theirs(); err != nil {
				t.Fatal(err)
			}
			form.Set(e.field, mine)
			res, body := post(t, c, app.url+action, form)
			if res.StatusCode != http.StatusConflict {
				t.Fatalf("save over a newer version: got %d, want 409", res.StatusCode)
			}
			doc := document(t, body)
			if got := textOf(doc, ".differs"); !strings.Contains(got, their) || !strings.Contains(got, mine) {
				t.Errorf("got changed rows %q, want theirs and mine side by side", got)
			}
			if got, err := e.stored(); err != nil || got != their {
				t.Fatalf("got stored %q (%v) after a lost race, want theirs kept", got, err)
			}
			if e.hx {
				// htmx swaps only successful and 422 answers.
				hxRes, hxBody := post(t, c, app.url+action, form, "HX-Request", "true")
				if hxRes.StatusCode != http.StatusOK || document(t, hxBody).Find(".differs").Length() == 0 {
					t.Errorf("save over a newer version by htmx: got %d, want 200 with both versions", hxRes.StatusCode)
				}
			}
			_, again := formValues(t, body, sel)
			if again.Get(e.field) != mine {
				t.Errorf("the form shown again has %s %q, want mine", e.field, again.Get(e.field))
			}
			if res, _ = post(t, c, app.url+action, again); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save again with the current version: got %d, want 303", res.StatusCode)
			}
			if got, err := e.stored(); err != nil || got != mine {
				t.Errorf("got stored %q (%v) after saving again, want mine", got, err)
			}
		})
	}
}

// TestMoveLostRace moves an objective from a form that is out of date: the
// move is refused with a message (422) and the form shows the objective as
// stored now, with its current version.
func TestMoveLostRace(t *testing.T) {
	app := appTest(t)
	ctx := context.Background()
	sys := store.SystemActor(app.orgID)
	c := signedIn(t, app)
	setLang(t, c, app, "en")
	unit := unitByName(t, app, "Art By X")
	o, err := app.db.CreateObjective(ctx, sys, okr.Objective{OrgID: app.orgID, PeriodID: currentPeriod(t, app).ID,
		Title: "Move race objective", Owner: okr.Owner{UnitID: &unit.ID}})
	if err != nil {
		t.Fatal(err)
	}
	archiveAfter(t, app, o.ID)
	page := "/objectives/" + strconv.FormatInt(o.ID, 10) + "/move"
	_, body := get(t, c, app.url+page)
	const sel = `form:has([name="period"]):has(input[name="version"])`
	action, form := formValues(t, body, sel)
	theirs := o
	theirs.Title = "Their title"
	if theirs, err = app.db.UpdateObjective(ctx, sys, theirs); err != nil {
		t.Fatal(err)
	}
	res, body := post(t, c, app.url+action, form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("move from an old form: got %d, want 422", res.StatusCode)
	}
	for _, want := range []string{"Someone else changed this objective in the meantime", "Their title"} {
		if !strings.Contains(body, want) {
			t.Errorf("the form shown again lacks %q", want)
		}
	}
	if _, again := formValues(t, body, sel); again.Get("version") != strconv.FormatInt(theirs.Version, 10) {
		t.Errorf("the form shown again carries version %q, want the current %d", again.Get("version"), theirs.Version)
	}
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
