package api

import (
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// ownerOut is the owner of an objective or key result: a unit or a
// person (for key results possibly neither).
type ownerOut struct {
	UnitID   *int64 `json:"unit_id" doc:"The owning unit"`
	PersonID *int64 `json:"person_id" doc:"The owning person"`
}

// ownerIn names an owner: exactly one of unit_id and person_id.
type ownerIn struct {
	UnitID   *int64 `json:"unit_id,omitempty" doc:"The owning unit"`
	PersonID *int64 `json:"person_id,omitempty" doc:"The owning person"`
}

func (o ownerIn) domain() okr.Owner { return okr.Owner{UnitID: o.UnitID, PersonID: o.PersonID} }

func wireOwner(o okr.Owner) ownerOut { return ownerOut{UnitID: o.UnitID, PersonID: o.PersonID} }

// metricOut says how a key result is measured.
type metricOut struct {
	Kind     string  `json:"kind"`
	Start    float64 `json:"start" doc:"The value at the start (increase, decrease)"`
	Target   float64 `json:"target" doc:"The target, or the threshold of stay_above and stay_below"`
	Unit     string  `json:"unit" enum:"number,percent,currency,custom"`
	UnitCode string  `json:"unit_code" doc:"The ISO code of a currency or the name of a custom unit"`
}

// metricIn is the metric of a new key result.
type metricIn struct {
	Kind     string  `json:"kind"`
	Start    float64 `json:"start,omitempty"`
	Target   float64 `json:"target,omitempty"`
	Unit     string  `json:"unit,omitempty" enum:"number,percent,currency,custom" default:"number"`
	UnitCode string  `json:"unit_code,omitempty" maxLength:"20"`
}

// metricPatch changes some parts of a metric; changing start or target
// records a target change with the reason given.
type metricPatch struct {
	Kind     *string  `json:"kind,omitempty"`
	Start    *float64 `json:"start,omitempty"`
	Target   *float64 `json:"target,omitempty"`
	Unit     *string  `json:"unit,omitempty" enum:"number,percent,currency,custom"`
	UnitCode *string  `json:"unit_code,omitempty" maxLength:"20"`
}

func (m metricIn) domain() okr.Metric {
	return okr.Metric{Kind: okr.MetricKind(m.Kind), Start: m.Start, Target: m.Target,
		Unit: okr.Measure{Kind: okr.UnitKindOfMeasure(m.Unit), Code: m.UnitCode}}
}

func (m metricPatch) apply(dst *okr.Metric) {
	setString(&dst.Kind, m.Kind)
	set(&dst.Start, m.Start)
	set(&dst.Target, m.Target)
	setString(&dst.Unit.Kind, m.Unit)
	set(&dst.Unit.Code, m.UnitCode)
}

// milestoneOut is one item of a milestones key result.
type milestoneOut struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Done     bool   `json:"done"`
	Archived bool   `json:"archived" doc:"Removed from the checklist: it no longer counts, but check-ins made before name it in milestones_done"`
}

// milestoneIn is one milestone to keep (with its id) or add (without).
type milestoneIn struct {
	ID    int64  `json:"id,omitempty" doc:"The id of an existing milestone to keep; leave out to add one"`
	Title string `json:"title" minLength:"1" maxLength:"200"`
}

func milestones(in []milestoneIn) []okr.Milestone {
	out := make([]okr.Milestone, len(in))
	for i, m := range in {
		out[i] = okr.Milestone{ID: m.ID, Title: m.Title}
	}
	return out
}

