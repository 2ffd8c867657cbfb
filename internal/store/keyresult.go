package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// krColumns are the columns of a key result, and the score of its grade
// (okr.KeyResult.Score, NULL until graded) through the grade's primary key.
const krColumns = `id, org_id, objective_id, title, owner_unit_id, owner_person_id, weight, metric_kind, metric_start,
	metric_target, unit_kind, unit_code, kpi_id, position, current_value, confidence, last_checkin_at, archived_at, version, created_at,
	(SELECT g.score FROM grades g WHERE g.kr_id = key_results.id AND g.org_id = key_results.org_id) AS grade_score`

func scanKR(s scanner) (okr.KeyResult, error) {
	var kr okr.KeyResult
	var unit, person, kpi, last, archived sql.NullInt64
	var current, score sql.NullFloat64
	var kind, unitKind, confidence string
	var created int64
	err := s.Scan(&kr.ID, &kr.OrgID, &kr.ObjectiveID, &kr.Title, &unit, &person, &kr.Weight, &kind, &kr.Metric.Start,
		&kr.Metric.Target, &unitKind, &kr.Metric.Unit.Code, &kpi, &kr.Position, &current, &confidence, &last, &archived, &kr.Version, &created, &score)
	kr.Owner = okr.Owner{UnitID: idPtr(unit), PersonID: idPtr(person)}
	kr.Metric.Kind, kr.Metric.Unit.Kind = okr.MetricKind(kind), okr.UnitKindOfMeasure(unitKind)
	kr.KPIID, kr.Current, kr.Confidence = idPtr(kpi), floatPtr(current), okr.Confidence(confidence)
	kr.LastCheckInAt, kr.Archived, kr.CreatedAt, kr.Score = timePtr(last), archived.Valid, fromMicros(created), floatPtr(score)
	kr.Milestones = []okr.Milestone{}
	return kr, err
}

// GetKeyResult returns the key result with its milestones, or ENOTFOUND.
func (db *DB) GetKeyResult(ctx context.Context, orgID, id int64) (okr.KeyResult, error) {
	return getKR(ctx, db.reader(), orgID, id)
}

func getKR(ctx context.Context, c conn, orgID, id int64) (okr.KeyResult, error) {
	kr, err := scanKR(c.queryRow(ctx, `SELECT `+krColumns+` FROM key_results WHERE id = ? AND org_id = ?`, id, orgID))
	if isNoRows(err) {
		return kr, notFound("key_result", id)
	} else if err != nil {
		return kr, fmt.Errorf("get key result: %w", err)
	}
	list := []okr.KeyResult{kr}
	if err := loadMilestones(ctx, c, orgID, list); err != nil {
		return kr, err
	}
	return list[0], nil
}

// ListKeyResults returns the key results of the objectives, ordered by
// objective and position, with their milestones: two statements whatever
// the number of objectives and key results.
func (db *DB) ListKeyResults(ctx context.Context, orgID int64, objectiveIDs []int64, includeArchived bool) ([]okr.KeyResult, error) {
	if len(objectiveIDs) == 0 {
		return nil, nil
	}
	c := db.reader()
	in, arg := db.inIDs("objective_id", objectiveIDs)
	where := "org_id = ? AND " + in
	if !includeArchived {
		where += " AND archived_at IS NULL"
	}
	out, err := queryKRs(ctx, c, where+" ORDER BY objective_id, position, id", orgID, arg)
	if err != nil {
		return nil, fmt.Errorf("store: list key results: %w", err)
	}
	if err := loadMilestones(ctx, c, orgID, out); err != nil {
		return nil, fmt.Errorf("store: list key results: %w", err)
	}
	return out, nil
}

