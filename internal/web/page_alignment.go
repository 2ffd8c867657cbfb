package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

func init() {
	addPageRoutes(func(s *Server, mux *http.ServeMux) {
		mux.Handle("GET /alignment", s.member(s.alignmentPage))
		mux.Handle("GET /alignment/node", s.member(s.alignmentNode))
	})
}

// alignLoadedDepth is how deep the first screen renders node contents;
// deeper nodes load when opened (htmx) or through their link.
const alignLoadedDepth = 1

// alignmentData is the alignment tree of one period.
type alignmentData struct {
	Period  okr.Period
	Periods []okr.Period
	Root    *alignNode
	Path    []*okr.Unit // from the company down to Root's parent, for a breadcrumb
	Node    *alignNode  // the node of a fragment request
}

// alignNode is a unit or a person in the tree with their objectives and the
// roll-up of everything at and below the node.
type alignNode struct {
	ID       string // "u12" or "p7"
	Unit     *okr.Unit
	Person   *okr.Person
	Name     string
	Level    okr.Level
	Objs     []*ObjView
	Children []*alignNode
	Count    int     // objectives at and below the node
	Rollup   float64 // mean shown progress of those objectives
	Expected float64
	Status   okr.Status
	Depth    int
	Loaded   bool   // the node's contents are rendered now
	Link     string // the node as the root of the tree (no-JS fallback)
	LoadURL  string // the node's contents as a fragment (htmx)
}

func (s *Server) alignmentPage(w http.ResponseWriter, r *http.Request) error {
	p, _, err := s.alignment(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "alignment", p)
}

// alignmentNode answers the htmx request for one node's contents; a plain
// visit goes to the tree rooted at that node.
func (s *Server) alignmentNode(w http.ResponseWriter, r *http.Request) error {
	if !isHX(r) {
		q := r.URL.Query()
		http.Redirect(w, r, "/alignment?"+q.Encode(), http.StatusSeeOther)
		return nil
	}
	p, data, err := s.alignment(r)
	if err != nil {
		return err
	}
	data.Node = data.Root
	return s.renderFragment(w, http.StatusOK, "alignment", "anode-body", p)
}

// alignment builds the tree for the request: rooted at ?unit= or ?person=,
// else at the company.
func (s *Server) alignment(r *http.Request) (*Page, *alignmentData, error) {
	ctx := r.Context()
	v := mustViewer(r)
	period, periods, err := s.pickPeriod(ctx, r, v.Org.ID)
	if err != nil {
		return nil, nil, err
	}
	data := &alignmentData{Period: period, Periods: periods}
	p := s.newPage(r, "alignment", "alignment.title", data)
	if period.ID == 0 {
		return p, data, nil
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return nil, nil, err
	}
	b, _, err := s.loadBoard(ctx, v.Org.ID, period, dir, store.ObjectiveFilter{})
	if err != nil {
		return nil, nil, err
	}
	t := &alignTree{b: b, dir: dir, period: period, byUnit: map[int64][]*ObjView{}, byPerson: map[int64][]*ObjView{}}
	for _, o := range b.objs {
		switch {
		case o.O.Owner.UnitID != nil:
			t.byUnit[*o.O.Owner.UnitID] = append(t.byUnit[*o.O.Owner.UnitID], o)
		case o.O.Owner.PersonID != nil:
			t.byPerson[*o.O.Owner.PersonID] = append(t.byPerson[*o.O.Owner.PersonID], o)
		}
	}
	q := r.URL.Query()
	switch {
	case q.Get("person") != "":
		id, _ := strconv.ParseInt(q.Get("person"), 10, 64)
		person := dir.people[id]
		if person == nil {
			return nil, nil, notFound()
		}
		data.Root = t.personNode(person, 0)
		if person.UnitID != nil {
			data.Path = dir.path(dir.units[*person.UnitID])
		}
	default:
		root := dir.root
		if id, err := strconv.ParseInt(q.Get("unit"), 10, 64); err == nil {
			if root = dir.units[id]; root == nil {
				return nil, nil, notFound()
			}
			if path := dir.path(root); len(path) > 1 {
				data.Path = path[:len(path)-1]
			}
		}
		if root == nil {
			return p, data, nil
		}
		data.Root = t.unitNode(root, 0)
	}
	return p, data, nil
}

type alignTree struct {
	b        *board
	dir      *directory
	period   okr.Period
	byUnit   map[int64][]*ObjView
	byPerson map[int64][]*ObjView
}

// unitNode builds the node of unit u: its objectives, then its child
// units, then its people.
func (t *alignTree) unitNode(u *okr.Unit, depth int) *alignNode {
	n := &alignNode{
		ID: "u" + strconv.FormatInt(u.ID, 10), Unit: u, Name: u.Name, Depth: depth,
		Level: okr.LevelOf(okr.Owner{UnitID: &u.ID}, t.dir.units), Objs: t.byUnit[u.ID],
	}
	for _, c := range t.dir.children[u.ID] {
		n.Children = append(n.Children, t.unitNode(c, depth+1))
	}
	for _, m := range t.dir.members[u.ID] {
		n.Children = append(n.Children, t.personNode(m, depth+1))
	}
	t.finish(n, "unit", u.ID)
	return n
}

func (t *alignTree) personNode(person *okr.Person, depth int) *alignNode {
	n := &alignNode{
		ID: "p" + strconv.FormatInt(person.ID, 10), Person: person, Name: person.Name, Depth: depth,
		Level: okr.LevelIndividual, Objs: t.byPerson[person.ID],
	}
	t.finish(n, "person", person.ID)
	return n
}

// finish computes the node's roll-up over its subtree and its links.
func (t *alignTree) finish(n *alignNode, kind string, id int64) {
	var sum float64
	for _, o := range n.Objs {
		sum += o.Shown()
	}
	n.Count = len(n.Objs)
	for _, c := range n.Children {
		sum += c.Rollup * float64(c.Count)
		n.Count += c.Count
	}
	if n.Count > 0 {
		n.Rollup = sum / float64(n.Count)
	}
	n.Expected = okr.ExpectedProgress(&t.period, t.b.now)
	n.Status = okr.PaceStatus(n.Rollup, n.Expected, false)
	n.Loaded = n.Depth <= alignLoadedDepth
	q := url.Values{"period": {strconv.FormatInt(t.period.ID, 10)}, kind: {strconv.FormatInt(id, 10)}}
	n.Link = "/alignment?" + q.Encode()
	n.LoadURL = "/alignment/node?" + q.Encode()
}
