package store

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// maxCheckInStatements bounds the statements of a weekly check-in of any
// size, BEGIN and COMMIT included; one of them stores the check-ins'
// events (the outbox, event.go) and one looks for a fan-out waiting to
// take them (fanOutWaiting), which spares queueing another: the job
// engine's insert, when there is none, goes past this count. The last two
// move the revisions (bumpRevs).
const maxCheckInStatements = 13

// TestCheckInStatementsConstant proves that a check-in of 100 key results
// (the API's maximum), half of them milestones KRs, runs as many statements
// as one of 2, for a lead whose rights come from leading an ancestor unit
// and for an admin.
func TestCheckInStatementsConstant(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Team", unitOwner(f.team.ID))
		var krs []okr.KeyResult
		for i := range 100 {
			if i%2 == 0 {
				krs = append(krs, f.mustKR(t, o.ID, fmt.Sprint("n", i), increase(0, 100)))
			} else {
				krs = append(krs, f.mustKR(t, o.ID, fmt.Sprint("m", i), okr.Metric{Kind: okr.MetricMilestones}, "x", "y"))
			}
		}
		at := time.Now().UTC().Add(-time.Hour)
		batch := func(krs []okr.KeyResult) []okr.CheckIn {
			var out []okr.CheckIn
			for _, kr := range krs {
				c := okr.CheckIn{KeyResultID: kr.ID, Value: 7, Confidence: okr.AtRisk, At: at}
				if kr.Metric.Kind == okr.MetricMilestones {
					c.MilestonesDone = []int64{kr.Milestones[1].ID}
				}
				out = append(out, c)
			}
			at = at.Add(time.Minute)
			return out
		}
		for _, actor := range []okr.Person{f.lead, f.admin} {
			count := func(krs []okr.KeyResult) int64 {
				c, counter := WithQueryCounter(ctx)
				must(db.CreateCheckIns(c, as(actor), batch(krs)))(t)
				return counter.Count()
			}
			one, small, large := count(krs[1:2]), count(krs[:2]), count(krs)
			if small != large || large > maxCheckInStatements || one > small {
				t.Errorf("%s: statements of a check-in of 1, 2 and 100 KRs = %d, %d, %d; want 2 and 100 the same, at most %d",
					actor.Name, one, small, large, maxCheckInStatements)
			}
		}
		// The last batch (the admin's of all 100) is what the KRs show.
		for _, kr := range must(db.ListKeyResults(ctx, f.org.ID, []int64{o.ID}, false))(t) {
			if kr.Current == nil || kr.Confidence != okr.AtRisk || !kr.LastCheckInAt.Equal(at.Add(-time.Minute).Truncate(time.Microsecond)) {
				t.Fatalf("KR %s = current %v, %q, last %v; want the last batch's", kr.Title, kr.Current, kr.Confidence, kr.LastCheckInAt)
			}
			if kr.Metric.Kind == okr.MetricMilestones && (*kr.Current != 1 || kr.Milestones[0].Done || !kr.Milestones[1].Done) {
				t.Fatalf("milestones KR %s = %v, %+v; want 1 with the second done", kr.Title, *kr.Current, kr.Milestones)
			}
		}
	})
}

