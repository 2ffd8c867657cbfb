package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// holdUntil makes db's committer wait before its next batch until n writes
// are queued behind the one it took (or a second passed), so that a test
// knows they share a batch.
func holdUntil(db *DB, n int) {
	var once sync.Once
	db.group.hold = func() {
		once.Do(func() {
			deadline := time.Now().Add(time.Second)
			for len(db.group.jobs) < n && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
		})
	}
}

// TestConcurrentCheckInsShareCommits: on SQLite, check-ins made at the
// same time are committed together (one fsync for the batch), and each is
// stored whole with its audit entry.
func TestConcurrentCheckInsShareCommits(t *testing.T) {
	db := mustOpen(t, DialectSQLite)
	f := mustFixture(t, db)
	o := f.mustObjective(t, "Team", unitOwner(f.team.ID))
	const n = 12
	var krs []okr.KeyResult
	for i := range n {
		krs = append(krs, must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: "kr " + string(rune('a'+i)),
			Owner: personOwner(f.member.ID), Metric: increase(0, 100)}))(t))
	}
	commits0, writes0 := db.GroupStats()
	holdUntil(db, n-1)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{{KeyResultID: krs[i].ID, Value: float64(i + 1), Confidence: okr.OnTrack}})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("check-in %d: %v", i, err)
		}
	}
	commits, writes := db.GroupStats()
	commits, writes = commits-commits0, writes-writes0
	if writes != n || commits >= writes {
		t.Errorf("%d check-ins in %d commits, want %d check-ins sharing fewer commits", writes, commits, n)
	}
	for i, kr := range must(db.ListKeyResults(ctx, f.org.ID, []int64{o.ID}, false))(t) {
		if kr.Current == nil || *kr.Current != float64(i+1) {
			t.Errorf("KR %s current = %v, want %d", kr.Title, kr.Current, i+1)
		}
		if a := must(db.ListAudit(ctx, f.org.ID, AuditFilter{ObjectType: "key_result", ObjectID: kr.ID}))(t); len(a) != 2 {
			t.Errorf("KR %s has %d audit entries, want its creation and its check-in", kr.Title, len(a))
		}
	}
}

// TestFailingWriteInABatchLeavesTheOthers: a write that fails (refused,
// invalid or panicking) in a shared batch rolls back alone and returns its
// own error; the others commit.
func TestFailingWriteInABatchLeavesTheOthers(t *testing.T) {
	db := mustOpen(t, DialectSQLite)
	f := mustFixture(t, db)
	o := f.mustObjective(t, "Team", unitOwner(f.team.ID))
	mine := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: "mine", Owner: personOwner(f.member.ID), Metric: increase(0, 100)}))(t)
	theirs := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: "theirs", Owner: personOwner(f.member.ID), Metric: increase(0, 100)}))(t)
	commits0, _ := db.GroupStats()
	holdUntil(db, 3)
	var wg sync.WaitGroup
	var okErr, forbiddenErr, invalidErr, panicErr error
	wg.Go(func() {
		_, okErr = db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{{KeyResultID: mine.ID, Value: 40, Confidence: okr.OnTrack}})
	})
	wg.Go(func() {
		_, forbiddenErr = db.CreateCheckIns(ctx, as(f.other), []okr.CheckIn{{KeyResultID: theirs.ID, Value: 90, Confidence: okr.OnTrack}})
	})
	wg.Go(func() {
		_, invalidErr = db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{{KeyResultID: theirs.ID, Value: 50, Confidence: "great"}})
	})
	wg.Go(func() {
		panicErr = db.write(ctx, f.sys, "boom", func(t *tx) error {
			if _, err := t.exec(t.ctx, `UPDATE key_results SET title = 'changed' WHERE id = ?`, theirs.ID); err != nil {
				return err
			}
			panic("a bug in a write")
		})
	})
	wg.Wait()
	if okErr != nil {
		t.Fatalf("the good check-in: %v", okErr)
	}
	wantCode(t, forbiddenErr, okr.EFORBIDDEN)
	wantField(t, invalidErr, "checkins[0].confidence")
	if panicErr == nil {
		t.Fatal("the panicking write returned no error")
	}
	krs := must(db.ListKeyResults(ctx, f.org.ID, []int64{o.ID}, false))(t)
	if krs[0].Current == nil || *krs[0].Current != 40 {
		t.Errorf("the good check-in's KR current = %v, want 40", krs[0].Current)
	}
	if krs[1].Current != nil || krs[1].Title != "theirs" {
		t.Errorf("the refused, invalid and panicking writes left KR %q with current %v", krs[1].Title, krs[1].Current)
	}
	if a := must(db.ListAudit(ctx, f.org.ID, AuditFilter{ObjectType: "key_result", ObjectID: theirs.ID}))(t); len(a) != 1 {
		t.Errorf("the failed writes left %d audit entries on their KR, want only its creation", len(a))
	}
	if c, w := db.GroupStats(); c-commits0 != 1 {
		t.Errorf("the four writes took %d commits (%d writes in all), want one shared batch", c-commits0, w)
	}
}

