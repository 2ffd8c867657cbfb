package okr_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestEaster(t *testing.T) {
	for _, want := range []time.Time{day(1961, 4, 2), day(2000, 4, 23), day(2024, 3, 31), day(2025, 4, 20),
		day(2026, 4, 5), day(2027, 3, 28), day(2038, 4, 25), day(2285, 3, 22)} {
		if got := okr.Easter(want.Year()); !got.Equal(want) {
			t.Errorf("Easter(%d) = %s, want %s", want.Year(), got.Format(time.DateOnly), want.Format(time.DateOnly))
		}
	}
}

func holidaySet(country string, year int) map[string]string {
	m := map[string]string{}
	for _, h := range okr.PublicHolidays(country, year) {
		m[h.Date.Format(time.DateOnly)] = h.ID
	}
	return m
}

// The public holidays of Norway and Sweden, checked against the official
// calendars of 2026 and 2027.
func TestPublicHolidays(t *testing.T) {
	no26 := holidaySet(okr.HolidaysNorway, 2026)
	for d, id := range map[string]string{"2026-01-01": "new_year", "2026-04-02": "maundy_thursday", "2026-04-03": "good_friday",
		"2026-04-05": "easter_sunday", "2026-04-06": "easter_monday", "2026-05-01": "labour_day", "2026-05-17": "constitution_day",
		"2026-05-14": "ascension", "2026-05-24": "whit_sunday", "2026-05-25": "whit_monday", "2026-12-25": "christmas_day", "2026-12-26": "boxing_day"} {
		if no26[d] != id {
			t.Errorf("Norway %s: %q, want %s", d, no26[d], id)
		}
	}
	if len(no26) != 12 {
		t.Errorf("Norway 2026 has %d holidays, want 12: %v", len(no26), no26)
	}
	se27 := holidaySet(okr.HolidaysSweden, 2027)
	for d, id := range map[string]string{"2027-01-06": "epiphany", "2027-03-26": "good_friday", "2027-03-29": "easter_monday",
		"2027-05-06": "ascension", "2027-05-16": "whit_sunday", "2027-06-06": "national_day_se", "2027-06-25": "midsummer_eve",
		"2027-06-26": "midsummer_day", "2027-11-06": "all_saints", "2027-12-24": "christmas_eve", "2027-12-31": "new_years_eve"} {
		if se27[d] != id {
			t.Errorf("Sweden %s: %q, want %s", d, se27[d], id)
		}
	}
	if _, ok := se27["2027-05-17"]; ok {
		t.Error("Sweden keeps Norway's constitution day")
	}
	if n := len(okr.PublicHolidays(okr.HolidaysNone, 2026)); n != 0 {
		t.Errorf("no country: %d holidays", n)
	}
}

// A day is a holiday in the organisation's time zone, and days off an
// admin adds count as holidays.
func TestCalendar(t *testing.T) {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	c := okr.NewCalendar(okr.HolidaysNorway, []okr.DayOff{{From: "2026-07-06", To: "2026-07-24", Name: "Fellesferie"}}, "Europe/Oslo")
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2026, 5, 16, 22, 30, 0, 0, time.UTC), true},  // 00:30 on 17 May in Oslo
		{time.Date(2026, 5, 16, 21, 30, 0, 0, time.UTC), false}, // 23:30 on 16 May in Oslo
		{time.Date(2026, 7, 6, 9, 0, 0, 0, oslo), true},
		{time.Date(2026, 7, 24, 23, 0, 0, 0, oslo), true},
		{time.Date(2026, 7, 25, 0, 0, 0, 0, oslo), false},
		{time.Date(2026, 7, 3, 9, 0, 0, 0, oslo), false},
	} {
		if got := c.IsHoliday(tc.at); got != tc.want {
			t.Errorf("IsHoliday(%s) = %v, want %v", tc.at, got, tc.want)
		}
	}
	if c != okr.NewCalendar(okr.HolidaysNorway, []okr.DayOff{{From: "2026-07-06", To: "2026-07-24", Name: "other name"}}, "Europe/Oslo") {
		t.Error("calendars of the same days differ")
	}
}

