package view

import (
	"context"
	"testing"

	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// smallSpec is a small organisation with teams and departments of
// different sizes.
var smallSpec = gen.Spec{Name: "Telling AS", Slug: "telling", Departments: 2, Teams: 5, People: 70, ObjectivesPerOwner: 3, CheckIns: 6}

// TestIndexedBoardTotalMatchesSQL checks that the total of a list filtered
// by owners, which the period index counts, is what SQL counts: for the
// whole period and for each department and team with its people.
func TestIndexedBoardTotalMatchesSQL(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		o := newTestOrg(t, db, smallSpec, 1)
		ctx := context.Background()
		dir, err := o.m.Directory(ctx, o.org)
		if err != nil {
			t.Fatal(err)
		}
		filters := []store.ObjectiveFilter{{Limit: 5}}
		for _, u := range dir.Units {
			if u.Kind != okr.UnitDepartment && u.Kind != okr.UnitTeam {
				continue
			}
			f := store.ObjectiveFilter{Limit: 5}
			for _, u := range subtree(dir, u) {
				f.OwnerUnitIDs = append(f.OwnerUnitIDs, u.ID)
				for _, m := range dir.Members[u.ID] {
					f.OwnerPersonIDs = append(f.OwnerPersonIDs, m.ID)
				}
			}
			filters = append(filters, f)
		}
		for _, f := range filters {
			_, got, err := o.m.LoadIndexedBoard(ctx, o.org, o.period, dir, f)
			if err != nil {
				t.Fatal(err)
			}
			f.PeriodID = o.period.ID
			_, want, err := db.ListObjectives(ctx, o.org, f)
			if err != nil {
				t.Fatal(err)
			}
			if got != want || want <= 5 {
				t.Errorf("units %v: total %d from the index, %d from SQL (want equal, above the page of 5)", f.OwnerUnitIDs, got, want)
			}
		}
	})
}

// subtree returns u and every unit below it.
func subtree(d *Directory, u *okr.Unit) []*okr.Unit {
	out := []*okr.Unit{u}
	for i := 0; i < len(out); i++ {
		out = append(out, d.Children[out[i].ID]...)
	}
	return out
}

// TestBoardRollups checks a hand-made board: own progress, roll-ups of an
// objective without key results from its weighted children, links, and the
// order by owner.
func TestBoardRollups(t *testing.T) {
	company, team := int64(1), int64(2)
	dir := NewDirectory([]okr.Unit{{ID: company, Name: "Acme", Kind: okr.UnitCompany}, {ID: team, ParentID: &company, Name: "Sales", Kind: okr.UnitTeam}}, nil)
	period := okr.Period{ID: 1, Start: testDay.AddDate(0, -1, 0), End: testDay.AddDate(0, 2, 0)}
	top := int64(10)
	objs := []okr.Objective{
		{ID: 12, Title: "B", Owner: okr.Owner{UnitID: &team}, ParentID: &top, Weight: 3, State: okr.StatePublished},
		{ID: 11, Title: "A", Owner: okr.Owner{UnitID: &team}, ParentID: &top, Weight: 1, State: okr.StatePublished, Contributes: []int64{12}},
		{ID: top, Title: "Top", Owner: okr.Owner{UnitID: &company}, Weight: 1, State: okr.StatePublished},
	}
	cur := func(v float64) *float64 { return &v }
	krs := []okr.KeyResult{
		{ID: 1, ObjectiveID: 11, Weight: 1, Metric: okr.Metric{Kind: okr.MetricIncrease, Target: 10}, Current: cur(10)},
		{ID: 2, ObjectiveID: 12, Weight: 1, Metric: okr.Metric{Kind: okr.MetricIncrease, Target: 10}, Current: cur(2)},
	}
	b := NewBoard(period, testDay, dir, objs, krs)
	if got := [3]int64{b.Objs[0].O.ID, b.Objs[1].O.ID, b.Objs[2].O.ID}; got != [3]int64{10, 11, 12} {
		t.Errorf("order %v, want company first, then by id", got)
	}
	a, bb, tp := b.ByID[11], b.ByID[12], b.ByID[top]
	if !a.HasKRs || a.Progress != 1 || bb.Progress != 0.2 {
		t.Errorf("own progress: A %v (%v), B %v; want 1 (true), 0.2", a.Progress, a.HasKRs, bb.Progress)
	}
	if want := (1*1 + 0.2*3) / 4; !tp.HasRollup || tp.HasKRs || tp.Rollup != want || tp.Shown() != want {
		t.Errorf("roll-up of Top: %v (%v), shown %v; want %v", tp.Rollup, tp.HasRollup, tp.Shown(), want)
	}
	if a.Parent != tp || len(tp.Children) != 2 || len(a.Contribs) != 1 || bb.ContribBy[0] != a {
		t.Errorf("links: parent %v, children %d, contributes %d", a.Parent, len(tp.Children), len(a.Contribs))
	}
	if len(b.ExplainRollup(tp).Terms) != 2 {
		t.Errorf("explanation of Top's roll-up: want two terms")
	}
	if s := Summarize(b.Objs, 0.5); s.Objectives != 3 || s.KeyResults != 2 {
		t.Errorf("summary %+v: want 3 objectives, 2 key results", s)
	}
}
