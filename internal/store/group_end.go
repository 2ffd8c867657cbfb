package store

import (
	"context"
	"slices"

	"github.com/okr-dev/okr/internal/okr"
)

// batchEnd is what the writes of one group commit leave to its end, per
// organisation: the revisions of what they touched, the state stamp and
// the fan-out of their events. Each write did these itself, as its last
// statements; for the batch they run once, after its last write and before
// its commit, which readers see as one change anyway. A revision moves
// once for the batch however many of its writes touched the objective
// (caches ask only whether it moved), and one fan-out job takes every
// event of the organisation (storeEvents). What a write leaves is staged
// until the committer knows whether the write as a whole held (keep) or
// rolled back to its savepoint (drop): the writes joined by Atomic each
// end before their job does, and a later one failing undoes them all.
type batchEnd struct {
	orgs   map[int64]*orgEnd
	staged []*tx
}

type orgEnd struct {
	touched    touchSet
	stateMoved bool
	events     bool
}

// add stages what t left for the end of its transaction.
func (e *batchEnd) add(t *tx) {
	e.staged = append(e.staged, t)
}

// drop forgets what the job that just rolled back staged.
func (e *batchEnd) drop() { e.staged = e.staged[:0] }

// keep takes over what the job that just held staged.
func (e *batchEnd) keep() {
	if e.orgs == nil {
		e.orgs = map[int64]*orgEnd{}
	}
	for _, t := range e.staged {
		o := e.orgs[t.org()]
		if o == nil {
			o = &orgEnd{}
			e.orgs[t.org()] = o
		}
		o.touched.add(&t.touched)
		o.stateMoved = o.stateMoved || t.stateMoved
		o.events = o.events || len(t.events) > 0
	}
	e.drop()
}

// finish runs the batch's end on cn, its transaction, organisation by
// organisation in id order.
func (e *batchEnd) finish(ctx context.Context, cn conn) error {
	ids := make([]int64, 0, len(e.orgs))
	for id := range e.orgs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		o := e.orgs[id]
		t := &tx{conn: cn, ctx: ctx, actor: Actor{OrgID: id, System: true}, role: okr.RoleAdmin, now: cn.db.clock(),
			touched: o.touched, stateMoved: o.stateMoved}
		if o.events {
			if err := t.queueFanOut(); err != nil {
				return err
			}
		}
		if err := t.moveStateStamp(); err != nil {
			return err
		}
		if err := t.bumpRevs(); err != nil {
			return err
		}
	}
	return nil
}
