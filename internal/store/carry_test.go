package store

import (
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// Carrying over in bulk: all or nothing; a child carried with its parent is
// aligned to the parent's copy, and contributes-to links follow the copies;
// a restarted key result starts from its current value, the others keep
// start and target; the copies link back to their sources.
func TestCarryOver(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		q2 := must(db.CreatePeriod(ctx, f.sys, okr.Period{Name: "Q2", Kind: okr.PeriodQuarter, Start: date(2026, 4, 1), End: date(2026, 6, 30)}))(t)
		company := f.mustObjective(t, "Company", unitOwner(f.company.ID))
		parent := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "Dept goal", Owner: unitOwner(f.dept.ID), ParentID: &company.ID, State: okr.StatePublished}))(t)
		child := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "Dept detail", Owner: unitOwner(f.dept.ID), ParentID: &parent.ID, State: okr.StatePublished}))(t)
		child = must(db.SetContributes(ctx, f.sys, child.ID, []int64{parent.ID, company.ID}, child.Version))(t)
		a := f.mustKR(t, parent.ID, "1000 visitors", increase(0, 1000))
		b := f.mustKR(t, parent.ID, "50 sign-ups", increase(10, 50))
		must(db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{{KeyResultID: a.ID, Value: 400, Confidence: okr.AtRisk}, {KeyResultID: b.ID, Value: 30, Confidence: okr.OnTrack}}))(t)

		// A member may edit neither: nothing is created.
		before := periodObjectives(t, db, f, q2.ID)
		_, err := db.CarryOver(ctx, as(f.member), q2.ID, []CarryItem{{ObjectiveID: parent.ID}})
		wantCode(t, err, okr.EFORBIDDEN)
		_, err = db.CarryOver(ctx, as(f.lead), f.period.ID, []CarryItem{{ObjectiveID: parent.ID}})
		wantField(t, err, "period")
		_, err = db.CarryOver(ctx, as(f.lead), q2.ID, []CarryItem{{ObjectiveID: parent.ID}, {ObjectiveID: parent.ID}})
		wantField(t, err, "objectives")
		_, err = db.CarryOver(ctx, as(f.lead), q2.ID, []CarryItem{{ObjectiveID: parent.ID}, {ObjectiveID: 999999}})
		wantCode(t, err, okr.ENOTFOUND)
		if after := periodObjectives(t, db, f, q2.ID); after != before {
			t.Fatalf("failed carry-overs left %d objectives in Q2, want %d", after, before)
		}

		// The child comes first in the list: order does not matter.
		copies := must(db.CarryOver(ctx, as(f.lead), q2.ID, []CarryItem{{ObjectiveID: child.ID}, {ObjectiveID: parent.ID, Restart: map[int64]bool{a.ID: true}}}))(t)
		cc, pc := copies[0], copies[1]
		if cc.PeriodID != q2.ID || cc.State != okr.StateDraft || pc.ParentID != nil {
			t.Fatalf("copies %+v / %+v: want drafts in Q2, the parent's without parent (the company objective stays in Q1)", cc, pc)
		}
		if cc.ParentID == nil || *cc.ParentID != pc.ID {
			t.Errorf("the child's copy is aligned to %v, want the parent's copy %d", cc.ParentID, pc.ID)
		}
		if len(cc.Contributes) != 1 || cc.Contributes[0] != pc.ID {
			t.Errorf("the child's copy contributes to %v, want only the parent's copy %d (the company objective is not in Q2)", cc.Contributes, pc.ID)
		}
		krs := must(db.ListKeyResults(ctx, f.org.ID, []int64{pc.ID}, false))(t)
		if len(krs) != 2 || krs[0].Metric.Start != 400 || krs[0].Metric.Target != 1000 || krs[1].Metric.Start != 10 || krs[1].Metric.Target != 50 {
			t.Errorf("carried key results = %+v; want 400→1000 (restarted) and 10→50 (kept)", krs)
		}
		links := must(db.GetCarryLinks(ctx, f.org.ID, pc.ID))(t)
		if links.From == nil || links.From.ID != parent.ID || links.From.Title != "Dept goal" || links.From.PeriodName != f.period.Name || len(links.To) != 0 {
			t.Errorf("the copy's links = %+v, want from %d", links, parent.ID)
		}
		links = must(db.GetCarryLinks(ctx, f.org.ID, parent.ID))(t)
		if links.From != nil || len(links.To) != 1 || links.To[0].ID != pc.ID || links.To[0].PeriodName != "Q2" {
			t.Errorf("the source's links = %+v, want to %d", links, pc.ID)
		}
		// Another organisation sees none of it.
		if l := must(db.GetCarryLinks(ctx, f.org.ID+1000, parent.ID))(t); l.From != nil || len(l.To) != 0 {
			t.Errorf("links leak across organisations: %+v", l)
		}
	})
}

// periodObjectives counts the fixture's objectives in a period.
func periodObjectives(t *testing.T, db *DB, f *fixture, period int64) int {
	t.Helper()
	objs, _, err := db.ListObjectives(ctx, f.org.ID, ObjectiveFilter{PeriodID: period})
	if err != nil {
		t.Fatal(err)
	}
	return len(objs)
}
