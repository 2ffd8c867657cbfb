package okr_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// The default reminder goes out on Fridays at 09:00 in Oslo, across
// daylight saving time; on a holiday it is skipped; a node that comes back
// the same day catches up, not a week later.
func TestReminderSchedule(t *testing.T) {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	r := okr.DefaultSettings().Rhythm()
	for _, tc := range []struct {
		now  time.Time
		due  bool
		want time.Time
	}{
		{time.Date(2026, 3, 27, 9, 0, 0, 0, oslo), true, time.Date(2026, 3, 27, 9, 0, 0, 0, oslo)},     // winter time
		{time.Date(2026, 3, 27, 8, 59, 0, 0, oslo), false, time.Date(2026, 3, 20, 9, 0, 0, 0, oslo)},   // not yet
		{time.Date(2026, 3, 27, 20, 0, 0, 0, oslo), true, time.Date(2026, 3, 27, 9, 0, 0, 0, oslo)},    // caught up the same day
		{time.Date(2026, 3, 28, 10, 0, 0, 0, oslo), false, time.Date(2026, 3, 27, 9, 0, 0, 0, oslo)},   // too late
		{time.Date(2026, 4, 3, 9, 30, 0, 0, oslo), false, time.Date(2026, 4, 3, 9, 0, 0, 0, oslo)},     // Good Friday
		{time.Date(2026, 4, 10, 9, 0, 30, 0, oslo), true, time.Date(2026, 4, 10, 9, 0, 0, 0, oslo)},    // summer time
		{time.Date(2026, 4, 10, 7, 1, 0, 0, time.UTC), true, time.Date(2026, 4, 10, 9, 0, 0, 0, oslo)}, // 09:01 in Oslo
	} {
		at, due := r.Due(r.CheckIn, tc.now)
		if due != tc.due || !at.Equal(tc.want) {
			t.Errorf("Due at %s: %s %v, want %s %v", tc.now, at, due, tc.want, tc.due)
		}
	}
	if got := okr.WeekKey(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), oslo); got != "2026-W53" {
		t.Errorf("WeekKey: %s", got)
	}
	s := okr.DefaultSettings()
	s.CheckInDay, s.CheckInTime, s.TimeZone = "tuesday", "14:30", "Europe/Stockholm"
	sto, _ := time.LoadLocation("Europe/Stockholm")
	r = s.Rhythm()
	if got := r.CheckIn.Next(time.Date(2026, 6, 17, 0, 0, 0, 0, sto)); !got.Equal(time.Date(2026, 6, 23, 14, 30, 0, 0, sto)) {
		t.Errorf("next Tuesday 14:30: %s", got)
	}
	if at, due := r.Due(r.Digest, time.Date(2026, 6, 22, 8, 0, 0, 0, sto)); !due || at.Weekday() != time.Monday {
		t.Errorf("digest Monday 08:00: %s %v", at, due)
	}
}

// A reminder asks for a key result not checked in since the last cycle: a
// check-in the day before counts, one a week before does not; drafts,
// graded key results and periods not running are left out.
func TestReminderDue(t *testing.T) {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	at := time.Date(2026, 3, 27, 9, 0, 0, 0, oslo)
	pace := okr.DefaultSettings().Pace()
	p := &okr.Period{Start: day(2026, 1, 1), End: day(2026, 3, 31)}
	o := &okr.Objective{State: okr.StatePublished}
	check := func(last time.Time) *okr.KeyResult { return &okr.KeyResult{LastCheckInAt: &last} }
	if okr.ReminderDue(check(at.Add(-20*time.Hour)), o, p, pace, at) {
		t.Error("checked in yesterday: reminded")
	}
	if !okr.ReminderDue(check(at.AddDate(0, 0, -7).Add(5*time.Hour)), o, p, pace, at) {
		t.Error("checked in last Friday afternoon: not reminded")
	}
	graded := check(at.AddDate(0, 0, -14))
	score := 0.5
	graded.Score = &score
	if okr.ReminderDue(graded, o, p, pace, at) {
		t.Error("graded: reminded")
	}
	if okr.ReminderDue(check(at.AddDate(0, 0, -14)), &okr.Objective{State: okr.StateDraft}, p, pace, at) {
		t.Error("draft: reminded")
	}
	if okr.ReminderDue(check(at.AddDate(0, 0, -14)), o, &okr.Period{Start: day(2026, 4, 1), End: day(2026, 6, 30)}, pace, at) {
		t.Error("period not started: reminded")
	}
	if !okr.Escalate(check(at.AddDate(0, 0, -15)), o, p, pace, at, 2) || okr.Escalate(check(at.AddDate(0, 0, -13)), o, p, pace, at, 2) {
		t.Error("escalation after two missed weeks: wrong")
	}
}

