package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// TokenPrefix starts every API token, so that leaked tokens are easy to
// recognise.
const TokenPrefix = "okr_"

// tokenLastUsedEvery is how often Authenticate records a token's use.
const tokenLastUsedEvery = time.Minute

// newSecret returns a random 32-byte secret in base64url with prefix, and
// its hash, the only form stored.
func newSecret(prefix string) (plain, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("random token: %w", err)
	}
	plain = prefix + base64.RawURLEncoding.EncodeToString(b)
	return plain, hashSecret(plain), nil
}

// hashSecret returns the hex SHA-256 of a token or ticket.
func hashSecret(plain string) string {
	h := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(h[:])
}

const tokenColumns = `id, org_id, person_id, name, scope, created_at, revoked_at, last_used`

func scanToken(s scanner) (okr.Token, error) {
	var t tokenRow
	err := s.Scan(t.dests()...)
	return t.token(), err
}

// tokenRow receives a row of tokenColumns.
type tokenRow struct {
	tk            okr.Token
	created       int64
	revoked, used sql.NullInt64
}

func (r *tokenRow) dests() []any {
	return []any{&r.tk.ID, &r.tk.OrgID, &r.tk.PersonID, &r.tk.Name, &r.tk.Scope, &r.created, &r.revoked, &r.used}
}

func (r *tokenRow) token() okr.Token {
	tk := r.tk
	tk.CreatedAt, tk.RevokedAt, tk.LastUsed = fromMicros(r.created), timePtr(r.revoked), timePtr(r.used)
	return tk
}

// CreateToken creates an API token for person personID of the actor's
// organisation and returns its plaintext ("okr_" + base64url of 32 random
// bytes), shown this once: only its SHA-256 is stored. People may create
// tokens for themselves; admins for anyone. Returns ENOTFOUND, EINVALID
// (field "name") and EFORBIDDEN.
func (db *DB) CreateToken(ctx context.Context, actor Actor, personID int64, name string) (string, okr.Token, error) {
	var plain string
	tk := okr.Token{PersonID: personID, Name: strings.TrimSpace(name), Scope: okr.TokenScopeAPI}
	err := db.write(ctx, actor, "create token", func(t *tx) error {
		if !t.isAdmin() && personID != t.actor.PersonID {
			return forbidden("you may create tokens only for yourself")
		}
		p, err := getPerson(t.ctx, t.conn, t.org(), personID)
		if err != nil {
			return err
		}
		if p.Archived {
			return invalid("person", "the person is archived")
		}
		if tk.Name == "" || len(tk.Name) > okr.MaxTitleLen {
			return invalid("name", "name the token (at most 200 characters), e.g. after the script that uses it")
		}
		plain, err = t.insertToken(&tk, TokenPrefix)
		return err
	})
	if err != nil {
		return "", okr.Token{}, err
	}
	return plain, tk, nil
}

var authenticateQuery = `SELECT ` + prefixColumns("t.", tokenColumns) + `, ` + prefixColumns("p.", personColumns) + `, g.state_seq
	FROM tokens t JOIN people p ON p.id = t.person_id AND p.org_id = t.org_id JOIN orgs g ON g.id = t.org_id
	WHERE t.hash = ? AND t.scope = 'api'`

// Authenticate returns the person and token of an API token's plaintext.
// Unknown and revoked tokens, tokens of archived people and SCIM tokens give
// EUNAUTHORIZED. It records the use at most once a minute.
func (db *DB) Authenticate(ctx context.Context, plaintext string) (okr.Person, okr.Token, error) {
	p, tk, _, err := db.AuthenticateStamped(ctx, plaintext)
	return p, tk, err
}

// AuthenticateStamped is Authenticate that also returns the organisation's
// state stamp (StateStamp), read in the same statement: an API request
// that only reads takes it as its stamp (view.PrimeStamp) instead of
// reading it again.
func (db *DB) AuthenticateStamped(ctx context.Context, plaintext string) (okr.Person, okr.Token, int64, error) {
	var seq int64
	p, tk, err := db.authenticate(ctx, plaintext, authenticateQuery, nil, &seq)
	return p, tk, seq, err
}

