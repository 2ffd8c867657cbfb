package api

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
)

func TestAPIAuthentication(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		r := e.do(t, asAnon, http.MethodGet, "/api/v1/objectives", nil)
		r.wantError(t, http.StatusUnauthorized, "unauthorized", "")
		if got := r.Header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
			t.Errorf("WWW-Authenticate = %q, want Bearer …", got)
		}
		for _, auth := range []string{"Bearer okr_unknown", "Basic " + e.tokens[asAdmin], "Bearer", e.tokens[asAdmin]} {
			r := e.do(t, asAnon, http.MethodGet, "/api/v1/me", nil, "Authorization", auth)
			r.wantError(t, http.StatusUnauthorized, "unauthorized", "")
			if got := r.Header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
				t.Errorf("Authorization %q: WWW-Authenticate = %q, want Bearer …", auth, got)
			}
		}

		var me struct {
			Person      personOut `json:"person"`
			Org         orgOut    `json:"org"`
			LeadUnitIDs []int64   `json:"lead_unit_ids"`
		}
		e.do(t, asLead, http.MethodGet, "/api/v1/me", nil).want(t, http.StatusOK).decode(t, &me)
		if me.Person.ID != e.lead.ID || me.Org.ID != e.org.ID || len(me.LeadUnitIDs) != 1 || me.LeadUnitIDs[0] != e.team.ID {
			t.Errorf("me = %+v, want the lead of Inbound in Acme", me)
		}

		// A revoked token and the token of an archived person stop working.
		toks := must(e.db.ListTokens(testCtx, e.org.ID, e.mem.ID))(t)
		must(e.db.RevokeToken(testCtx, e.sys, toks[0].ID))(t)
		e.do(t, asMember, http.MethodGet, "/api/v1/me", nil).wantError(t, http.StatusUnauthorized, "unauthorized", "")
		owner := must(e.db.GetPerson(testCtx, e.org.ID, e.owner.ID))(t)
		must(e.db.ArchivePerson(testCtx, e.sys, owner.ID, owner.Version))(t)
		e.do(t, asOwner, http.MethodGet, "/api/v1/me", nil).wantError(t, http.StatusUnauthorized, "unauthorized", "")
	})
}

