package api

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/okr-dev/okr/internal/okr"
)

// The period's calibration and progress over time through the API: the
// figures the review and progress pages show, for the caller's organisation
// only.
func TestAPIInsight(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		if _, err := e.db.CreateCheckIns(testCtx, e.sys, []okr.CheckIn{{KeyResultID: e.kr.ID, Value: e.kr.Metric.Start, Confidence: okr.OnTrack}}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.SetGrade(testCtx, e.sys, okr.Grade{KeyResultID: e.kr.ID, Score: 0.3, Note: "stalled"}, 0); err != nil {
			t.Fatal(err)
		}
		var c periodCalibrationOut
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/periods/%d/calibration", e.period.ID), nil).want(t, http.StatusOK).decode(t, &c)
		if c.PeriodID != e.period.ID || c.Organisation.CheckIns != 1 || c.Organisation.KeyResults != 1 || c.Organisation.Verdict != "too_little_data" ||
			len(c.Organisation.Cells) != 1 || c.Organisation.Cells[0].Confidence != "on_track" || c.Organisation.Cells[0].MeanScore != 30 {
			t.Errorf("calibration = %+v", c.Organisation)
		}
		if len(c.Units) == 0 || c.Units[0].ID != e.company.ID {
			t.Errorf("units = %+v, want the company first", c.Units)
		}
		e.do(t, asOther, http.MethodGet, fmt.Sprintf("/api/v1/periods/%d/calibration", e.period.ID), nil).wantError(t, http.StatusNotFound, "not_found", "")

		var hist []historyPointOut
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/progress?period_id=%d", e.period.ID), nil).want(t, http.StatusOK).decode(t, &hist)
		if len(hist) == 0 || hist[len(hist)-1].KeyResults == 0 {
			t.Errorf("progress history = %+v, want weeks with the key results", hist)
		}
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/progress?period_id=%d&unit_id=%d", e.period.ID, e.team.ID), nil).want(t, http.StatusOK)
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/progress?period_id=%d&person_id=%d", e.period.ID, e.owner.ID), nil).want(t, http.StatusOK)
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/progress?period_id=%d&unit_id=999999", e.period.ID), nil).wantError(t, http.StatusUnprocessableEntity, "invalid", "unit_id")
		e.do(t, asOther, http.MethodGet, fmt.Sprintf("/api/v1/progress?period_id=%d", e.period.ID), nil).wantError(t, http.StatusNotFound, "not_found", "")
	})
}

// The export through the API: an Excel workbook with four sheets and CSV of
// one table, columns named by their keys and values as the API spells them.
func TestAPIExport(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		if _, err := e.db.CreateCheckIns(testCtx, e.sys, []okr.CheckIn{{KeyResultID: e.kr.ID, Value: e.kr.Metric.Start, Confidence: okr.AtRisk, Comment: "=SUM(A1)"}}); err != nil {
			t.Fatal(err)
		}
		r := e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/export?period_id=%d&format=csv&table=checkins", e.period.ID), nil).want(t, http.StatusOK)
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(r.Body), "\uFEFF"))).ReadAll()
		if err != nil || len(recs) != 2 || strings.Join(recs[0], ",") != "date,kr_id,key_result,value,confidence,comment,author,late" ||
			recs[1][4] != "at_risk" || recs[1][5] != "'=SUM(A1)" || recs[1][7] != "false" {
			t.Fatalf("CSV check-ins = %q (%v)", recs, err)
		}
		r = e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/export?period_id=%d&unit_id=%d", e.period.ID, e.company.ID), nil).want(t, http.StatusOK)
		x, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatalf("the workbook does not open: %v", err)
		}
		defer x.Close()
		if got := strings.Join(x.GetSheetList(), ","); got != "objectives,key_results,checkins,grades" {
			t.Errorf("sheets = %s", got)
		}
		rows, _ := x.GetRows("key_results")
		if len(rows) < 2 || rows[0][0] != "id" {
			t.Errorf("key_results sheet = %q", rows)
		}
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/export?period_id=%d&format=pdf", e.period.ID), nil).wantError(t, http.StatusUnprocessableEntity, "invalid", "format")
		e.do(t, asOther, http.MethodGet, fmt.Sprintf("/api/v1/export?period_id=%d", e.period.ID), nil).wantError(t, http.StatusNotFound, "not_found", "")
	})
}
