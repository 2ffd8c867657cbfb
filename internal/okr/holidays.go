package okr

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// Holidays: the days the organisation does not work. Reminders are not
// sent on them and the "not updated" clock (CheckInDue) stops on them.
// They are the public holidays of the organisation's country (Norway or
// Sweden, computed for any year: the moving feasts follow Easter) and the
// days an admin adds (DayOff, such as a July shutdown).

// Holiday calendars of OrgSettings.HolidayCountry.
const (
	HolidaysNorway = "no"
	HolidaysSweden = "se"
	HolidaysNone   = "none"
)

// HolidayCountries lists the choices of OrgSettings.HolidayCountry.
func HolidayCountries() []string { return []string{HolidaysNorway, HolidaysSweden, HolidaysNone} }

// DayOff is a span of days an admin adds: From to To, both included
// (dates as 2006-01-02; To empty means one day).
type DayOff struct {
	From string `json:"from"`
	To   string `json:"to,omitempty"`
	Name string `json:"name"`
}

// Span returns the first and last day of d; ok is false when a date does
// not parse or To is before From.
func (d DayOff) Span() (from, to time.Time, ok bool) {
	from, err := time.Parse(time.DateOnly, d.From)
	if err != nil {
		return from, to, false
	}
	to = from
	if d.To != "" {
		if to, err = time.Parse(time.DateOnly, d.To); err != nil || to.Before(from) {
			return from, to, false
		}
	}
	return from, to, true
}

// MaxDaysOff bounds the spans an organisation adds.
const MaxDaysOff = 100

// Holiday is a public holiday: its date (midnight UTC) and an id that names
// it in every language ("holiday.<id>").
type Holiday struct {
	Date time.Time
	ID   string
}

