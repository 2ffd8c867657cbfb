package api

import (
	"fmt"
	"net/http"
	"testing"
)

// TestAPIGradeVersions checks that grades are versioned: the first grade
// needs no precondition (or If-None-Match: *), replacing one needs its ETag
// in If-Match, and a lost race is a 412 that changes nothing.
func TestAPIGradeVersions(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		path := fmt.Sprintf("/api/v1/key-results/%d/grade", e.kr.ID)
		put := func(score float64, header ...string) *response {
			return e.do(t, asOwner, http.MethodPut, path, map[string]any{"score": score, "note": "why"}, header...)
		}
		e.do(t, asMember, http.MethodGet, path, nil).wantError(t, http.StatusNotFound, "not_found", "")
		put(10, "If-Match", `"v1"`).wantError(t, http.StatusPreconditionFailed, "stale", "")
		put(10, "If-Match", "*").wantError(t, http.StatusPreconditionFailed, "stale", "")
		put(10, "If-None-Match", `"v1"`).wantError(t, http.StatusBadRequest, "bad_request", "If-None-Match")

		var g gradeOut
		r := put(10).want(t, http.StatusOK)
		r.decode(t, &g)
		if tag := r.etag(t); tag != `"v1"` || g.Version != 1 || g.Score != 10 {
			t.Fatalf("first grade: ETag %s, %+v; want \"v1\", version 1, score 10", tag, g)
		}
		put(20).wantError(t, http.StatusPreconditionRequired, "precondition_required", "If-Match")
		put(20, "If-None-Match", "*").wantError(t, http.StatusPreconditionFailed, "stale", "")
		put(20, "If-Match", `W/"v1"`).wantError(t, http.StatusPreconditionFailed, "stale", "")
		put(20, "If-Match", `"v1"`, "If-None-Match", "*").wantError(t, http.StatusBadRequest, "bad_request", "If-None-Match")
		if tag := put(20, "If-Match", `"v1"`).want(t, http.StatusOK).etag(t); tag != `"v2"` {
			t.Errorf("re-grade ETag = %s, want \"v2\"", tag)
		}
		put(30, "If-Match", `"v1"`).wantError(t, http.StatusPreconditionFailed, "stale", "") // lost the race

		r = e.do(t, asMember, http.MethodGet, path, nil).want(t, http.StatusOK)
		r.decode(t, &g)
		if tag := r.etag(t); tag != `"v2"` || g.Score != 20 || g.Version != 2 {
			t.Errorf("GET grade: ETag %s, %+v; want \"v2\" and score 20", tag, g)
		}
		if tag := put(40, "If-Match", "*").want(t, http.StatusOK).etag(t); tag != `"v3"` {
			t.Errorf("re-grade with * ETag = %s, want \"v3\"", tag)
		}
		var kr keyResultOut
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/key-results/%d", e.kr.ID), nil).want(t, http.StatusOK).decode(t, &kr)
		if kr.Grade == nil || kr.Grade.Version != 3 || kr.Grade.Score != 40 {
			t.Errorf("key result's grade = %+v, want version 3 and score 40", kr.Grade)
		}
		var list list[gradeOut]
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/grades?key_result_id=%d", e.kr.ID), nil).want(t, http.StatusOK).decode(t, &list)
		if list.Total != 1 || list.Items[0].Version != 3 {
			t.Errorf("grades = %+v, want one at version 3", list.Items)
		}

		// Another organisation's key result is not found, graded or not.
		e.do(t, asOther, http.MethodGet, path, nil).wantError(t, http.StatusNotFound, "not_found", "")
		e.do(t, asOther, http.MethodPut, path, map[string]any{"score": 0}, "If-Match", "*").wantError(t, http.StatusNotFound, "not_found", "")
	})
}
