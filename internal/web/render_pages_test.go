package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// TestListPagesDocument requests the home page, the alignment tree (and
// each unit's level as htmx loads it), the overview, the unit and person
// pages and the check-in form of the demo organisation and a generated
// medium one, in every language, and checks each as a document (see
// checkDocument). The check-in form is also posted with errors.
func TestListPagesDocument(t *testing.T) {
	orgs := loadRenderOrgs(t)
	db := orgs.db
	ctx := context.Background()
	srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return perfDay }}
	h := srv.Handler()
	type org struct {
		name   string
		id     int64
		logins []*pageUser
	}
	res := orgs.medium
	all := []org{
		{"demo", orgs.demoID, []*pageUser{signInOn(t, h, demo.Email, demo.Password)}},
		{"medium", res.Org.ID, []*pageUser{signInOn(t, h, res.Email, perfPassword), signInOn(t, h, keyResultOwner(t, db, res.Org.ID), perfPassword)}},
	}
	for _, o := range all {
		units, err := db.ListUnits(ctx, o.id, store.UnitFilter{})
		if err != nil {
			t.Fatal(err)
		}
		people, _, err := db.ListPeople(ctx, o.id, store.PersonFilter{Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		periods, err := db.ListPeriods(ctx, o.id)
		if err != nil {
			t.Fatal(err)
		}
		u := o.logins[0]
		pages := 0
		get := func(path string, hx bool) *goquery.Document {
			t.Helper()
			status, body, _ := u.do(t, http.MethodGet, path, nil, hx)
			if status != http.StatusOK {
				t.Fatalf("GET %s: status %d, want 200", path, status)
			}
			pages++
			return checkDocument(t, path, body, !hx)
		}
		for li, lang := range i18n.Languages {
			u.language(t, lang)
			for _, period := range periods {
				q := fmt.Sprintf("period=%d", period.ID)
				get("/?"+q, false)
				tree := get("/alignment/units?"+q, false)
				if tree.Find("#align-tree > li > details").Length() == 0 && tree.Find("p.empty").Length() == 0 {
					t.Errorf("%s /alignment?%s: neither a tree nor an empty note", o.name, q)
				}
				alignMap := get("/alignment?"+q, false)
				if alignMap.Find("#omap > li, #omap-loose > li").Length() == 0 && alignMap.Find("p.empty").Length() == 0 {
					t.Errorf("%s /alignment?%s: neither a map nor an empty note", o.name, q)
				}
				if lazy, ok := alignMap.Find("details[hx-get]").First().Attr("hx-get"); ok {
					if get(lazy, true).Find("body > ul > li.omap-node").Length() == 0 {
						t.Errorf("%s %s: no children", o.name, lazy)
					}
				}
				over := get("/overview?"+q, false)
				checkCards(t, "/overview?"+q, over)
				get("/overview?"+q+"&page=2", false)
				for i, un := range units {
					if o.name == "medium" && un.Kind == okr.UnitTeam && i%20 != li {
						continue
					}
					uq := fmt.Sprintf("%s&unit=%d", q, un.ID)
					node := get("/alignment/node?"+uq, true)
					if node.Find("body > *").Length() == 0 {
						t.Errorf("/alignment/node?%s: empty fragment", uq)
					}
					get("/overview?"+uq, false)
					unit := get(fmt.Sprintf("/units/%d?%s", un.ID, q), false)
					checkCards(t, "/units/…", unit)
				}
				for _, p := range people {
					get(fmt.Sprintf("/alignment/units?%s&person=%d", q, p.ID), false)
					get(fmt.Sprintf("/alignment?%s&person=%d", q, p.ID), false)
					get(fmt.Sprintf("/overview?%s&person=%d", q, p.ID), false)
					checkCards(t, "/people/…", get(fmt.Sprintf("/people/%d?%s", p.ID, q), false))
				}
			}
		}
		for _, u := range o.logins {
			for _, lang := range i18n.Languages {
				u.language(t, lang)
				checkInWithErrors(t, u, lang)
			}
		}
		t.Logf("%s: %d pages checked", o.name, pages)
	}
}

// checkDocument parses a page and checks what every page must hold: one
// main landmark with one h1 (for whole pages), unique ids, every
// aria-labelledby, aria-describedby, aria-controls and label[for] naming
// an element of the page, and no markup made from data (the test
// organisations' texts hold no tags, so a <b> or <script> in main is an
// escaping fault).
func checkDocument(t *testing.T, path, body string, whole bool) *goquery.Document {
	t.Helper()
	doc := document(t, body)
	if whole {
		main := doc.Find("main#main")
		if main.Length() != 1 || main.Find("h1").Length() != 1 {
			t.Errorf("%s: %d main landmarks with %d h1, want one with one", path, main.Length(), main.Find("h1").Length())
		}
	}
	ids := map[string]bool{}
	doc.Find("[id]").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		if ids[id] {
			t.Errorf("%s: id %q used twice", path, id)
		}
		ids[id] = true
	})
	for _, attr := range []string{"aria-labelledby", "aria-describedby", "aria-controls"} {
		doc.Find("[" + attr + "]").Each(func(_ int, s *goquery.Selection) {
			v, _ := s.Attr(attr)
			for _, ref := range strings.Fields(v) {
				if !ids[ref] {
					t.Errorf("%s: %s=%q names no element", path, attr, ref)
				}
			}
		})
	}
	doc.Find("label[for]").Each(func(_ int, s *goquery.Selection) {
		if v, _ := s.Attr("for"); !ids[v] {
			t.Errorf("%s: label for=%q names no element", path, v)
		}
	})
	if n := doc.Find("main b, main script").Length(); n > 0 {
		t.Errorf("%s: %d <b> or <script> elements in main: data became markup", path, n)
	}
	return doc
}

