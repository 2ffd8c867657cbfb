package okr_test

import (
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// TestSSOIdentity pins which claim is the e-mail address.
func TestSSOIdentity(t *testing.T) {
	yes, no := true, false
	for _, tc := range []struct {
		name  string
		cl    okr.SSOClaims
		email string
		key   string
	}{
		{"email", okr.SSOClaims{Subject: "s", Email: "a@x.test", EmailVerified: &yes, PreferredUsername: "b@x.test"}, "a@x.test", ""},
		{"email without email_verified", okr.SSOClaims{Subject: "s", Email: "a@x.test"}, "a@x.test", ""},
		{"unverified", okr.SSOClaims{Subject: "s", Email: "a@x.test", EmailVerified: &no}, "", okr.SSOUnverified},
		{"Entra preferred_username", okr.SSOClaims{Subject: "s", PreferredUsername: "kari@x.test", UPN: "other@x.test"}, "kari@x.test", ""},
		{"Entra upn", okr.SSOClaims{Subject: "s", PreferredUsername: "kari", UPN: "kari@x.test"}, "kari@x.test", ""},
		{"no e-mail", okr.SSOClaims{Subject: "s", PreferredUsername: "kari"}, "", okr.SSONoEmail},
		{"no subject", okr.SSOClaims{Email: "a@x.test"}, "", okr.SSONoEmail},
		{"not an address", okr.SSOClaims{Subject: "s", Email: "a@localhost"}, "", okr.SSONoEmail},
	} {
		id, err := tc.cl.Identity()
		var key string
		if e, ok := err.(*okr.Error); ok {
			key = e.Key
		}
		if key != tc.key || (tc.key == "" && id.Email != tc.email) {
			t.Errorf("%s: Identity() = %q, %v; want %q, %q", tc.name, id.Email, err, tc.email, tc.key)
		}
	}
}

func TestSSOConfigRules(t *testing.T) {
	c := okr.SSOConfig{Enabled: true, Name: "X", Issuer: " https://id.x.test/realms/x/ ", ClientID: "okr",
		Domains: []string{" X.test", "@y.test", "x.test"}, Scopes: []string{"openid", "email", "groups"},
		GroupUnits: []okr.GroupUnit{{Group: "a", UnitID: 1}, {Group: "b", UnitID: 2}}, AdminGroup: "adm"}
	c.Normalize()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Issuer != "https://id.x.test/realms/x" || len(c.Domains) != 2 || !c.AllowsDomain("Kari@Y.test") || c.AllowsDomain("k@z.test") {
		t.Fatalf("normalized %+v", c)
	}
	if got := c.RequestScopes(); len(got) != 3 || got[0] != "openid" {
		t.Fatalf("RequestScopes = %v", got)
	}
	unit, role := c.MapGroups([]string{"b", "a"})
	if *unit != 1 || *role != okr.RoleMember {
		t.Fatalf("MapGroups = %d, %s; want the first row's unit and member", *unit, *role)
	}
	if _, role = c.MapGroups([]string{"adm"}); *role != okr.RoleAdmin {
		t.Fatal("admin group not mapped")
	}
	c.PasswordOff = true
	if c.Validate() == nil || c.PasswordSignIn() {
		t.Fatal("password sign-in off without verification passed validation")
	}
	for _, bad := range []string{"http://id.x.test", "ftp://x", "https://u:p@x.test", "not a url"} {
		if okr.IssuerOK(bad) {
			t.Errorf("IssuerOK(%q) = true", bad)
		}
	}
	if !okr.IssuerOK("http://127.0.0.1:5556/dex") {
		t.Error("loopback http issuer refused")
	}
}
