package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/password"
	"github.com/okr-dev/okr/internal/store"
)

// The roles walked: a demo admin, the lead of the unit that owns the
// objects in the routes, a member who neither owns nor leads them, a member
// of another organisation, and nobody.
const (
	roleAdmin  = "admin"
	roleLead   = "lead"
	roleMember = "member"
	roleOther  = "other_org"
	roleAnon   = "anonymous"
)

// TestPageRoutesByRole walks every page route of the router's own table
// for every role and checks the status each must get.
func TestPageRoutesByRole(t *testing.T) {
	env := newRoleEnv(t)
	access := map[string]Access{}
	var routes []string
	for _, r := range env.srv.pageRoutes() {
		if _, dup := access[r.Pattern]; dup {
			t.Errorf("page route %q is in the table twice", r.Pattern)
		}
		access[r.Pattern] = r.Access
		routes = append(routes, r.Pattern)
	}
	if len(routes) < 70 {
		t.Fatalf("the route table has %d routes: is it read?", len(routes))
	}
	// Sign-out ends the session, so it goes last for each role; admins go
	// last because their posts may change what the others see.
	ordered := make([]string, 0, len(routes))
	for _, p := range routes {
		if p != "POST /signout" {
			ordered = append(ordered, p)
		}
	}
	ordered = append(ordered, "POST /signout")
	for _, role := range []string{roleAnon, roleOther, roleMember, roleLead, roleAdmin} {
		c := env.client(t, role)
		for _, p := range ordered {
			method, path, _ := strings.Cut(p, " ")
			got, loc := env.request(t, c, method, env.fill(path))
			hasID := strings.Contains(strings.TrimSuffix(path, "{$}"), "{")
			if msg := judge(access[p], role, hasID, got, loc); msg != "" {
				t.Errorf("%s as %s: got %d (Location %q): %s", p, role, got, loc, msg)
			}
		}
	}
}

// judge returns "" when status is right for a route of access a requested
// by role, and what is wrong otherwise.
func judge(a Access, role string, hasID bool, status int, loc string) string {
	toSignIn := status == http.StatusSeeOther && strings.HasPrefix(loc, "/signin")
	allowed := status < 500 && status != http.StatusForbidden && status != http.StatusNotFound && !toSignIn
	switch {
	case status >= 500:
		return "a server error"
	case a == Public:
		if status == http.StatusForbidden || (status == http.StatusNotFound && !hasID) {
			return "a public page must be reachable"
		}
		return ""
	case role == roleAnon:
		if !toSignIn {
			return "want 303 to /signin"
		}
	case role == roleOther && hasID:
		if status != http.StatusNotFound && !(a == Admin && status == http.StatusForbidden) {
			return "another organisation's object: want 404"
		}
	case a == Admin && role != roleAdmin:
		if status != http.StatusForbidden {
			return "admins only: want 403"
		}
	case a == Edit && (role == roleMember || role == roleOther):
		if status != http.StatusForbidden {
			return "neither owner, lead nor admin: want 403"
		}
	case !allowed:
		return "this role may use this route"
	}
	return ""
}

type roleEnv struct {
	srv    *Server
	ts     *httptest.Server
	params map[string]string
	users  map[string][2]string // role → e-mail, password
}

func newRoleEnv(t *testing.T) *roleEnv {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "okr.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Now()
	res, err := demo.Load(ctx, db, now)
	if err != nil {
		t.Fatal(err)
	}
	srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	env := &roleEnv{srv: srv, ts: ts, params: map[string]string{}, users: map[string][2]string{
		roleAdmin:  {demo.Email, demo.Password},
		roleLead:   {"karoline@artbyx.example", "demo-karoline-2026"},
		roleMember: {"erik@artbyx.example", "demo-erik-2026"},
		roleOther:  {"someone@other.example", "another-long-password"},
	}}
	env.otherOrg(t, db)
	env.findParams(t, db, res.OrgID, now)
	return env
}