// gradeOut is the end-of-period score of a key result.
type gradeOut struct {
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

func wireGrade(g *okr.Grade) *gradeOut {
	if g == nil {
		return nil
	}
	var by *int64
	if g.GradedBy != 0 {
		by = &g.GradedBy
	}
	return &gradeOut{KeyResultID: g.KeyResultID, Score: pct(g.Score), ScoreFraction: g.Score, Suggested: pct(g.Suggested),
		SuggestedFraction: g.Suggested, Note: g.Note, GradedBy: by, At: g.At, Version: g.Version}
}

// keyResultOut is a key result with its computed figures.
type keyResultOut struct {
	ID               int64          `json:"id"`
	ObjectiveID      int64          `json:"objective_id"`
	Title            string         `json:"title"`
	Owner            ownerOut       `json:"owner"`
	Weight           float64        `json:"weight"`
	Metric           metricOut      `json:"metric"`
	Milestones       []milestoneOut `json:"milestones" doc:"The checklist of a milestones key result in its order, then the milestones removed from it (archived: true, done as when they were removed), so that every id a check-in names is here"`
	KPIID            *int64         `json:"kpi_id" doc:"A reading of this KPI also checks in the key result"`
	Position         int            `json:"position"`
	Current          *float64       `json:"current" doc:"The latest checked-in value; null before the first check-in"`
	Confidence       *string        `json:"confidence" enum:"on_track,at_risk,off_track" doc:"From the latest check-in"`
	LastCheckInAt    *time.Time     `json:"last_check_in_at"`
	Progress         float64        `json:"progress" doc:"Percent, 0 to 100"`
	ProgressFraction float64        `json:"progress_fraction" doc:"The same, 0 to 1"`
	ExpectedProgress float64        `json:"expected_progress" doc:"The progress expected now, percent: how much of its objective's expected line has elapsed (a threshold key result: 100 − the tolerance)"`
	Status           string         `json:"status" enum:"not_started,ahead,on_track,behind,stale,graded,closed" doc:"graded once it has a grade; closed when its objective is closed (neither has a live pace: see final_score); not_started until its first check-in, becoming stale when the organisation's check-in interval has passed since it was published; stale when published and not checked in for longer than the interval; else its pace against the expected progress (ahead, on_track, behind)"`
	FinalScore       *float64       `json:"final_score" doc:"Once graded, the grade's score; in a closed objective without a grade, its progress (its suggested score); percent; null before"`
	Verdict          *string        `json:"verdict" enum:"too_ambitious,right_level,not_ambitious_enough" doc:"The final score against the organisation's band; null before"`
	Grade            *gradeOut      `json:"grade" doc:"The end-of-period grade, null until graded"`
	Archived         bool           `json:"archived"`
	Version          int64          `json:"version"`
	CreatedAt        time.Time      `json:"created_at"`
}

// keyResultCreate is a new key result.
type keyResultCreate struct {
	ObjectiveID int64         `json:"objective_id" minimum:"1"`
	Title       string        `json:"title" minLength:"1" maxLength:"200"`
	Owner       *ownerIn      `json:"owner,omitempty" doc:"Who is responsible, if not the objective's owner"`
	Weight      float64       `json:"weight,omitempty" minimum:"0" doc:"Relative weight in the objective's progress (1 when left out)"`
	Metric      metricIn      `json:"metric"`
	Milestones  []milestoneIn `json:"milestones,omitempty" doc:"The checklist of a milestones key result"`
	KPIID       *int64        `json:"kpi_id,omitempty"`
	Position    int           `json:"position,omitempty" minimum:"0" doc:"Place among the objective's key results; last when left out"`
}

// keyResultPatch changes some fields of a key result; fields left out stay.
type keyResultPatch struct {
	Title      *string       `json:"title,omitempty" minLength:"1" maxLength:"200"`
	Owner      *ownerIn      `json:"owner,omitempty" doc:"Replaces the owner; {} clears it"`
	Weight     *float64      `json:"weight,omitempty" exclusiveMinimum:"0"`
	Metric     *metricPatch  `json:"metric,omitempty"`
	Milestones []milestoneIn `json:"milestones,omitempty" doc:"Replaces the checklist: items with an id keep it and their done flag, new items start undone, missing items are archived. Archived items (archived: true in the key result) stay archived when sent back"`
	KPIID      optionalID    `json:"kpi_id,omitzero"`
	Position   *int          `json:"position,omitempty" minimum:"1"`
	Reason     string        `json:"reason,omitempty" maxLength:"5000" doc:"Why the start or target changes; kept in the target change history"`
}

var krFields = fieldNames{"objective": "objective_id", "kpi": "kpi_id"}

func (b keyResultCreate) domain() okr.KeyResult {
	kr := okr.KeyResult{ObjectiveID: b.ObjectiveID, Title: b.Title, Weight: b.Weight, Metric: b.Metric.domain(),
		Milestones: milestones(b.Milestones), KPIID: b.KPIID, Position: b.Position}
	if b.Owner != nil {
		kr.Owner = b.Owner.domain()
	}
	return kr
}

func (b keyResultPatch) apply(kr *okr.KeyResult) {
	set(&kr.Title, b.Title)
	if b.Owner != nil {
		kr.Owner = b.Owner.domain()
	}
	set(&kr.Weight, b.Weight)
	if b.Metric != nil {
		b.Metric.apply(&kr.Metric)
	}
	if b.Milestones != nil {
		kr.Milestones = milestones(b.Milestones)
	}
	b.KPIID.apply(&kr.KPIID)
	set(&kr.Position, b.Position)
}

// keyResult returns the wire form of kr of objective o at n's clock.
func (n *numbers) keyResult(kr *okr.KeyResult, o *okr.Objective) keyResultOut {
	p := n.period(o)
	prog := kr.Progress()
	out := keyResultOut{ID: kr.ID, ObjectiveID: kr.ObjectiveID, Title: kr.Title, Owner: wireOwner(kr.Owner), Weight: kr.Weight,
		Metric: metricOut{Kind: string(kr.Metric.Kind), Start: kr.Metric.Start, Target: kr.Metric.Target,
			Unit: string(kr.Metric.Unit.Kind), UnitCode: kr.Metric.Unit.Code},
		Milestones: make([]milestoneOut, len(kr.Milestones)), KPIID: kr.KPIID, Position: kr.Position, Current: kr.Current,
		LastCheckInAt: kr.LastCheckInAt, Progress: pct(prog), ProgressFraction: prog,
		ExpectedProgress: pct(okr.KRExpected(kr, o, p, n.pace(), n.now)),
		Status:           string(okr.KRStatus(kr, o, p, n.pace(), n.now)),
		Grade:            wireGrade(n.grades[kr.ID]), Archived: kr.Archived, Version: kr.Version, CreatedAt: kr.CreatedAt}
	for i, m := range kr.Milestones {
		out.Milestones[i] = milestoneOut{ID: m.ID, Title: m.Title, Done: m.Done}
	}
	for _, m := range n.archivedMilestones[kr.ID] {
		out.Milestones = append(out.Milestones, milestoneOut{ID: m.ID, Title: m.Title, Done: m.Done, Archived: true})
	}
	if kr.Confidence != "" {
		c := string(kr.Confidence)
		out.Confidence = &c
	}
	if v, final := okr.KRFigure(kr, o); final {
		out.FinalScore = ptr(pct(v))
		out.Verdict = ptr(string(okr.VerdictFor(v, n.settings.BandLow, n.settings.BandHigh)))
	}
	return out
}
