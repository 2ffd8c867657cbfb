package okrfile

import (
	"slices"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// krDetails converts what hangs off a key result: initiatives, check-ins,
// target changes and the grade.
func (c *converter) krDetails(path string, kr *KeyResultRec, d *docKR) {
	for i, di := range d.Initiatives {
		if di != nil {
			kr.Initiatives = append(kr.Initiatives, c.initiative(index(field(path, "initiatives"), i), di))
		}
	}
	for i, dc := range d.CheckIns {
		if dc != nil {
			kr.CheckIns = append(kr.CheckIns, c.checkIn(index(field(path, "check_ins"), i), kr, dc))
		}
	}
	for i, dt := range d.TargetChanges {
		if dt != nil {
			kr.TargetChanges = append(kr.TargetChanges, c.targetChange(index(field(path, "target_changes"), i), kr, dt))
		}
	}
	if d.Grade != nil {
		kr.Grade = c.grade(field(path, "grade"), d.Grade)
	}
}

func (c *converter) initiative(path string, d *docInitiative) *InitiativeRec {
	in := &InitiativeRec{
		Initiative: okr.Initiative{Title: trim(d.Title), Status: orDefault(d.Status, okr.InitiativePlanned), Archived: d.Archived},
		Pos:        c.rep.posOf(path),
	}
	if d.Owner != "" && !strings.Contains(d.Owner, "@") {
		c.rep.errorf(field(path, "owner"), "the owner of an initiative is a person: write their e-mail address, got %q", d.Owner)
	} else {
		in.OwnerEmail = c.person(field(path, "owner"), d.Owner)
	}
	if d.Due != nil {
		t := d.Due.t
		in.Initiative.Due = &t
	}
	c.validate(path, in.Initiative.Validate(), nil)
	return in
}

func (c *converter) checkIn(path string, kr *KeyResultRec, d *docCheckIn) *CheckInRec {
	ci := &CheckInRec{
		AuthorEmail: c.person(field(path, "by"), d.By),
		CheckIn: okr.CheckIn{
			Confidence: orDefault(d.Confidence, okr.OnTrack), Comment: trim(d.Comment), Late: d.Late,
		},
		Pos: c.rep.posOf(path),
	}
	if d.At == nil {
		c.requireOnce(field(path, "at"), "at is required: when the check-in was made")
	} else {
		ci.CheckIn.At = d.At.t
	}
	m := kr.KeyResult.Metric
	ci.MilestonesDone = c.milestonesDone(path, kr, d.MilestonesDone)
	switch {
	case d.Value != nil:
		ci.CheckIn.Value = *d.Value
	case m.Kind == okr.MetricMilestones:
		ci.CheckIn.Value = float64(len(ci.MilestonesDone))
	default:
		c.requireOnce(field(path, "value"), "value is required")
	}
	if m.Kind == okr.MetricBoolean && d.Value != nil && *d.Value != 0 && *d.Value != 1 {
		c.rep.errorf(field(path, "value"), "a yes/no key result is checked in with 1 (done) or 0 (not done), got %s", formatFloat(*d.Value))
	}
	c.validate(path, ci.CheckIn.Validate(), nil)
	return ci
}

// milestonesDone resolves the milestone titles of a check-in.
func (c *converter) milestonesDone(path string, kr *KeyResultRec, titles []string) []string {
	mp := field(path, "milestones_done")
	// A key result that stopped being a checklist keeps its old milestones
	// archived, and its older check-ins keep naming them.
	archivedOnly := !slices.ContainsFunc(titles, func(t string) bool { return !hasMilestone(kr.ArchivedMilestones, t) })
	if len(titles) > 0 && kr.KeyResult.Metric.Kind != okr.MetricMilestones && !archivedOnly {
		c.rep.errorf(mp, "milestones_done applies only to a key result with metric: milestones")
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for i, t := range titles {
		ip := index(mp, i)
		switch {
		case !hasMilestone(kr.KeyResult.Milestones, t) && !hasMilestone(kr.ArchivedMilestones, t):
			c.rep.errorf(ip, "unknown milestone %q", t)
		case seen[t]:
			c.rep.errorf(ip, "milestone %q is listed twice", t)
		default:
			out = append(out, t)
		}
		seen[t] = true
	}
	return out
}

func hasMilestone(ms []okr.Milestone, title string) bool {
	for _, m := range ms {
		if m.Title == title {
			return true
		}
	}
	return false
}

// targetChange converts a target change. The starts default to the key
// result's start and the new target to its target, so a hand-written change
// of target only needs at, old_target and reason.
func (c *converter) targetChange(path string, kr *KeyResultRec, d *docTargetChange) *TargetChangeRec {
	m := kr.KeyResult.Metric
	tc := &TargetChangeRec{
		AuthorEmail: c.person(field(path, "by"), d.By),
		Change: okr.TargetChange{
			OldStart: floatOr(d.OldStart, m.Start), NewStart: floatOr(d.NewStart, m.Start),
			OldTarget: floatOr(d.OldTarget, 0), NewTarget: floatOr(d.NewTarget, m.Target), Reason: trim(d.Reason),
		},
		Pos: c.rep.posOf(path),
	}
	if d.At == nil {
		c.requireOnce(field(path, "at"), "at is required: when the target was changed")
	} else {
		tc.Change.At = d.At.t
	}
	if d.OldTarget == nil {
		c.requireOnce(field(path, "old_target"), "old_target is required: the target before the change")
	}
	if len([]rune(strings.TrimSpace(d.Reason))) > okr.MaxCommentLen {
		c.rep.errorf(field(path, "reason"), "reason is too long")
	}
	return tc
}

func (c *converter) grade(path string, d *docGrade) *GradeRec {
	g := &GradeRec{AuthorEmail: c.person(field(path, "by"), d.By), Pos: c.rep.posOf(path)}
	g.Grade.Note = trim(d.Note)
	if d.Score == nil {
		c.requireOnce(field(path, "score"), "score is required: 0 to 1, or a percentage such as \"50%\"")
	} else {
		g.Grade.Score = float64(*d.Score)
	}
	g.Grade.Suggested = g.Grade.Score
	if d.Suggested != nil {
		g.Grade.Suggested = float64(*d.Suggested)
		if s := g.Grade.Suggested; s < 0 || s > 1 {
			c.rep.errorf(field(path, "suggested"), "suggested must be between 0 and 100 %%, got %s", formatFloat(s))
		}
	}
	if d.At != nil {
		g.Grade.At = d.At.t
	}
	c.validate(path, g.Grade.Validate(), nil)
	return g
}
