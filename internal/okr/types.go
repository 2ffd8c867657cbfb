package okr

import "time"

// Org is a tenant. Every other object belongs to exactly one Org.
type Org struct {
	ID        int64
	Name      string
	Slug      string
	Settings  OrgSettings
	Version   int64
	CreatedAt time.Time
}

// OrgSettings are the per-organisation knobs.
type OrgSettings struct {
	Language string `json:"language"` // nb, sv or en
	// BandLow and BandHigh bound the "right level" verdict band for grades,
	// as fractions (0.6 and 0.7 by default).
	BandLow  float64 `json:"band_low"`
	BandHigh float64 `json:"band_high"`
	// MaxObjectives is the per-owner, per-period count above which the coach
	// warns; MaxObjectivesHard above which it reports an error.
	MaxObjectives     int `json:"max_objectives"`
	MaxObjectivesHard int `json:"max_objectives_hard"`
	MinKRs            int `json:"min_krs"`
	MaxKRs            int `json:"max_krs"`
	// MaxObjectiveLength is the length in characters above which an
	// objective is too long to say out loud.
	MaxObjectiveLength int `json:"max_objective_length"`
	// Rules tunes coach rules by id: "off", "info", "warning" or "error".
	Rules map[string]string `json:"rules,omitempty"`
	// MembersCheckIn lets the members of the unit that owns a key result
	// (or its objective) check in on it (Actor.MayCheckIn). Off by default.
	MembersCheckIn bool `json:"members_check_in,omitempty"`
	// CheckInDays is the check-in interval in days: a published key result
	// with no check-in for longer is "not updated" (stale), and one never
	// checked in is "not started" until that long after it was published
	// (Pace). 7 by default.
	CheckInDays int `json:"check_in_days,omitempty"`
	// ExpectedFrom is where the expected line of an objective starts
	// (LineStart): "publish" (the later of the period's start and the
	// objective's publish date, the default) or "period_start".
	ExpectedFrom LineStart `json:"expected_from,omitempty"`

	// The rhythm (rhythm.go): reminders, digests and the holidays, in the
	// organisation's time zone.
	TimeZone string `json:"time_zone,omitempty"` // IANA name, Europe/Oslo by default
	// CheckInDay and CheckInTime are when check-in reminders go out
	// (friday, 09:00 by default); RemindersOff stops them.
	CheckInDay   string `json:"check_in_day,omitempty"`
	CheckInTime  string `json:"check_in_time,omitempty"`
	RemindersOff bool   `json:"reminders_off,omitempty"`
	// EscalateAfter is the number of check-in intervals a key result may
	// go without a check-in before its unit's leads are told; 0: never.
	EscalateAfter int `json:"escalate_after,omitempty"`
	// DigestDay and DigestTime are when the weekly digest goes out
	// (monday, 08:00 by default); DigestOff stops it.
	DigestDay  string `json:"digest_day,omitempty"`
	DigestTime string `json:"digest_time,omitempty"`
	DigestOff  bool   `json:"digest_off,omitempty"`
	// HolidayCountry is whose public holidays the organisation keeps
	// (HolidayCountries: no, se or none); DaysOff are the days it adds.
	HolidayCountry string   `json:"holiday_country,omitempty"`
	DaysOff        []DayOff `json:"days_off,omitempty"`
}

// DefaultSettings returns the settings a new organisation starts with.
func DefaultSettings() OrgSettings {
	return OrgSettings{
		Language: "nb", BandLow: 0.6, BandHigh: 0.7,
		MaxObjectives: 3, MaxObjectivesHard: 5, MinKRs: 2, MaxKRs: 5,
		MaxObjectiveLength: 90,
		CheckInDays:        DefaultCheckInDays, ExpectedFrom: LineFromPublish,
		TimeZone: DefaultTimeZone, CheckInDay: "friday", CheckInTime: "09:00", EscalateAfter: 2,
		DigestDay: "monday", DigestTime: "08:00", HolidayCountry: HolidaysNorway,
	}
}

// UnitKind is the kind of a node in the organisation tree.
type UnitKind string

const (
	UnitCompany    UnitKind = "company"
	UnitDepartment UnitKind = "department"
	UnitTeam       UnitKind = "team"
)

// Unit is a node of the organisation tree. The root (ParentID nil) is the
// company.
type Unit struct {
	ID       int64
	OrgID    int64
	ParentID *int64
	Name     string
	Kind     UnitKind
	LeadIDs  []int64 // people who lead the unit
	Archived bool
	Version  int64
	// ExternalID is the identity provider's id of the group mapped to the
	// unit (SCIM externalId), "" for none.
	ExternalID string
}

