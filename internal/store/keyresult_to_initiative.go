package store

import (
	"context"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// MoveKRToInitiative turns a key result that describes work to be done
// (the coach's kr-is-activity) into an initiative of another key result of
// the same objective, the one the work should move: in one transaction the
// initiative is created with the key result's title and owner (a person
// owner; planned), and the key result is archived, so it no longer counts
// and can be restored. Whoever may change both key results may do it.
// Returns ENOTFOUND, ESTALE (version is the key result's), EINVALID (the
// same key result, another objective's, an archived one) or EFORBIDDEN.
func (db *DB) MoveKRToInitiative(ctx context.Context, actor Actor, krID, version, underID int64) (okr.Initiative, error) {
	var in okr.Initiative
	err := db.write(ctx, actor, "move key result to initiatives", func(t *tx) error {
		kr, o, err := t.krContext(krID)
		if err != nil {
			return err
		}
		if err := require(t.mayEditKR(&kr, &o))("you may not change this key result"); err != nil {
			return err
		}
		under, uo, err := t.krContext(underID)
		if err != nil {
			return err
		}
		switch {
		case under.ID == kr.ID:
			return okr.FieldError("under", "err.initiative_same_kr", "choose another key result than the one moved", nil)
		case under.ObjectiveID != kr.ObjectiveID:
			return okr.FieldError("under", "err.initiative_other_objective", "choose a key result of the same objective", nil)
		case under.Archived || kr.Archived:
			return okr.FieldError("under", "err.initiative_archived", "neither key result may be archived", nil)
		}
		if err := require(t.mayEditKR(&under, &uo))("you may not add initiatives to that key result"); err != nil {
			return err
		}
		in = okr.Initiative{KeyResultID: under.ID, Title: kr.Title, OwnerPersonID: kr.Owner.PersonID, Status: okr.InitiativePlanned}
		if err := t.insertInitiative(&in); err != nil {
			return err
		}
		after := kr
		return t.archive("key_results", "key_result", kr.ID, version, kr.Version, &after.Archived, &after.Version, true,
			audit.FromKeyResult(&kr), func() audit.Record { return audit.FromKeyResult(&after) })
	})
	return in, err
}
