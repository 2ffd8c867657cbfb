package web

import "sync"

// cardCache keeps the parts of objective cards that follow from the
// objective, its key results and the page's language (cardParts: titles,
// values and goals in the language's number format, key result owners'
// names). Formatting them is most of a card's cost and most cards of a list
// page do not change between two views. An entry holds while the
// objective's content revision (okr.Objective.Rev) and the organisation's
// state stamp (orgState: units, people and settings, which give owners'
// names and currencies) stand, and the objective has the same key results.
type cardCache struct {
	mu sync.Mutex
	m  map[cardKey]cardEntry
}

type cardKey struct {
	org, objective int64
	lang           string
}

type cardEntry struct {
	rev   int64
	stamp string
	krs   []int64 // the key results the parts were written for, in order
	parts cardParts
}

// cardCacheMax bounds the cache: about 2 KB per card.
const cardCacheMax = 8000

// cachedCardKRs is p.cardKRs(o), from the cache when it holds.
func (p *Page) cachedCardKRs(o *ObjView) cardParts {
	c := p.cards
	if c == nil || p.stamp == "" || p.Viewer == nil {
		return p.cardKRs(o)
	}
	key := cardKey{org: p.Viewer.Org.ID, objective: o.O.ID, lang: p.Lang}
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if ok && e.rev == o.O.Rev && e.stamp == p.stamp && sameKRs(e.krs, o.KRs) {
		return e.parts
	}
	parts := p.cardKRs(o)
	ids := make([]int64, len(o.KRs))
	for i, k := range o.KRs {
		ids[i] = k.KR.ID
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= cardCacheMax {
		c.m = make(map[cardKey]cardEntry, len(c.m))
	}
	c.m[key] = cardEntry{rev: o.O.Rev, stamp: p.stamp, krs: ids, parts: parts}
	c.mu.Unlock()
	return parts
}

func sameKRs(ids []int64, krs []*KRView) bool {
	if len(ids) != len(krs) {
		return false
	}
	for i, k := range krs {
		if ids[i] != k.KR.ID {
			return false
		}
	}
	return true
}
