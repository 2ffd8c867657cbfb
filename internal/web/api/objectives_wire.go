package api

import (
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// objectiveOut is an objective with its computed figures, the number of
// its active key results and, where asked for, the key results themselves:
// always in a single objective, in lists with include=key_results.
type objectiveOut struct {
	ID               int64          `json:"id"`
	PeriodID         int64          `json:"period_id"`
	Title            string         `json:"title"`
	Description      string         `json:"description"`
	Owner            ownerOut       `json:"owner"`
	Level            string         `json:"level" enum:"company,department,team,individual" doc:"From the owner"`
	Weight           float64        `json:"weight" doc:"Relative weight in the parent's roll-up"`
	ParentID         *int64         `json:"parent_id" doc:"The objective this one is aligned below"`
	Contributes      []int64        `json:"contributes" doc:"Objectives this one contributes to without being aligned below them; never rolled up"`
	State            string         `json:"state" enum:"draft,published,closed"`
	Reflection       string         `json:"reflection" doc:"Written at the end of the period"`
	Progress         *float64       `json:"progress" doc:"Weighted mean of the own key results' progress, percent; null without key results"`
	ProgressFraction *float64       `json:"progress_fraction"`
	Rollup           *float64       `json:"rollup" doc:"Weighted mean of the child objectives' progress, percent; null without children"`
	RollupFraction   *float64       `json:"rollup_fraction"`
	ExpectedProgress float64        `json:"expected_progress" doc:"How much of the objective's expected line has elapsed, percent: from the period's start, or (the organisation's expected_from, by default) from the later of the period's start and the publish date, to the period's end"`
	Status           string         `json:"status" enum:"not_started,ahead,on_track,behind,stale,graded,closed" doc:"closed when closed; graded when every active key result is graded; not_started while no key result has a check-in (until the check-in interval has passed since publishing); stale when published and every key result is stale; else the pace of its progress against the expected progress (ahead, on_track, behind). A graded or closed objective has no live pace: its figure is final_score"`
	Score            *float64       `json:"score" doc:"Weighted mean of the KR grades (ungraded KRs count with their progress), percent; null without key results"`
	ScoreFraction    *float64       `json:"score_fraction"`
	Graded           bool           `json:"graded" doc:"Every active key result has a grade"`
	Final            bool           `json:"final" doc:"Graded (every key result graded) or closed, with key results: final_score and verdict are set, and the parent's roll-up counts final_score instead of progress"`
	FinalScore       *float64       `json:"final_score" doc:"The score once final, percent; null before"`
	Verdict          *string        `json:"verdict" enum:"too_ambitious,right_level,not_ambitious_enough" doc:"The final score against the organisation's band; null before final"`
	PublishedAt      *time.Time     `json:"published_at" doc:"When the objective was first published; null while it never was"`
	KeyResultCount   int            `json:"key_result_count" doc:"How many active key results it has"`
	KeyResults       []keyResultOut `json:"key_results,omitzero" doc:"The active key results, in order. In a single objective always; in lists only with include=key_results"`
	Archived         bool           `json:"archived"`
	Version          int64          `json:"version"`
	CreatedAt        time.Time      `json:"created_at"`
	UpdatedAt        time.Time      `json:"updated_at"`
}

// objectiveCreate is a new objective.
type objectiveCreate struct {
	PeriodID    int64    `json:"period_id" minimum:"1"`
	Title       string   `json:"title" minLength:"1" maxLength:"200"`
	Description string   `json:"description,omitempty" maxLength:"10000"`
	Owner       *ownerIn `json:"owner,omitempty" doc:"A unit or a person; the caller when left out"`
	Weight      float64  `json:"weight,omitempty" minimum:"0" doc:"1 when left out"`
	ParentID    *int64   `json:"parent_id,omitempty" doc:"The objective to align below"`
	State       string   `json:"state,omitempty" enum:"draft,published" default:"draft"`
	Contributes []int64  `json:"contributes,omitempty" doc:"Objectives this one contributes to"`
}

// objectivePatch changes some fields of an objective; fields left out stay.
type objectivePatch struct {
	PeriodID    *int64     `json:"period_id,omitempty" minimum:"1" doc:"Move to another period"`
	Title       *string    `json:"title,omitempty" minLength:"1" maxLength:"200"`
	Description *string    `json:"description,omitempty" maxLength:"10000"`
	Owner       *ownerIn   `json:"owner,omitempty" doc:"Give the objective to another unit or person (e.g. lift it to the unit above)"`
	Weight      *float64   `json:"weight,omitempty" exclusiveMinimum:"0"`
	ParentID    optionalID `json:"parent_id,omitzero"`
	State       *string    `json:"state,omitempty" enum:"draft,published,closed" doc:"draft → published → closed, or one step back"`
	Reflection  *string    `json:"reflection,omitempty" maxLength:"10000"`
}

var objectiveFields = fieldNames{"period": "period_id", "parent": "parent_id"}

func (b objectiveCreate) domain(callerID int64) okr.Objective {
	o := okr.Objective{PeriodID: b.PeriodID, Title: b.Title, Description: b.Description, Weight: b.Weight,
		ParentID: b.ParentID, State: okr.State(b.State), Contributes: b.Contributes}
	if b.Owner != nil {
		o.Owner = b.Owner.domain()
	} else {
		o.Owner.PersonID = &callerID
	}
	return o
}

func (b objectivePatch) apply(o *okr.Objective) {
	set(&o.PeriodID, b.PeriodID)
	set(&o.Title, b.Title)
	set(&o.Description, b.Description)
	if b.Owner != nil {
		o.Owner = b.Owner.domain()
	}
	set(&o.Weight, b.Weight)
	b.ParentID.apply(&o.ParentID)
	setString(&o.State, b.State)
	set(&o.Reflection, b.Reflection)
}

// objective returns the wire form of o with its figures, with its key
// results when withKRs.
func (n *numbers) objective(o *okr.Objective, withKRs bool) objectiveOut {
	p := n.period(o)
	krs := n.krs[o.ID]
	n.noteSteady(o)
	out := objectiveOut{ID: o.ID, PeriodID: o.PeriodID, Title: o.Title, Description: o.Description, Owner: wireOwner(o.Owner),
		Level: string(n.level(o)), Weight: o.Weight, ParentID: o.ParentID, Contributes: o.Contributes, State: string(o.State),
		Reflection: o.Reflection, ExpectedProgress: pct(okr.ObjectiveExpected(o, p, n.pace(), n.now)),
		Status: string(okr.ObjectiveStatus(o, krs, p, n.pace(), n.now)), KeyResultCount: len(krs),
		PublishedAt: o.PublishedAt,
		Archived:    o.Archived, Version: o.Version, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
	if out.Contributes == nil {
		out.Contributes = []int64{}
	}
	if prog, ok := okr.ObjectiveProgress(o, krs); ok {
		out.Progress, out.ProgressFraction = ptr(pct(prog)), ptr(prog)
	}
	if e, ok := n.rollup(o); ok {
		out.Rollup, out.RollupFraction = ptr(pct(e.Result)), ptr(e.Result)
	}
	if score, ok := okr.ObjectiveScore(krs, n.grades); ok {
		out.Score, out.ScoreFraction = ptr(pct(score)), ptr(score)
	}
	if v, _, final := okr.OwnFigure(o, krs); final {
		out.Final, out.FinalScore = true, ptr(pct(v))
		out.Verdict = ptr(string(okr.VerdictFor(v, n.settings.BandLow, n.settings.BandHigh)))
	}
	out.Graded = len(krs) > 0
	for _, kr := range krs {
		out.Graded = out.Graded && n.grades[kr.ID] != nil
	}
	if withKRs {
		out.KeyResults = make([]keyResultOut, len(krs))
		for i, kr := range krs {
			out.KeyResults[i] = n.keyResult(kr, o)
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }
