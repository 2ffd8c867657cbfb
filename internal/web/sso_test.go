package web

// Single sign-on against a real OpenID Connect provider on loopback
// (github.com/oauth2-proxy/mockoidc: discovery, authorization with PKCE,
// token endpoint, signed ID tokens, JWKS). Each test has its own provider
// and its own server and database (one organisation, "Fjord"), so the
// shared demo app is untouched.

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/password"
	"github.com/okr-dev/okr/internal/store"
)

// ssoEnv is a server whose one organisation signs in through a provider.
type ssoEnv struct {
	url      string
	db       *store.DB
	idp      *mockoidc.MockOIDC
	org      okr.Org
	admin    okr.Person
	sales    okr.Unit
	cfg      okr.SSOConfig
	adminPwd string
}

func newSSOEnv(t *testing.T) *ssoEnv {
	t.Helper()
	ctx := context.Background()
	idp, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idp.Shutdown() })
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "okr.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := &ssoEnv{db: db, idp: idp, adminPwd: "fjord-admin-2026"}
	e.org = must(db.CreateOrg(ctx, "Fjord", "fjord"))(t)
	sys := store.SystemActor(e.org.ID)
	company := must(db.CreateUnit(ctx, sys, okr.Unit{Name: "Fjord", Kind: okr.UnitCompany}))(t)
	e.sales = must(db.CreateUnit(ctx, sys, okr.Unit{Name: "Sales", Kind: okr.UnitDepartment, ParentID: &company.ID}))(t)
	e.admin = must(db.CreatePerson(ctx, sys, okr.Person{Name: "Astrid Admin", Email: "astrid@fjord.test", Role: okr.RoleAdmin}))(t)
	hash := must(password.Hash(e.adminPwd))(t)
	if err := db.SetPassword(ctx, e.admin.ID, hash); err != nil {
		t.Fatal(err)
	}
	e.admin = must(db.GetPerson(ctx, e.org.ID, e.admin.ID))(t)
	ic := idp.Config()
	e.cfg = must(db.SaveSSOConfig(ctx, store.PersonActor(e.admin), okr.SSOConfig{Enabled: true, Name: "Fjord ID", Issuer: ic.Issuer,
		ClientID: ic.ClientID, ClientSecret: ic.ClientSecret, Scopes: []string{"email", "profile", "groups"}, Domains: []string{"fjord.test"},
		GroupUnits: []okr.GroupUnit{{Group: "sales", UnitID: e.sales.ID}}, AdminGroup: "okr-admins"}, 0))(t)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e.url = "http://" + ln.Addr().String()
	srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})), BaseURL: e.url}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return e
}

func must[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}

// client is a browser-like client with its own cookies; it follows
// redirects unless follow is false.
func (e *ssoEnv) client(t *testing.T, follow bool) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar, Timeout: 20 * time.Second, Transport: english{}}
	if !follow {
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	return c
}

// english asks for English pages unless the request names a language.
type english struct{}

func (english) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Header.Get("Accept-Language") == "" {
		r = r.Clone(r.Context())
		r.Header.Set("Accept-Language", "en")
	}
	return http.DefaultTransport.RoundTrip(r)
}

// signInSSO goes through the provider as user and returns the final page.
func (e *ssoEnv) signInSSO(t *testing.T, c *http.Client, user *mockoidc.MockUser) (*http.Response, string) {
	t.Helper()
	e.idp.QueueUser(user)
	return get(t, c, e.url+"/sso/start/fjord")
}

// TestSSOBrowser clicks the provider's button on the sign-in page, goes
// through the provider and lands on My OKRs, signed in with a new account
// in the unit of their group.
func TestSSOBrowser(t *testing.T) {
	ctx := browserTest(t)
	e := newSSOEnv(t)
	e.idp.QueueUser(&mockoidc.MockUser{Subject: "nora-1", Email: "nora@fjord.test", EmailVerified: true, PreferredUsername: "nora",
		Groups: []string{"sales", "okr-admins"}})
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.url+"/signin"),
		chromedp.WaitVisible(chromedp.CSS(`a.sso-button`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	axeCheck(t, ctx, "/signin with single sign-on")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a.sso-button`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.mainnav`)),
	)
	if err != nil {
		t.Fatalf("sign in through the provider: %v", err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	path, h1 := must(url.Parse(loc))(t).Path, text(t, ctx, "main h1")
	shot(t, ctx, "signed-in")
	if path != "/" || h1 != "My OKRs" {
		t.Fatalf("landed on %s with heading %q, want My OKRs at /", path, h1)
	}
	p := must(e.db.GetPersonByEmail(context.Background(), "nora@fjord.test"))(t)
	if p.OrgID != e.org.ID || p.Role != okr.RoleAdmin || p.UnitID == nil || *p.UnitID != e.sales.ID {
		t.Fatalf("JIT person = %+v, want an admin in Sales", p)
	}
	// The admin page of single sign-on, as the admin the group made.
	if err := chromedp.Do(ctx, chromedp.Navigate(e.url+"/admin/sso"), chromedp.WaitVisible(chromedp.CSS(`#sso-form`))); err != nil {
		t.Fatal(err)
	}
	axeCheck(t, ctx, "/admin/sso")
	shot(t, ctx, "admin-sso")
	if got := text(t, ctx, "#f-password_off-hint"); !strings.Contains(got, "last signed in through this provider") {
		t.Fatalf("password-off hint = %q, want the verification by this admin's sign-in", got)
	}
}

// TestSSOSignInPage: with one organisation the sign-in page offers its
// provider's button next to the password form.
func TestSSOSignInPage(t *testing.T) {
	e := newSSOEnv(t)
	_, body := get(t, e.client(t, true), e.url+"/signin?next=/people")
	doc := document(t, body)
	if got := textOf(doc, "a.sso-button"); got != "Sign in with Fjord ID" {
		t.Fatalf("button = %q", got)
	}
	if href := attrOf(doc, "a.sso-button", "href"); href != "/sso/start/fjord?next=%2Fpeople" {
		t.Fatalf("button href = %q", href)
	}
	one(t, doc, `form[action="/signin"] #password`)
}

func TestSSOJustInTime(t *testing.T) {
	e := newSSOEnv(t)
	c := e.client(t, true)
	res, body := e.signInSSO(t, c, &mockoidc.MockUser{Subject: "ola-1", Email: "ola@fjord.test", EmailVerified: true})
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/" || textOf(document(t, body), "main h1") != "My OKRs" {
		t.Fatalf("after SSO: %d at %s", res.StatusCode, res.Request.URL)
	}
	p := must(e.db.GetPersonByEmail(context.Background(), "ola@fjord.test"))(t)
	if p.OrgID != e.org.ID || p.Name != "ola" {
		t.Fatalf("JIT person = %+v", p)
	}
	// The same subject with a new e-mail address is the same person.
	c2 := e.client(t, true)
	e.signInSSO(t, c2, &mockoidc.MockUser{Subject: "ola-1", Email: "ola.nordmann@fjord.test", EmailVerified: true})
	q := must(e.db.GetPerson(context.Background(), e.org.ID, p.ID))(t)
	if q.Email != "ola.nordmann@fjord.test" {
		t.Fatalf("e-mail after the change at the provider = %q", q.Email)
	}
	// A safe next is kept; another site is not.
	c3 := e.client(t, true)
	e.idp.QueueUser(&mockoidc.MockUser{Subject: "ola-1", Email: "ola.nordmann@fjord.test", EmailVerified: true})
	res, _ = get(t, c3, e.url+"/sso/start/fjord?next="+url.QueryEscape("/people"))
	if res.Request.URL.Path != "/people" {
		t.Fatalf("landed at %s, want /people", res.Request.URL)
	}
	e.idp.QueueUser(&mockoidc.MockUser{Subject: "ola-1", Email: "ola.nordmann@fjord.test", EmailVerified: true})
	res, _ = get(t, c3, e.url+"/sso/start/fjord?next="+url.QueryEscape("//evil.example/"))
	if res.Request.URL.Host != strings.TrimPrefix(e.url, "http://") || res.Request.URL.Path != "/" {
		t.Fatalf("landed at %s, want / on this site", res.Request.URL)
	}
}

func TestSSODomainRefused(t *testing.T) {
	e := newSSOEnv(t)
	res, body := e.signInSSO(t, e.client(t, true), &mockoidc.MockUser{Subject: "eve-1", Email: "eve@evil.test", EmailVerified: true})
	msg := textOf(document(t, body), "#signin-error")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(msg, "not in an allowed domain (evil.test)") {
		t.Fatalf("status %d, message %q; want 403 and the domain refusal", res.StatusCode, msg)
	}
	if _, err := e.db.GetPersonByEmail(context.Background(), "eve@evil.test"); okr.ErrorCode(err) != okr.ENOTFOUND {
		t.Fatalf("the refused person exists: %v", err)
	}
	// The message is in the person's language.
	e.idp.QueueUser(&mockoidc.MockUser{Subject: "eve-1", Email: "eve@evil.test", EmailVerified: true})
	_, body = get(t, e.client(t, true), e.url+"/sso/start/fjord", "Accept-Language", "nb")
	if msg := textOf(document(t, body), "#signin-error"); !strings.Contains(msg, "ikke i et tillatt domene") {
		t.Fatalf("nb message = %q", msg)
	}
}

func TestSSOGroupMapping(t *testing.T) {
	e := newSSOEnv(t)
	c := e.client(t, true)
	e.signInSSO(t, c, &mockoidc.MockUser{Subject: "siri-1", Email: "siri@fjord.test", EmailVerified: true, Groups: []string{"sales", "okr-admins"}})
	p := must(e.db.GetPersonByEmail(context.Background(), "siri@fjord.test"))(t)
	if p.Role != okr.RoleAdmin || p.UnitID == nil || *p.UnitID != e.sales.ID {
		t.Fatalf("after sign-in with sales and okr-admins: %+v", p)
	}
	if res, _ := get(t, c, e.url+"/admin/sso"); res.StatusCode != http.StatusOK {
		t.Fatalf("GET /admin/sso as the mapped admin: %d", res.StatusCode)
	}
	// Out of the admin group at the next sign-in: a member again.
	e.signInSSO(t, e.client(t, true), &mockoidc.MockUser{Subject: "siri-1", Email: "siri@fjord.test", EmailVerified: true, Groups: []string{"sales"}})
	p = must(e.db.GetPerson(context.Background(), e.org.ID, p.ID))(t)
	if p.Role != okr.RoleMember {
		t.Fatalf("role after leaving okr-admins = %s", p.Role)
	}
	entries := must(e.db.ListAudit(context.Background(), e.org.ID, store.AuditFilter{ObjectType: "person", ObjectID: p.ID}))(t)
	if len(entries) < 3 {
		t.Fatalf("%d audit entries for the mapped person, want create and two updates", len(entries))
	}
}

// TestSSOPasswordOff: the switch is refused until an admin signed in
// through the provider; then the password form is refused for the
// organisation's people.
func TestSSOPasswordOff(t *testing.T) {
	e := newSSOEnv(t)
	c := e.client(t, true)
	res, _ := post(t, c, e.url+"/signin", url.Values{"email": {e.admin.Email}, "password": {e.adminPwd}})
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/" {
		t.Fatalf("password sign-in before: %d at %s", res.StatusCode, res.Request.URL)
	}
	form := url.Values{"version": {"1"}, "enabled": {"1"}, "name": {"Fjord ID"}, "issuer": {e.cfg.Issuer}, "client_id": {e.cfg.ClientID},
		"scopes": {"email profile groups"}, "domains": {"fjord.test"}, "password_off": {"1"}}
	res, body := post(t, c, e.url+"/admin/sso", form)
	doc := document(t, body)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(textOf(doc, "#f-password_off-err"), "before switching password sign-in off") {
		t.Fatalf("switching password sign-in off unverified: %d, %q", res.StatusCode, textOf(doc, "#f-password_off-err"))
	}
	// The admin signs in through the provider once; now it may go.
	e.signInSSO(t, c, &mockoidc.MockUser{Subject: "astrid-1", Email: e.admin.Email, EmailVerified: true, Groups: []string{"okr-admins"}})
	res, body = post(t, c, e.url+"/admin/sso", form)
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/admin/sso" {
		t.Fatalf("switching password sign-in off after SSO: %d at %s\n%s", res.StatusCode, res.Request.URL, textOf(document(t, body), "main"))
	}
	doc = document(t, body)
	if _, checked := one(t, doc, "#f-password_off").Attr("checked"); !checked {
		t.Fatal("password sign-in is not off after saving")
	}
	if v := attrOf(doc, "#f-client_secret", "value"); v != "" || strings.Contains(body, e.cfg.ClientSecret) {
		t.Fatal("the admin page shows the client secret")
	}
	// The password form is refused, with the way to sign in.
	res, body = post(t, e.client(t, true), e.url+"/signin", url.Values{"email": {e.admin.Email}, "password": {e.adminPwd}})
	doc = document(t, body)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(textOf(doc, "#signin-error"), "single sign-on only") {
		t.Fatalf("password sign-in with password sign-in off: %d, %q", res.StatusCode, textOf(doc, "#signin-error"))
	}
	one(t, doc, "a.sso-button")
	if doc.Find(`form[action="/signin"]`).Length() != 0 {
		t.Fatal("the sign-in page still shows the password form")
	}
}

