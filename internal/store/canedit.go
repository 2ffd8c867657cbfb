package store

import (
	"context"
	"fmt"

	"github.com/okr-dev/okr/internal/okr"
)

// CanEdit reports whether actor may change the object, so that pages can
// show or hide edit buttons. objectType is one of "objective",
// "key_result", "initiative", "check_in" (id is the KR: may the actor check
// it in), "kpi", "unit", "person", "period" and "org". Returns ENOTFOUND when
// the object is not in the actor's organisation and EINVALID for an unknown
// type. An actor who may not act at all gets false.
func (db *DB) CanEdit(ctx context.Context, actor Actor, objectType string, id int64) (bool, error) {
	t, err := db.begin(ctx, db.reader(), actor)
	if okr.ErrorCode(err) == okr.EFORBIDDEN {
		return false, nil
	} else if err != nil {
		return false, wrap("can edit", err)
	}
	ok, err := t.canEdit(objectType, id)
	return ok, wrap("can edit", err)
}

func (t *tx) canEdit(objectType string, id int64) (bool, error) {
	switch objectType {
	case "objective":
		o, err := getObjective(t.ctx, t.conn, t.org(), id)
		if err != nil {
			return false, err
		}
		return t.mayEditObjective(&o)
	case "key_result":
		kr, o, err := t.krContext(id)
		if err != nil {
			return false, err
		}
		return t.mayEditKR(&kr, &o)
	case "check_in":
		kr, o, err := t.krContext(id)
		if err != nil {
			return false, err
		}
		return t.mayCheckInKR(&kr, &o)
	case "initiative":
		in, kr, o, err := t.initiativeContext(id)
		if err != nil {
			return false, err
		}
		return t.mayEditInitiative(&in, &kr, &o)
	case "kpi":
		k, err := getKPI(t.ctx, t.conn, t.org(), id)
		if err != nil {
			return false, err
		}
		return t.mayEditKPI(&k)
	case "unit", "person", "period":
		if err := t.exists(objectType, id); err != nil {
			return false, err
		}
		return t.isAdmin() || (objectType == "person" && id == t.actor.PersonID), nil
	case "org":
		if id != t.org() {
			return false, notFound("organisation", id)
		}
		return t.isAdmin(), nil
	}
	return false, invalid("type", fmt.Sprintf("unknown object type %q", objectType))
}

// exists returns ENOTFOUND unless the unit, person or period is in the
// actor's organisation.
func (t *tx) exists(objectType string, id int64) error {
	var err error
	switch objectType {
	case "unit":
		_, err = getUnit(t.ctx, t.conn, t.org(), id)
	case "person":
		_, err = getPerson(t.ctx, t.conn, t.org(), id)
	case "period":
		_, err = getPeriod(t.ctx, t.conn, t.org(), id)
	}
	return err
}
