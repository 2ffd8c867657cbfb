package store

import (
	"slices"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

func TestListObjectiveContext(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		team := okr.Owner{UnitID: &f.team.ID}
		obj := func(title string, parent *int64, contributes ...int64) okr.Objective {
			t.Helper()
			return must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: title, Owner: team, ParentID: parent, Contributes: contributes}))(t)
		}
		withKR := func(o okr.Objective) {
			t.Helper()
			must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: "KR of " + o.Title,
				Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 10, Unit: okr.Measure{Kind: okr.MeasureNumber}}}))(t)
		}
		p := obj("Parent", nil)
		y := obj("Helped", nil)
		a := obj("Focus", &p.ID, y.ID)
		b := obj("Child with KRs", &a.ID)
		withKR(b)
		c := obj("Child without KRs", &a.ID)
		d := obj("Grandchild with KRs", &c.ID)
		withKR(d)
		e := obj("Below a child with KRs", &d.ID)
		x := obj("Helper", nil, a.ID)
		archived := obj("Archived child", &a.ID)
		must(db.ArchiveObjective(ctx, f.sys, archived.ID, archived.Version))(t)
		obj("Unrelated", nil)
		later := must(db.CreatePeriod(ctx, f.sys, okr.Period{Name: "Q2 2026", Kind: okr.PeriodQuarter, Start: date(2026, 4, 1), End: date(2026, 6, 30)}))(t)
		next := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: later.ID, Title: "Next quarter's child", Owner: team, ParentID: &a.ID}))(t)

		ctxObjs := must(db.ListObjectiveContext(ctx, f.org.ID, f.period.ID, []int64{a.ID}))(t)
		var got []string
		for _, o := range ctxObjs {
			got = append(got, o.Title)
			if o.ID == x.ID && !slices.Equal(o.Contributes, []int64{a.ID}) {
				t.Errorf("Helper's contributes = %v, want [%d]", o.Contributes, a.ID)
			}
		}
		want := []string{p.Title, y.Title, b.Title, c.Title, d.Title, x.Title}
		if !slices.Equal(got, want) {
			t.Errorf("context of %q = %q, want %q (not %q)", a.Title, got, want, e.Title)
		}
		var links []string
		for _, o := range must(db.ListObjectiveLinks(ctx, f.org.ID, f.period.ID, []int64{a.ID}))(t) {
			links = append(links, o.Title)
		}
		if want := []string{p.Title, y.Title, x.Title}; !slices.Equal(links, want) {
			t.Errorf("links of %q = %q, want %q", a.Title, links, want)
		}
		var below []string
		for _, o := range must(db.ListObjectiveDescendants(ctx, f.org.ID, []int64{a.ID}))(t) {
			below = append(below, o.Title)
		}
		if want := []string{b.Title, c.Title, d.Title, next.Title}; !slices.Equal(below, want) {
			t.Errorf("descendants of %q = %q, want %q", a.Title, below, want)
		}
		if none := must(db.ListObjectiveContext(ctx, f.org.ID, f.period.ID, nil))(t); len(none) != 0 {
			t.Errorf("context of nothing = %d objectives, want none", len(none))
		}
	})
}
