package store

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// TestConcurrentFanOutsFanEachEventOutOnce runs four fan-outs at once, as
// several nodes' jobs do, over 40 events (comments mentioning a person):
// every event fans out, and the person is notified exactly once for each.
func TestConcurrentFanOutsFanEachEventOutOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Vinne markedet", unitOwner(f.dept.ID))
		const events = 40
		for i := range events {
			must(db.AddComment(ctx, as(f.member), CommentTarget{ObjectiveID: o.ID}, fmt.Sprintf("Nr. %d til @[otto other]", i)))(t)
		}
		waiting := func() (n int, err error) {
			err = db.r.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM events WHERE fanned_at IS NULL AND org_id = ?`), f.org.ID).Scan(&n)
			return n, err
		}
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for range 4 {
			wg.Go(func() {
				for {
					if _, err := db.FanOutEvents(ctx, "https://okr.example.com", f.org.ID, 3); err != nil {
						errs <- err
						return
					}
					if n, err := waiting(); err != nil || n == 0 {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := must(db.UnreadNotifications(ctx, f.org.ID, f.other.ID))(t); n != events {
			t.Errorf("%d comments mentioning Otto, %d notifications", events, n)
		}
		if n := must(waiting())(t); n != 0 {
			t.Errorf("%d events still wait", n)
		}
	})
}

// TestFanOutBatchNotifiesEachEventsOwnFollowers checks that events fanned
// out in one transaction, which share what they read (fanMemo), still
// notify each event's own followers: one check-in of key results of two
// objectives, each followed by someone else.
func TestFanOutBatchNotifiesEachEventsOwnFollowers(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o1 := f.mustObjective(t, "One", personOwner(f.member.ID))
		o2 := f.mustObjective(t, "Two", personOwner(f.member.ID))
		kr1 := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o1.ID, Title: "k1", Owner: personOwner(f.member.ID), Metric: increase(0, 10)}))(t)
		kr2 := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o2.ID, Title: "k2", Owner: personOwner(f.member.ID), Metric: increase(0, 10)}))(t)
		if err := db.Follow(ctx, as(f.lead), FollowObjective, o1.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.Follow(ctx, as(f.other), FollowObjective, o2.ID); err != nil {
			t.Fatal(err)
		}
		must(db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{
			{KeyResultID: kr1.ID, Value: 3, Confidence: okr.OnTrack},
			{KeyResultID: kr2.ID, Value: 4, Confidence: okr.OnTrack},
			{KeyResultID: kr1.ID, Value: 5, Confidence: okr.OnTrack, At: time.Now().Add(-time.Minute)},
		}))(t)
		if r := must(db.FanOut(ctx, "https://okr.example.com", f.org.ID, 100))(t); r.Events != 3 {
			t.Fatalf("fanned out %d events in one batch, want 3", r.Events)
		}
		for _, c := range []struct {
			who  okr.Person
			want int64
			n    int
		}{{f.lead, o1.ID, 2}, {f.other, o2.ID, 1}} {
			ns := must(db.ListNotifications(ctx, f.org.ID, c.who.ID, 0, 50))(t)
			if len(ns) != c.n {
				t.Fatalf("%s has %d notifications, want %d", c.who.Name, len(ns), c.n)
			}
			for _, n := range ns {
				if n.Event == nil || n.Event.Objective.ID != c.want {
					t.Errorf("%s was notified of %+v, want only objective %d", c.who.Name, n.Event, c.want)
				}
			}
		}
	})
}

// TestFanOutStatementsDoNotGrowWithTheBatch: a batch of check-in events on
// followed objectives reads the events (with their claim), key results and
// follows once and writes every payload and notification together, so a
// batch of twelve runs as many statements as a batch of one. Before, each
// event read itself, its key result and its followers and wrote its
// payload and each notification alone.
func TestFanOutStatementsDoNotGrowWithTheBatch(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		var krs []okr.KeyResult
		for i := range 4 {
			o := f.mustObjective(t, fmt.Sprint("O", i), personOwner(f.member.ID))
			if err := db.Follow(ctx, as(f.lead), FollowObjective, o.ID); err != nil {
				t.Fatal(err)
			}
			for j := range 3 {
				krs = append(krs, must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: fmt.Sprint("k", i, j),
					Owner: personOwner(f.member.ID), Metric: increase(0, 10)}))(t))
			}
		}
		if err := db.Follow(ctx, as(f.other), FollowPerson, f.member.ID); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(-time.Hour)
		fanOut := func(krs []okr.KeyResult) int64 {
			var cs []okr.CheckIn
			for _, kr := range krs {
				cs = append(cs, okr.CheckIn{KeyResultID: kr.ID, Value: 3, Confidence: okr.OnTrack, At: at})
			}
			at = at.Add(time.Minute)
			must(db.CreateCheckIns(ctx, as(f.member), cs))(t)
			c, counter := WithQueryCounter(ctx)
			if r := must(db.FanOut(c, "https://okr.example.com", f.org.ID, 100))(t); r.Events != len(krs) {
				t.Fatalf("fanned out %d events, want %d", r.Events, len(krs))
			}
			return counter.Count()
		}
		one, twelve := fanOut(krs[:1]), fanOut(krs)
		if twelve > one {
			t.Errorf("a fan-out of 12 events ran %d statements, of one %d; want the same", twelve, one)
		}
		for _, who := range []okr.Person{f.lead, f.other} {
			if ns := must(db.ListNotifications(ctx, f.org.ID, who.ID, 0, 50))(t); len(ns) != 13 {
				t.Errorf("%s has %d notifications, want 13", who.Name, len(ns))
			}
		}
	})
}

// TestFanOutSweepKeepsOrganisationsApart: the sweep (organisation 0) fans
// out events of several organisations in one batch; each event's payload
// names its own organisation and objective and only its organisation's
// followers hear of it.
func TestFanOutSweepKeepsOrganisationsApart(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		a, b := mustFixture(t, db), mustFixture(t, db)
		var krs [2]okr.KeyResult
		for i, f := range []*fixture{a, b} {
			o := f.mustObjective(t, fmt.Sprint("Org ", i), personOwner(f.member.ID))
			krs[i] = must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: "k", Owner: personOwner(f.member.ID), Metric: increase(0, 10)}))(t)
			if err := db.Follow(ctx, as(f.lead), FollowObjective, o.ID); err != nil {
				t.Fatal(err)
			}
		}
		for i, f := range []*fixture{a, b, a} {
			must(db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{{KeyResultID: krs[i%2].ID, Value: float64(i + 1), Confidence: okr.OnTrack}}))(t)
		}
		if r := must(db.FanOut(ctx, "https://okr.example.com", 0, 100))(t); r.Events != 3 {
			t.Fatalf("the sweep fanned out %d events, want 3", r.Events)
		}
		for i, c := range []struct {
			f *fixture
			n int
		}{{a, 2}, {b, 1}} {
			ns := must(db.ListNotifications(ctx, c.f.org.ID, c.f.lead.ID, 0, 50))(t)
			if len(ns) != c.n {
				t.Fatalf("organisation %d's follower has %d notifications, want %d", i, len(ns), c.n)
			}
			for _, n := range ns {
				if n.Event == nil || n.Event.Organisation.ID != c.f.org.ID || n.Event.KeyResult == nil || n.Event.KeyResult.ID != krs[i].ID {
					t.Errorf("organisation %d's follower was told of %+v", i, n.Event)
				}
			}
		}
	})
}

// TestFanOutLeavesToAnotherTheEventsItClaimed: on SQLite a fan-out reads
// and builds outside the writer and claims in it, so a fan-out of another
// process (here a second handle on the same file, with a writer of its
// own) can claim the events in between. The first one's writer is held
// after it has read until the other has fanned every event out: it then
// claims none and writes none of what it built, and each event has one
// delivery to the hook and one notification.
func TestFanOutLeavesToAnotherTheEventsItClaimed(t *testing.T) {
	db := mustOpen(t, DialectSQLite)
	f := mustFixture(t, db)
	o := f.mustObjective(t, "Vinne markedet", unitOwner(f.dept.ID))
	must(db.CreateHook(ctx, as(f.admin), okr.Hook{Kind: okr.HookWebhook, URL: "https://hooks.example.com/okr", Events: okr.EventTypes()}))(t)
	const events = 3
	for i := range events {
		must(db.AddComment(ctx, as(f.member), CommentTarget{ObjectiveID: o.ID}, fmt.Sprintf("Nr. %d til @[otto other]", i)))(t)
	}
	other := mustOpenPath(t, db.sqlitePath)
	var theirs FanOutResult
	var theirErr error
	var once sync.Once
	db.group.hold = func() {
		once.Do(func() { theirs, theirErr = other.FanOut(ctx, "https://okr.example.com", f.org.ID, 100) })
	}
	ours := must(db.FanOut(ctx, "https://okr.example.com", f.org.ID, 100))(t)
	must(0, theirErr)(t)
	if ours.Events != 0 || theirs.Events != events {
		t.Errorf("this fan-out claimed %d events and the other %d, want 0 and %d", ours.Events, theirs.Events, events)
	}
	if len(ours.Deliveries) != 0 || len(theirs.Deliveries) != events {
		t.Errorf("deliveries made: %d here, %d there; want 0 and %d", len(ours.Deliveries), len(theirs.Deliveries), events)
	}
	var deliveries int
	must(0, db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM deliveries WHERE org_id = ?`, f.org.ID).Scan(&deliveries))(t)
	if deliveries != events {
		t.Errorf("%d deliveries stored for %d events to one hook", deliveries, events)
	}
	if n := must(db.UnreadNotifications(ctx, f.org.ID, f.other.ID))(t); n != events {
		t.Errorf("%d comments mentioning Otto, %d notifications", events, n)
	}
}

