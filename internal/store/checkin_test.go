package store

import (
	"slices"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

func TestCheckInBatch(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Team", unitOwner(f.team.ID))
		// The member owns the KRs of the team objective, so may check them in.
		var krs []okr.KeyResult
		for _, title := range []string{"a", "b", "c", "d"} {
			krs = append(krs, must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: title,
				Owner: personOwner(f.member.ID), Metric: increase(0, 100)}))(t))
		}
		ms := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: "ms", Owner: personOwner(f.member.ID),
			Metric: okr.Metric{Kind: okr.MetricMilestones}, Milestones: []okr.Milestone{{Title: "one"}, {Title: "two"}, {Title: "three"}}}))(t)
		krs = append(krs, ms)
		batch := func(fifth okr.CheckIn) []okr.CheckIn {
			var out []okr.CheckIn
			for i, kr := range krs[:4] {
				out = append(out, okr.CheckIn{KeyResultID: kr.ID, Value: float64(10 * (i + 1)), Confidence: okr.OnTrack, Comment: "ok"})
			}
			return append(out, fifth)
		}
		// A bad fifth check-in leaves nothing written.
		_, err := db.CreateCheckIns(ctx, as(f.lead), batch(okr.CheckIn{KeyResultID: ms.ID, MilestonesDone: []int64{999999}, Confidence: okr.OnTrack}))
		wantCode(t, err, okr.EINVALID)
		wantField(t, err, "checkins[4].milestones_done")
		_, err = db.CreateCheckIns(ctx, as(f.lead), batch(okr.CheckIn{KeyResultID: ms.ID, Confidence: "great"}))
		wantField(t, err, "checkins[4].confidence")
		ids := []int64{}
		for _, kr := range krs {
			ids = append(ids, kr.ID)
		}
		if got := must(db.ListCheckIns(ctx, f.org.ID, ids, nil))(t); len(got) != 0 {
			t.Fatalf("check-ins after failed batches = %d, want 0", len(got))
		}
		for _, kr := range must(db.ListKeyResults(ctx, f.org.ID, []int64{o.ID}, false))(t) {
			if kr.Current != nil || kr.LastCheckInAt != nil {
				t.Fatalf("KR %s after failed batches = current %v, last %v, want untouched", kr.Title, kr.Current, kr.LastCheckInAt)
			}
		}

		stored := must(db.CreateCheckIns(ctx, as(f.member), batch(okr.CheckIn{KeyResultID: ms.ID, MilestonesDone: []int64{ms.Milestones[2].ID, ms.Milestones[0].ID},
			Value: 99, Confidence: okr.AtRisk})))(t)
		if len(stored) != 5 || stored[4].Value != 2 || stored[0].AuthorID != f.member.ID || stored[0].ID == 0 || stored[0].Late {
			t.Fatalf("CreateCheckIns = %+v, want 5 stored, the milestones one with value 2, by the member, not late", stored)
		}
		list := must(db.ListKeyResults(ctx, f.org.ID, []int64{o.ID}, false))(t)
		for i, kr := range list[:4] {
			if kr.Current == nil || *kr.Current != float64(10*(i+1)) || kr.Confidence != okr.OnTrack || kr.LastCheckInAt == nil {
				t.Fatalf("KR %s = current %v, confidence %q, last %v, want %d, on track, set", kr.Title, kr.Current, kr.Confidence, kr.LastCheckInAt, 10*(i+1))
			}
		}
		got := list[4]
		if *got.Current != 2 || got.Confidence != okr.AtRisk || !got.Milestones[0].Done || got.Milestones[1].Done || !got.Milestones[2].Done {
			t.Fatalf("milestones KR = current %v, %q, %+v, want 2 at risk with one and three done", *got.Current, got.Confidence, got.Milestones)
		}
		if p := got.Progress(); p < 0.66 || p > 0.67 {
			t.Fatalf("milestones progress = %v, want 2/3", p)
		}
		cis := must(db.ListCheckIns(ctx, f.org.ID, []int64{ms.ID}, nil))(t)
		if len(cis) != 1 || !slices.Equal(cis[0].MilestonesDone, []int64{ms.Milestones[0].ID, ms.Milestones[2].ID}) || cis[0].Comment != "" {
			t.Fatalf("ListCheckIns(ms) = %+v, want one with milestones one and three", cis)
		}
		audit := must(db.ListAudit(ctx, f.org.ID, AuditFilter{ObjectType: "key_result", ObjectID: ms.ID}))(t)
		if audit[0].Action != ActionCheckIn || audit[0].After == "" {
			t.Fatalf("latest audit of the KR = %+v, want a check_in with the check-in as JSON", audit[0])
		}

		// Someone who may not change the KR may not check it in.
		_, err = db.CreateCheckIns(ctx, as(f.other), []okr.CheckIn{{KeyResultID: krs[0].ID, Value: 1, Confidence: okr.OnTrack}})
		wantCode(t, err, okr.EFORBIDDEN)
		// A boolean KR takes 0 or 1.
		b := f.mustKR(t, o.ID, "bool", okr.Metric{Kind: okr.MetricBoolean})
		_, err = db.CreateCheckIns(ctx, as(f.lead), []okr.CheckIn{{KeyResultID: b.ID, Value: 2, Confidence: okr.OnTrack}})
		wantField(t, err, "checkins[0].value")
	})
}

