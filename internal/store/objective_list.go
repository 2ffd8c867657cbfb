package store

import (
	"context"
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
	where, args := "org_id = ?", []any{orgID}
	if f.PeriodID != 0 {
		where, args = where+" AND period_id = ?", append(args, f.PeriodID)
	}
	// Owners select through a union of lookups in the owner indexes: for an
	// OR of two id lists SQLite walked the whole period instead.
	var owners []string
	if len(f.OwnerUnitIDs) > 0 {
		in, arg := db.inIDs("owner_unit_id", f.OwnerUnitIDs)
		owners, args = append(owners, "SELECT id FROM objectives WHERE org_id = ? AND "+in), append(args, orgID, arg)
	}
	if len(f.OwnerPersonIDs) > 0 {
		in, arg := db.inIDs("owner_person_id", f.OwnerPersonIDs)
		owners, args = append(owners, "SELECT id FROM objectives WHERE org_id = ? AND "+in), append(args, orgID, arg)
	}
	if len(f.IDs) > 0 {
		in, arg := db.inIDs("id", f.IDs)
		owners, args = append(owners, "SELECT id FROM objectives WHERE "+db.noIndex("org_id")+" = ? AND "+in), append(args, orgID, arg)
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

// ObjectiveRevs returns the id and subtree revision (objective_trees) of each
// objective ListObjectives would list for f, in the same order, as pairs:
// id, tree_rev, id, tree_rev, …; at most f.Limit objectives when it is set.
// A cached list of objectives with their figures is current while these
// pairs (and the organisation's state stamp) are: one statement through the
// same indexes as the list, reading no audit log.
func (db *DB) ObjectiveRevs(ctx context.Context, orgID int64, f ObjectiveFilter) ([]int64, error) {
	where, args := db.objectiveWhere(orgID, f)
	rows, err := db.reader().query(ctx, `SELECT id, COALESCE((SELECT tree_rev FROM objective_trees WHERE objective_id = objectives.id), 0)
		FROM objectives WHERE `+where+` ORDER BY id`+limitClause(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, fmt.Errorf("store: objective revisions: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id, rev int64
		if err := rows.Scan(&id, &rev); err != nil {
			return nil, fmt.Errorf("store: objective revisions: %w", err)
		}
		out = append(out, id, rev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: objective revisions: %w", err)
	}
	return out, nil
}
