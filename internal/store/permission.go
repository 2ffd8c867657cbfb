package store

import (
	"fmt"

	"github.com/okr-dev/okr/internal/okr"
)

// isAdmin reports whether the actor is an organisation admin or the system.
func (t *tx) isAdmin() bool { return t.role == okr.RoleAdmin }

// requireAdmin returns EFORBIDDEN unless the actor is an admin.
func (t *tx) requireAdmin(what string) error {
	if !t.isAdmin() {
		return forbidden("only organisation admins may change %s", what)
	}
	return nil
}

// leads reports whether the actor leads the unit or one of its ancestors.
func (t *tx) leads(unitID int64) (bool, error) {
	if t.actor.PersonID == 0 {
		return false, nil
	}
	var n int
	err := t.queryRow(t.ctx, `WITH RECURSIVE up (id, parent_id) AS (
		SELECT id, parent_id FROM units WHERE id = ? AND org_id = ?
		UNION
		SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id WHERE u.org_id = ?
	)
	SELECT COUNT(*) FROM unit_leads l JOIN up ON l.unit_id = up.id
	WHERE l.org_id = ? AND l.person_id = ?`,
		unitID, t.org(), t.org(), t.org(), t.actor.PersonID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check unit lead: %w", err)
	}
	return n > 0, nil
}

// ownsOrLeads reports whether the actor may change things owned by o: it is
// an admin, the owner person, or a lead of the owner unit or an ancestor.
func (t *tx) ownsOrLeads(o okr.Owner) (bool, error) {
	switch {
	case t.isAdmin():
		return true, nil
	case o.PersonID != nil:
		return *o.PersonID == t.actor.PersonID && t.actor.PersonID != 0, nil
	case o.UnitID != nil:
		return t.leads(*o.UnitID)
	}
	return false, nil
}

// mayEditObjective reports whether the actor may change o.
func (t *tx) mayEditObjective(o *okr.Objective) (bool, error) { return t.ownsOrLeads(o.Owner) }

// mayEditKR reports whether the actor may change kr of objective o: whoever
// may change o, or the KR's own owner (person, or lead of the unit).
func (t *tx) mayEditKR(kr *okr.KeyResult, o *okr.Objective) (bool, error) {
	if ok, err := t.mayEditObjective(o); ok || err != nil {
		return ok, err
	}
	if kr.Owner.UnitID == nil && kr.Owner.PersonID == nil {
		return false, nil
	}
	return t.ownsOrLeads(kr.Owner)
}

// mayEditInitiative reports whether the actor may change in: its owner
// person, or whoever may change its KR.
func (t *tx) mayEditInitiative(in *okr.Initiative, kr *okr.KeyResult, o *okr.Objective) (bool, error) {
	if in.OwnerPersonID != nil && t.actor.PersonID != 0 && *in.OwnerPersonID == t.actor.PersonID {
		return true, nil
	}
	return t.mayEditKR(kr, o)
}

// mayEditKPI reports whether the actor may change k: admins and leads of
// its owner unit (or of an ancestor of it).
func (t *tx) mayEditKPI(k *okr.KPI) (bool, error) {
	if t.isAdmin() {
		return true, nil
	}
	if k.OwnerUnitID == nil {
		return false, nil
	}
	return t.leads(*k.OwnerUnitID)
}

// require turns a permission check into EFORBIDDEN with a message, in one
// expression: require(t.mayEditObjective(o))("you may not change it").
func require(ok bool, err error) func(format string, args ...any) error {
	return func(format string, args ...any) error {
		if err != nil {
			return err
		}
		if !ok {
			return forbidden(format, args...)
		}
		return nil
	}
}
