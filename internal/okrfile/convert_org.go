package okrfile

import (
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

func (c *converter) org(d *docOrg) *okr.Org {
	const path = "organization"
	o := &okr.Org{Name: d.Name, Slug: d.Slug, Settings: okr.DefaultSettings()}
	if strings.TrimSpace(d.Name) == "" {
		c.rep.errorf(field(path, "name"), "name is required")
	}
	if s := d.Settings; s != nil {
		st := &o.Settings
		if s.Language != "" {
			st.Language = s.Language
		}
		setFraction(&st.BandLow, s.BandLow)
		setFraction(&st.BandHigh, s.BandHigh)
		setInt(&st.MaxObjectives, s.MaxObjectives)
		setInt(&st.MaxObjectivesHard, s.MaxObjectivesHard)
		setInt(&st.MinKRs, s.MinKRs)
		setInt(&st.MaxKRs, s.MaxKRs)
		setInt(&st.MaxObjectiveLength, s.MaxObjectiveLength)
		setInt(&st.CheckInDays, s.CheckInDays)
		if s.ExpectedFrom != "" {
			st.ExpectedFrom = okr.LineStart(s.ExpectedFrom)
		}
		if s.MembersCheckIn != nil {
			st.MembersCheckIn = *s.MembersCheckIn
		}
		if len(s.Rules) > 0 {
			st.Rules = s.Rules
		}
	}
	c.validate(field(path, "settings"), o.Settings.Validate(), nil)
	return o
}

func setFraction(dst *float64, src *fraction) {
	if src != nil {
		*dst = float64(*src)
	}
}

func setInt(dst *int, src *int) {
	if src != nil {
		*dst = *src
	}
}

func (c *converter) convertUnits(ds []*docUnit) {
	paths, explicit, names := make([]string, len(ds)), make([]string, len(ds)), make([]string, len(ds))
	for i, d := range ds {
		if d != nil {
			paths[i], explicit[i], names[i] = index("units", i), d.Key, d.Name
		}
	}
	keys := c.keys("unit", paths, explicit, names, "unit")
	for i, d := range ds {
		if d == nil {
			continue
		}
		u := &UnitRec{
			Key: keys[i], ParentKey: d.Parent, LeadEmails: d.Leads,
			Unit: okr.Unit{Name: d.Name, Kind: okr.UnitKind(d.Kind), Archived: d.Archived},
			Pos:  c.rep.posOf(paths[i]),
		}
		if _, dup := c.units[u.Key]; !dup {
			c.units[u.Key] = u
		}
		c.unitPath[u] = paths[i]
		c.f.Units = append(c.f.Units, u)
	}
}

func (c *converter) convertPeople(ds []*docPerson) {
	for i, d := range ds {
		if d == nil {
			continue
		}
		path := index("people", i)
		p := &PersonRec{
			UnitKey: d.Unit,
			Person: okr.Person{
				Email: strings.TrimSpace(d.Email), Name: trim(d.Name), Role: orDefault(d.Role, okr.RoleMember),
				Language: d.Language, Archived: d.Archived,
			},
			Pos: c.rep.posOf(path),
		}
		c.validate(path, p.Person.Validate(), nil)
		if k := emailKey(d.Email); k != "" {
			if prev, dup := c.people[k]; dup {
				c.rep.errorf(field(path, "email"), "duplicate person %q (first at line %d)", d.Email, prev.Pos.Line)
			} else {
				c.people[k] = p
			}
		}
		if p.UnitKey != "" {
			if _, ok := c.units[p.UnitKey]; !ok {
				c.rep.errorf(field(path, "unit"), "unknown unit %q", p.UnitKey)
			}
		}
		c.f.People = append(c.f.People, p)
	}
}

// linkUnits resolves unit parents and leads, infers missing kinds, checks
// that the units form one tree and validates them.
func (c *converter) linkUnits() {
	var root *UnitRec
	for _, u := range c.f.Units {
		path := c.unitPath[u]
		switch _, ok := c.units[u.ParentKey]; {
		case u.ParentKey == "" && root == nil:
			root = u
		case u.ParentKey == "":
			// The rule and its message are the product's (okr.Unit.ValidatePlace).
			c.rep.errorf(field(path, "parent"), "unit %q has no parent: %s (%q, line %d)", u.Key, u.Unit.ValidatePlace(root.Unit.Name).(*okr.Error).Message, root.Key, root.Pos.Line)
		case !ok:
			c.rep.errorf(field(path, "parent"), "unknown unit %q", u.ParentKey)
		case c.unitCycle(u):
			c.rep.errorf(field(path, "parent"), "unit %q is its own ancestor: the parents form a cycle", u.Key)
		}
		for j, e := range u.LeadEmails {
			u.LeadEmails[j] = c.person(index(field(path, "leads"), j), e)
		}
	}
	for _, u := range c.f.Units {
		if u.Unit.Kind == "" {
			u.Unit.Kind = c.inferKind(u, 0)
		}
		c.validate(c.unitPath[u], u.Unit.Validate(), nil)
	}
}

// unitCycle reports whether following u's parents leads back to u.
func (c *converter) unitCycle(u *UnitRec) bool {
	for p, n := c.units[u.ParentKey], 0; p != nil && n <= len(c.units); p, n = c.units[p.ParentKey], n+1 {
		if p == u {
			return true
		}
	}
	return false
}

// inferKind gives a unit without a kind one from its place in the tree:
// the root is the company, its children are departments, deeper units teams.
func (c *converter) inferKind(u *UnitRec, depth int) okr.UnitKind {
	parent, ok := c.units[u.ParentKey]
	switch {
	case u.ParentKey == "" || !ok:
		return okr.UnitCompany
	case depth > len(c.units):
		return okr.UnitTeam // a cycle, reported elsewhere
	}
	pk := parent.Unit.Kind
	if pk == "" {
		pk = c.inferKind(parent, depth+1)
	}
	if pk == okr.UnitCompany {
		return okr.UnitDepartment
	}
	return okr.UnitTeam
}

func (c *converter) convertPeriods(ds []*docPeriod) {
	for i, d := range ds {
		if d == nil {
			continue
		}
		path := index("periods", i)
		p := &PeriodRec{
			Period: okr.Period{Name: d.Name, Kind: orDefault(d.Kind, okr.PeriodQuarter), Closed: d.Closed, Archived: d.Archived},
			Pos:    c.rep.posOf(path),
		}
		if d.Start != nil {
			p.Period.Start = d.Start.t
		}
		if d.End != nil {
			p.Period.End = d.End.t
		}
		c.validate(path, p.Period.Validate(), nil)
		if prev, dup := c.periodNames[strings.ToLower(d.Name)]; dup && d.Name != "" {
			// Period names are unique regardless of case, as in the product.
			c.rep.errorf(field(path, "name"), "duplicate period %q (first at line %d)", d.Name, prev.Pos.Line)
		} else {
			c.periods[d.Name], c.periodNames[strings.ToLower(d.Name)] = p, p
		}
		c.f.Periods = append(c.f.Periods, p)
	}
}
