package web

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
)

// TestAlignmentMapDocuments reads the alignment map: its tabs and filter,
// the company's objectives open as roots, "open all" and "close all", a
// node's subtree (?root=), the children of a node as htmx loads them, and
// unknown filters.
func TestAlignmentMapDocuments(t *testing.T) {
	dc := newDocClient(t)
	cur := currentPeriod(t, dc.app)
	pid := strconv.FormatInt(cur.ID, 10)
	company := mapObjective(t, dc.app, "Bli Nordens mest anbefalte nettbutikk for ung kunst")
	marketing := mapObjective(t, dc.app, "Øke merkevaren vår i målgruppen")
	content := mapObjective(t, dc.app, "Bli kjent for historiene bak kunstnerne")
	funding := mapObjective(t, dc.app, "Fullføre neste finansieringsrunde slik at vi kan vokse neste kvartal")

	d := dc.get("/alignment", false)
	d.wantText("main h1", dc.en.T("alignment.title"))
	d.wantText(`nav.subnav a[aria-current="page"]`, dc.en.T("alignment.tab_map"))
	d.wantAttr(`nav.subnav a[href^="/alignment/units"]`, "href", "/alignment/units?period="+pid)
	d.wantAttr(`form.filters[role="search"]`, "action", "/alignment")
	d.has(`form.filters select#f-unit[name="unit"]`)
	d.has(`form.filters select#f-person[name="person"]`)
	d.has("#omap > li#map-" + company + " > details.omap-kids[open] > summary")
	d.has("#map-" + company + " > details > ul > li#map-" + marketing + " > details.omap-kids:not([open])")
	d.wantAttr(`.omap-bar a[href*="open=all"]`, "href", "/alignment?open=all&period="+pid)
	if d.count("script:not([src])") != 0 {
		t.Errorf("alignment map: an inline script")
	}

	d = dc.get("/alignment?period="+pid+"&open=all", false)
	if n := d.count(".omap details:not([open])"); n != 0 {
		t.Errorf("open all: %d nodes closed", n)
	}

	// A node's subtree, with the path above it; the rest is gone.
	d = dc.get("/alignment?period="+pid+"&root="+marketing, false)
	d.has("#map-" + company + ".omap-context > details[open] > ul > li#map-" + marketing + " > details[open] > ul > li#map-" + content)
	if d.count("#map-"+funding) != 0 {
		t.Errorf("the subtree of %s shows objective %s", marketing, funding)
	}
	d.wantAttr(".omap-bar a[href*=\"open=all\"]", "href", "/alignment?open=all&period="+pid+"&root="+marketing)

	// The children of a node as htmx loads them; a plain visit gets the
	// node's subtree.
	d = dc.get("/alignment/children?period="+pid+"&root="+marketing, true)
	d.fragment()
	d.has("ul > li#map-" + content + ".omap-node")
	res, _ := get(t, dc.c, dc.app.url+"/alignment/children?period="+pid+"&root="+marketing)
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/alignment?period="+pid+"&root="+marketing {
		t.Errorf("a plain visit of a node's children: got %d to %q, want 303 to the node's subtree", res.StatusCode, loc)
	}

	for _, path := range []string{"/alignment?unit=99999999", "/alignment?person=99999999", "/alignment?root=99999999"} {
		if res, _ := get(t, dc.c, dc.app.url+path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: got %d, want 404", path, res.StatusCode)
		}
	}
}

// TestAlignmentMapBudget: a map larger than the budget renders the levels
// that fit, and the nodes whose children do not fit load them when
// opened, with a link to their subtree for a browser without JavaScript.
func TestAlignmentMapBudget(t *testing.T) {
	id := func(n int64) *int64 { return &n }
	dir := view.NewDirectory([]okr.Unit{{ID: 1, Name: "Co", Kind: okr.UnitCompany}, {ID: 2, Name: "Dept", Kind: okr.UnitDepartment, ParentID: id(1)}}, nil)
	entries := []view.MapEntry{{ID: 1, Owner: okr.Owner{UnitID: id(1)}, State: okr.StatePublished}}
	next := int64(2)
	for range 10 {
		parent := next
		entries = append(entries, view.MapEntry{ID: parent, Parent: 1, Owner: okr.Owner{UnitID: id(2)}, State: okr.StatePublished})
		next++
		for range 10 {
			entries = append(entries, view.MapEntry{ID: next, Parent: parent, Owner: okr.Owner{UnitID: id(2)}, State: okr.StatePublished})
			next++
		}
	}
	d := &alignMapData{filter: map[string][]string{"period": {"7"}}}
	m := view.BuildObjMap(entries, dir, nil, 0)
	tops, left, all := d.plan(m.Roots, m.Loose, 20)
	if len(tops) != 1 || left != 0 || len(tops[0].Kids) != 10 || !tops[0].Open || len(all) != 11 {
		t.Fatalf("got %d tops (%d left) with %d children, %d in all; want the root open with its 10 children", len(tops), left, len(tops[0].Kids), len(all))
	}
	for _, c := range tops[0].Kids {
		if !c.Lazy || len(c.Kids) != 0 || c.Open {
			t.Errorf("child %d: lazy %v with %d children rendered, want its children left to load", c.N.ID, c.Lazy, len(c.Kids))
		}
		want := "period=7&root=" + strconv.FormatInt(c.N.ID, 10)
		if c.LoadURL != "/alignment/children?"+want || c.Link != "/alignment?"+want {
			t.Errorf("child %d: load %q, link %q", c.N.ID, c.LoadURL, c.Link)
		}
	}
	tops, _, all = d.plan(m.Roots, m.Loose, 200)
	for _, c := range tops[0].Kids {
		if c.Lazy || len(c.Kids) != 10 {
			t.Errorf("with room for all: child %d lazy %v with %d children", c.N.ID, c.Lazy, len(c.Kids))
		}
	}
	if len(all) != 111 {
		t.Errorf("with room for all: %d planned, want 111", len(all))
	}
	// Objectives aligned under nothing keep a quarter of the budget: the
	// tree takes 30 of 40 here, the loose ones the rest.
	var loose []*view.MapNode
	for i := range 50 {
		n := &view.MapNode{MapEntry: view.MapEntry{ID: int64(1000 + i)}}
		loose = append(loose, n)
	}
	tops, left, all = d.plan(m.Roots, loose, 40)
	if len(tops) != 20 || left != 31 || len(all) != 40 || len(tops[0].Kids[0].Kids) != 10 || !tops[0].Kids[1].Lazy {
		t.Errorf("with 50 loose in 40: got %d tops, %d left, %d in all; want the root with 10+10, then 19 loose and 31 left", len(tops), left, len(all))
	}
	if !strings.HasPrefix(string(d.openAllURL()), "/alignment?open=all") {
		t.Errorf("open all links to %s", d.openAllURL())
	}
}
