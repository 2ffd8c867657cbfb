package okrfile

import "slices"

func (l *linker) linkOKRs() {
	var inID, ciID, tcID int64
	for _, o := range l.f.Objectives {
		what := "objective " + o.Key
		ob := &o.Objective
		ob.PeriodID = 0
		if p := l.f.Period(o.PeriodName); p != nil {
			ob.PeriodID = p.Period.ID
		} else {
			l.fail("%s: unknown period %q", what, o.PeriodName)
		}
		ob.Owner = l.owner(o.Owner, what)
		ob.ParentID = l.objectiveID(o.ParentKey, what)
		ob.Contributes = nil
		for _, k := range o.ContributesTo {
			if id := l.objectiveID(k, what); id != nil {
				ob.Contributes = append(ob.Contributes, *id)
			}
		}
		for _, kr := range o.KeyResults {
			l.linkKR(kr, &inID, &ciID, &tcID)
		}
	}
}

func (l *linker) objectiveID(key, what string) *int64 {
	if key == "" {
		return nil
	}
	o := l.f.Objective(key)
	if o == nil {
		l.fail("%s: unknown objective %q", what, key)
		return nil
	}
	id := o.Objective.ID
	return &id
}

func (l *linker) linkKR(kr *KeyResultRec, inID, ciID, tcID *int64) {
	what := "key result " + kr.Key
	k := &kr.KeyResult
	k.Owner = l.owner(kr.Owner, what)
	k.KPIID = nil
	if kr.KPIKey != "" {
		if kpi := l.f.KPI(kr.KPIKey); kpi != nil {
			id := kpi.KPI.ID
			k.KPIID = &id
		} else {
			l.fail("%s: unknown KPI %q", what, kr.KPIKey)
		}
	}
	for _, in := range kr.Initiatives {
		*inID++
		in.Initiative.ID, in.Initiative.KeyResultID = *inID, k.ID
		in.Initiative.OwnerPersonID = l.personID(in.OwnerEmail, what)
	}
	for _, tc := range kr.TargetChanges {
		*tcID++
		tc.Change.ID, tc.Change.KeyResultID = *tcID, k.ID
		tc.Change.AuthorID = l.authorID(tc.AuthorEmail, what)
	}
	if g := kr.Grade; g != nil {
		g.Grade.KeyResultID = k.ID
		g.Grade.GradedBy = l.authorID(g.AuthorEmail, what)
	}
	k.Current, k.Confidence, k.LastCheckInAt = nil, "", nil
	var latest *CheckInRec
	for _, ci := range kr.CheckIns {
		*ciID++
		c := &ci.CheckIn
		c.ID, c.KeyResultID = *ciID, k.ID
		c.AuthorID = l.authorID(ci.AuthorEmail, what)
		c.MilestonesDone = l.milestoneIDs(kr, ci.MilestonesDone, what)
		if latest == nil || !c.At.Before(latest.CheckIn.At) {
			latest = ci
		}
	}
	if latest != nil {
		v, at := latest.CheckIn.Value, latest.CheckIn.At
		k.Current, k.Confidence, k.LastCheckInAt = &v, latest.CheckIn.Confidence, &at
	}
}

// milestoneIDs resolves milestone titles to ids, looking at the active
// milestones first and then at the archived ones.
func (l *linker) milestoneIDs(kr *KeyResultRec, titles []string, what string) []int64 {
	var ids []int64
	for _, t := range titles {
		found := false
		for _, m := range slices.Concat(kr.KeyResult.Milestones, kr.ArchivedMilestones) {
			if m.Title == t {
				ids, found = append(ids, m.ID), true
				break
			}
		}
		if !found {
			l.fail("%s: unknown milestone %q", what, t)
		}
	}
	return ids
}
