package api

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
)

// Insight: how well a period's confidences foretold its grades, and progress
// over time (docs/insight.md).

// calibrationCellOut is what happened to the key results after one
// confidence in one third of the period.
type calibrationCellOut struct {
	Confidence string  `json:"confidence" enum:"on_track,at_risk,off_track"`
	Phase      string  `json:"phase" enum:"early,mid,late,all" doc:"The third of the period the check-ins were made in; all: the whole period"`
	CheckIns   int     `json:"check_ins"`
	MeanScore  float64 `json:"mean_score" doc:"Mean final grade of the key results, percent"`
	Reached    float64 `json:"reached" doc:"Share of the check-ins whose key result ended in the band or above, percent"`
}

// calibrationOut is a calibration: the verdict, the Brier score, and the
// reliability table.
type calibrationOut struct {
	Verdict      string               `json:"verdict" enum:"too_little_data,well_calibrated,over_confident,sandbagging"`
	CheckIns     int                  `json:"check_ins" doc:"Check-ins with a confidence on graded key results"`
	KeyResults   int                  `json:"key_results"`
	Brier        float64              `json:"brier" doc:"Mean squared difference between each confidence's stated chance and the outcome: 0 is perfect, 0.25 what always saying at risk scores"`
	Stated       float64              `json:"stated" doc:"Mean chance the confidences stated of reaching the band, percent"`
	Reached      float64              `json:"reached" doc:"Share of check-ins whose key result reached the band, percent"`
	Cells        []calibrationCellOut `json:"cells" doc:"Per confidence and third of the period"`
	ByConfidence []calibrationCellOut `json:"by_confidence" doc:"Per confidence over the whole period"`
}

// calibrationOwnerOut is one unit's or person's calibration.
type calibrationOwnerOut struct {
	ID          int64          `json:"id"`
	Name        string         `json:"name"`
	Calibration calibrationOut `json:"calibration"`
}

// periodCalibrationOut is a period's calibration at every level.
type periodCalibrationOut struct {
	PeriodID     int64                 `json:"period_id"`
	Ended        bool                  `json:"ended" doc:"Calibration is meaningful once the period has ended and its key results are graded"`
	Organisation calibrationOut        `json:"organisation"`
	Units        []calibrationOwnerOut `json:"units" doc:"Each unit with its sub-units and members, in tree order"`
	People       []calibrationOwnerOut `json:"people" doc:"Each person with the key results they own, by name"`
}

func wireCalibration(c okr.Calibration) calibrationOut {
	out := calibrationOut{Verdict: string(c.Verdict), CheckIns: c.Forecasts, KeyResults: c.KeyResults, Brier: c.Brier,
		Stated: pct(c.Stated), Reached: pct(c.Reached), Cells: []calibrationCellOut{}, ByConfidence: []calibrationCellOut{}}
	for _, x := range c.Cells {
		out.Cells = append(out.Cells, calibrationCellOut{Confidence: string(x.Confidence), Phase: x.Phase.String(), CheckIns: x.Forecasts, MeanScore: pct(x.MeanScore), Reached: pct(x.Reached)})
	}
	for _, x := range c.ByConfidence {
		out.ByConfidence = append(out.ByConfidence, calibrationCellOut{Confidence: string(x.Confidence), Phase: "all", CheckIns: x.Forecasts, MeanScore: pct(x.MeanScore), Reached: pct(x.Reached)})
	}
	return out
}

// historyPointOut is the selection as it stood at the end of one week.
type historyPointOut struct {
	At               time.Time `json:"at" doc:"The end of the week (or now, for the week under way)"`
	Objectives       int       `json:"objectives"`
	Counted          int       `json:"counted" doc:"Objectives counted in the mean (published, with key results)"`
	KeyResults       int       `json:"key_results"`
	MeanProgress     float64   `json:"mean_progress" doc:"Mean progress of the counted objectives, percent"`
	ExpectedProgress float64   `json:"expected_progress" doc:"Where the period's progress should be, percent"`
	Ahead            int       `json:"ahead"`
	OnTrack          int       `json:"on_track"`
	Behind           int       `json:"behind"`
	NotUpdated       int       `json:"not_updated"`
	NotStarted       int       `json:"not_started"`
	Graded           int       `json:"graded"`
}

