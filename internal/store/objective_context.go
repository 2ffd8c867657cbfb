package store

import (
	"context"
	"fmt"

	"github.com/okr-dev/okr/internal/okr"
)

// belowCTE is a recursive common table expression "below (id)": the
// active objectives aligned below the objectives ids and, below one without
// active key results (which shows its children's roll-up), its children,
// and so on down: what roll-ups of ids read. With period it keeps to that
// period's objectives. It returns the SQL and its arguments.
//
// The planners need help to walk the tree by index, a few rows per step:
// on SQLite noIndex keeps a column out of the index choice and CROSS
// JOIN fixes the join order (it would otherwise walk the whole period or
// organisation); on PostgreSQL, which guesses thousands of rows per step
// and hashed all key results and objectives (80 ms), a LATERAL subquery
// behind OFFSET 0 makes each step index lookups (under 1 ms).
func (db *DB) belowCTE(orgID, periodID int64, ids []int64) (string, []any) {
	inParent, arg := db.inIDs("o.parent_id", ids)
	inPeriod := ""
	args := []any{orgID, arg, orgID, orgID}
	if periodID != 0 {
		inPeriod = " AND " + db.noIndex("o.period_id") + " = ?"
		args = []any{orgID, arg, periodID, orgID, orgID, periodID}
	}
	step := `SELECT o.id FROM below b CROSS JOIN objectives o
		WHERE o.parent_id = b.id AND o.org_id = ? AND o.archived_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM key_results k WHERE k.org_id = ? AND k.objective_id = b.id AND k.archived_at IS NULL)` + inPeriod
	if db.dialect == DialectPostgres {
		step = `SELECT c.id FROM below b CROSS JOIN LATERAL (SELECT o.id FROM objectives o
		WHERE o.parent_id = b.id AND o.org_id = ? AND o.archived_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM key_results k WHERE k.org_id = ? AND k.objective_id = b.id AND k.archived_at IS NULL)` + inPeriod + `
		OFFSET 0) c`
	}
	return `below (id) AS (
		SELECT o.id FROM objectives o
		WHERE o.org_id = ? AND o.archived_at IS NULL AND ` + inParent + inPeriod + `
		UNION
		` + step + `
	)`, args
}

// selectObjectivesIn returns a SELECT of objectiveColumns of the objectives
// whose ids the set (a CTE of distinct ids) holds and that match cond,
// ordered by id. PostgreSQL cannot size a recursive set and guessed
// thousands of ids, so it scanned all objectives to join them; there each
// id is looked up by the primary key in a LATERAL subquery.
func (db *DB) selectObjectivesIn(set, cond string) string {
	return db.selectColumnsIn(objectiveColumns, set, cond)
}

// selectColumnsIn is selectObjectivesIn for the columns cols of objectives
// (objectiveColumns or objectiveColumnsLinks).
func (db *DB) selectColumnsIn(cols, set, cond string) string {
	if db.dialect == DialectPostgres {
		return `SELECT o.* FROM ` + set + ` w CROSS JOIN LATERAL (SELECT ` + cols + ` FROM objectives
		WHERE id = w.id AND ` + cond + ` OFFSET 0) o ORDER BY o.id`
	}
	return `SELECT ` + cols + ` FROM objectives WHERE id IN (SELECT id FROM ` + set + `) AND ` + cond + ` ORDER BY id`
}

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
	return db.objectiveContext(ctx, orgID, periodID, ids, true)
}

// ListObjectiveLinks is ListObjectiveContext without the objectives aligned
// below: the parents of ids and the objectives linked to them by
// contributes-to, both ways. For pages that show the links of objectives
// whose figures come from elsewhere. Two statements.
func (db *DB) ListObjectiveLinks(ctx context.Context, orgID, periodID int64, ids []int64) ([]okr.Objective, error) {
	return db.objectiveContext(ctx, orgID, periodID, ids, false)
}

