package web

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"github.com/okr-dev/okr/internal/okr"
)

// krCache keeps the key results of objectives between requests, each
// objective's under the content revision it was read at
// (okr.Objective.Rev, which the store bumps in the same transaction as any
// change under the objective). A list page reads its objectives anyway; the
// key results of those whose revision did not move come from here, and one
// statement reads the rest. The revision lives in the database, so several
// servers on one database each keep a correct cache.
//
// The cached key results are shared by concurrent requests: pages copy
// them into their boards and never change them.
type krCache struct {
	mu sync.Mutex
	m  map[krCacheKey]krCacheEntry
}

type krCacheKey struct{ org, objective int64 }

type krCacheEntry struct {
	rev int64
	krs []okr.KeyResult
}

// krCacheMax bounds the cache: about a third of the large generated
// organisation's objectives, some 30 MB.
const krCacheMax = 12000

// keyResultsOf returns the key results that are not archived of the
// objectives in lists, ordered by objective id, then position, as
// store.ListKeyResults does.
func (s *Server) keyResultsOf(ctx context.Context, orgID int64, lists ...[]okr.Objective) ([]okr.KeyResult, error) {
	var objs []*okr.Objective
	for _, l := range lists {
		for i := range l {
			objs = append(objs, &l[i])
		}
	}
	slices.SortFunc(objs, func(a, b *okr.Objective) int { return cmp.Compare(a.ID, b.ID) })
	objs = slices.CompactFunc(objs, func(a, b *okr.Objective) bool { return a.ID == b.ID })

	c := &s.krs
	found := make([][]okr.KeyResult, len(objs))
	var missing []int64
	c.mu.Lock()
	for i, o := range objs {
		if e, ok := c.m[krCacheKey{orgID, o.ID}]; ok && e.rev == o.Rev {
			found[i] = e.krs
		} else {
			missing = append(missing, o.ID)
		}
	}
	c.mu.Unlock()
	if len(missing) > 0 {
		read, err := s.DB.ListKeyResults(ctx, orgID, missing, false)
		if err != nil {
			return nil, err
		}
		byObj := map[int64][]okr.KeyResult{}
		for _, kr := range read {
			byObj[kr.ObjectiveID] = append(byObj[kr.ObjectiveID], kr)
		}
		c.mu.Lock()
		if c.m == nil {
			c.m = map[krCacheKey]krCacheEntry{}
		}
		if len(c.m)+len(missing) > krCacheMax {
			c.evict(len(missing))
		}
		for i, o := range objs {
			if found[i] != nil {
				continue
			}
			// Read after the objective, so at least as new as o.Rev: a
			// newer read only makes the next request read again.
			krs := byObj[o.ID]
			if krs == nil {
				krs = []okr.KeyResult{}
			}
			found[i] = krs
			c.m[krCacheKey{orgID, o.ID}] = krCacheEntry{rev: o.Rev, krs: krs}
		}
		c.mu.Unlock()
	}
	n := 0
	for _, krs := range found {
		n += len(krs)
	}
	out := make([]okr.KeyResult, 0, n)
	for _, krs := range found {
		out = append(out, krs...)
	}
	return out, nil
}

// evict drops about a quarter of the cache, and room for n more, in the
// map's random order. c.mu is held.
func (c *krCache) evict(n int) {
	drop := len(c.m)/4 + n
	for k := range c.m {
		if drop == 0 {
			return
		}
		delete(c.m, k)
		drop--
	}
}
