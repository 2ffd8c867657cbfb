package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/okr-dev/okr/internal/store"
)

// The units form one tree (issue 14): the form for a new unit puts it under
// the company, and a second unit without a parent is refused at the parent
// field with a message that names the company.
func TestAdminUnitsFormOneTree(t *testing.T) {
	app := appTest(t)
	ctx := context.Background()
	c := signedIn(t, app)
	setLang(t, c, app, "en")
	units, err := app.db.ListUnits(ctx, app.orgID, store.UnitFilter{IncludeArchived: true})
	if err != nil {
		t.Fatal(err)
	}
	var root string
	var rootName string
	for _, u := range units {
		if u.ParentID == nil {
			root, rootName = strconv.FormatInt(u.ID, 10), u.Name
		}
	}
	_, body := get(t, c, app.url+"/admin/units")
	if v, _ := one(t, document(t, body), `#f-parent option[selected]`).Attr("value"); v != root {
		t.Errorf("the new unit's parent is %q, want the company %s", v, root)
	}
	res, body := post(t, c, app.url+"/admin/units", url.Values{"name": {"Second root"}, "kind": {"team"}, "parent": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a second root unit: got %d, want 422", res.StatusCode)
	}
	wantField(t, body, "f-parent", rootName+" is already the top of the organisation")
}
