package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// ForecastRow is a check-in with a confidence on a graded key result: the
// material of confidence calibration (okr.Calibrate).
type ForecastRow struct {
	KeyResultID int64
	PeriodID    int64
	Confidence  okr.Confidence
	At          time.Time
	Score       float64 // the key result's grade
	// Owner is who owns the key result: its own owner, else its
	// objective's.
	Owner okr.Owner
}

// ListForecasts returns every check-in with a confidence on a graded key
// result of the periods, in one query. Archived objectives and key results
// are left out, and so are drafts (they were never anyone's commitment).
func (db *DB) ListForecasts(ctx context.Context, orgID int64, periodIDs []int64) ([]ForecastRow, error) {
	if len(periodIDs) == 0 {
		return nil, nil
	}
	in, arg := db.inIDs("o.period_id", periodIDs)
	rows, err := db.reader().query(ctx, `SELECT c.kr_id, o.period_id, c.confidence, c.at, g.score,
			COALESCE(k.owner_person_id, CASE WHEN k.owner_unit_id IS NULL THEN o.owner_person_id END),
			COALESCE(k.owner_unit_id, CASE WHEN k.owner_person_id IS NULL THEN o.owner_unit_id END)
		FROM checkins c
		JOIN key_results k ON k.id = c.kr_id
		JOIN objectives o ON o.id = k.objective_id
		JOIN grades g ON g.kr_id = k.id
		WHERE c.org_id = ? AND `+in+` AND c.confidence <> ''
			AND k.archived_at IS NULL AND o.archived_at IS NULL AND o.state <> ?
		ORDER BY c.kr_id, c.at, c.id`, orgID, arg, string(okr.StateDraft))
	if err != nil {
		return nil, fmt.Errorf("store: list forecasts: %w", err)
	}
	defer rows.Close()
	var out []ForecastRow
	for rows.Next() {
		var f ForecastRow
		var conf string
		var at int64
		var person, unit sql.NullInt64
		if err := rows.Scan(&f.KeyResultID, &f.PeriodID, &conf, &at, &f.Score, &person, &unit); err != nil {
			return nil, fmt.Errorf("store: list forecasts: %w", err)
		}
		f.Confidence, f.At = okr.Confidence(conf), fromMicros(at)
		f.Owner = okr.Owner{PersonID: idPtr(person), UnitID: idPtr(unit)}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list forecasts: %w", err)
	}
	return out, nil
}
