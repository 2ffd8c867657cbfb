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

// forecastColumns are what ListForecasts and ListForecastsOf read: the
// check-in, its key result's grade and period, and who owns the key result.
const forecastColumns = `SELECT c.kr_id, o.period_id, c.confidence, c.at, g.score,
			COALESCE(k.owner_person_id, CASE WHEN k.owner_unit_id IS NULL THEN o.owner_person_id END),
			COALESCE(k.owner_unit_id, CASE WHEN k.owner_person_id IS NULL THEN o.owner_unit_id END)
		FROM checkins c
		JOIN key_results k ON k.id = c.kr_id
		JOIN objectives o ON o.id = k.objective_id
		JOIN grades g ON g.kr_id = k.id
		WHERE c.org_id = ? AND c.confidence <> ''
			AND k.archived_at IS NULL AND o.archived_at IS NULL AND o.state <> ?`

// ListForecasts returns every check-in with a confidence on a graded key
// result of the periods, in one query. Archived objectives and key results
// are left out, and so are drafts (they were never anyone's commitment).
func (db *DB) ListForecasts(ctx context.Context, orgID int64, periodIDs []int64) ([]ForecastRow, error) {
	if len(periodIDs) == 0 {
		return nil, nil
	}
	in, arg := db.inIDs("o.period_id", periodIDs)
	return db.listForecasts(ctx, forecastColumns+` AND `+in+` ORDER BY c.kr_id, c.at, c.id`, orgID, string(okr.StateDraft), arg)
}

// ListForecastsOf is ListForecasts for the key results one person owns
// (themselves, or through an objective they own), read from that person's
// key results rather than from every check-in of the organisation: the
// check-in page asks it on every visit (view.Model.CallHint).
func (db *DB) ListForecastsOf(ctx context.Context, orgID int64, periodIDs []int64, personID int64) ([]ForecastRow, error) {
	if len(periodIDs) == 0 {
		return nil, nil
	}
	in1, arg1 := db.inIDs("o.period_id", periodIDs)
	in2, arg2 := db.inIDs("o.period_id", periodIDs)
	return db.listForecasts(ctx, forecastColumns+` AND c.kr_id IN (
			SELECT k.id FROM key_results k JOIN objectives o ON o.id = k.objective_id
				WHERE k.org_id = ? AND k.owner_person_id = ? AND `+in1+`
			UNION ALL
			SELECT k.id FROM objectives o JOIN key_results k ON k.org_id = o.org_id AND k.objective_id = o.id
				WHERE o.org_id = ? AND o.owner_person_id = ? AND `+in2+`
					AND `+db.noIndex("k.owner_person_id")+` IS NULL AND `+db.noIndex("k.owner_unit_id")+` IS NULL)
		ORDER BY c.kr_id, c.at, c.id`, orgID, string(okr.StateDraft), orgID, personID, arg1, orgID, personID, arg2)
}

func (db *DB) listForecasts(ctx context.Context, q string, args ...any) ([]ForecastRow, error) {
	rows, err := db.reader().query(ctx, q, args...)
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
