package view

import "sync"

// Cache is the one bounded cache of the program: values under keys, each
// stored with the stamp it was computed under and its approximate size in
// bytes. Get returns a value only to a caller that presents the same stamp
// (a revision, a change stamp, a minute …), so a cache never answers with
// what the caller's own reading of the database says is out of date. The
// values together stay within a byte budget: the least recently used go
// first. A Cache is safe for concurrent use; values are shared by the
// goroutines that get them and must not be changed once stored.
type Cache[K, S comparable, V any] struct {
	mu         sync.Mutex
	budget     int64
	maxEntry   int64
	used       int64
	m          map[K]*cacheEntry[K, S, V]
	head, tail *cacheEntry[K, S, V] // most recently used first
	// Counted under mu for Stats.
	hits, misses, evictions uint64
}

// CacheStats is what a cache holds and how it has been used since it was
// made: reads answered (hits), reads that found nothing valid (misses:
// absent, or stored under another stamp) and values dropped to stay
// within the budget (evictions). The metrics (web) export them.
type CacheStats struct {
	Entries                 int
	Bytes, Budget           int64
	Hits, Misses, Evictions uint64
}

type cacheEntry[K, S comparable, V any] struct {
	key        K
	stamp      S
	val        V
	size       int64
	prev, next *cacheEntry[K, S, V]
}

// EntryOverhead approximates the bytes of an entry besides its value: the
// entry, its map slot and its key. Put adds it to every size.
const EntryOverhead = 160

// NewCache returns an empty cache that holds values of at most budget
// bytes together, each of at most maxEntry bytes (EntryOverhead included):
// a larger value is not kept, as it would push out too many others.
func NewCache[K, S comparable, V any](budget, maxEntry int64) *Cache[K, S, V] {
	return &Cache[K, S, V]{budget: budget, maxEntry: min(maxEntry, budget), m: map[K]*cacheEntry[K, S, V]{}}
}

// Get returns the value under k if it was stored with stamp st, and marks
// it used. A value stored under another stamp stays until replaced or
// evicted, but is never returned for st.
func (c *Cache[K, S, V]) Get(k K, st S) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.m[k]
	if e == nil || e.stamp != st {
		c.misses++
		var zero V
		return zero, false
	}
	c.hits++
	c.unlink(e)
	c.pushFront(e)
	return e.val, true
}

// Put stores v, of about size bytes, under k with stamp st, replacing what
// was there, and evicts the least recently used values while the cache is
// over its budget. A value over the cache's largest entry is not kept (and
// what was under k is dropped all the same).
func (c *Cache[K, S, V]) Put(k K, st S, v V, size int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.put(k, st, v, size)
}

// GetOrPut returns the value under k stored with stamp st, marking it
// used, or else stores v as Put does and returns it with loaded false. It
// lets concurrent callers agree on one value for a key.
func (c *Cache[K, S, V]) GetOrPut(k K, st S, v V, size int64) (_ V, loaded bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.m[k]; e != nil && e.stamp == st {
		c.hits++
		c.unlink(e)
		c.pushFront(e)
		return e.val, true
	}
	c.misses++
	c.put(k, st, v, size)
	return v, false
}

// Clear drops every value.
func (c *Cache[K, S, V]) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.m)
	c.head, c.tail, c.used = nil, nil, 0
}

// Usage returns the number of values held and their size in bytes.
func (c *Cache[K, S, V]) Usage() (n int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m), c.used
}

// Stats returns the cache's statistics.
func (c *Cache[K, S, V]) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Entries: len(c.m), Bytes: c.used, Budget: c.budget, Hits: c.hits, Misses: c.misses, Evictions: c.evictions}
}

// Budget returns the cache's bound in bytes.
func (c *Cache[K, S, V]) Budget() int64 { return c.budget }

// put is Put with c.mu held.
func (c *Cache[K, S, V]) put(k K, st S, v V, size int64) {
	size += EntryOverhead
	if old := c.m[k]; old != nil {
		c.remove(old)
	}
	if size > c.maxEntry {
		return
	}
	e := &cacheEntry[K, S, V]{key: k, stamp: st, val: v, size: size}
	c.m[k] = e
	c.pushFront(e)
	c.used += size
	for c.used > c.budget && c.tail != nil {
		c.remove(c.tail)
		c.evictions++
	}
}

func (c *Cache[K, S, V]) remove(e *cacheEntry[K, S, V]) {
	c.unlink(e)
	delete(c.m, e.key)
	c.used -= e.size
}

func (c *Cache[K, S, V]) unlink(e *cacheEntry[K, S, V]) {
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

func (c *Cache[K, S, V]) pushFront(e *cacheEntry[K, S, V]) {
	e.next = c.head
	if c.head != nil {
		c.head.prev = e
	}
	c.head = e
	if c.tail == nil {
		c.tail = e
	}
}
