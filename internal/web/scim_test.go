package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/password"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// scimApp is the whole application (the real handler stack) on loopback
// over a fresh database with the demo organisation (A) and a second one
// (B), each with a SCIM token.
type scimApp struct {
	url            string
	db             *store.DB
	orgA, orgB     int64
	tokenA, tokenB string
	userB          okr.Person // a person of organisation B
}

func newSCIMApp(t *testing.T, db *store.DB) *scimApp {
	t.Helper()
	ctx := context.Background()
	res, err := demo.Load(ctx, db, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	admin, err := db.GetPersonByEmail(ctx, demo.Email)
	if err != nil {
		t.Fatal(err)
	}
	app := &scimApp{db: db, orgA: res.OrgID}
	if app.tokenA, _, err = db.CreateSCIMToken(ctx, store.PersonActor(admin), admin.ID); err != nil {
		t.Fatal(err)
	}
	orgB, err := db.CreateOrg(ctx, "Other company", "other-company")
	if err != nil {
		t.Fatal(err)
	}
	app.orgB = orgB.ID
	adminB, err := db.CreatePerson(ctx, store.SystemActor(orgB.ID), okr.Person{Email: "admin@other.example", Name: "Other Admin", Role: okr.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	if app.userB, err = db.CreatePerson(ctx, store.SystemActor(orgB.ID), okr.Person{Email: "secret.person@other.example", Name: "Secret Person", Role: okr.RoleMember}); err != nil {
		t.Fatal(err)
	}
	if app.tokenB, _, err = db.CreateSCIMToken(ctx, store.SystemActor(orgB.ID), adminB.ID); err != nil {
		t.Fatal(err)
	}
	srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	app.url = ts.URL
	return app
}

// call sends a SCIM request with the bearer token and returns the status
// and the decoded answer (nil when empty).
func (a *scimApp) call(t *testing.T, token, method, path, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, a.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/scim+json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, text := do(t, http.DefaultClient, req)
	if text == "" {
		return res.StatusCode, nil
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatalf("%s %s: %d, not JSON: %s", method, path, res.StatusCode, text)
	}
	return res.StatusCode, doc
}

// want calls and fails unless the status is status.
func (a *scimApp) want(t *testing.T, status int, method, path, body string) map[string]any {
	t.Helper()
	got, doc := a.call(t, a.tokenA, method, path, body)
	if got != status {
		t.Fatalf("%s %s: got %d %v, want %d", method, path, got, doc, status)
	}
	return doc
}

// total is totalResults of a list answer.
func total(t *testing.T, doc map[string]any) int {
	t.Helper()
	n, ok := doc["totalResults"].(float64)
	if !ok {
		t.Fatalf("no totalResults in %v", doc)
	}
	return int(n)
}

func filterPath(resource, filter string) string {
	return "/scim/v2/" + resource + "?filter=" + url.QueryEscape(filter)
}

func (a *scimApp) person(t *testing.T, id string) store.SCIMUser {
	t.Helper()
	n, _ := strconv.ParseInt(id, 10, 64)
	u, err := a.db.GetSCIMUser(context.Background(), a.orgA, n)
	if err != nil {
		t.Fatalf("person %s: %v", id, err)
	}
	return u
}

// signInAs sets a password for the person and signs in with a real
// session; the session opens My OKRs.
func (a *scimApp) signInAs(t *testing.T, p okr.Person) *http.Client {
	t.Helper()
	pw := "provisioned password 2026"
	h, err := password.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.db.SetPassword(context.Background(), p.ID, h); err != nil {
		t.Fatal(err)
	}
	c := client(t)
	if res, _ := post(t, c, a.url+"/signin", url.Values{"email": {p.Email}, "password": {pw}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: got %d", p.Email, res.StatusCode)
	}
	if res, _ := get(t, c, a.url+"/"); res.StatusCode != http.StatusOK {
		t.Fatalf("My OKRs as %s: got %d", p.Email, res.StatusCode)
	}
	return c
}

// signedOut fails unless the session's next request is signed out.
func (a *scimApp) signedOut(t *testing.T, c *http.Client, why string) {
	t.Helper()
	res, _ := get(t, c, a.url+"/")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/signin") {
		t.Errorf("the session after %s: got %d to %q, want 303 to /signin", why, res.StatusCode, res.Header.Get("Location"))
	}
}

// viaSCIM counts the audit entries of the person written by provisioning.
func (a *scimApp) viaSCIM(t *testing.T, objectType string, id int64) map[string]int {
	t.Helper()
	entries, err := a.db.ListAudit(context.Background(), a.orgA, store.AuditFilter{ObjectType: objectType, ObjectID: id, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range entries {
		if e.Via == store.ViaSCIM && e.ActorID == nil {
			out[e.Action]++
		}
	}
	return out
}

const patchOp = `"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]`

// TestSCIMEntraIDUserProvisioning replays the requests Microsoft Entra ID
// sends to provision a user (Microsoft's "Develop a sample SCIM endpoint"
// request/response examples and the SCIM validator): look up by userName,
// create, get, look up again, patch multi- and single-valued attributes,
// path-less patch, disable, delete.
func TestSCIMEntraIDUserProvisioning(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newSCIMApp(t, db)
		userName := "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@testuser.com"
		if n := total(t, a.want(t, http.StatusOK, "GET", filterPath("Users", `userName eq "`+userName+`"`), "")); n != 0 {
			t.Fatalf("lookup before create: %d users", n)
		}
		created := a.want(t, http.StatusCreated, "POST", "/scim/v2/Users", `{
			"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
			"externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
			"userName": "`+userName+`",
			"active": true,
			"emails": [{"primary": true, "type": "work", "value": "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"}],
			"meta": {"resourceType": "User"},
			"name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
			"roles": [],
			"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Sales", "employeeNumber": "701984"}
		}`)
		id, _ := created["id"].(string)
		if id == "" || created["userName"] != userName || created["active"] != true || created["externalId"] != "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef" {
			t.Fatalf("created user: %v", created)
		}
		p := a.person(t, id)
		if p.OrgID != a.orgA || p.Email != userName || p.Name != "givenName familyName" || p.Archived || p.Role != okr.RoleMember {
			t.Fatalf("the person created: %+v", p.Person)
		}
		people, _, err := db.ListPeople(context.Background(), a.orgA, store.PersonFilter{Query: "Test_User_ab6490ee"})
		if err != nil || len(people) != 1 || people[0].ID != p.ID {
			t.Errorf("the person in the organisation's people: %v, %v", people, err)
		}

		if got := a.want(t, http.StatusOK, "GET", "/scim/v2/Users/"+id, ""); got["userName"] != userName {
			t.Errorf("get: %v", got)
		}
		list := a.want(t, http.StatusOK, "GET", filterPath("Users", `userName eq "`+strings.ToUpper(userName)+`"`), "")
		if total(t, list) != 1 || list["Resources"].([]any)[0].(map[string]any)["id"] != id {
			t.Errorf("lookup by userName (case ignored): %v", list)
		}
		if n := total(t, a.want(t, http.StatusOK, "GET", filterPath("Users", `externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"`), "")); n != 1 {
			t.Errorf("lookup by externalId: %d users", n)
		}

		// Update User [Multi-valued properties].
		a.want(t, http.StatusOK, "PATCH", "/scim/v2/Users/"+id, `{`+patchOp+`, "Operations": [
			{"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "updatedEmail@microsoft.com"},
			{"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"}]}`)
		if p := a.person(t, id); p.Name != "givenName updatedFamilyName" || p.Email != userName {
			t.Errorf("after the multi-valued patch: name %q, e-mail %q", p.Name, p.Email)
		}
		// Update User [Single-valued properties].
		newName := "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"
		a.want(t, http.StatusOK, "PATCH", "/scim/v2/Users/"+id, `{`+patchOp+`, "Operations": [
			{"op": "Replace", "path": "userName", "value": "`+newName+`"}]}`)
		// A path-less value object, with Entra's string boolean.
		a.want(t, http.StatusOK, "PATCH", "/scim/v2/Users/"+id, `{`+patchOp+`, "Operations": [
			{"op": "Add", "value": {"displayName": "Kari Nordmann", "active": "True"}}]}`)
		p = a.person(t, id)
		if p.Email != newName || p.Name != "Kari Nordmann" || p.Archived {
			t.Errorf("after the single-valued and path-less patches: %+v", p.Person)
		}

		// Disable User, with a real session open.
		session := a.signInAs(t, p.Person)
		got := a.want(t, http.StatusOK, "PATCH", "/scim/v2/Users/"+id, `{`+patchOp+`, "Operations": [
			{"op": "Replace", "path": "active", "value": false}]}`)
		if got["active"] != false {
			t.Errorf("disabled user: %v", got)
		}
		if p := a.person(t, id); !p.Archived {
			t.Error("the disabled person is not archived")
		}
		a.signedOut(t, session, "the user was disabled")
		// Still listed, as inactive.
		if got := a.want(t, http.StatusOK, "GET", "/scim/v2/Users/"+id, ""); got["active"] != false {
			t.Errorf("a disabled user reads %v", got)
		}

		// Delete User: archives too (people are never deleted).
		a.want(t, http.StatusOK, "PATCH", "/scim/v2/Users/"+id, `{`+patchOp+`, "Operations": [
			{"op": "Replace", "path": "active", "value": true}]}`)
		a.want(t, http.StatusNoContent, "DELETE", "/scim/v2/Users/"+id, "")
		if p := a.person(t, id); !p.Archived {
			t.Error("the deleted person is not archived")
		}
		if got := a.viaSCIM(t, "person", p.ID); got[store.ActionCreate] != 1 || got[store.ActionUpdate] < 3 || got[store.ActionArchive] != 2 || got[store.ActionRestore] != 1 {
			t.Errorf("audit entries via scim: %v", got)
		}
	})
}

// TestSCIMOktaUserProvisioning replays Okta's SCIM 2.0 reference sequence:
// look up, create (with a password Okta may send, never stored), get,
// replace with PUT, deactivate and reactivate with a path-less replace.
func TestSCIMOktaUserProvisioning(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newSCIMApp(t, db)
		if n := total(t, a.want(t, http.StatusOK, "GET", filterPath("Users", `userName eq "test.user@okta.local"`)+"&startIndex=1&count=100", "")); n != 0 {
			t.Fatalf("lookup before create: %d", n)
		}
		created := a.want(t, http.StatusCreated, "POST", "/scim/v2/Users", `{
			"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
			"userName": "test.user@okta.local",
			"name": {"givenName": "Test", "familyName": "User"},
			"emails": [{"primary": true, "value": "test.user@okta.local", "type": "work"}],
			"displayName": "Test User",
			"locale": "en-US",
			"externalId": "00ujl29u0le5T6Aj10h7",
			"groups": [],
			"password": "1mz050nq",
			"active": true
		}`)
		id := created["id"].(string)
		if p := a.person(t, id); p.Name != "Test User" || p.Email != "test.user@okta.local" {
			t.Fatalf("created: %+v", p.Person)
		}
		if hash, err := db.PasswordHash(context.Background(), a.person(t, id).ID); err != nil || hash != "" {
			t.Errorf("the password Okta sent was stored (%q, %v)", hash, err)
		}
		a.want(t, http.StatusOK, "GET", "/scim/v2/Users/"+id, "")
		put := a.want(t, http.StatusOK, "PUT", "/scim/v2/Users/"+id, `{
			"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
			"id": "`+id+`",
			"userName": "test.user@okta.local",
			"name": {"givenName": "Another", "middleName": "Test", "familyName": "User"},
			"emails": [{"primary": true, "value": "test.user@okta.local", "type": "work"}],
			"active": true,
			"groups": [],
			"meta": {"resourceType": "User"}
		}`)
		if p := a.person(t, id); p.Name != "Another User" || p.ExternalID != "" || put["displayName"] != "Another User" {
			t.Errorf("after PUT: %+v, %v", p.Person, put)
		}

		session := a.signInAs(t, a.person(t, id).Person)
		a.want(t, http.StatusOK, "PATCH", "/scim/v2/Users/"+id, `{`+patchOp+`, "Operations": [{"op": "replace", "value": {"active": false}}]}`)
		if p := a.person(t, id); !p.Archived {
			t.Error("the deactivated person is not archived")
		}
		// Reactivated before the session's next request: the session
		// stays ended (the person's session epoch moved).
		a.want(t, http.StatusOK, "PATCH", "/scim/v2/Users/"+id, `{`+patchOp+`, "Operations": [{"op": "replace", "value": {"active": true}}]}`)
		if p := a.person(t, id); p.Archived {
			t.Error("the reactivated person is still archived")
		}
		a.signedOut(t, session, "the user was deactivated and reactivated")
		a.signInAs(t, a.person(t, id).Person)
	})
}

// TestSCIMGroups replays group provisioning of Entra ID (look up by
// displayName without members, create, add and remove members by id) and
// Okta (create, rename, add, remove with members[value eq …], delete):
// group membership is membership of a unit.
func TestSCIMGroups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newSCIMApp(t, db)
		ctx := context.Background()
		user := a.want(t, http.StatusCreated, "POST", "/scim/v2/Users", `{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
			"userName": "grace.member@artbyx.example", "name": {"givenName": "Grace", "familyName": "Member"}, "active": true}`)
		uid := user["id"].(string)
		unitOf := func() *int64 { return a.person(t, uid).UnitID }

		// Entra ID.
		if n := total(t, a.want(t, http.StatusOK, "GET", filterPath("Groups", `displayName eq "Provisioned Team"`)+"&excludedAttributes=members", "")); n != 0 {
			t.Fatalf("lookup before create: %d", n)
		}
		g := a.want(t, http.StatusCreated, "POST", "/scim/v2/Groups", `{
			"externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
			"id": "c4a2e2e6-1b02-4d4b-8d7c-2a4f8ee0fbc8",
			"displayName": "Provisioned Team",
			"meta": {"resourceType": "Group"},
			"members": [],
			"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"]}`)
		gid := g["id"].(string)
		gn, _ := strconv.ParseInt(gid, 10, 64)
		unit, err := db.GetUnit(ctx, a.orgA, gn)
		if err != nil || unit.Name != "Provisioned Team" || unit.ExternalID != "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159" || unit.Archived {
			t.Fatalf("the unit of the new group: %+v, %v", unit, err)
		}
		if got := a.want(t, http.StatusOK, "GET", "/scim/v2/Groups/"+gid+"?excludedAttributes=members", ""); got["displayName"] != "Provisioned Team" || got["members"] != nil {
			t.Errorf("get without members: %v", got)
		}
		if n := total(t, a.want(t, http.StatusOK, "GET", filterPath("Groups", `displayName eq "Provisioned Team"`)+"&excludedAttributes=members", "")); n != 1 {
			t.Errorf("lookup after create: %d", n)
		}
		a.want(t, http.StatusNoContent, "PATCH", "/scim/v2/Groups/"+gid, `{`+patchOp+`, "Operations": [
			{"op": "Add", "path": "members", "value": [{"$ref": null, "value": "`+uid+`"}]}]}`)
		if u := unitOf(); u == nil || *u != gn {
			t.Fatalf("after adding the member, the person's unit is %v, want %d", u, gn)
		}
		members := a.want(t, http.StatusOK, "GET", "/scim/v2/Groups/"+gid, "")["members"].([]any)
		if len(members) != 1 || members[0].(map[string]any)["value"] != uid {
			t.Errorf("members: %v", members)
		}
		// Entra's membership check: a filter evaluated on every group.
		check := `id eq "` + gid + `" and members[value eq "` + uid + `"]`
		if n := total(t, a.want(t, http.StatusOK, "GET", filterPath("Groups", check)+"&excludedAttributes=members", "")); n != 1 {
			t.Errorf("membership check: %d groups", n)
		}
		a.want(t, http.StatusNoContent, "PATCH", "/scim/v2/Groups/"+gid, `{`+patchOp+`, "Operations": [
			{"op": "Remove", "path": "members", "value": [{"$ref": null, "value": "`+uid+`"}]}]}`)
		if u := unitOf(); u != nil {
			t.Errorf("after removing the member, the person's unit is %d, want none", *u)
		}

		// Okta.
		og := a.want(t, http.StatusCreated, "POST", "/scim/v2/Groups", `{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Test SCIMv2", "members": []}`)
		ogid := og["id"].(string)
		renamed := a.want(t, http.StatusOK, "PATCH", "/scim/v2/Groups/"+ogid, `{`+patchOp+`, "Operations": [
			{"op": "replace", "value": {"id": "`+ogid+`", "displayName": "Test SCIMv2 renamed"}}]}`)
		if renamed["displayName"] != "Test SCIMv2 renamed" {
			t.Errorf("renamed group: %v", renamed)
		}
		a.want(t, http.StatusNoContent, "PATCH", "/scim/v2/Groups/"+ogid, `{`+patchOp+`, "Operations": [
			{"op": "add", "path": "members", "value": [{"value": "`+uid+`", "display": "grace.member@artbyx.example"}]}]}`)
		if u := unitOf(); u == nil || strconv.FormatInt(*u, 10) != ogid {
			t.Errorf("after Okta added the member, the unit is %v, want %s", u, ogid)
		}
		a.want(t, http.StatusNoContent, "PATCH", "/scim/v2/Groups/"+ogid, `{`+patchOp+`, "Operations": [
			{"op": "remove", "path": "members[value eq \"`+uid+`\"]"}]}`)
		if u := unitOf(); u != nil {
			t.Errorf("after Okta removed the member, the unit is %d", *u)
		}
		a.want(t, http.StatusNoContent, "DELETE", "/scim/v2/Groups/"+ogid, "")
		a.want(t, http.StatusNotFound, "GET", "/scim/v2/Groups/"+ogid, "")
		on, _ := strconv.ParseInt(ogid, 10, 64)
		if u, err := db.GetUnit(ctx, a.orgA, on); err != nil || !u.Archived {
			t.Errorf("the deleted group's unit: %+v, %v; want it archived", u, err)
		}

		// A group named like an existing unit is mapped to it.
		units, err := db.ListUnits(ctx, a.orgA, store.UnitFilter{})
		if err != nil || len(units) == 0 {
			t.Fatal(units, err)
		}
		existing := units[len(units)-1]
		mapped := a.want(t, http.StatusCreated, "POST", "/scim/v2/Groups", `{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
			"displayName": "`+strings.ToUpper(existing.Name)+`", "externalId": "mapped-1", "members": [{"value": "`+uid+`"}]}`)
		if mapped["id"] != strconv.FormatInt(existing.ID, 10) {
			t.Errorf("a group named %q got id %v, want the existing unit %d", existing.Name, mapped["id"], existing.ID)
		}
		if u := unitOf(); u == nil || *u != existing.ID {
			t.Errorf("the member of the mapped group is in unit %v, want %d", u, existing.ID)
		}
		if _, doc := a.call(t, a.tokenA, "POST", "/scim/v2/Groups", `{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
			"displayName": "`+existing.Name+`", "externalId": "mapped-2"}`); doc["status"] != "409" || doc["scimType"] != "uniqueness" {
			t.Errorf("a second group of the same name: %v, want 409 uniqueness", doc)
		}
		if got := a.viaSCIM(t, "unit", gn); got[store.ActionCreate] != 1 {
			t.Errorf("audit entries of the new unit via scim: %v", got)
		}
	})
}