// TestFanOutsAfterConcurrentWritesLeaveNothingWaiting: eight people
// comment at once and each write starts a fan-out that goes on while it
// fans out full batches, as the fan-out job does. When all have returned no
// event may wait: on SQLite two fan-outs that read at once each claimed
// part of what they read and both stopped early, leaving the events after
// them waiting for the next write or the sweep.
func TestFanOutsAfterConcurrentWritesLeaveNothingWaiting(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Vinne markedet", unitOwner(f.dept.ID))
		const limit = 5
		fanOut := func() error {
			for {
				r, err := db.FanOut(ctx, "https://okr.example.com", f.org.ID, limit)
				if err != nil || r.Events < limit {
					return err
				}
			}
		}
		for round := range 3 {
			var writers, fans sync.WaitGroup
			for w := range 8 {
				writers.Go(func() {
					for i := range 30 {
						if _, err := db.AddComment(ctx, as(f.member), CommentTarget{ObjectiveID: o.ID}, fmt.Sprintf("runde %d, %d.%d", round, w, i)); err != nil {
							t.Error(err)
							return
						}
						fans.Go(func() {
							if err := fanOut(); err != nil {
								t.Error(err)
							}
						})
					}
				})
			}
			writers.Wait()
			fans.Wait()
			if n := must(db.EventsWaiting(ctx, f.org.ID))(t); n != 0 {
				t.Fatalf("round %d: %d events wait after every fan-out returned", round, n)
			}
		}
	})
}

