package web

import (
	"context"
	"sync"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// A periodIndex holds what the alignment tree adds up over a whole period:
// each active objective's owner, parent, weight and own progress. Reading a
// period of 33,000 objectives and 100,000 key results takes about a second
// on SQLite, so the server keeps one index per period and, before each use,
// applies the writes logged since (store.ChangesSince: one statement when
// nothing changed, about six when something did).
//
// On PostgreSQL an audit entry may commit after one with a higher id and so
// be skipped; there the index is also read again in the background once it
// is indexRebuildAfter old.
type periodIndex struct {
	mu      sync.Mutex
	org     int64
	period  int64
	last    int64 // newest audit entry applied
	built   time.Time
	objs    map[int64]*indexObj
	krObj   map[int64]int64 // key result → its objective
	sums    *indexSums      // nil when objs changed since it was computed
	rebuild bool            // a background read is under way
}

// indexObj is one active objective of the period.
type indexObj struct {
	parent   int64 // 0 when none
	unit     int64 // owner unit, 0 for a person
	person   int64 // owner person, 0 for a unit
	weight   float64
	own      float64
	hasKRs   bool
	children []int64 // filled by sum
}

// indexSums are the objectives of each owner, counted, with the sum of
// their shown progress (own progress, or the roll-up of their children when
// they have no key results), and each objective's shown progress.
type indexSums struct {
	byUnit, byPerson map[int64]ownerSum
	shown            map[int64]float64
	rolled           map[int64]bool // has no key results but a roll-up
}

type ownerSum struct {
	count int
	sum   float64
}

// indexTypes are the audit object types an index is built from.
var indexTypes = []string{"objective", "key_result"}

const (
	indexRebuildAfter = time.Minute
	maxIndexChanges   = 5000 // more changes than this: read everything again
	maxIndexes        = 8
)

// indexCache holds the indexes of the periods in use.
type indexCache struct {
	mu sync.Mutex
	m  map[[2]int64]*periodIndex
}

// periodSums returns the up-to-date sums of the period's objectives.
func (s *Server) periodSums(ctx context.Context, orgID, periodID int64) (*indexSums, error) {
	x := s.indexes.get(orgID, periodID)
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.refresh(ctx, s.DB); err != nil {
		return nil, err
	}
	if x.sums == nil {
		x.sums = x.sum()
	}
	return x.sums, nil
}

func (c *indexCache) get(orgID, periodID int64) *periodIndex {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := [2]int64{orgID, periodID}
	if x, ok := c.m[key]; ok {
		return x
	}
	if c.m == nil || len(c.m) >= maxIndexes {
		c.m = map[[2]int64]*periodIndex{}
	}
	x := &periodIndex{org: orgID, period: periodID}
	c.m[key] = x
	return x
}

// refresh brings the index up to date. x.mu is held.
func (x *periodIndex) refresh(ctx context.Context, db *store.DB) error {
	if x.objs == nil {
		return x.read(ctx, db)
	}
	if db.Dialect() == store.DialectPostgres && time.Since(x.built) > indexRebuildAfter && !x.rebuild {
		x.rebuild = true
		go x.readAgain(db)
	}
	changes, more, err := db.ChangesSince(ctx, x.org, x.last, maxIndexChanges, indexTypes...)
	if err != nil {
		return err
	}
	if more {
		return x.read(ctx, db)
	}
	if len(changes) == 0 {
		return nil
	}
	if err := x.apply(ctx, db, changes); err != nil {
		return err
	}
	x.last = changes[len(changes)-1].ID
	return nil
}

// read reads the whole period. x.mu is held.
func (x *periodIndex) read(ctx context.Context, db *store.DB) error {
	fresh, err := readIndex(ctx, db, x.org, x.period)
	if err != nil {
		return err
	}
	x.last, x.built, x.objs, x.krObj, x.sums = fresh.last, fresh.built, fresh.objs, fresh.krObj, nil
	return nil
}

// readAgain reads the whole period without holding x.mu and swaps it in,
// then applies what changed while it read.
func (x *periodIndex) readAgain(db *store.DB) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	fresh, err := readIndex(ctx, db, x.org, x.period)
	x.mu.Lock()
	defer x.mu.Unlock()
	x.rebuild = false
	if err != nil {
		x.built = time.Now() // try again a minute later
		return
	}
	x.last, x.built, x.objs, x.krObj, x.sums = fresh.last, fresh.built, fresh.objs, fresh.krObj, nil
}