func TestAPIErrorShape(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		for _, role := range []string{asAdmin, asAnon} {
			for _, path := range []string{"/api/v1/nothing/here", "/api/v1", "/api/v1/", "/api/v1/objectives/"} {
				e.do(t, role, http.MethodGet, path, nil).wantError(t, http.StatusNotFound, "not_found", "")
			}
		}
		r := e.do(t, asAdmin, http.MethodDelete, "/api/v1/objectives", nil)
		r.wantError(t, http.StatusMethodNotAllowed, "method_not_allowed", "")
		if allow := r.Header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
			t.Errorf("Allow = %q, want GET and POST", allow)
		}
		e.do(t, asAdmin, http.MethodPost, "/api/v1/objectives", `{"title":`).wantError(t, http.StatusBadRequest, "bad_request", "")
		if got := e.do(t, asAdmin, http.MethodGet, "/api/v1/me", nil).Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("Cache-Control = %q, want no-store", got)
		}

		// huma's schema validation comes out in the same shape.
		body := e.do(t, asAdmin, http.MethodPost, "/api/v1/objectives", map[string]any{"title": "No period"}).
			wantError(t, http.StatusUnprocessableEntity, "invalid", "period_id")
		if body.Errors[0].Code != "required" {
			t.Errorf("errors[0].code = %q, want required", body.Errors[0].Code)
		}
		body = e.do(t, asAdmin, http.MethodPost, "/api/v1/objectives", map[string]any{"title": "Colourful", "period_id": e.period.ID, "colour": "red"}).
			wantError(t, http.StatusUnprocessableEntity, "invalid", "colour")
		if body.Errors[0].Code != "unexpected_field" {
			t.Errorf("errors[0].code = %q, want unexpected_field", body.Errors[0].Code)
		}
		e.do(t, asAdmin, http.MethodGet, "/api/v1/objectives?perod=1", nil).wantError(t, http.StatusUnprocessableEntity, "invalid", "perod")
		e.do(t, asAdmin, http.MethodGet, "/api/v1/objectives?limit=0", nil).wantError(t, http.StatusUnprocessableEntity, "invalid", "limit")
		e.do(t, asAdmin, http.MethodGet, "/api/v1/objectives/abc", nil).wantError(t, http.StatusUnprocessableEntity, "invalid", "id")

		// The domain's and the store's errors name the wire field.
		body = e.do(t, asAdmin, http.MethodPost, "/api/v1/key-results", map[string]any{"objective_id": e.objective.ID, "title": "Fewer visits?",
			"metric": map[string]any{"kind": "increase", "start": 100, "target": 50}}).wantError(t, http.StatusUnprocessableEntity, "invalid", "metric.target")
		if body.Errors[0].Code != "increase_below_start" {
			t.Errorf("errors[0].code = %q, want increase_below_start", body.Errors[0].Code)
		}
		if want := "the target is below the start: for a value that should go down, choose the kind decrease"; body.Message != want {
			t.Errorf("message = %q, want %q", body.Message, want)
		}
		body = e.do(t, asAdmin, http.MethodPost, "/api/v1/key-results", map[string]any{"objective_id": e.objective.ID, "title": "More complaints?",
			"metric": map[string]any{"kind": "decrease", "start": 5, "target": 10}}).wantError(t, http.StatusUnprocessableEntity, "invalid", "metric.target")
		if body.Errors[0].Code != "decrease_above_start" || !strings.Contains(body.Message, "choose the kind increase") {
			t.Errorf("a decrease to a higher target: got %q (%s), want decrease_above_start saying which kind to choose", body.Errors[0].Code, body.Message)
		}
		e.do(t, asAdmin, http.MethodPost, "/api/v1/objectives", map[string]any{"title": "Theirs", "period_id": e.otherPeriod.ID}).
			wantError(t, http.StatusUnprocessableEntity, "invalid", "period_id")
		body = e.do(t, asAdmin, http.MethodPost, "/api/v1/objectives", map[string]any{"title": " ", "period_id": e.period.ID, "weight": 0.5,
			"owner": map[string]any{"unit_id": e.team.ID, "person_id": e.mem.ID}}).wantError(t, http.StatusUnprocessableEntity, "invalid", "title")
		if len(body.Errors) != 2 || body.Errors[1].Field != "owner" {
			t.Errorf("errors = %+v, want title and owner", body.Errors)
		}
		e.do(t, asAdmin, http.MethodPost, "/api/v1/people", map[string]any{"name": "Twin", "email": e.mem.Email}).
			wantError(t, http.StatusConflict, "conflict", "email")
		e.do(t, asMember, http.MethodPost, "/api/v1/units", map[string]any{"name": "Mine", "kind": "team"}).
			wantError(t, http.StatusForbidden, "forbidden", "")
	})
}

// TestAPIInternalErrorsAreLoggedNotShown closes the database under the
// server: the client gets 503 "unavailable" with a fixed message (try again
// shortly), the log the detail.
func TestAPIInternalErrorsAreLoggedNotShown(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, "sqlite")
	e.do(t, asAdmin, http.MethodGet, "/api/v1/me", nil).want(t, http.StatusOK)
	if err := e.db.Close(); err != nil {
		t.Fatal(err)
	}
	body := e.do(t, asAdmin, http.MethodGet, "/api/v1/objectives", nil).wantError(t, http.StatusServiceUnavailable, okr.EUNAVAILABLE, "")
	if strings.Contains(body.Message, "closed") || len(body.Errors) != 0 {
		t.Errorf("error = %+v, want only the fixed message", body)
	}
	e.logMu.Lock()
	logs := e.logs.String()
	e.logMu.Unlock()
	if !strings.Contains(logs, "closed") {
		t.Errorf("the log does not say what failed: %q", logs)
	}
}

func TestAPIPanicsAnswerInTheErrorShape(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, "sqlite")
	var logs strings.Builder
	a := New(Config{DB: e.db, Log: slog.New(slog.NewTextHandler(&logs, nil))})
	op(a, huma.Operation{OperationID: "panic", Method: http.MethodGet, Path: "/panic", Summary: "Panic"},
		nil, func(context.Context, *struct{}) (*struct{}, error) { panic("boom") })
	req := httptest.NewRequest(http.MethodGet, "/api/v1/panic", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens[asAdmin])
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	r := &response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	if body := r.wantError(t, http.StatusInternalServerError, okr.EINTERNAL, ""); body.Message != "Internal error." {
		t.Errorf("message = %q, want Internal error.", body.Message)
	}
	if !strings.Contains(logs.String(), "boom") {
		t.Errorf("the log lacks the panic: %q", logs.String())
	}
}
