package store

import (
	"slices"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

func increase(start, target float64) okr.Metric {
	return okr.Metric{Kind: okr.MetricIncrease, Start: start, Target: target, Unit: okr.Measure{Kind: okr.MeasureNumber}}
}

func (f *fixture) mustKR(tb testing.TB, objectiveID int64, title string, m okr.Metric, ms ...string) okr.KeyResult {
	tb.Helper()
	kr := okr.KeyResult{ObjectiveID: objectiveID, Title: title, Metric: m}
	for _, t := range ms {
		kr.Milestones = append(kr.Milestones, okr.Milestone{Title: t})
	}
	return must(f.db.CreateKeyResult(ctx, f.sys, kr))(tb)
}

func titles(ms []okr.Milestone) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.Title)
	}
	return out
}

func TestKeyResultCRUD(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Øke merkevaren", unitOwner(f.dept.ID))
		kr := must(db.CreateKeyResult(ctx, as(f.lead), okr.KeyResult{ObjectiveID: o.ID, Title: "1000 nye følgere på LinkedIn",
			Owner: personOwner(f.member.ID), Metric: increase(0, 1000)}))(t)
		if kr.Position != 1 || kr.Weight != 1 || kr.Version != 1 || kr.Current != nil {
			t.Fatalf("CreateKeyResult = %+v, want position 1, weight 1, version 1, no current value", kr)
		}
		ms := f.mustKR(t, o.ID, "Lansere nettbutikken", okr.Metric{Kind: okr.MetricMilestones}, "Design", "Logistikk", "Betaling")
		if ms.Position != 2 || !slices.Equal(titles(ms.Milestones), []string{"Design", "Logistikk", "Betaling"}) || ms.Milestones[0].ID == 0 {
			t.Fatalf("milestones KR = %+v, want position 2 with three stored milestones", ms)
		}
		got := must(db.GetKeyResult(ctx, f.org.ID, ms.ID))(t)
		if !slices.Equal(titles(got.Milestones), titles(ms.Milestones)) || got.Milestones[1].ID != ms.Milestones[1].ID {
			t.Fatalf("GetKeyResult milestones = %+v, want %+v", got.Milestones, ms.Milestones)
		}

		_, err := db.CreateKeyResult(ctx, as(f.member), okr.KeyResult{ObjectiveID: o.ID, Title: "x", Metric: increase(0, 1)})
		wantCode(t, err, okr.EFORBIDDEN)
		_, err = db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: "x", Metric: increase(5, 5)})
		wantField(t, err, "metric.target")
		_, err = db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: 999999, Title: "x", Metric: increase(0, 1)})
		wantCode(t, err, okr.ENOTFOUND)

		// The KR owner may change it; the objective's lead too; others not.
		kr.Title = "1200 nye følgere"
		kr = must(db.UpdateKeyResult(ctx, as(f.member), kr, ""))(t)
		_, err = db.UpdateKeyResult(ctx, as(f.other), kr, "")
		wantCode(t, err, okr.EFORBIDDEN)
		_, err = db.UpdateKeyResult(ctx, as(f.lead), okr.KeyResult{ID: kr.ID, Version: 1, Title: "x", Metric: increase(0, 1)}, "")
		wantCode(t, err, okr.ESTALE)

		// Replacing milestones keeps the ids of those that stay.
		ms.Milestones = []okr.Milestone{{ID: ms.Milestones[2].ID, Title: "Betaling og frakt"}, {Title: "Lansering"}, {ID: ms.Milestones[0].ID, Title: "Design"}}
		up := must(db.UpdateKeyResult(ctx, as(f.lead), ms, ""))(t)
		got = must(db.GetKeyResult(ctx, f.org.ID, ms.ID))(t)
		if !slices.Equal(titles(got.Milestones), []string{"Betaling og frakt", "Lansering", "Design"}) ||
			got.Milestones[0].ID != ms.Milestones[0].ID || got.Milestones[2].ID != ms.Milestones[2].ID || got.Milestones[1].ID == 0 {
			t.Fatalf("milestones after update = %+v, want kept ids in the new order", got.Milestones)
		}
		if up.Version != 2 || !slices.Equal(titles(up.Milestones), titles(got.Milestones)) {
			t.Fatalf("UpdateKeyResult = %+v, want version 2 and the stored milestones", up)
		}

		list := must(db.ListKeyResults(ctx, f.org.ID, []int64{o.ID}, false))(t)
		if len(list) != 2 || list[0].ID != kr.ID || len(list[1].Milestones) != 3 {
			t.Fatalf("ListKeyResults = %+v, want the two KRs in order with milestones", list)
		}
		arch := must(db.ArchiveKeyResult(ctx, as(f.lead), kr.ID, kr.Version))(t)
		if list := must(db.ListKeyResults(ctx, f.org.ID, []int64{o.ID}, false))(t); len(list) != 1 {
			t.Fatalf("ListKeyResults after archive = %d, want 1", len(list))
		}
		if list := must(db.ListKeyResults(ctx, f.org.ID, []int64{o.ID}, true))(t); len(list) != 2 {
			t.Fatalf("ListKeyResults(includeArchived) = %d, want 2", len(list))
		}
		must(db.RestoreKeyResult(ctx, as(f.lead), kr.ID, arch.Version))(t)
	})
}