// TestFanWritesKeepOnlyTheClaimed: the writes of events another fan-out
// claimed are dropped, and each kept payload stays with its event, in
// whatever order the events were built.
func TestFanWritesKeepOnlyTheClaimed(t *testing.T) {
	w := &fanWrites{ids: []int64{9, 3, 7}, payloads: []string{"nine", "three", "seven"},
		notifications: []fanNotification{{event: 9}, {event: 3}, {event: 7}},
		mails:         []NotificationMailJob{{EventID: 3}, {EventID: 9}},
		deliveries:    []fanDelivery{{event: 7}, {event: 9}}}
	w.keep([]int64{7, 9})
	if !slices.Equal(w.ids, []int64{9, 7}) || !slices.Equal(w.payloads, []string{"nine", "seven"}) {
		t.Errorf("kept %v with %v, want [9 7] with [nine seven]", w.ids, w.payloads)
	}
	if len(w.notifications) != 2 || w.notifications[0].event != 9 || w.notifications[1].event != 7 {
		t.Errorf("kept notifications %v", w.notifications)
	}
	if len(w.mails) != 1 || w.mails[0].EventID != 9 || len(w.deliveries) != 2 {
		t.Errorf("kept mails %v and deliveries %v", w.mails, w.deliveries)
	}
	w.keep(nil)
	if len(w.ids)+len(w.payloads)+len(w.notifications)+len(w.mails)+len(w.deliveries) != 0 {
		t.Errorf("nothing claimed, yet %v kept", w)
	}
}
