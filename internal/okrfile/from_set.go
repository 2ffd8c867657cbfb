package okrfile

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// FromSet builds the File for an organisation's data, as an exporter does
// before Encode. Objects get keys (from the Set's key maps, else made from
// names and titles), references by id become references by key, and every
// list is put in a canonical order that does not depend on ids except to
// break ties:
//
//   - units: the tree depth first, siblings by name;
//   - people: by e-mail; periods: by start, end and name; KPIs: by name;
//   - KPI values, check-ins and target changes: by time;
//   - objectives: by period, then owner (units in tree order, then people
//     by e-mail), then title; key results: by Position;
//   - initiatives: by due date (none last), then title.
//
// Empty choices and zero weights take the defaults Decode gives them (the
// store treats them the same way). The okr values keep only what the format
// carries, in UTC, and get
// file-local ids from Link, so FromSet(s) equals Decode(Encode(FromSet(s)))
// apart from positions. The Set's key maps are replaced by the keys every
// object got, so a caller can find an object of the Set by its key in the
// File. FromSet returns an error for duplicate ids or keys
// and for references to ids that are not in the Set.
func FromSet(s *Set) (*File, error) {
	b := &setBuilder{s: s, f: &File{}}
	if s.Org != nil {
		o := okr.Org{Name: s.Org.Name, Slug: s.Org.Slug, Settings: s.Org.Settings}
		b.f.Org = &o
	}
	b.units()
	b.people()
	b.periods()
	b.kpis()
	b.objectives()
	if len(b.errs) > 0 {
		return nil, errors.Join(b.errs...)
	}
	if err := b.f.Link(); err != nil {
		return nil, err
	}
	s.UnitKeys, s.KPIKeys, s.ObjectiveKeys, s.KeyResultKeys = b.unitKey, b.kpiKey, b.objKey, b.krKey
	return b.f, nil
}

type setBuilder struct {
	s         *Set
	f         *File
	errs      []error
	unitKey   map[int64]string
	unitIDs   []int64 // in file order
	unitByID  map[int64]*okr.Unit
	unitOrder map[int64]int
	email     map[int64]string
	period    map[int64]*okr.Period
	kpiKey    map[int64]string
	objKey    map[int64]string
	krKey     map[int64]string
}

func (b *setBuilder) fail(format string, args ...any) {
	b.errs = append(b.errs, fmt.Errorf(format, args...))
}

// byID indexes values by id, reporting zero and duplicate ids.
func byID[T any](b *setBuilder, what string, xs []T, id func(*T) int64) map[int64]*T {
	m := make(map[int64]*T, len(xs))
	for i := range xs {
		x := &xs[i]
		switch k := id(x); {
		case k == 0:
			b.fail("%s at index %d has no id", what, i)
		case m[k] != nil:
			b.fail("two %ss have id %d", what, k)
		default:
			m[k] = x
		}
	}
	return m
}

// assignKeys gives each id a key: the one in given, checked, or one made
// from its name. ids are in the order keys are handed out.
func (b *setBuilder) assignKeys(what string, ids []int64, names map[int64]string, given map[int64]string, fallback string) map[int64]string {
	taken, out := keyAlloc{}, map[int64]string{}
	for _, id := range ids {
		if k, ok := given[id]; ok && k != "" {
			if !ValidKey(k) || taken[k] {
				b.fail("%s %d: key %q is invalid or used twice", what, id, k)
			}
			taken[k], out[id] = true, k
		}
	}
	for _, id := range ids {
		if out[id] == "" {
			out[id] = taken.next(Slug(names[id], fallback))
		}
	}
	return out
}

