package okr

import (
	"fmt"
	"strings"
	"time"
)

// The rhythm: when check-in reminders and digests go out, who is reminded
// of a key result, when a missing check-in goes to the unit's leads, and
// the period's milestones (ends soon, grading open, plan the next).

// DefaultTimeZone is the time zone of a new organisation.
const DefaultTimeZone = "Europe/Oslo"

// Weekdays are the names of OrgSettings.CheckInDay and DigestDay.
var weekdays = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// zoneName returns the organisation's time zone name; an unknown or empty
// name counts as DefaultTimeZone (Validate refuses unknown names).
func (s OrgSettings) zoneName() string {
	if !ValidTimeZone(s.TimeZone) {
		return DefaultTimeZone
	}
	return s.TimeZone
}

// Location returns the organisation's time zone.
func (s OrgSettings) Location() *time.Location { return s.Calendar().Location() }

// Calendar returns the organisation's holidays and days off.
func (s OrgSettings) Calendar() Calendar {
	country := s.HolidayCountry
	if country == "" {
		country = HolidaysNorway
	}
	return NewCalendar(country, s.DaysOff, s.zoneName())
}

// WeekTime is a time of the week in a time zone.
type WeekTime struct {
	Day          time.Weekday
	Hour, Minute int
	Loc          *time.Location
}

// parseWeekly reads a weekday name and an HH:MM time; ok is false when
// either is not valid.
func parseWeekly(day, hhmm string, loc *time.Location) (WeekTime, bool) {
	w := WeekTime{Loc: loc, Day: -1}
	for i, d := range weekdays {
		if strings.EqualFold(day, d) {
			w.Day = time.Weekday(i)
		}
	}
	t, err := time.Parse("15:04", hhmm)
	if w.Day < 0 || err != nil {
		return w, false
	}
	w.Hour, w.Minute = t.Hour(), t.Minute()
	return w, true
}

// Last returns the latest time of the week at or before now.
func (w WeekTime) Last(now time.Time) time.Time {
	n := now.In(w.Loc)
	t := time.Date(n.Year(), n.Month(), n.Day(), w.Hour, w.Minute, 0, 0, w.Loc)
	t = t.AddDate(0, 0, -((int(n.Weekday()) - int(w.Day) + 7) % 7))
	if t.After(now) {
		t = t.AddDate(0, 0, -7)
	}
	return t
}

// Next returns the first time of the week after now.
func (w WeekTime) Next(now time.Time) time.Time { return w.Last(now).AddDate(0, 0, 7) }

// Rhythm is the organisation's schedule, read from its settings.
type Rhythm struct {
	CheckIn, Digest WeekTime
	RemindersOn     bool
	DigestOn        bool
	EscalateAfter   int
	Holidays        Calendar
	CheckInEvery    time.Duration
}

// Rhythm returns the settings' schedule; a day or time that does not
// parse counts as its default (Friday 09:00, Monday 08:00).
func (s OrgSettings) Rhythm() Rhythm {
	loc := s.Location()
	r := Rhythm{RemindersOn: !s.RemindersOff, DigestOn: !s.DigestOff, EscalateAfter: max(0, s.EscalateAfter),
		Holidays: s.Calendar(), CheckInEvery: s.Pace().CheckInEvery}
	var ok bool
	if r.CheckIn, ok = parseWeekly(s.CheckInDay, s.CheckInTime, loc); !ok {
		r.CheckIn, _ = parseWeekly("friday", "09:00", loc)
	}
	if r.Digest, ok = parseWeekly(s.DigestDay, s.DigestTime, loc); !ok {
		r.Digest, _ = parseWeekly("monday", "08:00", loc)
	}
	return r
}

// CatchUp is how late a scheduled run may still start: a node that was
// down at 09:00 sends the reminder when it comes back the same day, but
// not a week-old one.
const CatchUp = 12 * time.Hour

// Due returns the run of w due at now: the latest time of the week, when
// it is at most CatchUp ago and not on a holiday (a reminder that falls on
// a holiday or a day off is skipped, not moved). ok is false when none is
// due.
func (r Rhythm) Due(w WeekTime, now time.Time) (at time.Time, ok bool) {
	at = w.Last(now)
	if now.Sub(at) > CatchUp || r.Holidays.IsHoliday(at) {
		return at, false
	}
	return at, true
}

