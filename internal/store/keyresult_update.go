package store

import (
	"context"
	"strings"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// UpdateKeyResult saves the key result's title, owner, weight, metric, KPI
// link, position and milestones. ObjectiveID must stay (0 keeps it; use
// MoveKeyResult to move). Milestones are replaced by the given list: those
// with the id of an existing milestone keep their id and done flag, the
// others are added undone, missing ones are removed; Current of a
// milestones KR that has been checked in becomes the number done. When
// Metric.Start or Metric.Target changes, a TargetChange with reason is
// recorded in the same transaction; the reason is required (EINVALID, field
// "reason") unless the objective is a draft. Whoever may change the objective, and
// the KR's own owner, may update it. Returns ENOTFOUND, ESTALE, EINVALID
// and EFORBIDDEN.
func (db *DB) UpdateKeyResult(ctx context.Context, actor Actor, kr okr.KeyResult, reason string) (okr.KeyResult, error) {
	err := db.write(ctx, actor, "update key result", func(t *tx) error {
		before, o, err := t.krContext(kr.ID)
		if err != nil {
			return err
		}
		if err := require(t.mayEditKR(&before, &o))("you may not change this key result"); err != nil {
			return err
		}
		if err := checkVersion("key_result", before.Version, kr.Version); err != nil {
			return err
		}
		if kr.ObjectiveID != 0 && kr.ObjectiveID != before.ObjectiveID {
			return invalid("objective", "move a key result to another objective with MoveKeyResult")
		}
		kr.ObjectiveID = before.ObjectiveID
		defaultKR(&kr)
		if !kr.Metric.Kind.IsChecklist() && sameMilestones(kr.Milestones, before.Milestones) {
			// A key result that stops being a checklist keeps its
			// milestones archived (replaceMilestones), for the check-ins
			// that name them; only milestones sent anew are refused.
			kr.Milestones = nil
		}
		if err := t.checkKR(&kr); err != nil {
			return err
		}
		if err := needReason(&o, before.Metric, kr.Metric, reason); err != nil {
			return err
		}
		if kr.Position <= 0 {
			kr.Position = before.Position
		}
		if kr.Milestones, err = t.replaceMilestones(kr.ID, before.Milestones, kr.Milestones); err != nil {
			return err
		}
		kr.Current, kr.Confidence, kr.LastCheckInAt = before.Current, before.Confidence, before.LastCheckInAt
		if kr.Metric.Kind == okr.MetricMilestones && kr.Current != nil {
			kr.Current = ptrTo(float64(countDone(kr.Milestones)))
		}
		if err := t.execVersioned("key_result", `UPDATE key_results SET title = ?, owner_unit_id = ?, owner_person_id = ?, weight = ?,
			metric_kind = ?, metric_start = ?, metric_target = ?, unit_kind = ?, unit_code = ?, kpi_id = ?, position = ?,
			current_value = ?, version = version + 1 WHERE id = ? AND org_id = ? AND version = ?`,
			kr.Title, nullID(kr.Owner.UnitID), nullID(kr.Owner.PersonID), kr.Weight, string(kr.Metric.Kind), kr.Metric.Start,
			kr.Metric.Target, string(kr.Metric.Unit.Kind), kr.Metric.Unit.Code, nullID(kr.KPIID), kr.Position,
			nullFloat(kr.Current), kr.ID, t.org(), kr.Version); err != nil {
			return err
		}
		kr.OrgID, kr.Version, kr.Archived, kr.CreatedAt = t.org(), before.Version+1, before.Archived, before.CreatedAt
		if err := t.audit("key_result", kr.ID, ActionUpdate, audit.FromKeyResult(&before), audit.FromKeyResult(&kr)); err != nil {
			return err
		}
		if before.Metric.Start != kr.Metric.Start || before.Metric.Target != kr.Metric.Target {
			return t.recordTargetChange(before, kr, strings.TrimSpace(reason))
		}
		return nil
	})
	return kr, err
}

// needReason returns EINVALID on field "reason" when the start or target
// of a key result of a published or closed objective changes without a
// reason: once an objective is out, its targets are a commitment, and the
// history must say why they moved (seed 002 raised its targets after week
// 1). Drafts may be tuned freely; their changes are still recorded.
func needReason(o *okr.Objective, before, after okr.Metric, reason string) error {
	if o.State == okr.StateDraft || strings.TrimSpace(reason) != "" {
		return nil
	}
	if before.Start == after.Start && before.Target == after.Target {
		return nil
	}
	return okr.FieldError("reason", okr.KeyRequired,
		"say why the start or target changes: the reason is kept in the key result's target history", nil)
}

// recordTargetChange stores the change of a KR's start or target and its
// audit entry.
func (t *tx) recordTargetChange(before, after okr.KeyResult, reason string) error {
	tc := okr.TargetChange{KeyResultID: after.ID, OldStart: before.Metric.Start, OldTarget: before.Metric.Target,
		NewStart: after.Metric.Start, NewTarget: after.Metric.Target, AuthorID: t.actor.PersonID, At: t.now, Reason: reason}
	var err error
	tc.ID, err = t.insert(t.ctx, `INSERT INTO target_changes (org_id, kr_id, old_start, old_target, new_start, new_target, author_id, at, reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.org(), tc.KeyResultID, tc.OldStart, tc.OldTarget, tc.NewStart, tc.NewTarget, t.authorID(), micros(tc.At), tc.Reason)
	if err != nil {
		return err
	}
	return t.audit("key_result", after.ID, ActionTargetChange, nil, audit.FromTargetChange(&tc))
}

// MoveKeyResult moves the key result, at version, to the end of another
// objective of the organisation. The actor must be allowed to change the
// key result and the target objective. Returns ENOTFOUND (also for the
// target), ESTALE, EINVALID for an archived target and EFORBIDDEN.
func (db *DB) MoveKeyResult(ctx context.Context, actor Actor, krID, toObjectiveID, version int64) (okr.KeyResult, error) {
	var kr okr.KeyResult
	err := db.write(ctx, actor, "move key result", func(t *tx) error {
		before, o, err := t.krContext(krID)
		if err != nil {
			return err
		}
		if err := require(t.mayEditKR(&before, &o))("you may not change this key result"); err != nil {
			return err
		}
		to, err := getObjective(t.ctx, t.conn, t.org(), toObjectiveID)
		if err != nil {
			return err
		}
		if err := require(t.mayEditObjective(&to))("you may not add key results to the target objective"); err != nil {
			return err
		}
		if err := checkVersion("key_result", before.Version, version); err != nil {
			return err
		}
		if to.Archived {
			return invalid("objective", "the target objective is archived")
		}
		kr = before
		if kr.Position, err = t.nextKRPosition(to.ID); err != nil {
			return err
		}
		if err := t.execVersioned("key_result", `UPDATE key_results SET objective_id = ?, position = ?, version = version + 1
			WHERE id = ? AND org_id = ? AND version = ?`, to.ID, kr.Position, krID, t.org(), version); err != nil {
			return err
		}
		kr.ObjectiveID, kr.Version = to.ID, before.Version+1
		t.touchObjective(before.ObjectiveID)
		return t.audit("key_result", krID, ActionMove, audit.FromKeyResult(&before), audit.FromKeyResult(&kr))
	})
	return kr, err
}

// ArchiveKeyResult archives the key result: it no longer counts towards
// its objective's progress. Returns ENOTFOUND, ESTALE or EFORBIDDEN.
func (db *DB) ArchiveKeyResult(ctx context.Context, actor Actor, id, version int64) (okr.KeyResult, error) {
	return db.archiveKR(ctx, actor, id, version, true)
}

// RestoreKeyResult brings an archived key result back. Returns ENOTFOUND,
// ESTALE or EFORBIDDEN.
func (db *DB) RestoreKeyResult(ctx context.Context, actor Actor, id, version int64) (okr.KeyResult, error) {
	return db.archiveKR(ctx, actor, id, version, false)
}

func (db *DB) archiveKR(ctx context.Context, actor Actor, id, version int64, archive bool) (okr.KeyResult, error) {
	var kr okr.KeyResult
	err := db.write(ctx, actor, archiveOp(archive, "key result"), func(t *tx) error {
		before, o, err := t.krContext(id)
		if err != nil {
			return err
		}
		if err := require(t.mayEditKR(&before, &o))("you may not change this key result"); err != nil {
			return err
		}
		kr = before
		return t.archive("key_results", "key_result", id, version, before.Version, &kr.Archived, &kr.Version, archive, audit.FromKeyResult(&before),
			func() audit.Record { return audit.FromKeyResult(&kr) })
	})
	return kr, err
}

func ptrTo[T any](v T) *T { return &v }

// sameMilestones reports whether the checklist a is b's as read: the same
// milestones with the same titles in the same order.
func sameMilestones(a, b []okr.Milestone) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Title != b[i].Title {
			return false
		}
	}
	return true
}
