package okrfile

// The YAML shape of a version 1 file. These structs exist only to describe
// the document: the walker decodes a parsed file into them (reporting every
// problem with its position) and the emitter writes them out field by field
// in declaration order. Field names come from the yaml tags; omitempty
// fields are left out of the output when they hold their zero value, and nil
// pointers are always left out. The conversion to and from okr values lives
// in convert*.go and encode.go.

type docFile struct {
	Version      *int            `yaml:"version"`
	Organization *docOrg         `yaml:"organization,omitempty"`
	Units        []*docUnit      `yaml:"units,omitempty"`
	People       []*docPerson    `yaml:"people,omitempty"`
	Periods      []*docPeriod    `yaml:"periods,omitempty"`
	KPIs         []*docKPI       `yaml:"kpis,omitempty"`
	Objectives   []*docObjective `yaml:"objectives,omitempty"`
}

type docOrg struct {
	Name     string       `yaml:"name"`
	Slug     string       `yaml:"slug,omitempty"`
	Settings *docSettings `yaml:"settings,omitempty"`
}

// docSettings holds only the settings that differ from okr.DefaultSettings.
type docSettings struct {
	Language           string            `yaml:"language,omitempty"`
	BandLow            *fraction         `yaml:"band_low,omitempty"`
	BandHigh           *fraction         `yaml:"band_high,omitempty"`
	MaxObjectives      *int              `yaml:"max_objectives,omitempty"`
	MaxObjectivesHard  *int              `yaml:"max_objectives_hard,omitempty"`
	MinKRs             *int              `yaml:"min_krs,omitempty"`
	MaxKRs             *int              `yaml:"max_krs,omitempty"`
	MaxObjectiveLength *int              `yaml:"max_objective_length,omitempty"`
	CheckInDays        *int              `yaml:"check_in_days,omitempty"`
	ExpectedFrom       string            `yaml:"expected_from,omitempty"`
	MembersCheckIn     *bool             `yaml:"members_check_in,omitempty"`
	Rules              map[string]string `yaml:"rules,omitempty"`
}

type docUnit struct {
	Key      string   `yaml:"key,omitempty"`
	Name     string   `yaml:"name"`
	Kind     string   `yaml:"kind,omitempty"`
	Parent   string   `yaml:"parent,omitempty"`
	Leads    []string `yaml:"leads,omitempty"`
	Archived bool     `yaml:"archived,omitempty"`
}

type docPerson struct {
	Email    string `yaml:"email"`
	Name     string `yaml:"name"`
	Role     string `yaml:"role,omitempty"`
	Unit     string `yaml:"unit,omitempty"`
	Language string `yaml:"language,omitempty"`
	Archived bool   `yaml:"archived,omitempty"`
}

type docPeriod struct {
	Name     string `yaml:"name"`
	Kind     string `yaml:"kind,omitempty"`
	Start    *date  `yaml:"start"`
	End      *date  `yaml:"end"`
	Closed   bool   `yaml:"closed,omitempty"`
	Archived bool   `yaml:"archived,omitempty"`
}

type docKPI struct {
	Key         string         `yaml:"key,omitempty"`
	Name        string         `yaml:"name"`
	Description string         `yaml:"description,omitempty"`
	Owner       string         `yaml:"owner,omitempty"`
	Unit        string         `yaml:"unit,omitempty"`
	UnitCode    string         `yaml:"unit_code,omitempty"`
	Direction   string         `yaml:"direction,omitempty"`
	Frequency   string         `yaml:"frequency,omitempty"`
	Warn        *float64       `yaml:"warn,omitempty"`
	Critical    *float64       `yaml:"critical,omitempty"`
	Archived    bool           `yaml:"archived,omitempty"`
	Values      []*docKPIValue `yaml:"values,omitempty"`
}

type docKPIValue struct {
	At    *stamp   `yaml:"at"`
	Value *float64 `yaml:"value"`
	By    string   `yaml:"by,omitempty"`
}