func TestCheckInOrderAndSince(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Team", unitOwner(f.team.ID))
		kr := f.mustKR(t, o.ID, "a", increase(0, 100))
		now := time.Now().UTC()
		must(db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{{KeyResultID: kr.ID, Value: 40, Confidence: okr.OnTrack, At: now.Add(-24 * time.Hour)}}))(t)
		// A back-dated check-in is history: it does not replace the latest value.
		must(db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{{KeyResultID: kr.ID, Value: 20, Confidence: okr.OffTrack, At: now.Add(-48 * time.Hour)}}))(t)
		got := must(db.GetKeyResult(ctx, f.org.ID, kr.ID))(t)
		if *got.Current != 40 || got.Confidence != okr.OnTrack {
			t.Fatalf("KR after a back-dated check-in = %v %q, want 40 on track", *got.Current, got.Confidence)
		}
		cis := must(db.ListCheckIns(ctx, f.org.ID, []int64{kr.ID}, nil))(t)
		if len(cis) != 2 || cis[0].Value != 20 || cis[1].Value != 40 || cis[0].AuthorID != 0 {
			t.Fatalf("ListCheckIns = %+v, want 20 then 40, by the system", cis)
		}
		since := now.Add(-36 * time.Hour)
		if cis := must(db.ListCheckIns(ctx, f.org.ID, []int64{kr.ID}, &since))(t); len(cis) != 1 || cis[0].Value != 40 {
			t.Fatalf("ListCheckIns(since) = %+v, want the 40", cis)
		}
		_, err := db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{{KeyResultID: kr.ID, Value: 1, Confidence: okr.OnTrack, At: now.Add(time.Hour)}})
		wantField(t, err, "checkins[0].at")
	})
}

func TestLateCheckIn(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Mine", personOwner(f.member.ID))
		kr := f.mustKR(t, o.ID, "a", increase(0, 100))
		p := f.period
		p.Closed = true
		must(db.UpdatePeriod(ctx, f.sys, p))(t)

		_, err := db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{{KeyResultID: kr.ID, Value: 50, Confidence: okr.OnTrack}})
		wantCode(t, err, okr.EFORBIDDEN)
		if msg := okr.ErrorMessage(err); msg != "the period Q1 2026 is closed; only an admin can add a late check-in" {
			t.Fatalf("message = %q, want one saying the period is closed", msg)
		}
		stored := must(db.CreateCheckIns(ctx, as(f.admin), []okr.CheckIn{{KeyResultID: kr.ID, Value: 50, Confidence: okr.OnTrack, Late: false}}))(t)
		if !stored[0].Late {
			t.Fatalf("admin check-in into a closed period: Late = false, want true")
		}
		if cis := must(db.ListCheckIns(ctx, f.org.ID, []int64{kr.ID}, nil))(t); len(cis) != 1 || !cis[0].Late || cis[0].AuthorID != f.admin.ID {
			t.Fatalf("stored check-ins = %+v, want one late by the admin", cis)
		}
	})
}
