package view

import (
	"context"
	"sync"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// A PeriodIndex holds, for one period, what pages add up over the whole
// period: each active objective's owner, parent, weight, own progress and
// roll-up, and per owner the count and the sum of shown progress of their
// objectives. Reading a period of 33,000 objectives and 100,000 key results
// takes about a second on SQLite, so the model keeps one index per period
// in use and, before each use, applies the writes logged since
// (store.ChangesSince: one statement when nothing changed, about six when
// something did). A change updates the objective, its owner's sums and the
// roll-ups above it, not the whole index.
//
// On PostgreSQL an audit entry may commit after one with a higher id and so
// be skipped; there the index is also read again in the background once it
// is indexRebuildAfter old.
type PeriodIndex struct {
	mu       sync.Mutex
	org      int64
	period   int64
	last     int64 // newest audit entry applied
	built    time.Time
	objs     map[int64]*indexObj
	children map[int64][]int64 // parent id → ids, whether or not the parent is in the index
	krObj    map[int64]int64   // key result → its objective
	// contribBy lists, per objective, the objectives that name it in
	// their contributes-to links, whether or not it is in the index.
	contribBy map[int64][]int64
	byUnit    map[int64]OwnerSum
	byPerson  map[int64]OwnerSum
	rebuild   bool // a background read is under way
	// shape moves whenever an objective enters or leaves the index or
	// changes its parent, owner or state: what the alignment map is built
	// from. fullMap is the unfiltered map built at shape fullShape with the
	// directory fullDir (FullMap).
	shape     int64
	fullMap   *ObjMap
	fullShape int64
	fullDir   *Directory
}

// shapeOf is what of an objective the alignment map reads.
type shapeOf struct {
	state              okr.State
	parent, unit, pers int64
}

func (o *indexObj) shapeKey() shapeOf { return shapeOf{o.state, o.parent, o.unit, o.person} }

// indexObj is one active objective of the period. Its shown progress is
// its own figure when it has key results (okr.OwnFigure: its final score
// once graded or closed, else its progress), else its roll-up: the weighted
// mean of the shown progress of its children that count (those with key
// results or a roll-up, and are not drafts), as boards compute it.
type indexObj struct {
	state     okr.State
	parent    int64 // 0 when none
	unit      int64 // owner unit, 0 for a person
	person    int64 // owner person, 0 for a unit
	weight    float64
	own       float64
	hasKRs    bool
	rollup    float64
	hasRollup bool
	// rev is the objective's content revision (okr.Objective.Rev) as of
	// the index's newest applied change; contributes its contributes-to
	// links, oldest first (shared with the row it was read from: read only).
	rev         int64
	contributes []int64
}

func (o *indexObj) shown() float64 {
	v, _ := okr.Contribution(o.state, o.own, o.hasKRs, o.rollup, o.hasRollup)
	return v
}

func (o *indexObj) counts() bool {
	_, counts := okr.Contribution(o.state, o.own, o.hasKRs, o.rollup, o.hasRollup)
	return counts
}

// OwnerSum is the objectives of an owner: how many, and how many count in
// their average (okr.CountsInAverages: not drafts) with the sum of their
// shown progress.
type OwnerSum struct {
	Count   int
	Counted int
	Sum     float64
}

// Add adds t's objectives to s.
func (s OwnerSum) Add(t OwnerSum) OwnerSum {
	return OwnerSum{s.Count + t.Count, s.Counted + t.Counted, s.Sum + t.Sum}
}

// Mean is the average shown progress of the objectives that count; ok is
// false when none does.
func (s OwnerSum) Mean() (float64, bool) {
	if s.Counted == 0 {
		return 0, false
	}
	return s.Sum / float64(s.Counted), true
}

// indexTypes are the audit object types an index is built from.
var indexTypes = []string{"objective", "key_result"}

const (
	indexRebuildAfter = time.Minute
	// maxIndexRounds is how many times maxIndexChanges changes a refresh
	// applies before it reads the whole period again instead.
	maxIndexRounds = 10
)

// maxIndexChanges is how many changes a refresh reads at a time (a
// variable for tests).
var maxIndexChanges = 5000

// WithIndex brings the period's index up to date and calls fn with it,
// holding its lock: fn reads what it needs and returns. The index's lock
// is not held while asking the database what changed, so requests do not
// queue behind each other's round trips when nothing did (or when another
// request has applied it meanwhile).
//
// The indexes live in the model's cache with no stamp: each is validated
// on every use by the change log instead.
func (m *Model) WithIndex(ctx context.Context, orgID, periodID int64, fn func(x *PeriodIndex)) error {
	key := [2]int64{orgID, periodID}
	x, _ := m.indexes.GetOrPut(key, struct{}{}, &PeriodIndex{org: orgID, period: periodID}, 0)
	changes, more, err := x.peek(ctx, m.db)
	if err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	read := x.objs == nil || more
	if err := x.refresh(ctx, m.db, changes, more); err != nil {
		return err
	}
	if read {
		m.indexes.Put(key, struct{}{}, x, x.size())
	}
	fn(x)
	return nil
}

// size approximates the index's bytes. x.mu is held.
func (x *PeriodIndex) size() int64 {
	n := int64(192*len(x.objs) + 48*len(x.krObj) + 64*(len(x.byUnit)+len(x.byPerson)+len(x.contribBy)))
	if x.fullMap != nil {
		n += int64(200 * len(x.fullMap.ByID)) // nodes and the map by id
	}
	return n
}

// peek returns the writes logged since the index's newest applied entry,
// reading them without holding x.mu; more reports that there were too many
// to apply one by one, or that the index is not built yet.
func (x *PeriodIndex) peek(ctx context.Context, db *store.DB) ([]store.Change, bool, error) {
	x.mu.Lock()
	if x.objs == nil {
		x.mu.Unlock()
		return nil, true, nil
	}
	last := x.last
	if db.Dialect() == store.DialectPostgres && time.Since(x.built) > indexRebuildAfter && !x.rebuild {
		x.rebuild = true
		go x.readAgain(db)
	}
	x.mu.Unlock()
	return db.ChangesSince(ctx, x.org, last, maxIndexChanges, indexTypes...)
}

// CountOwned is the number of active objectives of the period owned by
// the units and people listed, or of all of them when both lists are nil.
func (x *PeriodIndex) CountOwned(units, people []int64) int {
	if units == nil && people == nil {
		return len(x.objs)
	}
	n := 0
	for _, id := range units {
		n += x.byUnit[id].Count
	}
	for _, id := range people {
		n += x.byPerson[id].Count
	}
	return n
}

// UnitSum and PersonSum return an owner's objectives; RollupOf the roll-up
// of an objective of the period (ok false without children that count).
func (x *PeriodIndex) UnitSum(id int64) OwnerSum   { return x.byUnit[id] }
func (x *PeriodIndex) PersonSum(id int64) OwnerSum { return x.byPerson[id] }
func (x *PeriodIndex) RollupOf(id int64) (float64, bool) {
	if o := x.objs[id]; o != nil {
		return o.rollup, o.hasRollup
	}
	return 0, false
}

// refresh brings the index up to date with changes, which peek read.
// Entries another request applied meanwhile are skipped. When more changes
// wait than one read returns, it applies them maxIndexChanges at a time,
// up to maxIndexRounds times, before it reads the whole period again: a
// burst of check-ins (the load test's 30,000 in 20 s) touches few
// objectives, and reading a period of 33,000 objectives again took
// seconds under load, while every request that needs the index waited.
// x.mu is held.
func (x *PeriodIndex) refresh(ctx context.Context, db *store.DB, changes []store.Change, more bool) error {
	if x.objs == nil {
		return x.read(ctx, db)
	}
	if more && changes == nil {
		// peek ran before another request built the index.
		var err error
		if changes, more, err = db.ChangesSince(ctx, x.org, x.last, maxIndexChanges, indexTypes...); err != nil {
			return err
		}
	}
	for round := 1; ; round++ {
		i := 0
		for i < len(changes) && changes[i].ID <= x.last {
			i++
		}
		if changes = changes[i:]; len(changes) > 0 {
			if err := x.apply(ctx, db, changes); err != nil {
				return err
			}
			x.last = changes[len(changes)-1].ID
		}
		if !more {
			return nil
		}
		if round == maxIndexRounds {
			return x.read(ctx, db)
		}
		var err error
		if changes, more, err = db.ChangesSince(ctx, x.org, x.last, maxIndexChanges, indexTypes...); err != nil {
			return err
		}
	}
}

// read reads the whole period. x.mu is held.
func (x *PeriodIndex) read(ctx context.Context, db *store.DB) error {
	fresh, err := readIndex(ctx, db, x.org, x.period)
	if err != nil {
		return err
	}
	x.swap(fresh)
	return nil
}

func (x *PeriodIndex) swap(fresh *PeriodIndex) {
	x.last, x.built, x.objs, x.children, x.krObj = fresh.last, fresh.built, fresh.objs, fresh.children, fresh.krObj
	x.contribBy = fresh.contribBy
	x.byUnit, x.byPerson = fresh.byUnit, fresh.byPerson
	x.shape++
}

// readAgain reads the whole period without holding x.mu and swaps it in;
// the next refresh applies what changed while it read.
func (x *PeriodIndex) readAgain(db *store.DB) {
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
	x.swap(fresh)
}

// readIndex reads a period's objectives and key results. The newest audit
// entry is read first, so what commits meanwhile is applied again later.
func readIndex(ctx context.Context, db *store.DB, orgID, periodID int64) (*PeriodIndex, error) {
	x := &PeriodIndex{org: orgID, period: periodID, built: time.Now(), objs: map[int64]*indexObj{},
		children: map[int64][]int64{}, krObj: map[int64]int64{}, contribBy: map[int64][]int64{}, byUnit: map[int64]OwnerSum{}, byPerson: map[int64]OwnerSum{}}
	var err error
	if x.last, err = db.LastChange(ctx, orgID, indexTypes...); err != nil {
		return nil, err
	}
	objs, _, err := db.ListObjectives(ctx, orgID, store.ObjectiveFilter{PeriodID: periodID})
	if err != nil {
		return nil, err
	}
	// Key results in slices of objectives, so that the server's memory does
	// not peak with 100,000 key results and their milestones at once.
	const step = 2000
	for len(objs) > 0 {
		part := objs[:min(step, len(objs))]
		objs = objs[len(part):]
		ids := make([]int64, len(part))
		for i := range part {
			ids[i] = part[i].ID
		}
		krs, err := db.ListKeyResults(ctx, orgID, ids, false)
		if err != nil {
			return nil, err
		}
		x.put(part, krs)
	}
	return x, nil
}

// apply re-reads the objectives the changes touch: changed objectives, and
// the objectives of changed key results before and after the change.
func (x *PeriodIndex) apply(ctx context.Context, db *store.DB, changes []store.Change) error {
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
	}
	for _, k := range krIDs {
		delete(x.krObj, k)
	}
	before := make(map[int64]shapeOf, len(ids))
	for _, id := range ids {
		if o := x.objs[id]; o != nil {
			before[id] = o.shapeKey()
		}
	}
	defer func() { // the map's shape moves when any of them came, went or moved
		for _, id := range ids {
			o := x.objs[id]
			b, had := before[id]
			if (o != nil) != had || (o != nil && o.shapeKey() != b) {
				x.shape++
				return
			}
		}
	}()
	objs, _, err := db.ListObjectives(ctx, x.org, store.ObjectiveFilter{PeriodID: x.period, IDs: ids})
	if err != nil {
		return err
	}
	kept := make([]int64, len(objs))
	for i := range objs {
		kept[i] = objs[i].ID
	}
	krs, err := db.ListKeyResults(ctx, x.org, kept, false)
	if err != nil {
		return err
	}
	for _, id := range ids {
		x.remove(id)
	}
	x.put(objs, krs)
	return nil
}

