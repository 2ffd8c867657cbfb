package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// htmlDoc is a page or fragment the server answered, parsed (as an HTML5
// parser reads it) for assertions by CSS selector.
type htmlDoc struct {
	t    *testing.T
	doc  *goquery.Document
	name string
}

// parseHTML parses body.
func parseHTML(t *testing.T, name, body string) *htmlDoc {
	t.Helper()
	return &htmlDoc{t: t, doc: document(t, body), name: name}
}

// count is the number of elements that match css.
func (d *htmlDoc) count(css string) int { return d.doc.Find(css).Length() }

// has fails the test unless css matches at least one element.
func (d *htmlDoc) has(css string) {
	d.t.Helper()
	if d.count(css) == 0 {
		d.t.Errorf("%s: nothing matches %s", d.name, css)
	}
}

// text is the text of the first element that matches css, with runs of
// white space made one space; the test fails when nothing matches.
func (d *htmlDoc) text(css string) string {
	d.t.Helper()
	e := d.doc.Find(css).First()
	if e.Length() == 0 {
		d.t.Fatalf("%s: nothing matches %s", d.name, css)
	}
	return strings.Join(strings.Fields(e.Text()), " ")
}

// attr is attribute name of the first element that matches css; the test
// fails when nothing matches or the element lacks the attribute.
func (d *htmlDoc) attr(css, name string) string {
	d.t.Helper()
	v, ok := d.doc.Find(css).First().Attr(name)
	if !ok {
		d.t.Fatalf("%s: no %s with attribute %s", d.name, css, name)
	}
	return v
}

// wantText fails the test unless the text of css is want.
func (d *htmlDoc) wantText(css, want string) {
	d.t.Helper()
	if got := d.text(css); got != want {
		d.t.Errorf("%s: %s says %q, want %q", d.name, css, got, want)
	}
}

// wantAttr fails the test unless attribute name of css is want.
func (d *htmlDoc) wantAttr(css, name, want string) {
	d.t.Helper()
	if got := d.attr(css, name); got != want {
		d.t.Errorf("%s: %s has %s=%q, want %q", d.name, css, name, got, want)
	}
}

// docClient is a signed-in HTTP client that parses the pages it reads.
type docClient struct {
	t   *testing.T
	app *harness
	c   *http.Client
	en  *i18n.Localizer // the pages' language
}

func newDocClient(t *testing.T) *docClient {
	t.Helper()
	app := appTest(t)
	c := signedIn(t, app)
	setLang(t, c, app, "en")
	return &docClient{t: t, app: app, c: c, en: app.srv.i18n.Localizer("en")}
}

// get reads path (as htmx when hx) and requires status 200.
func (dc *docClient) get(path string, hx bool) *htmlDoc {
	dc.t.Helper()
	var header []string
	if hx {
		header = []string{"HX-Request", "true"}
	}
	res, body := get(dc.t, dc.c, dc.app.url+path, header...)
	if res.StatusCode != http.StatusOK {
		dc.t.Fatalf("GET %s: got status %d, want 200", path, res.StatusCode)
	}
	return parseHTML(dc.t, path, body)
}

// post posts form to path (as htmx when hx) and requires status want.
func (dc *docClient) post(path string, form url.Values, hx bool, want int) *htmlDoc {
	dc.t.Helper()
	header := []string{"Sec-Fetch-Site", "same-origin", "Origin", dc.app.url}
	if hx {
		header = append(header, "HX-Request", "true")
	}
	res, body := post(dc.t, dc.c, dc.app.url+path, form, header...)
	if res.StatusCode != want {
		dc.t.Fatalf("POST %s: got status %d, want %d", path, res.StatusCode, want)
	}
	return parseHTML(dc.t, "POST "+path, body)
}

// fragment fails the test when d is a whole page rather than a fragment.
func (d *htmlDoc) fragment() {
	d.t.Helper()
	if n := d.count("main, header.topbar, footer"); n != 0 {
		d.t.Errorf("%s: got a whole page (main, top bar or footer), want a fragment", d.name)
	}
}