// WeekKey names the week of t in the rhythm's time zone (ISO week:
// "2026-W49"): the idempotency key of a weekly run.
func WeekKey(t time.Time, loc *time.Location) string {
	y, w := t.In(loc).ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// ReminderDue reports whether a check-in reminder sent at `at` asks for
// kr: kr takes check-ins now (o published, kr live, the period running at
// `at`) and has none since the last cycle began: its last check-in (or
// publication) is older than the check-in interval less one day, so a
// check-in made the day before the reminder counts, one made a week
// earlier does not.
func ReminderDue(kr *KeyResult, o *Objective, p *Period, pace Pace, at time.Time) bool {
	since, _ := CheckInDue(kr, o, p, pace, at)
	if since.IsZero() || o.State != StatePublished || kr.Archived || kr.Score != nil || PeriodOver(p, at) || at.Before(p.Start) {
		return false
	}
	return at.Sub(since) > pace.CheckInEvery-24*time.Hour
}

// Escalate reports whether kr has gone without a check-in for n check-in
// intervals of working time at now (n ≥ 1): its unit's leads are told.
func Escalate(kr *KeyResult, o *Objective, p *Period, pace Pace, now time.Time, n int) bool {
	if n < 1 {
		return false
	}
	since, overdue := CheckInDue(kr, o, p, pace, now)
	return overdue && pace.Holidays.WorkingTimeOver(since, now, time.Duration(n)*pace.CheckInEvery)
}

// CheckInOwners returns who is reminded to check in on kr: its owner
// person, else its objective's owner person, else the leads of the unit
// that owns it (the key result's unit, else the objective's). leads gives
// a unit's leads.
func CheckInOwners(kr *KeyResult, o *Objective, leads func(unitID int64) []int64) []int64 {
	switch {
	case kr.Owner.PersonID != nil:
		return []int64{*kr.Owner.PersonID}
	case kr.Owner.UnitID != nil:
		return leads(*kr.Owner.UnitID)
	case o.Owner.PersonID != nil:
		return []int64{*o.Owner.PersonID}
	case o.Owner.UnitID != nil:
		return leads(*o.Owner.UnitID)
	}
	return nil
}

// OwningUnit returns the unit whose leads hear of kr's missing check-ins:
// the key result's unit, else its objective's; ok false when a person
// owns both and the caller should use that person's unit.
func OwningUnit(kr *KeyResult, o *Objective) (int64, bool) {
	if kr.Owner.UnitID != nil {
		return *kr.Owner.UnitID, true
	}
	if o.Owner.UnitID != nil {
		return *o.Owner.UnitID, true
	}
	return 0, false
}

// Period milestones of the rhythm e-mails.
const (
	StageEndsSoon    = "ends_soon"    // the period ends in 7 days: grade your key results (to owners)
	StageGradingOpen = "grading_open" // the period has ended: grading is open, the review is ready (to everyone)
	StagePlanNext    = "plan_next"    // the next period starts in 14 days: plan its OKRs (to everyone)
)

// Lead times of the period milestones.
const (
	EndsSoonBefore = 7 * 24 * time.Hour
	PlanNextBefore = 14 * 24 * time.Hour
	// StageWindow is how long after its moment a milestone's e-mail may
	// still go out (a node down for a while catches up).
	StageWindow = 3 * 24 * time.Hour
)

// PeriodStages returns the milestones of p due at now, in the
// organisation's time zone: a period's start and end dates are days there
// (its end is the end of that day).
func PeriodStages(p *Period, now time.Time, loc *time.Location) []string {
	if p.Archived {
		return nil
	}
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc) }
	start, end := day(p.Start), day(p.End).AddDate(0, 0, 1)
	within := func(at time.Time) bool { return !now.Before(at) && now.Sub(at) < StageWindow }
	var stages []string
	if within(end.Add(-EndsSoonBefore)) {
		stages = append(stages, StageEndsSoon)
	}
	if within(end) {
		stages = append(stages, StageGradingOpen)
	}
	if within(start.Add(-PlanNextBefore)) {
		stages = append(stages, StagePlanNext)
	}
	return stages
}