// TestSCIMTenancyAndTokens: a SCIM token sees and changes only its own
// organisation; no, wrong, API and revoked tokens get 401; errors come in
// SCIM's error schema.
func TestSCIMTenancyAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newSCIMApp(t, db)
		ctx := context.Background()
		bid := strconv.FormatInt(a.userB.ID, 10)
		if n := total(t, a.want(t, http.StatusOK, "GET", filterPath("Users", `userName eq "secret.person@other.example"`), "")); n != 0 {
			t.Errorf("token A finds %d users of organisation B", n)
		}
		all := a.want(t, http.StatusOK, "GET", "/scim/v2/Users?count=200", "")
		for _, r := range all["Resources"].([]any) {
			if name := r.(map[string]any)["userName"].(string); strings.HasSuffix(name, "@other.example") {
				t.Errorf("token A lists %s of organisation B", name)
			}
		}
		a.want(t, http.StatusNotFound, "GET", "/scim/v2/Users/"+bid, "")
		a.want(t, http.StatusNotFound, "PATCH", "/scim/v2/Users/"+bid, `{`+patchOp+`, "Operations": [{"op": "replace", "value": {"active": false}}]}`)
		a.want(t, http.StatusNotFound, "DELETE", "/scim/v2/Users/"+bid, "")
		if p, err := db.GetPerson(ctx, a.orgB, a.userB.ID); err != nil || p.Archived {
			t.Errorf("organisation B's person after token A's attempts: %+v, %v", p, err)
		}
		status, doc := a.call(t, a.tokenB, "GET", "/scim/v2/Users", "")
		if status != http.StatusOK || total(t, doc) != 2 {
			t.Errorf("token B lists %v", doc)
		}

		// Errors in SCIM's schema.
		_, doc = a.call(t, a.tokenA, "POST", "/scim/v2/Users", `{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "`+demo.Email+`"}`)
		if doc["status"] != "409" || doc["scimType"] != "uniqueness" {
			t.Errorf("an existing userName: %v, want 409 uniqueness", doc)
		}
		_, doc = a.call(t, a.tokenA, "POST", "/scim/v2/Users", `{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "secret.person@other.example"}`)
		if doc["status"] != "409" || strings.Contains(fmt.Sprint(doc), "Other company") {
			t.Errorf("a userName of another organisation: %v, want 409 without naming it", doc)
		}
		_, doc = a.call(t, a.tokenA, "POST", "/scim/v2/Users", `{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "displayName": "No Name"}`)
		if doc["status"] != "400" || doc["scimType"] != "invalidValue" {
			t.Errorf("a user without userName: %v, want 400 invalidValue", doc)
		}
		_, doc = a.call(t, a.tokenA, "GET", filterPath("Users", `userName eq`), "")
		if doc["status"] != "400" || doc["scimType"] != "invalidFilter" {
			t.Errorf("a bad filter: %v, want 400 invalidFilter", doc)
		}
		_, doc = a.call(t, a.tokenA, "GET", "/scim/v2/Users/999999", "")
		if doc["status"] != "404" {
			t.Errorf("an unknown user: %v, want 404", doc)
		}

		// Tokens.
		admin, err := db.GetPersonByEmail(ctx, demo.Email)
		if err != nil {
			t.Fatal(err)
		}
		apiToken, _, err := db.CreateToken(ctx, store.PersonActor(admin), admin.ID, "not for scim")
		if err != nil {
			t.Fatal(err)
		}
		for name, token := range map[string]string{"no": "", "a wrong": "okrscim_" + strings.Repeat("A", 43), "an API": apiToken} {
			status, doc := a.call(t, token, "GET", "/scim/v2/Users", "")
			if status != http.StatusUnauthorized || doc["status"] != "401" {
				t.Errorf("%s token: got %d %v, want 401 in SCIM's schema", name, status, doc)
			}
		}
		if status, _ := a.call(t, a.tokenA, "GET", "/api/v1/objectives", ""); status != http.StatusUnauthorized {
			t.Errorf("the SCIM token on the JSON API: got %d, want 401", status)
		}
		rotated, _, err := db.CreateSCIMToken(ctx, store.PersonActor(admin), admin.ID)
		if err != nil {
			t.Fatal(err)
		}
		if status, _ := a.call(t, a.tokenA, "GET", "/scim/v2/Users", ""); status != http.StatusUnauthorized {
			t.Errorf("the token before rotation: got %d, want 401", status)
		}
		if status, _ := a.call(t, rotated, "GET", "/scim/v2/Users", ""); status != http.StatusOK {
			t.Errorf("the rotated token: got %d, want 200", status)
		}
		if ok, err := db.RevokeSCIMToken(ctx, store.PersonActor(admin)); !ok || err != nil {
			t.Fatalf("revoke: %v, %v", ok, err)
		}
		if status, _ := a.call(t, rotated, "GET", "/scim/v2/Users", ""); status != http.StatusUnauthorized {
			t.Errorf("the revoked token: got %d, want 401", status)
		}
	})
}