// TestSSOTampering: an answer whose state, or whose ID token's nonce, is
// not the flow's is refused; so is an answer without a flow, a cancelled
// one, and an unreachable provider, each with its message and never 500.
func TestSSOTampering(t *testing.T) {
	e := newSSOEnv(t)
	user := &mockoidc.MockUser{Subject: "mallory-1", Email: "mallory@fjord.test", EmailVerified: true}
	start := func(c *http.Client) *url.URL {
		res, _ := get(t, c, e.url+"/sso/start/fjord")
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("start: %d", res.StatusCode)
		}
		u := must(url.Parse(res.Header.Get("Location")))(t)
		q := u.Query()
		if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("state") == "" ||
			q.Get("redirect_uri") != e.url+"/sso/callback" {
			t.Fatalf("authorization request %s lacks PKCE, nonce, state or the redirect URL from the base URL", u)
		}
		return u
	}
	// authorize sends the authorization request to the provider and
	// returns the callback address it answers with.
	authorize := func(c *http.Client, u *url.URL) *url.URL {
		e.idp.QueueUser(user)
		res, _ := get(t, c, u.String())
		if res.StatusCode != http.StatusFound {
			t.Fatalf("provider: %d", res.StatusCode)
		}
		return must(url.Parse(res.Header.Get("Location")))(t)
	}
	refused := func(name string, c *http.Client, cb string, status int, want string) {
		t.Helper()
		res, body := get(t, c, cb)
		msg := textOf(document(t, body), "#signin-error")
		if res.StatusCode != status || !strings.Contains(msg, want) {
			t.Errorf("%s: %d %q, want %d and %q", name, res.StatusCode, msg, status, want)
		}
		if cookie := res.Header.Get("Location"); cookie != "" {
			t.Errorf("%s: redirected to %s", name, cookie)
		}
	}

	// Another state.
	c := e.client(t, false)
	cb := authorize(c, start(c))
	q := cb.Query()
	q.Set("state", "forged")
	cb.RawQuery = q.Encode()
	refused("state", c, cb.String(), http.StatusBadRequest, "does not belong to the sign-in you started")

	// Another nonce in the authorization request: the ID token carries it.
	c = e.client(t, false)
	u := start(c)
	q = u.Query()
	q.Set("nonce", "attacker-nonce")
	u.RawQuery = q.Encode()
	refused("nonce", c, authorize(c, u).String(), http.StatusBadRequest, "does not belong to the sign-in you started")

	// Someone else's answer in a session without a flow (login CSRF).
	cb = authorize(e.client(t, false), start(e.client(t, false)))
	refused("no flow", e.client(t, false), cb.String(), http.StatusBadRequest, "Please start again")

	// The answer used twice.
	c = e.client(t, false)
	cb = authorize(c, start(c))
	if res, _ := get(t, c, cb.String()); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("first use of the answer: %d to %s", res.StatusCode, res.Header.Get("Location"))
	}
	refused("replay", e.client(t, false), cb.String(), http.StatusBadRequest, "Please start again")

	// Cancelled at the provider.
	c = e.client(t, false)
	u = start(c)
	refused("cancelled", c, e.url+"/sso/callback?error=access_denied&state="+url.QueryEscape(u.Query().Get("state")), http.StatusForbidden, "cancelled")

	if _, err := e.db.GetPersonByEmail(context.Background(), "mallory@fjord.test"); err != nil {
		t.Fatalf("the one good answer made no account: %v", err)
	}

	// The provider is down.
	if err := e.idp.Shutdown(); err != nil {
		t.Fatal(err)
	}
	ic := e.cfg
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	ic.Issuer = "http://" + ln.Addr().String() + "/gone"
	ln.Close()
	admin := must(e.db.GetPerson(context.Background(), e.org.ID, e.admin.ID))(t)
	must(e.db.SaveSSOConfig(context.Background(), store.PersonActor(admin), ic, ic.Version))(t)
	refused("unreachable", e.client(t, false), e.url+"/sso/start/fjord", http.StatusBadGateway, "could not reach Fjord ID")
}
