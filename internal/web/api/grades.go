package api

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
)

// gradeIn grades a key result.
type gradeIn struct {
	Score float64 `json:"score" minimum:"0" maximum:"100" doc:"Degree of completion, percent"`
	Note  string  `json:"note,omitempty" maxLength:"5000" doc:"Required when the score differs from the suggested score (the KR's progress)"`
}

// gradeUpdateDoc documents the preconditions of PUT .../grade.
const gradeUpdateDoc = "Sets the key result's end-of-period score, or replaces it. The suggested score is its progress; " +
	"a score that differs needs a note. Whoever may change the key result may grade it.\n\n" +
	"Grades are versioned like other objects: the answer carries the grade's `ETag`. Creating the first grade needs no " +
	"precondition; send `If-None-Match: *` to be sure not to replace a grade someone else made meanwhile (412 if one exists). " +
	"Replacing a grade needs its ETag in `If-Match` (from this answer, GET /key-results/{id}/grade, or the grade's `version`): " +
	"428 without it, 412 when someone else graded the key result since."

func (a *API) registerGrades() {
	tags := []string{"Grades"}
	op(a, huma.Operation{OperationID: "get-key-result-grade", Method: http.MethodGet, Path: "/key-results/{id}/grade", Tags: tags,
		Summary: "Get the grade of a key result", Description: "The key result's end-of-period score with its ETag; 404 while it is ungraded."},
		krFields, a.getKeyResultGrade)
	op(a, huma.Operation{OperationID: "grade-key-result", Method: http.MethodPut, Path: "/key-results/{id}/grade", Tags: tags,
		Summary: "Grade a key result", Description: gradeUpdateDoc, Errors: updateErrors},
		krFields, a.gradeKeyResult)
	op(a, huma.Operation{OperationID: "list-grades", Method: http.MethodGet, Path: "/grades", Tags: tags,
		Summary: "List grades", Description: "The grades of key results, by key result id; ungraded key results are left out."},
		krFields, a.listGrades)
}

// getKeyResultGrade answers GET /key-results/{id}/grade.
func (a *API) getKeyResultGrade(ctx context.Context, in *idPath) (*object[gradeOut], error) {
	g, err := a.currentGrade(ctx, callerOf(ctx).org(), in.ID)
	if err != nil {
		return nil, err
	}
	if g == nil {
		return nil, &okr.Error{Code: okr.ENOTFOUND, Message: fmt.Sprintf("key result %d has no grade yet", in.ID)}
	}
	return &object[gradeOut]{ETag: etag(g.Version), Body: *wireGrade(g)}, nil
}

// gradeKeyResultIn is the input of grade-key-result.
type gradeKeyResultIn struct {
	ID          int64  `path:"id" minimum:"1" doc:"The object's id"`
	IfMatch     string `header:"If-Match" doc:"The ETag of the grade to replace, e.g. \"v1\", or * for whatever grade there is; required when the key result is graded. Compared strongly: W/ tags never match"`
	IfNoneMatch string `header:"If-None-Match" doc:"* to create the first grade only: 412 when the key result is graded already"`
	Body        gradeIn
}

// gradeKeyResult answers PUT /key-results/{id}/grade.
func (a *API) gradeKeyResult(ctx context.Context, in *gradeKeyResultIn) (*object[gradeOut], error) {
	c := callerOf(ctx)
	current, err := a.currentGrade(ctx, c.org(), in.ID)
	if err != nil {
		return nil, err
	}
	expected, err := gradeExpected(in.IfMatch, in.IfNoneMatch, current)
	if err != nil {
		return nil, err
	}
	g, err := a.db.SetGrade(ctx, c.actor, okr.Grade{KeyResultID: in.ID, Score: frac(in.Body.Score), Note: in.Body.Note}, expected)
	if err != nil {
		return nil, err
	}
	return &object[gradeOut]{ETag: etag(g.Version), Body: *wireGrade(&g)}, nil
}

// listGradesIn is the input of list-grades.
type listGradesIn struct {
	KeyResultID []int64 `query:"key_result_id,explode" maxItems:"500" doc:"The grades of these key results"`
	PeriodID    int64   `query:"period_id" doc:"The grades of this period's key results; the current period when neither is given"`
	Limit       int     `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many items"`
	Offset      int     `query:"offset" minimum:"0" default:"0" doc:"Skip this many items"`
}

// listGrades answers GET /grades.
func (a *API) listGrades(ctx context.Context, in *listGradesIn) (*body[list[gradeOut]], error) {
	c := callerOf(ctx)
	ids := in.KeyResultID
	if len(ids) == 0 {
		var err error
		if ids, err = a.periodKeyResultIDs(ctx, c.org(), in.PeriodID, false); err != nil {
			return nil, err
		}
	}
	grades, err := a.db.ListGrades(ctx, c.org(), ids)
	if err != nil {
		return nil, err
	}
	out := make([]gradeOut, 0, len(grades))
	for _, id := range slices.Sorted(maps.Keys(grades)) {
		out = append(out, *wireGrade(grades[id]))
	}
	return paged(out, same, in.Limit, in.Offset), nil
}

// currentGrade returns the grade of key result krID: nil when it has none,
// ENOTFOUND when the key result does not exist in the organisation.
func (a *API) currentGrade(ctx context.Context, orgID, krID int64) (*okr.Grade, error) {
	grades, err := a.db.ListGrades(ctx, orgID, []int64{krID})
	if err != nil {
		return nil, err
	}
	if g := grades[krID]; g != nil {
		return g, nil
	}
	if _, err := a.db.GetKeyResult(ctx, orgID, krID); err != nil {
		return nil, err
	}
	return nil, nil
}

// gradeExpected returns the version of the grade a PUT replaces (0 to
// create the first one) from its If-Match and If-None-Match and the current
// grade (nil when there is none): 428 when a grade exists and If-Match is
// missing, 412 when the preconditions do not hold.
func gradeExpected(ifMatch, ifNoneMatch string, current *okr.Grade) (int64, error) {
	ifMatch, ifNoneMatch = strings.TrimSpace(ifMatch), strings.TrimSpace(ifNoneMatch)
	graded := &okr.Error{Code: okr.ESTALE, Key: "err.stale", Args: map[string]any{"Type": "grade"},
		Message: "the key result is graded already; read its grade and send the grade's ETag in If-Match to replace it"}
	switch {
	case ifMatch != "" && ifNoneMatch != "":
		return 0, &apiError{status: http.StatusBadRequest, Code: okr.EBADREQUEST, Field: "If-None-Match",
			Message: "Send If-Match to replace a grade or If-None-Match: * to create the first one, not both."}
	case ifNoneMatch != "":
		if ifNoneMatch != "*" {
			return 0, &apiError{status: http.StatusBadRequest, Code: okr.EBADREQUEST, Field: "If-None-Match",
				Message: "If-None-Match takes only *: create the grade unless the key result is graded already."}
		}
		if current != nil {
			return 0, graded
		}
		return 0, nil
	case ifMatch == "":
		if current != nil {
			return 0, &apiError{status: http.StatusPreconditionRequired, Code: codePreconditionRequired, Field: "If-Match",
				Message: `This key result is graded already: send the ETag of its grade in If-Match (e.g. If-Match: "v1") to replace it.`}
		}
		return 0, nil
	}
	m, err := parseIfMatch(ifMatch)
	if err != nil {
		return 0, err
	}
	if current == nil {
		return 0, &okr.Error{Code: okr.ESTALE, Message: "the key result has no grade for If-Match to match; send no If-Match (or If-None-Match: *) to create it"}
	}
	return m.version("grade", current.Version)
}
