package store

import (
	"errors"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// ssoFixture is the fixture with single sign-on enabled for example.com
// and acme.test: members of "sales" go to the sales department, of
// "okr-admins" become admins.
func ssoFixture(t *testing.T, db *DB) (*fixture, okr.SSOConfig) {
	t.Helper()
	f := mustFixture(t, db)
	cfg := must(db.SaveSSOConfig(ctx, as(f.admin), okr.SSOConfig{Enabled: true, Name: "Keycloak", Issuer: "https://id.acme.test/realms/acme",
		ClientID: "okr", ClientSecret: "s3cret-value", Domains: []string{"Acme.test", "@example.com"},
		GroupUnits: []okr.GroupUnit{{Group: "sales", UnitID: f.dept.ID}}, AdminGroup: "okr-admins"}, 0))(t)
	return f, cfg
}

func TestSSOConfig(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f, cfg := ssoFixture(t, db)
		got := must(db.GetSSOConfig(ctx, f.org.ID))(t)
		if got.ClientSecret != "s3cret-value" || strings.Join(got.Domains, ",") != "acme.test,example.com" || got.Version != 1 ||
			len(got.GroupUnits) != 1 || got.GroupUnits[0].UnitID != f.dept.ID || got.VerifiedAt != nil || !got.Enabled {
			t.Fatalf("GetSSOConfig = %+v", got)
		}
		_, err := db.SaveSSOConfig(ctx, as(f.member), cfg, cfg.Version)
		wantCode(t, err, okr.EFORBIDDEN)
		_, err = db.SaveSSOConfig(ctx, as(f.admin), cfg, 0)
		wantCode(t, err, okr.ESTALE)

		// An empty secret keeps the stored one; password sign-in cannot be
		// switched off before an admin signed in through the provider.
		cfg.ClientSecret, cfg.PasswordOff = "", true
		_, err = db.SaveSSOConfig(ctx, as(f.admin), cfg, cfg.Version)
		wantField(t, err, "password_off")
		cfg.PasswordOff = false
		cfg = must(db.SaveSSOConfig(ctx, as(f.admin), cfg, cfg.Version))(t)
		if cfg.ClientSecret != "s3cret-value" || cfg.Version != 2 {
			t.Fatalf("after saving without a secret: %+v", cfg)
		}
		// A unit of another organisation is refused.
		g := mustFixture(t, db)
		bad := cfg
		bad.GroupUnits = []okr.GroupUnit{{Group: "x", UnitID: g.team.ID}}
		_, err = db.SaveSSOConfig(ctx, as(f.admin), bad, cfg.Version)
		wantField(t, err, "group_units")
		if _, err := db.GetSSOConfig(ctx, g.org.ID); okr.ErrorCode(err) != okr.ENOTFOUND {
			t.Fatalf("another organisation's config: %v, want ENOTFOUND", err)
		}

		// An admin signs in through the provider: now password sign-in may go.
		must(db.SSOSignIn(ctx, f.org.ID, okr.SSOIdentity{Subject: "sub-admin", Email: f.admin.Email, Name: "Ada", Groups: []string{"okr-admins"}}))(t)
		cfg = must(db.GetSSOConfig(ctx, f.org.ID))(t)
		if cfg.VerifiedAt == nil {
			t.Fatal("an admin's sign-in did not verify the configuration")
		}
		cfg.PasswordOff = true
		cfg = must(db.SaveSSOConfig(ctx, as(f.admin), cfg, cfg.Version))(t)
		if ok := must(db.PasswordSignIn(ctx, f.org.ID))(t); ok {
			t.Fatal("PasswordSignIn = true with password sign-in off")
		}
		if ok := must(db.PasswordSignIn(ctx, g.org.ID))(t); !ok {
			t.Fatal("PasswordSignIn of an organisation without SSO = false")
		}
		// Another issuer: the verification, password-off and subjects go.
		cfg.Issuer = "https://login.microsoftonline.com/tenant/v2.0"
		cfg = must(db.SaveSSOConfig(ctx, as(f.admin), cfg, cfg.Version))(t)
		if cfg.VerifiedAt != nil || cfg.PasswordOff {
			t.Fatalf("after changing the issuer: %+v, want unverified with password sign-in on", cfg)
		}
		var n int
		if err := db.r.QueryRow(db.rebind(`SELECT COUNT(*) FROM people WHERE org_id = ? AND sso_subject IS NOT NULL`), f.org.ID).Scan(&n); err != nil || n != 0 {
			t.Fatalf("linked people after changing the issuer: %d, %v", n, err)
		}
		entries := must(db.ListAudit(ctx, f.org.ID, AuditFilter{ObjectType: "org"}))(t)
		saves := 0
		for _, e := range entries {
			if e.Action == ActionSSOConfig {
				saves++
				if strings.Contains(e.Before+e.After, "s3cret") {
					t.Fatal("the audit log holds the client secret")
				}
			}
		}
		if saves != 4 {
			t.Fatalf("%d audited saves, want 4", saves)
		}
	})
}