// Role is a person's role in the organisation.
type Role string

const (
	RoleAdmin  Role = "admin"
	RoleMember Role = "member"
	// RoleLead is not stored on a person: a person is a lead of the units
	// that list them in LeadIDs. It names the role in access tables.
	RoleLead Role = "lead"
)

// Person is a user of the organisation.
type Person struct {
	ID       int64
	OrgID    int64
	Email    string
	Name     string
	Role     Role
	UnitID   *int64
	Language string // preferred UI language; "" follows the browser
	Archived bool
	Version  int64
	// SessionEpoch moves when the person's password is set; a session
	// holds the epoch of its sign-in and ends when they differ.
	SessionEpoch int64
	// ExternalID is the identity provider's id of a provisioned person
	// (SCIM externalId), "" for others.
	ExternalID string
	// Notify are the person's notification choices; written only by
	// store.SetNotifyPrefs (UpdatePerson leaves them).
	Notify NotifyPrefs
}

// PeriodKind is the kind of a period.
type PeriodKind string

const (
	PeriodQuarter PeriodKind = "quarter"
	PeriodYear    PeriodKind = "year"
	PeriodCustom  PeriodKind = "custom"
)

// Period is a span of time that objectives are set for. Start and End are
// inclusive calendar dates (UTC midnight).
type Period struct {
	ID       int64
	OrgID    int64
	Name     string
	Kind     PeriodKind
	Start    time.Time
	End      time.Time
	Closed   bool
	Archived bool
	Version  int64
}

// State is the life-cycle state of an objective.
type State string

const (
	StateDraft     State = "draft"
	StatePublished State = "published"
	StateClosed    State = "closed"
)

// Level is derived from an objective's owner.
type Level string

const (
	LevelCompany    Level = "company"
	LevelDepartment Level = "department"
	LevelTeam       Level = "team"
	LevelIndividual Level = "individual"
)

// Owner is a unit or a person; exactly one of the two is set.
type Owner struct {
	UnitID   *int64
	PersonID *int64
}

