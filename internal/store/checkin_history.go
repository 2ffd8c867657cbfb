package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

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
// API read through DoubtHistories, which reads this much only where a
// value could be off trend.
func (db *DB) ValueHistories(ctx context.Context, orgID int64, ids []int64) (map[int64]*ValueHistory, error) {
	return db.valueHistories(ctx, orgID, ids, okr.DoubtWindow+1)
}

// DoubtHistories returns what okr.DoubtValue needs to judge values about to
// be checked in (checks: key result id → its values) as ValueHistories
// does, reading less: first each key result's metric and last value, and
// the values before only of those where a value could be off trend
// (okr.DoubtNeedsHistory); of the others Values holds the last value
// alone, with which DoubtValue says the same. A weekly check-in moves a
// little and costs one statement; a large step, two.
func (db *DB) DoubtHistories(ctx context.Context, orgID int64, checks map[int64][]float64) (map[int64]*ValueHistory, error) {
	ids := slices.Sorted(maps.Keys(checks))
	out, err := db.valueHistories(ctx, orgID, ids, 1)
	if err != nil {
		return nil, err
	}
	var more []int64
	for _, id := range ids {
		h := out[id]
		if h == nil {
			continue
		}
		last := h.Metric.Start
		if len(h.Values) > 0 {
			last = h.Values[0]
		}
		if slices.ContainsFunc(checks[id], func(v float64) bool { return okr.DoubtNeedsHistory(h.Metric, last, v) }) {
			more = append(more, id)
		}
	}
	if len(more) == 0 {
		return out, nil
	}
	full, err := db.valueHistories(ctx, orgID, more, okr.DoubtWindow+1)
	if err != nil {
		return nil, err
	}
	maps.Copy(out, full)
	return out, nil
}

// valueHistories is ValueHistories keeping the latest window values.
func (db *DB) valueHistories(ctx context.Context, orgID int64, ids []int64, window int) (map[int64]*ValueHistory, error) {
	out := map[int64]*ValueHistory{}
	if len(ids) == 0 {
		return out, nil
	}
	in, arg := db.inIDs("k.id", ids)
	if db.dialect == DialectSQLite {
		return db.valueHistoriesSQLite(ctx, orgID, in, arg, window)
	}
	// Each key result's latest values through a LATERAL join: PostgreSQL
	// ran a correlated IN as a subplan for every check-in of the
	// organisation.
	rows, err := db.reader().query(ctx, `SELECT k.id, k.metric_kind, k.metric_start, k.metric_target, c.value
		FROM key_results k LEFT JOIN LATERAL (SELECT l.value, l.at, l.id FROM checkins l
			WHERE l.org_id = k.org_id AND l.kr_id = k.id ORDER BY l.at DESC, l.id DESC LIMIT ?) c ON true
		WHERE `+db.noIndex("k.org_id")+` = ? AND `+in+` ORDER BY k.id, c.at, c.id`, window, orgID, arg)
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

// valueHistoriesSQLite is ValueHistories on SQLite, which has no LATERAL:
// each key result's latest values come as one JSON array from the index
// (org_id, kr_id, at, id, value) alone, in its order (migrations 23 and
// 24). Joining the check-ins
// by id instead looked up thirteen rows a key result, 12 % of the CPU of
// a check-in of five key results. SQLite writes the values with all the
// digits a float64 needs to read back the same.
func (db *DB) valueHistoriesSQLite(ctx context.Context, orgID int64, in string, arg any, window int) (map[int64]*ValueHistory, error) {
	out := map[int64]*ValueHistory{}
	rows, err := db.reader().query(ctx, db.valueHistoriesSQLiteQuery(in), window, orgID, arg)
	if err != nil {
		return nil, fmt.Errorf("store: value histories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind, values string
		h := &ValueHistory{}
		if err := rows.Scan(&id, &kind, &h.Metric.Start, &h.Metric.Target, &values); err != nil {
			return nil, fmt.Errorf("store: value histories: %w", err)
		}
		h.Metric.Kind = okr.MetricKind(kind)
		if err := json.Unmarshal([]byte(values), &h.Values); err != nil {
			return nil, fmt.Errorf("store: value histories of key result %d: %w", id, err)
		}
		if len(h.Values) == 0 {
			h.Values = nil
		}
		out[id] = h
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: value histories: %w", err)
	}
	return out, nil
}

// valueHistoriesSQLiteQuery is valueHistoriesSQLite's statement for the
// key results of the condition in.
func (db *DB) valueHistoriesSQLiteQuery(in string) string {
	return `SELECT k.id, k.metric_kind, k.metric_start, k.metric_target,
			(SELECT json_group_array(v ORDER BY a, i) FROM (SELECT l.value v, l.at a, l.id i FROM checkins l
				WHERE l.org_id = k.org_id AND l.kr_id = k.id ORDER BY l.at DESC, l.id DESC LIMIT ?))
		FROM key_results k WHERE ` + db.noIndex("k.org_id") + ` = ? AND ` + in
}