// TestHomeAndOverviewDocuments reads My OKRs and the company overview and
// checks their parts by selector.
func TestHomeAndOverviewDocuments(t *testing.T) {
	dc := newDocClient(t)
	cur := currentPeriod(t, dc.app)
	pid := strconv.FormatInt(cur.ID, 10)

	d := dc.get("/", false)
	d.wantText("main h1", dc.en.T("nav.home"))
	d.wantText("main .page-head .lede", dc.en.T("home.hello", "Name", "Ingrid Berg"))
	if got := d.text("main .page-head .eyebrow"); !strings.HasPrefix(got, cur.Name+" · ") {
		t.Errorf("home: eyebrow %q, want the current period %q with its dates", got, cur.Name)
	}
	d.wantAttr("main form[data-autosubmit]", "action", "/")
	d.wantAttr("#period-pick option[selected]", "value", pid)
	if n := d.count("section.tiles .tile"); n != 4 {
		t.Errorf("home: got %d tiles, want 4", n)
	}
	d.has("div.section details.why summary")
	for _, id := range []string{"due-h", "mine-h", "follow-h"} {
		d.has(fmt.Sprintf(`section[aria-labelledby=%q] h2#%s`, id, id))
	}
	d.wantAttr(`section[aria-labelledby="mine-h"] .section-head > a`, "href", "/objectives/new?period="+pid)
	if d.count(`section[aria-labelledby="due-h"] table tbody tr`) == 0 && d.count(`section[aria-labelledby="due-h"] p.notice-ok`) == 0 {
		t.Errorf("home: the due section has neither rows nor the all-done notice")
	}
	if d.count(`section[aria-labelledby="mine-h"] article.obj`) == 0 {
		t.Errorf("home: no objective cards of the demo user's own")
	}

	d = dc.get("/overview", false)
	d.wantText("main h1", dc.en.T("overview.title"))
	d.wantAttr(`form.filters[role="search"]`, "action", "/overview")
	d.wantAttr("#f-period option[selected]", "value", pid)
	d.wantText("#f-unit option:first-child", dc.en.T("word.all"))
	if d.count("#f-unit option") < 3 || d.count("#f-person option") < 3 {
		t.Errorf("overview: the unit and person filters offer too few choices")
	}
	if n := d.count("section.tiles .tile"); n != 3 {
		t.Errorf("overview: got %d tiles, want 3", n)
	}
	d.has("section.tiles .pill.pill-ahead")
	d.has(`section.health[aria-labelledby="health-h"] h2#health-h`)
	groups := d.count(`main > section.section[aria-labelledby^="grp-"]`)
	if groups == 0 {
		t.Fatalf("overview: no owner groups")
	}
	mismatched := 0
	d.doc.Find(`section[aria-labelledby^="grp-"]`).Each(func(_ int, s *goquery.Selection) {
		if label, _ := s.Attr("aria-labelledby"); s.Find("h2#"+label).Length() == 0 {
			mismatched++
		}
	})
	if mismatched != 0 {
		t.Errorf("overview: %d owner groups are not labelled by their own heading", mismatched)
	}
	d.has(`section[aria-labelledby^="grp-u"] h2 a[href^="/units/"]`)
	if d.count("a.btn[rel=next], a.btn[rel=prev]") != 0 {
		t.Errorf("overview: the demo fits one page, want no paging links")
	}

	d = dc.get("/overview?q=nothing-matches-this&period="+pid, false)
	d.wantText("main p.empty", dc.en.T("overview.no_match"))
	d.wantAttr("#f-q", "value", "nothing-matches-this")
	d.wantAttr("form.filters .actions a", "href", "/overview?period="+pid)
	if d.count("section.health") != 0 {
		t.Errorf("overview: a filtered list shows the health panel")
	}
}