// progressIn selects the objectives of progress-over-time.
type progressIn struct {
	PeriodID int64 `query:"period_id" required:"true" minimum:"1" doc:"The period"`
	UnitID   int64 `query:"unit_id" minimum:"0" doc:"Only this unit's objectives and those of its sub-units and members"`
	PersonID int64 `query:"person_id" minimum:"0" doc:"Only this person's objectives"`
}

func (a *API) registerInsight() {
	tags := []string{"Insight"}
	op(a, huma.Operation{OperationID: "get-period-calibration", Method: http.MethodGet, Path: "/periods/{id}/calibration", Tags: tags,
		Summary: "How well the period's confidences foretold its grades",
		Description: "Compares every check-in's confidence on the period's graded key results with the key result's final grade: " +
			"a verdict, the Brier score and the reliability table, for the organisation, each unit (with its sub-units and members) and each person. See docs/insight.md."},
		nil, a.getPeriodCalibration)
	op(a, huma.Operation{OperationID: "get-progress-history", Method: http.MethodGet, Path: "/progress", Tags: tags,
		Summary: "Progress over time",
		Description: "The selected objectives as they stood at the end of each week of the period up to now: mean and expected progress, " +
			"and the key results per status, rebuilt from the check-ins, target changes and grades."},
		nil, a.getProgressHistory)
}

// getPeriodCalibration answers GET /periods/{id}/calibration.
func (a *API) getPeriodCalibration(ctx context.Context, in *idPath) (*body[periodCalibrationOut], error) {
	org := callerOf(ctx).org()
	p, err := a.db.GetPeriod(ctx, org, in.ID)
	if err != nil {
		return nil, err
	}
	dir, err := a.view.Directory(ctx, org)
	if err != nil {
		return nil, err
	}
	cs, err := a.view.Calibrations(ctx, org, dir, []okr.Period{p})
	if err != nil {
		return nil, err
	}
	out := periodCalibrationOut{PeriodID: p.ID, Ended: okr.PeriodOver(&p, a.now()), Organisation: wireCalibration(cs.Org),
		Units: []calibrationOwnerOut{}, People: []calibrationOwnerOut{}}
	for _, u := range dir.TreeOrder() {
		if c, ok := cs.Units[u.ID]; ok {
			out.Units = append(out.Units, calibrationOwnerOut{ID: u.ID, Name: u.Name, Calibration: wireCalibration(c)})
		}
	}
	for id, c := range cs.People {
		if person := dir.People[id]; person != nil {
			out.People = append(out.People, calibrationOwnerOut{ID: id, Name: person.Name, Calibration: wireCalibration(c)})
		}
	}
	sort.Slice(out.People, func(i, j int) bool { return out.People[i].Name < out.People[j].Name })
	return &body[periodCalibrationOut]{Body: out}, nil
}

// getProgressHistory answers GET /progress.
func (a *API) getProgressHistory(ctx context.Context, in *progressIn) (*body[[]historyPointOut], error) {
	org := callerOf(ctx).org()
	p, dir, objs, err := a.selection(ctx, org, in.PeriodID, in.UnitID, in.PersonID)
	if err != nil {
		return nil, err
	}
	hist, err := a.view.History(ctx, org, p, dir, objs, a.now())
	if err != nil {
		return nil, err
	}
	out := make([]historyPointOut, 0, len(hist))
	for _, h := range hist {
		s := h.Summary
		out = append(out, historyPointOut{At: h.At, Objectives: s.Objectives, Counted: s.Counted, KeyResults: s.KeyResults,
			MeanProgress: pct(s.Mean), ExpectedProgress: pct(s.Expected), Ahead: s.Ahead, OnTrack: s.OnTrack, Behind: s.Behind,
			NotUpdated: s.Stale, NotStarted: s.NotStarted, Graded: s.Final})
	}
	return &body[[]historyPointOut]{Body: out}, nil
}