// put files objs (active objectives of the period) with their own progress
// from krs, and updates sums and roll-ups.
func (x *PeriodIndex) put(objs []okr.Objective, krs []okr.KeyResult) {
	byObj := map[int64][]*okr.KeyResult{}
	for i := range krs {
		byObj[krs[i].ObjectiveID] = append(byObj[krs[i].ObjectiveID], &krs[i])
		x.krObj[krs[i].ID] = krs[i].ObjectiveID
	}
	for i := range objs {
		o := &objs[i]
		e := &indexObj{state: o.State, weight: o.Weight, rev: o.Rev, contributes: o.Contributes}
		if o.ParentID != nil {
			e.parent = *o.ParentID
		}
		if o.Owner.UnitID != nil {
			e.unit = *o.Owner.UnitID
		}
		if o.Owner.PersonID != nil {
			e.person = *o.Owner.PersonID
		}
		e.own, e.hasKRs, _ = okr.OwnFigure(o, byObj[o.ID]) // a final score once graded or closed
		x.insert(o.ID, e)
	}
}

// insert adds objective id (absent from the index), counts it for its
// owner and updates the roll-ups from it upwards.
func (x *PeriodIndex) insert(id int64, o *indexObj) {
	x.objs[id] = o
	if o.parent != 0 {
		x.children[o.parent] = append(x.children[o.parent], id)
	}
	for _, t := range o.contributes {
		x.contribBy[t] = append(x.contribBy[t], id)
	}
	o.rollup, o.hasRollup = x.rollupFromChildren(id)
	x.addToOwner(o, 1, o.shown())
	x.updateUp(o.parent)
}

