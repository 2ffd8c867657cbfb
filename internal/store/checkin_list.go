package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// CheckInFilter selects check-ins of an organisation. Set fields narrow
// the selection and combine with AND; the zero filter selects every
// check-in of the organisation. Check-ins of archived key results and
// objectives are included: they are history.
type CheckInFilter struct {
	KeyResultIDs []int64    // of these key results
	ObjectiveIDs []int64    // of the key results of these objectives
	PeriodID     int64      // of the key results of this period's objectives
	AuthorID     int64      // made by this person
	Since        *time.Time // at or after
	Until        *time.Time // before
	// Limit caps the check-ins returned (0: all), after skipping Offset.
	Limit, Offset int
}

// ListCheckInsPage returns the check-ins f selects, ordered by key result,
// time and id, limited to f's page, and the number of all that match, in
// two statements whatever the filter and the number of key results.
func (db *DB) ListCheckInsPage(ctx context.Context, orgID int64, f CheckInFilter) ([]okr.CheckIn, int, error) {
	where, args := db.checkInWhere(orgID, f)
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM checkins WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count check-ins: %w", err)
	}
	// Both dialects take OFFSET only after LIMIT, and spell "no limit"
	// differently; without a limit the offset is skipped here instead.
	page, skip := "", 0
	if f.Limit > 0 {
		page, args = " LIMIT ? OFFSET ?", append(args, f.Limit, max(f.Offset, 0))
	} else {
		skip = max(f.Offset, 0)
	}
	rows, err := db.reader().query(ctx, `SELECT id, org_id, kr_id, value, milestones_done, confidence, comment, author_id, at, late, behalf_person_id, behalf_unit_id
		FROM checkins WHERE `+where+` ORDER BY kr_id, at, id`+page, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list check-ins: %w", err)
	}
	defer rows.Close()
	var out []okr.CheckIn
	for rows.Next() {
		c, err := scanCheckIn(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: list check-ins: %w", err)
		}
		if skip > 0 {
			skip--
			continue
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: list check-ins: %w", err)
	}
	return out, total, nil
}

// checkInWhere returns the WHERE clause of f on the checkins table and its
// arguments.
func (db *DB) checkInWhere(orgID int64, f CheckInFilter) (string, []any) {
	conds, args := []string{"org_id = ?"}, []any{orgID}
	if len(f.KeyResultIDs) > 0 {
		in, arg := db.inIDs("kr_id", f.KeyResultIDs)
		conds, args = append(conds, in), append(args, arg)
	}
	if len(f.ObjectiveIDs) > 0 {
		in, arg := db.inIDs("objective_id", f.ObjectiveIDs)
		conds = append(conds, `kr_id IN (SELECT id FROM key_results WHERE org_id = ? AND `+in+`)`)
		args = append(args, orgID, arg)
	}
	if f.PeriodID != 0 {
		conds = append(conds, `kr_id IN (SELECT k.id FROM key_results k JOIN objectives o ON o.id = k.objective_id
			WHERE k.org_id = ? AND o.org_id = ? AND o.period_id = ?)`)
		args = append(args, orgID, orgID, f.PeriodID)
	}
	if f.AuthorID != 0 {
		conds, args = append(conds, "author_id = ?"), append(args, f.AuthorID)
	}
	if f.Since != nil {
		conds, args = append(conds, "at >= ?"), append(args, micros(*f.Since))
	}
	if f.Until != nil {
		conds, args = append(conds, "at < ?"), append(args, micros(*f.Until))
	}
	return strings.Join(conds, " AND "), args
}