// Objective is "what do we want to achieve".
type Objective struct {
	ID          int64
	OrgID       int64
	PeriodID    int64
	Title       string
	Description string
	Owner       Owner
	Weight      float64
	ParentID    *int64  // vertical alignment
	Contributes []int64 // horizontal "contributes to" links; not rolled up
	State       State
	Reflection  string // written at the end of the period
	// PublishedAt is when the objective was first published (draft →
	// published); nil while it has never been. Statuses count from it
	// (Pace), not from its creation.
	PublishedAt *time.Time
	Archived    bool
	Version     int64
	// Rev is the content revision: +1 in every transaction that changes
	// the objective or anything shown under it (key results, check-ins,
	// grades, target changes, initiatives). Caches of what a page shows
	// of an objective key on it. Unlike Version it is not a concurrency
	// token, and it is not part of the objective's history.
	Rev       int64 `json:"-"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// UnitKindOfMeasure is the unit a KR value is expressed in.
type UnitKindOfMeasure string

const (
	MeasureNumber   UnitKindOfMeasure = "number"
	MeasurePercent  UnitKindOfMeasure = "percent"
	MeasureCurrency UnitKindOfMeasure = "currency"
	MeasureCustom   UnitKindOfMeasure = "custom"
)

// Measure is the unit of a value: a plain number, a percentage, a currency
// with its ISO code in Code, or a free-text unit in Code ("h", "visits").
type Measure struct {
	Kind UnitKindOfMeasure
	Code string
}

// Metric describes how a key result is measured. For stay_above/stay_below
// the threshold is Target. For boolean and milestones Start and Target are
// ignored.
type Metric struct {
	Kind   MetricKind
	Start  float64
	Target float64
	Unit   Measure
}

// Milestone is one item of a milestones KR.
type Milestone struct {
	ID    int64
	Title string
	Done  bool
}

// KeyResult is "how do we know we are getting there".
type KeyResult struct {
	ID          int64
	OrgID       int64
	ObjectiveID int64
	Title       string
	Owner       Owner
	Weight      float64
	Metric      Metric
	Milestones  []Milestone
	KPIID       *int64 // a KPI reading also checks in this KR
	Position    int
	// Current is the latest checked-in value (for milestones: the number of
	// done milestones; for boolean: 0 or 1); nil before the first check-in.
	Current       *float64
	Confidence    Confidence // from the latest check-in
	LastCheckInAt *time.Time
	// Score is the score of the key result's grade (0..1), nil until it is
	// graded: read along with the key result, so that every figure can
	// tell a final score from live progress (KRFigure, OwnFigure).
	Score     *float64
	Archived  bool
	Version   int64
	CreatedAt time.Time
}

// Confidence is how sure the owner is of reaching the target.
type Confidence string

const (
	OnTrack  Confidence = "on_track"
	AtRisk   Confidence = "at_risk"
	OffTrack Confidence = "off_track"
)

// CheckIn is one progress report on a KR.
type CheckIn struct {
	ID             int64
	OrgID          int64
	KeyResultID    int64
	Value          float64
	MilestonesDone []int64 // for milestones KRs: the ids of done milestones
	Confidence     Confidence
	Comment        string
	AuthorID       int64
	At             time.Time
	Late           bool // made into a closed period by an admin
	// OnBehalfOf is the owner the author checked in for when that is not
	// the author (Actor.OnBehalfOf): shown as "registered by" the author.
	// Nil for a check-in by the owner.
	OnBehalfOf *Owner
}

// TargetChange records a change to a KR's start or target: who, when, why.
type TargetChange struct {
	ID          int64
	KeyResultID int64
	OldStart    float64
	OldTarget   float64
	NewStart    float64
	NewTarget   float64
	AuthorID    int64
	At          time.Time
	Reason      string
}

// InitiativeStatus is the status of an initiative.
type InitiativeStatus string

const (
	InitiativePlanned    InitiativeStatus = "planned"
	InitiativeInProgress InitiativeStatus = "in_progress"
	InitiativeDone       InitiativeStatus = "done"
	InitiativeDropped    InitiativeStatus = "dropped"
)

// Initiative is work that moves a KR. It never counts towards progress.
type Initiative struct {
	ID            int64
	OrgID         int64
	KeyResultID   int64
	Title         string
	OwnerPersonID *int64
	Status        InitiativeStatus
	Due           *time.Time
	Archived      bool
	Version       int64
}

// Direction is which way a KPI should move.
type Direction string

const (
	HigherIsBetter Direction = "higher"
	LowerIsBetter  Direction = "lower"
)

// Frequency is how often a KPI is expected to be updated.
type Frequency string

const (
	Daily     Frequency = "daily"
	Weekly    Frequency = "weekly"
	Monthly   Frequency = "monthly"
	Quarterly Frequency = "quarterly"
)

// KPI is a health metric, separate from OKRs.
type KPI struct {
	ID          int64
	OrgID       int64
	Name        string
	Description string
	Unit        Measure
	Direction   Direction
	Frequency   Frequency
	// Warn and Critical are thresholds: for HigherIsBetter a value below
	// Warn is a warning and below Critical is critical; reversed for
	// LowerIsBetter. Either may be nil.
	Warn        *float64
	Critical    *float64
	OwnerUnitID *int64
	Archived    bool
	Version     int64
}

// KPIValue is one reading of a KPI.
type KPIValue struct {
	ID       int64
	KPIID    int64
	Value    float64
	At       time.Time
	AuthorID int64
}

// Grade is the end-of-period score of a KR.
type Grade struct {
	KeyResultID int64
	Score       float64 // 0..1
	Suggested   float64 // 0..1, from progress when graded
	Note        string  // required when Score differs from Suggested
	GradedBy    int64
	At          time.Time
	Version     int64 // 1 for the first grade, +1 for each re-grade
}

// AuditEntry records one change to one object.
type AuditEntry struct {
	ID      int64
	OrgID   int64
	At      time.Time
	ActorID *int64 // nil for system changes (imports, demo, provisioning)
	// Via names the channel of a change made by no person: "scim" for
	// provisioning by the identity provider, "" otherwise.
	Via        string
	ObjectType string // "objective", "key_result", …
	ObjectID   int64
	Action     string // "create", "update", "archive", "restore", "check_in", "grade", …
	Before     string // JSON of the object before, "" for create
	After      string // JSON after, "" when not applicable
}

// Token scopes: what a token opens.
const (
	TokenScopeAPI  = "api"  // the JSON API, as the token's person
	TokenScopeSCIM = "scim" // provisioning (SCIM 2.0) of the token's organisation
)

// Token is an API token or an organisation's SCIM token. Only its hash is
// stored.
type Token struct {
	ID        int64
	OrgID     int64
	PersonID  int64 // the owner of an API token; who made a SCIM token
	Name      string
	Scope     string // TokenScopeAPI or TokenScopeSCIM
	CreatedAt time.Time
	RevokedAt *time.Time
	LastUsed  *time.Time
}
