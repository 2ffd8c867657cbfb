package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// TestRevFollowsEveryChangeUnderAnObjective checks that an objective's
// content revision moves with each kind of change that shows under it, and
// only the objectives concerned move.
func TestRevFollowsEveryChangeUnderAnObjective(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		a := f.mustObjective(t, "A", unitOwner(f.team.ID))
		b := f.mustObjective(t, "B", unitOwner(f.team.ID))
		c := f.mustObjective(t, "Untouched", unitOwner(f.team.ID))
		rev := func(id int64) int64 { return must(db.GetObjective(ctx, f.org.ID, id))(t).Rev }
		revC := rev(c.ID)
		step := func(what string, fn func(), moved ...int64) {
			t.Helper()
			before := map[int64]int64{}
			for _, id := range []int64{a.ID, b.ID} {
				before[id] = rev(id)
			}
			fn()
			for _, id := range []int64{a.ID, b.ID} {
				want := before[id]
				for _, m := range moved {
					if m == id {
						want++
					}
				}
				if got := rev(id); got != want {
					t.Errorf("%s: objective %d rev = %d, want %d", what, id, got, want)
				}
			}
		}
		var kr okr.KeyResult
		step("create a key result", func() {
			kr = must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: a.ID, Title: "k", Owner: personOwner(f.member.ID), Metric: increase(0, 10)}))(t)
		}, a.ID)
		kr2 := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: a.ID, Title: "k2", Owner: personOwner(f.member.ID), Metric: increase(0, 10)}))(t)
		step("check in two key results of one objective", func() {
			must(db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{{KeyResultID: kr.ID, Value: 3, Confidence: okr.OnTrack}, {KeyResultID: kr2.ID, Value: 4, Confidence: okr.OnTrack}}))(t)
		}, a.ID)
		step("edit the objective", func() {
			o := must(db.GetObjective(ctx, f.org.ID, a.ID))(t)
			o.Title = "A, renamed"
			must(db.UpdateObjective(ctx, f.sys, o))(t)
		}, a.ID)
		step("add an initiative", func() {
			must(db.CreateInitiative(ctx, f.sys, okr.Initiative{KeyResultID: kr.ID, Title: "Do it", Status: okr.InitiativePlanned}))(t)
		}, a.ID)
		step("move a key result", func() {
			kr = must(db.MoveKeyResult(ctx, f.sys, kr.ID, b.ID, must(db.GetKeyResult(ctx, f.org.ID, kr.ID))(t).Version))(t)
		}, a.ID, b.ID)
		step("a failed write", func() {
			_, err := db.CreateCheckIns(ctx, as(f.other), []okr.CheckIn{{KeyResultID: kr.ID, Value: 5, Confidence: okr.OnTrack}})
			if err == nil {
				t.Fatal("a stranger checked in, want refused")
			}
		})
		if got := rev(c.ID); got != revC {
			t.Errorf("an untouched objective's rev moved from %d to %d", revC, got)
		}
	})
}

// TestBumpRevsUsesPrimaryKeys checks on SQLite that the revision bump of
// every write reaches its rows by primary key: a plan that scans the
// organisation's objectives or key results made each check-in of the load
// test take half a second.
func TestBumpRevsUsesPrimaryKeys(t *testing.T) {
	db := mustOpen(t, DialectSQLite)
	for _, set := range []touchSet{
		{objectives: []int64{1}, keyResults: []int64{2, 3}, initiatives: []int64{4}, parents: []int64{5}},
		{keyResults: []int64{2}}, // a check-in
		{objectives: []int64{1}}, // an edit
		{parents: []int64{5}},    // a new objective below 5
		{initiatives: []int64{4}, parents: []int64{5, 6}},
	} {
		revs, trees, args := db.bumpRevsQuery(1, set)
		var plan []string
		if revs != "" {
			plan = append(plan, sqlitePlan(t, db, db.rebind(revs), args...)...)
		}
		plan = append(plan, sqlitePlan(t, db, db.rebind(trees), treeArgs(args, 0)...)...)
		for _, detail := range plan {
			if cte, ok := strings.CutPrefix(detail, "SCAN "); ok && (cte == "touched" || cte == "up") {
				continue // the statement's own sets of ids
			}
			if strings.HasPrefix(detail, "SEARCH") && !strings.Contains(detail, "INTEGER PRIMARY KEY") {
				t.Errorf("%+v: plan step %q, want every table reached by primary key", set, detail)
			}
			if strings.HasPrefix(detail, "SCAN") && !strings.Contains(detail, "json_each") && detail != "SCAN CONSTANT ROW" {
				t.Errorf("%+v: plan step %q scans a table", set, detail)
			}
		}
		if len(plan) == 0 {
			t.Fatal("no query plan")
		}
	}
}