func TestTargetChangeHistory(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "O", unitOwner(f.dept.ID))
		kr := f.mustKR(t, o.ID, "Demo bookings", increase(0, 50))
		kr.Title = "Demo bookings in Q1"
		kr = must(db.UpdateKeyResult(ctx, as(f.lead), kr, ""))(t)
		if tcs := must(db.ListTargetChanges(ctx, f.org.ID, []int64{kr.ID}))(t); len(tcs) != 0 {
			t.Fatalf("target changes after a title edit = %+v, want none", tcs)
		}
		kr.Metric.Target = 80
		kr = must(db.UpdateKeyResult(ctx, as(f.lead), kr, "demand beat expectations in week 1"))(t)
		kr.Metric.Start, kr.Metric.Target = 10, 100
		kr = must(db.UpdateKeyResult(ctx, as(f.admin), kr, "recounted"))(t)
		tcs := must(db.ListTargetChanges(ctx, f.org.ID, []int64{kr.ID}))(t)
		if len(tcs) != 2 {
			t.Fatalf("target changes = %d, want 2", len(tcs))
		}
		first, second := tcs[0], tcs[1]
		if first.OldTarget != 50 || first.NewTarget != 80 || first.OldStart != 0 || first.NewStart != 0 ||
			first.AuthorID != f.lead.ID || first.Reason != "demand beat expectations in week 1" || first.At.IsZero() {
			t.Fatalf("first change = %+v, want 0→0, 50→80 by the lead with the reason", first)
		}
		if second.OldStart != 0 || second.NewStart != 10 || second.OldTarget != 80 || second.NewTarget != 100 || second.AuthorID != f.admin.ID {
			t.Fatalf("second change = %+v, want 0→10, 80→100 by the admin", second)
		}
		entries := must(db.ListAudit(ctx, f.org.ID, AuditFilter{ObjectType: "key_result", ObjectID: kr.ID}))(t)
		n := 0
		for _, e := range entries {
			if e.Action == ActionTargetChange {
				n++
			}
		}
		if n != 2 {
			t.Fatalf("target_change audit entries = %d, want 2", n)
		}
		// Another org sees nothing.
		o2 := must(db.CreateOrg(ctx, "Beta", "beta"))(t)
		if tcs := must(db.ListTargetChanges(ctx, o2.ID, []int64{kr.ID}))(t); len(tcs) != 0 {
			t.Fatalf("target changes seen from another org = %d, want 0", len(tcs))
		}
	})
}

func TestMoveKeyResult(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		from := f.mustObjective(t, "From", unitOwner(f.dept.ID))
		to := f.mustObjective(t, "To", unitOwner(f.team.ID))
		top := f.mustObjective(t, "Top", unitOwner(f.company.ID))
		f.mustKR(t, to.ID, "Already there", increase(0, 1))
		kr := f.mustKR(t, from.ID, "Mover", increase(0, 10))

		_, err := db.MoveKeyResult(ctx, as(f.lead), kr.ID, top.ID, kr.Version)
		wantCode(t, err, okr.EFORBIDDEN) // the lead of dept may not change the company objective
		_, err = db.MoveKeyResult(ctx, as(f.lead), kr.ID, to.ID, kr.Version+1)
		wantCode(t, err, okr.ESTALE)
		_, err = db.MoveKeyResult(ctx, as(f.lead), kr.ID, 999999, kr.Version)
		wantCode(t, err, okr.ENOTFOUND)
		moved := must(db.MoveKeyResult(ctx, as(f.lead), kr.ID, to.ID, kr.Version))(t)
		if moved.ObjectiveID != to.ID || moved.Position != 2 || moved.Version != 2 {
			t.Fatalf("MoveKeyResult = %+v, want objective %d, position 2, version 2", moved, to.ID)
		}
		if list := must(db.ListKeyResults(ctx, f.org.ID, []int64{from.ID}, true))(t); len(list) != 0 {
			t.Fatalf("KRs left on the old objective = %d, want 0", len(list))
		}
		if list := must(db.ListKeyResults(ctx, f.org.ID, []int64{to.ID}, false))(t); len(list) != 2 || list[1].ID != kr.ID {
			t.Fatalf("KRs on the new objective = %+v, want the mover last", list)
		}
	})
}

