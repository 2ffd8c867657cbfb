package gen

import (
	"fmt"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// unitPlan is a unit of the tree with what generation needs to know about it.
type unitPlan struct {
	unit    okr.Unit
	parent  *unitPlan
	area    int // index into areas; -1 for the company
	region  int
	members []int   // indices into generator.people; members[0] leads
	objs    []int64 // the unit's objectives, once written
	kpis    []int64 // the department's KPIs, once written
}

func (u *unitPlan) lead() int { return u.members[0] }

// writeTree writes the company, its departments and teams, the people and
// the unit leads.
func (g *generator) writeTree() error {
	g.planTree()
	for _, u := range g.units {
		if u.parent != nil {
			u.unit.ParentID = &u.parent.unit.ID
		}
		if err := g.l.Unit(&u.unit); err != nil {
			return err
		}
		g.counts.Units++
	}
	g.planPeople()
	for i := range g.people {
		p := &g.people[i]
		p.UnitID = &g.units[g.unitOf[i]].unit.ID
		if err := g.l.Person(p, g.hash); err != nil {
			return err
		}
		g.counts.People++
		g.report(false)
	}
	for _, u := range g.units {
		if err := g.l.Leads(u.unit.ID, []int64{g.people[u.lead()].ID}); err != nil {
			return err
		}
	}
	return nil
}

// planTree lays out the units: departments are areas in regions, and the
// teams are spread evenly over them.
func (g *generator) planTree() {
	s := g.opts.Spec
	company := &unitPlan{unit: okr.Unit{Name: s.Name, Kind: okr.UnitCompany}, area: -1}
	g.units = append(g.units, company)
	depts := make([]*unitPlan, s.Departments)
	for d := range depts {
		a, r := d%len(areas), (d/len(areas))%len(regions)
		name := areas[a].name + " " + regions[r]
		if n := d / (len(areas) * len(regions)); n > 0 {
			name += fmt.Sprintf(" %d", n+1)
		}
		depts[d] = &unitPlan{unit: okr.Unit{Name: name, Kind: okr.UnitDepartment}, parent: company, area: a, region: r}
		g.units = append(g.units, depts[d])
	}
	for d, dept := range depts {
		n := s.Teams / s.Departments
		if d < s.Teams%s.Departments {
			n++
		}
		names := areas[dept.area].teams
		for i := range n {
			name := names[i%len(names)] + " " + regions[dept.region]
			if k := i / len(names); k > 0 {
				name += fmt.Sprintf(" %d", k+1)
			}
			g.units = append(g.units, &unitPlan{unit: okr.Unit{Name: name, Kind: okr.UnitTeam}, parent: dept, area: dept.area, region: dept.region})
		}
	}
}

// planPeople places the people: the leadership in the company unit, a head
// and two staff in each department, and the rest spread over the teams. The
// first person is the chief executive, an admin like the second.
func (g *generator) planPeople() {
	s := g.opts.Spec
	g.unitOf = make([]int, 0, s.People)
	add := func(ui int) {
		g.unitOf = append(g.unitOf, ui)
		g.units[ui].members = append(g.units[ui].members, len(g.people))
		g.people = append(g.people, g.newPerson(len(g.people)))
	}
	for range s.leaders() {
		add(0)
	}
	teams0 := 1 + s.Departments
	for d := 1; d < teams0; d++ {
		for range 3 {
			add(d)
		}
	}
	rest := s.People - len(g.people)
	for t := 0; t < s.Teams; t++ {
		n := rest / s.Teams
		if t < rest%s.Teams {
			n++
		}
		for range n {
			add(teams0 + t)
		}
	}
	g.people[0].Role, g.people[1].Role = okr.RoleAdmin, okr.RoleAdmin
}

// newPerson draws a name and derives a unique e-mail address.
func (g *generator) newPerson(i int) okr.Person {
	first := firstNames[g.rng.IntN(len(firstNames))]
	last := lastNames[g.rng.IntN(len(lastNames))]
	local := fold(first) + "." + fold(last)
	g.emails[local]++
	if n := g.emails[local]; n > 1 {
		local += fmt.Sprint(n)
	}
	return okr.Person{Name: first + " " + last, Email: local + "@" + g.opts.Slug + ".example", Role: okr.RoleMember}
}

// fold lower-cases s and spells æ, ø, å and é in ASCII.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if f, ok := asciiFold[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// weeksSoFar is the number of weeks of the quarter with check-ins: the
// quarter has 14 weeks and the generated day lies in its last two.
const weeksSoFar = 13

// writePeriods writes the quarter under way and the next one (empty, for
// planning). The quarter starts on the Monday 12 weeks before the week of
// the last Friday before now and lasts 14 weeks, so that 13 weekly
// check-ins lie in the past and now lies in the period.
func (g *generator) writePeriods() error {
	lastFri := truncDay(g.now).AddDate(0, 0, -1)
	for lastFri.Weekday() != time.Friday {
		lastFri = lastFri.AddDate(0, 0, -1)
	}
	start := lastFri.AddDate(0, 0, -4-7*(weeksSoFar-1))
	g.period = okr.Period{Name: weekSpan(start, 14), Kind: okr.PeriodQuarter, Start: start, End: start.AddDate(0, 0, 14*7-1)}
	next := okr.Period{Name: weekSpan(start.AddDate(0, 0, 14*7), 13), Kind: okr.PeriodQuarter, Start: start.AddDate(0, 0, 14*7)}
	next.End = next.Start.AddDate(0, 0, 13*7-1)
	for i := range g.opts.CheckIns {
		fri := lastFri.AddDate(0, 0, -7*(g.opts.CheckIns-1-i))
		g.weeks = append(g.weeks, fri)
	}
	if err := g.l.Period(&g.period); err != nil {
		return err
	}
	return g.l.Period(&next)
}

func truncDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// weekSpan names a period by its ISO weeks, as Norwegian offices do:
// "Uke 35–48 2026".
func weekSpan(start time.Time, weeks int) string {
	y1, w1 := start.ISOWeek()
	y2, w2 := start.AddDate(0, 0, weeks*7-1).ISOWeek()
	if y1 != y2 {
		return fmt.Sprintf("Uke %d %d – uke %d %d", w1, y1, w2, y2)
	}
	return fmt.Sprintf("Uke %d–%d %d", w1, w2, y1)
}
