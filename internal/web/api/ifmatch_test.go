package api

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

func TestAPIParseIfMatch(t *testing.T) {
	for _, tc := range []struct {
		header   string
		status   int // of the parse error; 0 when it parses
		any      bool
		versions []int64
	}{
		{header: "", status: http.StatusPreconditionRequired},
		{header: "*", any: true},
		{header: `"v3"`, versions: []int64{3}},
		{header: `v3`, versions: []int64{3}},
		{header: ` "v3" , "v5"`, versions: []int64{3, 5}},
		{header: `W/"v3"`},
		{header: `W/"v3", "v4"`, versions: []int64{4}},
		{header: `"v3-5c1e0f2a9b7d4e61"`, versions: []int64{3}},
		{header: `"v3-"`},
		{header: `"v3-xyz"`},
		{header: `"abc"`},
		{header: `"v03"`},
		{header: `"v0"`},
		{header: `"v3`, status: http.StatusBadRequest},
		{header: `"v3" "v4"`, status: http.StatusBadRequest},
		{header: `"v3",`, status: http.StatusBadRequest},
		{header: `W/v3`, status: http.StatusBadRequest},
		{header: `*, "v3"`, status: http.StatusBadRequest},
	} {
		m, err := parseIfMatch(tc.header)
		if tc.status != 0 {
			ae, ok := err.(*apiError)
			if !ok || ae.status != tc.status {
				t.Errorf("parseIfMatch(%q) = %+v, %v; want status %d", tc.header, m, err, tc.status)
			}
			continue
		}
		if err != nil || m.any != tc.any || !slices.Equal(m.versions, tc.versions) {
			t.Errorf("parseIfMatch(%q) = any %v versions %v, %v; want any %v versions %v", tc.header, m.any, m.versions, err, tc.any, tc.versions)
		}
	}
}

func TestAPIPreconditionVersion(t *testing.T) {
	for _, tc := range []struct {
		header  string
		current int64
		want    int64 // 0: ESTALE
	}{
		{`"v3"`, 3, 3},
		{`"v2"`, 3, 0},
		{`W/"v3"`, 3, 0},
		{`W/"v3", "v3"`, 3, 3},
		{`"v1", "v3"`, 3, 3},
		{`"abc"`, 3, 0},
		{`*`, 7, 7},
	} {
		m, err := parseIfMatch(tc.header)
		if err != nil {
			t.Fatal(err)
		}
		got, err := m.version("objective", tc.current)
		if tc.want == 0 {
			if okr.ErrorCode(err) != okr.ESTALE {
				t.Errorf("If-Match %s at version %d: got %d, %v; want ESTALE", tc.header, tc.current, got, err)
			}
		} else if err != nil || got != tc.want {
			t.Errorf("If-Match %s at version %d: got %d, %v; want %d", tc.header, tc.current, got, err, tc.want)
		}
	}
}