// TestGroupCommitEndsOnceForItsWrites: the writes of one batch leave their
// revisions, state stamp and fan-out to the batch's end (group_end.go),
// which moves the revision of every objective they touched and of each
// one above it, the stamp of an organisation whose state changed, and
// has one fan-out job waiting for each organisation with events; a write that
// failed in the batch adds nothing.
func TestGroupCommitEndsOnceForItsWrites(t *testing.T) {
	db := mustOpen(t, DialectSQLite)
	f, g := mustFixture(t, db), mustFixture(t, db)
	top := f.mustObjective(t, "Top", unitOwner(f.dept.ID))
	mid := okr.Objective{PeriodID: f.period.ID, Title: "Mid", Owner: unitOwner(f.team.ID), State: okr.StatePublished, ParentID: &top.ID}
	mid = must(db.CreateObjective(ctx, f.sys, mid))(t)
	alone := f.mustObjective(t, "Alone", unitOwner(f.team.ID))
	theirs := g.mustObjective(t, "Theirs", unitOwner(g.team.ID))
	kr := func(f *fixture, o okr.Objective, title string) okr.KeyResult {
		return must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: title, Owner: personOwner(f.member.ID), Metric: increase(0, 100)}))(t)
	}
	a, b, c, d := kr(f, mid, "a"), kr(f, mid, "b"), kr(f, alone, "c"), kr(g, theirs, "d")
	rev := func(org, id int64) int64 { return must(db.GetObjective(ctx, org, id))(t).Rev }
	read := func(q string, args ...any) (n int64) {
		t.Helper()
		if err := db.r.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	treeRev := func(id int64) int64 {
		return read(`SELECT `+treeRevOf("?"), id)
	}
	state := func(org int64) int64 { return read(`SELECT state_seq FROM orgs WHERE id = ?`, org) }
	waitingFanOuts := func(org int64) int64 {
		return read(`SELECT count(*) FROM river_job WHERE state = 'available' AND kind = ? AND json_extract(args, '$.org') = ?`, FanOutJob{}.Kind(), org)
	}
	revs := map[int64]int64{top.ID: rev(f.org.ID, top.ID), mid.ID: rev(f.org.ID, mid.ID), alone.ID: rev(f.org.ID, alone.ID), theirs.ID: rev(g.org.ID, theirs.ID)}
	trees := map[int64]int64{top.ID: treeRev(top.ID), mid.ID: treeRev(mid.ID), alone.ID: treeRev(alone.ID)}
	states := map[int64]int64{f.org.ID: state(f.org.ID), g.org.ID: state(g.org.ID)}
	commits0, _ := db.GroupStats()
	holdUntil(db, 4)
	var wg sync.WaitGroup
	errs := make([]error, 5)
	checkIn := func(i int, who Actor, k okr.KeyResult, conf okr.Confidence) {
		wg.Go(func() {
			_, errs[i] = db.CreateCheckIns(ctx, who, []okr.CheckIn{{KeyResultID: k.ID, Value: 10, Confidence: conf}})
		})
	}
	checkIn(0, as(f.member), a, okr.OnTrack)
	checkIn(1, as(f.member), b, okr.AtRisk)
	checkIn(2, as(f.member), c, "great") // invalid: fails alone
	checkIn(3, as(g.member), d, okr.OnTrack)
	wg.Go(func() {
		u := must(db.GetUnit(ctx, g.org.ID, g.team.ID))(t)
		u.Name = "Outbound"
		_, errs[4] = db.UpdateUnit(ctx, g.sys, u)
	})
	wg.Wait()
	for i, err := range errs {
		if (err != nil) != (i == 2) {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	if c, _ := db.GroupStats(); c-commits0 != 1 {
		t.Fatalf("the five writes took %d commits, want one batch", c-commits0)
	}
	for id, want := range map[int64]int64{top.ID: revs[top.ID], mid.ID: revs[mid.ID] + 1, alone.ID: revs[alone.ID]} {
		if got := rev(f.org.ID, id); got != want {
			t.Errorf("objective %d rev = %d, want %d", id, got, want)
		}
	}
	if got := rev(g.org.ID, theirs.ID); got != revs[theirs.ID]+1 {
		t.Errorf("the other organisation's objective rev = %d, want %d", got, revs[theirs.ID]+1)
	}
	for id, want := range map[int64]int64{top.ID: trees[top.ID] + 1, mid.ID: trees[mid.ID] + 1, alone.ID: trees[alone.ID]} {
		if got := treeRev(id); got != want {
			t.Errorf("objective %d tree_rev = %d, want %d", id, got, want)
		}
	}
	if got := state(f.org.ID); got != states[f.org.ID] {
		t.Errorf("state stamp of the organisation with check-ins only = %d, want %d", got, states[f.org.ID])
	}
	if got := state(g.org.ID); got <= states[g.org.ID] {
		t.Errorf("state stamp of the organisation whose unit was renamed = %d, want more than %d", got, states[g.org.ID])
	}
	for _, org := range []int64{f.org.ID, g.org.ID} {
		if got := waitingFanOuts(org); got != 1 {
			t.Errorf("organisation %d has %d fan-out jobs waiting, want one for all its events", org, got)
		}
	}
}

// TestAtomicWriteThatFailsInABatchMovesNothing: writes joined by Atomic
// each end before their job does; when a later one fails the job rolls
// back whole, and the batch's end moves no revision for the writes it
// undid.
func TestAtomicWriteThatFailsInABatchMovesNothing(t *testing.T) {
	db := mustOpen(t, DialectSQLite)
	f := mustFixture(t, db)
	kept := f.mustObjective(t, "Kept", unitOwner(f.team.ID))
	undone := f.mustObjective(t, "Undone", unitOwner(f.team.ID))
	kr := func(o okr.Objective) okr.KeyResult {
		return must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: o.Title, Owner: personOwner(f.member.ID), Metric: increase(0, 100)}))(t)
	}
	a, b := kr(kept), kr(undone)
	rev := func(id int64) int64 { return must(db.GetObjective(ctx, f.org.ID, id))(t).Rev }
	keptRev, undoneRev := rev(kept.ID), rev(undone.ID)
	commits0, _ := db.GroupStats()
	holdUntil(db, 1)
	var wg sync.WaitGroup
	var okErr, atomicErr error
	wg.Go(func() {
		_, okErr = db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{{KeyResultID: a.ID, Value: 5, Confidence: okr.OnTrack}})
	})
	wg.Go(func() {
		atomicErr = db.Atomic(ctx, as(f.member), "apply", func(ctx context.Context) error {
			if _, err := db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{{KeyResultID: b.ID, Value: 5, Confidence: okr.OnTrack}}); err != nil {
				return err
			}
			_, err := db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{{KeyResultID: b.ID, Value: 6, Confidence: "great"}})
			return err
		})
	})
	wg.Wait()
	if okErr != nil {
		t.Fatal(okErr)
	}
	wantField(t, atomicErr, "checkins[0].confidence")
	if c, _ := db.GroupStats(); c-commits0 != 1 {
		t.Fatalf("the two writes took %d commits, want one batch", c-commits0)
	}
	if got := rev(kept.ID); got != keptRev+1 {
		t.Errorf("the kept check-in's objective rev = %d, want %d", got, keptRev+1)
	}
	if got := rev(undone.ID); got != undoneRev {
		t.Errorf("the undone check-in's objective rev = %d, want %d: nothing under it changed", got, undoneRev)
	}
}