// Easter returns Easter Sunday of the year (Gregorian calendar; the
// anonymous algorithm of Meeus/Jones/Butcher).
func Easter(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// PublicHolidays returns the country's public holidays of the year in
// date order; none for HolidaysNone or an unknown country. Sweden's list
// has the eves that are days off in practice (midsummer, Christmas and New
// Year's Eve) besides the holidays by law.
func PublicHolidays(country string, year int) []Holiday {
	easter := Easter(year)
	fixed := func(m time.Month, d int) time.Time { return time.Date(year, m, d, 0, 0, 0, 0, time.UTC) }
	rel := func(days int) time.Time { return easter.AddDate(0, 0, days) }
	// weekdayIn returns the day of the week wd in [first, first+6] of month m.
	weekdayIn := func(m time.Month, first int, wd time.Weekday) time.Time {
		t := fixed(m, first)
		return t.AddDate(0, 0, (int(wd)-int(t.Weekday())+7)%7)
	}
	var hs []Holiday
	switch country {
	case HolidaysNorway:
		hs = []Holiday{
			{fixed(time.January, 1), "new_year"},
			{rel(-3), "maundy_thursday"},
			{rel(-2), "good_friday"},
			{easter, "easter_sunday"},
			{rel(1), "easter_monday"},
			{fixed(time.May, 1), "labour_day"},
			{fixed(time.May, 17), "constitution_day"},
			{rel(39), "ascension"},
			{rel(49), "whit_sunday"},
			{rel(50), "whit_monday"},
			{fixed(time.December, 25), "christmas_day"},
			{fixed(time.December, 26), "boxing_day"},
		}
	case HolidaysSweden:
		hs = []Holiday{
			{fixed(time.January, 1), "new_year"},
			{fixed(time.January, 6), "epiphany"},
			{rel(-2), "good_friday"},
			{easter, "easter_sunday"},
			{rel(1), "easter_monday"},
			{fixed(time.May, 1), "labour_day"},
			{rel(39), "ascension"},
			{rel(49), "whit_sunday"},
			{fixed(time.June, 6), "national_day_se"},
			{weekdayIn(time.June, 19, time.Friday), "midsummer_eve"},
			{weekdayIn(time.June, 20, time.Saturday), "midsummer_day"},
			{weekdayIn(time.October, 31, time.Saturday), "all_saints"},
			{fixed(time.December, 24), "christmas_eve"},
			{fixed(time.December, 25), "christmas_day"},
			{fixed(time.December, 26), "boxing_day"},
			{fixed(time.December, 31), "new_years_eve"},
		}
	}
	slices.SortStableFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return hs
}

// Calendar answers whether a day is a holiday: the country's public
// holidays and the organisation's days off, in its time zone. The zero
// Calendar has no holidays and uses UTC. A Calendar is comparable: it holds
// names, and the parsed spans and zones are cached by them.
type Calendar struct {
	country string
	zone    string // IANA name; "" is UTC
	off     string // the days off, "from/to" joined by ","
}

var (
	zones    sync.Map // name → *time.Location
	offSpans sync.Map // Calendar.off → [][2]time.Time
)

// NewCalendar returns the calendar of a country's holidays and the days
// off, whose days start at midnight in the zone (an IANA name; "" or an
// unknown name: UTC). Days off that do not parse are left out (Validate
// refuses them).
func NewCalendar(country string, off []DayOff, zone string) Calendar {
	c := Calendar{country: country, zone: zone}
	var b strings.Builder
	var spans [][2]time.Time
	for _, d := range off {
		if from, to, ok := d.Span(); ok {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(from.Format(time.DateOnly) + "/" + to.Format(time.DateOnly))
			spans = append(spans, [2]time.Time{from, to})
		}
	}
	c.off = b.String()
	offSpans.LoadOrStore(c.off, spans)
	return c
}

// Location returns the time zone the calendar's days are in.
func (c Calendar) Location() *time.Location {
	if c.zone == "" {
		return time.UTC
	}
	if loc, ok := loadZone(c.zone); ok {
		return loc
	}
	return time.UTC
}

// loadZone returns the IANA time zone of the name, read once per name.
func loadZone(name string) (*time.Location, bool) {
	if l, ok := zones.Load(name); ok {
		loc := l.(*time.Location)
		return loc, loc != nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = nil
	}
	zones.Store(name, loc)
	return loc, loc != nil
}

// ValidTimeZone reports whether name is an IANA time zone.
func ValidTimeZone(name string) bool {
	_, ok := loadZone(name)
	return ok && name != "" && name != "Local"
}

// holidaysOf caches PublicHolidays by country and year.
var holidaysOf sync.Map // holidayKey → []Holiday

// holidayKey is holidaysOf's key: a struct, so that a look-up allocates
// nothing (the key was a formatted string).
type holidayKey struct {
	country string
	year    int
}

func cachedHolidays(country string, year int) []Holiday {
	key := holidayKey{country, year}
	if h, ok := holidaysOf.Load(key); ok {
		return h.([]Holiday)
	}
	h := PublicHolidays(country, year)
	holidaysOf.Store(key, h)
	return h
}

// spans returns the days off as first and last day, midnight UTC.
func (c Calendar) spans() [][2]time.Time {
	if c.off == "" {
		return nil
	}
	if s, ok := offSpans.Load(c.off); ok {
		return s.([][2]time.Time)
	}
	var spans [][2]time.Time
	for _, part := range strings.Split(c.off, ",") {
		from, to, _ := strings.Cut(part, "/")
		if d, e, ok := (DayOff{From: from, To: to}).Span(); ok {
			spans = append(spans, [2]time.Time{d, e})
		}
	}
	offSpans.Store(c.off, spans)
	return spans
}

// dateOf returns t's calendar date in the calendar's zone as midnight UTC.
func (c Calendar) dateOf(t time.Time) time.Time {
	y, m, d := t.In(c.Location()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// IsHoliday reports whether t falls on a holiday or a day off.
func (c Calendar) IsHoliday(t time.Time) bool {
	day := c.dateOf(t)
	for _, s := range c.spans() {
		if !day.Before(s[0]) && !day.After(s[1]) {
			return true
		}
	}
	for _, h := range cachedHolidays(c.country, day.Year()) {
		if h.Date.Equal(day) {
			return true
		}
	}
	return false
}

// Empty reports whether the calendar has no holidays at all.
func (c Calendar) Empty() bool {
	return c.off == "" && (c.country == "" || c.country == HolidaysNone)
}

// WorkingTimeOver reports whether more than d of working time (time not on
// a holiday) passed from since to now: the time between them less the
// part of it on holidays and days off, each such date counted once from
// its midnight to the next in the calendar's zone. Its cost is the
// holidays and days off between the two, not the days: a badge is
// computed for every key result on a page (docs/performance.md, twelfth
// round).
func (c Calendar) WorkingTimeOver(since, now time.Time, d time.Duration) bool {
	total := now.Sub(since)
	if total <= d {
		return false
	}
	if c.Empty() {
		return true
	}
	loc := c.Location()
	first, last := c.dateOf(since), c.dateOf(now)
	var off []time.Time // dates (midnight UTC) in [first, last]
	for _, s := range c.spans() {
		from, to := s[0], s[1]
		if from.Before(first) {
			from = first
		}
		if to.After(last) {
			to = last
		}
		for day := from; !day.After(to); day = day.AddDate(0, 0, 1) {
			off = append(off, day)
		}
	}
	for y := first.Year(); y <= last.Year(); y++ {
		for _, h := range cachedHolidays(c.country, y) {
			if !h.Date.Before(first) && !h.Date.After(last) {
				off = append(off, h.Date)
			}
		}
	}
	slices.SortFunc(off, time.Time.Compare)
	off = slices.CompactFunc(off, time.Time.Equal)
	worked := total
	for _, day := range off {
		y, m, dd := day.Date()
		from, to := time.Date(y, m, dd, 0, 0, 0, 0, loc), time.Date(y, m, dd+1, 0, 0, 0, 0, loc)
		if from.Before(since) {
			from = since
		}
		if to.After(now) {
			to = now
		}
		if to.After(from) {
			worked -= to.Sub(from)
		}
	}
	return worked > d
}
