package web

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// elemAttr returns the attribute name of the first element matching css, or
// "<none>" when there is no such element or attribute.
func elemAttr(t *testing.T, ctx context.Context, css, name string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q)?.getAttribute(%q) ?? "<none>"`, css, name)))
	if err != nil {
		t.Fatalf("attribute %s of %s: %v", name, css, err)
	}
	return s
}

// elemProp returns a property of the first element matching css as a string
// (the value of a field, say), or "<none>" when there is no such element.
func elemProp(t *testing.T, ctx context.Context, css, name string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`String(document.querySelector(%q)?.[%q] ?? "<none>")`, css, name)))
	if err != nil {
		t.Fatalf("property %s of %s: %v", name, css, err)
	}
	return s
}

// setPersonLanguage sets the language of the person with email until the
// test ends.
func setPersonLanguage(t *testing.T, app *harness, email, lang string) {
	t.Helper()
	ctx := context.Background()
	set := func(lang string) error {
		p, err := app.db.GetPersonByEmail(ctx, email)
		if err == nil {
			p.Language = lang
			_, err = app.db.UpdatePerson(ctx, store.SystemActor(app.orgID), p)
		}
		return err
	}
	p, err := app.db.GetPersonByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	if err := set(lang); err != nil {
		t.Fatalf("set the language of %s: %v", email, err)
	}
	t.Cleanup(func() {
		if err := set(p.Language); err != nil {
			t.Errorf("put back the language of %s: %v", email, err)
		}
	})
}

// TestBrowserAdminPages opens every admin page as an admin and checks its
// document by selector: the current tab, the lists, the forms with their
// fields and values, the archive boxes, and a one-time link made for
// someone who has a password.
func TestBrowserAdminPages(t *testing.T) {
	ctx := browserTest(t)
	app := appTest(t)
	// The admin reads English for the checks below. Her setting is changed
	// in the store, not with the switcher (which saves it too), and put
	// back afterwards: other tests expect her in bokmål.
	setPersonLanguage(t, app, demo.Email, "en")
	signIn(t, ctx, demo.Email, demo.Password)
	if lang := elemAttr(t, ctx, "html", "lang"); lang != "en" {
		t.Fatalf("the admin's pages are in %q, want en", lang)
	}
	kristo, err := app.db.GetPersonByEmail(t.Context(), kristoEmail)
	if err != nil {
		t.Fatal(err)
	}
	sales, cur := unitByName(t, app, "Salg"), currentPeriod(t, app)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	wantTab := func(page, tab string) {
		t.Helper()
		if got := text(t, ctx, `nav.subnav a[aria-current="page"]`); got != tab {
			t.Errorf("%s: the current tab is %q, want %q", page, got, tab)
		}
		if n := count(t, ctx, `nav.subnav a[aria-current]`); n != 1 {
			t.Errorf("%s: %d tabs are current, want 1", page, n)
		}
	}
	wantAttr := func(page, css, name, want string) {
		t.Helper()
		if got := elemAttr(t, ctx, css, name); got != want {
			t.Errorf("%s: %s has %s=%q, want %q", page, css, name, got, want)
		}
	}
	wantCount := func(page, css string, want int) {
		t.Helper()
		if got := count(t, ctx, css); got != want {
			t.Errorf("%s: %d × %s, want %d", page, got, css, want)
		}
	}

	visit(t, ctx, "/admin")
	wantTab("/admin", "Overview")
	wantCount("/admin", `.settings-grid > section.card[aria-labelledby]`, 4)
	wantCount("/admin", `#a-people a[href="/admin/people"]`, 1)
	if n, err := strconv.Atoi(text(t, ctx, `section[aria-labelledby="a-people"] .tile-value`)); err != nil || n < 5 {
		t.Errorf("/admin: the people tile says %d (%v), want the number of active people", n, err)
	}
	if got := text(t, ctx, `section[aria-labelledby="a-periods"] .tile-value`); got != cur.Name {
		t.Errorf("/admin: the current period is %q, want %q", got, cur.Name)
	}
	if got := text(t, ctx, `section[aria-labelledby="a-settings"] dd`); got != i18n.Name("nb") {
		t.Errorf("/admin: the organisation's language is %q, want %q", got, i18n.Name("nb"))
	}

	visit(t, ctx, "/admin/people?q=kristo&archived=1")
	wantTab("/admin/people", "People")
	if got := elemProp(t, ctx, "#ap-q", "value"); got != "kristo" {
		t.Errorf("/admin/people: the search field holds %q, want the query", got)
	}
	wantCount("/admin/people", `form[role="search"] input[name="archived"]:checked`, 1)
	wantCount("/admin/people", `table.data-table tbody tr`, 1)
	if got := text(t, ctx, `tbody tr th[scope="row"] a[href="/admin/people/`+id(kristo.ID)+`"]`); got != kristo.Name {
		t.Errorf("/admin/people: the row links %q, want %q", got, kristo.Name)
	}
	if got := text(t, ctx, `tbody tr td:nth-of-type(2)`); got != "Salg" {
		t.Errorf("/admin/people: the unit is %q, want Salg", got)
	}
	wantCount("/admin/people", `tbody tr td .pill.pill-on_track`, 1)
	visit(t, ctx, "/admin/people?q=nobody-is-called-this")
	wantCount("/admin/people (none)", `p.empty`, 1)
	wantCount("/admin/people (none)", `table.data-table`, 0)

	person := "/admin/people/" + id(kristo.ID)
	visit(t, ctx, person)
	wantTab(person, "People")
	if got := text(t, ctx, "h1"); got != kristo.Name {
		t.Errorf("%s: h1 is %q, want %q", person, got, kristo.Name)
	}
	wantCount(person, `.lede .pill.pill-on_track`, 1)
	wantCount(person, `.lede a[href="/history/person/`+id(kristo.ID)+`"]`, 1)
	wantAttr(person, `form.card input[name="version"]`, "value", id(kristo.Version))
	wantAttr(person, `form.card`, "action", person)
	if got := elemProp(t, ctx, "#f-email", "value"); got != kristo.Email {
		t.Errorf("%s: the e-mail field holds %q, want %q", person, got, kristo.Email)
	}
	wantAttr(person, "#f-email", "type", "email")
	wantAttr(person, "#f-email", "maxlength", "254")
	wantAttr(person, "#f-role", "aria-describedby", "f-role-hint")
	if got := elemProp(t, ctx, "#f-role", "value"); got != "member" {
		t.Errorf("%s: the role is %q, want member", person, got)
	}
	if got := elemProp(t, ctx, "#f-unit", "value"); got != id(sales.ID) {
		t.Errorf("%s: the unit is %q, want %d", person, got, sales.ID)
	}
	wantAttr(person, `form[action="`+person+`/archive"] button`, "class", "btn btn-danger btn-small")
	wantAttr(person, `form[action="`+person+`/archive"] input[name="version"]`, "value", id(kristo.Version))
	if got := text(t, ctx, "#link-h"); got != "Password reset link" {
		t.Errorf("%s: the link box is titled %q, want the reset link", person, got)
	}
	wantCount(person, "#one-time-link", 0)
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="`+person+`/link"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#one-time-link")),
	); err != nil {
		t.Fatalf("make a reset link: %v", err)
	}
	if got := elemProp(t, ctx, "#one-time-link", "value"); !strings.HasPrefix(got, h.url+"/reset/okt_") {
		t.Errorf("%s: the one-time link is %q, want a reset link", person, got)
	}
	wantAttr(person, "#one-time-link", "aria-describedby", "one-time-link-hint")
	wantCount(person, `form[action="`+person+`/link"]`, 0)

	visit(t, ctx, "/admin/invitations")
	wantTab("/admin/invitations", "Invite")
	wantCount("/admin/invitations", "#done-h", 0)
	wantAttr("/admin/invitations", "#f-name", "required", "")
	wantAttr("/admin/invitations", "#f-name", "autocomplete", "name")
	if got := elemProp(t, ctx, "#f-role", "value"); got != "member" {
		t.Errorf("/admin/invitations: the role is %q, want member", got)
	}
	wantCount("/admin/invitations", "#f-language option", 1+len(i18n.Languages))
	name, email := "Browser Invitee", "browser.invitee@artbyx.example"
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#f-name"), name),
		chromedp.SendKeys(chromedp.CSS("#f-email"), email),
		chromedp.Click(chromedp.CSS(`form[action="/admin/invitations"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#done-h")),
	); err != nil {
		t.Fatalf("invite: %v", err)
	}
	if got := text(t, ctx, "#done-h"); got != name+" is invited" {
		t.Errorf("invited: the notice says %q", got)
	}
	wantAttr("invited", `section.notice[role="status"]`, "aria-labelledby", "done-h")
	if got := elemProp(t, ctx, "#one-time-link", "value"); !strings.HasPrefix(got, h.url+"/invite/okt_") {
		t.Errorf("invited: the one-time link is %q, want an invitation", got)
	}
	if got := elemProp(t, ctx, "#f-name", "value"); got != "" {
		t.Errorf("invited: the form to invite another holds %q, want it empty", got)
	}

	visit(t, ctx, "/admin/units")
	wantTab("/admin/units", "Units")
	row := "tr#unit-" + id(sales.ID)
	if got := text(t, ctx, row+` th a[href="/admin/units/`+id(sales.ID)+`"]`); got != "Salg" {
		t.Errorf("/admin/units: the sales row links %q", got)
	}
	if got := text(t, ctx, row+" td:nth-of-type(2)"); got != kristo.Name {
		t.Errorf("/admin/units: the sales leads are %q, want %q", got, kristo.Name)
	}
	wantAttr("/admin/units", row+" th span", "aria-hidden", "true")
	wantAttr("/admin/units", `form[action="/admin/units"] details.contributes`, "open", "<none>")
	wantAttr("/admin/units", `form[action="/admin/units"] fieldset`, "aria-describedby", "f-leads-hint")
	if got := elemProp(t, ctx, "#f-kind", "value"); got != "team" {
		t.Errorf("/admin/units: a new unit is a %q, want a team", got)
	}

	unit := "/admin/units/" + id(sales.ID)
	visit(t, ctx, unit)
	wantTab(unit, "Units")
	wantAttr(unit, "form.card", "action", unit)
	wantAttr(unit, "details.contributes", "open", "")
	if got := text(t, ctx, "details.contributes summary"); got != "Leads (1)" {
		t.Errorf("%s: the leads summary is %q, want Leads (1)", unit, got)
	}
	wantCount(unit, `input[type="checkbox"][name="leads"][value="`+id(kristo.ID)+`"]:checked`, 1)
	wantCount(unit, `input[type="checkbox"][name="leads"]:checked`, 1)
	wantCount(unit, `#f-parent option[value="`+id(sales.ID)+`"]`, 0)
	if got := text(t, ctx, "#arch-h"); got != "Archive this unit" {
		t.Errorf("%s: the archive box is titled %q", unit, got)
	}
	wantAttr(unit, `form[action="`+unit+`/archive"] input[name="version"]`, "value", id(sales.Version))

	visit(t, ctx, "/admin/periods")
	wantTab("/admin/periods", "Periods")
	wantCount("/admin/periods", `form[action="/admin/periods"] input[name="closed"]`, 0)
	wantAttr("/admin/periods", "#f-name", "aria-describedby", "f-name-hint")
	wantAttr("/admin/periods", "#f-start", "type", "date")
	if got := elemProp(t, ctx, "#f-kind", "value"); got != "quarter" {
		t.Errorf("/admin/periods: the next period is a %q, want a quarter", got)
	}
	wantCount("/admin/periods", `tbody th[scope="row"] a[href="/admin/periods/`+id(cur.ID)+`"]`, 1)

	period := "/admin/periods/" + id(cur.ID)
	visit(t, ctx, period)
	wantTab(period, "Periods")
	if got := text(t, ctx, "h1"); got != cur.Name {
		t.Errorf("%s: h1 is %q, want %q", period, got, cur.Name)
	}
	wantCount(period, `.lede a[href="/review?period=`+id(cur.ID)+`"]`, 1)
	if got := elemProp(t, ctx, "#f-start", "value"); got != i18n.ISODate(cur.Start) {
		t.Errorf("%s: the start is %q, want %s", period, got, i18n.ISODate(cur.Start))
	}
	wantAttr(period, `input[name="closed"]`, "aria-describedby", "f-closed-hint")
	wantAttr(period, `form[action="`+period+`/archive"] button`, "class", "btn btn-danger btn-small")

	visit(t, ctx, "/admin/settings")
	wantTab("/admin/settings", "Settings")
	if got := elemProp(t, ctx, "#f-language", "value"); got != "nb" {
		t.Errorf("/admin/settings: the language is %q, want nb", got)
	}
	wantAttr("/admin/settings", "#f-band_low", "inputmode", "decimal")
	wantAttr("/admin/settings", "#f-max_krs", "inputmode", "numeric")
	wantAttr("/admin/settings", "#f-max_objective_length", "aria-describedby", "f-max_objective_length-hint")
	wantAttr("/admin/settings", `select[name="rule.kr-stale"]`, "aria-describedby", "rule-kr-stale-d")
	wantAttr("/admin/settings", `select[name="rule.kr-stale"]`, "id", "rule-kr-stale")
	if got := text(t, ctx, `label[for="rule-kr-stale"]`); got != "Severity: No recent check-in" { // the rule's name, never its id (issue 16)
		t.Errorf("/admin/settings: the rule's label is %q", got)
	}
	wantCount("/admin/settings", `select[name="rule.kr-stale"] option`, 5)
	axeCheck(t, ctx, "/admin/settings")

	// Provisioning: only read (the demo organisation's SCIM token is
	// made and revoked in TestSCIMTokenAdminPage, on a database of its
	// own).
	visit(t, ctx, "/admin/provisioning")
	wantTab("/admin/provisioning", "Provisioning")
	if got := text(t, ctx, "h1"); got != "Provisioning (SCIM)" {
		t.Errorf("/admin/provisioning: h1 is %q", got)
	}
	axeCheck(t, ctx, "/admin/provisioning")
}

// TestBrowserPasswordPages checks the forgot-password page without e-mail
// and the page of a one-time link: its form, a password too short, and a
// link that does not work.
func TestBrowserPasswordPages(t *testing.T) {
	ctx := browserTest(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(h.url+"/forgot"), chromedp.WaitReady(chromedp.CSS("main#main"))); err != nil {
		t.Fatal(err)
	}
	// The checks below are in English: choose it with the footer's switcher
	// whatever language the browser asks for.
	if lang := elemAttr(t, ctx, "html", "lang"); lang != "en" {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`footer button[name="lang"][value="en"]`)),
			chromedp.WaitReady(chromedp.CSS(`html[lang="en"] main#main`))); err != nil {
			t.Fatalf("switch from %s to English: %v", lang, err)
		}
	}
	if got := text(t, ctx, ".auth h1"); got != "Forgot your password?" {
		t.Errorf("/forgot: h1 is %q", got)
	}
	if got := text(t, ctx, ".auth .card p"); !strings.Contains(got, "Ask an admin") {
		t.Errorf("/forgot without e-mail says %q, want to ask an admin", got)
	}
	if n := count(t, ctx, `form[action="/forgot"]`); n != 0 {
		t.Errorf("/forgot without e-mail has %d forms, want none", n)
	}
	if n := count(t, ctx, `.auth .card a[href="/signin"]`); n != 1 {
		t.Errorf("/forgot: %d links back to sign in, want 1", n)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(h.url+"/invite/okt_x"), chromedp.WaitReady(chromedp.CSS("main#main"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".auth h1"); got != "Welcome" {
		t.Errorf("/invite: h1 is %q", got)
	}
	if got := elemAttr(t, ctx, ".auth form", "action"); got != "/invite/okt_x" {
		t.Errorf("/invite: the form posts to %q", got)
	}
	if got := elemAttr(t, ctx, "#password", "autocomplete"); got != "new-password" {
		t.Errorf("/invite: the password's autocomplete is %q", got)
	}
	if got := elemAttr(t, ctx, "#password", "aria-describedby"); got != "password-hint" {
		t.Errorf("/invite: the password is described by %q", got)
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#password"), "short"),
		chromedp.SendKeys(chromedp.CSS("#password2"), "short"),
		chromedp.Click(chromedp.CSS(`.auth form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#password-err")),
	); err != nil {
		t.Fatalf("a short password: %v", err)
	}
	if got := elemAttr(t, ctx, "#password", "aria-describedby"); got != "password-hint password-err" {
		t.Errorf("/invite with an error: the password is described by %q", got)
	}
	if n := count(t, ctx, `#form-problem[role="alert"]`); n != 1 {
		t.Errorf("/invite with an error: %d form problems, want 1", n)
	}
	axeCheck(t, ctx, "/invite with an error")

	pw := "long enough, but the link is not"
	if err := chromedp.Do(ctx,
		chromedp.Navigate(h.url+"/reset/okt_x"),
		chromedp.WaitReady(chromedp.CSS("#password")),
		chromedp.SendKeys(chromedp.CSS("#password"), pw),
		chromedp.SendKeys(chromedp.CSS("#password2"), pw),
		chromedp.Click(chromedp.CSS(`.auth form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice-error[role="alert"]`)),
	); err != nil {
		t.Fatalf("a reset link that does not work: %v", err)
	}
	if got := text(t, ctx, ".auth h1"); got != "Choose a new password" {
		t.Errorf("/reset: h1 is %q", got)
	}
	if n := count(t, ctx, `.auth a[href="/forgot"]`); n != 1 {
		t.Errorf("/reset with a used link: %d links to ask again, want 1", n)
	}
	if n := count(t, ctx, ".auth form"); n != 0 {
		t.Errorf("/reset with a used link: %d forms, want none", n)
	}
}