// remove takes objective id out of the index, if there, and updates its
// owner and the roll-ups above it. Its children keep pointing at it, so
// that they count again when it comes back.
func (x *PeriodIndex) remove(id int64) {
	o := x.objs[id]
	if o == nil {
		return
	}
	x.addToOwner(o, -1, -o.shown())
	delete(x.objs, id)
	if o.parent != 0 {
		dropID(x.children, o.parent, id)
	}
	for _, t := range o.contributes {
		dropID(x.contribBy, t, id)
	}
	x.updateUp(o.parent)
}

// dropID removes id from the list m[key], and the list when it empties.
func dropID(m map[int64][]int64, key, id int64) {
	l := m[key]
	for i, k := range l {
		if k == id {
			l[i] = l[len(l)-1]
			l = l[:len(l)-1]
			break
		}
	}
	if len(l) == 0 {
		delete(m, key)
	} else {
		m[key] = l
	}
}

// updateUp recomputes the roll-up of objective id and, while shown
// progress changes, of the objectives above it.
func (x *PeriodIndex) updateUp(id int64) {
	for seen := 0; id != 0 && seen <= len(x.objs); seen++ {
		o := x.objs[id]
		if o == nil {
			return
		}
		oldShown, oldCounts := o.shown(), o.counts()
		o.rollup, o.hasRollup = x.rollupFromChildren(id)
		if o.shown() != oldShown {
			x.addToOwner(o, 0, o.shown()-oldShown)
		}
		if o.shown() == oldShown && o.counts() == oldCounts {
			return
		}
		id = o.parent
	}
}

// rollupFromChildren is the weighted mean of the shown progress of the
// children of id that count.
func (x *PeriodIndex) rollupFromChildren(id int64) (float64, bool) {
	var m okr.WeightedMean
	for _, k := range x.children[id] {
		c := x.objs[k]
		if c == nil || !c.counts() {
			continue
		}
		m.Add(c.shown(), c.weight)
	}
	return m.Result()
}

// addToOwner adds n objectives with shown progress d to o's owner; they
// count in the owner's average unless they are drafts.
func (x *PeriodIndex) addToOwner(o *indexObj, n int, d float64) {
	m, id := x.byPerson, o.person
	if o.unit != 0 {
		m, id = x.byUnit, o.unit
	}
	s := m[id]
	s.Count += n
	if okr.CountsInAverages(o.state) {
		s.Counted, s.Sum = s.Counted+n, s.Sum+d
	}
	if s.Count == 0 {
		delete(m, id)
		return
	}
	m[id] = s
}
