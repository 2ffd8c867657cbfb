package web

import (
	"sync"
	"time"
	"weak"

	"github.com/okr-dev/okr/internal/okr"
)

// The objective page and GET /api/v1/objectives/{id} keep what they
// compute from an objective and what it holds between requests, under the
// objective's content revision (okr.Objective.Rev): the store bumps it in
// the same transaction as every change to the objective, its key results,
// check-ins, grades, target changes, milestones and initiatives, so reading
// the objective row tells whether a cached value is still right. The
// revision lives in the database, so each of several servers on one
// database keeps a correct cache of its own.
//
// A value must be read after the objective row it is stored under: then it
// is at least as new as that revision, and a write that lands in between
// only makes the next request, which sees the higher revision, compute it
// again.
//
// Values that also depend on something else carry it in their stamp: the
// organisation's directory (the names they show), the period (expected
// progress and status) and the minute (status and expected progress move
// with the clock; a value is reused within the minute it was computed in).
// Rendered HTML has the page's language in its key.

// objStamp is what a cached value was computed from; a value is used only
// by requests that compute the same stamp.
type objStamp struct {
	rev     int64
	created int64 // the objective's CreatedAt: an id reused after a restore differs
	// dir is the directory the value took names from, nil when it names no
	// one. A directory is replaced, never changed, when a unit or person
	// changes, so its identity stands for its content; the weak pointer
	// does not keep an old directory alive.
	dir    weak.Pointer[directory]
	period periodStamp
	minute int64 // the clock's Unix minute, for values that move with it
}

// periodStamp is what the figures read of a period.
type periodStamp struct {
	id, version, start, end int64
	closed                  bool
}

// revStamp is the stamp of a value that depends on the objective's content
// alone.
func revStamp(o *okr.Objective) objStamp {
	return objStamp{rev: o.Rev, created: o.CreatedAt.UnixNano()}
}

// shownStamp is the stamp of what a page shows of the objective at now in
// period, with names from dir.
func shownStamp(o *okr.Objective, p *okr.Period, dir *directory, now time.Time) objStamp {
	st := revStamp(o)
	st.dir = weak.Make(dir)
	st.period = periodStamp{id: p.ID, version: p.Version, start: p.Start.UnixNano(), end: p.End.UnixNano(), closed: p.Closed}
	st.minute = now.Unix() / 60
	return st
}

// objCacheKind says what a cached value is.
type objCacheKind uint8

const (
	kindKRDetails objCacheKind = iota + 1 // *objDetails: check-ins, target changes, initiatives
	kindPanels                            // string: the key results' panels rendered, per language
	kindGrades                            // *objGrades: the grades and archived milestones of the key results
)

// objCacheKey names a cached value: one per organisation, objective, kind
// and language (for rendered HTML; "" otherwise). A newer revision replaces
// the value in place.
type objCacheKey struct {
	org, obj int64
	kind     objCacheKind
	lang     string
}

// objLRU is a cache of values with an approximate size in bytes, bounded
// by a budget: the least recently used values go first. Values are shared
// by concurrent requests and never changed once stored.
type objLRU struct {
	mu         sync.Mutex
	budget     int64
	used       int64
	m          map[objCacheKey]*objEntry
	head, tail *objEntry // most recently used first
}

type objEntry struct {
	key        objCacheKey
	stamp      objStamp
	val        any
	size       int64
	prev, next *objEntry
}

// objEntryOverhead approximates the bytes of an entry besides its value:
// the entry, its map slot and the key.
const objEntryOverhead = 160

func newObjLRU(budget int64) *objLRU {
	return &objLRU{budget: budget, m: map[objCacheKey]*objEntry{}}
}

// get returns the value under k if it was stored with stamp st.
func (c *objLRU) get(k objCacheKey, st objStamp) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.m[k]
	if e == nil || e.stamp != st {
		return nil, false
	}
	c.unlink(e)
	c.pushFront(e)
	return e.val, true
}

// put stores v, of about size bytes, under k with stamp st, replacing what
// was there, and drops the least recently used values while the cache is
// over its budget. A value larger than an eighth of the budget is not
// kept: it would push out too many others.
func (c *objLRU) put(k objCacheKey, st objStamp, v any, size int64) {
	size += objEntryOverhead
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.m[k]; old != nil {
		c.remove(old)
	}
	if size > c.budget/8 {
		return
	}
	e := &objEntry{key: k, stamp: st, val: v, size: size}
	c.m[k] = e
	c.pushFront(e)
	c.used += size
	for c.used > c.budget && c.tail != nil {
		c.remove(c.tail)
	}
}

// usage returns the number of values held and their size.
func (c *objLRU) usage() (n int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m), c.used
}

func (c *objLRU) remove(e *objEntry) {
	c.unlink(e)
	delete(c.m, e.key)
	c.used -= e.size
}

func (c *objLRU) unlink(e *objEntry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		c.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		c.tail = e.prev
	}
	e.prev, e.next = nil, nil
}

func (c *objLRU) pushFront(e *objEntry) {
	e.next = c.head
	if c.head != nil {
		c.head.prev = e
	}
	c.head = e
	if c.tail == nil {
		c.tail = e
	}
}

// objCaches are a server's caches: one for the objective page, one for the
// API, each with its own budget so that large rendered pages cannot push
// out the API's small values. Together they stay under 32 MB of values.
type objCaches struct {
	page, api *objLRU
}

const (
	objPageBudget = 24 << 20
	objAPIBudget  = 8 << 20
)

// objCaches returns the server's caches, made on first use.
func (s *Server) objCaches() *objCaches {
	s.objCacheOnce.Do(func() {
		s.objCache = &objCaches{page: newObjLRU(objPageBudget), api: newObjLRU(objAPIBudget)}
	})
	return s.objCache
}
