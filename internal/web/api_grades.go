package web

import (
	"context"
	"maps"
	"net/http"
	"slices"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
)

// apiGradeIn grades a key result.
type apiGradeIn struct {
	Score float64 `json:"score" minimum:"0" maximum:"100" doc:"Degree of completion, percent"`
	Note  string  `json:"note,omitempty" maxLength:"5000" doc:"Required when the score differs from the suggested score (the KR's progress)"`
}

func (a *apiServer) registerGrades() {
	tags := []string{"Grades"}
	type gradeIn struct {
		ID   int64 `path:"id" minimum:"1" doc:"The object's id"`
		Body apiGradeIn
	}
	apiOp(a, huma.Operation{OperationID: "grade-key-result", Method: http.MethodPut, Path: "/key-results/{id}/grade", Tags: tags,
		Summary: "Grade a key result", Description: "Sets (or replaces) the key result's end-of-period score. The suggested score is its progress; " +
			"a score that differs needs a note. Whoever may change the key result may grade it.",
		Errors: []int{http.StatusForbidden, http.StatusUnprocessableEntity}},
		apiKRFields, func(ctx context.Context, in *gradeIn) (*apiBody[apiGradeOut], error) {
			g, err := a.s.DB.SetGrade(ctx, apiCallerOf(ctx).actor, okr.Grade{KeyResultID: in.ID, Score: apiFrac(in.Body.Score), Note: in.Body.Note})
			if err != nil {
				return nil, err
			}
			return &apiBody[apiGradeOut]{Body: *apiGrade(&g)}, nil
		})
	type listIn struct {
		KeyResultID []int64 `query:"key_result_id" maxItems:"500" doc:"The grades of these key results (comma-separated)"`
		PeriodID    int64   `query:"period_id" doc:"The grades of this period's key results; the current period when neither is given"`
		Limit       int     `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many items"`
		Offset      int     `query:"offset" minimum:"0" default:"0" doc:"Skip this many items"`
	}
	apiOp(a, huma.Operation{OperationID: "list-grades", Method: http.MethodGet, Path: "/grades", Tags: tags,
		Summary: "List grades", Description: "The grades of key results, by key result id; ungraded key results are left out."},
		apiKRFields, func(ctx context.Context, in *listIn) (*apiBody[apiList[apiGradeOut]], error) {
			c := apiCallerOf(ctx)
			ids := in.KeyResultID
			if len(ids) == 0 {
				objs, err := a.listObjectivesOf(ctx, c.org(), nil, in.PeriodID, false)
				if err != nil {
					return nil, err
				}
				krs, err := a.s.DB.ListKeyResults(ctx, c.org(), apiMap(objs, func(o okr.Objective) int64 { return o.ID }), false)
				if err != nil {
					return nil, err
				}
				ids = apiMap(krs, func(kr okr.KeyResult) int64 { return kr.ID })
			}
			grades, err := a.s.DB.ListGrades(ctx, c.org(), ids)
			if err != nil {
				return nil, err
			}
			out := make([]apiGradeOut, 0, len(grades))
			for _, id := range slices.Sorted(maps.Keys(grades)) {
				out = append(out, *apiGrade(grades[id]))
			}
			return apiPaged(out, apiSame, in.Limit, in.Offset), nil
		})
}
