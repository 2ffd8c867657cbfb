package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
)

// apiExplanationOut says how a number was computed: the formula, its
// inputs and, for means, each weighted term.
type apiExplanationOut struct {
	Quantity      string         `json:"quantity" example:"objective_progress"`
	Formula       string         `json:"formula"`
	Inputs        map[string]any `json:"inputs" doc:"The inputs by name; fractions from 0 to 1"`
	Terms         []apiTermOut   `json:"terms" doc:"The terms of a weighted mean"`
	Result        float64        `json:"result" doc:"The number, as a fraction from 0 to 1"`
	ResultPercent float64        `json:"result_percent" doc:"The number in percent"`
	Value         string         `json:"value,omitempty" doc:"The named outcome, for a status or a verdict"`
	Note          string         `json:"note,omitempty"`
}

// apiTermOut is one weighted input of a mean.
type apiTermOut struct {
	Kind   string  `json:"kind" enum:"key_result,objective"`
	ID     int64   `json:"id"`
	Title  string  `json:"title"`
	Value  float64 `json:"value" doc:"Fraction from 0 to 1"`
	Weight float64 `json:"weight"`
}

func apiExplanation(e okr.Explanation) apiExplanationOut {
	out := apiExplanationOut{Quantity: e.Quantity, Formula: e.Formula, Inputs: e.Inputs, Terms: make([]apiTermOut, len(e.Terms)),
		Result: e.Result, ResultPercent: apiPct(e.Result), Note: e.Note}
	if out.Inputs == nil {
		out.Inputs = map[string]any{}
	}
	for i, t := range e.Terms {
		out.Terms[i] = apiTermOut{Kind: t.Kind, ID: t.ID, Title: t.Title, Value: t.Value, Weight: t.Weight}
	}
	return out
}

// apiKeyResultExplainOut explains a key result's figures.
type apiKeyResultExplainOut struct {
	KeyResultID int64             `json:"key_result_id"`
	Progress    apiExplanationOut `json:"progress"`
	Status      apiExplanationOut `json:"status" doc:"value is the status"`
}

// apiObjectiveExplainOut explains an objective's figures: its progress
// from its own key results and, separately, the roll-up of its children.
type apiObjectiveExplainOut struct {
	ObjectiveID int64             `json:"objective_id"`
	Progress    apiExplanationOut `json:"progress" doc:"From the objective's own key results"`
	Rollup      apiExplanationOut `json:"rollup" doc:"From its child objectives, separately from its own key results"`
	Status      apiExplanationOut `json:"status" doc:"value is the status"`
	Score       apiExplanationOut `json:"score" doc:"The grade: weighted mean of the KR scores"`
	Verdict     apiExplanationOut `json:"verdict" doc:"value is the verdict of the score against the organisation's band"`
}

func (a *API) registerExplain(tags []string) {
	apiOp(a, huma.Operation{OperationID: "explain-objective", Method: http.MethodGet, Path: "/objectives/{id}/explain", Tags: tags,
		Summary: "Explain an objective's numbers", Description: "How progress, roll-up, status, score and verdict are computed, with every input and weighted term."},
		apiObjectiveFields, a.explainObjective)
	apiOp(a, huma.Operation{OperationID: "explain-key-result", Method: http.MethodGet, Path: "/key-results/{id}/explain", Tags: []string{"Key results"},
		Summary: "Explain a key result's numbers", Description: "How progress and status are computed, with every input."},
		apiKRFields, a.explainKeyResult)
}

// explainObjective answers GET /objectives/{id}/explain.
func (a *API) explainObjective(ctx context.Context, in *apiIDPath) (*apiBody[apiObjectiveExplainOut], error) {
	c := apiCallerOf(ctx)
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
	out := apiObjectiveExplainOut{ObjectiveID: o.ID,
		Progress: apiExplanation(okr.ExplainObjectiveProgress(&o, krs)),
		Rollup:   apiExplanation(rollup),
		Status:   apiExplanation(okr.ExplainObjectiveStatus(&o, krs, p, n.now)),
		Score:    apiExplanation(score),
		Verdict:  apiExplanation(okr.ExplainVerdict(score.Result, org.Settings.BandLow, org.Settings.BandHigh)),
	}
	out.Status.Value = string(okr.ObjectiveStatus(&o, krs, p, n.now))
	out.Verdict.Value = string(okr.VerdictFor(score.Result, org.Settings.BandLow, org.Settings.BandHigh))
	return &apiBody[apiObjectiveExplainOut]{Body: out}, nil
}

// explainKeyResult answers GET /key-results/{id}/explain.
func (a *API) explainKeyResult(ctx context.Context, in *apiIDPath) (*apiBody[apiKeyResultExplainOut], error) {
	c := apiCallerOf(ctx)
	kr, o, n, err := a.loadKeyResult(ctx, c.org(), in.ID)
	if err != nil {
		return nil, err
	}
	st := okr.ExplainKRStatus(&kr, n.period(&o), o.State == okr.StatePublished, n.now)
	out := apiKeyResultExplainOut{KeyResultID: kr.ID, Progress: apiExplanation(kr.ExplainProgress()), Status: apiExplanation(st.Explanation)}
	out.Status.Value = string(st.Status())
	return &apiBody[apiKeyResultExplainOut]{Body: out}, nil
}
