package okr

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on text fields, in characters.
const (
	MaxTitleLen       = 200
	MaxDescriptionLen = 10000
	MaxCommentLen     = 5000
)

// The translation keys of validation messages. The web layer translates them
// with Args; Message carries the English text.
const (
	KeyRequired      = "err.required"
	KeyTooLong       = "err.too_long" // Args: Len and Max
	KeyInvalidChoice = "err.invalid_choice"
	KeyPositive      = "err.positive"
	KeyDateOrder     = "err.date_order"
	KeyOneOwner      = "err.one_owner"
	KeyTargetIsStart = "err.target_is_start"
	KeyNotANumber    = "err.not_a_number"
	KeyEmail         = "err.email"
	KeyRange01       = "err.range_0_100"
	// A target on the wrong side of the start: the message says so and
	// which kind fits it.
	KeyIncreaseBelowStart = "err.increase_below_start"
	KeyDecreaseAboveStart = "err.decrease_above_start"
	// The check-in interval is outside 1..MaxCheckInDays days. Args: Max.
	KeyCheckInDays = "err.check_in_days"
	// Rhythm settings: a time zone, a time of day, the escalation, days off.
	KeyTimeZone  = "err.time_zone"
	KeyTimeOfDay = "err.time_of_day"
	KeyEscalate  = "err.escalate_after" // Args: Max
	KeyDayOff    = "err.day_off"        // Args: Max
)

type validator struct{ errs ValidationErrors }

func (v *validator) add(field, key, msg string, args map[string]any) {
	v.errs = append(v.errs, FieldError(field, key, msg, args))
}

func (v *validator) text(field, s string, required bool, max int) {
	s = strings.TrimSpace(s)
	if required && s == "" {
		v.add(field, KeyRequired, field+" is required", map[string]any{"Field": field})
	} else if n := utf8.RuneCountInString(s); n > max {
		v.add(field, KeyTooLong, fmt.Sprintf("%s is too long: %d characters, at most %d", field, n, max), map[string]any{"Field": field, "Max": max, "Len": n})
	}
}

func (v *validator) finite(field string, x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		v.add(field, KeyNotANumber, field+" must be a number", map[string]any{"Field": field})
	}
}

func (v *validator) weight(w float64) {
	v.finite("weight", w)
	if w <= 0 {
		v.add("weight", KeyPositive, "weight must be greater than zero", map[string]any{"Field": "weight"})
	}
}

func (v *validator) owner(o Owner, required bool) {
	if (o.UnitID != nil && o.PersonID != nil) || (required && o.UnitID == nil && o.PersonID == nil) {
		v.add("owner", KeyOneOwner, "owner must be exactly one unit or one person", nil)
	}
}

func oneOf[T ~string](v *validator, field string, x T, allowed ...T) {
	for _, a := range allowed {
		if x == a {
			return
		}
	}
	opts := make([]string, len(allowed))
	for i, a := range allowed {
		opts[i] = string(a)
	}
	v.add(field, KeyInvalidChoice, field+" must be one of "+strings.Join(opts, ", "), map[string]any{"Field": field, "Choices": strings.Join(opts, ", ")})
}

// Validate checks an objective's own fields. References (period, parent,
// owner) are checked by the store.
func (o *Objective) Validate() error {
	var v validator
	v.text("title", o.Title, true, MaxTitleLen)
	v.text("description", o.Description, false, MaxDescriptionLen)
	v.text("reflection", o.Reflection, false, MaxDescriptionLen)
	v.owner(o.Owner, true)
	v.weight(o.Weight)
	oneOf(&v, "state", o.State, StateDraft, StatePublished, StateClosed)
	if o.PeriodID == 0 {
		v.add("period", KeyRequired, "period is required", map[string]any{"Field": "period"})
	}
	return v.errs.Err()
}

