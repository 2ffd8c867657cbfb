package web

import (
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
)

// Choice is one option of a select or one checkbox of a list.
type Choice struct {
	Value    string
	Label    string
	Selected bool
	// Attrs are further attributes of the option (e.g. data-no-start on
	// a metric kind, which the stylesheet reads).
	Attrs templ.Attributes
}

// ChoiceGroup is an <optgroup>.
type ChoiceGroup struct {
	Label   string
	Choices []Choice
}

// ownerChoices lists the owners the viewer may give an objective or key
// result: admins any unit or person; others themselves and the units they
// lead (with the units below them). The current owner is always offered,
// so that editing never silently changes it. Units come first in tree
// order, indented by depth; then people grouped by their unit (units in
// tree order, people by name), so that a long list reads like the
// organisation and a search for a unit finds its people (app.js).
func ownerChoices(p *Page, dir *view.Directory, current okr.Owner) []ChoiceGroup {
	v := p.Viewer
	cur := ownerValue(current)
	var units []Choice
	for _, u := range dir.TreeOrder() {
		if v.IsAdmin() || dir.Leads(v.Person.ID, u) || cur == ownerValue(okr.Owner{UnitID: &u.ID}) {
			val := ownerValue(okr.Owner{UnitID: &u.ID})
			units = append(units, Choice{Value: val, Label: strings.Repeat("\u2003", dir.Depth(u)) + u.Name, Selected: val == cur})
		}
	}
	var out []ChoiceGroup
	if len(units) > 0 {
		out = append(out, ChoiceGroup{Label: p.L.T("edit.owner_units"), Choices: units})
	}
	return append(out, peopleGroups(p, dir, cur, func(person *okr.Person) bool {
		return v.IsAdmin() || person.ID == v.Person.ID
	})...)
}

// peopleGroups lists people as owner choices ("person:<id>"), one group per
// unit in tree order ("People in Sales") and a last one of people without
// a unit; keep says who is offered, and the current owner cur always is.
func peopleGroups(p *Page, dir *view.Directory, cur string, keep func(*okr.Person) bool) []ChoiceGroup {
	byUnit := map[int64][]Choice{}
	for _, person := range dir.PeopleByName() {
		val := ownerValue(okr.Owner{PersonID: &person.ID})
		if !keep(person) && val != cur {
			continue
		}
		var unit int64
		if person.UnitID != nil && dir.Units[*person.UnitID] != nil {
			unit = *person.UnitID
		}
		byUnit[unit] = append(byUnit[unit], Choice{Value: val, Label: person.Name, Selected: val == cur})
	}
	var out []ChoiceGroup
	for _, u := range dir.TreeOrder() {
		if cs := byUnit[u.ID]; len(cs) > 0 {
			out = append(out, ChoiceGroup{Label: p.L.T("edit.owner_people_in", "Unit", u.Name), Choices: cs})
		}
	}
	if cs := byUnit[0]; len(cs) > 0 {
		out = append(out, ChoiceGroup{Label: p.L.T("edit.owner_people_no_unit"), Choices: cs})
	}
	return out
}

// unitChoices lists every unit in tree order for a unit select; empty
// offers a first "none" option with that label.
func unitChoices(dir *view.Directory, selected *int64, empty string) []Choice {
	var out []Choice
	if empty != "" {
		out = append(out, Choice{Value: "", Label: empty, Selected: selected == nil})
	}
	for _, u := range dir.TreeOrder() {
		out = append(out, Choice{
			Value:    strconv.FormatInt(u.ID, 10),
			Label:    strings.Repeat("\u2003", dir.Depth(u)) + u.Name,
			Selected: selected != nil && *selected == u.ID,
		})
	}
	return out
}

// personChoices lists every active person for a person select; empty
// offers a first "none" option with that label.
func personChoices(dir *view.Directory, selected *int64, empty string) []Choice {
	var out []Choice
	if empty != "" {
		out = append(out, Choice{Value: "", Label: empty, Selected: selected == nil})
	}
	for _, person := range dir.PeopleByName() {
		out = append(out, Choice{Value: strconv.FormatInt(person.ID, 10), Label: person.Name, Selected: selected != nil && *selected == person.ID})
	}
	return out
}

// periodChoices lists the periods that objectives may be placed in: the
// open, active ones, plus the selected one whatever its state.
func periodChoices(periods []okr.Period, selected int64) []Choice {
	var out []Choice
	for _, pr := range periods {
		if (pr.Closed || pr.Archived) && pr.ID != selected {
			continue
		}
		out = append(out, Choice{Value: strconv.FormatInt(pr.ID, 10), Label: pr.Name, Selected: pr.ID == selected})
	}
	return out
}