// TestMilestoneEditAfterCheckIn checks that editing the milestone list of a
// checked-in KR keeps the done flags of the milestones that stay and sets
// the current value to the number done.
func TestMilestoneEditAfterCheckIn(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "O", unitOwner(f.team.ID))
		kr := f.mustKR(t, o.ID, "Launch", okr.Metric{Kind: okr.MetricMilestones}, "a", "b", "c")
		must(db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{{KeyResultID: kr.ID, Confidence: okr.OnTrack,
			MilestonesDone: []int64{kr.Milestones[0].ID, kr.Milestones[1].ID}}}))(t)
		kr = must(db.GetKeyResult(ctx, f.org.ID, kr.ID))(t)
		a := kr.Milestones[0]
		// Drop "a" (done), keep "b" (done) but try to mark it undone, keep "c", add "d".
		kr.Milestones = []okr.Milestone{{ID: kr.Milestones[1].ID, Title: "b", Done: false}, kr.Milestones[2], {Title: "d", Done: true}}
		up := must(db.UpdateKeyResult(ctx, f.sys, kr, ""))(t)
		got := must(db.GetKeyResult(ctx, f.org.ID, kr.ID))(t)
		if want := []bool{true, false, false}; len(got.Milestones) != 3 || got.Milestones[0].Done != want[0] || got.Milestones[1].Done != want[1] || got.Milestones[2].Done != want[2] {
			t.Fatalf("milestones = %+v, want b done, c and d not", got.Milestones)
		}
		if *got.Current != 1 || *up.Current != 1 {
			t.Fatalf("current = %v (returned %v), want 1", *got.Current, *up.Current)
		}
		// "a" is archived, not deleted: the first check-in still names it.
		archived := must(db.ListArchivedMilestones(ctx, f.org.ID, []int64{kr.ID, o.ID + 1000}))(t)
		if ms := archived[kr.ID]; len(archived) != 1 || len(ms) != 1 || ms[0].ID != a.ID || ms[0].Title != "a" || !ms[0].Done {
			t.Fatalf("archived milestones = %+v, want only a (done) of KR %d", archived, kr.ID)
		}
		cis := must(db.ListCheckIns(ctx, f.org.ID, []int64{kr.ID}, nil))(t)
		if len(cis) != 1 || !slices.Contains(cis[0].MilestonesDone, a.ID) {
			t.Fatalf("check-ins = %+v, want the first still naming milestone %d", cis, a.ID)
		}
		// An archived milestone cannot be checked in, and later check-ins
		// leave its flag alone.
		_, err := db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{{KeyResultID: kr.ID, Confidence: okr.OnTrack, MilestonesDone: []int64{a.ID}}})
		wantField(t, err, "checkins[0].milestones_done")
		must(db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{{KeyResultID: kr.ID, Confidence: okr.OnTrack}}))(t)
		if ms := must(db.ListArchivedMilestones(ctx, f.org.ID, []int64{kr.ID}))(t)[kr.ID]; len(ms) != 1 || !ms[0].Done {
			t.Fatalf("archived milestones after a check-in = %+v, want a still done", ms)
		}
		// Another organisation sees none of them.
		b := mustFixture(t, db)
		if other := must(db.ListArchivedMilestones(ctx, b.org.ID, []int64{kr.ID}))(t); len(other) != 0 {
			t.Fatalf("archived milestones seen from another org = %+v, want none", other)
		}
	})
}

// Once an objective is published its targets are a commitment: moving a
// start or target needs a reason, which the history keeps. A draft's
// targets may be tuned without one.
func TestTargetChangeNeedsReasonOncePublished(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		draft := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "Draft", Owner: unitOwner(f.dept.ID)}))(t)
		kr := f.mustKR(t, draft.ID, "Demo bookings", increase(0, 50))
		kr.Metric.Target = 60
		kr = must(db.UpdateKeyResult(ctx, as(f.lead), kr, ""))(t)

		published := f.mustObjective(t, "Published", unitOwner(f.dept.ID))
		kr2 := f.mustKR(t, published.ID, "Trial sign-ups", increase(0, 50))
		kr2.Metric.Target = 80
		_, err := db.UpdateKeyResult(ctx, as(f.lead), kr2, "  ")
		wantField(t, err, "reason")
		if got := must(db.GetKeyResult(ctx, f.org.ID, kr2.ID))(t); got.Metric.Target != 50 || got.Version != kr2.Version {
			t.Fatalf("after the refused change target = %v, version %d; want 50, %d", got.Metric.Target, got.Version, kr2.Version)
		}
		kr2 = must(db.UpdateKeyResult(ctx, as(f.lead), kr2, " demand beat the plan in week 1 "))(t)
		// Other edits of a published KR need no reason.
		kr2.Title = "Trial sign-ups from the web"
		must(db.UpdateKeyResult(ctx, as(f.lead), kr2, ""))(t)

		tcs := must(db.ListTargetChanges(ctx, f.org.ID, []int64{kr.ID, kr2.ID}))(t)
		if len(tcs) != 2 || tcs[0].KeyResultID != kr.ID || tcs[0].Reason != "" ||
			tcs[1].KeyResultID != kr2.ID || tcs[1].Reason != "demand beat the plan in week 1" || tcs[1].AuthorID != f.lead.ID {
			t.Fatalf("target changes = %+v, want the draft's without a reason and the published one's with its trimmed reason by the lead", tcs)
		}
	})
}
