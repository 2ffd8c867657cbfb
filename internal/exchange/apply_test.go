package exchange_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/exchange"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/okrfile"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// importExample loads docs/examples/artbyx.yaml into db and returns the
// organisation and its export.
func importExample(t *testing.T, db *store.DB) (okr.Org, []byte) {
	t.Helper()
	example, err := os.ReadFile("../../docs/examples/artbyx.yaml")
	if err != nil {
		t.Fatal(err)
	}
	org, _, err := exchange.Import(context.Background(), db, mustDecode(t, "artbyx.yaml", example), "")
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return org, mustExport(t, db, org.ID)
}

func apply(t *testing.T, db *store.DB, name string, data []byte, opt exchange.ApplyOptions) *okrfile.Plan {
	t.Helper()
	_, plan, err := exchange.Apply(context.Background(), db, mustDecode(t, name, data), opt)
	if err != nil {
		t.Fatalf("Apply(%s): %v", name, err)
	}
	return plan
}

// planText is the plan one change a line: action kind key field=old→new …
func planText(p *okrfile.Plan) string {
	var b strings.Builder
	for _, c := range p.Changes {
		fmt.Fprintf(&b, "%s %s %s", c.Action, c.Kind, c.Key)
		for _, f := range c.Fields {
			fmt.Fprintf(&b, " %s=%s→%s", f.Field, f.Old, f.New)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// edit replaces old by new in s once, failing when s lacks old.
func edit(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("the export lacks %q", old)
	}
	return strings.Replace(s, old, new, 1)
}

// Applying an unchanged export, or the file the organisation was imported
// from, changes nothing; before issue 14 importing an unchanged export into
// its own database failed on every person and period.
func TestApplyUnchangedChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		org, export := importExample(t, db)
		example, _ := os.ReadFile("../../docs/examples/artbyx.yaml")
		for name, data := range map[string][]byte{"export.yaml": export, "artbyx.yaml": example} {
			if p := apply(t, db, name, data, exchange.ApplyOptions{Prune: true}); len(p.Changes) != 0 {
				t.Errorf("Apply(%s) planned:\n%s want no changes", name, planText(p))
			}
		}
		if again := mustExport(t, db, org.ID); string(again) != string(export) {
			t.Errorf("applying unchanged files changed the export")
		}
	})
}

