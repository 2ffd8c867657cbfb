package okrfile

import (
	"github.com/okr-dev/okr/internal/okr"
)

// Set is an organisation's OKR data as flat lists of okr values whose
// references are ids, the way a store loads it. Milestones travel inside
// their KeyResult, the archived ones in ArchivedMilestones by key result
// id; Grades are one per key result.
//
// The key maps optionally give objects the file keys they should keep (an
// importer that stores keys can hand them back); objects not in them get a
// key made from their name or title with Slug.
type Set struct {
	Org           *okr.Org
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
	Grades        []okr.Grade
	// ArchivedMilestones maps a key result id to the milestones removed
	// from its checklist, which older check-ins may still name.
	ArchivedMilestones map[int64][]okr.Milestone

	UnitKeys, KPIKeys, ObjectiveKeys, KeyResultKeys map[int64]string
}

// Set flattens f into a Set whose ids are f's file-local ids (call Link
// first if f was edited) and whose key maps hold every key. The lists are in
// f's order, parents before children for units, so an importer can insert
// them in order and map each file-local id to the id its store assigns.
func (f *File) Set() *Set {
	s := &Set{
		Org:      f.Org,
		UnitKeys: map[int64]string{}, KPIKeys: map[int64]string{},
		ObjectiveKeys: map[int64]string{}, KeyResultKeys: map[int64]string{},
	}
	for _, u := range unitsParentsFirst(f.Units) {
		s.Units = append(s.Units, u.Unit)
		s.UnitKeys[u.Unit.ID] = u.Key
	}
	for _, p := range f.People {
		s.People = append(s.People, p.Person)
	}
	for _, p := range f.Periods {
		s.Periods = append(s.Periods, p.Period)
	}
	for _, k := range f.KPIs {
		s.KPIs = append(s.KPIs, k.KPI)
		s.KPIKeys[k.KPI.ID] = k.Key
		for _, v := range k.Values {
			s.KPIValues = append(s.KPIValues, v.Value)
		}
	}
	for _, o := range f.Objectives {
		s.Objectives = append(s.Objectives, o.Objective)
		s.ObjectiveKeys[o.Objective.ID] = o.Key
		for _, kr := range o.KeyResults {
			s.addKR(kr)
		}
	}
	return s
}

func (s *Set) addKR(kr *KeyResultRec) {
	s.KeyResults = append(s.KeyResults, kr.KeyResult)
	if len(kr.ArchivedMilestones) > 0 {
		if s.ArchivedMilestones == nil {
			s.ArchivedMilestones = map[int64][]okr.Milestone{}
		}
		s.ArchivedMilestones[kr.KeyResult.ID] = kr.ArchivedMilestones
	}
	s.KeyResultKeys[kr.KeyResult.ID] = kr.Key
	for _, in := range kr.Initiatives {
		s.Initiatives = append(s.Initiatives, in.Initiative)
	}
	for _, ci := range kr.CheckIns {
		s.CheckIns = append(s.CheckIns, ci.CheckIn)
	}
	for _, tc := range kr.TargetChanges {
		s.TargetChanges = append(s.TargetChanges, tc.Change)
	}
	if kr.Grade != nil {
		s.Grades = append(s.Grades, kr.Grade.Grade)
	}
}

// unitsParentsFirst orders units so that every parent comes before its
// children, keeping the given order otherwise. Units in a parent cycle (not
// possible in a decoded File) come last.
func unitsParentsFirst(units []*UnitRec) []*UnitRec {
	placed, keys := map[*UnitRec]bool{}, map[string]bool{}
	out := make([]*UnitRec, 0, len(units))
	place := func(u *UnitRec) { out, placed[u], keys[u.Key] = append(out, u), true, true }
	for len(out) < len(units) {
		progress := false
		for _, u := range units {
			if !placed[u] && (u.ParentKey == "" || keys[u.ParentKey] || !hasUnit(units, u.ParentKey)) {
				place(u)
				progress = true
			}
		}
		if !progress {
			for _, u := range units {
				if !placed[u] {
					place(u)
				}
			}
		}
	}
	return out
}

func hasUnit(units []*UnitRec, key string) bool {
	for _, u := range units {
		if u.Key == key {
			return true
		}
	}
	return false
}