func (b *setBuilder) units() {
	units := byID(b, "unit", b.s.Units, func(u *okr.Unit) int64 { return u.ID })
	b.unitByID = units
	children := map[int64][]*okr.Unit{}
	for _, u := range units {
		var parent int64
		if u.ParentID != nil {
			parent = *u.ParentID
			if units[parent] == nil {
				b.fail("unit %d: parent %d is not in the set", u.ID, parent)
				parent = 0
			}
		}
		children[parent] = append(children[parent], u)
	}
	var order []int64
	var walk func(parent int64)
	walk = func(parent int64) {
		kids := children[parent]
		slices.SortFunc(kids, func(x, y *okr.Unit) int { return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.ID, y.ID)) })
		for _, u := range kids {
			order = append(order, u.ID)
			walk(u.ID)
		}
	}
	walk(0)
	if len(order) != len(units) {
		b.fail("the units' parents form a cycle")
	}
	names := map[int64]string{}
	b.unitOrder = map[int64]int{}
	for i, id := range order {
		names[id], b.unitOrder[id] = units[id].Name, i
	}
	b.unitKey = b.assignKeys("unit", order, names, b.s.UnitKeys, "unit")
	b.unitIDs = order
	for _, id := range order {
		u := units[id]
		rec := &UnitRec{Key: b.unitKey[id], Unit: okr.Unit{Name: u.Name, Kind: u.Kind, Archived: u.Archived}}
		if u.ParentID != nil {
			rec.ParentKey = b.unitKey[*u.ParentID]
		}
		b.f.Units = append(b.f.Units, rec)
	}
}

func (b *setBuilder) people() {
	people := byID(b, "person", b.s.People, func(p *okr.Person) int64 { return p.ID })
	b.email = map[int64]string{}
	seen := map[string]bool{}
	for _, p := range people {
		if seen[emailKey(p.Email)] {
			b.fail("two people have the e-mail address %q", p.Email)
		}
		seen[emailKey(p.Email)], b.email[p.ID] = true, p.Email
	}
	ps := mapValues(people)
	slices.SortFunc(ps, func(x, y *okr.Person) int {
		return cmp.Or(strings.Compare(emailKey(x.Email), emailKey(y.Email)), cmp.Compare(x.ID, y.ID))
	})
	for _, p := range ps {
		rec := &PersonRec{Person: okr.Person{Email: p.Email, Name: p.Name, Role: orDefault(string(p.Role), okr.RoleMember), Language: p.Language, Archived: p.Archived}}
		rec.UnitKey = b.unitRef(p.UnitID, "person "+p.Email)
		b.f.People = append(b.f.People, rec)
	}
	for i, u := range b.f.Units {
		// Leads are set here, once the people are known.
		for _, id := range b.unitByID[b.unitIDs[i]].LeadIDs {
			u.LeadEmails = append(u.LeadEmails, b.personRef(id, "unit "+u.Key))
		}
		slices.SortFunc(u.LeadEmails, func(x, y string) int { return strings.Compare(emailKey(x), emailKey(y)) })
	}
}

func (b *setBuilder) unitRef(id *int64, what string) string {
	if id == nil {
		return ""
	}
	k, ok := b.unitKey[*id]
	if !ok {
		b.fail("%s: unit %d is not in the set", what, *id)
	}
	return k
}

// personRef returns the e-mail of person id; 0 means unknown and gives "".
func (b *setBuilder) personRef(id int64, what string) string {
	if id == 0 {
		return ""
	}
	e, ok := b.email[id]
	if !ok {
		b.fail("%s: person %d is not in the set", what, id)
	}
	return e
}

func (b *setBuilder) periods() {
	periods := byID(b, "period", b.s.Periods, func(p *okr.Period) int64 { return p.ID })
	b.period = periods
	ps := mapValues(periods)
	slices.SortFunc(ps, comparePeriods)
	for _, p := range ps {
		b.f.Periods = append(b.f.Periods, &PeriodRec{Period: okr.Period{
			Name: p.Name, Kind: orDefault(string(p.Kind), okr.PeriodQuarter), Start: day(p.Start), End: day(p.End), Closed: p.Closed, Archived: p.Archived,
		}})
	}
}

func comparePeriods(x, y *okr.Period) int {
	return cmp.Or(x.Start.Compare(y.Start), x.End.Compare(y.End), cmp.Compare(x.Name, y.Name), cmp.Compare(x.ID, y.ID))
}

// day is the calendar day of t as UTC midnight (the zero time stays zero).
func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// utc is t in UTC without a monotonic reading (the zero time stays zero).
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

func mapValues[T any](m map[int64]*T) []*T {
	out := make([]*T, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// weightOr1 treats a zero weight as the default 1, as the store does.
func weightOr1(w float64) float64 {
	if w == 0 {
		return 1
	}
	return w
}