// An edited export changes exactly the edits, matched by key even when a
// title changes; the second apply of the same file changes nothing, and
// check-ins are appended.
func TestApplyEditedExportChangesExactlyTheEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		org, export := importExample(t, db)
		s := string(export)
		s = edit(t, s, "        title: Oppnå 25 salg den første måneden etter lansering\n", "        title: Oppnå 30 salg den første måneden etter lansering\n")
		s = edit(t, s, "        target: 25\n", "        target: 30\n")
		s = edit(t, s, "          - at: 2025-01-17T14:45:00Z\n            value: 11\n            by: sander@artbyx.no\n",
			"          - at: 2025-01-17T14:45:00Z\n            value: 11\n            by: sander@artbyx.no\n          - at: 2025-01-24T14:45:00Z\n            value: 14\n            by: sander@artbyx.no\n            comment: Ny uke.\n")
		s = edit(t, s, "people:\n", "people:\n  - email: ny@artbyx.no\n    name: Nora Ny\n    unit: sales\n")
		s = edit(t, s, "kpis:\n", "kpis:\n  - key: nps\n    name: Netto promotørscore\n    unit: currency\n    unit_code: NOK\n")
		plan := apply(t, db, "edited.yaml", []byte(s), exchange.ApplyOptions{Plan: true})
		want := "create person ny@artbyx.no email=→ny@artbyx.no name=→Nora Ny unit=→sales\n" +
			"create kpi nps key=→nps name=→Netto promotørscore unit=→currency unit_code=→NOK\n" +
			"update key_result salg title=Oppnå 25 salg den første måneden etter lansering→Oppnå 30 salg den første måneden etter lansering target=25→30\n" +
			"append check_in salg / 2025-01-24T14:45:00Z at=→2025-01-24T14:45:00Z value=→14 by=→sander@artbyx.no comment=→Ny uke.\n"
		if got := planText(plan); got != want {
			t.Errorf("plan:\n%s\nwant:\n%s", got, want)
		}
		if again := mustExport(t, db, org.ID); string(again) != string(export) {
			t.Fatalf("a plan wrote to the database")
		}
		if got := planText(apply(t, db, "edited.yaml", []byte(s), exchange.ApplyOptions{})); got != want {
			t.Errorf("applied:\n%s\nwant:\n%s", got, want)
		}
		if p := apply(t, db, "edited.yaml", []byte(s), exchange.ApplyOptions{}); len(p.Changes) != 0 {
			t.Errorf("second apply planned:\n%s want no changes", planText(p))
		}
		// The key result kept its identity (same id, its check-ins) and
		// recorded the target change; the new check-in is the latest.
		after := mustDecode(t, "after.yaml", mustExport(t, db, org.ID))
		var kr *okrfile.KeyResultRec
		for _, o := range after.Objectives {
			for _, k := range o.KeyResults {
				if k.Key == "salg" {
					kr = k
				}
			}
		}
		if kr == nil || kr.KeyResult.Metric.Target != 30 || len(kr.CheckIns) != 3 || len(kr.TargetChanges) != 2 ||
			kr.KeyResult.Current == nil || *kr.KeyResult.Current != 14 {
			t.Errorf("key result salg after apply = %+v", kr)
		}
		// The title changed, the key stayed: a later apply of the export
		// still finds the key result.
		if p := apply(t, db, "after.yaml", mustExport(t, db, org.ID), exchange.ApplyOptions{Prune: true}); len(p.Changes) != 0 {
			t.Errorf("apply of the new export planned:\n%s", planText(p))
		}
	})
}

// What the file no longer has is archived only with prune.
func TestApplyPrune(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		org, export := importExample(t, db)
		f := mustDecode(t, "export.yaml", export)
		var objs []*okrfile.ObjectiveRec
		for _, o := range f.Objectives {
			if o.Key != "kristo-linkedin" {
				objs = append(objs, o)
			}
		}
		f.Objectives = objs
		var buf strings.Builder
		if err := okrfile.Encode(&buf, f); err != nil {
			t.Fatal(err)
		}
		data := []byte(buf.String())
		if p := apply(t, db, "less.yaml", data, exchange.ApplyOptions{}); len(p.Changes) != 0 {
			t.Errorf("without prune planned:\n%s want nothing", planText(p))
		}
		want := "archive objective kristo-linkedin\narchive key_result publisere-12-fagartikler-pa-linkedin\narchive key_result fa-3-invitasjoner-til-a-snakke-om\n"
		if got := planText(apply(t, db, "less.yaml", data, exchange.ApplyOptions{Prune: true})); got != want {
			t.Errorf("with prune:\n%s\nwant:\n%s", got, want)
		}
		after := mustDecode(t, "after.yaml", mustExport(t, db, org.ID))
		for _, o := range after.Objectives {
			if o.Key == "kristo-linkedin" && !o.Objective.Archived {
				t.Errorf("kristo-linkedin is not archived after prune")
			}
		}
		if p := apply(t, db, "less.yaml", data, exchange.ApplyOptions{Prune: true}); len(p.Changes) != 0 {
			t.Errorf("second prune planned:\n%s", planText(p))
		}
	})
}