var objectiveStampQuery = `SELECT t.id, t.last_used, p.org_id, p.id, g.state_seq,
	COALESCE((SELECT ` + treeRevOf("o.id") + ` FROM objectives o WHERE o.id = ? AND o.org_id = t.org_id), -1)
	FROM tokens t JOIN people p ON p.id = t.person_id AND p.org_id = t.org_id JOIN orgs g ON g.id = t.org_id
	WHERE t.hash = ? AND t.scope = 'api' AND t.revoked_at IS NULL AND p.archived_at IS NULL`

// ObjectiveStamp is what tells whether a cached answer about one objective
// is current: the organisation's state stamp (its periods, units, people
// and settings: StateStamp) and the objective's subtree revision, which
// moves with every change to it or below it (objective_trees, bumpRevs). TreeRev is -1 when
// the organisation has no such objective.
type ObjectiveStamp struct {
	State, TreeRev int64
}

// ObjectiveStampFor checks an API token as Authenticate does and returns,
// read in the same primary-key statement, its organisation and person and
// the stamp of objective objectiveID in that organisation: all an API GET
// of the objective needs to tell whether its cached answer is current.
// Unknown and revoked tokens and tokens of archived people give
// EUNAUTHORIZED.
func (db *DB) ObjectiveStampFor(ctx context.Context, plaintext string, objectiveID int64) (orgID, personID int64, st ObjectiveStamp, err error) {
	if !strings.HasPrefix(plaintext, TokenPrefix) {
		return 0, 0, st, badToken()
	}
	var tokenID int64
	var used sql.NullInt64
	err = db.reader().queryRow(ctx, objectiveStampQuery, objectiveID, hashSecret(plaintext)).Scan(&tokenID, &used, &orgID, &personID, &st.State, &st.TreeRev)
	if isNoRows(err) {
		return 0, 0, st, badToken()
	} else if err != nil {
		return 0, 0, st, fmt.Errorf("store: authenticate: %w", err)
	}
	if _, err := db.recordTokenUse(ctx, tokenID, timePtr(used)); err != nil {
		return 0, 0, st, err
	}
	return orgID, personID, st, nil
}

func badToken() error {
	return &okr.Error{Code: okr.EUNAUTHORIZED, Key: "err.bad_token", Message: "the API token is unknown or revoked"}
}

// authenticate runs query, which reads the token whose hash is its last
// argument (after args) with its person and then more, and checks the
// token as Authenticate does.
func (db *DB) authenticate(ctx context.Context, plaintext, query string, args []any, more ...any) (okr.Person, okr.Token, error) {
	if !strings.HasPrefix(plaintext, TokenPrefix) {
		return okr.Person{}, okr.Token{}, badToken()
	}
	// The token, its person and the stamps in one statement: every API
	// call runs it.
	tk, p, err := scanTokenPerson(db.reader().queryRow(ctx, query, append(args, hashSecret(plaintext))...), more...)
	if isNoRows(err) {
		return okr.Person{}, okr.Token{}, badToken()
	} else if err != nil {
		return okr.Person{}, okr.Token{}, fmt.Errorf("store: authenticate: %w", err)
	}
	if tk.RevokedAt != nil || p.Archived {
		return okr.Person{}, okr.Token{}, badToken()
	}
	if tk.LastUsed, err = db.recordTokenUse(ctx, tk.ID, tk.LastUsed); err != nil {
		return okr.Person{}, okr.Token{}, err
	}
	return p, tk, nil
}

// recordTokenUse records that token id is used now, unless its last use,
// lastUsed, is less than tokenLastUsedEvery ago, and returns the last use.
func (db *DB) recordTokenUse(ctx context.Context, id int64, lastUsed *time.Time) (*time.Time, error) {
	now := db.clock()
	if lastUsed != nil && now.Sub(*lastUsed) < tokenLastUsedEvery {
		return lastUsed, nil
	}
	err := db.transact(ctx, "record token use", func(c conn) error {
		_, err := c.exec(ctx, `UPDATE tokens SET last_used = ? WHERE id = ? AND (last_used IS NULL OR last_used <= ?)`,
			micros(now), id, micros(now.Add(-tokenLastUsedEvery)))
		return err
	})
	if err != nil {
		return nil, err
	}
	return &now, nil
}

