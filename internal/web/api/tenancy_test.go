package api

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestAPITenancy checks that another organisation's ids behave as if they
// did not exist: 404 on the object, nothing in lists, no hint in messages.
func TestAPITenancy(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		theirs := fmt.Sprintf("/api/v1/objectives/%d", e.otherObjective.ID)
		missing := fmt.Sprintf("/api/v1/objectives/%d", e.otherObjective.ID+1000)
		got := e.do(t, asAdmin, http.MethodGet, theirs, nil).wantError(t, http.StatusNotFound, "not_found", "")
		absent := e.do(t, asAdmin, http.MethodGet, missing, nil).wantError(t, http.StatusNotFound, "not_found", "")
		if strings.Replace(got.Message, fmt.Sprint(e.otherObjective.ID), "N", 1) != strings.Replace(absent.Message, fmt.Sprint(e.otherObjective.ID+1000), "N", 1) {
			t.Errorf("messages differ between another organisation's object (%q) and a missing one (%q)", got.Message, absent.Message)
		}
		for _, req := range []struct {
			method, path string
			body         any
		}{
			{http.MethodPatch, theirs, map[string]any{"title": "Mine now"}},
			{http.MethodPost, theirs + "/archive", nil},
			{http.MethodPost, theirs + "/clone", map[string]any{"period_id": e.period.ID}},
			{http.MethodGet, theirs + "/explain", nil},
			{http.MethodGet, fmt.Sprintf("/api/v1/periods/%d", e.otherPeriod.ID), nil},
			{http.MethodGet, fmt.Sprintf("/api/v1/people/%d", e.outsider.ID), nil},
		} {
			e.do(t, asAdmin, req.method, req.path, req.body, "If-Match", `"v1"`).wantError(t, http.StatusNotFound, "not_found", "")
		}
		if ids := listIDs(t, e, asOther, "/api/v1/objectives?include_archived=true"); len(ids) != 1 || ids[0] != e.otherObjective.ID {
			t.Errorf("Globex lists objectives %v, want only its own %d", ids, e.otherObjective.ID)
		}
		if ids := listIDs(t, e, asOther, fmt.Sprintf("/api/v1/key-results?objective_id=%d", e.objective.ID)); len(ids) != 0 {
			t.Errorf("Globex lists Acme's key results %v", ids)
		}
		if ids := listIDs(t, e, asOther, fmt.Sprintf("/api/v1/check-ins?key_result_id=%d", e.kr.ID)); len(ids) != 0 {
			t.Errorf("Globex lists Acme's check-ins %v", ids)
		}
		if ids := listIDs(t, e, asOther, "/api/v1/people"); len(ids) != 1 || ids[0] != e.outsider.ID {
			t.Errorf("Globex lists people %v, want only its own", ids)
		}
		var audit auditPage
		e.do(t, asOther, http.MethodGet, fmt.Sprintf("/api/v1/audit?object_type=objective&object_id=%d", e.objective.ID), nil).want(t, http.StatusOK).decode(t, &audit)
		if len(audit.Items) != 0 {
			t.Errorf("Globex reads Acme's audit log: %+v", audit.Items)
		}
		// Referring to another organisation's objects in a write is invalid,
		// with the same message as for an id that does not exist.
		e.do(t, asAdmin, http.MethodPost, "/api/v1/key-results", map[string]any{"objective_id": e.otherObjective.ID, "title": "Sneak in",
			"metric": map[string]any{"kind": "boolean"}}).wantError(t, http.StatusNotFound, "not_found", "")
		e.do(t, asAdmin, http.MethodPost, "/api/v1/objectives", map[string]any{"period_id": e.period.ID, "title": "Adopt theirs",
			"parent_id": e.otherObjective.ID}).wantError(t, http.StatusUnprocessableEntity, "invalid", "parent_id")
		e.do(t, asAdmin, http.MethodPost, "/api/v1/follows", map[string]any{"kind": "objective", "target_id": e.otherObjective.ID}).
			wantError(t, http.StatusNotFound, "not_found", "")
	})
}
