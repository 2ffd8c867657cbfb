package store

import (
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
