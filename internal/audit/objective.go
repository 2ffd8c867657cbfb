package audit

import (
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// Owner is the owner of an objective or key result: a unit or a person.
type Owner struct {
	UnitID   *int64 `json:"unit_id"`
	PersonID *int64 `json:"person_id"`
}

func fromOwner(o okr.Owner) Owner       { return Owner{UnitID: o.UnitID, PersonID: o.PersonID} }
func (o Owner) domain() okr.Owner       { return okr.Owner{UnitID: o.UnitID, PersonID: o.PersonID} }
func fromMeasure(m okr.Measure) Measure { return Measure{Kind: string(m.Kind), Code: m.Code} }
func (m Measure) domain() okr.Measure {
	return okr.Measure{Kind: okr.UnitKindOfMeasure(m.Kind), Code: m.Code}
}

// Measure is the unit of a value: number, percent, currency (Code the ISO
// code) or custom (Code the unit).
type Measure struct {
	Kind string `json:"kind"`
	Code string `json:"code"`
}

// Objective is an objective as recorded. Its content revision (okr.Objective.Rev)
// is not part of its history.
type Objective struct {
	V           int     `json:"v"`
	ID          int64   `json:"id"`
	PeriodID    int64   `json:"period_id"`
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Owner       Owner   `json:"owner"`
	Weight      float64 `json:"weight"`
	ParentID    *int64  `json:"parent_id"`
	Contributes []int64 `json:"contributes"`
	State       string  `json:"state"`
	Reflection  string  `json:"reflection"`
	// PublishedAt is when it was first published; absent while never.
	PublishedAt *time.Time `json:"published_at,omitempty"`
	Archived    bool       `json:"archived"`
	Version     int64      `json:"version"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// RecordType returns "objective".
func (*Objective) RecordType() string { return "objective" }

// FromObjective records o.
func FromObjective(o *okr.Objective) *Objective {
	return &Objective{V: Version, ID: o.ID, PeriodID: o.PeriodID, Title: o.Title, Description: o.Description,
		Owner: fromOwner(o.Owner), Weight: o.Weight, ParentID: o.ParentID, Contributes: o.Contributes,
		State: string(o.State), Reflection: o.Reflection, PublishedAt: o.PublishedAt, Archived: o.Archived, Version: o.Version,
		CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
}

// Domain returns the recorded objective (without its organisation, which
// the audit entry holds).
func (r *Objective) Domain() okr.Objective {
	return okr.Objective{ID: r.ID, PeriodID: r.PeriodID, Title: r.Title, Description: r.Description,
		Owner: r.Owner.domain(), Weight: r.Weight, ParentID: r.ParentID, Contributes: r.Contributes,
		State: okr.State(r.State), Reflection: r.Reflection, PublishedAt: r.PublishedAt, Archived: r.Archived, Version: r.Version,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// Metric is how a key result is measured.
type Metric struct {
	Kind   string  `json:"kind"`
	Start  float64 `json:"start"`
	Target float64 `json:"target"`
	Unit   Measure `json:"unit"`
}

// Milestone is one item of a milestones key result.
type Milestone struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// KeyResult is a key result as recorded, with the figures cached from its
// latest check-in (current, confidence, last_check_in_at).
type KeyResult struct {
	V             int         `json:"v"`
	ID            int64       `json:"id"`
	ObjectiveID   int64       `json:"objective_id"`
	Title         string      `json:"title"`
	Owner         Owner       `json:"owner"`
	Weight        float64     `json:"weight"`
	Metric        Metric      `json:"metric"`
	Milestones    []Milestone `json:"milestones"`
	KPIID         *int64      `json:"kpi_id"`
	Position      int         `json:"position"`
	Current       *float64    `json:"current"`
	Confidence    string      `json:"confidence"`
	LastCheckInAt *time.Time  `json:"last_check_in_at"`
	Archived      bool        `json:"archived"`
	Version       int64       `json:"version"`
	CreatedAt     time.Time   `json:"created_at"`
}

// RecordType returns "key_result".
func (*KeyResult) RecordType() string { return "key_result" }

// FromKeyResult records kr.
func FromKeyResult(kr *okr.KeyResult) *KeyResult {
	r := &KeyResult{V: Version, ID: kr.ID, ObjectiveID: kr.ObjectiveID, Title: kr.Title, Owner: fromOwner(kr.Owner),
		Weight: kr.Weight, Metric: Metric{Kind: string(kr.Metric.Kind), Start: kr.Metric.Start, Target: kr.Metric.Target,
			Unit: fromMeasure(kr.Metric.Unit)},
		KPIID: kr.KPIID, Position: kr.Position, Current: kr.Current, Confidence: string(kr.Confidence),
		LastCheckInAt: kr.LastCheckInAt, Archived: kr.Archived, Version: kr.Version, CreatedAt: kr.CreatedAt}
	if kr.Milestones != nil {
		r.Milestones = make([]Milestone, len(kr.Milestones))
		for i, m := range kr.Milestones {
			r.Milestones[i] = Milestone{ID: m.ID, Title: m.Title, Done: m.Done}
		}
	}
	return r
}

// Domain returns the recorded key result (without its organisation).
func (r *KeyResult) Domain() okr.KeyResult {
	kr := okr.KeyResult{ID: r.ID, ObjectiveID: r.ObjectiveID, Title: r.Title, Owner: r.Owner.domain(), Weight: r.Weight,
		Metric: okr.Metric{Kind: okr.MetricKind(r.Metric.Kind), Start: r.Metric.Start, Target: r.Metric.Target,
			Unit: r.Metric.Unit.domain()},
		KPIID: r.KPIID, Position: r.Position, Current: r.Current, Confidence: okr.Confidence(r.Confidence),
		LastCheckInAt: r.LastCheckInAt, Archived: r.Archived, Version: r.Version, CreatedAt: r.CreatedAt}
	if r.Milestones != nil {
		kr.Milestones = make([]okr.Milestone, len(r.Milestones))
		for i, m := range r.Milestones {
			kr.Milestones[i] = okr.Milestone{ID: m.ID, Title: m.Title, Done: m.Done}
		}
	}
	return kr
}

// Initiative is an initiative as recorded.
type Initiative struct {
	V             int        `json:"v"`
	ID            int64      `json:"id"`
	KeyResultID   int64      `json:"key_result_id"`
	Title         string     `json:"title"`
	OwnerPersonID *int64     `json:"owner_person_id"`
	Status        string     `json:"status"`
	Due           *time.Time `json:"due"`
	Archived      bool       `json:"archived"`
	Version       int64      `json:"version"`
}

// RecordType returns "initiative".
func (*Initiative) RecordType() string { return "initiative" }

// FromInitiative records in.
func FromInitiative(in *okr.Initiative) *Initiative {
	return &Initiative{V: Version, ID: in.ID, KeyResultID: in.KeyResultID, Title: in.Title, OwnerPersonID: in.OwnerPersonID,
		Status: string(in.Status), Due: in.Due, Archived: in.Archived, Version: in.Version}
}

// Domain returns the recorded initiative (without its organisation).
func (r *Initiative) Domain() okr.Initiative {
	return okr.Initiative{ID: r.ID, KeyResultID: r.KeyResultID, Title: r.Title, OwnerPersonID: r.OwnerPersonID,
		Status: okr.InitiativeStatus(r.Status), Due: r.Due, Archived: r.Archived, Version: r.Version}
}