// The file's problems against the organisation come with their positions,
// and a file with one refused change writes nothing at all.
func TestApplyProblemsHavePositionsAndNothingIsWritten(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org, export := importExample(t, db)
		// A check-in rewritten: history is appended, never rewritten.
		s := edit(t, string(export), "            value: 11\n", "            value: 12\n")
		_, _, err := exchange.Apply(ctx, db, mustDecode(t, "rewrite.yaml", []byte(s)), exchange.ApplyOptions{})
		var probs okrfile.Problems
		if !errors.As(err, &probs) || len(probs) != 1 || probs[0].Line == 0 || !strings.Contains(probs[0].Path, "check_ins[1]") ||
			!strings.Contains(probs[0].Message, "never rewritten") {
			t.Fatalf("rewritten check-in: %v, want one problem with its position", err)
		}
		// Valid changes next to one the organisation refuses (a check-in
		// in the future): nothing is written, and the problem points at
		// the field.
		s = edit(t, string(export), "people:\n", "people:\n  - email: ny@artbyx.no\n    name: Nora Ny\n")
		s = edit(t, s, "    state: closed\n", "")
		s = edit(t, s, "          - at: 2025-01-17T14:45:00Z\n", "          - at: 2999-01-17T14:45:00Z\n            value: 1\n          - at: 2025-01-17T14:45:00Z\n")
		_, plan, err := exchange.Apply(ctx, db, mustDecode(t, "refused.yaml", []byte(s)), exchange.ApplyOptions{})
		if !errors.As(err, &probs) || len(probs) != 1 || probs[0].Line == 0 || !strings.HasSuffix(probs[0].Path, "check_ins[1].at") {
			t.Fatalf("refused change: %v (plan:\n%s), want one problem at the check-in's at", err, planText(plan))
		}
		if after := mustExport(t, db, org.ID); string(after) != string(export) {
			t.Errorf("a failed apply wrote to the database")
		}
		// A closed objective back to draft goes through published, as the
		// product's states move one step at a time.
		s = edit(t, string(export), "    state: closed\n", "")
		if got := planText(apply(t, db, "draft.yaml", []byte(s), exchange.ApplyOptions{})); got != "update objective cykeltillbehor state=closed→\n" {
			t.Errorf("closed → draft planned:\n%s", got)
		}
		if p := apply(t, db, "draft.yaml", []byte(s), exchange.ApplyOptions{}); len(p.Changes) != 0 {
			t.Errorf("second apply planned:\n%s", planText(p))
		}
	})
}

