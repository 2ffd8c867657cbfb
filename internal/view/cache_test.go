package view

import (
	"fmt"
	"sync"
	"testing"
)

const slot = EntryOverhead + 100 // an entry of 100 bytes in the cache

// TestCacheBound checks that the cache stays within its budget, dropping
// the least recently used values first.
func TestCacheBound(t *testing.T) {
	c := NewCache[int, int64, int](10*slot, 10*slot/8)
	for i := range 12 {
		c.Put(i, 3, i, 100)
	}
	if n, used := c.Usage(); n != 10 || used != 10*slot {
		t.Fatalf("after 12 puts into room for 10: %d values of %d bytes, want 10 of %d", n, used, 10*slot)
	}
	for _, i := range []int{0, 1} {
		if _, ok := c.Get(i, 3); ok {
			t.Errorf("value %d, the least recently used, was kept", i)
		}
	}
	if v, ok := c.Get(2, 3); !ok || v != 2 {
		t.Errorf("Get(2): got %v %v, want 2 true", v, ok)
	}
	c.Put(12, 3, 12, 100) // evicts 3, now the least recently used
	if _, ok := c.Get(3, 3); ok {
		t.Error("value 3 was kept, want evicted")
	}
	if _, ok := c.Get(2, 3); !ok {
		t.Error("value 2, used recently, was evicted")
	}
	c.Put(20, 3, 20, c.Budget())
	if _, ok := c.Get(20, 3); ok {
		t.Error("a value over the largest entry was kept")
	}
	if n, used := c.Usage(); n != 10 || used != 10*slot {
		t.Errorf("after a value too large: %d values of %d bytes, want 10 of %d", n, used, 10*slot)
	}
}

// TestCacheEvictionOrder checks that eviction follows use, not insertion,
// and that a large value evicts as many small ones as its size needs.
func TestCacheEvictionOrder(t *testing.T) {
	c := NewCache[string, int, string](4*slot, 4*slot)
	for _, k := range []string{"a", "b", "c", "d"} {
		c.Put(k, 1, k, 100)
	}
	c.Get("a", 1)                                // order, most recent first: a d c b
	c.Get("c", 1)                                // c a d b
	c.Put("big", 1, "big", 2*slot-EntryOverhead) // evicts b, then d
	want := map[string]bool{"a": true, "b": false, "c": true, "d": false, "big": true}
	for k, kept := range want {
		if _, ok := c.Get(k, 1); ok != kept {
			t.Errorf("%s: kept %v, want %v", k, ok, kept)
		}
	}
}

// TestCacheStaleStamp checks that a value is returned only for the stamp
// it was stored with, and that a new stamp replaces it in place.
func TestCacheStaleStamp(t *testing.T) {
	type stamp struct {
		rev    int64
		minute int64
	}
	c := NewCache[int, stamp, string](10*slot, 10*slot)
	c.Put(1, stamp{3, 100}, "old", 100)
	for _, st := range []stamp{{4, 100}, {3, 101}, {2, 100}} {
		if v, ok := c.Get(1, st); ok {
			t.Errorf("Get at %v returned %q stored at {3 100}", st, v)
		}
	}
	if _, ok := c.Get(2, stamp{3, 100}); ok {
		t.Error("another key's value was returned")
	}
	c.Put(1, stamp{4, 100}, "new", 100)
	if v, ok := c.Get(1, stamp{4, 100}); !ok || v != "new" {
		t.Errorf("Get at the new stamp: got %q %v, want new true", v, ok)
	}
	if _, ok := c.Get(1, stamp{3, 100}); ok {
		t.Error("the replaced value is still returned")
	}
	if n, used := c.Usage(); n != 1 || used != slot {
		t.Errorf("a new stamp took a new place: %d values of %d bytes, want 1 of %d", n, used, slot)
	}
	if v, loaded := c.GetOrPut(1, stamp{4, 100}, "other", 100); !loaded || v != "new" {
		t.Errorf("GetOrPut at the stored stamp: got %q %v, want new true", v, loaded)
	}
	if v, loaded := c.GetOrPut(1, stamp{5, 100}, "newer", 100); loaded || v != "newer" {
		t.Errorf("GetOrPut at a new stamp: got %q %v, want newer false", v, loaded)
	}
	c.Clear()
	if n, used := c.Usage(); n != 0 || used != 0 {
		t.Errorf("after Clear: %d values of %d bytes", n, used)
	}
}

// TestCacheConcurrent hammers one cache from several goroutines (run it
// with -race) and checks the bound and the stamps afterwards.
func TestCacheConcurrent(t *testing.T) {
	c := NewCache[int, int, string](50*slot, 50*slot)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				k := (i * 7) % 200
				st := i % 3
				if v, ok := c.Get(k, st); ok && v != fmt.Sprint(k, st) {
					t.Errorf("Get(%d, %d) = %q: a value of another key or stamp", k, st, v)
				}
				if (i+g)%2 == 0 {
					c.Put(k, st, fmt.Sprint(k, st), 100)
				} else {
					c.GetOrPut(k, st, fmt.Sprint(k, st), 100)
				}
			}
		})
	}
	wg.Wait()
	if n, used := c.Usage(); used > c.Budget() || int64(n)*slot != used {
		t.Errorf("after concurrent use: %d values of %d bytes, budget %d", n, used, c.Budget())
	}
}

// TestCacheStats checks the counts the metrics export: a hit for a valid
// value, a miss for an absent or stale one, an eviction for each value
// dropped to stay within the budget (not for one replaced under its key).
func TestCacheStats(t *testing.T) {
	c := NewCache[int, int, int](2*slot, 2*slot)
	c.Put(1, 1, 1, 100)
	c.Put(1, 2, 1, 100) // replaced, not evicted
	c.Get(1, 2)         // hit
	c.Get(1, 1)         // stale: miss
	c.Get(9, 1)         // absent: miss
	c.GetOrPut(2, 1, 2, 100)
	c.GetOrPut(2, 1, 2, 100)
	c.Put(3, 1, 3, 100) // evicts 1
	want := CacheStats{Entries: 2, Bytes: 2 * slot, Budget: 2 * slot, Hits: 2, Misses: 3, Evictions: 1}
	if got := c.Stats(); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
