package store

import (
	"context"
	"slices"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// SetContributes replaces the objective's "contributes to" links: the
// objectives it helps without being aligned below them. They are shown but
// never rolled up. Whoever may change the objective may change its links.
// Returns ENOTFOUND, ESTALE (the links are part of the objective's
// version), EINVALID (field "contributes") for a target that is the
// objective itself or not an active objective of the organisation, and
// EFORBIDDEN.
func (db *DB) SetContributes(ctx context.Context, actor Actor, id int64, targets []int64, version int64) (okr.Objective, error) {
	var o okr.Objective
	err := db.write(ctx, actor, "set contributes", func(t *tx) error {
		before, err := getObjective(t.ctx, t.conn, t.org(), id)
		if err != nil {
			return err
		}
		if err := require(t.mayEditObjective(&before))("you may not change this objective"); err != nil {
			return err
		}
		if err := checkVersion("objective", before.Version, version); err != nil {
			return err
		}
		targets = slices.Compact(slices.Sorted(slices.Values(targets)))
		if err := t.checkContributes(id, targets); err != nil {
			return err
		}
		if err := t.execVersioned("objective", `UPDATE objectives SET version = version + 1, updated_at = ?
			WHERE id = ? AND org_id = ? AND version = ?`, micros(t.now), id, t.org(), version); err != nil {
			return err
		}
		if err := t.setContributes(id, targets); err != nil {
			return err
		}
		o = before
		o.Contributes, o.Version, o.UpdatedAt = append([]int64{}, targets...), before.Version+1, t.now
		return t.audit("objective", id, ActionContributes, audit.FromObjective(&before), audit.FromObjective(&o))
	})
	return o, err
}

// checkContributes validates the link targets of objective id (0 when new).
func (t *tx) checkContributes(id int64, targets []int64) error {
	for _, target := range targets {
		if target == id {
			return invalid("contributes", "an objective cannot contribute to itself")
		}
		if err := t.activeRef("objectives", target, "contributes", "objective"); err != nil {
			return err
		}
	}
	return nil
}

// setContributes replaces the links of objective id.
func (t *tx) setContributes(id int64, targets []int64) error {
	if _, err := t.exec(t.ctx, `DELETE FROM objective_contributes WHERE objective_id = ? AND org_id = ?`, id, t.org()); err != nil {
		return err
	}
	for _, target := range targets {
		if _, err := t.exec(t.ctx, `INSERT INTO objective_contributes (org_id, objective_id, target_id) VALUES (?, ?, ?)`,
			t.org(), id, target); err != nil {
			return err
		}
	}
	return nil
}
