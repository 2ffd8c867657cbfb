package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// The JSON API takes bearer tokens only, so cross-origin protection (meant
// for cookie-authenticated forms) does not apply to it: a cross-site request
// gets the API's own answers and error shape, never a plain-text 403.
func TestAPIIsOutsideCrossOriginProtection(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, store.DialectSQLite)
	org, err := db.CreateOrg(ctx, "Acme", "acme")
	if err != nil {
		t.Fatal(err)
	}
	sys := store.SystemActor(org.ID)
	admin, err := db.CreatePerson(ctx, sys, okr.Person{Name: "Ada Admin", Email: "ada@example.com", Role: okr.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := db.CreateToken(ctx, sys, admin.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	h := (&Server{DB: db}).Handler()
	post := func(token string) *httptest.ResponseRecorder {
		req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/api/v1/check-ins", strings.NewReader(`{"check_ins": []}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://elsewhere.example")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if r := post(""); r.Code != http.StatusUnauthorized || !strings.Contains(r.Body.String(), `"code":"unauthorized"`) {
		t.Errorf("cross-site API request without a token: got %d %s, want 401 in the API's error shape", r.Code, r.Body)
	}
	if r := post(token); r.Code == http.StatusForbidden {
		t.Errorf("cross-site API request with a token: got 403 %s, want the API's own answer", r.Body)
	}
}