func TestCheckInOwners(t *testing.T) {
	ada, bo, team := int64(1), int64(2), int64(10)
	leads := func(u int64) []int64 { return map[int64][]int64{team: {7, 8}}[u] }
	for _, tc := range []struct {
		kr   okr.Owner
		o    okr.Owner
		want []int64
	}{
		{okr.Owner{PersonID: &ada}, okr.Owner{PersonID: &bo}, []int64{ada}},
		{okr.Owner{}, okr.Owner{PersonID: &bo}, []int64{bo}},
		{okr.Owner{UnitID: &team}, okr.Owner{PersonID: &bo}, []int64{7, 8}},
		{okr.Owner{}, okr.Owner{UnitID: &team}, []int64{7, 8}},
	} {
		if got := okr.CheckInOwners(&okr.KeyResult{Owner: tc.kr}, &okr.Objective{Owner: tc.o}, leads); !slices.Equal(got, tc.want) {
			t.Errorf("owners of %+v/%+v: %v, want %v", tc.kr, tc.o, got, tc.want)
		}
	}
}

func TestPeriodStages(t *testing.T) {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	p := &okr.Period{Start: day(2026, 4, 1), End: day(2026, 6, 30)}
	for _, tc := range []struct {
		now  time.Time
		want []string
	}{
		{time.Date(2026, 6, 24, 0, 0, 0, 0, oslo), []string{okr.StageEndsSoon}},
		{time.Date(2026, 6, 23, 23, 59, 0, 0, oslo), nil},
		{time.Date(2026, 7, 1, 8, 0, 0, 0, oslo), []string{okr.StageGradingOpen}},
		{time.Date(2026, 3, 18, 9, 0, 0, 0, oslo), []string{okr.StagePlanNext}},
		{time.Date(2026, 5, 1, 9, 0, 0, 0, oslo), nil},
	} {
		if got := okr.PeriodStages(p, tc.now, oslo); !slices.Equal(got, tc.want) {
			t.Errorf("stages at %s: %v, want %v", tc.now, got, tc.want)
		}
	}
}

// Settings of the rhythm are validated with the field named.
func TestRhythmSettingsValidate(t *testing.T) {
	s := okr.DefaultSettings()
	if err := s.Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for field, mod := range map[string]func(*okr.OrgSettings){
		"time_zone":       func(s *okr.OrgSettings) { s.TimeZone = "Europe/Nowhere" },
		"check_in_day":    func(s *okr.OrgSettings) { s.CheckInDay = "fredag" },
		"check_in_time":   func(s *okr.OrgSettings) { s.CheckInTime = "25:00" },
		"digest_time":     func(s *okr.OrgSettings) { s.DigestTime = "" },
		"escalate_after":  func(s *okr.OrgSettings) { s.EscalateAfter = 13 },
		"holiday_country": func(s *okr.OrgSettings) { s.HolidayCountry = "dk" },
		"days_off":        func(s *okr.OrgSettings) { s.DaysOff = []okr.DayOff{{From: "2026-07-24", To: "2026-07-06"}} },
	} {
		s := okr.DefaultSettings()
		mod(&s)
		err := s.Validate()
		if err == nil || !containsField(err, field) {
			t.Errorf("%s: %v, want an error on the field", field, err)
		}
	}
}

func containsField(err error, field string) bool {
	var verrs okr.ValidationErrors
	if !errors.As(err, &verrs) {
		return false
	}
	for _, e := range verrs {
		if e.Field == field {
			return true
		}
	}
	return false
}
