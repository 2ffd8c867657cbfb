package gen

import (
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// sink is where a generator writes: a store.Loader, or memory. Each method
// sets the ids of what it writes.
type sink interface {
	Unit(u *okr.Unit) error
	Person(p *okr.Person, passwordHash string) error
	Leads(unitID int64, people []int64) error
	Period(p *okr.Period) error
	KPI(k *okr.KPI) error
	KPIValue(v *okr.KPIValue) error
	Objectives(objs []okr.Objective) error
	Contributes(id int64, targets []int64) error
	KeyResults(krs []okr.KeyResult) error
	Initiatives(ins []okr.Initiative) error
	CheckInRows(cs []okr.CheckIn) error
	TargetChange(tc *okr.TargetChange) error
}

// Memory is a generated organisation held in memory, for benchmarks of code
// that works on domain values. Ids count from 1 per kind; Units[i] has id
// i+1, and likewise for every slice but CheckIns.
type Memory struct {
	Org           okr.Org
	Units         []okr.Unit
	People        []okr.Person
	Periods       []okr.Period
	KPIs          []okr.KPI
	KPIValues     []okr.KPIValue
	Objectives    []okr.Objective
	KeyResults    []okr.KeyResult
	Initiatives   []okr.Initiative
	CheckIns      []okr.CheckIn
	TargetChanges []okr.TargetChange
	Counts        Counts
}

// Build generates the organisation of opts in memory, as Generate would
// write it (without passwords). It is reproducible like Generate.
func Build(opts Options) (*Memory, error) {
	if err := opts.Spec.validate(); err != nil {
		return nil, err
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	m := &Memory{Org: okr.Org{ID: 1, Name: opts.Name, Slug: opts.Slug, Settings: okr.DefaultSettings(), Version: 1}}
	g := newGenerator(opts, "")
	if err := g.run(memSink{m}); err != nil {
		return nil, err
	}
	m.Counts = g.counts
	return m, nil
}

// memSink writes into a Memory.
type memSink struct{ m *Memory }

func (s memSink) Unit(u *okr.Unit) error {
	u.ID, u.OrgID, u.Version = int64(len(s.m.Units)+1), s.m.Org.ID, 1
	s.m.Units = append(s.m.Units, *u)
	return nil
}

func (s memSink) Person(p *okr.Person, _ string) error {
	p.ID, p.OrgID, p.Version = int64(len(s.m.People)+1), s.m.Org.ID, 1
	s.m.People = append(s.m.People, *p)
	return nil
}

func (s memSink) Leads(unitID int64, people []int64) error {
	u := &s.m.Units[unitID-1]
	u.LeadIDs = append(u.LeadIDs, people...)
	return nil
}

func (s memSink) Period(p *okr.Period) error {
	p.ID, p.OrgID, p.Version = int64(len(s.m.Periods)+1), s.m.Org.ID, 1
	s.m.Periods = append(s.m.Periods, *p)
	return nil
}

func (s memSink) KPI(k *okr.KPI) error {
	k.ID, k.OrgID, k.Version = int64(len(s.m.KPIs)+1), s.m.Org.ID, 1
	s.m.KPIs = append(s.m.KPIs, *k)
	return nil
}

func (s memSink) KPIValue(v *okr.KPIValue) error {
	v.ID = int64(len(s.m.KPIValues) + 1)
	s.m.KPIValues = append(s.m.KPIValues, *v)
	return nil
}

func (s memSink) Objectives(objs []okr.Objective) error {
	for i := range objs {
		o := &objs[i]
		o.ID, o.OrgID, o.Version = int64(len(s.m.Objectives)+1), s.m.Org.ID, 1
		s.m.Objectives = append(s.m.Objectives, *o)
	}
	return nil
}

func (s memSink) Contributes(id int64, targets []int64) error {
	o := &s.m.Objectives[id-1]
	o.Contributes = append(o.Contributes, targets...)
	return nil
}

func (s memSink) KeyResults(krs []okr.KeyResult) error {
	ms := int64(s.m.Counts.Milestones)
	for i := range krs {
		kr := &krs[i]
		kr.ID, kr.OrgID, kr.Version = int64(len(s.m.KeyResults)+1), s.m.Org.ID, 1
		for j := range kr.Milestones {
			ms++
			kr.Milestones[j].ID = ms
		}
		s.m.KeyResults = append(s.m.KeyResults, *kr)
	}
	s.m.Counts.Milestones = int(ms)
	return nil
}

func (s memSink) Initiatives(ins []okr.Initiative) error {
	for i := range ins {
		in := &ins[i]
		in.ID, in.OrgID, in.Version = int64(len(s.m.Initiatives)+1), s.m.Org.ID, 1
		s.m.Initiatives = append(s.m.Initiatives, *in)
	}
	return nil
}

func (s memSink) CheckInRows(cs []okr.CheckIn) error {
	for _, c := range cs {
		c.OrgID = s.m.Org.ID
		s.m.CheckIns = append(s.m.CheckIns, c)
	}
	return nil
}

func (s memSink) TargetChange(tc *okr.TargetChange) error {
	tc.ID = int64(len(s.m.TargetChanges) + 1)
	s.m.TargetChanges = append(s.m.TargetChanges, *tc)
	return nil
}
