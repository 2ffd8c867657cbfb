package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/a-h/templ"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
)

// The alignment map: the period's objectives as a tree along their parent
// links, from the company's objectives down, each with its progress (its
// own, or its roll-up) and status; contributes-to links are references to
// the other node, not a second copy of it. It is the alignment page's
// default view because it answers the question people bring to that page
// ("how does my work connect to the company's objectives?") in one look;
// the tree of units (page_alignment.go) stays one tab away.
//
// The page builds the map of the whole period from the period's index in
// one pass (view.BuildObjMap: owners, parents and states, no statement per
// objective), filters it, chooses what to render, and then reads only the
// board of the rendered nodes (view.LoadMapBoard: titles, links, key
// results from the model's cache, roll-ups from the index). It renders at
// most mapBudget nodes: in a large organisation the levels that do not fit
// load when opened (htmx), or through a link without JavaScript. "Open
// all" is a link (?open=all) that renders everything open, up to
// mapOpenAllBudget nodes.

const (
	mapBudget        = 600
	mapOpenAllBudget = 5000
)

// alignMapData is the alignment map of one period.
type alignMapData struct {
	Period   okr.Period
	Periods  []okr.Period
	Units    []unitOption
	People   []*okr.Person
	UnitID   int64
	PersonID int64
	RootID   int64
	Filtered bool // by unit, person or root
	OpenAll  bool
	Map      *view.ObjMap
	Roots    []*mapItem
	Loose    []*mapItem
	// LooseLeft is how many objectives that are not aligned did not fit.
	LooseLeft int
	filter    url.Values // period, unit, person: for the page's links
	org       int64
	dir       *view.Directory
}

// mapItem is a node as the page renders it.
type mapItem struct {
	N         *view.MapNode
	Obj       *view.ObjView
	Kids      []*mapItem // rendered children
	Hit       bool       // matches a filter
	Lazy      bool       // has children that load when opened
	Open      bool
	Link      string // the map of the node's subtree (no-JS fallback of Lazy)
	LoadURL   string // the node's children as a fragment (htmx)
	Contribs  []mapRef
	ContribBy []mapRef
}

// mapRef is a contributes-to link: to the node on the page when it is
// rendered there, else to the objective's page.
type mapRef struct {
	Title string
	Owner string
	Href  string
}

func (s *Server) alignmentMapPage(w http.ResponseWriter, r *http.Request) error {
	p, d, _, err := s.alignmentMap(r)
	if err != nil {
		return err
	}
	if d.Map != nil {
		budget := mapBudget
		if d.OpenAll {
			budget = mapOpenAllBudget
		}
		tops, left, all := d.plan(d.Map.Roots, d.Map.Loose, budget)
		d.Roots, d.Loose, d.LooseLeft = tops[:len(d.Map.Roots)], tops[len(d.Map.Roots):], left
		if err := s.fillMap(r.Context(), d, all); err != nil {
			return err
		}
	}
	return s.page(w, r, http.StatusOK, p, AlignmentMapPage(p, d))
}

// alignmentMapChildren answers htmx's request for the children of a node
// (?root=) that the page left out; a plain visit gets the map of that
// node's subtree.
func (s *Server) alignmentMapChildren(w http.ResponseWriter, r *http.Request) error {
	if !isHX(r) {
		http.Redirect(w, r, "/alignment?"+r.URL.Query().Encode(), http.StatusSeeOther)
		return nil
	}
	p, d, node, err := s.alignmentMap(r)
	if err != nil {
		return err
	}
	if node == nil {
		return notFound()
	}
	items, _, all := d.plan(node.Children, nil, mapBudget)
	if err := s.fillMap(r.Context(), d, all); err != nil {
		return err
	}
	return s.fragment(w, r, http.StatusOK, p, AlignMapChildren(p, items))
}