// The rules the file format always had now hold for every way in (issue
// 14: the API accepted them, and the export was then refused by import).
func TestOneSetOfRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org, err := db.CreateOrg(ctx, "Rules", "rules")
		if err != nil {
			t.Fatal(err)
		}
		sys := store.SystemActor(org.ID)
		company, err := db.CreateUnit(ctx, sys, okr.Unit{Name: "Co", Kind: okr.UnitCompany})
		if err != nil {
			t.Fatal(err)
		}
		dept, err := db.CreateUnit(ctx, sys, okr.Unit{Name: "Dept", Kind: okr.UnitDepartment, ParentID: &company.ID})
		if err != nil {
			t.Fatal(err)
		}
		wantRefused := func(what string, err error, field, key string) {
			t.Helper()
			var e *okr.Error
			if !errors.As(err, &e) || e.Code != okr.EINVALID || e.Field != field || e.Key != key {
				t.Errorf("%s: error %v, want EINVALID on %s (%s)", what, err, field, key)
			}
		}
		_, err = db.CreateUnit(ctx, sys, okr.Unit{Name: "Second root", Kind: okr.UnitCompany})
		wantRefused("a second root unit", err, "parent", okr.KeyOneRoot)
		dept.ParentID = nil
		_, err = db.UpdateUnit(ctx, sys, dept)
		wantRefused("a department turned into a root", err, "parent", okr.KeyOneRoot)
		_, err = db.CreateKPI(ctx, sys, okr.KPI{Name: "Omsetning", Unit: okr.Measure{Kind: okr.MeasureCurrency, Code: "kroner"},
			Direction: okr.HigherIsBetter, Frequency: okr.Monthly})
		wantRefused("a KPI in kroner", err, "unit_code", okr.KeyCurrencyCode)
		period, err := db.CreatePeriod(ctx, sys, okr.Period{Name: "Q1", Kind: okr.PeriodQuarter,
			Start: mustDay("2025-01-01"), End: mustDay("2025-03-31")})
		if err != nil {
			t.Fatal(err)
		}
		o, err := db.CreateObjective(ctx, sys, okr.Objective{PeriodID: period.ID, Title: "O", Owner: okr.Owner{UnitID: &company.ID}, Weight: 1, State: okr.StateDraft})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: o.ID, Title: "Returer under 5 %", Weight: 1,
			Metric:     okr.Metric{Kind: okr.MetricStayBelow, Target: 5, Unit: okr.Measure{Kind: okr.MeasurePercent}},
			Milestones: []okr.Milestone{{Title: "x"}}})
		wantRefused("milestones on a stay-below key result", err, "milestones", okr.KeyMilestonesKind)
		// A checklist that becomes another kind keeps its milestones
		// archived, as before.
		kr, err := db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: o.ID, Title: "Sjekkliste", Weight: 1,
			Metric: okr.Metric{Kind: okr.MetricMilestones}, Milestones: []okr.Milestone{{Title: "a"}, {Title: "b"}}})
		if err != nil {
			t.Fatal(err)
		}
		kr.Metric = okr.Metric{Kind: okr.MetricStayBelow, Target: 5, Unit: okr.Measure{Kind: okr.MeasureNumber}}
		if kr, err = db.UpdateKeyResult(ctx, sys, kr, ""); err != nil || len(kr.Milestones) != 0 {
			t.Errorf("checklist → stay below: %v, milestones %v, want them archived", err, kr.Milestones)
		}
		// And what the product holds exports and imports again.
		f, err := exchange.Export(ctx, db, org.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		var buf strings.Builder
		if err := okrfile.Encode(&buf, f); err != nil {
			t.Fatal(err)
		}
		empty := storetest.Open(t, db.Dialect())
		if _, _, err := exchange.Import(ctx, empty, mustDecode(t, "rules.yaml", []byte(buf.String())), ""); err != nil {
			t.Errorf("import of the export: %v", err)
		}
	})
}

func mustDay(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// An objective made in the product gets its key from the first export,
// and keeps it when it is renamed: applying that export later finds it
// and changes the title back instead of creating a second objective.
func TestExportKeysStayWhenRenamedInTheProduct(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org, _ := importExample(t, db)
		sys := store.SystemActor(org.ID)
		f := mustDecode(t, "export.yaml", mustExport(t, db, org.ID))
		var period okr.Period
		periods, err := db.ListAllPeriods(ctx, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range periods {
			if p.Name == f.Periods[len(f.Periods)-1].Period.Name {
				period = p
			}
		}
		units, err := db.ListUnits(ctx, org.ID, store.UnitFilter{})
		if err != nil {
			t.Fatal(err)
		}
		o, err := db.CreateObjective(ctx, sys, okr.Objective{PeriodID: period.ID, Title: "Lage et nytt mål i produktet",
			Owner: okr.Owner{UnitID: &units[0].ID}, Weight: 1, State: okr.StateDraft})
		if err != nil {
			t.Fatal(err)
		}
		export := mustExport(t, db, org.ID)
		if !strings.Contains(string(export), "key: lage-et-nytt-mal-i-produktet\n") {
			t.Fatalf("the export lacks the new objective's key:\n%s", export)
		}
		o.Title = "Et nytt navn"
		if _, err := db.UpdateObjective(ctx, sys, o); err != nil {
			t.Fatal(err)
		}
		if again := mustExport(t, db, org.ID); !strings.Contains(string(again), "  - key: lage-et-nytt-mal-i-produktet\n    title: Et nytt navn\n") {
			t.Errorf("after the rename the export does not keep the key")
		}
		want := "update objective lage-et-nytt-mal-i-produktet title=Et nytt navn→Lage et nytt mål i produktet\n"
		if got := planText(apply(t, db, "export.yaml", export, exchange.ApplyOptions{Prune: true})); got != want {
			t.Errorf("apply of the export from before the rename:\n%s\nwant:\n%s", got, want)
		}
	})
}

