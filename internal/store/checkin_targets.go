package store

import (
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// checkInTarget is what checking in one key result needs to know, read for
// all key results of a weekly check-in in one statement.
type checkInTarget struct {
	// kr is the key result with the fields of checkInTargetColumns only;
	// its Milestones hold the active milestones' ids (no titles, no done
	// flags): all a check-in validates.
	kr okr.KeyResult
	// objective is the KR's objective with only ID, PeriodID, Owner and
	// Archived filled: all the permission and archive checks read.
	objective okr.Objective
	// objectiveFound and periodFound are false when the objective or the
	// period is not in the organisation.
	objectiveFound, periodFound bool
	// period is the objective's period with only ID, Name and Closed.
	period okr.Period
	// krLed and objectiveLed report whether the actor leads the unit that
	// owns the KR (the objective) or one of its ancestors; always false for
	// admins, who need no lead check.
	krLed, objectiveLed bool
	// actor and actorUnit are the actor's person id and unit (nil for
	// none): whom OnBehalfOf asks about.
	actor     int64
	actorUnit *int64
}

// author is the actor as okr.Actor.OnBehalfOf needs them: their person
// and unit.
func (g *checkInTarget) author() okr.Actor {
	a := okr.Actor{PersonID: g.actor}
	if g.actorUnit != nil {
		a.MemberOf = map[int64]bool{*g.actorUnit: true}
	}
	return a
}

// checkInTargetColumns are the key result's columns a check-in reads:
// all that permission, validation, storing and its event need
// (scanCheckInTarget). The other columns of krColumns, the grade's
// subquery among them, were a quarter of the statement's time and most of
// the writer's allocations for a check-in (docs/performance.md).
const checkInTargetColumns = `id, org_id, objective_id, title, owner_unit_id, owner_person_id, metric_kind, archived_at`

// checkInTargetsQuery selects checkInTargetColumns of the key results
// matching in (a condition on id from inIDs), each followed by its
// objective's and period's fields, its active milestones' ids for a
// milestones KR (comma-separated, NULL for none or another kind), whether
// the person leads the owner unit of the KR and of the objective, and the
// person's unit. led is the units the person leads with everything below
// them: walking down from the few units a person leads is cheaper than
// walking up from every owner unit; an admin, who needs no lead check,
// leads none here (their stored role decides, as tx.roleNow's does, so
// the query need not wait for it). CROSS JOIN keeps SQLite from scanning
// the organisation's units at each step, and org_id + 0 from walking the
// organisation's key results instead of looking the ids up (noIndex).
func (db *DB) checkInTargetsQuery(in string) string {
	return `WITH RECURSIVE led (id) AS (
		SELECT unit_id FROM unit_leads WHERE org_id = ? AND person_id = (
			SELECT l.id FROM people l WHERE l.id = ? AND l.org_id = ? AND l.role <> '` + string(okr.RoleAdmin) + `')
		UNION
		SELECT u.id FROM led CROSS JOIN units u WHERE u.org_id = ? AND u.parent_id = led.id
	)
	SELECT k.*, o.id, o.owner_unit_id, o.owner_person_id, o.archived_at, o.period_id, p.id, p.name, p.closed,
		CASE WHEN k.metric_kind = '` + string(okr.MetricMilestones) + `' THEN (SELECT string_agg(CAST(m.id AS TEXT), ',') FROM milestones m
			WHERE m.org_id = k.org_id AND m.kr_id = k.id AND m.archived_at IS NULL) END,
		CASE WHEN k.owner_unit_id IN (SELECT id FROM led) THEN 1 ELSE 0 END,
		CASE WHEN o.owner_unit_id IN (SELECT id FROM led) THEN 1 ELSE 0 END,
		(SELECT a.unit_id FROM people a WHERE a.org_id = k.org_id AND a.id = ?)
	FROM (SELECT ` + checkInTargetColumns + ` FROM key_results WHERE ` + db.noIndex("org_id") + ` = ? AND ` + in + `) k
	LEFT JOIN objectives o ON o.id = k.objective_id AND o.org_id = k.org_id
	LEFT JOIN periods p ON p.id = o.period_id AND p.org_id = o.org_id`
}

// checkInTargets reads the key results ids (duplicates allowed) with their
// objectives, periods, milestones and the actor's unit leads, in one
// statement. Key results not in the organisation are absent from the map.
// On PostgreSQL it also reserves len(ids) check-in ids, in the same round
// trip (pipe.go), and returns them ascending; elsewhere ids is nil
// (insertCheckIns).
func (t *tx) checkInTargets(ids []int64) (targets map[int64]*checkInTarget, reserved []int64, err error) {
	out := make(map[int64]*checkInTarget, len(ids))
	if len(ids) == 0 {
		return out, nil, nil
	}
	in, arg := t.db.inIDs("id", ids)
	err = t.laterQuery(t.ctx, "read key results to check in", func(rows rowScanner) error {
		for rows.Next() {
			g, err := scanCheckInTarget(rows)
			if err != nil {
				return err
			}
			g.actor = t.actor.PersonID
			out[g.kr.ID] = g
		}
		return nil
	}, t.db.checkInTargetsQuery(in), t.org(), t.actor.PersonID, t.org(), t.org(), t.actor.PersonID, t.org(), arg)
	if err != nil {
		return nil, nil, err
	}
	if t.pipe != nil {
		if err := t.laterQuery(t.ctx, "reserve check-in ids", func(rows rowScanner) error {
			if rows.Next() {
				return rows.Scan(&reserved)
			}
			return nil
		}, `SELECT array_agg(nextval(pg_get_serial_sequence('checkins', 'id'))) FROM generate_series(1, ?)`, len(ids)); err != nil {
			return nil, nil, err
		}
	}
	if err := t.flush(t.ctx); err != nil {
		return nil, nil, err
	}
	if t.pipe != nil && len(reserved) != len(ids) {
		return nil, nil, fmt.Errorf("reserved %d check-in ids, want %d", len(reserved), len(ids))
	}
	slices.Sort(reserved)
	return out, reserved, nil
}

// scanCheckInTarget scans a row of checkInTargetsQuery. The key result
// has the fields of checkInTargetColumns, and Milestones the ids of its
// active milestones.
func scanCheckInTarget(rows rowScanner) (*checkInTarget, error) {
	g := &checkInTarget{}
	kr := &g.kr
	var krUnit, krPerson, krArchived sql.NullInt64
	var kind string
	var objID, objUnit, objPerson, objArchived, periodID, pID, closed sql.NullInt64
	var periodName, milestones sql.NullString
	var krLed, objLed int64
	var actorUnit sql.NullInt64
	err := rows.Scan(&kr.ID, &kr.OrgID, &kr.ObjectiveID, &kr.Title, &krUnit, &krPerson, &kind, &krArchived,
		&objID, &objUnit, &objPerson, &objArchived, &periodID, &pID, &periodName, &closed, &milestones, &krLed, &objLed, &actorUnit)
	if err != nil {
		return nil, err
	}
	kr.Owner = okr.Owner{UnitID: idPtr(krUnit), PersonID: idPtr(krPerson)}
	kr.Metric.Kind, kr.Archived = okr.MetricKind(kind), krArchived.Valid
	g.actorUnit = idPtr(actorUnit)
	g.krLed, g.objectiveLed = krLed != 0, objLed != 0
	g.objectiveFound, g.periodFound = objID.Valid, pID.Valid
	g.objective = okr.Objective{ID: objID.Int64, PeriodID: periodID.Int64, Owner: okr.Owner{UnitID: idPtr(objUnit), PersonID: idPtr(objPerson)},
		Archived: objArchived.Valid}
	g.period = okr.Period{ID: pID.Int64, Name: periodName.String, Closed: closed.Int64 != 0}
	for rest := milestones.String; rest != ""; {
		var s string
		s, rest, _ = strings.Cut(rest, ",")
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("milestone id %q: %w", s, err)
		}
		kr.Milestones = append(kr.Milestones, okr.Milestone{ID: id})
	}
	return g, nil
}

// mayCheckInTarget reports whether the actor may check in g's key result
// (okr.Actor.MayCheckIn), with the unit leads read along with the key
// result.
func (t *tx) mayCheckInTarget(g *checkInTarget) (bool, error) {
	a := okr.Actor{PersonID: t.actor.PersonID, Role: t.roleNow(), Leads: map[int64]bool{}}
	if u := g.objective.Owner.UnitID; u != nil {
		a.Leads[*u] = g.objectiveLed
	}
	if u := g.kr.Owner.UnitID; u != nil {
		a.Leads[*u] = a.Leads[*u] || g.krLed
	}
	return t.mayCheckIn(a, &g.kr, &g.objective)
}