// readIndex reads a period's objectives and key results. The newest audit
// entry is read first, so what commits meanwhile is applied again later.
func readIndex(ctx context.Context, db *store.DB, orgID, periodID int64) (*periodIndex, error) {
	x := &periodIndex{org: orgID, period: periodID, built: time.Now(), objs: map[int64]*indexObj{}, krObj: map[int64]int64{}}
	var err error
	if x.last, err = db.LastChange(ctx, orgID, indexTypes...); err != nil {
		return nil, err
	}
	objs, _, err := db.ListObjectives(ctx, orgID, store.ObjectiveFilter{PeriodID: periodID})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(objs))
	for i := range objs {
		ids[i] = objs[i].ID
	}
	krs, err := db.ListKeyResults(ctx, orgID, ids, false)
	if err != nil {
		return nil, err
	}
	x.put(objs, krs)
	return x, nil
}

// apply re-reads the objectives the changes touch: changed objectives, and
// the objectives of changed key results before and after the change.
func (x *periodIndex) apply(ctx context.Context, db *store.DB, changes []store.Change) error {
	affected := map[int64]bool{}
	var krIDs []int64
	for _, c := range changes {
		switch c.ObjectType {
		case "objective":
			affected[c.ObjectID] = true
		case "key_result":
			krIDs = append(krIDs, c.ObjectID)
			if o, ok := x.krObj[c.ObjectID]; ok {
				affected[o] = true
			}
		}
	}
	now, err := db.KeyResultObjectives(ctx, x.org, krIDs)
	if err != nil {
		return err
	}
	for _, o := range now {
		affected[o] = true
	}
	ids := make([]int64, 0, len(affected))
	for id := range affected {
		ids = append(ids, id)
		delete(x.objs, id)
	}
	for _, k := range krIDs {
		delete(x.krObj, k)
	}
	objs, _, err := db.ListObjectives(ctx, x.org, store.ObjectiveFilter{PeriodID: x.period, IDs: ids})
	if err != nil {
		return err
	}
	ids = ids[:0]
	for i := range objs {
		ids = append(ids, objs[i].ID)
	}
	krs, err := db.ListKeyResults(ctx, x.org, ids, false)
	if err != nil {
		return err
	}
	x.put(objs, krs)
	x.sums = nil
	return nil
}

// put files objs (active objectives of the period) with their own progress
// from krs.
func (x *periodIndex) put(objs []okr.Objective, krs []okr.KeyResult) {
	byObj := map[int64][]*okr.KeyResult{}
	for i := range krs {
		byObj[krs[i].ObjectiveID] = append(byObj[krs[i].ObjectiveID], &krs[i])
		x.krObj[krs[i].ID] = krs[i].ObjectiveID
	}
	for i := range objs {
		o := &objs[i]
		e := &indexObj{weight: o.Weight}
		if o.ParentID != nil {
			e.parent = *o.ParentID
		}
		if o.Owner.UnitID != nil {
			e.unit = *o.Owner.UnitID
		}
		if o.Owner.PersonID != nil {
			e.person = *o.Owner.PersonID
		}
		e.own, e.hasKRs = okr.ObjectiveProgress(o, byObj[o.ID])
		x.objs[o.ID] = e
	}
}

// sum computes each objective's shown progress, as boards do (own progress,
// else the weighted roll-up of its children in the period, counting each
// child with its shown progress), and adds them up by owner.
func (x *periodIndex) sum() *indexSums {
	for _, o := range x.objs {
		o.children = o.children[:0]
	}
	for id, o := range x.objs {
		if p := x.objs[o.parent]; p != nil && o.parent != 0 {
			p.children = append(p.children, id)
		}
	}
	s := &indexSums{byUnit: map[int64]ownerSum{}, byPerson: map[int64]ownerSum{}, shown: make(map[int64]float64, len(x.objs)), rolled: map[int64]bool{}}
	counts := make(map[int64]bool, len(x.objs)) // has key results or a roll-up
	visiting := map[int64]bool{}                // to cut parent cycles
	var shown func(id int64) (float64, bool)
	shown = func(id int64) (float64, bool) {
		if v, ok := s.shown[id]; ok {
			return v, counts[id]
		}
		o := x.objs[id]
		if o.hasKRs {
			s.shown[id], counts[id] = o.own, true
			return o.own, true
		}
		if visiting[id] {
			return 0, false
		}
		visiting[id] = true
		var sum, wsum float64
		for _, c := range o.children {
			if v, ok := shown(c); ok {
				w := x.objs[c].weight
				if w <= 0 {
					w = 1
				}
				sum, wsum = sum+w*v, wsum+w
			}
		}
		v := 0.0
		if wsum > 0 {
			v = sum / wsum
		}
		s.shown[id], counts[id], s.rolled[id] = v, wsum > 0, wsum > 0
		return v, wsum > 0
	}
	for id, o := range x.objs {
		v, _ := shown(id)
		if o.unit != 0 {
			u := s.byUnit[o.unit]
			s.byUnit[o.unit] = ownerSum{u.count + 1, u.sum + v}
		} else {
			p := s.byPerson[o.person]
			s.byPerson[o.person] = ownerSum{p.count + 1, p.sum + v}
		}
	}
	return s
}