func TestSSOSignIn(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f, _ := ssoFixture(t, db)
		// Just in time: an allowed domain gets an account, in the group's unit.
		p := must(db.SSOSignIn(ctx, f.org.ID, okr.SSOIdentity{Subject: "s-1", Email: "Nora@Acme.test", Name: "Nora", Groups: []string{"sales"}}))(t)
		if p.ID == 0 || p.OrgID != f.org.ID || p.Role != okr.RoleMember || p.UnitID == nil || *p.UnitID != f.dept.ID || p.Email != "Nora@Acme.test" {
			t.Fatalf("JIT person = %+v", p)
		}
		// Another domain gets none.
		_, err := db.SSOSignIn(ctx, f.org.ID, okr.SSOIdentity{Subject: "s-2", Email: "eve@evil.test", Name: "Eve"})
		wantKey(t, err, okr.SSODomain)
		if _, err := db.GetPersonByEmail(ctx, "eve@evil.test"); okr.ErrorCode(err) != okr.ENOTFOUND {
			t.Fatalf("the refused person exists: %v", err)
		}
		// The subject still matches after the e-mail changed at the provider,
		// and the admin group makes an admin.
		q := must(db.SSOSignIn(ctx, f.org.ID, okr.SSOIdentity{Subject: "s-1", Email: "nora.berg@acme.test", Name: "Nora", Groups: []string{"okr-admins"}}))(t)
		if q.ID != p.ID || q.Email != "nora.berg@acme.test" || q.Role != okr.RoleAdmin || *q.UnitID != f.dept.ID {
			t.Fatalf("second sign-in = %+v, want the same person, new e-mail, admin, unit kept", q)
		}
		// Leaving the admin group takes the role back.
		q = must(db.SSOSignIn(ctx, f.org.ID, okr.SSOIdentity{Subject: "s-1", Email: "nora.berg@acme.test", Name: "Nora"}))(t)
		if q.Role != okr.RoleMember {
			t.Fatalf("role after leaving the admin group = %s", q.Role)
		}
		// An existing person of any domain is matched by e-mail and linked.
		m := must(db.SSOSignIn(ctx, f.org.ID, okr.SSOIdentity{Subject: "s-member", Email: strings.ToUpper(f.member.Email), Name: "Mo"}))(t)
		if m.ID != f.member.ID {
			t.Fatalf("matched %+v, want the member", m)
		}
		// … but not by another provider user once linked.
		_, err = db.SSOSignIn(ctx, f.org.ID, okr.SSOIdentity{Subject: "s-impostor", Email: f.member.Email, Name: "Mo"})
		wantKey(t, err, okr.SSOOtherSub)
		// The last admin stays admin without the group.
		a := must(db.SSOSignIn(ctx, f.org.ID, okr.SSOIdentity{Subject: "s-admin", Email: f.admin.Email, Name: "Ada"}))(t)
		if a.Role != okr.RoleAdmin {
			t.Fatalf("the last admin lost the role: %+v", a)
		}
		// Archived people are refused.
		must(db.ArchivePerson(ctx, f.sys, f.other.ID, f.other.Version))(t)
		_, err = db.SSOSignIn(ctx, f.org.ID, okr.SSOIdentity{Subject: "s-other", Email: f.other.Email, Name: "Otto"})
		wantKey(t, err, okr.SSOArchived)
		// A person of another organisation is refused, even in an allowed domain.
		g := mustFixture(t, db)
		stranger := must(db.CreatePerson(ctx, g.sys, okr.Person{Name: "Stranger", Email: "stranger@acme.test", Role: okr.RoleMember}))(t)
		_, err = db.SSOSignIn(ctx, f.org.ID, okr.SSOIdentity{Subject: "s-3", Email: stranger.Email, Name: "S"})
		wantKey(t, err, okr.SSOOtherOrg)
		// An organisation without single sign-on refuses.
		_, err = db.SSOSignIn(ctx, g.org.ID, okr.SSOIdentity{Subject: "s-4", Email: "x@acme.test", Name: "X"})
		wantKey(t, err, okr.SSODisabled)

		// Every change was audited by the system.
		entries := must(db.ListAudit(ctx, f.org.ID, AuditFilter{ObjectType: "person", ObjectID: p.ID}))(t)
		if len(entries) != 4 { // create, update (e-mail + admin), update (member)
			var acts []string
			for _, e := range entries {
				acts = append(acts, e.Action)
			}
			t.Fatalf("audit of the JIT person: %v", acts)
		}
		for _, e := range entries {
			if e.ActorID != nil {
				t.Fatalf("entry %+v has an author, want the system", e)
			}
		}
		orgs, opts := must2(db.SSOOptions(ctx))(t)
		if orgs < 2 || len(opts) < 1 {
			t.Fatalf("SSOOptions = %d, %+v", orgs, opts)
		}
	})
}

func wantKey(tb testing.TB, err error, key string) {
	tb.Helper()
	var e *okr.Error
	if !errors.As(err, &e) || e.Key != key || e.Code != okr.EFORBIDDEN {
		tb.Fatalf("err = %v, want EFORBIDDEN %s", err, key)
	}
}
