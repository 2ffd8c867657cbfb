package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// TestQuickCheckInStale: a quick check-in posted from a form shown before
// someone else checked in on the key result is not saved over theirs
// unseen. The form comes back (in place, for htmx) saying so, with what
// was typed kept and the key result as it is now; saved again, it goes
// through and htmx gets the key result's panel and the status message.
func TestQuickCheckInStale(t *testing.T) {
	dc := newDocClient(t)
	w := newQuickWorld(t, dc.app, "Holde kunstnerne oppdatert")
	id := w.memberKRID
	page := dc.get(w.objectivePath, false)
	shown := page.attr(`#qci-`+id+` input[name="shown-last-`+id+`"]`, "value")
	if page.count("#qci-"+id) != 1 {
		t.Fatalf("no quick check-in of %s on the objective page", id)
	}
	// Meanwhile the member checks in.
	if _, err := dc.app.db.CreateCheckIns(context.Background(), store.PersonActor(w.member),
		[]okr.CheckIn{{KeyResultID: w.memberKR.ID, Value: 1, Confidence: okr.OnTrack, Comment: "Mitt eget"}}); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"at": {quickPanel}, "back": {w.objectivePath}, "value-" + id: {"2"}, "confidence-" + id: {"at_risk"},
		"comment-" + id: {"Fra lederen"}, "shown-last-" + id: {shown}, "shown-confidence-" + id: {""}}
	d := dc.post("/krs/"+id+"/checkin", form, true, http.StatusUnprocessableEntity)
	d.fragment()
	if d.count("details#qci-"+id+"[open] #stale-"+id) != 1 {
		t.Fatalf("got no stale notice in the open form: %s", d.text("body"))
	}
	d.wantAttr("#value-"+id, "value", "2")
	d.wantText("#comment-"+id, "Fra lederen")
	if d.count(`input[name="confidence-`+id+`"][value="at_risk"][checked]`) != 1 {
		t.Error("the confidence chosen is not kept")
	}
	cis, err := dc.app.db.ListCheckIns(context.Background(), dc.app.orgID, []int64{w.memberKR.ID}, nil)
	if err != nil || len(cis) != 1 {
		t.Fatalf("got %d check-ins after the stale post (%v), want only the member's", len(cis), err)
	}
	// Saved again from the form as it came back.
	form.Set("shown-last-"+id, d.attr(`input[name="shown-last-`+id+`"]`, "value"))
	form.Set("shown-confidence-"+id, d.attr(`input[name="shown-confidence-`+id+`"]`, "value"))
	d = dc.post("/krs/"+id+"/checkin", form, true, http.StatusOK)
	d.fragment()
	if d.count("article#kr-"+id) != 1 || d.count(`#page-status[hx-swap-oob] [data-qci-saved]`) != 1 {
		t.Fatalf("got %q, want the key result's panel and the status message", d.text("body"))
	}
	if got := d.text("article#kr-" + id + " table.history tbody tr"); !strings.Contains(got, "Fra lederen") || !strings.Contains(got, "Registered by") {
		t.Errorf("got the newest history row %q, want the lead's check-in registered by her", got)
	}
}

// TestQuickCheckInBack: without JavaScript a saved quick check-in sends the
// browser back to the page it came from, and only to a path on this site.
func TestQuickCheckInBack(t *testing.T) {
	dc := newDocClient(t)
	w := newQuickWorld(t, dc.app, "Svare alle kunstnere innen en uke")
	id := w.memberKRID
	for i, c := range []struct{ back, want string }{
		{"/units/" + idStr(w.content.ID) + "?period=1", "/units/" + idStr(w.content.ID) + "?period=1#qci-" + id},
		{"https://evil.example/", w.objectivePath + "#qci-" + id},
		{"//evil.example/x", w.objectivePath + "#qci-" + id},
		{"/\\evil.example", w.objectivePath + "#qci-" + id},
		{"javascript:alert(1)", w.objectivePath + "#qci-" + id},
	} {
		form := url.Values{"at": {quickCard + "h3"}, "back": {c.back}, "value-" + id: {idStr(int64(i + 1))}, "confidence-" + id: {"on_track"}}
		res, _ := post(t, dc.c, dc.app.url+"/krs/"+id+"/checkin", form, "Sec-Fetch-Site", "same-origin", "Origin", dc.app.url)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != c.want {
			t.Errorf("back %q: got %d to %q, want 303 to %q", c.back, res.StatusCode, res.Header.Get("Location"), c.want)
		}
	}
}

func TestLocalPath(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/", "/"}, {"/objectives/3?x=1#y", "/objectives/3?x=1#y"},
		{"", "/d"}, {"objectives/3", "/d"}, {"//x.example", "/d"}, {"/\\x.example", "/d"},
		{"https://x.example/", "/d"}, {"/a\r\nSet-Cookie: x", "/d"}, {"/a\\b", "/d"},
	} {
		if got := localPath(c.in, "/d"); got != c.want {
			t.Errorf("localPath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
