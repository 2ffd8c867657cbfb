package web

import (
	"net/http"
	"testing"
)

// The JSON API takes bearer tokens only, so cross-origin protection (meant
// for cookie-authenticated forms) does not apply to it: a cross-site request
// gets the API's own answers and error shape, never a plain-text 403.
func TestAPIIsOutsideCrossOriginProtection(t *testing.T) {
	e := newAPIEnv(t, "sqlite")
	cross := []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://elsewhere.example"}
	e.do(t, apiAsAnon, http.MethodPost, "/api/v1/check-ins", map[string]any{}, cross...).wantError(t, http.StatusUnauthorized, "unauthorized", "")
	r := e.do(t, apiAsAdmin, http.MethodPost, "/api/v1/check-ins", map[string]any{"check_ins": []any{}}, cross...)
	if r.Status == http.StatusForbidden {
		t.Errorf("cross-site API request with a token: got 403 %s, want the API's own answer", r.Body)
	}
}