// checkCards checks the objective cards of a page: each is labelled by its
// heading, whose link goes to the objective, and has a progress bar per key
// result besides its own.
func checkCards(t *testing.T, path string, doc *goquery.Document) {
	t.Helper()
	doc.Find("article.card.obj").Each(func(_ int, card *goquery.Selection) {
		label, _ := card.Attr("aria-labelledby")
		h := card.Find(".obj-title#" + label)
		if h.Length() != 1 {
			t.Errorf("%s: card labelled by %q has no such heading", path, label)
			return
		}
		href, _ := h.Find("a").Attr("href")
		if !strings.HasPrefix(href, "/objectives/") || "obj-"+strings.TrimPrefix(href, "/objectives/")+"-t" != label {
			t.Errorf("%s: card %q links to %q", path, label, href)
		}
		krs := card.Find("li.kr").Length()
		if bars := card.Find(".progress").Length(); bars != krs+1 {
			t.Errorf("%s: card %q has %d progress bars for %d key results", path, label, bars, krs)
		}
	})
}

// checkInWithErrors posts the check-in form with errors: a value that is
// no number (typed with characters that need escaping) for every numeric
// key result, a comment too long for the first, changed yes/no,
// milestones and confidences for the others. The answer shows each error
// by its field and keeps what was typed; nothing is saved.
func checkInWithErrors(t *testing.T, u *pageUser, lang string) {
	t.Helper()
	status, page, _ := u.do(t, http.MethodGet, "/checkin", nil, false)
	if status != http.StatusOK {
		t.Fatalf("GET /checkin: status %d", status)
	}
	doc := checkDocument(t, "/checkin", page, true)
	ids := checkInIDs(page)
	if len(ids) == 0 {
		t.Fatalf("check-in form without key results:\n%s", page)
	}
	if got := doc.Find("li.ci-kr").Length(); got != len(ids) {
		t.Errorf("check-in form: %d key result items for %d comment fields", got, len(ids))
	}
	form := url.Values{}
	typed := `<1+2> & "3"`
	var numeric []string
	for i, id := range ids {
		switch i % 4 {
		case 0:
			if doc.Find("#value-"+id).Length() == 1 {
				form.Set("value-"+id, typed)
				numeric = append(numeric, id)
			}
			form.Set("confidence-"+id, string(okr.AtRisk))
		case 1:
			form.Set("done-"+id, "1")
			form.Set("comment-"+id, `Good "week" <b>+</b>`)
		case 2:
			form.Set("milestones-"+id, "1")
			form.Set("confidence-"+id, string(okr.OffTrack))
		}
	}
	form.Set("comment-"+ids[0], strings.Repeat("ø+", okr.MaxCommentLen))
	for _, hx := range []bool{false, true} {
		status, body, _ := u.do(t, http.MethodPost, "/checkin", form, hx)
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: POST /checkin with errors (hx %v): status %d, want 422", lang, hx, status)
		}
		doc := checkDocument(t, "POST /checkin", body, !hx)
		c := one(t, doc, "#comment-"+ids[0])
		if v, _ := c.Attr("aria-invalid"); v != "true" || doc.Find("#comment-"+ids[0]+"-err.field-error").Length() != 1 {
			t.Errorf("%s: the too long comment is not marked with its error", lang)
		}
		for _, id := range numeric {
			in := one(t, doc, "#value-"+id)
			if v, _ := in.Attr("value"); v != typed {
				t.Errorf("%s: value-%s shows %q after the error, want what was typed", lang, id, v)
			}
			if v, _ := in.Attr("aria-invalid"); v != "true" {
				t.Errorf("%s: value-%s not marked invalid", lang, id)
			}
			if doc.Find("#value-"+id+"-err.field-error").Length() != 1 {
				t.Errorf("%s: value-%s has no error message", lang, id)
			}
		}
	}
	if _, after, _ := u.do(t, http.MethodGet, "/checkin", nil, false); after != page {
		t.Fatalf("the check-in form changed after posting with errors")
	}
}