// TestAPIIfMatchIsStrong checks RFC 9110's If-Match over HTTP: a weak ETag
// never matches, * matches whatever version is current, a list matches when
// one strong tag does — on updates and on writes that do not read first.
func TestAPIIfMatchIsStrong(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		path := fmt.Sprintf("/api/v1/objectives/%d", e.objective.ID)
		patch := func(title, ifMatch string) *response {
			return e.do(t, asLead, http.MethodPatch, path, map[string]any{"title": title}, "If-Match", ifMatch)
		}
		body := patch("Weakly", `W/"v1"`).wantError(t, http.StatusPreconditionFailed, "stale", "")
		t.Logf("weak If-Match: %s", body.Message)
		if o := must(e.db.GetObjective(testCtx, e.org.ID, e.objective.ID))(t); o.Title != e.objective.Title || o.Version != 1 {
			t.Fatalf("after a weak If-Match: %q v%d, want unchanged at v1", o.Title, o.Version)
		}
		patch("Strongly", `W/"v1", "v1"`).want(t, http.StatusOK)
		patch("Listed", `"v9", "v2"`).want(t, http.StatusOK)
		patch("Foreign", `"xyz"`).wantError(t, http.StatusPreconditionFailed, "stale", "")
		if tag := patch("Anything", "*").want(t, http.StatusOK).etag(t); tag != `"v4"` {
			t.Errorf("ETag after If-Match: * = %s, want \"v4\"", tag)
		}

		// Archive hands the version to the store without reading first.
		e.do(t, asLead, http.MethodPost, path+"/archive", nil, "If-Match", `W/"v4"`).wantError(t, http.StatusPreconditionFailed, "stale", "")
		e.do(t, asLead, http.MethodPost, path+"/archive", nil, "If-Match", `"v1", "v3"`).wantError(t, http.StatusPreconditionFailed, "stale", "")
		e.do(t, asLead, http.MethodPost, path+"/archive", nil, "If-Match", "*").want(t, http.StatusOK)
		e.do(t, asLead, http.MethodPost, path+"/restore", nil, "If-Match", `"v3", "v5"`).want(t, http.StatusOK)
		e.do(t, asLead, http.MethodPost, fmt.Sprintf("/api/v1/objectives/%d/archive", e.objective.ID+1000), nil, "If-Match", "*").
			wantError(t, http.StatusNotFound, "not_found", "")
		if o := must(e.db.GetObjective(testCtx, e.org.ID, e.objective.ID))(t); o.Title != "Anything" || o.Archived || o.Version != 6 {
			t.Errorf("objective = %q archived %v v%d, want \"Anything\", active, v6", o.Title, o.Archived, o.Version)
		}
	})
}

// TestAPIKeyResultETagFollowsCheckIns checks that a key result's ETag
// changes when a check-in changes its figures, stays while nothing changes,
// and that If-Match compares only its version part.
func TestAPIKeyResultETagFollowsCheckIns(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		path := fmt.Sprintf("/api/v1/key-results/%d", e.kr.ID)
		get := func() string { return e.do(t, asOwner, http.MethodGet, path, nil).want(t, http.StatusOK).etag(t) }
		before := get()
		if again := get(); again != before {
			t.Errorf("ETag changed from %s to %s without a change", before, again)
		}
		e.do(t, asOwner, http.MethodPost, "/api/v1/check-ins", map[string]any{"check_ins": []map[string]any{
			{"key_result_id": e.kr.ID, "value": 30, "confidence": "on_track"}}}).want(t, http.StatusCreated)
		after := get()
		if after == before {
			t.Errorf("ETag stayed %s after a check-in changed current and progress", after)
		}
		for _, tag := range []string{before, after} {
			if !strings.HasPrefix(tag, `"v1-`) {
				t.Errorf("ETag %s, want the version part v1", tag)
			}
		}
		// A check-in is no conflict for a change of the key result: the
		// ETag read before it still matches by its version.
		r := e.do(t, asOwner, http.MethodPatch, path, map[string]any{"title": "Reach 120 demo bookings"}, "If-Match", before).want(t, http.StatusOK)
		if tag := r.etag(t); !strings.HasPrefix(tag, `"v2-`) || tag == after {
			t.Errorf("ETag after the update = %s, want a new one at v2", tag)
		}
		e.do(t, asOwner, http.MethodPatch, path, map[string]any{"title": "Reach 130 demo bookings"}, "If-Match", after).
			wantError(t, http.StatusPreconditionFailed, "stale", "")
		e.do(t, asOwner, http.MethodPatch, path, map[string]any{"title": "Reach 130 demo bookings"}, "If-Match", `W/`+r.etag(t)).
			wantError(t, http.StatusPreconditionFailed, "stale", "")
		e.do(t, asOwner, http.MethodPatch, path, map[string]any{"title": "Reach 130 demo bookings"}, "If-Match", `"v2"`).want(t, http.StatusOK)
	})
}
