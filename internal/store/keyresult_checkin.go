package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/okr-dev/okr/internal/okr"
)

// KRToCheckIn is one key result of a check-in list with its objective.
type KRToCheckIn struct {
	ObjectiveID, KeyResultID int64
}

// KeyResultsToCheckIn returns the active key results of the active
// objectives of period periodID that the actor checks in, ordered by
// objective and position, in two statements whatever their number: the
// actor's role, unit and organisation settings, then the list.
//
// Without a unit, the list is every key result okr.Actor.MayCheckIn allows
// through who the actor is: the key results and objectives the person
// owns, those of the units they lead or that lie below one, and, when the
// organisation lets members check in, those of their own unit. An admin
// may check in anything, but their list is built the same way: in an
// organisation of 1,000 people "everything" is not a list anyone works
// through weekly. With unitID, the list narrows to what that unit owns
// (its key results and the key results of its objectives); for an admin
// it is then all of them, which is how an admin checks in for any unit.
//
// A person who is not an active member of the organisation gets an empty
// list.
func (db *DB) KeyResultsToCheckIn(ctx context.Context, a Actor, periodID int64, unitID *int64) ([]KRToCheckIn, error) {
	c := db.reader()
	var role, settings string
	var unit *int64
	err := c.queryRow(ctx, `SELECT p.role, p.unit_id, g.settings FROM people p JOIN orgs g ON g.id = p.org_id
		WHERE p.id = ? AND p.org_id = ? AND p.archived_at IS NULL`, a.PersonID, a.OrgID).Scan(&role, &unit, &settings)
	if isNoRows(err) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("store: key results to check in: %w", err)
	}
	set := okr.DefaultSettings()
	if err := json.Unmarshal([]byte(settings), &set); err != nil {
		return nil, fmt.Errorf("store: key results to check in: settings: %w", err)
	}
	memberUnit := int64(0) // no unit has id 0
	if set.MembersCheckIn && unit != nil {
		memberUnit = *unit
	}
	var q string
	var args []any
	if unitID != nil && okr.Role(role) == okr.RoleAdmin {
		q, args = db.checkInUnitQuery(a.OrgID, *unitID, periodID)
	} else {
		q, args = db.checkInListQuery(a.OrgID, a.PersonID, memberUnit, periodID)
		if unitID != nil {
			q += ` AND (k.owner_unit_id = ? OR (SELECT o.owner_unit_id FROM objectives o WHERE o.id = k.objective_id) = ?)`
			args = append(args, *unitID, *unitID)
		}
	}
	rows, err := c.query(ctx, q+` ORDER BY k.objective_id, k.position, k.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: key results to check in: %w", err)
	}
	defer rows.Close()
	var out []KRToCheckIn
	for rows.Next() {
		var r KRToCheckIn
		if err := rows.Scan(&r.ObjectiveID, &r.KeyResultID); err != nil {
			return nil, fmt.Errorf("store: key results to check in: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// checkInListQuery is the list's statement up to its conditions on the
// unit: mine is the units whose key results and objectives the person
// checks in (those they lead with everything below them, as in
// checkInTargetsQuery, and memberUnit), and the rows are the period's
// active key results that the person or one of those units owns, or whose
// objective they own. The key results are found through the owner indexes
// of objectives and key results, each an IN list rather than a join: a
// join made SQLite build a Bloom filter over every key result of the
// organisation (30 ms at company scale, against 2 ms; one period then
// held 106,099 key results).
func (db *DB) checkInListQuery(orgID, personID, memberUnit, periodID int64) (string, []any) {
	return `WITH RECURSIVE led (id) AS (
		SELECT unit_id FROM unit_leads WHERE org_id = ? AND person_id = ?
		UNION
		SELECT u.id FROM led CROSS JOIN units u WHERE u.org_id = ? AND u.parent_id = led.id
	), mine (id) AS (
		SELECT id FROM led UNION SELECT CAST(? AS BIGINT)
	)
	` + db.checkInRowsOf(`
		SELECT id FROM key_results WHERE org_id = ? AND objective_id IN (
			SELECT id FROM objectives WHERE org_id = ? AND owner_person_id = ?
			UNION ALL SELECT id FROM objectives WHERE org_id = ? AND owner_unit_id IN (SELECT id FROM mine))
		UNION ALL SELECT id FROM key_results WHERE org_id = ? AND owner_person_id = ?
		UNION ALL SELECT id FROM key_results WHERE org_id = ? AND owner_unit_id IN (SELECT id FROM mine)`),
		[]any{orgID, personID, orgID, memberUnit, orgID, orgID, personID, orgID, orgID, personID, orgID, orgID, orgID, periodID}
}

// checkInUnitQuery is the list of what unit unitID owns in the period (its
// key results and the key results of its objectives), for an admin who
// checks in for any unit.
func (db *DB) checkInUnitQuery(orgID, unitID, periodID int64) (string, []any) {
	return db.checkInRowsOf(`
		SELECT id FROM key_results WHERE org_id = ? AND objective_id IN (
			SELECT id FROM objectives WHERE org_id = ? AND owner_unit_id = ?)
		UNION ALL SELECT id FROM key_results WHERE org_id = ? AND owner_unit_id = ?`),
		[]any{orgID, orgID, unitID, orgID, unitID, orgID, orgID, periodID}
}

// checkInRowsOf selects the objective and key result ids of the active key
// results of active objectives of a period among the key results krIDs
// (a statement of ids) selects; its last three parameters are the
// organisation twice and the period. noIndex keeps SQLite, which plans
// without statistics, from walking the organisation's key results by
// their org_id index instead of the id list. The objective is tested by a
// subquery on its primary key, one lookup per key result: as a join,
// PostgreSQL, misled by the estimate of the recursive unit list (2,000
// units for 21), hashed all 33,000 objectives of the period for 230 key
// results (21 ms a list, the largest database cost of the load test's mix).
func (db *DB) checkInRowsOf(krIDs string) string {
	return `SELECT k.objective_id, k.id FROM key_results k
	WHERE k.id IN (` + krIDs + `)
	AND ` + db.noIndex("k.org_id") + ` = ? AND k.archived_at IS NULL
	AND (SELECT o.period_id FROM objectives o WHERE o.id = k.objective_id AND o.org_id = ? AND o.archived_at IS NULL) = ?`
}