// pageUser is a signed-in session on one server.
type pageUser struct {
	h      http.Handler
	cookie string
}

func signInOn(t *testing.T, h http.Handler, email, password string) *pageUser {
	t.Helper()
	u := &pageUser{h: h}
	form := url.Values{"email": {email}, "password": {password}, "next": {"/"}}
	status, _, res := u.do(t, http.MethodPost, "/signin", form, false)
	if status != http.StatusSeeOther {
		t.Fatalf("sign in as %s: got status %d, want 303", email, status)
	}
	for _, c := range res.Cookies() {
		u.cookie += c.Name + "=" + c.Value + "; "
	}
	return u
}

// do serves one request with the session; form makes it a POST of form,
// hx an htmx request.
func (u *pageUser) do(t *testing.T, method, path string, form url.Values, hx bool) (int, string, *http.Response) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if u.cookie != "" {
		req.Header.Set("Cookie", u.cookie)
	}
	if hx {
		req.Header.Set("HX-Request", "true")
	}
	rec := httptest.NewRecorder()
	u.h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String(), rec.Result()
}

func (u *pageUser) language(t *testing.T, lang string) {
	t.Helper()
	if status, _, _ := u.do(t, http.MethodPost, "/language", url.Values{"lang": {lang}, "next": {"/"}}, false); status != http.StatusSeeOther {
		t.Fatalf("switch to %s: got status %d, want 303", lang, status)
	}
}

// checkInIDs returns the key result ids of a check-in form, from its
// comment fields.
func checkInIDs(page string) []string {
	var ids []string
	for _, part := range strings.Split(page, `name="comment-`)[1:] {
		if i := strings.IndexByte(part, '"'); i > 0 {
			ids = append(ids, part[:i])
		}
	}
	return ids
}

// keyResultOwner returns the email of a person who owns an individual
// objective of the organisation, so has key results to check in.
func keyResultOwner(t *testing.T, db *store.DB, orgID int64) string {
	t.Helper()
	ctx := context.Background()
	objs, _, err := db.ListObjectives(ctx, orgID, store.ObjectiveFilter{State: okr.StatePublished, Limit: 2000})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if o.Owner.PersonID != nil {
			p, err := db.GetPerson(ctx, orgID, *o.Owner.PersonID)
			if err != nil {
				t.Fatal(err)
			}
			return p.Email
		}
	}
	t.Fatal("no individual objective")
	return ""
}
