package view

import (
	"slices"
	"sort"
	"strconv"

	"github.com/okr-dev/okr/internal/okr"
)

// Directory is the organisation's units and people that are not archived,
// loaded in two queries and indexed, so that pages can name owners without
// a query per row. A directory is shared by concurrent requests (OrgState)
// and replaced, never changed, when a unit or person changes: its fields
// are read-only.
type Directory struct {
	Units    map[int64]*okr.Unit
	People   map[int64]*okr.Person
	Children map[int64][]*okr.Unit   // unit id → child units, by name
	Members  map[int64][]*okr.Person // unit id → people, by name
	Root     *okr.Unit
	Order    map[int64]int // unit id → position in depth-first tree order
	// Settings are the organisation's settings the figures of boards
	// follow: the pace of statuses (okr.OrgSettings.Pace) and the verdict
	// band. A settings change moves the state's stamp, so a directory
	// never outlives the settings it carries. okr.DefaultSettings unless
	// set (OrgState sets the organisation's).
	Settings okr.OrgSettings
	// Mentionable are the people a mention in a comment may name, built
	// once with the directory rather than on every page that shows
	// comments (10,000 people at company scale).
	Mentionable []okr.Mentionable
}

// NewDirectory indexes units and people.
func NewDirectory(units []okr.Unit, people []okr.Person) *Directory {
	d := &Directory{
		Units: map[int64]*okr.Unit{}, People: map[int64]*okr.Person{},
		Children: map[int64][]*okr.Unit{}, Members: map[int64][]*okr.Person{},
		Order: map[int64]int{}, Settings: okr.DefaultSettings(),
	}
	for i := range units {
		u := &units[i]
		d.Units[u.ID] = u
	}
	for _, u := range d.Units {
		if u.ParentID == nil || d.Units[*u.ParentID] == nil {
			if d.Root == nil || u.ID < d.Root.ID {
				d.Root = u
			}
			continue
		}
		d.Children[*u.ParentID] = append(d.Children[*u.ParentID], u)
	}
	for _, kids := range d.Children {
		sort.Slice(kids, func(i, j int) bool { return kids[i].Name < kids[j].Name })
	}
	for i := range people {
		p := &people[i]
		d.People[p.ID] = p
		d.Mentionable = append(d.Mentionable, okr.Mentionable{ID: p.ID, Name: p.Name, Email: p.Email})
		if p.UnitID != nil {
			d.Members[*p.UnitID] = append(d.Members[*p.UnitID], p)
		}
	}
	for _, ms := range d.Members {
		sort.Slice(ms, func(i, j int) bool { return ms[i].Name < ms[j].Name })
	}
	d.order()
	return d
}

// order numbers the units depth-first from the root; units outside the
// root's tree (several roots) come last, by id.
func (d *Directory) order() {
	n := 0
	var walk func(u *okr.Unit)
	walk = func(u *okr.Unit) {
		d.Order[u.ID] = n
		n++
		for _, c := range d.Children[u.ID] {
			walk(c)
		}
	}
	if d.Root != nil {
		walk(d.Root)
	}
	for _, u := range sortedUnits(d.Units) {
		if _, ok := d.Order[u.ID]; !ok {
			d.Order[u.ID] = n
			n++
		}
	}
}

