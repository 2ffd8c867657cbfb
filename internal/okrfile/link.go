package okrfile

import (
	"errors"
	"fmt"

	"github.com/okr-dev/okr/internal/okr"
)

// Link gives every object a file-local id (1, 2, 3 … per kind, in list
// order) and objectives and key results their Path, sets the okr values' reference fields from the records' keys and
// derives each key result's Position (its index in the objective), Current,
// Confidence and LastCheckInAt from its latest check-in (nil, "" and nil
// without check-ins, as the store keeps them). Decode and
// FromSet call it; call it again after editing a File by hand. It returns an
// error naming every reference to a key that is not in the File.
func (f *File) Link() error {
	f.idx = buildIndex(f)
	l := &linker{f: f}
	l.number()
	l.linkOrg()
	l.linkOKRs()
	return errors.Join(l.errs...)
}

type linker struct {
	f    *File
	errs []error
}

// number assigns the ids, so that references can be set in any order.
func (l *linker) number() {
	f := l.f
	for i, u := range f.Units {
		u.Unit.ID = int64(i + 1)
	}
	for i, p := range f.People {
		p.Person.ID = int64(i + 1)
	}
	for i, p := range f.Periods {
		p.Period.ID = int64(i + 1)
	}
	var valueID int64
	for i, k := range f.KPIs {
		k.KPI.ID = int64(i + 1)
		for _, v := range k.Values {
			valueID++
			v.Value.ID, v.Value.KPIID = valueID, k.KPI.ID
		}
	}
	var krID, msID int64
	for i, o := range f.Objectives {
		o.Objective.ID = int64(i + 1)
		o.Path = index("objectives", i)
		for j, kr := range o.KeyResults {
			kr.Path = index(field(o.Path, "key_results"), j)
			krID++
			kr.KeyResult.ID, kr.KeyResult.ObjectiveID, kr.KeyResult.Position = krID, o.Objective.ID, j
			kr.ObjectiveKey = o.Key
			for m := range kr.KeyResult.Milestones {
				msID++
				kr.KeyResult.Milestones[m].ID = msID
			}
			for m := range kr.ArchivedMilestones {
				msID++
				kr.ArchivedMilestones[m].ID = msID
			}
		}
	}
}

func (l *linker) fail(format string, args ...any) {
	l.errs = append(l.errs, fmt.Errorf(format, args...))
}

func (l *linker) unitID(key, what string) *int64 {
	if key == "" {
		return nil
	}
	u := l.f.Unit(key)
	if u == nil {
		l.fail("%s: unknown unit %q", what, key)
		return nil
	}
	id := u.Unit.ID
	return &id
}

func (l *linker) personID(email, what string) *int64 {
	if email == "" {
		return nil
	}
	p := l.f.Person(email)
	if p == nil {
		l.fail("%s: unknown person %q", what, email)
		return nil
	}
	id := p.Person.ID
	return &id
}

// authorID is personID for the AuthorID fields, where 0 means unknown.
func (l *linker) authorID(email, what string) int64 {
	if id := l.personID(email, what); id != nil {
		return *id
	}
	return 0
}

func (l *linker) owner(o OwnerRef, what string) okr.Owner {
	return okr.Owner{UnitID: l.unitID(o.UnitKey, what), PersonID: l.personID(o.Email, what)}
}

func (l *linker) linkOrg() {
	for _, u := range l.f.Units {
		what := "unit " + u.Key
		u.Unit.ParentID = l.unitID(u.ParentKey, what)
		u.Unit.LeadIDs = nil
		for _, e := range u.LeadEmails {
			if id := l.personID(e, what); id != nil {
				u.Unit.LeadIDs = append(u.Unit.LeadIDs, *id)
			}
		}
	}
	for _, p := range l.f.People {
		p.Person.UnitID = l.unitID(p.UnitKey, "person "+p.Person.Email)
	}
	for _, k := range l.f.KPIs {
		k.KPI.OwnerUnitID = l.unitID(k.OwnerUnitKey, "KPI "+k.Key)
		for _, v := range k.Values {
			v.Value.AuthorID = l.authorID(v.AuthorEmail, "KPI "+k.Key)
		}
	}
}
