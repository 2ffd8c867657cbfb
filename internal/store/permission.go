package store

import (
	"fmt"

	"github.com/okr-dev/okr/internal/okr"
)

// isAdmin reports whether the actor is an organisation admin or the system.
func (t *tx) isAdmin() bool { return t.roleNow() == okr.RoleAdmin }

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

// okrActor returns the actor as okr's permission rules see it, with Leads
// answered (by leads, a walk up the tree) for the unit owners among owners.
// An admin needs no lead check. Membership is filled by withMembership.
func (t *tx) okrActor(owners ...okr.Owner) (okr.Actor, error) {
	a := okr.Actor{PersonID: t.actor.PersonID, Role: t.roleNow(), Leads: map[int64]bool{}}
	return a, t.addLeads(&a, owners...)
}

// addLeads records in a.Leads whether the actor leads each unit owner
// among owners not asked yet.
func (t *tx) addLeads(a *okr.Actor, owners ...okr.Owner) error {
	if t.isAdmin() {
		return nil
	}
	for _, o := range owners {
		if o.PersonID != nil || o.UnitID == nil {
			continue
		}
		if _, asked := a.Leads[*o.UnitID]; asked {
			continue
		}
		led, err := t.leads(*o.UnitID)
		if err != nil {
			return err
		}
		a.Leads[*o.UnitID] = led
	}
	return nil
}

// withMembership fills a.MemberOf with the actor's unit and
// a.MembersCheckIn from the organisation's settings.
func (t *tx) withMembership(a *okr.Actor) error {
	if t.actor.PersonID == 0 {
		return nil
	}
	org, err := getOrg(t.ctx, t.conn, "id = ?", t.org())
	if err != nil {
		return err
	}
	if a.MembersCheckIn = org.Settings.MembersCheckIn; !a.MembersCheckIn {
		return nil
	}
	p, err := getPerson(t.ctx, t.conn, t.org(), t.actor.PersonID)
	if err != nil {
		return err
	}
	a.MemberOf = map[int64]bool{}
	if p.UnitID != nil {
		a.MemberOf[*p.UnitID] = true
	}
	return nil
}

// mayEditObjective reports whether the actor may change o
// (okr.Actor.MayEditObjective).
func (t *tx) mayEditObjective(o *okr.Objective) (bool, error) {
	a, err := t.okrActor(o.Owner)
	return err == nil && a.MayEditObjective(o), err
}

// mayEditKR reports whether the actor may change kr of objective o
// (okr.Actor.MayEditKR). The KR owner's leads are read only when the
// objective's do not already allow it.
func (t *tx) mayEditKR(kr *okr.KeyResult, o *okr.Objective) (bool, error) {
	a, err := t.okrActor(o.Owner)
	if err != nil || a.MayEditObjective(o) {
		return err == nil, err
	}
	if err := t.addLeads(&a, kr.Owner); err != nil {
		return false, err
	}
	return a.MayEditKR(kr, o), nil
}

// mayCheckIn reports whether a (with leads answered for kr's and o's
// owners) may check in kr (okr.Actor.MayCheckIn). Membership and the
// organisation's setting are read only when the leads do not allow it.
func (t *tx) mayCheckIn(a okr.Actor, kr *okr.KeyResult, o *okr.Objective) (bool, error) {
	if a.MayCheckIn(kr, o) {
		return true, nil
	}
	if err := t.withMembership(&a); err != nil {
		return false, err
	}
	return a.MayCheckIn(kr, o), nil
}

// mayCheckInKR is mayCheckIn for a key result read on its own.
func (t *tx) mayCheckInKR(kr *okr.KeyResult, o *okr.Objective) (bool, error) {
	a, err := t.okrActor(o.Owner, kr.Owner)
	if err != nil {
		return false, err
	}
	return t.mayCheckIn(a, kr, o)
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
