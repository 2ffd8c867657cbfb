package web

import "github.com/okr-dev/okr/internal/view"

// cardCache keeps the texts of objective cards that follow from the
// objective, its key results and the page's language (cardFacts: values and
// goals in the language's number format). Formatting them is most of a
// card's cost and most cards of a list page do not change between two
// views. An entry holds while the objective's content revision
// (okr.Objective.Rev) and the organisation's state stamp (view.OrgState:
// units, people and settings, which give owners' names and currencies)
// stand, and the objective has the same key results.
type cardCache = view.Cache[cardKey, cardStamp, *cardEntry]

type cardKey struct {
	org, objective int64
	lang           string
}

type cardStamp struct {
	rev   int64
	state string // the organisation's state stamp
}

type cardEntry struct {
	krs   []int64 // the key results the facts were written for, in order
	facts []cardFact
}

// cardBudget bounds the cache: about 8 MB (internal/view's doc on why
// the caches are small).
const cardBudget = 8 << 20

func newCardCache() *cardCache {
	return view.NewCache[cardKey, cardStamp, *cardEntry](cardBudget, cardBudget/8)
}

// cardFact is what a card shows of one key result in words: its current
// value and its goal, formatted for the page's language.
type cardFact struct {
	current, goal string
}

// cardFacts formats the facts of o's key results.
func (p *Page) cardFacts(o *view.ObjView) []cardFact {
	facts := make([]cardFact, len(o.KRs))
	for i, k := range o.KRs {
		facts[i] = cardFact{current: p.Current(&k.KR), goal: p.Goal(&k.KR)}
	}
	return facts
}

// cachedCardFacts is p.cardFacts(o), from the cache when it holds.
func (p *Page) cachedCardFacts(o *view.ObjView) []cardFact {
	c := p.cards
	if c == nil || p.stamp == "" || p.Viewer == nil {
		return p.cardFacts(o)
	}
	key := cardKey{org: p.Viewer.Org.ID, objective: o.O.ID, lang: p.Lang}
	st := cardStamp{rev: o.O.Rev, state: p.stamp}
	if e, ok := c.Get(key, st); ok && sameKRs(e.krs, o.KRs) {
		return e.facts
	}
	facts := p.cardFacts(o)
	ids := make([]int64, len(o.KRs))
	size := int64(24 + 8*len(ids))
	for i, k := range o.KRs {
		ids[i] = k.KR.ID
		size += 40 + int64(len(facts[i].current)+len(facts[i].goal))
	}
	c.Put(key, st, &cardEntry{krs: ids, facts: facts}, size)
	return facts
}

func sameKRs(ids []int64, krs []*view.KRView) bool {
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
