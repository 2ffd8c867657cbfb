package okrfile

import "strings"

// fileIndex maps keys to records.
type fileIndex struct {
	units      map[string]*UnitRec
	people     map[string]*PersonRec // by lower-case e-mail
	periods    map[string]*PeriodRec
	kpis       map[string]*KPIRec
	objectives map[string]*ObjectiveRec
	krs        map[string]*KeyResultRec
}

func buildIndex(f *File) *fileIndex {
	x := &fileIndex{
		units: map[string]*UnitRec{}, people: map[string]*PersonRec{}, periods: map[string]*PeriodRec{},
		kpis: map[string]*KPIRec{}, objectives: map[string]*ObjectiveRec{}, krs: map[string]*KeyResultRec{},
	}
	for _, u := range f.Units {
		x.units[u.Key] = u
	}
	for _, p := range f.People {
		x.people[emailKey(p.Person.Email)] = p
	}
	for _, p := range f.Periods {
		x.periods[p.Period.Name] = p
	}
	for _, k := range f.KPIs {
		x.kpis[k.Key] = k
	}
	for _, o := range f.Objectives {
		x.objectives[o.Key] = o
		for _, kr := range o.KeyResults {
			x.krs[kr.Key] = kr
		}
	}
	return x
}

func emailKey(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

func (f *File) index() *fileIndex {
	if f.idx == nil {
		f.idx = buildIndex(f)
	}
	return f.idx
}

// Unit returns the unit with key, or nil.
func (f *File) Unit(key string) *UnitRec { return f.index().units[key] }

// Person returns the person with e-mail address email (compared without
// regard to case), or nil.
func (f *File) Person(email string) *PersonRec { return f.index().people[emailKey(email)] }

// Period returns the period named name, or nil.
func (f *File) Period(name string) *PeriodRec { return f.index().periods[name] }

// KPI returns the KPI with key, or nil.
func (f *File) KPI(key string) *KPIRec { return f.index().kpis[key] }

// Objective returns the objective with key, or nil.
func (f *File) Objective(key string) *ObjectiveRec { return f.index().objectives[key] }

// KeyResult returns the key result with key, or nil. Key result keys are
// unique in the whole file.
func (f *File) KeyResult(key string) *KeyResultRec { return f.index().krs[key] }
