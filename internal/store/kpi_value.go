package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// KPIReadingComment is the comment of the check-ins a KPI reading makes.
const KPIReadingComment = "KPI reading"

// AddKPIValue records a reading of the KPI at at (zero means now) and, in
// the same transaction, checks in every active key result linked to the KPI
// with that value: confidence copied from the KR's latest check-in (on
// track when it has none), comment KPIReadingComment; a boolean KR gets 1
// when the value is at least 1, else 0. Linked KRs whose
// objective is archived or whose period is closed, and milestones KRs, are
// left alone. Whoever may change the KPI may add readings. Returns
// ENOTFOUND, EINVALID (field "value" or "at") and EFORBIDDEN.
func (db *DB) AddKPIValue(ctx context.Context, actor Actor, kpiID int64, value float64, at time.Time) (okr.KPIValue, error) {
	v := okr.KPIValue{KPIID: kpiID, Value: value, At: at}
	err := db.write(ctx, actor, "add kpi value", func(t *tx) error {
		k, err := getKPI(t.ctx, t.conn, t.org(), kpiID)
		if err != nil {
			return err
		}
		if err := require(t.mayEditKPI(&k))("only admins and leads of the owner unit may add readings of this KPI"); err != nil {
			return err
		}
		if k.Archived {
			return invalid("kpi", "the KPI is archived")
		}
		if math.IsNaN(value) || math.IsInf(value, 0) {
			return invalid("value", "value must be a number")
		}
		if v.At.IsZero() {
			v.At = t.now
		}
		v.At, v.AuthorID = v.At.UTC().Truncate(time.Microsecond), t.actor.PersonID
		if v.At.After(t.now.Add(maxCheckInFuture)) {
			return invalid("at", "a reading cannot lie in the future")
		}
		v.ID, err = t.insert(t.ctx, `INSERT INTO kpi_values (org_id, kpi_id, value, at, author_id) VALUES (?, ?, ?, ?, ?)`,
			t.org(), kpiID, value, micros(v.At), t.authorID())
		if err != nil {
			return err
		}
		if err := t.audit("kpi", kpiID, ActionReading, nil, audit.FromKPIValue(&v)); err != nil {
			return err
		}
		return t.checkInLinkedKRs(kpiID, v)
	})
	return v, err
}

// checkInLinkedKRs checks in the open KRs linked to the KPI with reading v.
func (t *tx) checkInLinkedKRs(kpiID int64, v okr.KPIValue) error {
	krs, err := queryKRs(t.ctx, t.conn, `org_id = ? AND kpi_id = ? AND archived_at IS NULL AND metric_kind <> ?
		AND objective_id IN (SELECT o.id FROM objectives o JOIN periods p ON p.id = o.period_id
			WHERE o.org_id = ? AND o.archived_at IS NULL AND p.closed = 0)
		ORDER BY id`, t.org(), kpiID, string(okr.MetricMilestones), t.org())
	if err != nil {
		return err
	}
	for i := range krs {
		kr := &krs[i]
		c := okr.CheckIn{KeyResultID: kr.ID, Value: v.Value, Confidence: kr.Confidence, Comment: KPIReadingComment, At: v.At}
		if c.Confidence == "" {
			c.Confidence = okr.OnTrack
		}
		if kr.Metric.Kind == okr.MetricBoolean {
			c.Value = 0
			if v.Value >= 1 {
				c.Value = 1
			}
		}
		if err := t.prepareCheckIn(&c, kr); err != nil {
			return fmt.Errorf("check in key result %d from the KPI: %w", kr.ID, err)
		}
		if err := t.storeCheckIn(&c, kr); err != nil {
			return err
		}
	}
	return nil
}

// ListKPIValues returns the readings of the KPIs, at or after since when it
// is not nil, ordered by KPI and time, in one query.
func (db *DB) ListKPIValues(ctx context.Context, orgID int64, kpiIDs []int64, since *time.Time) ([]okr.KPIValue, error) {
	if len(kpiIDs) == 0 {
		return nil, nil
	}
	in, arg := db.inIDs("kpi_id", kpiIDs)
	where, args := "org_id = ? AND "+in, []any{orgID, arg}
	if since != nil {
		where, args = where+" AND at >= ?", append(args, micros(*since))
	}
	rows, err := db.reader().query(ctx, `SELECT id, kpi_id, value, at, author_id FROM kpi_values WHERE `+where+` ORDER BY kpi_id, at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list kpi values: %w", err)
	}
	defer rows.Close()
	var out []okr.KPIValue
	for rows.Next() {
		var v okr.KPIValue
		var at int64
		var author sql.NullInt64
		if err := rows.Scan(&v.ID, &v.KPIID, &v.Value, &at, &author); err != nil {
			return nil, fmt.Errorf("store: list kpi values: %w", err)
		}
		v.At, v.AuthorID = fromMicros(at), author.Int64
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list kpi values: %w", err)
	}
	return out, nil
}