// Validate checks a key result's own fields.
func (kr *KeyResult) Validate() error {
	var v validator
	v.text("title", kr.Title, true, MaxTitleLen)
	v.owner(kr.Owner, false)
	v.weight(kr.Weight)
	m := kr.Metric
	oneOf(&v, "metric.kind", m.Kind, metricKinds[:]...)
	oneOf(&v, "metric.unit", m.Unit.Kind, MeasureNumber, MeasurePercent, MeasureCurrency, MeasureCustom)
	v.finite("metric.start", m.Start)
	v.finite("metric.target", m.Target)
	switch k := m.Kind; {
	case k.HasStart():
		if m.Start == m.Target {
			v.add("metric.target", KeyTargetIsStart, "target must differ from start", map[string]any{"Field": "metric.target"})
		}
		if m.Kind == MetricIncrease && m.Target < m.Start {
			v.add("metric.target", KeyIncreaseBelowStart, "the target is below the start: for a value that should go down, choose the kind decrease", map[string]any{"Field": "metric.target"})
		}
		if m.Kind == MetricDecrease && m.Target > m.Start {
			v.add("metric.target", KeyDecreaseAboveStart, "the target is above the start: for a value that should go up, choose the kind increase", map[string]any{"Field": "metric.target"})
		}
	case k == MetricMilestones:
		if len(kr.Milestones) == 0 {
			v.add("milestones", KeyRequired, "milestones are required", map[string]any{"Field": "milestones"})
		}
		for _, ms := range kr.Milestones {
			v.text("milestones", ms.Title, true, MaxTitleLen)
		}
	}
	if m.Unit.Kind == MeasureCurrency && len(m.Unit.Code) != 3 {
		v.add("metric.unit_code", KeyRequired, "a currency needs its three-letter code", map[string]any{"Field": "metric.unit_code"})
	}
	return v.errs.Err()
}

// Validate checks a period.
func (p *Period) Validate() error {
	var v validator
	v.text("name", p.Name, true, MaxTitleLen)
	oneOf(&v, "kind", p.Kind, PeriodQuarter, PeriodYear, PeriodCustom)
	if p.Start.IsZero() {
		v.add("start", KeyRequired, "start is required", map[string]any{"Field": "start"})
	}
	if p.End.IsZero() {
		v.add("end", KeyRequired, "end is required", map[string]any{"Field": "end"})
	}
	if !p.Start.IsZero() && !p.End.IsZero() && p.End.Before(p.Start) {
		v.add("end", KeyDateOrder, "end must not be before start", map[string]any{"Field": "end"})
	}
	return v.errs.Err()
}

// Validate checks a unit.
func (u *Unit) Validate() error {
	var v validator
	v.text("name", u.Name, true, MaxTitleLen)
	oneOf(&v, "kind", u.Kind, UnitCompany, UnitDepartment, UnitTeam)
	return v.errs.Err()
}

// Validate checks a person.
func (p *Person) Validate() error {
	var v validator
	v.text("name", p.Name, true, MaxTitleLen)
	v.text("email", p.Email, true, 254)
	if e := strings.TrimSpace(p.Email); e != "" && (!strings.Contains(e, "@") || strings.ContainsAny(e, " \t\n<>")) {
		v.add("email", KeyEmail, "email is not a valid address", map[string]any{"Field": "email"})
	}
	oneOf(&v, "role", p.Role, RoleAdmin, RoleMember)
	if p.Language != "" {
		oneOf(&v, "language", p.Language, languages[:]...)
	}
	return v.errs.Err()
}

// Validate checks an initiative.
func (i *Initiative) Validate() error {
	var v validator
	v.text("title", i.Title, true, MaxTitleLen)
	oneOf(&v, "status", i.Status, InitiativePlanned, InitiativeInProgress, InitiativeDone, InitiativeDropped)
	return v.errs.Err()
}

// Validate checks a KPI.
func (k *KPI) Validate() error {
	var v validator
	v.text("name", k.Name, true, MaxTitleLen)
	v.text("description", k.Description, false, MaxDescriptionLen)
	oneOf(&v, "direction", k.Direction, HigherIsBetter, LowerIsBetter)
	oneOf(&v, "frequency", k.Frequency, Daily, Weekly, Monthly, Quarterly)
	oneOf(&v, "unit", k.Unit.Kind, MeasureNumber, MeasurePercent, MeasureCurrency, MeasureCustom)
	if k.Warn != nil {
		v.finite("warn", *k.Warn)
	}
	if k.Critical != nil {
		v.finite("critical", *k.Critical)
	}
	return v.errs.Err()
}