// TestTreeRevFollowsTheSubtree checks that an objective's subtree
// revision, read with the token as the API's get-objective does
// (ObjectiveStampFor), moves with every change at or below it, with
// objectives aligned below it or leaving it, and with nothing else.
func TestTreeRevFollowsTheSubtree(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		token, _ := must2(db.CreateToken(ctx, as(f.member), f.member.ID, "script"))(t)
		under := func(title string, parent *okr.Objective) okr.Objective {
			o := okr.Objective{PeriodID: f.period.ID, Title: title, Owner: unitOwner(f.team.ID), State: okr.StatePublished}
			if parent != nil {
				o.ParentID = &parent.ID
			}
			return must(db.CreateObjective(ctx, f.sys, o))(t)
		}
		a := under("A", nil)
		b := under("B", &a)
		c := under("C", &b)
		d := under("D", nil)
		all := []int64{a.ID, b.ID, c.ID, d.ID}
		stamp := func(id int64) ObjectiveStamp {
			_, _, st, err := db.ObjectiveStampFor(ctx, token, id)
			if err != nil {
				t.Fatalf("ObjectiveStampFor(%d): %v", id, err)
			}
			return st
		}
		step := func(what string, fn func(), moved ...int64) {
			t.Helper()
			before := map[int64]int64{}
			for _, id := range all {
				before[id] = stamp(id).TreeRev
			}
			fn()
			for _, id := range all {
				want := before[id]
				if slices.Contains(moved, id) {
					want = before[id] + 1
				}
				if got := stamp(id).TreeRev; got != want {
					t.Errorf("%s: objective %d tree_rev = %d, want %d", what, id, got, want)
				}
			}
		}
		kr := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: c.ID, Title: "k", Owner: personOwner(f.member.ID), Metric: increase(0, 10)}))(t)
		step("check in below, two levels down", func() {
			must(db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{{KeyResultID: kr.ID, Value: 3, Confidence: okr.OnTrack}}))(t)
		}, a.ID, b.ID, c.ID)
		step("a new objective aligned below B", func() { under("E", &b) }, a.ID, b.ID)
		step("C moves from B to D", func() {
			o := must(db.GetObjective(ctx, f.org.ID, c.ID))(t)
			o.ParentID = &d.ID
			must(db.UpdateObjective(ctx, f.sys, o))(t)
		}, a.ID, b.ID, c.ID, d.ID)
		step("C archived", func() {
			must(db.ArchiveObjective(ctx, f.sys, c.ID, must(db.GetObjective(ctx, f.org.ID, c.ID))(t).Version))(t)
		}, c.ID, d.ID)
		step("A renamed", func() {
			o := must(db.GetObjective(ctx, f.org.ID, a.ID))(t)
			o.Title = "A, renamed"
			must(db.UpdateObjective(ctx, f.sys, o))(t)
		}, a.ID)
		step("a unit renamed", func() {
			u := must(db.GetUnit(ctx, f.org.ID, f.team.ID))(t)
			u.Name = "Inbound sales"
			must(db.UpdateUnit(ctx, f.sys, u))(t)
		})
		if st := stamp(a.ID); st.State == 0 {
			t.Errorf("state stamp = 0 after a unit was renamed")
		}
		other := mustFixture(t, db)
		foreign := other.mustObjective(t, "Theirs", unitOwner(other.team.ID))
		if st := stamp(foreign.ID); st.TreeRev != -1 {
			t.Errorf("another organisation's objective: tree_rev = %d, want -1 (not found)", st.TreeRev)
		}
		if st := stamp(1 << 40); st.TreeRev != -1 {
			t.Errorf("an unknown objective: tree_rev = %d, want -1", st.TreeRev)
		}
	})
}

