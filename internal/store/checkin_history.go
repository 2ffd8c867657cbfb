package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/okr-dev/okr/internal/okr"
)

// ValueHistory is what okr.DoubtValue needs to know of a key result: its
// metric and the values checked in so far, oldest first.
type ValueHistory struct {
	Metric okr.Metric
	Values []float64
}

// ValueHistories returns, for those of ids that are key results of the
// organisation, their metric and their latest okr.DoubtWindow+1
// checked-in values in time order (all DoubtValue reads), in one statement
// whatever the number of key results, each key result's values found from
// its newest through the (org_id, kr_id, at) index. Reading every value
// was 17 % of the server's time in the mix at company scale, where the
// key results checked in most had thousands. The check-in forms and the
// API ask okr.DoubtValue with it before they save.
func (db *DB) ValueHistories(ctx context.Context, orgID int64, ids []int64) (map[int64]*ValueHistory, error) {
	out := map[int64]*ValueHistory{}
	if len(ids) == 0 {
		return out, nil
	}
	in, arg := db.inIDs("k.id", ids)
	// Each key result's latest values: SQLite has no LATERAL, and
	// PostgreSQL ran the correlated IN as a subplan for every check-in of
	// the organisation.
	latest := `LEFT JOIN checkins c ON c.id IN (SELECT l.id FROM checkins l
			WHERE l.org_id = k.org_id AND l.kr_id = k.id ORDER BY l.at DESC, l.id DESC LIMIT ?)`
	if db.dialect == DialectPostgres {
		latest = `LEFT JOIN LATERAL (SELECT l.value, l.at, l.id FROM checkins l
			WHERE l.org_id = k.org_id AND l.kr_id = k.id ORDER BY l.at DESC, l.id DESC LIMIT ?) c ON true`
	}
	rows, err := db.reader().query(ctx, `SELECT k.id, k.metric_kind, k.metric_start, k.metric_target, c.value
		FROM key_results k `+latest+`
		WHERE `+db.noIndex("k.org_id")+` = ? AND `+in+` ORDER BY k.id, c.at, c.id`, okr.DoubtWindow+1, orgID, arg)
	if err != nil {
		return nil, fmt.Errorf("store: value histories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind string
		var start, target float64
		var value sql.NullFloat64
		if err := rows.Scan(&id, &kind, &start, &target, &value); err != nil {
			return nil, fmt.Errorf("store: value histories: %w", err)
		}
		h := out[id]
		if h == nil {
			h = &ValueHistory{Metric: okr.Metric{Kind: okr.MetricKind(kind), Start: start, Target: target}}
			out[id] = h
		}
		if value.Valid {
			h.Values = append(h.Values, value.Float64)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: value histories: %w", err)
	}
	return out, nil
}
