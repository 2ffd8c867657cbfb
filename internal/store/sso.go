package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// ActionSSOConfig: the organisation's single sign-on configuration was
// saved (an "org" entry without records, so that the client secret is
// never written to the log).
const ActionSSOConfig = "sso_config"

const ssoColumns = `org_id, enabled, name, issuer, client_id, client_secret, scopes, domains, groups_claim, group_units,
	admin_group, password_off, verified_at, version`

func scanSSO(s scanner) (okr.SSOConfig, error) {
	var c okr.SSOConfig
	var enabled, off int64
	var scopes, domains, groups string
	var verified sql.NullInt64
	if err := s.Scan(&c.OrgID, &enabled, &c.Name, &c.Issuer, &c.ClientID, &c.ClientSecret, &scopes, &domains, &c.GroupsClaim,
		&groups, &c.AdminGroup, &off, &verified, &c.Version); err != nil {
		return c, err
	}
	c.Enabled, c.PasswordOff = enabled != 0, off != 0
	c.Scopes, c.Domains = splitLines(scopes), splitLines(domains)
	if verified.Valid {
		at := fromMicros(verified.Int64)
		c.VerifiedAt = &at
	}
	if err := json.Unmarshal([]byte(groups), &c.GroupUnits); err != nil {
		return c, fmt.Errorf("sso config of org %d: group units: %w", c.OrgID, err)
	}
	return c, nil
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// GetSSOConfig returns the organisation's single sign-on configuration, or
// ENOTFOUND when it has none.
func (db *DB) GetSSOConfig(ctx context.Context, orgID int64) (okr.SSOConfig, error) {
	return getSSO(ctx, db.reader(), orgID)
}

func getSSO(ctx context.Context, c conn, orgID int64) (okr.SSOConfig, error) {
	cfg, err := scanSSO(c.queryRow(ctx, `SELECT `+ssoColumns+` FROM sso_configs WHERE org_id = ?`, orgID))
	if isNoRows(err) {
		return cfg, &okr.Error{Code: okr.ENOTFOUND, Message: "single sign-on is not configured", Key: "err.not_found"}
	} else if err != nil {
		return cfg, fmt.Errorf("store: get sso config: %w", err)
	}
	return cfg, nil
}

// SSOOption is an organisation whose people may sign in through single
// sign-on, as the sign-in page offers it.
type SSOOption struct {
	OrgID   int64
	Slug    string
	Name    string // the provider's name
	Domains []string
	// PasswordOff: the organisation refuses password sign-in.
	PasswordOff bool
}

// SSOOptions returns the number of organisations and the organisations
// with single sign-on enabled. It reads across organisations, like
// GetPersonByEmail: the sign-in page does not know the organisation yet
// (it offers the provider's button when there is one organisation, and
// finds the organisation from the e-mail domain otherwise).
func (db *DB) SSOOptions(ctx context.Context) (orgs int, opts []SSOOption, err error) {
	c := db.reader()
	if err := c.queryRow(ctx, `SELECT COUNT(*) FROM orgs`).Scan(&orgs); err != nil {
		return 0, nil, fmt.Errorf("store: sso options: %w", err)
	}
	rows, err := c.query(ctx, `SELECT s.org_id, o.slug, s.name, s.domains, s.password_off FROM sso_configs s JOIN orgs o ON o.id = s.org_id
		WHERE s.enabled = 1 ORDER BY s.org_id`)
	if err != nil {
		return 0, nil, fmt.Errorf("store: sso options: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o SSOOption
		var domains string
		var off int64
		if err := rows.Scan(&o.OrgID, &o.Slug, &o.Name, &domains, &off); err != nil {
			return 0, nil, fmt.Errorf("store: sso options: %w", err)
		}
		o.Domains, o.PasswordOff = splitLines(domains), off != 0
		opts = append(opts, o)
	}
	if err := rows.Err(); err != nil {
		return 0, nil, fmt.Errorf("store: sso options: %w", err)
	}
	return orgs, opts, nil
}

// SaveSSOConfig stores the actor's organisation's single sign-on
// configuration. Only admins may. An empty ClientSecret keeps the stored
// one. version is the stored configuration's version, 0 for the first.
// Changing the issuer or the client ends the verification (VerifiedAt),
// switches password sign-in back on and forgets the provider subjects of
// the organisation's people (another provider's subjects mean nothing).
// Returns EINVALID (okr.SSOConfig.Validate, a unit not in the
// organisation), ESTALE or EFORBIDDEN.
func (db *DB) SaveSSOConfig(ctx context.Context, actor Actor, cfg okr.SSOConfig, version int64) (okr.SSOConfig, error) {
	err := db.write(ctx, actor, "save sso config", func(t *tx) error {
		if err := t.requireAdmin("single sign-on"); err != nil {
			return err
		}
		before, err := getSSO(t.ctx, t.conn, t.org())
		exists := err == nil
		if err != nil && okr.ErrorCode(err) != okr.ENOTFOUND {
			return err
		}
		if err := checkVersion("sso config", before.Version, version); err != nil {
			return err
		}
		cfg.Normalize()
		cfg.OrgID = t.org()
		if cfg.ClientSecret == "" {
			cfg.ClientSecret = before.ClientSecret
		}
		cfg.VerifiedAt = before.VerifiedAt
		if !exists || cfg.Issuer != before.Issuer || cfg.ClientID != before.ClientID {
			cfg.VerifiedAt = nil
			if exists && before.PasswordOff {
				cfg.PasswordOff = false
			}
		}
		if err := cfg.Validate(); err != nil {
			return err
		}
		for _, g := range cfg.GroupUnits {
			if err := t.activeRef("units", g.UnitID, "group_units", "unit"); err != nil {
				return err
			}
		}
		groups, err := json.Marshal(cfg.GroupUnits)
		if err != nil {
			return err
		}
		if cfg.GroupUnits == nil {
			groups = []byte("[]")
		}
		var verified any
		if cfg.VerifiedAt != nil {
			verified = micros(*cfg.VerifiedAt)
		}
		args := []any{boolInt(cfg.Enabled), cfg.Name, cfg.Issuer, cfg.ClientID, cfg.ClientSecret, strings.Join(cfg.Scopes, "\n"),
			strings.Join(cfg.Domains, "\n"), cfg.GroupsClaim, string(groups), cfg.AdminGroup, boolInt(cfg.PasswordOff), verified, micros(t.now)}
		if exists {
			if err := t.execVersioned("sso config", `UPDATE sso_configs SET enabled = ?, name = ?, issuer = ?, client_id = ?, client_secret = ?,
				scopes = ?, domains = ?, groups_claim = ?, group_units = ?, admin_group = ?, password_off = ?, verified_at = ?, updated_at = ?,
				version = version + 1 WHERE org_id = ? AND version = ?`, append(args, t.org(), version)...); err != nil {
				return err
			}
			if cfg.Issuer != before.Issuer {
				if _, err := t.exec(t.ctx, `UPDATE people SET sso_subject = NULL WHERE org_id = ?`, t.org()); err != nil {
					return err
				}
			}
		} else if _, err := t.exec(t.ctx, `INSERT INTO sso_configs (enabled, name, issuer, client_id, client_secret, scopes, domains,
				groups_claim, group_units, admin_group, password_off, verified_at, updated_at, org_id, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			append(args, t.org())...); err != nil {
			return err
		}
		cfg.Version = before.Version + 1
		return t.audit("org", t.org(), ActionSSOConfig, nil, nil)
	})
	return cfg, err
}

// PasswordSignIn reports whether the organisation's people may sign in
// with a password (okr.SSOConfig.PasswordSignIn; yes without a
// configuration).
func (db *DB) PasswordSignIn(ctx context.Context, orgID int64) (bool, error) {
	cfg, err := db.GetSSOConfig(ctx, orgID)
	if okr.ErrorCode(err) == okr.ENOTFOUND {
		return true, nil
	} else if err != nil {
		return false, err
	}
	return cfg.PasswordSignIn(), nil
}

// ssoRefusal is the EFORBIDDEN error of a refused single sign-on; key is
// one of okr.SSO….
func ssoRefusal(key, message string) *okr.Error {
	return &okr.Error{Code: okr.EFORBIDDEN, Key: key, Message: message}
}

// SSOSignIn signs in a person the organisation's provider vouched for (id
// comes from a verified ID token) and returns them. It finds the person by
// the provider's subject, then by e-mail address; without an account it
// creates one (a member, in no unit) when the e-mail domain is allowed. It
// then applies the group mapping (okr.SSOConfig.MapGroups; the last admin
// keeps the role), links the subject, follows a changed e-mail address when
// no one else has it, and notes the verification when the person is an
// admin. Every change of the person is audited (by the system). Refusals
// are EFORBIDDEN with a key of okr.SSO…: the organisation's single sign-on
// is off, the account is archived, belongs to another organisation or is
// linked to another provider user, or the domain is not allowed.
func (db *DB) SSOSignIn(ctx context.Context, orgID int64, id okr.SSOIdentity) (okr.Person, error) {
	var p okr.Person
	err := db.write(ctx, SystemActor(orgID), "sso sign-in", func(t *tx) error {
		cfg, err := getSSO(t.ctx, t.conn, orgID)
		if okr.ErrorCode(err) == okr.ENOTFOUND || (err == nil && !cfg.Enabled) {
			return ssoRefusal(okr.SSODisabled, "single sign-on is not enabled for this organisation")
		} else if err != nil {
			return err
		}
		found := true
		p, err = scanPerson(t.queryRow(t.ctx, `SELECT `+personColumns+` FROM people WHERE org_id = ? AND sso_subject = ?`, orgID, id.Subject))
		if isNoRows(err) {
			p, found, err = t.ssoPersonByEmail(orgID, id)
		}
		if err != nil {
			return err
		}
		if !found {
			if !cfg.AllowsDomain(id.Email) {
				return ssoRefusal(okr.SSODomain, "your account is not in an allowed domain")
			}
			p = okr.Person{Email: id.Email, Name: id.Name, Role: okr.RoleMember}
			if err := t.checkPerson(&p, 0); err != nil {
				return err
			}
			if p.ID, err = t.insert(t.ctx, `INSERT INTO people (org_id, email, email_key, name, search, role, unit_id, language, version, created_at, sso_subject)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
				orgID, p.Email, emailKey(p.Email), p.Name, personSearch(&p), string(p.Role), nullID(p.UnitID), p.Language, micros(t.now), id.Subject); err != nil {
				return err
			}
			p.OrgID, p.Version = orgID, 1
			if err := t.audit("person", p.ID, ActionCreate, nil, audit.FromPerson(&p)); err != nil {
				return err
			}
		}
		if p.Archived {
			return ssoRefusal(okr.SSOArchived, "your account is archived")
		}
		if _, err := t.exec(t.ctx, `UPDATE people SET sso_subject = ? WHERE id = ? AND org_id = ?`, id.Subject, p.ID, orgID); err != nil {
			return err
		}
		if err := t.ssoUpdatePerson(&p, &cfg, id); err != nil {
			return err
		}
		if p.Role == okr.RoleAdmin {
			if _, err := t.exec(t.ctx, `UPDATE sso_configs SET verified_at = ? WHERE org_id = ?`, micros(t.now), orgID); err != nil {
				return err
			}
		}
		return nil
	})
	return p, err
}

// ssoPersonByEmail returns the person with id's e-mail address in the
// organisation; found is false when there is none. A person of another
// organisation, or one linked to another subject, is refused.
func (t *tx) ssoPersonByEmail(orgID int64, id okr.SSOIdentity) (okr.Person, bool, error) {
	var subject sql.NullString
	var r personRow
	err := t.queryRow(t.ctx, `SELECT `+personColumns+`, sso_subject FROM people WHERE email_key = ?`, emailKey(id.Email)).
		Scan(append(r.dests(), &subject)...)
	if isNoRows(err) {
		return okr.Person{}, false, nil
	} else if err != nil {
		return okr.Person{}, false, err
	}
	p := r.person()
	if p.OrgID != orgID {
		return p, false, ssoRefusal(okr.SSOOtherOrg, "this e-mail address belongs to an account of another organisation")
	}
	if subject.Valid && subject.String != id.Subject {
		return p, false, ssoRefusal(okr.SSOOtherSub, "this account is linked to another user of the sign-in service")
	}
	return p, true, nil
}

// ssoUpdatePerson applies the group mapping and a changed e-mail address to
// p, audited, when anything changes.
func (t *tx) ssoUpdatePerson(p *okr.Person, cfg *okr.SSOConfig, id okr.SSOIdentity) error {
	next := *p
	if emailKey(id.Email) != emailKey(p.Email) {
		var n int
		if err := t.queryRow(t.ctx, `SELECT COUNT(*) FROM people WHERE email_key = ?`, emailKey(id.Email)).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			next.Email = id.Email
		}
	}
	if cfg.GroupsApply() {
		unit, role := cfg.MapGroups(id.Groups)
		if unit != nil {
			if err := t.activeRef("units", *unit, "unit", "unit"); err == nil {
				next.UnitID = unit
			}
		}
		if role != nil && *role != p.Role {
			next.Role = *role
			if p.Role == okr.RoleAdmin {
				if err := t.keepAnAdmin(p.ID); okr.ErrorCode(err) == okr.ECONFLICT {
					next.Role = p.Role // the last admin stays one
				} else if err != nil {
					return err
				}
			}
		}
	}
	if next.Email == p.Email && next.Role == p.Role && sameID(next.UnitID, p.UnitID) {
		return nil
	}
	if err := t.execVersioned("person", `UPDATE people SET email = ?, email_key = ?, search = ?, role = ?, unit_id = ?, version = version + 1
		WHERE id = ? AND org_id = ? AND version = ?`,
		next.Email, emailKey(next.Email), personSearch(&next), string(next.Role), nullID(next.UnitID), p.ID, t.org(), p.Version); err != nil {
		return err
	}
	next.Version = p.Version + 1
	if err := t.audit("person", p.ID, ActionUpdate, audit.FromPerson(p), audit.FromPerson(&next)); err != nil {
		return err
	}
	*p = next
	return nil
}
