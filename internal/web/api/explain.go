package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
)

// explanationOut says how a number was computed: the formula, its
// inputs and, for means, each weighted term.
type explanationOut struct {
	Quantity      string         `json:"quantity" example:"objective_progress"`
	Formula       string         `json:"formula"`
	Inputs        map[string]any `json:"inputs" doc:"The inputs by name; fractions from 0 to 1"`
	Terms         []termOut      `json:"terms" doc:"The terms of a weighted mean"`
	LeftOut       []termOut      `json:"left_out,omitempty" doc:"Inputs the mean leaves out: child objectives that are drafts, which count in no roll-up or average"`
	Result        float64        `json:"result" doc:"The number, as a fraction from 0 to 1"`
	ResultPercent float64        `json:"result_percent" doc:"The number in percent"`
	Value         string         `json:"value,omitempty" doc:"The named outcome, for a status or a verdict"`
	Note          string         `json:"note,omitempty"`
}

// termOut is one weighted input of a mean.
type termOut struct {
	Kind   string  `json:"kind" enum:"key_result,objective"`
	ID     int64   `json:"id"`
	Title  string  `json:"title"`
	Value  float64 `json:"value" doc:"Fraction from 0 to 1"`
	Weight float64 `json:"weight"`
}

func wireExplanation(e okr.Explanation) explanationOut {
	out := explanationOut{Quantity: e.Quantity, Formula: e.Formula, Inputs: e.Inputs, Terms: make([]termOut, len(e.Terms)),
		Result: e.Result, ResultPercent: pct(e.Result), Note: e.Note}
	if out.Inputs == nil {
		out.Inputs = map[string]any{}
	}
	for i, t := range e.Terms {
		out.Terms[i] = termOut{Kind: t.Kind, ID: t.ID, Title: t.Title, Value: t.Value, Weight: t.Weight}
	}
	for _, t := range e.LeftOut {
		out.LeftOut = append(out.LeftOut, termOut{Kind: t.Kind, ID: t.ID, Title: t.Title, Weight: t.Weight})
	}
	return out
}

// keyResultExplainOut explains a key result's figures.
type keyResultExplainOut struct {
	KeyResultID int64          `json:"key_result_id"`
	Progress    explanationOut `json:"progress"`
	Status      explanationOut `json:"status" doc:"value is the status"`
}

// objectiveExplainOut explains an objective's figures: its progress
// from its own key results and, separately, the roll-up of its children.
type objectiveExplainOut struct {
	ObjectiveID int64          `json:"objective_id"`
	Progress    explanationOut `json:"progress" doc:"From the objective's own key results"`
	Rollup      explanationOut `json:"rollup" doc:"From its child objectives, separately from its own key results"`
	Status      explanationOut `json:"status" doc:"value is the status"`
	Score       explanationOut `json:"score" doc:"The grade: weighted mean of the KR scores"`
	Verdict     explanationOut `json:"verdict" doc:"value is the verdict of the score against the organisation's band"`
}

func (a *API) registerExplain(tags []string) {
	op(a, huma.Operation{OperationID: "explain-objective", Method: http.MethodGet, Path: "/objectives/{id}/explain", Tags: tags,
		Summary: "Explain an objective's numbers", Description: "How progress, roll-up, status, score and verdict are computed, with every input and weighted term."},
		objectiveFields, a.explainObjective)
	op(a, huma.Operation{OperationID: "explain-key-result", Method: http.MethodGet, Path: "/key-results/{id}/explain", Tags: []string{"Key results"},
		Summary: "Explain a key result's numbers", Description: "How progress and status are computed, with every input."},
		krFields, a.explainKeyResult)
}

// explainObjective answers GET /objectives/{id}/explain.
func (a *API) explainObjective(ctx context.Context, in *idPath) (*body[objectiveExplainOut], error) {
	c := callerOf(ctx)
	o, err := a.db.GetObjective(ctx, c.org(), in.ID)
	if err != nil {
		return nil, err
	}
	org, err := a.db.GetOrg(ctx, c.org())
	if err != nil {
		return nil, err
	}
	n, err := a.loadNumbers(ctx, c.org(), []okr.Objective{o}, true)
	if err != nil {
		return nil, err
	}
	krs, p := n.krs[o.ID], n.period(&o)
	rollup, _ := n.rollup(&o)
	score := okr.ExplainObjectiveScore(krs, n.grades)
	out := objectiveExplainOut{ObjectiveID: o.ID,
		Progress: wireExplanation(okr.ExplainObjectiveProgress(&o, krs)),
		Rollup:   wireExplanation(rollup),
		Status:   wireExplanation(okr.ExplainObjectiveStatus(&o, krs, p, n.pace(), n.now)),
		Score:    wireExplanation(score),
		Verdict:  wireExplanation(okr.ExplainVerdict(score.Result, org.Settings.BandLow, org.Settings.BandHigh)),
	}
	out.Status.Value = string(okr.ObjectiveStatus(&o, krs, p, n.pace(), n.now))
	out.Verdict.Value = string(okr.VerdictFor(score.Result, org.Settings.BandLow, org.Settings.BandHigh))
	return &body[objectiveExplainOut]{Body: out}, nil
}

// explainKeyResult answers GET /key-results/{id}/explain.
func (a *API) explainKeyResult(ctx context.Context, in *idPath) (*body[keyResultExplainOut], error) {
	c := callerOf(ctx)
	kr, o, n, err := a.loadKeyResult(ctx, c.org(), in.ID)
	if err != nil {
		return nil, err
	}
	st := okr.ExplainKRStatus(&kr, &o, n.period(&o), n.pace(), n.now)
	out := keyResultExplainOut{KeyResultID: kr.ID, Progress: wireExplanation(kr.ExplainProgress()), Status: wireExplanation(st.Explanation)}
	out.Status.Value = string(st.Status())
	return &body[keyResultExplainOut]{Body: out}, nil
}