// TestCheckInSameKRTwice checks that several check-ins of one key result in
// one batch end as they would one after the other: the latest (the later
// one on a tie) sets the KR and its milestones, a back-dated batch sets
// nothing, ids follow the order of the batch, and each has its audit entry
// with its own id.
func TestCheckInSameKRTwice(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Team", unitOwner(f.team.ID))
		kr := f.mustKR(t, o.ID, "n", increase(0, 100))
		ms := f.mustKR(t, o.ID, "m", okr.Metric{Kind: okr.MetricMilestones}, "a", "b", "c")
		rev := must(db.GetObjective(ctx, f.org.ID, o.ID))(t).Rev
		now := time.Now().UTC().Truncate(time.Microsecond)
		h := func(n int) time.Time { return now.Add(time.Duration(-n) * time.Hour) }
		stored := must(db.CreateCheckIns(ctx, as(f.lead), []okr.CheckIn{
			{KeyResultID: kr.ID, Value: 1, Confidence: okr.OnTrack, At: h(2)},
			{KeyResultID: ms.ID, MilestonesDone: []int64{ms.Milestones[0].ID}, Confidence: okr.OnTrack, At: h(1)},
			{KeyResultID: kr.ID, Value: 2, Confidence: okr.AtRisk, At: h(1)},
			{KeyResultID: ms.ID, MilestonesDone: []int64{ms.Milestones[1].ID, ms.Milestones[2].ID}, Confidence: okr.OffTrack, At: h(3)},
			{KeyResultID: kr.ID, Value: 3, Confidence: okr.OffTrack, At: h(1)},
			{KeyResultID: kr.ID, Value: 4, Confidence: okr.OffTrack, At: h(4)},
		}))(t)
		for i := 1; i < len(stored); i++ {
			if stored[i].ID <= stored[i-1].ID {
				t.Fatalf("ids = %v, want ascending in the order of the batch", checkInIDs(stored))
			}
		}
		wantKR := func(id int64, value float64, conf okr.Confidence, at time.Time, done ...bool) {
			t.Helper()
			got := must(db.GetKeyResult(ctx, f.org.ID, id))(t)
			if *got.Current != value || got.Confidence != conf || !got.LastCheckInAt.Equal(at) {
				t.Fatalf("KR %s = %v %q at %v, want %v %q at %v", got.Title, *got.Current, got.Confidence, got.LastCheckInAt, value, conf, at)
			}
			for i, d := range done {
				if got.Milestones[i].Done != d {
					t.Fatalf("KR %s milestones = %+v, want done %v", got.Title, got.Milestones, done)
				}
			}
		}
		wantKR(kr.ID, 3, okr.OffTrack, h(1))
		wantKR(ms.ID, 1, okr.OnTrack, h(1), true, false, false)
		if got := must(db.GetObjective(ctx, f.org.ID, o.ID))(t).Rev; got != rev+1 {
			t.Fatalf("objective rev after a check-in = %d, want %d", got, rev+1)
		}

		// Each check-in has one audit entry naming it.
		entries := must(db.ListAudit(ctx, f.org.ID, AuditFilter{ActorID: f.lead.ID, Limit: 10}))(t)
		if len(entries) != len(stored) {
			t.Fatalf("audit entries = %d, want %d", len(entries), len(stored))
		}
		for _, e := range entries {
			c := mustRecord[*audit.CheckIn](t, e, e.After)
			i := slices.IndexFunc(stored, func(s okr.CheckIn) bool { return s.ID == c.ID })
			if e.Action != ActionCheckIn || e.ObjectType != "key_result" || i < 0 || e.ObjectID != stored[i].KeyResultID || c.Value != stored[i].Value || !c.At.Equal(stored[i].At) {
				t.Fatalf("audit entry %+v does not match a stored check-in of %+v", e, stored)
			}
		}
		// Stored rows match what CreateCheckIns returned, id by id.
		for _, c := range must(db.ListCheckIns(ctx, f.org.ID, []int64{kr.ID, ms.ID}, nil))(t) {
			i := slices.IndexFunc(stored, func(s okr.CheckIn) bool { return s.ID == c.ID })
			if i < 0 || c.KeyResultID != stored[i].KeyResultID || c.Value != stored[i].Value || c.Confidence != stored[i].Confidence ||
				!c.At.Equal(stored[i].At) || !slices.Equal(c.MilestonesDone, stored[i].MilestonesDone) {
				t.Fatalf("stored check-in %+v differs from the returned %+v", c, stored)
			}
		}

		// A tie goes to the later check-in of the batch; a batch older than
		// the KR's last check-in changes neither the KR nor its milestones.
		must(db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{
			{KeyResultID: kr.ID, Value: 5, Confidence: okr.OnTrack, At: now},
			{KeyResultID: kr.ID, Value: 6, Confidence: okr.AtRisk, At: now},
			{KeyResultID: ms.ID, MilestonesDone: []int64{ms.Milestones[2].ID}, Confidence: okr.AtRisk, At: h(5)},
			{KeyResultID: ms.ID, Confidence: okr.AtRisk, At: h(6)},
		}))(t)
		wantKR(kr.ID, 6, okr.AtRisk, now)
		wantKR(ms.ID, 1, okr.OnTrack, h(1), true, false, false)
		// A milestones check-in with none done clears the flags.
		must(db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{{KeyResultID: ms.ID, MilestonesDone: []int64{}, Confidence: okr.AtRisk, At: now}}))(t)
		wantKR(ms.ID, 0, okr.AtRisk, now, false, false, false)
	})
}

func checkInIDs(cs []okr.CheckIn) []int64 {
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

// TestCheckInPermissionsMatchCanEdit checks every actor of the fixture on
// key results owned every way: a check-in succeeds exactly when CanEdit
// says the actor may check the KR in, and a batch fails on its first
// forbidden check-in.
func TestCheckInPermissionsMatchCanEdit(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		var krs []okr.KeyResult
		for _, owner := range []okr.Owner{unitOwner(f.team.ID), unitOwner(f.company.ID), personOwner(f.member.ID), personOwner(f.other.ID)} {
			o := f.mustObjective(t, "O", owner)
			for _, krOwner := range []okr.Owner{{}, personOwner(f.member.ID), unitOwner(f.team.ID), unitOwner(f.company.ID)} {
				krs = append(krs, must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: "KR", Owner: krOwner, Metric: increase(0, 10)}))(t))
			}
		}
		for _, p := range []okr.Person{f.admin, f.lead, f.member, f.other} {
			var allowed []okr.CheckIn
			var forbiddenKR int64
			for _, kr := range krs {
				want := must(db.CanEdit(ctx, as(p), "check_in", kr.ID))(t)
				c := okr.CheckIn{KeyResultID: kr.ID, Value: 1, Confidence: okr.OnTrack}
				_, err := db.CreateCheckIns(ctx, as(p), []okr.CheckIn{c})
				if got := err == nil; got != want {
					t.Errorf("%s checks in KR %d (objective %d): error %v, want allowed %v", p.Name, kr.ID, kr.ObjectiveID, err, want)
				} else if !got {
					wantCode(t, err, okr.EFORBIDDEN)
					wantField(t, err, "checkins[0]")
					forbiddenKR = kr.ID
				} else {
					allowed = append(allowed, c)
				}
			}
			if forbiddenKR != 0 && len(allowed) > 0 {
				batch := append(slices.Clone(allowed), okr.CheckIn{KeyResultID: forbiddenKR, Value: 1, Confidence: okr.OnTrack})
				_, err := db.CreateCheckIns(ctx, as(p), batch)
				wantCode(t, err, okr.EFORBIDDEN)
				wantField(t, err, fmt.Sprintf("checkins[%d]", len(allowed)))
			}
		}
	})
}

// TestCheckInErrorsNameTheFirstBadCheckIn checks that an unknown, foreign
// or archived key result fails the batch at its index and writes nothing.
func TestCheckInErrorsNameTheFirstBadCheckIn(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		g := mustFixture(t, db)
		o := f.mustObjective(t, "Team", unitOwner(f.team.ID))
		kr := f.mustKR(t, o.ID, "a", increase(0, 100))
		gone := f.mustKR(t, o.ID, "gone", increase(0, 100))
		must(db.ArchiveKeyResult(ctx, f.sys, gone.ID, gone.Version))(t)
		theirs := g.mustKR(t, g.mustObjective(t, "Theirs", unitOwner(g.team.ID)).ID, "theirs", increase(0, 1))
		ok := okr.CheckIn{KeyResultID: kr.ID, Value: 1, Confidence: okr.OnTrack}
		for _, tc := range []struct {
			bad         []okr.CheckIn
			code, field string
		}{
			{[]okr.CheckIn{ok, {KeyResultID: 999999, Value: 1, Confidence: okr.OnTrack}, {KeyResultID: gone.ID, Value: 1, Confidence: okr.OnTrack}}, okr.ENOTFOUND, "checkins[1]"},
			{[]okr.CheckIn{ok, ok, {KeyResultID: theirs.ID, Value: 1, Confidence: okr.OnTrack}}, okr.ENOTFOUND, "checkins[2]"},
			{[]okr.CheckIn{ok, {KeyResultID: gone.ID, Value: 1, Confidence: okr.OnTrack}, {KeyResultID: 999999}}, okr.EINVALID, "checkins[1].key_result"},
			{[]okr.CheckIn{ok, {KeyResultID: kr.ID, Value: 1}}, okr.EINVALID, "checkins[1].confidence"},
		} {
			_, err := db.CreateCheckIns(ctx, f.sys, tc.bad)
			wantCode(t, err, tc.code)
			wantField(t, err, tc.field)
		}
		if got := must(db.ListCheckIns(ctx, f.org.ID, []int64{kr.ID, gone.ID}, nil))(t); len(got) != 0 {
			t.Fatalf("check-ins after failed batches = %+v, want none", got)
		}
		if got := must(db.CreateCheckIns(ctx, f.sys, nil))(t); got == nil || len(got) != 0 {
			t.Fatalf("CreateCheckIns(nil) = %#v, want an empty list", got)
		}
	})
}

// TestConcurrentCheckInsKeepTheirIDs runs weekly check-ins side by side:
// every check-in gets the id of its own row.
func TestConcurrentCheckInsKeepTheirIDs(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Team", unitOwner(f.team.ID))
		var krIDs []int64
		for i := range 5 {
			krIDs = append(krIDs, f.mustKR(t, o.ID, fmt.Sprint(i), increase(0, 1000)).ID)
		}
		const writers = 4
		results := make([][]okr.CheckIn, writers)
		errs := make([]error, writers)
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for round := range 3 {
					var batch []okr.CheckIn
					for i, id := range krIDs {
						batch = append(batch, okr.CheckIn{KeyResultID: id, Value: float64(100*w + 10*round + i), Confidence: okr.OnTrack})
					}
					stored, err := db.CreateCheckIns(ctx, f.sys, batch)
					if err != nil {
						errs[w] = err
						return
					}
					results[w] = append(results[w], stored...)
				}
			})
		}
		wg.Wait()
		byID := map[int64]okr.CheckIn{}
		for _, c := range must(db.ListCheckIns(ctx, f.org.ID, krIDs, nil))(t) {
			byID[c.ID] = c
		}
		for w := range writers {
			if errs[w] != nil {
				t.Fatalf("writer %d: %v", w, errs[w])
			}
			for _, c := range results[w] {
				if got, ok := byID[c.ID]; !ok || got.Value != c.Value || got.KeyResultID != c.KeyResultID {
					t.Fatalf("check-in %d = %+v, want %+v", c.ID, got, c)
				}
			}
		}
		if len(byID) != writers*3*len(krIDs) {
			t.Fatalf("stored check-ins = %d, want %d", len(byID), writers*3*len(krIDs))
		}
	})
}
