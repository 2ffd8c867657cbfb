package api

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// apiArchivedIn returns, from a list of periods or initiatives at path,
// whether id is listed and whether it is marked archived.
func apiArchivedIn(t *testing.T, e *apiEnv, path string, id int64) (listed, archived bool) {
	t.Helper()
	var list apiList[struct {
		ID       int64 `json:"id"`
		Archived bool  `json:"archived"`
	}]
	e.do(t, apiAsMember, http.MethodGet, path, nil).want(t, http.StatusOK).decode(t, &list)
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
	apiDialects(t, func(t *testing.T, e *apiEnv) {
		old := apiMust(e.db.CreatePeriod(apiCtx, e.sys, okr.Period{Name: "Old quarter", Kind: okr.PeriodQuarter,
			Start: e.period.Start.AddDate(-1, 0, 0), End: e.period.End.AddDate(-1, 0, 0)}))(t)
		apiMust(e.db.ArchivePeriod(apiCtx, e.sys, old.ID, old.Version))(t)
		in := apiMust(e.db.ArchiveInitiative(apiCtx, e.sys, e.initiative.ID, e.initiative.Version))(t)
		archivedKR := e.ownedKR(t, e.objective.ID, "Archived KR")
		dropped := apiMust(e.db.CreateInitiative(apiCtx, e.sys, okr.Initiative{KeyResultID: archivedKR.ID, Title: "Dropped with its KR"}))(t)
		apiMust(e.db.ArchiveKeyResult(apiCtx, e.sys, archivedKR.ID, archivedKR.Version))(t)

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
			if listed, archived := apiArchivedIn(t, e, tc.path, tc.id); listed != tc.wantListed || archived != tc.wantArchived {
				t.Errorf("GET %s: %d listed %v, archived %v; want listed %v, archived %v", tc.path, tc.id, listed, archived, tc.wantListed, tc.wantArchived)
			}
		}
	})
}

// TestAPIPeriodNamesAreUnique checks that a period name taken in the
// organisation, in any case and archived or not, is a conflict on name.
func TestAPIPeriodNamesAreUnique(t *testing.T) {
	apiDialects(t, func(t *testing.T, e *apiEnv) {
		body := map[string]any{"name": "this QUARTER", "kind": "custom", "start": "2027-01-01", "end": "2027-03-31"}
		e.do(t, apiAsAdmin, http.MethodPost, "/api/v1/periods", body).wantError(t, http.StatusConflict, "conflict", "name")
		body["name"] = "Spring 2027"
		var p apiPeriodOut
		e.do(t, apiAsAdmin, http.MethodPost, "/api/v1/periods", body).want(t, http.StatusCreated).decode(t, &p)
		path := fmt.Sprintf("/api/v1/periods/%d", p.ID)
		e.do(t, apiAsAdmin, http.MethodPatch, path, map[string]any{"name": "Next quarter"}, "If-Match", `"v1"`).
			wantError(t, http.StatusConflict, "conflict", "name")
		e.do(t, apiAsAdmin, http.MethodPost, path+"/archive", nil, "If-Match", `"v1"`).want(t, http.StatusOK)
		body["name"] = "SPRING 2027"
		e.do(t, apiAsAdmin, http.MethodPost, "/api/v1/periods", body).wantError(t, http.StatusConflict, "conflict", "name")
		// Globex has its own names.
		e.do(t, apiAsOther, http.MethodPost, "/api/v1/periods", body).want(t, http.StatusCreated)
	})
}