// TestObjectiveStampForChecksTheToken checks that the stamp read with the
// token refuses what Authenticate refuses: unknown and revoked tokens and
// tokens of archived people.
func TestObjectiveStampForChecksTheToken(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "A", unitOwner(f.team.ID))
		token, tk := must2(db.CreateToken(ctx, as(f.member), f.member.ID, "script"))(t)
		org, person, st, err := db.ObjectiveStampFor(ctx, token, o.ID)
		if err != nil || org != f.org.ID || person != f.member.ID || st.TreeRev < 0 {
			t.Fatalf("ObjectiveStampFor = %d, %d, %+v, %v; want the member's organisation and id and a stamp", org, person, st, err)
		}
		if got := must(db.ListTokens(ctx, f.org.ID, f.member.ID))(t); len(got) != 1 || got[0].LastUsed == nil {
			t.Errorf("the token's use was not recorded: %+v", got)
		}
		_, _, _, err = db.ObjectiveStampFor(ctx, token+"x", o.ID)
		wantCode(t, err, okr.EUNAUTHORIZED)
		must(db.RevokeToken(ctx, as(f.member), tk.ID))(t)
		_, _, _, err = db.ObjectiveStampFor(ctx, token, o.ID)
		wantCode(t, err, okr.EUNAUTHORIZED)
		other, _ := must2(db.CreateToken(ctx, as(f.lead), f.lead.ID, "script"))(t)
		must(db.ArchivePerson(ctx, f.sys, f.lead.ID, must(db.GetPerson(ctx, f.org.ID, f.lead.ID))(t).Version))(t)
		_, _, _, err = db.ObjectiveStampFor(ctx, other, o.ID)
		wantCode(t, err, okr.EUNAUTHORIZED)
	})
}

// TestObjectiveListStampForChecksTheToken: the token, its organisation's
// state stamp and a unit list's objectives with their subtree revisions in
// one statement; the list only ever of the token's organisation; an empty
// list still checks the token; bad, revoked and archived people's tokens
// are refused.
func TestObjectiveListStampForChecksTheToken(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		a := f.mustObjective(t, "A", unitOwner(f.team.ID))
		b := f.mustObjective(t, "B", unitOwner(f.team.ID))
		f.mustObjective(t, "C", unitOwner(f.dept.ID))
		token, tk := must2(db.CreateToken(ctx, as(f.member), f.member.ID, "script"))(t)
		filter := ObjectiveFilter{PeriodID: f.period.ID, OwnerUnitIDs: []int64{f.team.ID}, Limit: 101}
		org, person, state, revs, err := db.ObjectiveListStampFor(ctx, token, filter)
		if err != nil || org != f.org.ID || person != f.member.ID {
			t.Fatalf("ObjectiveListStampFor = %d, %d, %v; want the member's organisation and id", org, person, err)
		}
		_, _, st, _ := db.ObjectiveStampFor(ctx, token, a.ID)
		_, _, stB, _ := db.ObjectiveStampFor(ctx, token, b.ID)
		if want := []int64{a.ID, st.TreeRev, b.ID, stB.TreeRev}; state != st.State || !slices.Equal(revs, want) {
			t.Errorf("state %d, revs %v; want %d, %v", state, revs, st.State, want)
		}
		c, counter := WithQueryCounter(ctx) // the token's use is recorded now
		if _, _, _, revs, err := db.ObjectiveListStampFor(c, token, filter); err != nil || len(revs) != 4 || counter.Count() != 1 {
			t.Errorf("again: %v, %v in %d statements; want the same in one", revs, err, counter.Count())
		}
		// Another organisation's unit lists nothing, and an empty list
		// still answers for the token.
		g := mustFixture(t, db)
		g.mustObjective(t, "Theirs", unitOwner(g.team.ID))
		if org, _, _, revs, err := db.ObjectiveListStampFor(ctx, token, ObjectiveFilter{PeriodID: g.period.ID, OwnerUnitIDs: []int64{g.team.ID}}); err != nil || org != f.org.ID || len(revs) != 0 {
			t.Errorf("another organisation's unit: org %d, revs %v, %v; want %d, none", org, revs, err, f.org.ID)
		}
		_, _, _, _, err = db.ObjectiveListStampFor(ctx, token+"x", filter)
		wantCode(t, err, okr.EUNAUTHORIZED)
		must(db.RevokeToken(ctx, as(f.member), tk.ID))(t)
		_, _, _, _, err = db.ObjectiveListStampFor(ctx, token, filter)
		wantCode(t, err, okr.EUNAUTHORIZED)
		other, _ := must2(db.CreateToken(ctx, as(f.lead), f.lead.ID, "script"))(t)
		must(db.ArchivePerson(ctx, f.sys, f.lead.ID, must(db.GetPerson(ctx, f.org.ID, f.lead.ID))(t).Version))(t)
		_, _, _, _, err = db.ObjectiveListStampFor(ctx, other, filter)
		wantCode(t, err, okr.EUNAUTHORIZED)
	})
}