func (db *DB) objectiveContext(ctx context.Context, orgID, periodID int64, ids []int64, children bool) ([]okr.Objective, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	below, args := db.belowCTE(orgID, periodID, ids)
	first := "SELECT id FROM below"
	if !children {
		below, args, first = "below (id) AS (SELECT 0)", nil, "SELECT id FROM below WHERE id <> 0"
	}
	inID, a2 := db.inIDs("id", ids)
	inSelf, a3 := db.inIDs("id", ids)
	inFrom, a4 := db.inIDs("objective_id", ids)
	inTo, a5 := db.inIDs("target_id", ids)
	q := `WITH RECURSIVE ` + below + `, wanted (id) AS (
		` + first + `
		UNION SELECT parent_id FROM objectives WHERE ` + db.noIndex("org_id") + ` = ? AND ` + inID + `
		UNION SELECT target_id FROM objective_contributes WHERE ` + db.noIndex("org_id") + ` = ? AND ` + inFrom + `
		UNION SELECT objective_id FROM objective_contributes WHERE org_id = ? AND ` + inTo + `
	)
	` + db.selectColumnsIn(objectiveColumnsLinks, "wanted", db.noIndex("org_id")+` = ? AND `+db.noIndex("period_id")+` = ? AND archived_at IS NULL AND NOT `+inSelf)
	args = append(args, orgID, a2, orgID, a4, orgID, a5, orgID, periodID, a3)
	return db.queryObjectivesWithLinks(ctx, "objective context", orgID, q, args...)
}

// ListObjectiveDescendants returns what roll-ups of the objectives ids
// read, in any period: the active objectives aligned below them and, below
// one without active key results, its children, and so on down; oldest
// first, without their contributes-to links (Contributes is empty). One
// statement whatever the number of ids and rows.
func (db *DB) ListObjectiveDescendants(ctx context.Context, orgID int64, ids []int64) ([]okr.Objective, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	below, args := db.belowCTE(orgID, 0, ids)
	q := `WITH RECURSIVE ` + below + `
	` + db.selectObjectivesIn("below", db.noIndex("org_id")+` = ?`)
	return db.queryObjectives(ctx, "objective descendants", q, append(args, orgID)...)
}

// queryObjectivesWithLinks runs q, which selects objectiveColumnsLinks.
func (db *DB) queryObjectivesWithLinks(ctx context.Context, op string, orgID int64, q string, args ...any) ([]okr.Objective, error) {
	return db.scanObjectives(ctx, op, scanObjectiveLinks, q, args...)
}

// queryObjectives runs q, which selects objectiveColumns.
func (db *DB) queryObjectives(ctx context.Context, op string, q string, args ...any) ([]okr.Objective, error) {
	return db.scanObjectives(ctx, op, scanObjective, q, args...)
}

// scanObjectives runs q and scans each row with scan.
func (db *DB) scanObjectives(ctx context.Context, op string, scan func(scanner) (okr.Objective, error), q string, args ...any) ([]okr.Objective, error) {
	rows, err := db.reader().query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", op, err)
	}
	defer rows.Close()
	var out []okr.Objective
	for rows.Next() {
		o, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", op, err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", op, err)
	}
	return out, nil
}

// getObjectiveRow is getObjective without the contributes-to links
// (Contributes is empty): one statement, for the checks of a write that
// only needs the objective's owner, state and period, such as each key
// result of a weekly check-in.
func getObjectiveRow(ctx context.Context, c conn, orgID, id int64) (okr.Objective, error) {
	o, err := scanObjective(c.queryRow(ctx, `SELECT `+objectiveColumns+` FROM objectives WHERE id = ? AND org_id = ?`, id, orgID))
	if isNoRows(err) {
		return o, notFound("objective", id)
	} else if err != nil {
		return o, fmt.Errorf("get objective: %w", err)
	}
	return o, nil
}

// ListObjectivesIn returns the active objectives of period periodID among
// ids, with their contributes-to links, ordered by id: the rows of
// ListObjectiveContext and ListObjectiveLinks when the ids come from
// elsewhere (view.PeriodIndex knows them without walking the tree in
// SQL). One statement.
func (db *DB) ListObjectivesIn(ctx context.Context, orgID, periodID int64, ids []int64) ([]okr.Objective, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	set := `wanted (id) AS (SELECT value FROM json_each(?))`
	var arg any
	if db.dialect == DialectPostgres {
		set = `wanted (id) AS (SELECT unnest(CAST(? AS BIGINT[])))`
		arg = append(make([]int64, 0, len(ids)), ids...)
	} else {
		_, arg = db.inIDs("id", ids)
	}
	q := `WITH ` + set + `
	` + db.selectColumnsIn(objectiveColumnsLinks, "wanted", db.noIndex("org_id")+` = ? AND `+db.noIndex("period_id")+` = ? AND archived_at IS NULL`)
	return db.queryObjectivesWithLinks(ctx, "objectives by id", orgID, q, arg, orgID, periodID)
}