// Validate checks a check-in's own fields; the store checks it against its KR.
func (c *CheckIn) Validate() error {
	var v validator
	v.finite("value", c.Value)
	v.text("comment", c.Comment, false, MaxCommentLen)
	oneOf(&v, "confidence", c.Confidence, OnTrack, AtRisk, OffTrack)
	return v.errs.Err()
}

// Validate checks a grade.
func (g *Grade) Validate() error {
	var v validator
	v.finite("score", g.Score)
	if g.Score < 0 || g.Score > 1 {
		v.add("score", KeyRange01, "score must be between 0 and 100 %", map[string]any{"Field": "score"})
	}
	v.text("note", g.Note, false, MaxCommentLen)
	return v.errs.Err()
}

// Validate checks organisation settings.
func (s *OrgSettings) Validate() error {
	var v validator
	oneOf(&v, "language", s.Language, languages[:]...)
	if s.BandLow < 0 || s.BandHigh > 1 || s.BandLow > s.BandHigh {
		v.add("band_low", KeyRange01, "the verdict band must be within 0–100 % and low ≤ high", map[string]any{"Field": "band_low"})
	}
	if s.MinKRs < 0 || s.MaxKRs < s.MinKRs {
		v.add("min_krs", KeyPositive, "KR limits must be positive and min ≤ max", map[string]any{"Field": "min_krs"})
	}
	if s.MaxObjectives <= 0 || s.MaxObjectivesHard < s.MaxObjectives {
		v.add("max_objectives", KeyPositive, "objective limits must be positive and warning ≤ error", map[string]any{"Field": "max_objectives"})
	}
	if s.CheckInDays < 1 || s.CheckInDays > MaxCheckInDays {
		v.add("check_in_days", KeyCheckInDays, fmt.Sprintf("the check-in interval must be 1 to %d days", MaxCheckInDays),
			map[string]any{"Field": "check_in_days", "Max": MaxCheckInDays})
	}
	oneOf(&v, "expected_from", s.ExpectedFrom, LineStarts()...)
	s.validateRhythm(&v)
	return v.errs.Err()
}

// MaxEscalateAfter bounds OrgSettings.EscalateAfter.
const MaxEscalateAfter = 12

// validateRhythm checks the rhythm's settings (rhythm.go, holidays.go).
func (s *OrgSettings) validateRhythm(v *validator) {
	if !ValidTimeZone(s.TimeZone) {
		v.add("time_zone", KeyTimeZone, "the time zone must be an IANA name such as Europe/Oslo", map[string]any{"Field": "time_zone"})
	}
	oneOf(v, "check_in_day", s.CheckInDay, weekdays...)
	oneOf(v, "digest_day", s.DigestDay, weekdays...)
	for field, hhmm := range map[string]string{"check_in_time": s.CheckInTime, "digest_time": s.DigestTime} {
		if _, err := time.Parse("15:04", hhmm); err != nil {
			v.add(field, KeyTimeOfDay, field+" must be a time of day such as 09:00", map[string]any{"Field": field})
		}
	}
	if s.EscalateAfter < 0 || s.EscalateAfter > MaxEscalateAfter {
		v.add("escalate_after", KeyEscalate, fmt.Sprintf("escalation must be after 0 to %d missed check-ins", MaxEscalateAfter),
			map[string]any{"Field": "escalate_after", "Max": MaxEscalateAfter})
	}
	oneOf(v, "holiday_country", s.HolidayCountry, HolidayCountries()...)
	if len(s.DaysOff) > MaxDaysOff {
		v.add("days_off", KeyDayOff, fmt.Sprintf("at most %d days off", MaxDaysOff), map[string]any{"Field": "days_off", "Max": MaxDaysOff})
		return
	}
	for _, d := range s.DaysOff {
		from, to, ok := d.Span()
		if !ok || to.Sub(from) > 366*24*time.Hour || len(d.Name) > 100 {
			v.add("days_off", KeyDayOff, "each day off needs a valid date (2006-01-02), an end not before its start, at most a year, and a name of at most 100 characters",
				map[string]any{"Field": "days_off", "Max": MaxDaysOff})
			return
		}
	}
}
