package store

import (
	"context"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// CloneObjective copies the objective into period toPeriodID as a draft,
// with its active key results (their milestones undone, no check-ins, no
// current value, no grades) and their active initiatives, in one
// transaction. The parent link is kept only when the parent lies in the
// target period; contributes-to links are not copied. The actor must be
// allowed to create an objective for the same owner. Returns ENOTFOUND,
// EINVALID (field "period") and EFORBIDDEN; on success the new objective.
func (db *DB) CloneObjective(ctx context.Context, actor Actor, id, toPeriodID int64) (okr.Objective, error) {
	var o okr.Objective
	err := db.write(ctx, actor, "clone objective", func(t *tx) error {
		src, err := getObjective(t.ctx, t.conn, t.org(), id)
		if err != nil {
			return err
		}
		if err := require(t.mayEditObjective(&src))("you may not copy this objective"); err != nil {
			return err
		}
		if err := t.activeRef("periods", toPeriodID, "period", "period"); err != nil {
			return err
		}
		o = src
		o.PeriodID, o.State, o.Reflection, o.Contributes, o.PublishedAt = toPeriodID, okr.StateDraft, "", nil, nil
		if src.ParentID != nil {
			parent, err := getObjective(t.ctx, t.conn, t.org(), *src.ParentID)
			if err != nil {
				return err
			}
			if parent.PeriodID != toPeriodID || parent.Archived {
				o.ParentID = nil
			}
		}
		if err := t.insertObjectiveCopy(&o); err != nil {
			return err
		}
		return t.cloneKRs(src.ID, o.ID, nil)
	})
	return o, err
}

// insertObjectiveCopy inserts o as a new objective and audits it.
func (t *tx) insertObjectiveCopy(o *okr.Objective) error {
	o.OrgID, o.Version, o.Archived, o.CreatedAt, o.UpdatedAt, o.Contributes = t.org(), 1, false, t.now, t.now, []int64{}
	var err error
	o.ID, err = t.insert(t.ctx, insertObjective, objectiveValues(nil, t.org(), o, nil, micros(t.now), micros(t.now))...)
	if err != nil {
		return err
	}
	return t.audit("objective", o.ID, ActionCreate, nil, audit.FromObjective(o))
}

// cloneKRs copies the active KRs of objective from, with milestones and
// active initiatives, to objective to. A KR in restart starts the copy from
// its current value (okr.KeyResult.RestartFromCurrent).
func (t *tx) cloneKRs(from, to int64, restart map[int64]bool) error {
	krs, err := queryKRs(t.ctx, t.conn, "org_id = ? AND objective_id = ? AND archived_at IS NULL ORDER BY position, id", t.org(), from)
	if err != nil {
		return err
	}
	if err := loadMilestones(t.ctx, t.conn, t.org(), krs); err != nil {
		return err
	}
	for _, kr := range krs {
		oldID := kr.ID
		if restart[oldID] {
			kr.RestartFromCurrent()
		}
		kr.ObjectiveID, kr.OrgID, kr.Version, kr.CreatedAt = to, t.org(), 1, t.now
		kr.Current, kr.Confidence, kr.LastCheckInAt = nil, "", nil
		kr.ID, err = t.insert(t.ctx, `INSERT INTO key_results (org_id, objective_id, title, owner_unit_id, owner_person_id, weight,
			metric_kind, metric_start, metric_target, unit_kind, unit_code, kpi_id, position, confidence, version, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 1, ?)`,
			t.org(), to, kr.Title, nullID(kr.Owner.UnitID), nullID(kr.Owner.PersonID), kr.Weight,
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
		if err := t.audit("key_result", kr.ID, ActionCreate, nil, audit.FromKeyResult(&kr)); err != nil {
			return err
		}
		if err := t.cloneInitiatives(oldID, kr.ID); err != nil {
			return err
		}
	}
	return nil
}

// cloneInitiatives copies the active initiatives of KR from to KR to.
func (t *tx) cloneInitiatives(from, to int64) error {
	rows, err := t.query(t.ctx, `SELECT `+initiativeColumns+` FROM initiatives WHERE org_id = ? AND kr_id = ? AND archived_at IS NULL ORDER BY id`,
		t.org(), from)
	if err != nil {
		return err
	}
	var ins []okr.Initiative
	for rows.Next() {
		in, err := scanInitiative(rows)
		if err != nil {
			rows.Close()
			return err
		}
		ins = append(ins, in)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, in := range ins {
		in.KeyResultID, in.Version = to, 1
		in.ID, err = t.insert(t.ctx, `INSERT INTO initiatives (org_id, kr_id, title, owner_person_id, status, due, version, created_at)
			VALUES (?, ?, ?, ?, ?, ?, 1, ?)`,
			t.org(), to, in.Title, nullID(in.OwnerPersonID), string(in.Status), nullDate(in.Due), micros(t.now))
		if err != nil {
			return err
		}
		if err := t.audit("initiative", in.ID, ActionCreate, nil, audit.FromInitiative(&in)); err != nil {
			return err
		}
	}
	return nil
}