type docObjective struct {
	Key           string   `yaml:"key,omitempty"`
	Title         string   `yaml:"title"`
	Description   string   `yaml:"description,omitempty"`
	Period        string   `yaml:"period,omitempty"`
	Owner         string   `yaml:"owner"`
	Weight        *float64 `yaml:"weight,omitempty"`
	State         string   `yaml:"state,omitempty"`
	PublishedAt   *stamp   `yaml:"published_at,omitempty"`
	Parent        string   `yaml:"parent,omitempty"`
	ContributesTo []string `yaml:"contributes_to,omitempty"`
	Archived      bool     `yaml:"archived,omitempty"`
	Reflection    string   `yaml:"reflection,omitempty"`
	KeyResults    []*docKR `yaml:"key_results,omitempty"`
}

type docKR struct {
	Key           string             `yaml:"key,omitempty"`
	Title         string             `yaml:"title"`
	Owner         string             `yaml:"owner,omitempty"`
	Weight        *float64           `yaml:"weight,omitempty"`
	Metric        string             `yaml:"metric,omitempty"`
	Start         *float64           `yaml:"start,omitempty"`
	Target        *float64           `yaml:"target,omitempty"`
	Unit          string             `yaml:"unit,omitempty"`
	UnitCode      string             `yaml:"unit_code,omitempty"`
	KPI           string             `yaml:"kpi,omitempty"`
	Archived      bool               `yaml:"archived,omitempty"`
	Milestones    []*docMilestone    `yaml:"milestones,omitempty"`
	Initiatives   []*docInitiative   `yaml:"initiatives,omitempty"`
	CheckIns      []*docCheckIn      `yaml:"check_ins,omitempty"`
	TargetChanges []*docTargetChange `yaml:"target_changes,omitempty"`
	Grade         *docGrade          `yaml:"grade,omitempty"`
}

type docMilestone struct {
	Title    string `yaml:"title"`
	Done     bool   `yaml:"done,omitempty"`
	Archived bool   `yaml:"archived,omitempty"`
}

type docInitiative struct {
	Title    string `yaml:"title"`
	Owner    string `yaml:"owner,omitempty"`
	Status   string `yaml:"status,omitempty"`
	Due      *date  `yaml:"due,omitempty"`
	Archived bool   `yaml:"archived,omitempty"`
}

type docCheckIn struct {
	At             *stamp   `yaml:"at"`
	Value          *float64 `yaml:"value,omitempty"`
	MilestonesDone []string `yaml:"milestones_done,omitempty"`
	Confidence     string   `yaml:"confidence,omitempty"`
	By             string   `yaml:"by,omitempty"`
	Late           bool     `yaml:"late,omitempty"`
	Comment        string   `yaml:"comment,omitempty"`
}

type docTargetChange struct {
	At        *stamp   `yaml:"at"`
	By        string   `yaml:"by,omitempty"`
	OldStart  *float64 `yaml:"old_start,omitempty"`
	OldTarget *float64 `yaml:"old_target"`
	NewStart  *float64 `yaml:"new_start,omitempty"`
	NewTarget *float64 `yaml:"new_target,omitempty"`
	Reason    string   `yaml:"reason,omitempty"`
}

type docGrade struct {
	Score     *fraction `yaml:"score"`
	Suggested *fraction `yaml:"suggested,omitempty"`
	Note      string    `yaml:"note,omitempty"`
	By        string    `yaml:"by,omitempty"`
	At        *stamp    `yaml:"at,omitempty"`
}

// objectName names each document struct in messages ("unknown field … in
// key result").
var objectName = map[string]string{
	"docFile": "the file", "docOrg": "organization", "docSettings": "settings",
	"docUnit": "unit", "docPerson": "person", "docPeriod": "period",
	"docKPI": "KPI", "docKPIValue": "KPI value", "docObjective": "objective",
	"docKR": "key result", "docMilestone": "milestone", "docInitiative": "initiative",
	"docCheckIn": "check-in", "docTargetChange": "target change", "docGrade": "grade",
}