// Every kind of change through apply: a key result moved to another
// objective, a unit with a lead, a KPI reading, an initiative added and one
// changed, a grade, a person made admin. The second apply changes nothing.
func TestApplyEveryKindOfChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		org, export := importExample(t, db)
		f := mustDecode(t, "export.yaml", export)
		obj := func(key string) *okrfile.ObjectiveRec {
			for _, o := range f.Objectives {
				if o.Key == key {
					return o
				}
			}
			t.Fatalf("no objective %s", key)
			return nil
		}
		from, to := obj("kjop-enkelt"), obj("merkevare")
		for i, kr := range from.KeyResults {
			if kr.Key == "vipps" {
				from.KeyResults = append(from.KeyResults[:i:i], from.KeyResults[i+1:]...)
				kr.ObjectiveKey = to.Key
				to.KeyResults = append(to.KeyResults, kr)
				break
			}
		}
		f.Units = append(f.Units, &okrfile.UnitRec{Key: "norden", ParentKey: "artbyx", LeadEmails: []string{"sara@artbyx.se"},
			Unit: okr.Unit{Name: "Norden", Kind: okr.UnitDepartment}})
		f.KPIs[0].Values = append(f.KPIs[0].Values, &okrfile.KPIValueRec{AuthorEmail: "kristo@artbyx.no",
			Value: okr.KPIValue{Value: 2600, At: time.Date(2025, 3, 31, 12, 0, 0, 0, time.UTC)}})
		salg := obj("nettbutikk").KeyResults[1]
		salg.Initiatives = append(salg.Initiatives, &okrfile.InitiativeRec{OwnerEmail: "sander@artbyx.no",
			Initiative: okr.Initiative{Title: "Ringe gamle kunder", Status: okr.InitiativeInProgress}})
		obj("nettbutikk").KeyResults[0].Initiatives[0].Initiative.Status = okr.InitiativeDone
		salg.Grade = &okrfile.GradeRec{AuthorEmail: "karoline@artbyx.no", Grade: okr.Grade{Score: 0.4, Note: "11 av 25, men høy etterspørsel."}}
		for _, p := range f.People {
			if p.Person.Email == "julie@artbyx.no" {
				p.Person.Role = okr.RoleAdmin
			}
		}
		var buf strings.Builder
		if err := okrfile.Encode(&buf, f); err != nil {
			t.Fatal(err)
		}
		data := []byte(buf.String())
		got := planText(apply(t, db, "every.yaml", data, exchange.ApplyOptions{}))
		for _, want := range []string{
			"create unit norden ", "update person julie@artbyx.no role=→admin\n", "append kpi_value besok / 2025-03-31T12:00:00Z ",
			"update key_result vipps objective=kjop-enkelt→merkevare\n", "update initiative besokende / Markedsføre nettbutikken via nyhetsbrev, kontakter og sosiale medier status=in_progress→done\n",
			"create initiative salg / Ringe gamle kunder ", "create grade salg score=→0.4 note=→11 av 25, men høy etterspørsel.\n",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("plan lacks %q:\n%s", want, got)
			}
		}
		if n := strings.Count(got, "\n"); n != 7 {
			t.Errorf("plan has %d changes, want 7:\n%s", n, got)
		}
		if p := apply(t, db, "every.yaml", data, exchange.ApplyOptions{}); len(p.Changes) != 0 {
			t.Errorf("second apply planned:\n%s", planText(p))
		}
		after := string(mustExport(t, db, org.ID))
		for _, want := range []string{"  - key: norden\n    name: Norden\n    kind: department\n    parent: artbyx\n    leads: [sara@artbyx.se]\n", "- title: Ringe gamle kunder\n"} {
			if !strings.Contains(after, want) {
				t.Errorf("the export after apply lacks %q", want)
			}
		}
	})
}

