package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// SCIMTokenPrefix starts every SCIM token, so that a leaked one is easy to
// recognise (and is never mistaken for an API token).
const SCIMTokenPrefix = "okrscim_"

// CreateSCIMToken makes a new SCIM token for the actor's organisation and
// revokes the one it had (rotation: one active SCIM token per
// organisation), in one transaction. It returns the plaintext, shown this
// once: like API tokens only its SHA-256 is stored. createdBy is the person
// recorded as its maker (the signed-in admin, or the person the CLI names);
// the token does not depend on them staying active, it belongs to the
// organisation. Only admins may. Returns ENOTFOUND for an unknown person.
func (db *DB) CreateSCIMToken(ctx context.Context, actor Actor, createdBy int64) (string, okr.Token, error) {
	var plain string
	tk := okr.Token{PersonID: createdBy, Name: "SCIM", Scope: okr.TokenScopeSCIM}
	err := db.write(ctx, actor, "create scim token", func(t *tx) error {
		if err := t.requireAdmin("provisioning"); err != nil {
			return err
		}
		if _, err := getPerson(t.ctx, t.conn, t.org(), createdBy); err != nil {
			return err
		}
		if err := t.revokeSCIMTokens(); err != nil {
			return err
		}
		var err error
		plain, err = t.insertToken(&tk, SCIMTokenPrefix)
		return err
	})
	if err != nil {
		return "", okr.Token{}, err
	}
	return plain, tk, nil
}

// RevokeSCIMToken revokes the organisation's SCIM token, if it has one:
// provisioning stops until an admin makes a new one. Only admins may. It
// reports whether a token was revoked.
func (db *DB) RevokeSCIMToken(ctx context.Context, actor Actor) (bool, error) {
	var n int
	err := db.write(ctx, actor, "revoke scim token", func(t *tx) error {
		if err := t.requireAdmin("provisioning"); err != nil {
			return err
		}
		active, err := t.activeSCIMTokens()
		n = len(active)
		if err != nil {
			return err
		}
		return t.revokeSCIMTokens()
	})
	return n > 0, err
}

// activeSCIMTokens returns the organisation's SCIM tokens not revoked.
func (t *tx) activeSCIMTokens() ([]okr.Token, error) {
	rows, err := t.query(t.ctx, `SELECT `+tokenColumns+` FROM tokens WHERE org_id = ? AND scope = 'scim' AND revoked_at IS NULL`, t.org())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []okr.Token
	for rows.Next() {
		tk, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, tk)
	}
	return out, rows.Err()
}

// revokeSCIMTokens revokes every active SCIM token of the organisation, each
// with an audit entry.
func (t *tx) revokeSCIMTokens() error {
	active, err := t.activeSCIMTokens()
	if err != nil {
		return err
	}
	for _, tk := range active {
		before := tk
		if _, err := t.exec(t.ctx, `UPDATE tokens SET revoked_at = ? WHERE id = ? AND org_id = ?`, micros(t.now), tk.ID, t.org()); err != nil {
			return err
		}
		tk.RevokedAt = &t.now
		if err := t.audit("token", tk.ID, "revoke", audit.FromToken(&before), audit.FromToken(&tk)); err != nil {
			return err
		}
	}
	return nil
}

// SCIMToken returns the organisation's active SCIM token (without its
// secret), or nil when it has none.
func (db *DB) SCIMToken(ctx context.Context, orgID int64) (*okr.Token, error) {
	tk, err := scanToken(db.reader().queryRow(ctx, `SELECT `+tokenColumns+` FROM tokens
		WHERE org_id = ? AND scope = 'scim' AND revoked_at IS NULL ORDER BY id DESC LIMIT 1`, orgID))
	if isNoRows(err) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("store: scim token: %w", err)
	}
	return &tk, nil
}

// AuthenticateSCIM returns the organisation of a SCIM token's plaintext.
// Unknown and revoked tokens and API tokens give EUNAUTHORIZED. It records
// the use at most once a minute.
func (db *DB) AuthenticateSCIM(ctx context.Context, plaintext string) (int64, error) {
	unauthorized := &okr.Error{Code: okr.EUNAUTHORIZED, Key: "err.bad_token", Message: "the SCIM token is unknown or revoked"}
	if !strings.HasPrefix(plaintext, SCIMTokenPrefix) {
		return 0, unauthorized
	}
	tk, err := scanToken(db.reader().queryRow(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE hash = ? AND scope = 'scim'`, hashSecret(plaintext)))
	if isNoRows(err) {
		return 0, unauthorized
	} else if err != nil {
		return 0, fmt.Errorf("store: authenticate scim: %w", err)
	}
	if tk.RevokedAt != nil {
		return 0, unauthorized
	}
	now := db.clock()
	if tk.LastUsed == nil || now.Sub(*tk.LastUsed) >= tokenLastUsedEvery {
		err := db.transact(ctx, "record scim token use", func(c conn) error {
			_, err := c.exec(ctx, `UPDATE tokens SET last_used = ? WHERE id = ? AND (last_used IS NULL OR last_used <= ?)`,
				micros(now), tk.ID, micros(now.Add(-tokenLastUsedEvery)))
			return err
		})
		if err != nil {
			return 0, err
		}
	}
	return tk.OrgID, nil
}