// TestPeopleDocuments reads the people page, a search, a person's and a
// unit's page, and follows and unfollows through the htmx fragment.
func TestPeopleDocuments(t *testing.T) {
	dc := newDocClient(t)
	ctx := context.Background()
	cur := currentPeriod(t, dc.app)
	pid := strconv.FormatInt(cur.ID, 10)

	d := dc.get("/people", false)
	d.wantText("main h1", dc.en.T("people.title"))
	d.wantAttr(`form.filters[role="search"]`, "action", "/people")
	if d.count("#results-h") != 0 {
		t.Errorf("people: results without a search")
	}
	d.has(`ul.org-tree > li > .org-node .org-node-head a.org-node-name[href^="/units/"]`)
	d.has(`ul.org-tree .org-node-head form.follow-form input[name="kind"][value="unit"]`)
	d.has(`ul.org-tree ul.org-people[aria-label] a[href^="/people/"]`)

	// A search with characters that need escaping shows them as typed.
	q := `kristo <b>"&`
	d = dc.get("/people?q="+url.QueryEscape(q), false)
	d.wantAttr("#people-q", "value", q)
	if got := d.text("#results-h"); !strings.Contains(got, q) {
		t.Errorf("people: results heading %q, want it to name the query %q", got, q)
	}
	d.has(`section[aria-labelledby="results-h"] p.empty`)
	d.wantAttr(`form.filters .actions a`, "href", "/people")
	d = dc.get("/people?q=kristo", false)
	if n := d.count("table.data-table tbody tr"); n != 1 {
		t.Fatalf("people: searching for kristo found %d rows, want 1", n)
	}
	kristo := d.attr("table.data-table tbody tr td:first-child a", "href")
	d.has(`table.data-table tbody tr td:first-child span.hint`)
	d.has(`table.data-table tbody tr td form.follow-form[action="/follow"] input[name="kind"][value="person"]`)
	d.wantAttr(`table.data-table tbody tr td form.follow-form input[name="next"]`, "value", "/people?q=kristo")

	// A person's page.
	id, _ := strconv.ParseInt(strings.TrimPrefix(kristo, "/people/"), 10, 64)
	person, err := dc.app.db.GetPerson(ctx, dc.app.orgID, id)
	if err != nil {
		t.Fatal(err)
	}
	d = dc.get(kristo+"?period="+pid, false)
	d.wantText("main h1", person.Name)
	d.wantAttr(".page-head .eyebrow a:first-child", "href", "/people")
	d.wantAttr(`.page-head .lede a[href^="mailto:"]`, "href", "mailto:"+person.Email)
	d.wantAttr(".page-head form[data-autosubmit]", "action", kristo)
	d.wantAttr("#period-pick option[selected]", "value", pid)
	d.wantAttr(`.page-head form.follow-form input[name="id"]`, "value", strconv.FormatInt(id, 10))
	d.wantAttr(`.page-head form.follow-form input[name="next"]`, "value", kristo+"?period="+pid)
	d.wantText("#objs-h", dc.en.T("people.objectives_of", "Name", person.Name))
	if d.count(`section[aria-labelledby="objs-h"] article.obj`)+d.count(`section[aria-labelledby="objs-h"] p.empty`) == 0 {
		t.Errorf("person: neither cards nor the empty message under the objectives")
	}
	// The signed-in person's own page has no follow button.
	me := dc.get(fmt.Sprintf("/people/%d", mustPersonID(t, dc.app, "ingrid")), false)
	if me.count(".page-head form.follow-form") != 0 {
		t.Errorf("own page: got a follow button")
	}

	// A unit's page.
	unit := unitByName(t, dc.app, "Markedsføring")
	uid := strconv.FormatInt(unit.ID, 10)
	d = dc.get("/units/"+uid+"?period="+pid, false)
	d.wantText("main h1", unit.Name)
	d.has(".page-head .lede .badge")
	d.wantAttr(".page-head form[data-autosubmit]", "action", "/units/"+uid)
	d.wantAttr(`.page-head form.follow-form input[name="kind"]`, "value", "unit")
	d.wantAttr(".page-head .row > a.btn", "href", "/objectives/new?period="+pid+"&owner=unit:"+uid)
	d.has(`section[aria-labelledby="health-h"] .tiles .tile`)
	if n := d.count(`section[aria-labelledby="health-h"] .tile`); n != 4 {
		t.Errorf("unit: got %d health tiles, want 4", n)
	}
	if d.count("details.health-findings #coach-health")+d.count(`section[aria-labelledby="health-h"] p.notice-ok`) != 1 {
		t.Errorf("unit: want either the coach's findings or the all-clear notice")
	}
	d.wantText("#own-h", dc.en.T("people.unit_objectives", "Unit", unit.Name))
	d.has(`section[aria-labelledby="members-h"] ul.plain-list a[href^="/people/"]`)
	d.has(`section[aria-labelledby="sub-h"]`)

	// Follow and unfollow a person: htmx gets the button in place.
	name := `Kristo <"&>`
	form := url.Values{"kind": {store.FollowPerson}, "id": {strconv.FormatInt(id, 10)}, "name": {name}, "next": {"/people?q=kristo"}}
	d = dc.post("/follow", form, true, http.StatusOK)
	d.fragment()
	d.wantAttr("form.follow-form", "action", "/unfollow")
	d.wantAttr("form.follow-form", "hx-post", "/unfollow")
	d.wantAttr("form.follow-form", "hx-swap", "outerHTML")
	d.wantAttr(`form.follow-form input[name="name"]`, "value", name)
	d.wantAttr(`form.follow-form input[name="next"]`, "value", "/people?q=kristo")
	if got := d.text("form.follow-form button[data-focus-after-swap]"); got != "✓ "+dc.en.T("word.following")+" "+name+". "+dc.en.T("people.unfollow_hint") {
		t.Errorf("follow: button says %q, want it to say you follow %s", got, name)
	}
	d = dc.get("/people?q=kristo", false)
	d.has(`table.data-table form.follow-form[action="/unfollow"]`)
	d = dc.post("/unfollow", form, true, http.StatusOK)
	d.fragment()
	d.wantAttr("form.follow-form", "action", "/follow")
	d.wantText("form.follow-form button", dc.en.T("word.follow")+" "+name)
}