// alignmentMap reads the period, the filter (?unit=, ?person=, ?root=,
// ?open=all) and builds the map; the caller chooses what to render. node
// is the ?root= node, if any.
func (s *Server) alignmentMap(r *http.Request) (*Page, *alignMapData, *view.MapNode, error) {
	ctx := r.Context()
	v := mustViewer(r)
	period, periods, err := s.pickPeriod(ctx, r, v.Org.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	d := &alignMapData{Period: period, Periods: periods, filter: url.Values{}}
	p := s.newPage(r, "alignment", "alignment.title", d)
	if period.ID == 0 {
		return p, d, nil, nil
	}
	d.filter.Set("period", strconv.FormatInt(period.ID, 10))
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	d.org, d.dir = v.Org.ID, dir
	q := r.URL.Query()
	match, err := d.readFilter(q, dir)
	if err != nil {
		return nil, nil, nil, err
	}
	d.Units = pickableUnits(dir, d.UnitID)
	d.People = pickablePeople(dir, d.UnitID, d.PersonID)
	if id, err := strconv.ParseInt(q.Get("root"), 10, 64); err == nil && id > 0 {
		d.RootID, d.Filtered = id, true
	}
	d.OpenAll = q.Get("open") == "all"
	if match == nil && (d.RootID == 0 || isHX(r)) {
		// No filter: the period's map as the read model keeps it (built
		// again only when objectives come, go or move). The children of a
		// node are the same in it as in the map of the node's subtree.
		if d.Map, err = s.view().FullMap(ctx, v.Org.ID, period.ID, dir); err != nil {
			return nil, nil, nil, err
		}
	} else {
		entries, err := s.view().MapEntries(ctx, v.Org.ID, period.ID)
		if err != nil {
			return nil, nil, nil, err
		}
		d.Map = view.BuildObjMap(entries, dir, match, d.RootID)
	}
	var node *view.MapNode
	if d.RootID != 0 {
		if node = d.Map.ByID[d.RootID]; node == nil {
			return nil, nil, nil, notFound()
		}
	}
	return p, d, node, nil
}

// fillMap reads the board of the rendered items (view.LoadMapBoard:
// titles, contributes-to links both ways, key results, roll-ups from the
// index, objectives and key results cached by revision) and gives each item its objective and its links, which point at
// the node on the page when it is rendered there.
func (s *Server) fillMap(ctx context.Context, d *alignMapData, items []*mapItem) error {
	if len(items) == 0 {
		return nil
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.N.ID
	}
	b, err := s.view().LoadMapBoard(ctx, d.org, d.Period, d.dir, ids)
	if err != nil {
		return err
	}
	rendered := make(map[int64]bool, len(items))
	for _, it := range items {
		rendered[it.N.ID] = true
	}
	ref := func(o *view.ObjView) mapRef {
		r := mapRef{Title: o.O.Title, Owner: o.Owner.Name, Href: "/objectives/" + idStr(o.O.ID)}
		if rendered[o.O.ID] {
			r.Href = "#map-" + idStr(o.O.ID)
		}
		return r
	}
	for _, it := range items {
		if it.Obj = b.ByID[it.N.ID]; it.Obj == nil {
			continue // archived since the index was read: left out below
		}
		for _, c := range it.Obj.Contribs {
			it.Contribs = append(it.Contribs, ref(c))
		}
		for _, c := range it.Obj.ContribBy {
			it.ContribBy = append(it.ContribBy, ref(c))
		}
	}
	return nil
}

// readFilter reads ?unit= and ?person=: a unit keeps the objectives of the
// unit, of the units below it and of their people; a person keeps theirs.
// Both keep the person's objectives if the person is in the unit. It
// returns nil when nothing filters.
func (d *alignMapData) readFilter(q url.Values, dir *view.Directory) (func(*view.MapEntry) bool, error) {
	var units, people map[int64]bool
	if id, err := strconv.ParseInt(q.Get("unit"), 10, 64); err == nil && id > 0 {
		u := dir.Units[id]
		if u == nil {
			return nil, notFound()
		}
		d.UnitID = id
		units, people = map[int64]bool{}, map[int64]bool{}
		for _, sub := range dir.Subtree(u) {
			units[sub.ID] = true
			for _, m := range dir.Members[sub.ID] {
				people[m.ID] = true
			}
		}
		d.filter.Set("unit", strconv.FormatInt(id, 10))
	}
	if id, err := strconv.ParseInt(q.Get("person"), 10, 64); err == nil && id > 0 {
		if dir.People[id] == nil {
			return nil, notFound()
		}
		d.PersonID = id
		if units != nil && !people[id] {
			units, people = map[int64]bool{}, map[int64]bool{} // not in the unit: nothing matches
		} else {
			units, people = map[int64]bool{}, map[int64]bool{id: true}
		}
		d.filter.Set("person", strconv.FormatInt(id, 10))
	}
	if units == nil {
		return nil, nil
	}
	d.Filtered = true
	return func(e *view.MapEntry) bool {
		own := e.Owner
		return (own.UnitID != nil && units[*own.UnitID]) || (own.PersonID != nil && people[*own.PersonID])
	}, nil
}

// plan chooses what to render: the roots, and then, level by level, the
// children of rendered nodes while they fit in budget (less a quarter kept
// for the loose ones); a node whose children do not fit loads them when
// opened. Then the loose tops while they fit (those left out are counted)
// and their children in what is left. all is every item planned.
func (d *alignMapData) plan(roots, loose []*view.MapNode, budget int) (tops []*mapItem, looseLeft int, all []*mapItem) {
	add := func(n *view.MapNode) *mapItem {
		it := &mapItem{N: n, Hit: d.Filtered && n.Match}
		all = append(all, it)
		return it
	}
	// grow gives the items from all[from] on their children, breadth
	// first, while all stays within limit.
	grow := func(from, limit int) {
		for i := from; i < len(all); i++ {
			it := all[i]
			kids := it.N.Children
			if len(kids) == 0 {
				continue
			}
			if len(all)+len(kids) > limit {
				it.Lazy = true
				q := d.query("root", idStr(it.N.ID))
				it.Link = "/alignment?" + q
				it.LoadURL = "/alignment/children?" + q
				continue
			}
			for _, c := range kids {
				it.Kids = append(it.Kids, add(c))
			}
			it.Open = d.open(it.N)
		}
	}
	for _, n := range roots {
		tops = append(tops, add(n))
	}
	grow(0, budget-min(len(loose), budget/4))
	from := len(all)
	for i, n := range loose {
		if len(all) >= budget {
			looseLeft = len(loose) - i
			break
		}
		tops = append(tops, add(n))
	}
	grow(from, budget)
	return tops, looseLeft, all
}

// open reports whether node n starts open: all with ?open=all or a filter
// (a filtered map is the path to the matches and what lies below them);
// else the company's objectives, so that the first level below them shows.
func (d *alignMapData) open(n *view.MapNode) bool {
	if d.OpenAll || d.Filtered {
		return true
	}
	return n.Parent == nil && n.Level == okr.LevelCompany
}

// query is the page's filter with extra key-value pairs set.
func (d *alignMapData) query(kv ...string) string {
	q := url.Values{}
	for k, v := range d.filter {
		q[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			q.Del(kv[i])
		} else {
			q.Set(kv[i], kv[i+1])
		}
	}
	return q.Encode()
}

// openAllURL, closeAllURL and unitsURL are the page's links.
func (d *alignMapData) openAllURL() templ.SafeURL {
	return templ.SafeURL("/alignment?" + d.query("root", d.rootParam(), "open", "all"))
}

func (d *alignMapData) closeAllURL() templ.SafeURL {
	return templ.SafeURL("/alignment?" + d.query("root", d.rootParam()))
}

func (d *alignMapData) rootParam() string {
	if d.RootID == 0 {
		return ""
	}
	return idStr(d.RootID)
}
