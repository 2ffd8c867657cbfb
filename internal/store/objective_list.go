package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// ObjectiveFilter selects objectives. Zero fields do not filter.
// OwnerUnitIDs, OwnerPersonIDs and IDs together select objectives owned by
// any of those units or people or with one of those ids. Query matches
// title or description, ignoring case. Limit 0 means no limit.
type ObjectiveFilter struct {
	PeriodID        int64
	OwnerUnitIDs    []int64
	OwnerPersonIDs  []int64
	IDs             []int64
	ParentID        *int64
	State           okr.State
	Query           string
	IncludeArchived bool
	// SkipCount leaves the total of a limited list uncounted: the caller
	// knows it (the web server's period index counts objectives per
	// owner). ListObjectives then returns the length of the page.
	SkipCount     bool
	Limit, Offset int
}

// ListObjectives returns the organisation's objectives matching f, oldest
// first, each with its contributes-to links, and the number of matches
// without Limit and Offset. It runs at most three statements whatever the
// number of rows.
func (db *DB) ListObjectives(ctx context.Context, orgID int64, f ObjectiveFilter) ([]okr.Objective, int, error) {
	where, args := db.objectiveWhere(orgID, f)
	c := db.reader()
	rows, err := c.query(ctx, `SELECT `+objectiveColumnsLinks+` FROM objectives WHERE `+where+` ORDER BY id`+limitClause(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list objectives: %w", err)
	}
	var out []okr.Objective
	for rows.Next() {
		o, err := scanObjectiveLinks(rows)
		if err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("store: list objectives: %w", err)
		}
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: list objectives: %w", err)
	}
	total := len(out)
	if !f.SkipCount && (f.Offset > 0 || (f.Limit > 0 && len(out) == f.Limit)) {
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM objectives WHERE `+where, args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("store: count objectives: %w", err)
		}
	}
	return out, total, nil
}

func (db *DB) objectiveWhere(orgID int64, f ObjectiveFilter) (string, []any) {
	return db.objectiveWhereOf("?", []any{orgID}, f)
}

// objectiveWhereOf is objectiveWhere for the organisation that the SQL
// expression org with its arguments orgArgs gives: "?" and the id, or a
// column of a common table expression.
func (db *DB) objectiveWhereOf(org string, orgArgs []any, f ObjectiveFilter) (string, []any) {
	where, args := "org_id = "+org, append([]any(nil), orgArgs...)
	if f.PeriodID != 0 {
		where, args = where+" AND period_id = ?", append(args, f.PeriodID)
	}
	// Owners select through a union of lookups in the owner indexes: for an
	// OR of two id lists SQLite walked the whole period instead.
	var owners []string
	if len(f.OwnerUnitIDs) > 0 {
		in, arg := db.inIDs("owner_unit_id", f.OwnerUnitIDs)
		owners, args = append(owners, "SELECT id FROM objectives WHERE org_id = "+org+" AND "+in), append(append(args, orgArgs...), arg)
	}
	if len(f.OwnerPersonIDs) > 0 {
		in, arg := db.inIDs("owner_person_id", f.OwnerPersonIDs)
		owners, args = append(owners, "SELECT id FROM objectives WHERE org_id = "+org+" AND "+in), append(append(args, orgArgs...), arg)
	}
	if len(f.IDs) > 0 {
		in, arg := db.inIDs("id", f.IDs)
		owners, args = append(owners, "SELECT id FROM objectives WHERE "+db.noIndex("org_id")+" = "+org+" AND "+in), append(append(args, orgArgs...), arg)
	}
	if len(owners) > 0 {
		where += " AND id IN (" + strings.Join(owners, " UNION ALL ") + ")"
	}
	if f.ParentID != nil {
		where, args = where+" AND parent_id = ?", append(args, *f.ParentID)
	}
	if f.State != "" {
		where, args = where+" AND state = ?", append(args, string(f.State))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where, args = where+` AND search LIKE ? ESCAPE '\'`, append(args, likePattern(strings.ToLower(q)))
	}
	if !f.IncludeArchived {
		where += " AND archived_at IS NULL"
	}
	return where, args
}

// objectiveRevsSelect selects the id and subtree revision (objective_trees)
// of the objectives of a WHERE clause (objectiveWhere) that follows it.
var objectiveRevsSelect = `SELECT id, ` + treeRevOf("objectives.id") + ` AS tree_rev
		FROM objectives WHERE `

// ObjectiveListStampFor checks an API token as Authenticate does and
// returns, read in the same statement, its organisation and person, the
// organisation's state stamp and the id and subtree revision
// (objective_trees) of each objective ListObjectives would list for f in
// that organisation, in the same order, as pairs (id, tree_rev, id, …): all an API list of objectives needs to tell whether its
// kept answer is current, in one statement instead of two (the token's
// and the list's). Unknown and revoked tokens and tokens of archived
// people give EUNAUTHORIZED.
func (db *DB) ObjectiveListStampFor(ctx context.Context, plaintext string, f ObjectiveFilter) (orgID, personID, state int64, revs []int64, err error) {
	if !strings.HasPrefix(plaintext, TokenPrefix) {
		return 0, 0, 0, nil, badToken()
	}
	where, args := db.objectiveWhereOf("(SELECT org_id FROM tok)", nil, f)
	rows, err := db.reader().query(ctx, `WITH tok AS (SELECT t.id, t.last_used, p.org_id, p.id AS person_id, g.state_seq
			FROM tokens t JOIN people p ON p.id = t.person_id AND p.org_id = t.org_id JOIN orgs g ON g.id = t.org_id
			WHERE t.hash = ? AND t.scope = 'api' AND t.revoked_at IS NULL AND p.archived_at IS NULL)
		SELECT tok.id, tok.last_used, tok.org_id, tok.person_id, tok.state_seq, l.id, l.tree_rev
		FROM tok LEFT JOIN (`+objectiveRevsSelect+where+` ORDER BY id`+limitClause(f.Limit, f.Offset)+`) l ON 1 = 1
		ORDER BY l.id`, append([]any{hashSecret(plaintext)}, args...)...)
	if err != nil {
		return 0, 0, 0, nil, fmt.Errorf("store: authenticate: %w", err)
	}
	defer rows.Close()
	var tokenID int64
	var used sql.NullInt64
	found := false
	for rows.Next() {
		var id, rev sql.NullInt64
		if err := rows.Scan(&tokenID, &used, &orgID, &personID, &state, &id, &rev); err != nil {
			return 0, 0, 0, nil, fmt.Errorf("store: authenticate: %w", err)
		}
		found = true
		if id.Valid {
			revs = append(revs, id.Int64, rev.Int64)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, 0, 0, nil, fmt.Errorf("store: authenticate: %w", err)
	}
	if !found {
		return 0, 0, 0, nil, badToken()
	}
	rows.Close()
	if _, err := db.recordTokenUse(ctx, tokenID, timePtr(used)); err != nil {
		return 0, 0, 0, nil, err
	}
	return orgID, personID, state, revs, nil
}
