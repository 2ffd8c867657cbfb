package okrfile

import "github.com/okr-dev/okr/internal/okr"

func krDoc(kr *KeyResultRec) *docKR {
	k := kr.KeyResult
	m := k.Metric
	d := &docKR{
		Key: kr.Key, Title: k.Title, Owner: kr.Owner.String(), Weight: weightDoc(k.Weight),
		Metric: string(m.Kind), Unit: omitDefault(m.Unit.Kind, okr.MeasureNumber), UnitCode: m.Unit.Code,
		KPI: kr.KPIKey, Archived: k.Archived,
	}
	if m.Kind.HasStart() || m.Start != 0 {
		d.Start = newFloat(m.Start)
	}
	if needsTarget(m.Kind) || m.Target != 0 {
		d.Target = newFloat(m.Target)
	}
	for _, ms := range k.Milestones {
		d.Milestones = append(d.Milestones, &docMilestone{Title: ms.Title, Done: ms.Done})
	}
	for _, ms := range kr.ArchivedMilestones {
		d.Milestones = append(d.Milestones, &docMilestone{Title: ms.Title, Done: ms.Done, Archived: true})
	}
	for _, in := range kr.Initiatives {
		i := in.Initiative
		di := &docInitiative{Title: i.Title, Owner: in.OwnerEmail, Status: omitDefault(i.Status, okr.InitiativePlanned), Archived: i.Archived}
		if i.Due != nil {
			di.Due = newDate(*i.Due)
		}
		d.Initiatives = append(d.Initiatives, di)
	}
	for _, ci := range kr.CheckIns {
		d.CheckIns = append(d.CheckIns, checkInDoc(m.Kind, ci))
	}
	for _, tc := range kr.TargetChanges {
		c := tc.Change
		// The starts are left out when they are the key result's start,
		// which is what Decode assumes for a missing start.
		d.TargetChanges = append(d.TargetChanges, &docTargetChange{
			At: newStamp(c.At), By: tc.AuthorEmail,
			OldStart: floatIfNot(c.OldStart, m.Start), OldTarget: newFloat(c.OldTarget),
			NewStart: floatIfNot(c.NewStart, m.Start), NewTarget: newFloat(c.NewTarget), Reason: c.Reason,
		})
	}
	if g := kr.Grade; g != nil {
		dg := &docGrade{Score: newFraction(g.Grade.Score), Note: g.Grade.Note, By: g.AuthorEmail, At: newStamp(g.Grade.At)}
		if g.Grade.Suggested != g.Grade.Score {
			dg.Suggested = newFraction(g.Grade.Suggested)
		}
		d.Grade = dg
	}
	return d
}

// checkInDoc writes a check-in. The value of a milestones check-in is left
// out when it is the number of milestones it lists as done, which is what
// Decode assumes.
func checkInDoc(kind okr.MetricKind, ci *CheckInRec) *docCheckIn {
	c := ci.CheckIn
	d := &docCheckIn{
		At: newStamp(c.At), MilestonesDone: ci.MilestonesDone,
		Confidence: omitDefault(c.Confidence, okr.OnTrack), By: ci.AuthorEmail, Late: c.Late, Comment: c.Comment,
	}
	if kind != okr.MetricMilestones || c.Value != float64(len(ci.MilestonesDone)) {
		d.Value = newFloat(c.Value)
	}
	return d
}

func floatIfNot(x, def float64) *float64 {
	if x == def {
		return nil
	}
	return newFloat(x)
}
