package web

import (
	"sort"
	"strconv"

	"github.com/okr-dev/okr/internal/okr"
)

// directory is the organisation's units and people, loaded in two queries
// and indexed, so that pages can name owners without a query per row.
type directory struct {
	units    map[int64]*okr.Unit
	people   map[int64]*okr.Person
	children map[int64][]*okr.Unit   // unit id → child units, by name
	members  map[int64][]*okr.Person // unit id → people, by name
	root     *okr.Unit
	order    map[int64]int // unit id → position in depth-first tree order
}

func newDirectory(units []okr.Unit, people []okr.Person) *directory {
	d := &directory{
		units: map[int64]*okr.Unit{}, people: map[int64]*okr.Person{},
		children: map[int64][]*okr.Unit{}, members: map[int64][]*okr.Person{},
		order: map[int64]int{},
	}
	for i := range units {
		u := &units[i]
		d.units[u.ID] = u
	}
	for _, u := range d.units {
		if u.ParentID == nil || d.units[*u.ParentID] == nil {
			if d.root == nil || u.ID < d.root.ID {
				d.root = u
			}
			continue
		}
		d.children[*u.ParentID] = append(d.children[*u.ParentID], u)
	}
	for _, kids := range d.children {
		sort.Slice(kids, func(i, j int) bool { return kids[i].Name < kids[j].Name })
	}
	for i := range people {
		p := &people[i]
		d.people[p.ID] = p
		if p.UnitID != nil {
			d.members[*p.UnitID] = append(d.members[*p.UnitID], p)
		}
	}
	for _, ms := range d.members {
		sort.Slice(ms, func(i, j int) bool { return ms[i].Name < ms[j].Name })
	}
	n := 0
	var walk func(u *okr.Unit)
	walk = func(u *okr.Unit) {
		d.order[u.ID] = n
		n++
		for _, c := range d.children[u.ID] {
			walk(c)
		}
	}
	if d.root != nil {
		walk(d.root)
	}
	// Units outside the root's tree (several roots) come last, by id.
	for _, u := range sortedUnits(d.units) {
		if _, ok := d.order[u.ID]; !ok {
			d.order[u.ID] = n
			n++
		}
	}
	return d
}

func sortedUnits(m map[int64]*okr.Unit) []*okr.Unit {
	out := make([]*okr.Unit, 0, len(m))
	for _, u := range m {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Owner is how pages show an owner: a name, a link and its level.
type Owner struct {
	Name  string
	Href  string
	Level okr.Level
	Unit  *okr.Unit   // set for unit owners
	Who   *okr.Person // set for person owners
}

// owner describes o; an owner that no longer exists shows as "–".
func (d *directory) owner(o okr.Owner) Owner {
	level := okr.LevelOf(o, d.units)
	switch {
	case o.PersonID != nil:
		if p := d.people[*o.PersonID]; p != nil {
			return Owner{Name: p.Name, Href: "/people/" + strconv.FormatInt(p.ID, 10), Level: level, Who: p}
		}
	case o.UnitID != nil:
		if u := d.units[*o.UnitID]; u != nil {
			return Owner{Name: u.Name, Href: "/units/" + strconv.FormatInt(u.ID, 10), Level: level, Unit: u}
		}
	}
	return Owner{Name: "–", Level: level}
}

// rank orders owners for lists: company, departments and teams in tree
// order, then people by the tree order of their unit and by name.
func (d *directory) rank(o okr.Owner) (int, string) {
	if o.UnitID != nil {
		return d.order[*o.UnitID], ""
	}
	if o.PersonID != nil {
		if p := d.people[*o.PersonID]; p != nil {
			r := len(d.order)
			if p.UnitID != nil {
				if n, ok := d.order[*p.UnitID]; ok {
					r = n
				}
			}
			return len(d.order) + 1 + r, p.Name
		}
	}
	return 2*len(d.order) + 2, ""
}

// leads reports whether person leads unit u or one of its ancestors.
func (d *directory) leads(personID int64, u *okr.Unit) bool {
	for seen := 0; u != nil && seen <= len(d.units); seen++ {
		for _, id := range u.LeadIDs {
			if id == personID {
				return true
			}
		}
		if u.ParentID == nil {
			return false
		}
		u = d.units[*u.ParentID]
	}
	return false
}

// path returns the units from the root down to u.
func (d *directory) path(u *okr.Unit) []*okr.Unit {
	var out []*okr.Unit
	for seen := 0; u != nil && seen <= len(d.units); seen++ {
		out = append([]*okr.Unit{u}, out...)
		if u.ParentID == nil {
			break
		}
		u = d.units[*u.ParentID]
	}
	return out
}