// The "not updated" clock stops on holidays: a key result checked in on
// the Wednesday before Easter is not overdue the Wednesday after in Norway
// (four holidays in between), but is without holidays; the July shutdown
// stops it too.
func TestNotUpdatedSkipsHolidays(t *testing.T) {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	last := time.Date(2026, 4, 1, 10, 0, 0, 0, oslo)
	kr := &okr.KeyResult{LastCheckInAt: &last}
	o := &okr.Objective{State: okr.StatePublished}
	p := &okr.Period{Start: day(2026, 1, 1), End: day(2026, 12, 31)}
	norway := okr.DefaultSettings()
	none := okr.DefaultSettings()
	none.HolidayCountry = okr.HolidaysNone
	at := time.Date(2026, 4, 8, 12, 0, 0, 0, oslo)
	if _, overdue := okr.CheckInDue(kr, o, p, norway.Pace(), at); overdue {
		t.Error("overdue after Easter in Norway, want not: four holidays stop the clock")
	}
	if _, overdue := okr.CheckInDue(kr, o, p, none.Pace(), at); !overdue {
		t.Error("not overdue a week later without holidays")
	}
	if _, overdue := okr.CheckInDue(kr, o, p, norway.Pace(), at.AddDate(0, 0, 4)); !overdue {
		t.Error("not overdue 11 days later in Norway")
	}
	if s := okr.KRStatus(kr, o, p, norway.Pace(), at); s == okr.StatusStale {
		t.Error("status after Easter: not updated, want the pace status")
	}
	shutdown := okr.DefaultSettings()
	shutdown.DaysOff = []okr.DayOff{{From: "2026-07-06", To: "2026-07-26", Name: "Fellesferie"}}
	before := time.Date(2026, 7, 3, 10, 0, 0, 0, oslo)
	kr.LastCheckInAt = &before
	if _, overdue := okr.CheckInDue(kr, o, p, shutdown.Pace(), time.Date(2026, 7, 28, 9, 0, 0, 0, oslo)); overdue {
		t.Error("overdue two days after the July shutdown, want not")
	}
}

// WorkingTimeOver, which subtracts the holidays and days off between two
// times rather than walking the days, answers what a walk asking IsHoliday
// of each day answers: across a new year, days off over holidays (Christmas)
// and on one (a single day), a summer shutdown, Easter, changes of summer
// time, and durations near the time worked.
func TestWorkingTimeOverWalksAsIsHoliday(t *testing.T) {
	cal := okr.NewCalendar("NO", []okr.DayOff{{From: "2026-07-06", To: "2026-07-26", Name: "Fellesferie"}, {From: "2026-12-21", To: "2027-01-03", Name: "Jul"}, {From: "2026-04-01", Name: "Onsdag"}}, "Europe/Oslo")
	loc := cal.Location()
	reference := func(since, now time.Time, d time.Duration) bool {
		var worked time.Duration
		for t := since; t.Before(now); {
			y, m, dd := t.In(loc).Date()
			next := time.Date(y, m, dd+1, 0, 0, 0, 0, loc)
			if next.After(now) {
				next = now
			}
			if !cal.IsHoliday(t) {
				worked += next.Sub(t)
			}
			t = next
		}
		return worked > d
	}
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2025, 12, 1, 0, 0, 0, 0, loc)
	for i := range 3000 {
		since := start.Add(time.Duration(rng.Int64N(int64(400 * 24 * time.Hour))))
		now := since.Add(time.Duration(rng.Int64N(int64(200 * 24 * time.Hour))))
		d := time.Duration(1+rng.Int64N(21)) * 24 * time.Hour / 2
		if i%3 == 0 {
			d = time.Duration(rng.Int64N(int64(now.Sub(since)) + 1))
		}
		if got, want := cal.WorkingTimeOver(since, now, d), reference(since, now, d); got != want {
			t.Fatalf("case %d: WorkingTimeOver(%s, %s, %s) = %v, a walk of IsHoliday says %v", i, since, now, d, got, want)
		}
	}
}
