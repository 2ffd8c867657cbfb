package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAdminPeriodNameTaken creates a period with the name of an existing
// one in other letters: the form answers with the taken name by its field,
// and nothing is created.
func TestAdminPeriodNameTaken(t *testing.T) {
	app := appTest(t)
	c := signedIn(t, app)
	setLang(t, c, app, "en")
	cur := currentPeriod(t, app)
	before, err := app.db.ListAllPeriods(t.Context(), app.orgID)
	if err != nil {
		t.Fatal(err)
	}
	res, body := post(t, c, app.url+"/admin/periods", url.Values{"name": {strings.ToLower(cur.Name)}, "kind": {"custom"},
		"start": {"2031-01-01"}, "end": {"2031-03-31"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("create a period named %q: got %d, want 422", strings.ToLower(cur.Name), res.StatusCode)
	}
	wantField(t, body, "f-name", "Another period is called "+strings.ToLower(cur.Name)+" already")
	after, err := app.db.ListAllPeriods(t.Context(), app.orgID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Errorf("periods = %d after the refused create, want %d", len(after), len(before))
	}
}