// RevokeToken revokes the API token (SCIM tokens: RevokeSCIMToken); it stays listed with RevokedAt. Its owner
// and admins may revoke it. Revoking a revoked token changes nothing.
// Returns ENOTFOUND and EFORBIDDEN.
func (db *DB) RevokeToken(ctx context.Context, actor Actor, tokenID int64) (okr.Token, error) {
	var tk okr.Token
	err := db.write(ctx, actor, "revoke token", func(t *tx) error {
		var err error
		tk, err = scanToken(t.queryRow(t.ctx, `SELECT `+tokenColumns+` FROM tokens WHERE id = ? AND org_id = ? AND scope = 'api'`, tokenID, t.org()))
		if isNoRows(err) {
			return notFound("token", tokenID)
		} else if err != nil {
			return err
		}
		if !t.isAdmin() && tk.PersonID != t.actor.PersonID {
			return forbidden("you may revoke only your own tokens")
		}
		if tk.RevokedAt != nil {
			return nil
		}
		before := tk
		if _, err := t.exec(t.ctx, `UPDATE tokens SET revoked_at = ? WHERE id = ? AND org_id = ?`, micros(t.now), tokenID, t.org()); err != nil {
			return err
		}
		tk.RevokedAt = &t.now
		return t.audit("token", tokenID, "revoke", audit.FromToken(&before), audit.FromToken(&tk))
	})
	return tk, err
}

// ListTokens returns the person's API tokens, revoked ones included,
// newest first (not the SCIM tokens they made: SCIMToken).
func (db *DB) ListTokens(ctx context.Context, orgID, personID int64) ([]okr.Token, error) {
	rows, err := db.reader().query(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE org_id = ? AND person_id = ? AND scope = 'api' ORDER BY id DESC`, orgID, personID)
	if err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	defer rows.Close()
	var out []okr.Token
	for rows.Next() {
		tk, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list tokens: %w", err)
		}
		out = append(out, tk)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	return out, nil
}

// RevokeTokenByID revokes a token of whatever organisation, as that
// organisation's system actor. It is for operators (okr token revoke),
// who hold the database itself; people go through RevokeToken. Returns
// ENOTFOUND for an unknown token.
func (db *DB) RevokeTokenByID(ctx context.Context, tokenID int64) error {
	var orgID int64
	err := db.reader().queryRow(ctx, `SELECT org_id FROM tokens WHERE id = ?`, tokenID).Scan(&orgID)
	if isNoRows(err) {
		return notFound("token", tokenID)
	} else if err != nil {
		return fmt.Errorf("store: revoke token: %w", err)
	}
	_, err = db.RevokeToken(ctx, SystemActor(orgID), tokenID)
	return err
}

// scanTokenPerson scans a row of tokenColumns followed by personColumns.
func scanTokenPerson(s scanner, more ...any) (okr.Token, okr.Person, error) {
	var t tokenRow
	var p personRow
	err := s.Scan(append(append(t.dests(), p.dests()...), more...)...)
	return t.token(), p.person(), err
}

// insertToken stores tk (its PersonID, Name and Scope set) with a new
// secret of the prefix, audits it, and returns the secret: only its hash is
// stored.
func (t *tx) insertToken(tk *okr.Token, prefix string) (string, error) {
	plain, hash, err := newSecret(prefix)
	if err != nil {
		return "", err
	}
	tk.OrgID, tk.CreatedAt = t.org(), t.now
	tk.ID, err = t.insert(t.ctx, `INSERT INTO tokens (org_id, person_id, name, scope, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		t.org(), tk.PersonID, tk.Name, tk.Scope, hash, micros(t.now))
	if err != nil {
		return "", err
	}
	return plain, t.audit("token", tk.ID, ActionCreate, nil, audit.FromToken(tk))
}
