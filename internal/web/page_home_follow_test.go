package web

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/password"
	"github.com/okr-dev/okr/internal/store"
)

// TestHomeEmptyStates reads My OKRs as a new member with nothing of her
// own (issue 10, point 7): no average to show is "–", not "0 %"; no key
// results to check in is said as such, not "all checked in, well done";
// following someone without objectives this period says that, not that she
// follows no one; and unfollowing there without JavaScript leaves the
// section saying she follows no one.
func TestHomeEmptyStates(t *testing.T) {
	app := appTest(t)
	en := app.srv.i18n.Localizer("en")
	newcomer := func(name, email string) okr.Person {
		t.Helper()
		p, err := app.db.CreatePerson(t.Context(), store.SystemActor(app.orgID), okr.Person{OrgID: app.orgID, Name: name, Email: email, Role: okr.RoleMember, Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		hash, err := password.Hash("a long newcomer password")
		if err != nil {
			t.Fatal(err)
		}
		if err := app.db.SetPassword(t.Context(), p.ID, hash); err != nil {
			t.Fatal(err)
		}
		return p
	}
	nina := newcomer("Nina Newcomer", "nina.newcomer@artbyx.example")
	ola := newcomer("Ola Quiet", "ola.quiet@artbyx.example")
	c := signInAs(t, app, nina.Email, "a long newcomer password")
	home := func() *htmlDoc {
		t.Helper()
		res, body := get(t, c, app.url+"/")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET /: got %d", res.StatusCode)
		}
		return parseHTML(t, "/", body)
	}
	same := []string{"Sec-Fetch-Site", "same-origin", "Origin", app.url}

	d := home()
	d.wantText("section.tiles .tile:nth-child(2) .tile-value", "–")
	d.wantText("#nothing-to-check-in", en.T("home.nothing_to_check_in"))
	if n := d.count(`section[aria-labelledby="due-h"] .notice-ok`); n != 0 {
		t.Errorf("with no key results the due section says %q", d.text(`section[aria-labelledby="due-h"] .notice-ok`))
	}
	d.wantText("#following-none", en.T("home.following_empty"))

	group := "#follow-person-" + strconv.FormatInt(ola.ID, 10)
	form := url.Values{"kind": {store.FollowPerson}, "id": {strconv.FormatInt(ola.ID, 10)}, "name": {ola.Name}, "next": {"/"}}
	if res, _ := post(t, c, app.url+"/follow", form, same...); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("follow: got %d, want 303", res.StatusCode)
	}
	d = home()
	if n := d.count("#following-none"); n != 0 {
		t.Errorf("following Ola: My OKRs still says she follows no one")
	}
	d.wantText(group+" h3", ola.Name)
	d.wantText(group+" p.empty", en.T("home.following_target_empty"))
	d.wantAttr(group+" form.follow-form", "action", "/unfollow")
	d.wantAttr(group+` form.follow-form input[name="next"]`, "value", "/")

	if res, _ := post(t, c, app.url+"/unfollow", form, same...); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("unfollow: got %d to %q, want 303 to /", res.StatusCode, res.Header.Get("Location"))
	}
	d = home()
	if n := d.count(group); n != 0 {
		t.Errorf("after unfollowing Ola is still under Following")
	}
	d.wantText("#following-none", en.T("home.following_empty"))
}
