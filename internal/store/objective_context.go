package store

import (
	"context"
	"fmt"

	"github.com/okr-dev/okr/internal/okr"
)

// ListObjectiveContext returns the active objectives of period periodID
// that the figures and links of the objectives ids need, leaving out ids
// themselves: their parents; the objectives aligned below them and, below a
// child without active key results (which shows its children's roll-up),
// its children, and so on down; the objectives they contribute to; and the
// objectives that contribute to them. Each comes with its contributes-to
// links, oldest first. Two statements whatever the number of ids and rows,
// so a page of a few objectives of a period of 30,000 reads tens of rows,
// not the whole period.
func (db *DB) ListObjectiveContext(ctx context.Context, orgID, periodID int64, ids []int64) ([]okr.Objective, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	inParent, a1 := db.inIDs("o.parent_id", ids)
	inID, a2 := db.inIDs("id", ids)
	inSelf, a3 := db.inIDs("id", ids)
	inFrom, a4 := db.inIDs("objective_id", ids)
	inTo, a5 := db.inIDs("target_id", ids)
	// "x + 0 = ?" keeps a column out of the index choice and CROSS JOIN
	// fixes the join order: SQLite would otherwise walk the whole period or
	// organisation instead of following parent_id and the primary keys.
	q := `WITH RECURSIVE below (id) AS (
		SELECT o.id FROM objectives o
		WHERE o.org_id = ? AND o.period_id + 0 = ? AND o.archived_at IS NULL AND ` + inParent + `
		UNION
		SELECT o.id FROM below b CROSS JOIN objectives o
		WHERE o.parent_id = b.id AND o.org_id = ? AND o.period_id + 0 = ? AND o.archived_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM key_results k WHERE k.org_id = ? AND k.objective_id = b.id AND k.archived_at IS NULL)
	), wanted (id) AS (
		SELECT id FROM below
		UNION SELECT parent_id FROM objectives WHERE org_id + 0 = ? AND ` + inID + `
		UNION SELECT target_id FROM objective_contributes WHERE org_id + 0 = ? AND ` + inFrom + `
		UNION SELECT objective_id FROM objective_contributes WHERE org_id = ? AND ` + inTo + `
	)
	SELECT ` + objectiveColumns + ` FROM objectives
	WHERE id IN (SELECT id FROM wanted) AND org_id + 0 = ? AND period_id + 0 = ? AND archived_at IS NULL AND NOT ` + inSelf + `
	ORDER BY id`
	c := db.reader()
	rows, err := c.query(ctx, q, orgID, periodID, a1, orgID, periodID, orgID,
		orgID, a2, orgID, a4, orgID, a5, orgID, periodID, a3)
	if err != nil {
		return nil, fmt.Errorf("store: objective context: %w", err)
	}
	var out []okr.Objective
	for rows.Next() {
		o, err := scanObjective(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: objective context: %w", err)
		}
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: objective context: %w", err)
	}
	if err := loadContributes(ctx, c, orgID, out); err != nil {
		return nil, fmt.Errorf("store: objective context: %w", err)
	}
	return out, nil
}