// mustPersonID is the id of the demo person whose e-mail starts with
// local.
func mustPersonID(t *testing.T, app *harness, local string) int64 {
	t.Helper()
	people, _, err := app.db.ListPeople(context.Background(), app.orgID, store.PersonFilter{Query: local})
	if err != nil || len(people) == 0 {
		t.Fatalf("no person %q (%v)", local, err)
	}
	return people[0].ID
}

// TestAlignmentDocuments reads the alignment tree, a subtree with its
// breadcrumb and a node's contents as htmx loads them.
func TestAlignmentDocuments(t *testing.T) {
	dc := newDocClient(t)
	cur := currentPeriod(t, dc.app)
	pid := strconv.FormatInt(cur.ID, 10)

	d := dc.get("/alignment/units", false)
	d.wantText("main h1", dc.en.T("alignment.title"))
	d.wantText("main .page-head .eyebrow", cur.Name)
	d.wantAttr("main .page-head form[data-autosubmit]", "action", "/alignment/units")
	d.has(`div.row[hidden][data-js-only] button[data-details-toggle="open"][aria-controls="align-tree"]`)
	d.has("ul#align-tree > li > details[open] > summary .node-name .badge")
	if d.count("nav.small.section") != 0 {
		t.Errorf("alignment: a breadcrumb on the whole tree")
	}

	unit := unitByName(t, dc.app, "Markedsføring")
	uid := strconv.FormatInt(unit.ID, 10)
	d = dc.get("/alignment/units?period="+pid+"&unit="+uid, false)
	d.wantAttr("ul#align-tree > li > details", "id", "node-u"+uid)
	d.wantAttr("nav.small.section a:first-child", "href", "/alignment/units?period="+pid)
	if d.count(`nav.small.section a[href^="/alignment/units?period=`+pid+`&unit="]`) == 0 {
		t.Errorf("alignment: the breadcrumb has no link to the units above")
	}

	d = dc.get("/alignment/node?period="+pid+"&unit="+uid, true)
	d.fragment()
	if d.count("ul.node-objs, p.node-objs") == 0 {
		t.Errorf("alignment node: neither objectives nor the empty note")
	}
	if d.count("ul#align-tree") != 0 {
		t.Errorf("alignment node: got the whole tree, want the node's contents")
	}
}