func sortedUnits(m map[int64]*okr.Unit) []*okr.Unit {
	out := make([]*okr.Unit, 0, len(m))
	for _, u := range m {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// size approximates the directory's bytes, for the cache's budget.
func (d *Directory) size() int64 {
	var n int64
	for _, u := range d.Units {
		n += 300 + int64(len(u.Name)+8*len(u.LeadIDs))
	}
	for _, p := range d.People {
		n += 350 + int64(len(p.Name)+len(p.Email))
	}
	return n
}

// Owner is how pages show an owner: a name, a link and its level.
type Owner struct {
	Name  string
	Href  string
	Level okr.Level
	Unit  *okr.Unit   // set for unit owners
	Who   *okr.Person // set for person owners
}

// Owner describes o; an owner that no longer exists shows as "–".
func (d *Directory) Owner(o okr.Owner) Owner {
	level := okr.LevelOf(o, d.Units)
	switch {
	case o.PersonID != nil:
		if p := d.People[*o.PersonID]; p != nil {
			return Owner{Name: p.Name, Href: "/people/" + strconv.FormatInt(p.ID, 10), Level: level, Who: p}
		}
	case o.UnitID != nil:
		if u := d.Units[*o.UnitID]; u != nil {
			return Owner{Name: u.Name, Href: "/units/" + strconv.FormatInt(u.ID, 10), Level: level, Unit: u}
		}
	}
	return Owner{Name: "–", Level: level}
}

// Rank orders owners for lists: company, departments and teams in tree
// order, then people by the tree order of their unit and by name.
func (d *Directory) Rank(o okr.Owner) (int, string) {
	if o.UnitID != nil {
		return d.Order[*o.UnitID], ""
	}
	if o.PersonID != nil {
		if p := d.People[*o.PersonID]; p != nil {
			r := len(d.Order)
			if p.UnitID != nil {
				if n, ok := d.Order[*p.UnitID]; ok {
					r = n
				}
			}
			return len(d.Order) + 1 + r, p.Name
		}
	}
	return 2*len(d.Order) + 2, ""
}

// Leads reports whether person leads unit u or one of its ancestors.
func (d *Directory) Leads(personID int64, u *okr.Unit) bool {
	for seen := 0; u != nil && seen <= len(d.Units); seen++ {
		for _, id := range u.LeadIDs {
			if id == personID {
				return true
			}
		}
		if u.ParentID == nil {
			return false
		}
		u = d.Units[*u.ParentID]
	}
	return false
}

// Path returns the units from the root down to u.
func (d *Directory) Path(u *okr.Unit) []*okr.Unit {
	var out []*okr.Unit
	for seen := 0; u != nil && seen <= len(d.Units); seen++ {
		out = append([]*okr.Unit{u}, out...)
		if u.ParentID == nil {
			break
		}
		u = d.Units[*u.ParentID]
	}
	return out
}

// TeamUnits returns the units the person leads (their objectives are the
// person's own to run) and the person's own unit when they do not lead it.
func (d *Directory) TeamUnits(person okr.Person) (led, member map[int64]bool) {
	led, member = map[int64]bool{}, map[int64]bool{}
	for id, u := range d.Units {
		for _, l := range u.LeadIDs {
			if l == person.ID {
				led[id] = true
				break
			}
		}
	}
	if person.UnitID != nil && !led[*person.UnitID] {
		member[*person.UnitID] = true
	}
	return led, member
}

// TreeOrder returns the units depth-first from the root, siblings by name.
func (d *Directory) TreeOrder() []*okr.Unit {
	out := make([]*okr.Unit, 0, len(d.Units))
	for _, u := range d.Units {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return d.Order[out[i].ID] < d.Order[out[j].ID] })
	return out
}

// Depth is the number of units above u.
func (d *Directory) Depth(u *okr.Unit) int { return len(d.Path(u)) - 1 }

// PeopleByName returns the active people sorted by name.
func (d *Directory) PeopleByName() []*okr.Person {
	out := make([]*okr.Person, 0, len(d.People))
	for _, p := range d.People {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// LeadsUp reports whether person leads unit id or a unit above it; known
// is false when the directory lacks one of those units.
func (d *Directory) LeadsUp(person, id int64) (led, known bool) {
	for range len(d.Units) + 1 {
		u := d.Units[id]
		if u == nil {
			return false, false
		}
		if slices.Contains(u.LeadIDs, person) {
			return true, true
		}
		if u.ParentID == nil {
			return false, true
		}
		id = *u.ParentID
	}
	return false, false // a cycle, which the store forbids
}

// Subtree returns u and every unit below it.
func (d *Directory) Subtree(u *okr.Unit) []*okr.Unit {
	out := []*okr.Unit{u}
	for i := 0; i < len(out) && i <= len(d.Units); i++ {
		out = append(out, d.Children[out[i].ID]...)
	}
	return out
}