// objectiveChoices lists objectives to link to (parent, contributes-to,
// move target), grouped by unit in tree order: a unit's group holds its
// own objectives and then those of its people (by name), each labelled
// with the person. Every objective of objs is listed except the excluded
// ones; selected marks the chosen ids.
func objectiveChoices(p *Page, dir *view.Directory, objs []okr.Objective, exclude map[int64]bool, selected map[int64]bool) []ChoiceGroup {
	type item struct {
		o      *okr.Objective
		rank   int    // the unit's place in the tree; people without a unit last
		unit   string // the group's label
		person string // "" for a unit's own objective
	}
	noUnit := len(dir.Order) + 1
	items := make([]item, 0, len(objs))
	for i := range objs {
		o := &objs[i]
		if exclude[o.ID] {
			continue
		}
		it := item{o: o, rank: noUnit, unit: p.L.T("edit.owner_people_no_unit")}
		u := o.Owner.UnitID
		if id := o.Owner.PersonID; id != nil {
			it.person = dir.Owner(o.Owner).Name
			if person := dir.People[*id]; person != nil {
				u = person.UnitID
			}
		}
		if u != nil && dir.Units[*u] != nil {
			unit := dir.Units[*u]
			it.rank, it.unit = dir.Order[unit.ID], unit.Name+" ("+p.L.T("level."+string(okr.LevelOf(okr.Owner{UnitID: &unit.ID}, dir.Units)))+")"
		}
		items = append(items, it)
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if a.person != b.person {
			return a.person < b.person // "" first: the unit's own
		}
		return a.o.ID < b.o.ID
	})
	var out []ChoiceGroup
	for _, it := range items {
		if len(out) == 0 || out[len(out)-1].Label != it.unit {
			out = append(out, ChoiceGroup{Label: it.unit})
		}
		label := it.o.Title
		if it.person != "" {
			label += " \u2014 " + it.person
		}
		g := &out[len(out)-1]
		g.Choices = append(g.Choices, Choice{Value: strconv.FormatInt(it.o.ID, 10), Label: label, Selected: selected[it.o.ID]})
	}
	return out
}

// descendants returns id and the ids of every objective below it in objs
// (by parent links), which may not become its parent.
func descendants(objs []okr.Objective, id int64) map[int64]bool {
	kids := map[int64][]int64{}
	for _, o := range objs {
		if o.ParentID != nil {
			kids[*o.ParentID] = append(kids[*o.ParentID], o.ID)
		}
	}
	out := map[int64]bool{id: true}
	stack := []int64{id}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, k := range kids[n] {
			if !out[k] {
				out[k] = true
				stack = append(stack, k)
			}
		}
	}
	return out
}

// idSet makes a set of ids.
func idSet(ids ...int64) map[int64]bool {
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// enumChoices lists the values of a domain enum with their messages
// (prefix.value), marking selected.
func enumChoices[T ~string](p *Page, prefix string, selected T, values ...T) []Choice {
	out := make([]Choice, len(values))
	for i, v := range values {
		out[i] = Choice{Value: string(v), Label: p.L.T(prefix + "." + string(v)), Selected: v == selected}
	}
	return out
}

// liftTarget returns the owner one level up from o: a person's unit, or a
// unit's parent. ok is false at the top (the company) or when unknown.
func liftTarget(dir *view.Directory, o okr.Owner) (okr.Owner, *okr.Unit, bool) {
	var u *okr.Unit
	switch {
	case o.PersonID != nil:
		if person := dir.People[*o.PersonID]; person != nil && person.UnitID != nil {
			u = dir.Units[*person.UnitID]
		}
	case o.UnitID != nil:
		if cur := dir.Units[*o.UnitID]; cur != nil && cur.ParentID != nil {
			u = dir.Units[*cur.ParentID]
		}
	}
	if u == nil {
		return okr.Owner{}, nil, false
	}
	return okr.Owner{UnitID: &u.ID}, u, true
}

// liftFor returns the unit above owner o when the viewer may give it the
// objective (admins, and leads of that unit or a unit above it), else nil:
// the store would refuse the move.
func liftFor(v *Viewer, dir *view.Directory, o okr.Owner) *okr.Unit {
	_, u, ok := liftTarget(dir, o)
	if !ok || !(v.IsAdmin() || dir.Leads(v.Person.ID, u)) {
		return nil
	}
	return u
}