// TestSCIMTokenAdminPage: an admin makes the SCIM token on the admin page
// (shown once), provisioning works with it, the page then shows only when
// it was made, and revoking it ends provisioning. Members may not open it.
func TestSCIMTokenAdminPage(t *testing.T) {
	db := storetest.Open(t, store.DialectSQLite)
	a := newSCIMApp(t, db)
	if _, err := db.RevokeSCIMToken(context.Background(), store.SystemActor(a.orgA)); err != nil {
		t.Fatal(err)
	}
	c := signedIn(t, &harness{url: a.url})
	setLang(t, c, &harness{url: a.url}, "en")
	_, body := get(t, c, a.url+"/admin/provisioning")
	doc := document(t, body)
	one(t, doc, "#scim-no-token")
	one(t, doc, "#scim-no-base-url")

	res, body := post(t, c, a.url+"/admin/provisioning/token", url.Values{})
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("make the token: got %d (Cache-Control %q)", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	token := attrOf(document(t, body), "#scim-token", "value")
	if !strings.HasPrefix(token, store.SCIMTokenPrefix) {
		t.Fatalf("the page shows %q, want a SCIM token", token)
	}
	if status, _ := a.call(t, token, "GET", "/scim/v2/Users", ""); status != http.StatusOK {
		t.Errorf("provisioning with the token from the page: got %d", status)
	}
	_, body = get(t, c, a.url+"/admin/provisioning")
	doc = document(t, body)
	one(t, doc, "#scim-token-facts")
	if strings.Contains(body, token) || doc.Find("#scim-token").Length() != 0 {
		t.Error("the token is shown again after it was made")
	}

	if res, _ := post(t, c, a.url+"/admin/provisioning/revoke", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: got %d", res.StatusCode)
	}
	if status, _ := a.call(t, token, "GET", "/scim/v2/Users", ""); status != http.StatusUnauthorized {
		t.Errorf("the revoked token: got %d, want 401", status)
	}
	member := client(t)
	if res, _ := post(t, member, a.url+"/signin", url.Values{"email": {"erik@artbyx.example"}, "password": {"demo-erik-2026"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as a member: got %d", res.StatusCode)
	}
	if res, _ := post(t, member, a.url+"/admin/provisioning/token", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member makes a SCIM token: got %d, want 403", res.StatusCode)
	}
}
