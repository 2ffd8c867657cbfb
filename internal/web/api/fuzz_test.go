package api

import (
	"fmt"
	"net/http"
	"os"
	"testing"

	"github.com/okr-dev/okr/internal/store"
)

// FuzzAPIRequestBodies sends arbitrary bodies to the API's writing routes
// through the real API on a SQLite database (and on PostgreSQL too when
// OKR_TEST_POSTGRES_URL names a server: a title with \u0000 was a 500
// there only), as an admin (who may do
// everything, so the body reaches the handler). Whatever the body, the
// answer is never a 5xx: a body that cannot be read or is not valid is the
// client's error (400 or 422). The seeds are valid bodies of each route and
// the inputs in testdata/fuzz/FuzzAPIRequestBodies (every one that ever
// misbehaved). The database keeps what earlier inputs wrote; a finding is
// reproduced by its input, which is kept as a seed.
func FuzzAPIRequestBodies(f *testing.F) {
	e := newAPIEnv(f, store.DialectSQLite)
	envs := []*env{e}
	if os.Getenv("OKR_TEST_POSTGRES_URL") != "" {
		envs = append(envs, newAPIEnv(f, store.DialectPostgres))
	}
	type route struct{ method, path, seed string }
	routes := []route{
		{http.MethodPost, "/api/v1/objectives", fmt.Sprintf(`{"title":"Grow the inbound market","period_id":%d,"owner":{"unit_id":%d}}`, e.period.ID, e.team.ID)},
		{http.MethodPatch, fmt.Sprintf("/api/v1/objectives/%d", e.objective.ID), `{"title":"Win the inbound market in the north"}`},
		{http.MethodPost, "/api/v1/key-results", fmt.Sprintf(`{"objective_id":%d,"title":"Reach 50 bookings","metric":{"kind":"increase","start":0,"target":50}}`, e.objective.ID)},
		{http.MethodPatch, fmt.Sprintf("/api/v1/key-results/%d", e.kr.ID), `{"metric":{"kind":"increase","start":0,"target":120},"reason":"more demand"}`},
		{http.MethodPost, "/api/v1/check-ins", fmt.Sprintf(`{"check_ins":[{"key_result_id":%d,"value":42,"confidence":"on_track","comment":"ok"}]}`, e.kr.ID)},
		{http.MethodPost, "/api/v1/coach", `{"title":"Be the best","key_results":[{"title":"Improve things"}]}`},
		{http.MethodPost, "/api/v1/kpis", fmt.Sprintf(`{"name":"Leads","unit":"number","direction":"higher","frequency":"weekly","owner_unit_id":%d}`, e.team.ID)},
		{http.MethodPost, fmt.Sprintf("/api/v1/kpis/%d/values", e.kpi.ID), `{"value":3.5,"at":"2026-01-05T12:00:00Z"}`},
		{http.MethodPost, "/api/v1/initiatives", fmt.Sprintf(`{"key_result_id":%d,"title":"Call every lead"}`, e.kr.ID)},
		{http.MethodPost, "/api/v1/periods", `{"name":"Fuzz quarter","kind":"quarter","start":"2030-01-01","end":"2030-03-31"}`},
		{http.MethodPatch, "/api/v1/org/settings", `{"band_low":0.3,"band_high":0.7}`},
		{http.MethodPut, fmt.Sprintf("/api/v1/key-results/%d/grade", e.kr.ID), `{"score":70,"note":"good"}`},
	}
	// What a write accepted must read back: a stored value that cannot be
	// answered (a progress of ±Inf in JSON) is a 500 on the next read.
	reads := []string{
		fmt.Sprintf("/api/v1/objectives/%d", e.objective.ID),
		fmt.Sprintf("/api/v1/key-results/%d", e.kr.ID),
		fmt.Sprintf("/api/v1/kpis/%d", e.kpi.ID),
		fmt.Sprintf("/api/v1/kpis/%d/values", e.kpi.ID),
		fmt.Sprintf("/api/v1/check-ins?key_result_id=%d", e.kr.ID),
		"/api/v1/objectives",
		"/api/v1/periods",
		"/api/v1/org",
	}
	for i, r := range routes {
		f.Add(uint8(i), []byte(r.seed))
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		for _, e := range envs {
			r := routes[int(which)%len(routes)]
			// The routes name the SQLite environment's ids; the PostgreSQL
			// one was seeded the same way, so they are the same ids there.
			var header []string
			if r.method == http.MethodPatch {
				header = []string{"If-Match", "*"}
			}
			resp := e.do(t, asAdmin, r.method, r.path, string(body), header...)
			if resp.Status >= 500 {
				t.Fatalf("%s: %s %s with %q: %d %s", e.dialect, r.method, r.path, body, resp.Status, resp.Body)
			}
			if resp.Status >= 300 {
				continue
			}
			for _, path := range reads {
				if got := e.do(t, asAdmin, http.MethodGet, path, nil); got.Status >= 500 {
					t.Fatalf("%s: GET %s after %s %s with %q: %d %s", e.dialect, path, r.method, r.path, body, got.Status, got.Body)
				}
			}
		}
	})
}

// A NUL character in any text of a body or in a query parameter is refused
// with 422 on both databases (it was a 500 on PostgreSQL); a backslash
// followed by u0000, which is text, is not.
func TestAPIRefusesNUL(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		create := func(title string) *response {
			return e.do(t, asAdmin, http.MethodPost, "/api/v1/objectives",
				fmt.Sprintf(`{"title":%s,"period_id":%d,"owner":{"unit_id":%d}}`, title, e.period.ID, e.team.ID))
		}
		create(`"Grow\u0000the shop"`).wantError(t, http.StatusUnprocessableEntity, "invalid", "")
		create(`"Grow \\\u0000 the shop"`).wantError(t, http.StatusUnprocessableEntity, "invalid", "")
		create(`"Grow \\u0000 the shop"`).want(t, http.StatusCreated)
		e.do(t, asAdmin, http.MethodGet, "/api/v1/objectives?q=%00", nil).wantError(t, http.StatusUnprocessableEntity, "invalid", "q")
	})
}
