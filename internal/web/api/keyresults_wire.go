package api

import (
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// apiOwnerOut is the owner of an objective or key result: a unit or a
// person (for key results possibly neither).
type apiOwnerOut struct {
	UnitID   *int64 `json:"unit_id" doc:"The owning unit"`
	PersonID *int64 `json:"person_id" doc:"The owning person"`
}

// apiOwnerIn names an owner: exactly one of unit_id and person_id.
type apiOwnerIn struct {
	UnitID   *int64 `json:"unit_id,omitempty" doc:"The owning unit"`
	PersonID *int64 `json:"person_id,omitempty" doc:"The owning person"`
}

func (o apiOwnerIn) domain() okr.Owner { return okr.Owner{UnitID: o.UnitID, PersonID: o.PersonID} }

func apiOwner(o okr.Owner) apiOwnerOut { return apiOwnerOut{UnitID: o.UnitID, PersonID: o.PersonID} }

// apiMetricOut says how a key result is measured.
type apiMetricOut struct {
	Kind     string  `json:"kind"`
	Start    float64 `json:"start" doc:"The value at the start (increase, decrease)"`
	Target   float64 `json:"target" doc:"The target, or the threshold of stay_above and stay_below"`
	Unit     string  `json:"unit" enum:"number,percent,currency,custom"`
	UnitCode string  `json:"unit_code" doc:"The ISO code of a currency or the name of a custom unit"`
}

// apiMetricIn is the metric of a new key result.
type apiMetricIn struct {
	Kind     string  `json:"kind"`
	Start    float64 `json:"start,omitempty"`
	Target   float64 `json:"target,omitempty"`
	Unit     string  `json:"unit,omitempty" enum:"number,percent,currency,custom" default:"number"`
	UnitCode string  `json:"unit_code,omitempty" maxLength:"20"`
}

// apiMetricPatch changes some parts of a metric; changing start or target
// records a target change with the reason given.
type apiMetricPatch struct {
	Kind     *string  `json:"kind,omitempty"`
	Start    *float64 `json:"start,omitempty"`
	Target   *float64 `json:"target,omitempty"`
	Unit     *string  `json:"unit,omitempty" enum:"number,percent,currency,custom"`
	UnitCode *string  `json:"unit_code,omitempty" maxLength:"20"`
}

func (m apiMetricIn) domain() okr.Metric {
	return okr.Metric{Kind: okr.MetricKind(m.Kind), Start: m.Start, Target: m.Target,
		Unit: okr.Measure{Kind: okr.UnitKindOfMeasure(m.Unit), Code: m.UnitCode}}
}

func (m apiMetricPatch) apply(dst *okr.Metric) {
	apiSetString(&dst.Kind, m.Kind)
	apiSet(&dst.Start, m.Start)
	apiSet(&dst.Target, m.Target)
	apiSetString(&dst.Unit.Kind, m.Unit)
	apiSet(&dst.Unit.Code, m.UnitCode)
}

// apiMilestoneOut is one item of a milestones key result.
type apiMilestoneOut struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Done     bool   `json:"done"`
	Archived bool   `json:"archived" doc:"Removed from the checklist: it no longer counts, but check-ins made before name it in milestones_done"`
}

// apiMilestoneIn is one milestone to keep (with its id) or add (without).
type apiMilestoneIn struct {
	ID    int64  `json:"id,omitempty" doc:"The id of an existing milestone to keep; leave out to add one"`
	Title string `json:"title" minLength:"1" maxLength:"200"`
}

func apiMilestones(in []apiMilestoneIn) []okr.Milestone {
	out := make([]okr.Milestone, len(in))
	for i, m := range in {
		out[i] = okr.Milestone{ID: m.ID, Title: m.Title}
	}
	return out
}

// apiGradeOut is the end-of-period score of a key result.
type apiGradeOut struct {
	KeyResultID       int64     `json:"key_result_id"`
	Score             float64   `json:"score" doc:"Percent"`
	ScoreFraction     float64   `json:"score_fraction"`
	Suggested         float64   `json:"suggested" doc:"The KR's progress when graded, percent"`
	SuggestedFraction float64   `json:"suggested_fraction"`
	Note              string    `json:"note"`
	GradedBy          *int64    `json:"graded_by"`
	At                time.Time `json:"at"`
	Version           int64     `json:"version" doc:"Send it as the ETag \"v{version}\" in If-Match to replace the grade"`
}

func apiGrade(g *okr.Grade) *apiGradeOut {
	if g == nil {
		return nil
	}
	var by *int64
	if g.GradedBy != 0 {
		by = &g.GradedBy
	}
	return &apiGradeOut{KeyResultID: g.KeyResultID, Score: apiPct(g.Score), ScoreFraction: g.Score, Suggested: apiPct(g.Suggested),
		SuggestedFraction: g.Suggested, Note: g.Note, GradedBy: by, At: g.At, Version: g.Version}
}

