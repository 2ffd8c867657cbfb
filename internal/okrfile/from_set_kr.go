package okrfile

import (
	"cmp"
	"slices"

	"github.com/okr-dev/okr/internal/okr"
)

// krDetails holds what hangs off key results, by key result id.
type krDetails struct {
	initiatives map[int64][]*okr.Initiative
	checkIns    map[int64][]*okr.CheckIn
	changes     map[int64][]*okr.TargetChange
	grades      map[int64]*okr.Grade
}

func (b *setBuilder) details() *krDetails {
	krs := map[int64]bool{}
	for _, kr := range b.s.KeyResults {
		krs[kr.ID] = true
	}
	check := func(what string, id, kr int64) {
		if !krs[kr] {
			b.fail("%s %d: key result %d is not in the set", what, id, kr)
		}
	}
	d := &krDetails{map[int64][]*okr.Initiative{}, map[int64][]*okr.CheckIn{}, map[int64][]*okr.TargetChange{}, map[int64]*okr.Grade{}}
	for i := range b.s.Initiatives {
		x := &b.s.Initiatives[i]
		check("initiative", x.ID, x.KeyResultID)
		d.initiatives[x.KeyResultID] = append(d.initiatives[x.KeyResultID], x)
	}
	for i := range b.s.CheckIns {
		x := &b.s.CheckIns[i]
		check("check-in", x.ID, x.KeyResultID)
		d.checkIns[x.KeyResultID] = append(d.checkIns[x.KeyResultID], x)
	}
	for i := range b.s.TargetChanges {
		x := &b.s.TargetChanges[i]
		check("target change", x.ID, x.KeyResultID)
		d.changes[x.KeyResultID] = append(d.changes[x.KeyResultID], x)
	}
	for i := range b.s.Grades {
		x := &b.s.Grades[i]
		check("grade", 0, x.KeyResultID)
		if d.grades[x.KeyResultID] != nil {
			b.fail("key result %d has two grades", x.KeyResultID)
		}
		d.grades[x.KeyResultID] = x
	}
	return d
}

func (b *setBuilder) keyResult(kr *okr.KeyResult, key string, d *krDetails) *KeyResultRec {
	what := "key result " + key
	rec := &KeyResultRec{Key: key, Owner: b.ownerRef(kr.Owner, what), KeyResult: okr.KeyResult{
		Title: kr.Title, Weight: weightOr1(kr.Weight), Metric: kr.Metric, Archived: kr.Archived,
	}}
	rec.KeyResult.Metric.Unit.Kind = orDefault(string(kr.Metric.Unit.Kind), okr.MeasureNumber)
	if kr.KPIID != nil {
		k, ok := b.kpiKey[*kr.KPIID]
		if !ok {
			b.fail("%s: KPI %d is not in the set", what, *kr.KPIID)
		}
		rec.KPIKey = k
	}
	titles := map[int64]string{}
	taken := map[string]bool{}
	for _, m := range kr.Milestones {
		rec.KeyResult.Milestones = append(rec.KeyResult.Milestones, okr.Milestone{Title: m.Title, Done: m.Done})
		titles[m.ID], taken[m.Title] = m.Title, true
	}
	// A file names milestones by title: an archived milestone whose title
	// is taken (it was removed and added again) is written once, and
	// check-ins that named it name the milestone of that title.
	for _, m := range b.s.ArchivedMilestones[kr.ID] {
		titles[m.ID] = m.Title
		if !taken[m.Title] {
			rec.ArchivedMilestones = append(rec.ArchivedMilestones, okr.Milestone{Title: m.Title, Done: m.Done})
			taken[m.Title] = true
		}
	}
	ins := d.initiatives[kr.ID]
	slices.SortFunc(ins, compareInitiatives)
	for _, in := range ins {
		r := &InitiativeRec{OwnerEmail: b.personRef(deref(in.OwnerPersonID), what), Initiative: okr.Initiative{
			Title: in.Title, Status: orDefault(string(in.Status), okr.InitiativePlanned), Archived: in.Archived,
		}}
		if in.Due != nil {
			due := day(*in.Due)
			r.Initiative.Due = &due
		}
		rec.Initiatives = append(rec.Initiatives, r)
	}
	b.checkIns(rec, d.checkIns[kr.ID], titles)
	tcs := d.changes[kr.ID]
	slices.SortFunc(tcs, func(x, y *okr.TargetChange) int { return cmp.Or(x.At.Compare(y.At), cmp.Compare(x.ID, y.ID)) })
	for _, tc := range tcs {
		rec.TargetChanges = append(rec.TargetChanges, &TargetChangeRec{AuthorEmail: b.personRef(tc.AuthorID, what), Change: okr.TargetChange{
			OldStart: tc.OldStart, OldTarget: tc.OldTarget, NewStart: tc.NewStart, NewTarget: tc.NewTarget, At: utc(tc.At), Reason: tc.Reason,
		}})
	}
	if g := d.grades[kr.ID]; g != nil {
		rec.Grade = &GradeRec{AuthorEmail: b.personRef(g.GradedBy, what), Grade: okr.Grade{
			Score: g.Score, Suggested: g.Suggested, Note: g.Note, At: utc(g.At),
		}}
	}
	return rec
}

func (b *setBuilder) checkIns(rec *KeyResultRec, cis []*okr.CheckIn, milestone map[int64]string) {
	what := "key result " + rec.Key
	slices.SortFunc(cis, func(x, y *okr.CheckIn) int { return cmp.Or(x.At.Compare(y.At), cmp.Compare(x.ID, y.ID)) })
	for _, ci := range cis {
		r := &CheckInRec{AuthorEmail: b.personRef(ci.AuthorID, what), CheckIn: okr.CheckIn{
			Value: ci.Value, Confidence: orDefault(string(ci.Confidence), okr.OnTrack), Comment: ci.Comment, At: utc(ci.At), Late: ci.Late,
		}}
		// Milestones are named in the key result's order, as Decode gives them.
		for _, m := range slices.Concat(rec.KeyResult.Milestones, rec.ArchivedMilestones) {
			for _, id := range ci.MilestonesDone {
				if milestone[id] == m.Title && !slices.Contains(r.MilestonesDone, m.Title) {
					r.MilestonesDone = append(r.MilestonesDone, m.Title)
				}
			}
		}
		for _, id := range ci.MilestonesDone {
			if _, ok := milestone[id]; !ok {
				b.fail("%s: check-in %d names milestone %d, which the key result does not have", what, ci.ID, id)
			}
		}
		rec.CheckIns = append(rec.CheckIns, r)
	}
}

// CompareInitiatives is the order of a key result's initiatives in an
// export: by due date (none last), then title, then id.
func CompareInitiatives(x, y *okr.Initiative) int { return compareInitiatives(x, y) }

func compareInitiatives(x, y *okr.Initiative) int {
	switch {
	case x.Due == nil && y.Due != nil:
		return 1
	case x.Due != nil && y.Due == nil:
		return -1
	case x.Due != nil && y.Due != nil:
		if c := x.Due.Compare(*y.Due); c != 0 {
			return c
		}
	}
	return cmp.Or(cmp.Compare(x.Title, y.Title), cmp.Compare(x.ID, y.ID))
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
