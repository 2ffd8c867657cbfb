package store

import (
	"slices"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

func TestCloneObjective(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		q2 := must(db.CreatePeriod(ctx, f.sys, okr.Period{Name: "Q2", Kind: okr.PeriodQuarter, Start: date(2026, 4, 1), End: date(2026, 6, 30)}))(t)
		parent := f.mustObjective(t, "Company", unitOwner(f.company.ID))
		o := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "Nettbutikk", Description: "Vinnende konsept",
			Owner: unitOwner(f.dept.ID), ParentID: &parent.ID, State: okr.StatePublished, Reflection: "ok"}))(t)
		a := f.mustKR(t, o.ID, "1000 besøkende", increase(0, 1000))
		ms := f.mustKR(t, o.ID, "Lansering", okr.Metric{Kind: okr.MetricMilestones}, "Design", "Betaling")
		gone := f.mustKR(t, o.ID, "Arkivert", increase(0, 1))
		must(db.ArchiveKeyResult(ctx, f.sys, gone.ID, gone.Version))(t)
		must(db.CreateInitiative(ctx, f.sys, okr.Initiative{KeyResultID: a.ID, Title: "Nyhetsbrev", Status: okr.InitiativeInProgress}))(t)
		must(db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{
			{KeyResultID: a.ID, Value: 400, Confidence: okr.AtRisk},
			{KeyResultID: ms.ID, MilestonesDone: []int64{ms.Milestones[0].ID}, Confidence: okr.OnTrack},
		}))(t)
		must(db.SetGrade(ctx, f.sys, okr.Grade{KeyResultID: a.ID, Score: 0.4}, 0))(t)

		_, err := db.CloneObjective(ctx, as(f.member), o.ID, q2.ID)
		wantCode(t, err, okr.EFORBIDDEN)
		_, err = db.CloneObjective(ctx, as(f.lead), o.ID, 999999)
		wantField(t, err, "period")
		c := must(db.CloneObjective(ctx, as(f.lead), o.ID, q2.ID))(t)
		if c.ID == o.ID || c.PeriodID != q2.ID || c.State != okr.StateDraft || c.Title != o.Title || c.Description != o.Description ||
			c.ParentID != nil || c.Reflection != "" || c.Version != 1 {
			t.Fatalf("CloneObjective = %+v, want a draft copy in Q2 without parent (it lies in Q1) or reflection", c)
		}
		krs := must(db.ListKeyResults(ctx, f.org.ID, []int64{c.ID}, true))(t)
		if len(krs) != 2 || krs[0].Title != a.Title || krs[1].Title != ms.Title {
			t.Fatalf("cloned KRs = %+v, want the two active ones in order", krs)
		}
		for _, kr := range krs {
			if kr.Current != nil || kr.LastCheckInAt != nil || kr.Confidence != "" {
				t.Fatalf("cloned KR %s = current %v, last %v, want no check-in state", kr.Title, kr.Current, kr.LastCheckInAt)
			}
		}
		if !slices.Equal(titles(krs[1].Milestones), []string{"Design", "Betaling"}) || krs[1].Milestones[0].Done || krs[1].Milestones[0].ID == ms.Milestones[0].ID {
			t.Fatalf("cloned milestones = %+v, want new, undone copies", krs[1].Milestones)
		}
		ids := []int64{krs[0].ID, krs[1].ID}
		if cis := must(db.ListCheckIns(ctx, f.org.ID, ids, nil))(t); len(cis) != 0 {
			t.Fatalf("cloned check-ins = %d, want 0", len(cis))
		}
		if gs := must(db.ListGrades(ctx, f.org.ID, ids))(t); len(gs) != 0 {
			t.Fatalf("cloned grades = %d, want 0", len(gs))
		}
		ins := must(db.ListInitiatives(ctx, f.org.ID, ids))(t)
		if len(ins) != 1 || ins[0].Title != "Nyhetsbrev" || ins[0].KeyResultID != krs[0].ID {
			t.Fatalf("cloned initiatives = %+v, want the newsletter on the first KR", ins)
		}
		// The original is untouched.
		if orig := must(db.GetKeyResult(ctx, f.org.ID, ms.ID))(t); !orig.Milestones[0].Done {
			t.Fatal("original milestone lost its done flag")
		}
		// Within the same period, the parent link is kept.
		same := must(db.CloneObjective(ctx, f.sys, o.ID, f.period.ID))(t)
		if same.ParentID == nil || *same.ParentID != parent.ID {
			t.Fatalf("clone in the same period parent = %v, want %d", same.ParentID, parent.ID)
		}
	})
}