// apiKeyResultOut is a key result with its computed figures.
type apiKeyResultOut struct {
	ID               int64             `json:"id"`
	ObjectiveID      int64             `json:"objective_id"`
	Title            string            `json:"title"`
	Owner            apiOwnerOut       `json:"owner"`
	Weight           float64           `json:"weight"`
	Metric           apiMetricOut      `json:"metric"`
	Milestones       []apiMilestoneOut `json:"milestones" doc:"The checklist of a milestones key result in its order, then the milestones removed from it (archived: true, done as when they were removed), so that every id a check-in names is here"`
	KPIID            *int64            `json:"kpi_id" doc:"A reading of this KPI also checks in the key result"`
	Position         int               `json:"position"`
	Current          *float64          `json:"current" doc:"The latest checked-in value; null before the first check-in"`
	Confidence       *string           `json:"confidence" enum:"on_track,at_risk,off_track" doc:"From the latest check-in"`
	LastCheckInAt    *time.Time        `json:"last_check_in_at"`
	Progress         float64           `json:"progress" doc:"Percent, 0 to 100"`
	ProgressFraction float64           `json:"progress_fraction" doc:"The same, 0 to 1"`
	ExpectedProgress float64           `json:"expected_progress" doc:"How much of the period has elapsed, percent"`
	Status           string            `json:"status" enum:"ahead,on_track,behind,stale"`
	Grade            *apiGradeOut      `json:"grade" doc:"The end-of-period grade, null until graded"`
	Archived         bool              `json:"archived"`
	Version          int64             `json:"version"`
	CreatedAt        time.Time         `json:"created_at"`
}

// apiKeyResultCreate is a new key result.
type apiKeyResultCreate struct {
	ObjectiveID int64            `json:"objective_id" minimum:"1"`
	Title       string           `json:"title" minLength:"1" maxLength:"200"`
	Owner       *apiOwnerIn      `json:"owner,omitempty" doc:"Who is responsible, if not the objective's owner"`
	Weight      float64          `json:"weight,omitempty" minimum:"0" doc:"Relative weight in the objective's progress (1 when left out)"`
	Metric      apiMetricIn      `json:"metric"`
	Milestones  []apiMilestoneIn `json:"milestones,omitempty" doc:"The checklist of a milestones key result"`
	KPIID       *int64           `json:"kpi_id,omitempty"`
	Position    int              `json:"position,omitempty" minimum:"0" doc:"Place among the objective's key results; last when left out"`
}

// apiKeyResultPatch changes some fields of a key result; fields left out stay.
type apiKeyResultPatch struct {
	Title      *string          `json:"title,omitempty" minLength:"1" maxLength:"200"`
	Owner      *apiOwnerIn      `json:"owner,omitempty" doc:"Replaces the owner; {} clears it"`
	Weight     *float64         `json:"weight,omitempty" exclusiveMinimum:"0"`
	Metric     *apiMetricPatch  `json:"metric,omitempty"`
	Milestones []apiMilestoneIn `json:"milestones,omitempty" doc:"Replaces the checklist: items with an id keep it and their done flag, new items start undone, missing items are archived. Archived items (archived: true in the key result) stay archived when sent back"`
	KPIID      apiOptionalID    `json:"kpi_id,omitzero"`
	Position   *int             `json:"position,omitempty" minimum:"1"`
	Reason     string           `json:"reason,omitempty" maxLength:"5000" doc:"Why the start or target changes; kept in the target change history"`
}

var apiKRFields = apiFieldNames{"objective": "objective_id", "kpi": "kpi_id"}

func (b apiKeyResultCreate) domain() okr.KeyResult {
	kr := okr.KeyResult{ObjectiveID: b.ObjectiveID, Title: b.Title, Weight: b.Weight, Metric: b.Metric.domain(),
		Milestones: apiMilestones(b.Milestones), KPIID: b.KPIID, Position: b.Position}
	if b.Owner != nil {
		kr.Owner = b.Owner.domain()
	}
	return kr
}

func (b apiKeyResultPatch) apply(kr *okr.KeyResult) {
	apiSet(&kr.Title, b.Title)
	if b.Owner != nil {
		kr.Owner = b.Owner.domain()
	}
	apiSet(&kr.Weight, b.Weight)
	if b.Metric != nil {
		b.Metric.apply(&kr.Metric)
	}
	if b.Milestones != nil {
		kr.Milestones = apiMilestones(b.Milestones)
	}
	b.KPIID.apply(&kr.KPIID)
	apiSet(&kr.Position, b.Position)
}

// keyResult returns the wire form of kr of objective o at n's clock.
func (n *apiNumbers) keyResult(kr *okr.KeyResult, o *okr.Objective) apiKeyResultOut {
	p := n.period(o)
	prog := kr.Progress()
	out := apiKeyResultOut{ID: kr.ID, ObjectiveID: kr.ObjectiveID, Title: kr.Title, Owner: apiOwner(kr.Owner), Weight: kr.Weight,
		Metric: apiMetricOut{Kind: string(kr.Metric.Kind), Start: kr.Metric.Start, Target: kr.Metric.Target,
			Unit: string(kr.Metric.Unit.Kind), UnitCode: kr.Metric.Unit.Code},
		Milestones: make([]apiMilestoneOut, len(kr.Milestones)), KPIID: kr.KPIID, Position: kr.Position, Current: kr.Current,
		LastCheckInAt: kr.LastCheckInAt, Progress: apiPct(prog), ProgressFraction: prog,
		ExpectedProgress: apiPct(okr.ExpectedProgress(p, n.now)),
		Status:           string(okr.KRStatus(kr, p, o.State == okr.StatePublished, n.now)),
		Grade:            apiGrade(n.grades[kr.ID]), Archived: kr.Archived, Version: kr.Version, CreatedAt: kr.CreatedAt}
	for i, m := range kr.Milestones {
		out.Milestones[i] = apiMilestoneOut{ID: m.ID, Title: m.Title, Done: m.Done}
	}
	for _, m := range n.archivedMilestones[kr.ID] {
		out.Milestones = append(out.Milestones, apiMilestoneOut{ID: m.ID, Title: m.Title, Done: m.Done, Archived: true})
	}
	if kr.Confidence != "" {
		c := string(kr.Confidence)
		out.Confidence = &c
	}
	return out
}
