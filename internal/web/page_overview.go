package web

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// overviewPageSize is how many objectives one overview page lists.
const overviewPageSize = 60

// overviewData is the company overview: every unit's objectives of a
// period, each with its key results, filtered by unit, person and words.
type overviewData struct {
	Period   okr.Period
	Periods  []okr.Period
	Units    []unitOption
	People   []*okr.Person
	UnitID   int64
	PersonID int64
	Query    string
	Groups   []*ownerGroup
	Summary  view.Summary
	Total    int
	Page     int
	PrevURL  string
	NextURL  string
	Filtered bool
	Health   *healthPanel
}

// unitOption is a unit in a picker, indented by its depth in the tree.
type unitOption struct {
	Unit  *okr.Unit
	Depth int
	Label string
}

// ownerGroup is the objectives of one owner.
type ownerGroup struct {
	Owner view.Owner
	Objs  []*view.ObjView
}

func (s *Server) overviewPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	period, periods, err := s.pickPeriod(ctx, r, v.Org.ID)
	if err != nil {
		return err
	}
	data := &overviewData{Period: period, Periods: periods}
	p := s.newPage(r, "overview", "overview.title", data)
	if period.ID == 0 {
		return s.page(w, r, http.StatusOK, p, OverviewPage(p, data))
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	f, err := data.readFilter(r.URL.Query(), dir)
	if err != nil {
		return err
	}
	data.Units = pickableUnits(dir, data.UnitID)
	data.People = pickablePeople(dir, data.UnitID, data.PersonID)
	b, total, err := s.loadIndexedBoard(ctx, v.Org.ID, period, dir, f)
	if err != nil {
		return err
	}
	data.Total = total
	data.Summary = view.Summarize(b.Objs, okr.ExpectedProgress(&period, p.Now))
	data.Groups = groupByOwner(b.Objs)
	data.pager(r.URL, total)
	if !data.Filtered {
		data.Health = s.health(p, v, b)
	}
	return s.page(w, r, http.StatusOK, p, OverviewPage(p, data))
}

// readFilter turns the query parameters into a store filter. A unit selects
// the objectives of that unit, of every unit below it and of their people.
func (d *overviewData) readFilter(q url.Values, dir *view.Directory) (store.ObjectiveFilter, error) {
	f := store.ObjectiveFilter{Query: strings.TrimSpace(q.Get("q")), Limit: overviewPageSize}
	d.Query = f.Query
	d.Page, _ = strconv.Atoi(q.Get("page"))
	if d.Page < 1 {
		d.Page = 1
	}
	f.Offset = (d.Page - 1) * overviewPageSize
	if id, err := strconv.ParseInt(q.Get("unit"), 10, 64); err == nil && id > 0 {
		u := dir.Units[id]
		if u == nil {
			return f, notFound()
		}
		d.UnitID = id
		for _, sub := range dir.Subtree(u) {
			f.OwnerUnitIDs = append(f.OwnerUnitIDs, sub.ID)
			for _, m := range dir.Members[sub.ID] {
				f.OwnerPersonIDs = append(f.OwnerPersonIDs, m.ID)
			}
		}
		if len(f.OwnerPersonIDs) == 0 {
			f.OwnerPersonIDs = nil
		}
	}
	if id, err := strconv.ParseInt(q.Get("person"), 10, 64); err == nil && id > 0 {
		if dir.People[id] == nil {
			return f, notFound()
		}
		d.PersonID = id
		if d.UnitID == 0 {
			f.OwnerPersonIDs = []int64{id}
		} else if containsID(f.OwnerPersonIDs, id) {
			f.OwnerUnitIDs, f.OwnerPersonIDs = nil, []int64{id}
		} else {
			f.OwnerUnitIDs, f.OwnerPersonIDs = nil, []int64{-1} // the person is not in the unit: nothing matches
		}
	}
	d.Filtered = d.UnitID != 0 || d.PersonID != 0 || d.Query != ""
	return f, nil
}

// pager sets the links to the previous and next page of results.
func (d *overviewData) pager(u *url.URL, total int) {
	link := func(page int) string {
		q := u.Query()
		q.Set("page", strconv.Itoa(page))
		return "/overview?" + q.Encode()
	}
	if d.Page > 1 {
		d.PrevURL = link(d.Page - 1)
	}
	if d.Page*overviewPageSize < total {
		d.NextURL = link(d.Page + 1)
	}
}

// groupByOwner groups consecutive objectives of one owner; the board is
// already sorted by owner.
func groupByOwner(objs []*view.ObjView) []*ownerGroup {
	var out []*ownerGroup
	for _, o := range objs {
		if n := len(out); n > 0 && sameOwner(out[n-1].Objs[0].O.Owner, o.O.Owner) {
			out[n-1].Objs = append(out[n-1].Objs, o)
			continue
		}
		out = append(out, &ownerGroup{Owner: o.Owner, Objs: []*view.ObjView{o}})
	}
	return out
}

func sameOwner(a, b okr.Owner) bool {
	eq := func(x, y *int64) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return eq(a.UnitID, b.UnitID) && eq(a.PersonID, b.PersonID)
}

// unitOptions lists the units in tree order with their depth.
func unitOptions(d *view.Directory) []unitOption {
	var out []unitOption
	var walk func(u *okr.Unit, depth int)
	walk = func(u *okr.Unit, depth int) {
		out = append(out, unitOption{Unit: u, Depth: depth, Label: strings.Repeat("\u00a0\u00a0", depth) + u.Name})
		for _, c := range d.Children[u.ID] {
			walk(c, depth+1)
		}
	}
	if d.Root != nil {
		walk(d.Root, 0)
	}
	return out
}

// maxPickableUnits is the most units the unit filter lists: in a larger
// organisation it lists the company and its departments, and the chosen
// unit with the units above and below it.
const maxPickableUnits = 300

// pickableUnits returns the units the unit filter offers, in tree order.
func pickableUnits(d *view.Directory, unitID int64) []unitOption {
	all := unitOptions(d)
	if len(all) <= maxPickableUnits {
		return all
	}
	keep := map[int64]bool{}
	if u := d.Units[unitID]; u != nil {
		for _, a := range d.Path(u) {
			keep[a.ID] = true
		}
		for _, c := range d.Children[u.ID] {
			keep[c.ID] = true
		}
	}
	out := all[:0]
	for _, o := range all {
		if o.Depth <= 1 || keep[o.Unit.ID] {
			out = append(out, o)
		}
	}
	return out
}

// maxPickablePeople is the most people the person filter lists: in a
// larger organisation it lists the chosen unit's people, so that the page
// does not carry thousands of options.
const maxPickablePeople = 300

// pickablePeople returns the people the person filter offers, by name: all
// of them in an organisation of at most maxPickablePeople; else the people
// of unit unitID and below (none without a unit), and the chosen person.
func pickablePeople(d *view.Directory, unitID, personID int64) []*okr.Person {
	if len(d.People) <= maxPickablePeople {
		return sortedPeople(d)
	}
	var out []*okr.Person
	if u := d.Units[unitID]; u != nil {
		for _, sub := range d.Subtree(u) {
			out = append(out, d.Members[sub.ID]...)
		}
	}
	if p := d.People[personID]; p != nil && !slices.Contains(out, p) {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func sortedPeople(d *view.Directory) []*okr.Person {
	out := make([]*okr.Person, 0, len(d.People))
	for _, p := range d.People {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
