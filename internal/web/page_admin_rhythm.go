package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// rhythmForm is the rhythm's part of the settings form: when reminders
// and digests go out, escalation, and the holidays.
type rhythmForm struct {
	RemindersOn, DigestOn bool
	CheckInDays           []Choice
	DigestDays            []Choice
	Countries             []Choice
	// Holidays are this year's public holidays of the chosen country, as
	// "date: name" lines, shown below the choice.
	Holidays []string
}

// The rhythm's text fields, by form field (values as typed).
var rhythmTexts = []string{"time_zone", "check_in_time", "digest_time", "days_off"}

// rhythmFields returns the rhythm's text fields of the settings.
func rhythmFields(set okr.OrgSettings) map[string]string {
	return map[string]string{"time_zone": set.TimeZone, "check_in_time": set.CheckInTime, "digest_time": set.DigestTime,
		"days_off": formatDaysOff(set.DaysOff)}
}

func (s *Server) rhythmForm(p *Page, set okr.OrgSettings) rhythmForm {
	rf := rhythmForm{RemindersOn: !set.RemindersOff, DigestOn: !set.DigestOff}
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		rf.CheckInDays = append(rf.CheckInDays, Choice{Value: d, Label: p.L.T("admin.day_" + d), Selected: set.CheckInDay == d})
		rf.DigestDays = append(rf.DigestDays, Choice{Value: d, Label: p.L.T("admin.day_" + d), Selected: set.DigestDay == d})
	}
	for _, c := range okr.HolidayCountries() {
		rf.Countries = append(rf.Countries, Choice{Value: c, Label: p.L.T("admin.holidays_" + c), Selected: set.HolidayCountry == c})
	}
	for _, h := range okr.PublicHolidays(set.HolidayCountry, s.now().In(set.Location()).Year()) {
		rf.Holidays = append(rf.Holidays, p.L.Date(h.Date)+": "+p.L.T("holiday."+h.ID))
	}
	return rf
}

// readRhythm reads the rhythm's fields of the form into set.
func readRhythm(f *form, set *okr.OrgSettings, fields map[string]string) {
	for _, name := range rhythmTexts {
		fields[name] = f.str(name)
	}
	set.TimeZone = strings.TrimSpace(f.str("time_zone"))
	set.CheckInDay, set.CheckInTime = f.str("check_in_day"), strings.TrimSpace(f.str("check_in_time"))
	set.DigestDay, set.DigestTime = f.str("digest_day"), strings.TrimSpace(f.str("digest_time"))
	set.RemindersOff = f.str("reminders_on") != "1"
	set.DigestOff = f.str("digest_on") != "1"
	set.HolidayCountry = f.str("holiday_country")
	days, ok := parseDaysOff(f.str("days_off"))
	if !ok {
		f.fail("days_off", "err.day_off", "Max", okr.MaxDaysOff)
		return
	}
	set.DaysOff = days
}

// formatDaysOff writes days off one per line: "2026-07-06 2026-07-24
// Fellesferie", or one date and a name for a single day.
func formatDaysOff(days []okr.DayOff) string {
	var b strings.Builder
	for _, d := range days {
		b.WriteString(d.From)
		if d.To != "" && d.To != d.From {
			b.WriteString(" " + d.To)
		}
		if d.Name != "" {
			b.WriteString(" " + d.Name)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// parseDaysOff reads the lines of formatDaysOff; empty lines are skipped.
// ok is false when a line does not start with a date.
func parseDaysOff(s string) ([]okr.DayOff, bool) {
	var days []okr.DayOff
	for _, line := range strings.Split(s, "\n") {
		words := strings.Fields(line)
		if len(words) == 0 {
			continue
		}
		if _, err := time.Parse(time.DateOnly, words[0]); err != nil {
			return nil, false
		}
		d := okr.DayOff{From: words[0]}
		words = words[1:]
		if len(words) > 0 {
			if _, err := time.Parse(time.DateOnly, words[0]); err == nil {
				d.To, words = words[0], words[1:]
			}
		}
		d.Name = strings.Join(words, " ")
		days = append(days, d)
	}
	return days, true
}

// rhythmConflictRows adds the rhythm's settings to a conflict view.
func rhythmConflictRows(c *conflictView, p *Page, theirs, mine okr.OrgSettings) {
	yes := func(b bool) string {
		if b {
			return p.L.T("word.yes")
		}
		return p.L.T("word.no")
	}
	when := func(day, hhmm string) string { return p.L.T("admin.day_"+day) + " " + hhmm }
	c.row(p.L.T("admin.time_zone"), theirs.TimeZone, mine.TimeZone)
	c.row(p.L.T("admin.reminders_on"), yes(!theirs.RemindersOff), yes(!mine.RemindersOff))
	c.row(p.L.T("admin.check_in_when"), when(theirs.CheckInDay, theirs.CheckInTime), when(mine.CheckInDay, mine.CheckInTime))
	c.row(p.L.T("admin.escalate_after"), strconv.Itoa(theirs.EscalateAfter), strconv.Itoa(mine.EscalateAfter))
	c.row(p.L.T("admin.digest_on"), yes(!theirs.DigestOff), yes(!mine.DigestOff))
	c.row(p.L.T("admin.digest_when"), when(theirs.DigestDay, theirs.DigestTime), when(mine.DigestDay, mine.DigestTime))
	c.row(p.L.T("admin.holiday_country"), p.L.T("admin.holidays_"+theirs.HolidayCountry), p.L.T("admin.holidays_"+mine.HolidayCountry))
	c.row(p.L.T("admin.days_off"), formatDaysOff(theirs.DaysOff), formatDaysOff(mine.DaysOff))
}
