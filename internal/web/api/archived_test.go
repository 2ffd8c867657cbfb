package api

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// archivedIn returns, from a list of periods or initiatives at path,
// whether id is listed and whether it is marked archived.
func archivedIn(t *testing.T, e *env, path string, id int64) (listed, archived bool) {
	t.Helper()
	var list list[struct {
		ID       int64 `json:"id"`
		Archived bool  `json:"archived"`
	}]
	e.do(t, asMember, http.MethodGet, path, nil).want(t, http.StatusOK).decode(t, &list)
	for _, it := range list.Items {
		if it.ID == id {
			return true, it.Archived
		}
	}
	return false, false
}

// TestAPIListsIncludeArchived checks include_archived on the lists of
// periods and initiatives: archived ones are left out by default and
// listed, marked archived, with include_archived=true.
func TestAPIListsIncludeArchived(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		old := must(e.db.CreatePeriod(testCtx, e.sys, okr.Period{Name: "Old quarter", Kind: okr.PeriodQuarter,
			Start: e.period.Start.AddDate(-1, 0, 0), End: e.period.End.AddDate(-1, 0, 0)}))(t)
		must(e.db.ArchivePeriod(testCtx, e.sys, old.ID, old.Version))(t)
		in := must(e.db.ArchiveInitiative(testCtx, e.sys, e.initiative.ID, e.initiative.Version))(t)
		archivedKR := e.ownedKR(t, e.objective.ID, "Archived KR")
		dropped := must(e.db.CreateInitiative(testCtx, e.sys, okr.Initiative{KeyResultID: archivedKR.ID, Title: "Dropped with its KR"}))(t)
		must(e.db.ArchiveKeyResult(testCtx, e.sys, archivedKR.ID, archivedKR.Version))(t)

		for _, tc := range []struct {
			path         string
			id           int64
			wantListed   bool
			wantArchived bool
		}{
			{"/api/v1/periods", old.ID, false, false},
			{"/api/v1/periods?include_archived=true", old.ID, true, true},
			{"/api/v1/periods?include_archived=true", e.period.ID, true, false},
			{"/api/v1/initiatives", in.ID, false, false},
			{"/api/v1/initiatives?include_archived=true", in.ID, true, true},
			{fmt.Sprintf("/api/v1/initiatives?key_result_id=%d&include_archived=true", e.kr.ID), in.ID, true, true},
			{fmt.Sprintf("/api/v1/initiatives?period_id=%d&include_archived=true", e.period.ID), dropped.ID, true, false},
			{fmt.Sprintf("/api/v1/initiatives?period_id=%d", e.period.ID), dropped.ID, false, false},
		} {
			if listed, archived := archivedIn(t, e, tc.path, tc.id); listed != tc.wantListed || archived != tc.wantArchived {
				t.Errorf("GET %s: %d listed %v, archived %v; want listed %v, archived %v", tc.path, tc.id, listed, archived, tc.wantListed, tc.wantArchived)
			}
		}
	})
}

// TestAPIPeriodNamesAreUnique checks that a period name taken in the
// organisation, in any case and archived or not, is a conflict on name.
func TestAPIPeriodNamesAreUnique(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		body := map[string]any{"name": "this QUARTER", "kind": "custom", "start": "2027-01-01", "end": "2027-03-31"}
		e.do(t, asAdmin, http.MethodPost, "/api/v1/periods", body).wantError(t, http.StatusConflict, "conflict", "name")
		body["name"] = "Spring 2027"
		var p periodOut
		e.do(t, asAdmin, http.MethodPost, "/api/v1/periods", body).want(t, http.StatusCreated).decode(t, &p)
		path := fmt.Sprintf("/api/v1/periods/%d", p.ID)
		e.do(t, asAdmin, http.MethodPatch, path, map[string]any{"name": "Next quarter"}, "If-Match", `"v1"`).
			wantError(t, http.StatusConflict, "conflict", "name")
		e.do(t, asAdmin, http.MethodPost, path+"/archive", nil, "If-Match", `"v1"`).want(t, http.StatusOK)
		body["name"] = "SPRING 2027"
		e.do(t, asAdmin, http.MethodPost, "/api/v1/periods", body).wantError(t, http.StatusConflict, "conflict", "name")
		// Globex has its own names.
		e.do(t, asOther, http.MethodPost, "/api/v1/periods", body).want(t, http.StatusCreated)
	})
}