// otherOrg makes a second organisation with a member who can sign in.
func (e *roleEnv) otherOrg(t *testing.T, db *store.DB) {
	ctx := context.Background()
	org, err := db.CreateOrg(ctx, "Other", "other")
	if err != nil {
		t.Fatal(err)
	}
	sys := store.SystemActor(org.ID)
	if _, err := db.CreatePerson(ctx, sys, okr.Person{OrgID: org.ID, Email: "boss@other.example", Name: "Boss", Role: okr.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	p, err := db.CreatePerson(ctx, sys, okr.Person{OrgID: org.ID, Email: e.users[roleOther][0], Name: "Someone", Role: okr.RoleMember})
	if err != nil {
		t.Fatal(err)
	}
	hash, err := password.Hash(e.users[roleOther][1])
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetPassword(ctx, p.ID, hash); err != nil {
		t.Fatal(err)
	}
}

// findParams picks, in the demo, objects owned by the marketing department
// (which the lead leads and the member has nothing to do with).
func (e *roleEnv) findParams(t *testing.T, db *store.DB, orgID int64, now time.Time) {
	ctx := context.Background()
	objs, _, err := db.ListObjectives(ctx, orgID, store.ObjectiveFilter{Query: "Øke merkevaren"})
	if err != nil || len(objs) != 1 {
		t.Fatalf("the marketing objective: %d, %v", len(objs), err)
	}
	o := objs[0]
	krs, err := db.ListKeyResults(ctx, orgID, []int64{o.ID}, false)
	if err != nil || len(krs) == 0 {
		t.Fatalf("its key results: %v", err)
	}
	ins, err := db.ListInitiatives(ctx, orgID, []int64{krs[0].ID})
	if err != nil || len(ins) == 0 {
		t.Fatalf("its initiatives: %d, %v", len(ins), err)
	}
	kpis, err := db.ListKPIs(ctx, orgID, false)
	if err != nil || len(kpis) == 0 {
		t.Fatalf("KPIs: %v", err)
	}
	kpi := kpis[0]
	for _, k := range kpis {
		if k.OwnerUnitID != nil && *k.OwnerUnitID == *o.Owner.UnitID {
			kpi = k
		}
	}
	lead, err := db.GetPersonByEmail(ctx, e.users[roleLead][0])
	if err != nil {
		t.Fatal(err)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	e.params["objectives"], e.params["krs"], e.params["initiatives"] = id(o.ID), id(krs[0].ID), id(ins[0].ID)
	e.params["kpis"], e.params["people"], e.params["units"] = id(kpi.ID), id(lead.ID), id(*o.Owner.UnitID)
	e.params["pid"], e.params["periods"] = id(o.PeriodID), id(o.PeriodID)
	e.params["token"] = "not-a-real-token"
	// A background job of the organisation, for /admin/jobs/{id}/retry.
	if _, err := db.Enqueue(ctx, MailJob{Key: "roles-test", OrgID: orgID, To: "x@example.com", Subject: "s", Text: "t"}, store.JobOpts{OrgID: orgID, Unique: true}); err != nil {
		t.Fatal(err)
	}
	jobs, err := db.Jobs(ctx, orgID, store.JobFilter{})
	if err != nil || len(jobs) == 0 {
		t.Fatalf("jobs: %v", err)
	}
	e.params["jobs"] = id(jobs[0].ID)
	// A comment by the lead (its author may change it, a member may not)
	// and a webhook.
	c, err := db.AddComment(ctx, store.PersonActor(lead), store.CommentTarget{ObjectiveID: o.ID}, "Hva tenker dere?")
	if err != nil {
		t.Fatal(err)
	}
	h, err := db.CreateHook(ctx, store.SystemActor(orgID), okr.Hook{Kind: okr.HookWebhook, URL: "https://hooks.example.com/okr", Events: okr.EventTypes()})
	if err != nil {
		t.Fatal(err)
	}
	e.params["comments"], e.params["hooks"] = id(c.ID), id(h.ID)
}

// fill replaces the wildcards of a route pattern's path with the ids of
// the chosen objects: {id} takes the kind named by the segment before it.
func (e *roleEnv) fill(path string) string {
	path = strings.TrimSuffix(path, "{$}")
	pattern := strings.Split(path, "/")
	segs := strings.Split(path, "/")
	for i, s := range pattern {
		if !strings.HasPrefix(s, "{") {
			continue
		}
		name := strings.Trim(s, "{}")
		switch {
		case name == "type":
			segs[i] = "objective"
		case name == "id" && i > 0 && pattern[i-1] == "{type}":
			segs[i] = e.params["objectives"]
		case name == "id" && strings.HasPrefix(path, "/review/"):
			segs[i] = e.params["objectives"]
		case name == "id" && i > 0:
			segs[i] = e.params[pattern[i-1]]
		default:
			segs[i] = e.params[name]
		}
	}
	return strings.Join(segs, "/")
}

// client returns an HTTP client signed in as role (none for roleAnon).
func (e *roleEnv) client(t *testing.T, role string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if role == roleAnon {
		return c
	}
	u := e.users[role]
	res, err := c.PostForm(e.ts.URL+"/signin", url.Values{"email": {u[0]}, "password": {u[1]}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("sign in as %s: got %d to %q", role, res.StatusCode, res.Header.Get("Location"))
	}
	return c
}

// request sends an empty same-origin form post or a GET and returns the
// status and Location.
func (e *roleEnv) request(t *testing.T, c *http.Client, method, path string) (int, string) {
	t.Helper()
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader("")
	}
	req, err := http.NewRequest(method, e.ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("Origin", e.ts.URL)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(fmt.Errorf("%s %s: %w", method, path, err))
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, res.Header.Get("Location")
}
