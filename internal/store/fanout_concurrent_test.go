package store

import (
	"fmt"
	"sync"
	"testing"
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
