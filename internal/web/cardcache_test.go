package web

import (
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
)

// TestCardCacheFollowsRevisionAndStamp checks that a card's cached facts
// are used while the objective's revision, the organisation's state stamp
// and the key results stand, and written again when any of them moves.
func TestCardCacheFollowsRevisionAndStamp(t *testing.T) {
	cache := newCardCache()
	viewer := &Viewer{Org: okr.Org{ID: 1}}
	page := func(lang, stamp string) *Page {
		for _, p := range cardPages(t) {
			if p.Lang == lang {
				p.Viewer, p.cards, p.stamp = viewer, cache, stamp
				return p
			}
		}
		t.Fatalf("no page in %s", lang)
		return nil
	}
	cur := 12.0
	o := &view.ObjView{O: okr.Objective{ID: 7, Title: "Grow", Rev: 3}, Owner: view.Owner{Name: "Team"}}
	kr := &view.KRView{KR: okr.KeyResult{ID: 70, ObjectiveID: 7, Title: "Customers", Current: &cur,
		Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 40}}, Obj: o, Owner: view.Owner{Name: "Team"}}
	o.KRs = []*view.KRView{kr}

	card := func(p *Page) string { return renderString(ObjCard(p, o, "h3")) }
	first := card(page("en", "s1"))
	if !strings.Contains(first, ">12<") && !strings.Contains(first, ">12 ") {
		t.Fatalf("card without the current value 12:\n%s", first)
	}
	// Same revision and stamp: the cached parts stand, even though the key
	// result changed behind the revision's back.
	cur = 30
	if got := (card(page("en", "s1"))); got != first {
		t.Errorf("same revision and stamp: the card was written again")
	}
	// The store bumps the revision with the check-in.
	o.O.Rev++
	if got := (card(page("en", "s1"))); !strings.Contains(got, ">30") {
		t.Errorf("new revision: the card still shows the old value:\n%s", got)
	}
	// Owners' names are not cached: a renamed owner shows at once.
	kr.Owner = view.Owner{Name: "Kari Nordmann"}
	if got := (card(page("en", "s1"))); !strings.Contains(got, "Kari Nordmann") {
		t.Errorf("the card lacks the renamed owner")
	}
	// Another language is another entry.
	if got := (card(page("nb", "s2"))); !strings.Contains(got, "Nøkkelresultater") {
		t.Errorf("Norwegian card not in Norwegian:\n%s", got)
	}
	// Another set of key results is written again.
	o.KRs = nil
	if got := (card(page("en", "s2"))); strings.Contains(got, "Customers") {
		t.Errorf("the card still lists a key result it no longer has")
	}
}
