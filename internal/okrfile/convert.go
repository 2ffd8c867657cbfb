package okrfile

import (
	"errors"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// converter turns the decoded document into a File, resolving references
// and applying defaults, and reports what is wrong on the way.
type converter struct {
	rep     *report
	f       *File
	units   map[string]*UnitRec
	people  map[string]*PersonRec // by lower-case e-mail
	periods map[string]*PeriodRec
	// periodNames holds the periods by lower-case name, for duplicates.
	periodNames map[string]*PeriodRec
	kpis        map[string]*KPIRec
	objs        map[string]*ObjectiveRec
	// paths of the records, to point at them again in later passes
	unitPath map[*UnitRec]string
	objPath  map[*ObjectiveRec]string
}

func convert(doc *docFile, rep *report) *File {
	c := &converter{
		rep: rep, f: &File{},
		units: map[string]*UnitRec{}, people: map[string]*PersonRec{}, periods: map[string]*PeriodRec{}, periodNames: map[string]*PeriodRec{},
		kpis: map[string]*KPIRec{}, objs: map[string]*ObjectiveRec{},
		unitPath: map[*UnitRec]string{}, objPath: map[*ObjectiveRec]string{},
	}
	if doc.Organization != nil {
		c.f.Org = c.org(doc.Organization)
	}
	c.convertUnits(doc.Units)
	c.convertPeople(doc.People)
	c.linkUnits()
	c.convertPeriods(doc.Periods)
	c.convertKPIs(doc.KPIs)
	c.convertObjectives(doc.Objectives)
	return c.f
}

// validate reports the okr validation errors in err at the object at path.
// names maps okr field names to file field names where they differ. Fields
// that already have a problem are not reported twice.
func (c *converter) validate(path string, err error, names map[string]string) {
	var verrs okr.ValidationErrors
	if !errors.As(err, &verrs) {
		if err != nil {
			c.rep.errorf(path, "%v", err)
		}
		return
	}
	for _, e := range verrs {
		name, msg := e.Field, e.Message
		if n, ok := names[name]; ok {
			name = n
			// Say "unit must be …", not "metric.unit must be …".
			if rest, found := strings.CutPrefix(msg, e.Field); found {
				msg = n + rest
			}
		}
		p := field(path, name)
		if !c.rep.bad[p] {
			c.rep.errorf(p, "%s", msg)
		}
	}
}

// keys gives every item of a list a key: explicit keys are checked for
// syntax and uniqueness, missing ones are made from the item's name with
// Slug, avoiding the explicit ones. paths[i] is "" for a missing item.
func (c *converter) keys(what string, paths, explicit, names []string, fallback string) []string {
	taken := keyAlloc{}
	first := map[string]string{}
	for i, k := range explicit {
		if paths[i] == "" || k == "" {
			continue
		}
		kp := field(paths[i], "key")
		switch prev, dup := first[k]; {
		case !ValidKey(k):
			c.rep.errorf(kp, "invalid key %q: use letters, digits, '-', '_' and '.', starting with a letter or digit", k)
		case dup:
			c.rep.errorf(kp, "duplicate %s key %q (first at line %d)", what, k, c.rep.posOf(prev).Line)
		default:
			first[k] = kp
		}
		taken[k] = true
	}
	out := make([]string, len(explicit))
	for i, k := range explicit {
		if paths[i] == "" {
			continue
		}
		if k == "" {
			k = taken.next(Slug(names[i], fallback))
		}
		out[i] = k
	}
	return out
}

// person resolves a reference to a person by e-mail and returns the
// person's e-mail as the people list spells it. It reports an unknown
// person at path and returns "".
func (c *converter) person(path, email string) string {
	if email == "" {
		return ""
	}
	p, ok := c.people[emailKey(email)]
	if !ok {
		c.rep.errorf(path, "unknown person %q: add them under people", email)
		return ""
	}
	return p.Person.Email
}

// owner resolves an owner reference (a person's e-mail or a unit key).
func (c *converter) owner(path, s string) OwnerRef {
	o := parseOwner(s)
	if o.Email != "" {
		o.Email = c.person(path, o.Email)
	} else if o.UnitKey != "" {
		if _, ok := c.units[o.UnitKey]; !ok {
			c.rep.errorf(path, "unknown unit %q (a person owner is written as an e-mail address)", o.UnitKey)
		}
	}
	return o
}

func orDefault[T ~string](s string, def T) T {
	if s == "" {
		return def
	}
	return T(s)
}

func floatOr(p *float64, def float64) float64 {
	if p == nil {
		return def
	}
	return *p
}

// trim drops leading and trailing white space from text, as the product
// does when it stores text (the final line break of a "|" block
// included), so that a file and the product hold the same text.
func trim(s string) string { return strings.TrimSpace(s) }
