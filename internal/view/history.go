package view

import (
	"context"
	"slices"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// HistoryPoint is a set of objectives as they stood at the end of one week
// of the period: the mean progress, the expected progress, and how many key
// results were ahead, on track, behind or not updated (Summary).
type HistoryPoint struct {
	At      time.Time
	Summary Summary
}

// History rebuilds objs week by week over their period, up to now: each
// key result's value, confidence and last check-in as of the week's end
// (from its check-ins), its start and target then (from its target
// changes), its grade once given; objectives exist from their creation and
// count from their publication (drafts until then), key results from their
// creation, except that a check-in older than those (imported history)
// proves its objective existed, published, from then on. Four statements whatever the number
// of objectives or weeks.
func (m *Model) History(ctx context.Context, orgID int64, period okr.Period, dir *Directory, objs []okr.Objective, now time.Time) ([]HistoryPoint, error) {
	krs, err := m.KeyResultsOf(ctx, orgID, objs)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(krs))
	for i := range krs {
		ids[i] = krs[i].ID
	}
	checkins, err := m.db.ListCheckIns(ctx, orgID, ids, nil)
	if err != nil {
		return nil, err
	}
	changes, err := m.db.ListTargetChanges(ctx, orgID, ids)
	if err != nil {
		return nil, err
	}
	grades, err := m.db.ListGrades(ctx, orgID, ids)
	if err != nil {
		return nil, err
	}
	byKR := map[int64][]okr.CheckIn{}
	for _, c := range checkins { // ordered by KR and time
		byKR[c.KeyResultID] = append(byKR[c.KeyResultID], c)
	}
	// Imported or generated history has check-ins older than the rows
	// they belong to: a check-in proves its objective existed and was
	// published then.
	objOf := map[int64]int64{}
	for i := range krs {
		objOf[krs[i].ID] = krs[i].ObjectiveID
	}
	firstCheckIn := map[int64]time.Time{}
	for _, c := range checkins {
		o := objOf[c.KeyResultID]
		if f, ok := firstCheckIn[o]; !ok || c.At.Before(f) {
			firstCheckIn[o] = c.At
		}
	}
	evident := func(obj int64, at time.Time) bool {
		f, ok := firstCheckIn[obj]
		return ok && !f.After(at)
	}
	changesOf := map[int64][]okr.TargetChange{}
	for _, c := range changes {
		changesOf[c.KeyResultID] = append(changesOf[c.KeyResultID], c)
	}
	var out []HistoryPoint
	for _, at := range WeekEnds(period, now) {
		var os []okr.Objective
		for _, o := range objs {
			seen := evident(o.ID, at)
			if o.CreatedAt.After(at) && !seen {
				continue
			}
			if (o.PublishedAt == nil || o.PublishedAt.After(at)) && !(seen && o.State != okr.StateDraft) {
				o.State = okr.StateDraft // a draft then: shown, counted in no average
			}
			os = append(os, o)
		}
		var ks []okr.KeyResult
		for i := range krs {
			if krs[i].CreatedAt.After(at) && !evident(krs[i].ObjectiveID, at) {
				continue
			}
			ks = append(ks, KeyResultAsOf(krs[i], byKR[krs[i].ID], changesOf[krs[i].ID], grades[krs[i].ID], at))
		}
		b := NewBoard(period, at, dir, os, ks)
		out = append(out, HistoryPoint{At: at, Summary: Summarize(b.Objs, okr.ExpectedProgress(&period, at))})
	}
	return out, nil
}

// WeekEnds are the instants the history is read at: the end of each Sunday
// from the period's first week, and the period's end, up to now (the last
// point is now while the period runs).
func WeekEnds(period okr.Period, now time.Time) []time.Time {
	end := period.End.Add(24 * time.Hour)
	stop := end
	if now.Before(stop) {
		stop = now
	}
	var out []time.Time
	d := period.Start
	for d.Weekday() != time.Monday {
		d = d.AddDate(0, 0, 1)
	}
	for t := d.AddDate(0, 0, 7); t.Before(stop); t = t.AddDate(0, 0, 7) {
		out = append(out, t)
	}
	if stop.After(period.Start) && (len(out) == 0 || out[len(out)-1].Before(stop)) {
		out = append(out, stop)
	}
	return out
}

// KeyResultAsOf is kr as it stood at at: its latest check-in until then
// (value, confidence, milestones done), the start and target in force
// then, and its grade only when given by then. checkins are the KR's in
// time order; changes its target changes in time order.
func KeyResultAsOf(kr okr.KeyResult, checkins []okr.CheckIn, changes []okr.TargetChange, grade *okr.Grade, at time.Time) okr.KeyResult {
	out := kr
	out.Current, out.Confidence, out.LastCheckInAt, out.Score = nil, "", nil, nil
	for i := range checkins {
		c := &checkins[i]
		if c.At.After(at) {
			break
		}
		v, when := c.Value, c.At
		out.Current, out.Confidence, out.LastCheckInAt = &v, c.Confidence, &when
	}
	// The changes after at undo, newest first, back to what was in force.
	for i := len(changes) - 1; i >= 0; i-- {
		if changes[i].At.After(at) {
			out.Metric.Start, out.Metric.Target = changes[i].OldStart, changes[i].OldTarget
		}
	}
	if len(kr.Milestones) > 0 {
		done := map[int64]bool{}
		for i := range checkins {
			if checkins[i].At.After(at) {
				break
			}
			done = map[int64]bool{}
			for _, id := range checkins[i].MilestonesDone {
				done[id] = true
			}
		}
		out.Milestones = slices.Clone(kr.Milestones)
		for i := range out.Milestones {
			out.Milestones[i].Done = done[out.Milestones[i].ID]
		}
	}
	if grade != nil && !grade.At.After(at) {
		s := grade.Score
		out.Score = &s
	}
	return out
}