// queryKRs returns the key results matching where, without milestones.
func queryKRs(ctx context.Context, c conn, where string, args ...any) ([]okr.KeyResult, error) {
	rows, err := c.query(ctx, `SELECT `+krColumns+` FROM key_results WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []okr.KeyResult
	for rows.Next() {
		kr, err := scanKR(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, kr)
	}
	return out, rows.Err()
}

// CreateKeyResult adds a key result with its milestones to its objective,
// after the objective's other key results when Position is 0. A zero Weight
// means 1 and an empty unit kind means a plain number. Current, Confidence
// and LastCheckInAt come from check-ins only. Whoever may change the
// objective may add key results. Returns ENOTFOUND for an objective not in
// the organisation, EINVALID and EFORBIDDEN.
func (db *DB) CreateKeyResult(ctx context.Context, actor Actor, kr okr.KeyResult) (okr.KeyResult, error) {
	err := db.write(ctx, actor, "create key result", func(t *tx) error {
		o, err := getObjective(t.ctx, t.conn, t.org(), kr.ObjectiveID)
		if err != nil {
			return err
		}
		if err := require(t.mayEditObjective(&o))("you may not add key results to this objective"); err != nil {
			return err
		}
		if o.Archived {
			return invalid("objective", "the objective is archived")
		}
		defaultKR(&kr)
		if err := t.checkKR(&kr); err != nil {
			return err
		}
		if kr.Position <= 0 {
			if kr.Position, err = t.nextKRPosition(kr.ObjectiveID); err != nil {
				return err
			}
		}
		kr.OrgID, kr.Version, kr.Archived, kr.CreatedAt = t.org(), 1, false, t.now
		kr.Current, kr.Confidence, kr.LastCheckInAt = nil, "", nil
		kr.ID, err = t.insert(t.ctx, `INSERT INTO key_results (org_id, objective_id, title, owner_unit_id, owner_person_id, weight,
			metric_kind, metric_start, metric_target, unit_kind, unit_code, kpi_id, position, confidence, version, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 1, ?)`,
			t.org(), kr.ObjectiveID, kr.Title, nullID(kr.Owner.UnitID), nullID(kr.Owner.PersonID), kr.Weight,
			string(kr.Metric.Kind), kr.Metric.Start, kr.Metric.Target, string(kr.Metric.Unit.Kind), kr.Metric.Unit.Code,
			nullID(kr.KPIID), kr.Position, micros(t.now))
		if err != nil {
			return err
		}
		for i := range kr.Milestones {
			kr.Milestones[i].Done = false
			if kr.Milestones[i].ID, err = t.insertMilestone(kr.ID, kr.Milestones[i], i); err != nil {
				return err
			}
		}
		return t.audit("key_result", kr.ID, ActionCreate, nil, audit.FromKeyResult(&kr))
	})
	return kr, err
}

func defaultKR(kr *okr.KeyResult) {
	kr.Title = strings.TrimSpace(kr.Title)
	if kr.Weight == 0 {
		kr.Weight = 1
	}
	if kr.Metric.Unit.Kind == "" {
		kr.Metric.Unit.Kind = okr.MeasureNumber
	}
	if kr.Owner.UnitID != nil && *kr.Owner.UnitID == 0 {
		kr.Owner.UnitID = nil
	}
	if kr.Owner.PersonID != nil && *kr.Owner.PersonID == 0 {
		kr.Owner.PersonID = nil
	}
	if kr.KPIID != nil && *kr.KPIID == 0 {
		kr.KPIID = nil
	}
	if kr.Milestones == nil {
		kr.Milestones = []okr.Milestone{}
	}
	for i := range kr.Milestones {
		kr.Milestones[i].Title = strings.TrimSpace(kr.Milestones[i].Title)
	}
}

// checkKR validates kr and its references (owner, KPI).
func (t *tx) checkKR(kr *okr.KeyResult) error {
	if err := kr.Validate(); err != nil {
		return err
	}
	if err := t.checkOwner(kr.Owner, "owner"); err != nil {
		return err
	}
	if kr.KPIID != nil {
		return t.activeRef("kpis", *kr.KPIID, "kpi", "KPI")
	}
	return nil
}

// nextKRPosition returns the position after the objective's last KR.
func (t *tx) nextKRPosition(objectiveID int64) (int, error) {
	var pos int
	err := t.queryRow(t.ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM key_results WHERE objective_id = ? AND org_id = ?`,
		objectiveID, t.org()).Scan(&pos)
	return pos, err
}

// krContext loads a key result and its objective (without its
// contributes-to links, which no write of a key result reads) for a write,
// returning ENOTFOUND when either is not in the organisation.
func (t *tx) krContext(id int64) (okr.KeyResult, okr.Objective, error) {
	kr, err := getKR(t.ctx, t.conn, t.org(), id)
	if err != nil {
		return kr, okr.Objective{}, err
	}
	o, err := getObjectiveRow(t.ctx, t.conn, t.org(), kr.ObjectiveID)
	return kr, o, err
}
