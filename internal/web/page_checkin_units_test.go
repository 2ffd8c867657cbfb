package web

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestCheckInUnitFilter checks the unit filter of /checkin: admins get it,
// and with a unit the list holds only what that unit owns; others get no
// filter.
func TestCheckInUnitFilter(t *testing.T) {
	app := appTest(t)
	content := unitByName(t, app, "Innhold og SoMe")
	cur := currentPeriod(t, app)
	res, body := get(t, signedIn(t, app), app.url+"/checkin?period="+strconv.FormatInt(cur.ID, 10)+"&unit="+strconv.FormatInt(content.ID, 10))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("admin's /checkin for a unit: got %d, want 200", res.StatusCode)
	}
	doc := document(t, body)
	if got := attrOf(doc, `#ci-unit option[selected]`, "value"); got != strconv.FormatInt(content.ID, 10) {
		t.Errorf("got unit %q chosen, want %d", got, content.ID)
	}
	sections := doc.Find("#checkin-form section")
	if sections.Length() == 0 {
		t.Fatalf("no key results of %s to check in", content.Name)
	}
	// The demo's key results are owned by people: the unit's are those of
	// its objectives.
	sections.Each(func(_ int, s *goquery.Selection) {
		if got := textOf(s, ".obj-meta"); !strings.Contains(got, content.Name) {
			t.Errorf("got a section of %q, want only %s's objectives", got, content.Name)
		}
	})
	if got := attrOf(doc, `#checkin-form`, "action"); got != "/checkin?period="+strconv.FormatInt(cur.ID, 10)+"&unit="+strconv.FormatInt(content.ID, 10) {
		t.Errorf("got form action %q, want it to keep the period and unit", got)
	}
	_, body = get(t, signInAs(t, app, kristoEmail, kristoPW), app.url+"/checkin")
	if n := document(t, body).Find("#ci-unit").Length(); n != 0 {
		t.Errorf("a member got the unit filter")
	}
}