// TestCheckInDocuments reads the check-in form, posts it with errors with
// and without htmx, and checks what is shown again.
func TestCheckInDocuments(t *testing.T) {
	dc := newDocClient(t)
	cur := currentPeriod(t, dc.app)
	pid := strconv.FormatInt(cur.ID, 10)

	d := dc.get("/checkin?period="+pid, false)
	d.wantText("main h1", dc.en.T("checkin.title"))
	d.wantText("main .page-head .eyebrow", cur.Name)
	d.wantAttr("form#checkin-form", "action", "/checkin?period="+pid)
	d.wantAttr("form#checkin-form", "hx-post", "/checkin?period="+pid)
	d.has("form#checkin-form[data-ctrl-enter][novalidate] section.ci h2 a")
	d.has(`form#checkin-form .ci-actions button[type="submit"]`)
	d.has(`form#checkin-form .ci-actions .htmx-indicator[aria-hidden="true"]`)
	if d.count("form#checkin-form .notice") != 0 {
		t.Errorf("check-in: a notice on the fresh form")
	}
	id := strings.TrimPrefix(d.attr(`form#checkin-form input[name^="value-"]`, "name"), "value-")

	// Posted with nothing: the form again with the problem on top.
	d = dc.post("/checkin?period="+pid, url.Values{}, true, http.StatusUnprocessableEntity)
	d.fragment()
	d.wantText(`form#checkin-form > .notice-error[role="alert"][data-focus-after-swap]`, dc.en.T("checkin.nothing"))

	// A value that is no number, typed with characters that need escaping,
	// is shown again as typed with its error.
	typed := `<1+2> & "3"`
	form := url.Values{"value-" + id: {typed}, "confidence-" + id: {string(okr.AtRisk)}}
	for _, hx := range []bool{true, false} {
		d = dc.post("/checkin?period="+pid, form, hx, http.StatusUnprocessableEntity)
		if hx {
			d.fragment()
		} else {
			d.wantText("main h1", dc.en.T("checkin.title"))
		}
		d.has(`form#checkin-form .notice-error[role="alert"]`)
		d.wantAttr("#value-"+id, "value", typed)
		d.wantAttr("#value-"+id, "aria-invalid", "true")
		d.has("#value-" + id + "-err.field-error")
		d.has(`input[name="confidence-` + id + `"][value="at_risk"][checked]`)
	}

	// Key results never checked in: nothing is chosen, and the form carries
	// what it showed. A comment alone on the yes/no asks for yes or no and a
	// confidence by their fields; the untouched number and milestones ask
	// for nothing, and nothing is saved.
	fresh := newKRsNeverCheckedIn(t, dc.app, mustPersonID(t, dc.app, "ingrid"))
	num, yesNo, ms := idStr(fresh[0]), idStr(fresh[1]), idStr(fresh[2])
	d = dc.get("/checkin?period="+pid, false)
	for _, id := range []string{num, yesNo, ms} {
		if n := d.count("#ci-kr-" + id + ` input[type="radio"][checked]`); n != 0 {
			t.Errorf("key result %s, never checked in: got %d choices made, want none", id, n)
		}
		d.wantAttr(`input[type="hidden"][name="shown-confidence-`+id+`"]`, "value", "")
	}
	d.wantAttr(`input[type="hidden"][name="shown-done-`+yesNo+`"]`, "value", "")
	d.wantAttr(`input[type="hidden"][name="shown-milestones-`+ms+`"]`, "value", "")
	since := time.Now().Add(-time.Second)
	form = url.Values{"comment-" + yesNo: {"Started the talks"}, "shown-done-" + yesNo: {""}, "shown-confidence-" + yesNo: {""},
		"shown-confidence-" + num: {""}, "value-" + num: {""}, "shown-confidence-" + ms: {""}, "milestones-" + ms: {"1"}, "shown-milestones-" + ms: {""}}
	d = dc.post("/checkin?period="+pid, form, true, http.StatusUnprocessableEntity)
	d.wantText("#done-"+yesNo+"-err.field-error", dc.en.T("checkin.choose_done"))
	d.wantText("#confidence-"+yesNo+"-err.field-error", dc.en.T("checkin.choose_confidence"))
	d.wantText("#ci-kr-"+yesNo+" textarea", "Started the talks")
	if n := d.count("#ci-kr-" + num + " .field-error, #ci-kr-" + ms + " .field-error"); n != 0 {
		t.Errorf("got %d errors on the untouched key results, want none", n)
	}
	if n := checkInsSince(t, dc.app, since, []string{num, yesNo, ms}); len(n) != 0 {
		t.Errorf("got check-ins %v stored after a refused form, want none", n)
	}
}

// TestPeoplePagesInAllLanguages renders the people, person and unit pages
// and the htmx fragments of this set in every language and fails on an
// untranslated message id (the other pages: TestPagesInAllLanguages).
func TestPeoplePagesInAllLanguages(t *testing.T) {
	app := appTest(t)
	c := signedIn(t, app)
	unit := strconv.FormatInt(unitByName(t, app, "Markedsføring").ID, 10)
	person := strconv.FormatInt(mustPersonID(t, app, "kristo"), 10)
	period := strconv.FormatInt(currentPeriod(t, app).ID, 10)
	for _, lang := range i18n.Languages {
		setLang(t, c, app, lang)
		for _, path := range []string{"/people", "/people?q=a", "/people/" + person, "/units/" + unit, "/alignment/node?period=" + period + "&unit=" + unit} {
			res, body := get(t, c, app.url+path, "HX-Request", strconv.FormatBool(strings.HasPrefix(path, "/alignment/node")))
			if res.StatusCode != http.StatusOK {
				t.Errorf("%s %s: got status %d, want 200", lang, path, res.StatusCode)
			}
			if m := missingKey.FindString(body); m != "" {
				t.Errorf("%s %s: untranslated message %s", lang, path, m)
			}
		}
		form := url.Values{"kind": {store.FollowPerson}, "id": {person}, "name": {"K"}, "next": {"/people"}}
		for _, action := range []string{"/follow", "/unfollow"} {
			res, body := post(t, c, app.url+action, form, "Sec-Fetch-Site", "same-origin", "Origin", app.url, "HX-Request", "true")
			if res.StatusCode != http.StatusOK || missingKey.MatchString(body) || !strings.HasPrefix(body, `<form class="follow-form"`) {
				t.Errorf("%s POST %s: got %d %q, want the translated button", lang, action, res.StatusCode, body)
			}
		}
	}
}
