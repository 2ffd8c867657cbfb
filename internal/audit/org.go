package audit

import (
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// Org is an organisation as recorded.
type Org struct {
	V         int       `json:"v"`
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Slug      string    `json:"slug"`
	Settings  Settings  `json:"settings"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
}

// Settings are an organisation's settings; the band is in fractions.
type Settings struct {
	Language           string            `json:"language"`
	BandLow            float64           `json:"band_low"`
	BandHigh           float64           `json:"band_high"`
	MaxObjectives      int               `json:"max_objectives"`
	MaxObjectivesHard  int               `json:"max_objectives_hard"`
	MinKRs             int               `json:"min_krs"`
	MaxKRs             int               `json:"max_krs"`
	MaxObjectiveLength int               `json:"max_objective_length"`
	Rules              map[string]string `json:"rules,omitempty"`
	CheckInDays        int               `json:"check_in_days,omitempty"`
	ExpectedFrom       string            `json:"expected_from,omitempty"`
	// The rhythm (okr/rhythm.go), absent in records made before it.
	TimeZone       string       `json:"time_zone,omitempty"`
	CheckInDay     string       `json:"check_in_day,omitempty"`
	CheckInTime    string       `json:"check_in_time,omitempty"`
	RemindersOff   bool         `json:"reminders_off,omitempty"`
	EscalateAfter  int          `json:"escalate_after,omitempty"`
	DigestDay      string       `json:"digest_day,omitempty"`
	DigestTime     string       `json:"digest_time,omitempty"`
	DigestOff      bool         `json:"digest_off,omitempty"`
	HolidayCountry string       `json:"holiday_country,omitempty"`
	DaysOff        []okr.DayOff `json:"days_off,omitempty"`
}

// RecordType returns "org".
func (*Org) RecordType() string { return "org" }

// FromOrg records o.
func FromOrg(o *okr.Org) *Org {
	s := o.Settings
	return &Org{V: Version, ID: o.ID, Name: o.Name, Slug: o.Slug, Version: o.Version, CreatedAt: o.CreatedAt,
		Settings: Settings{Language: s.Language, BandLow: s.BandLow, BandHigh: s.BandHigh, MaxObjectives: s.MaxObjectives,
			MaxObjectivesHard: s.MaxObjectivesHard, MinKRs: s.MinKRs, MaxKRs: s.MaxKRs,
			MaxObjectiveLength: s.MaxObjectiveLength, Rules: s.Rules, CheckInDays: s.CheckInDays, ExpectedFrom: string(s.ExpectedFrom),
			TimeZone: s.TimeZone, CheckInDay: s.CheckInDay, CheckInTime: s.CheckInTime, RemindersOff: s.RemindersOff,
			EscalateAfter: s.EscalateAfter, DigestDay: s.DigestDay, DigestTime: s.DigestTime, DigestOff: s.DigestOff,
			HolidayCountry: s.HolidayCountry, DaysOff: s.DaysOff}}
}

// Domain returns the recorded organisation.
func (r *Org) Domain() okr.Org {
	s := r.Settings
	return okr.Org{ID: r.ID, Name: r.Name, Slug: r.Slug, Version: r.Version, CreatedAt: r.CreatedAt,
		Settings: okr.OrgSettings{Language: s.Language, BandLow: s.BandLow, BandHigh: s.BandHigh, MaxObjectives: s.MaxObjectives,
			MaxObjectivesHard: s.MaxObjectivesHard, MinKRs: s.MinKRs, MaxKRs: s.MaxKRs,
			MaxObjectiveLength: s.MaxObjectiveLength, Rules: s.Rules, CheckInDays: s.CheckInDays, ExpectedFrom: okr.LineStart(s.ExpectedFrom),
			TimeZone: s.TimeZone, CheckInDay: s.CheckInDay, CheckInTime: s.CheckInTime, RemindersOff: s.RemindersOff,
			EscalateAfter: s.EscalateAfter, DigestDay: s.DigestDay, DigestTime: s.DigestTime, DigestOff: s.DigestOff,
			HolidayCountry: s.HolidayCountry, DaysOff: s.DaysOff}}
}

// Unit is a unit of the organisation tree as recorded, with its leads.
type Unit struct {
	V        int     `json:"v"`
	ID       int64   `json:"id"`
	ParentID *int64  `json:"parent_id"`
	Name     string  `json:"name"`
	Kind     string  `json:"kind"`
	LeadIDs  []int64 `json:"lead_ids"`
	Archived bool    `json:"archived"`
	Version  int64   `json:"version"`
	// ExternalID is the identity provider's externalId of the SCIM group
	// mapped to the unit, absent when none is.
	ExternalID string `json:"external_id,omitempty"`
}

// RecordType returns "unit".
func (*Unit) RecordType() string { return "unit" }

// FromUnit records u.
func FromUnit(u *okr.Unit) *Unit {
	return &Unit{V: Version, ID: u.ID, ParentID: u.ParentID, Name: u.Name, Kind: string(u.Kind), LeadIDs: u.LeadIDs,
		Archived: u.Archived, Version: u.Version, ExternalID: u.ExternalID}
}

// Domain returns the recorded unit (without its organisation).
func (r *Unit) Domain() okr.Unit {
	return okr.Unit{ID: r.ID, ParentID: r.ParentID, Name: r.Name, Kind: okr.UnitKind(r.Kind), LeadIDs: r.LeadIDs,
		Archived: r.Archived, Version: r.Version, ExternalID: r.ExternalID}
}

// Person is a person as recorded.
type Person struct {
	V        int    `json:"v"`
	ID       int64  `json:"id"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	UnitID   *int64 `json:"unit_id"`
	Language string `json:"language"`
	Archived bool   `json:"archived"`
	Version  int64  `json:"version"`
	// ExternalID is the identity provider's externalId of a provisioned
	// (SCIM) person, absent for others.
	ExternalID string `json:"external_id,omitempty"`
	// Notify are the person's notification choices, absent while they are
	// the defaults.
	Notify *okr.NotifyPrefs `json:"notify,omitempty"`
}

// RecordType returns "person".
func (*Person) RecordType() string { return "person" }

// FromPerson records p.
func FromPerson(p *okr.Person) *Person {
	r := &Person{V: Version, ID: p.ID, Email: p.Email, Name: p.Name, Role: string(p.Role), UnitID: p.UnitID,
		Language: p.Language, Archived: p.Archived, Version: p.Version, ExternalID: p.ExternalID}
	if p.Notify.Channel != "" || p.Notify.PauseReminders || len(p.Notify.Off) > 0 {
		n := p.Notify
		r.Notify = &n
	}
	return r
}

// Domain returns the recorded person (without its organisation).
func (r *Person) Domain() okr.Person {
	p := okr.Person{ID: r.ID, Email: r.Email, Name: r.Name, Role: okr.Role(r.Role), UnitID: r.UnitID,
		Language: r.Language, Archived: r.Archived, Version: r.Version, ExternalID: r.ExternalID}
	if r.Notify != nil {
		p.Notify = *r.Notify
	}
	return p
}

// Period is a period as recorded; start and end are calendar dates (UTC
// midnight).
type Period struct {
	V        int       `json:"v"`
	ID       int64     `json:"id"`
	Name     string    `json:"name"`
	Kind     string    `json:"kind"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Closed   bool      `json:"closed"`
	Archived bool      `json:"archived"`
	Version  int64     `json:"version"`
}

// RecordType returns "period".
func (*Period) RecordType() string { return "period" }

// FromPeriod records p.
func FromPeriod(p *okr.Period) *Period {
	return &Period{V: Version, ID: p.ID, Name: p.Name, Kind: string(p.Kind), Start: p.Start, End: p.End,
		Closed: p.Closed, Archived: p.Archived, Version: p.Version}
}

// Domain returns the recorded period (without its organisation).
func (r *Period) Domain() okr.Period {
	return okr.Period{ID: r.ID, Name: r.Name, Kind: okr.PeriodKind(r.Kind), Start: r.Start, End: r.End,
		Closed: r.Closed, Archived: r.Archived, Version: r.Version}
}

// Token is an API token as recorded (never its secret or hash).
type Token struct {
	V         int        `json:"v"`
	ID        int64      `json:"id"`
	PersonID  int64      `json:"person_id"`
	Name      string     `json:"name"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at"`
	LastUsed  *time.Time `json:"last_used"`
	// Scope is what the token opens: "api" or "scim" (okr.TokenScope…);
	// absent in entries written before scopes.
	Scope string `json:"scope,omitempty"`
}

// RecordType returns "token".
func (*Token) RecordType() string { return "token" }

// FromToken records tk.
func FromToken(tk *okr.Token) *Token {
	return &Token{V: Version, ID: tk.ID, PersonID: tk.PersonID, Name: tk.Name, CreatedAt: tk.CreatedAt,
		RevokedAt: tk.RevokedAt, LastUsed: tk.LastUsed, Scope: tk.Scope}
}

// Domain returns the recorded token (without its organisation).
func (r *Token) Domain() okr.Token {
	return okr.Token{ID: r.ID, PersonID: r.PersonID, Name: r.Name, Scope: r.Scope, CreatedAt: r.CreatedAt,
		RevokedAt: r.RevokedAt, LastUsed: r.LastUsed}
}
