package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// maxCheckInFuture is how far ahead of the clock a check-in's At may lie.
const maxCheckInFuture = 5 * time.Minute

// CreateCheckIns records a check-in of several key results (the weekly
// check-in) in one transaction: all are written or, on the first error,
// none. For each check-in it validates the fields; for a milestones KR it
// sets the done flags from MilestonesDone and Value to the number done; for
// a boolean KR Value must be 0 or 1. A zero At means now. AuthorID is the
// actor. Each check-in that is the KR's latest updates the KR's current
// value, confidence and last check-in time. The KR owner and whoever may
// change the objective may check in; a check-in by anyone but the KR's
// owner (okr.Actor.OnBehalfOf) records for whom it was made. Into a closed period only admins may
// check in, and their check-ins are marked Late; others get EFORBIDDEN.
// Errors about one check-in name the field as "checkins[i].field". Returns
// the stored check-ins. The statements do not grow with the number of
// check-ins: one read of the key results with all the checks need, then
// the writes of storeCheckIns.
func (db *DB) CreateCheckIns(ctx context.Context, actor Actor, checkIns []okr.CheckIn) ([]okr.CheckIn, error) {
	out := make([]okr.CheckIn, len(checkIns))
	copy(out, checkIns)
	err := db.write(ctx, actor, "check in", func(t *tx) error {
		ids := make([]int64, len(out))
		for i, c := range out {
			ids[i] = c.KeyResultID
		}
		targets, reserved, err := t.checkInTargets(ids)
		if err != nil {
			return err
		}
		krs := make([]*okr.KeyResult, len(out))
		for i := range out {
			g := targets[out[i].KeyResultID]
			if err := t.checkIn(&out[i], g); err != nil {
				return atIndex(err, i)
			}
			out[i].OnBehalfOf = g.author().OnBehalfOf(&g.kr, &g.objective)
			krs[i] = &g.kr
		}
		for i := range out {
			out[i].ID = 0 // the store gives the ids, not the caller
			if reserved != nil {
				out[i].ID = reserved[i]
			}
		}
		return t.storeCheckIns(out, krs)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// atIndex names check-in i in the field of a validation error.
func atIndex(err error, i int) error {
	var e *okr.Error
	if !errors.As(err, &e) {
		return err
	}
	c := *e
	if c.Field == "" {
		c.Field = fmt.Sprintf("checkins[%d]", i)
	} else {
		c.Field = fmt.Sprintf("checkins[%d].%s", i, c.Field)
	}
	return &c
}

// checkIn checks that the actor may check in the key result of g (nil when
// it is not in the organisation) and validates c against it.
func (t *tx) checkIn(c *okr.CheckIn, g *checkInTarget) error {
	if g == nil {
		return notFound("key_result", c.KeyResultID)
	}
	if !g.objectiveFound {
		return notFound("objective", g.kr.ObjectiveID)
	}
	if ok, err := t.mayCheckInTarget(g); err != nil {
		return err
	} else if !ok {
		return forbidden("you may not check in key result %q", g.kr.Title)
	}
	if g.kr.Archived || g.objective.Archived {
		return invalid("key_result", "the key result is archived")
	}
	if !g.periodFound {
		return notFound("period", g.objective.PeriodID)
	}
	c.Late = false
	if p := g.period; p.Closed {
		if !t.isAdmin() {
			return &okr.Error{Code: okr.EFORBIDDEN, Key: "err.period_closed", Args: map[string]any{"Period": p.Name},
				Message: fmt.Sprintf("the period %s is closed; only an admin can add a late check-in", p.Name)}
		}
		c.Late = true
	}
	return t.prepareCheckIn(c, &g.kr)
}

// prepareCheckIn fills and validates c's fields against its KR.
func (t *tx) prepareCheckIn(c *okr.CheckIn, kr *okr.KeyResult) error {
	c.OrgID, c.AuthorID, c.Comment = t.org(), t.actor.PersonID, strings.TrimSpace(c.Comment)
	if c.At.IsZero() {
		c.At = t.now
	}
	c.At = c.At.UTC().Truncate(time.Microsecond)
	if c.At.After(t.now.Add(maxCheckInFuture)) {
		return invalid("at", "a check-in cannot lie in the future")
	}
	switch kr.Metric.Kind {
	case okr.MetricMilestones:
		c.MilestonesDone = slices.Compact(slices.Sorted(slices.Values(c.MilestonesDone)))
		for _, id := range c.MilestonesDone {
			if !slices.ContainsFunc(kr.Milestones, func(m okr.Milestone) bool { return m.ID == id }) {
				return invalid("milestones_done", fmt.Sprintf("milestone %d is not one of this key result's", id))
			}
		}
		c.Value = float64(len(c.MilestonesDone))
	case okr.MetricBoolean:
		if c.Value != 0 && c.Value != 1 {
			return invalid("value", "a yes/no key result takes 0 (no) or 1 (yes)")
		}
		c.MilestonesDone = nil
	default:
		c.MilestonesDone = nil
	}
	return c.Validate()
}

// ListCheckIns returns the check-ins of the key results, at or after since
// when it is not nil, ordered by KR and time, in one query.
func (db *DB) ListCheckIns(ctx context.Context, orgID int64, krIDs []int64, since *time.Time) ([]okr.CheckIn, error) {
	if len(krIDs) == 0 {
		return nil, nil
	}
	in, arg := db.inIDs("kr_id", krIDs)
	where, args := "org_id = ? AND "+in, []any{orgID, arg}
	if since != nil {
		where, args = where+" AND at >= ?", append(args, micros(*since))
	}
	rows, err := db.reader().query(ctx, `SELECT id, org_id, kr_id, value, milestones_done, confidence, comment, author_id, at, late, behalf_person_id, behalf_unit_id
		FROM checkins WHERE `+where+` ORDER BY kr_id, at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list check-ins: %w", err)
	}
	defer rows.Close()
	var out []okr.CheckIn
	for rows.Next() {
		c, err := scanCheckIn(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list check-ins: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list check-ins: %w", err)
	}
	return out, nil
}

func scanCheckIn(s scanner) (okr.CheckIn, error) {
	var c okr.CheckIn
	var done, confidence string
	var author, person, unit sql.NullInt64
	var at, late int64
	if err := s.Scan(&c.ID, &c.OrgID, &c.KeyResultID, &c.Value, &done, &confidence, &c.Comment, &author, &at, &late, &person, &unit); err != nil {
		return c, err
	}
	c.Confidence, c.AuthorID, c.At, c.Late = okr.Confidence(confidence), author.Int64, fromMicros(at), late != 0
	if person.Valid || unit.Valid {
		c.OnBehalfOf = &okr.Owner{PersonID: idPtr(person), UnitID: idPtr(unit)}
	}
	if done != "" {
		if err := json.Unmarshal([]byte(done), &c.MilestonesDone); err != nil {
			return c, fmt.Errorf("check-in %d milestones: %w", c.ID, err)
		}
	}
	return c, nil
}

// ListTargetChanges returns the history of start and target changes of the
// key results, ordered by KR and time, in one query.
func (db *DB) ListTargetChanges(ctx context.Context, orgID int64, krIDs []int64) ([]okr.TargetChange, error) {
	if len(krIDs) == 0 {
		return nil, nil
	}
	in, arg := db.inIDs("kr_id", krIDs)
	rows, err := db.reader().query(ctx, `SELECT id, kr_id, old_start, old_target, new_start, new_target, author_id, at, reason
		FROM target_changes WHERE org_id = ? AND `+in+` ORDER BY kr_id, at, id`, orgID, arg)
	if err != nil {
		return nil, fmt.Errorf("store: list target changes: %w", err)
	}
	defer rows.Close()
	var out []okr.TargetChange
	for rows.Next() {
		var tc okr.TargetChange
		var author sql.NullInt64
		var at int64
		if err := rows.Scan(&tc.ID, &tc.KeyResultID, &tc.OldStart, &tc.OldTarget, &tc.NewStart, &tc.NewTarget, &author, &at, &tc.Reason); err != nil {
			return nil, fmt.Errorf("store: list target changes: %w", err)
		}
		tc.AuthorID, tc.At = author.Int64, fromMicros(at)
		out = append(out, tc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list target changes: %w", err)
	}
	return out, nil
}