// Initiatives of one key result may share a title (generated organisations
// have them): apply tells them apart by their order, "title #2", and an
// unchanged export still changes nothing.
func TestApplyInitiativesOfTheSameTitle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org, _ := importExample(t, db)
		objs, _, err := db.ListObjectives(ctx, org.ID, store.ObjectiveFilter{Limit: -1})
		if err != nil || len(objs) == 0 {
			t.Fatalf("ListObjectives: %v", err)
		}
		krs, err := db.ListKeyResults(ctx, org.ID, []int64{objs[0].ID}, false)
		if err != nil || len(krs) == 0 {
			t.Fatalf("ListKeyResults: %v", err)
		}
		sys := store.SystemActor(org.ID)
		for _, due := range []int{20, 10} {
			d := time.Date(2025, 3, due, 0, 0, 0, 0, time.UTC)
			if _, err := db.CreateInitiative(ctx, sys, okr.Initiative{KeyResultID: krs[0].ID, Title: "Samme tittel", Status: okr.InitiativePlanned, Due: &d}); err != nil {
				t.Fatal(err)
			}
		}
		export := mustExport(t, db, org.ID)
		if p := apply(t, db, "export.yaml", export, exchange.ApplyOptions{Prune: true}); len(p.Changes) != 0 {
			t.Fatalf("unchanged export planned:\n%s", planText(p))
		}
		s := edit(t, string(export), "          - title: Samme tittel\n            due: 2025-03-20\n", "          - title: Samme tittel\n            status: done\n            due: 2025-03-20\n")
		got := planText(apply(t, db, "edited.yaml", []byte(s), exchange.ApplyOptions{}))
		if !strings.HasPrefix(got, "update initiative ") || !strings.Contains(got, " / Samme tittel #2 status=→done\n") || strings.Count(got, "\n") != 1 {
			t.Errorf("plan:\n%s want the second one done", got)
		}
		if p := apply(t, db, "edited.yaml", []byte(s), exchange.ApplyOptions{}); len(p.Changes) != 0 {
			t.Errorf("second apply planned:\n%s", planText(p))
		}
	})
}

// A new KPI comes with its readings, and a new key result with its
// check-ins: the first apply makes all of it, the second nothing.
func TestApplyNewObjectsWithTheirHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, export := importExample(t, db)
		s := edit(t, string(export), "kpis:\n", "kpis:\n  - key: nps\n    name: Netto promotørscore\n    values:\n      - {at: 2025-01-31T12:00:00Z, value: 41}\n      - {at: 2025-02-28T12:00:00Z, value: 44, by: kristo@artbyx.no}\n")
		s = edit(t, s, "    key_results:\n", "    key_results:\n      - key: ny\n        title: Ny kunde hver uke\n        target: 12\n        check_ins:\n          - {at: 2025-01-10T12:00:00Z, value: 2, by: sander@artbyx.no}\n")
		got := planText(apply(t, db, "new.yaml", []byte(s), exchange.ApplyOptions{}))
		for _, want := range []string{"create kpi nps ", "append kpi_value nps / 2025-01-31T12:00:00Z ", "append kpi_value nps / 2025-02-28T12:00:00Z ",
			"create key_result ny ", "append check_in ny / 2025-01-10T12:00:00Z "} {
			if !strings.Contains(got, want) {
				t.Errorf("plan lacks %q:\n%s", want, got)
			}
		}
		if p := apply(t, db, "new.yaml", []byte(s), exchange.ApplyOptions{}); len(p.Changes) != 0 {
			t.Errorf("second apply planned:\n%s", planText(p))
		}
	})
}