// TestConcurrentEditsAndCheckInsBelowDoNotDeadlock edits objectives while
// key results below them are checked in, concurrently: every write moves
// the subtree revisions above it. When those lived on the objectives'
// rows PostgreSQL found deadlocks between an edit (which locks its
// objective first) and a check-in below it (which locked the ancestors in
// another order).
func TestConcurrentEditsAndCheckInsBelowDoNotDeadlock(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		top := f.mustObjective(t, "Top", unitOwner(f.company.ID))
		var mids, lows []okr.Objective
		var krs []okr.KeyResult
		for i := range 3 {
			mid := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: fmt.Sprint("Mid ", i), Owner: unitOwner(f.dept.ID), ParentID: &top.ID, State: okr.StatePublished}))(t)
			low := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: fmt.Sprint("Low ", i), Owner: unitOwner(f.team.ID), ParentID: &mid.ID, State: okr.StatePublished}))(t)
			mids, lows = append(mids, mid), append(lows, low)
			krs = append(krs, must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: low.ID, Title: "k", Owner: personOwner(f.member.ID), Metric: increase(0, 100)}))(t))
		}
		var wg sync.WaitGroup
		errs := make(chan error, 1000)
		for w := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 20 {
					var err error
					switch w % 3 {
					case 0: // edit a middle objective
						id := mids[(w+i)%3].ID
						var o okr.Objective
						if o, err = db.GetObjective(ctx, f.org.ID, id); err == nil {
							o.Description = fmt.Sprint("edit ", w, i)
							_, err = db.UpdateObjective(ctx, f.sys, o)
						}
						if okr.ErrorCode(err) == okr.ESTALE {
							err = nil // another edit saved first: not this test's concern
						}
					case 1: // check in below
						_, err = db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{{KeyResultID: krs[(w+i)%3].ID, Value: float64(i), Confidence: okr.OnTrack}})
					default: // edit the top
						var o okr.Objective
						if o, err = db.GetObjective(ctx, f.org.ID, top.ID); err == nil {
							o.Description = fmt.Sprint("top ", w, i)
							_, err = db.UpdateObjective(ctx, f.sys, o)
						}
						if okr.ErrorCode(err) == okr.ESTALE {
							err = nil
						}
					}
					if err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("concurrent write: %v", err)
		}
		_ = lows
	})
}

// TestCheckInsBelowOneObjectiveDoNotQueue checks on PostgreSQL that a
// check-in does not wait for another transaction that bumped the subtree
// revisions above it and has not committed yet, as every check-in below
// the company's objectives does until its commit is on disk: with one row
// per objective, concurrent check-ins queued there one commit at a time.
// Only a transaction in the same stripe waits.
func TestCheckInsBelowOneObjectiveDoNotQueue(t *testing.T) {
	db := mustOpen(t, DialectPostgres)
	f := mustFixture(t, db)
	top := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "Top", Owner: unitOwner(f.company.ID), State: okr.StatePublished}))(t)
	mine := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "Mine", Owner: unitOwner(f.team.ID),
		ParentID: &top.ID, State: okr.StatePublished}))(t)
	kr := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: mine.ID, Title: "Calls", Metric: okr.Metric{Kind: okr.MetricIncrease, Target: 10}}))(t)
	before := treeRevOfTest(t, db, top.ID)

	// Another writer bumps the revisions above in stripe 3 and holds them.
	held := must(db.w.BeginTx(ctx, nil))(t)
	defer held.Rollback()
	_, trees, args := db.bumpRevsQuery(f.org.ID, touchSet{objectives: []int64{mine.ID}})
	if _, err := held.ExecContext(ctx, db.rebind(trees), treeArgs(args, 3)...); err != nil {
		t.Fatal(err)
	}
	checkIn := func(stripe int) error {
		db.stripeFor = func() int { return stripe }
		c, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		_, err := db.CreateCheckIns(c, f.sys, []okr.CheckIn{{KeyResultID: kr.ID, Value: 1, Confidence: okr.OnTrack}})
		return err
	}
	if err := checkIn(5); err != nil {
		t.Fatalf("check-in in another stripe: %v, want it through without waiting", err)
	}
	if err := checkIn(3); err == nil {
		t.Fatal("check-in in the held stripe went through: the test no longer holds what it means to")
	}
	if got := treeRevOfTest(t, db, top.ID); got != before+1 {
		t.Errorf("subtree revision above the check-in: %d, want %d (one bump, in stripe 5)", got, before+1)
	}
	if err := held.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := treeRevOfTest(t, db, top.ID); got != before+2 {
		t.Errorf("subtree revision after the held bump committed: %d, want %d, the sum of the stripes", got, before+2)
	}
}

func treeRevOfTest(t *testing.T, db *DB, id int64) (n int64) {
	t.Helper()
	if err := db.r.QueryRowContext(ctx, db.rebind(`SELECT `+treeRevOf("?")), id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
