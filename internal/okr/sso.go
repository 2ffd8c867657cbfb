package okr

import (
	"net"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// SSOConfig is an organisation's single sign-on through an OpenID Connect
// provider (Microsoft Entra ID, Google Workspace, Keycloak, …).
type SSOConfig struct {
	OrgID   int64
	Enabled bool
	// Name is the provider's name on the sign-in button: "Sign in with
	// <Name>".
	Name         string
	Issuer       string
	ClientID     string
	ClientSecret string // stored; never shown back in full
	// Scopes are requested besides "openid" (e.g. "email profile groups").
	Scopes []string
	// Domains are the e-mail domains whose people get an account at their
	// first sign-in (just in time). People who already have an account sign
	// in whatever their domain.
	Domains []string
	// GroupsClaim names the ID token claim that lists the person's groups
	// ("groups" when empty).
	GroupsClaim string
	// GroupUnits puts members of a provider group into a unit, the first
	// matching row winning; AdminGroup makes its members admins (and takes
	// the role from admins who are not in it). Both apply at every sign-in.
	GroupUnits []GroupUnit
	AdminGroup string
	// PasswordOff refuses password sign-in for the organisation's people
	// while single sign-on is enabled. It can be switched on only after an
	// admin of the organisation signed in through the configured provider
	// (VerifiedAt), so that a broken configuration cannot lock everyone out.
	PasswordOff bool
	// VerifiedAt is when an admin last signed in through this issuer and
	// client; nil after either changes.
	VerifiedAt *time.Time
	Version    int64
}

// GroupUnit maps a provider group to a unit.
type GroupUnit struct {
	Group  string `json:"group"`
	UnitID int64  `json:"unit_id"`
}

// DefaultSSOScopes are the scopes requested besides "openid" when none are
// configured.
var DefaultSSOScopes = []string{"email", "profile"}

// MaxSSOText bounds the configuration's text fields.
const MaxSSOText = 2000

var domainPattern = regexp.MustCompile(`^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)

// Normalize trims the configuration's texts, lower-cases domains and drops
// empty and repeated list entries.
func (c *SSOConfig) Normalize() {
	c.Name, c.Issuer, c.ClientID = strings.TrimSpace(c.Name), strings.TrimRight(strings.TrimSpace(c.Issuer), "/"), strings.TrimSpace(c.ClientID)
	c.GroupsClaim, c.AdminGroup = strings.TrimSpace(c.GroupsClaim), strings.TrimSpace(c.AdminGroup)
	c.Scopes = cleanList(c.Scopes, false)
	c.Scopes = slices.DeleteFunc(c.Scopes, func(s string) bool { return s == "openid" })
	c.Domains = cleanList(c.Domains, true)
	for i := range c.Domains {
		c.Domains[i] = strings.TrimPrefix(c.Domains[i], "@")
	}
	c.GroupUnits = slices.DeleteFunc(c.GroupUnits, func(g GroupUnit) bool { return strings.TrimSpace(g.Group) == "" })
	for i := range c.GroupUnits {
		c.GroupUnits[i].Group = strings.TrimSpace(c.GroupUnits[i].Group)
	}
}

func cleanList(in []string, lower bool) []string {
	var out []string
	for _, s := range in {
		s = strings.TrimSpace(s)
		if lower {
			s = strings.ToLower(s)
		}
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Validate checks the configuration. An enabled configuration needs a name,
// an https issuer (http only on loopback, for development and tests) and a
// client id.
func (c *SSOConfig) Validate() error {
	var v validator
	v.text("name", c.Name, c.Enabled, 100)
	v.text("client_id", c.ClientID, c.Enabled, 500)
	v.text("client_secret", c.ClientSecret, false, MaxSSOText)
	v.text("groups_claim", c.GroupsClaim, false, 200)
	v.text("admin_group", c.AdminGroup, false, 500)
	if c.Issuer != "" || c.Enabled {
		if !IssuerOK(c.Issuer) {
			v.add("issuer", "err.sso_issuer", "the issuer must be an https:// address (http:// only on this computer)", nil)
		}
	}
	for _, d := range c.Domains {
		if !domainPattern.MatchString(d) {
			v.add("domains", "err.sso_domain", "not an e-mail domain: "+d, map[string]any{"Domain": d})
			break
		}
	}
	for _, s := range c.Scopes {
		if strings.ContainsAny(s, "\"\\") || len(s) > 200 {
			v.add("scopes", "err.invalid", "a scope holds no quotes or backslashes", map[string]any{"Field": "scopes"})
			break
		}
	}
	for _, g := range c.GroupUnits {
		if len(g.Group) > 500 || g.UnitID <= 0 {
			v.add("group_units", "err.invalid", "a group needs a unit", map[string]any{"Field": "group_units"})
			break
		}
	}
	if c.PasswordOff && !c.MayTurnPasswordOff() {
		v.add("password_off", "err.sso_unverified", "sign in once through single sign-on as an admin before switching password sign-in off", nil)
	}
	return v.errs.Err()
}

// IssuerOK reports whether issuer is an absolute https URL, or http on a
// loopback host.
func IssuerOK(issuer string) bool {
	u, err := url.Parse(issuer)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		host := u.Hostname()
		ip := net.ParseIP(host)
		return host == "localhost" || (ip != nil && ip.IsLoopback())
	}
	return false
}

// MayTurnPasswordOff reports whether password sign-in may be switched off:
// single sign-on is enabled and an admin has signed in through it with the
// current issuer and client.
func (c *SSOConfig) MayTurnPasswordOff() bool { return c.Enabled && c.VerifiedAt != nil }

// PasswordSignIn reports whether the organisation's people may sign in with
// a password.
func (c *SSOConfig) PasswordSignIn() bool { return !c.Enabled || !c.PasswordOff }

// RequestScopes are the scopes of an authorization request.
func (c *SSOConfig) RequestScopes() []string {
	s := c.Scopes
	if len(s) == 0 {
		s = DefaultSSOScopes
	}
	return append([]string{"openid"}, s...)
}

// Claim returns the name of the groups claim.
func (c *SSOConfig) Claim() string {
	if c.GroupsClaim == "" {
		return "groups"
	}
	return c.GroupsClaim
}

// EmailDomain returns the lower-cased domain of an e-mail address, "" when
// it has none.
func EmailDomain(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 1 || at == len(email)-1 {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(email[at+1:]))
}

// AllowsDomain reports whether people with the e-mail address may get an
// account at their first sign-in.
func (c *SSOConfig) AllowsDomain(email string) bool {
	d := EmailDomain(email)
	return d != "" && slices.Contains(c.Domains, d)
}

// SSOIdentity is what a verified ID token says about a person.
type SSOIdentity struct {
	Subject string
	Email   string
	Name    string
	Groups  []string
}

// GroupsApply reports whether the configuration maps groups at all.
func (c *SSOConfig) GroupsApply() bool { return len(c.GroupUnits) > 0 || c.AdminGroup != "" }

// MapGroups returns the unit and role that the person's groups give, each
// nil when the configuration maps nothing for it: unit is the first
// GroupUnits row whose group the person is in (nil when none is, and the
// person's unit stays), role is admin for members of AdminGroup and member
// otherwise (nil without an AdminGroup).
func (c *SSOConfig) MapGroups(groups []string) (unit *int64, role *Role) {
	for _, g := range c.GroupUnits {
		if slices.Contains(groups, g.Group) {
			u := g.UnitID
			unit = &u
			break
		}
	}
	if c.AdminGroup != "" {
		r := RoleMember
		if slices.Contains(groups, c.AdminGroup) {
			r = RoleAdmin
		}
		role = &r
	}
	return unit, role
}

// SSOClaims are the claims of an ID token that sign-in reads.
type SSOClaims struct {
	Subject           string
	Email             string
	EmailVerified     *bool // nil when the provider does not send it
	PreferredUsername string
	UPN               string
	Name              string
	Groups            []string
}

// SSO refusals: the codes of the errors of Identity and of sign-in, each a
// message the person can act on.
const (
	SSONoEmail    = "sso.no_email"     // the token carries no usable e-mail address
	SSOUnverified = "sso.unverified"   // the provider says the e-mail is not verified
	SSODomain     = "sso.domain"       // no account, and the domain is not allowed
	SSOArchived   = "sso.archived"     // the account is archived
	SSOOtherOrg   = "sso.other_org"    // the e-mail belongs to another organisation
	SSOOtherSub   = "sso.other_user"   // the account is linked to another provider user
	SSODisabled   = "sso.disabled"     // single sign-on is not enabled for the organisation
	SSOPassword   = "sso.password_off" // password sign-in is off for the organisation
)

// Identity returns who the claims say signs in. The e-mail address is the
// "email" claim, refused when "email_verified" is sent and false. Without
// an "email" claim (Microsoft Entra ID sends it only when the account has a
// mail address) it is "preferred_username" or "upn" when that looks like an
// e-mail address: in Entra ID both are the user principal name, which the
// tenant's admins control.
func (cl SSOClaims) Identity() (SSOIdentity, error) {
	id := SSOIdentity{Subject: cl.Subject, Name: strings.TrimSpace(cl.Name), Groups: cl.Groups}
	switch {
	case cl.Email != "":
		if cl.EmailVerified != nil && !*cl.EmailVerified {
			return id, &Error{Code: EFORBIDDEN, Key: SSOUnverified, Message: "the sign-in service has not verified your e-mail address"}
		}
		id.Email = cl.Email
	case looksLikeEmail(cl.PreferredUsername):
		id.Email = cl.PreferredUsername
	case looksLikeEmail(cl.UPN):
		id.Email = cl.UPN
	}
	id.Email = strings.TrimSpace(id.Email)
	if id.Subject == "" || !looksLikeEmail(id.Email) {
		return id, &Error{Code: EFORBIDDEN, Key: SSONoEmail, Message: "the sign-in service did not tell us your e-mail address"}
	}
	if id.Name == "" {
		id.Name = id.Email[:strings.LastIndexByte(id.Email, '@')]
	}
	if r := []rune(id.Name); len(r) > MaxTitleLen {
		id.Name = string(r[:MaxTitleLen])
	}
	return id, nil
}

func looksLikeEmail(s string) bool {
	s = strings.TrimSpace(s)
	return len(s) <= 254 && strings.Count(s, "@") == 1 && EmailDomain(s) != "" && strings.Contains(EmailDomain(s), ".") &&
		!strings.ContainsAny(s, " \t\r\n<>\"")
}
