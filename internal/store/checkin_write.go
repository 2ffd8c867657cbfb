package store

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// storeCheckIns writes the prepared check-ins cs, krs[i] being the key
// result of cs[i], and sets their ids. Each KR's latest check-in among cs
// (latest At, the later one in cs on a tie) updates the KR's current value,
// confidence and last check-in time unless the KR's last check-in is later;
// for a milestones KR it then sets the milestones' done flags. Each
// check-in gets an audit entry. The statements do not grow with len(cs):
// reserve ids (for more than one check-in), insert, update the KRs, update
// the milestones (when milestones KRs were updated) and audit.
func (t *tx) storeCheckIns(cs []okr.CheckIn, krs []*okr.KeyResult) error {
	if len(cs) == 0 {
		return nil
	}
	if err := t.insertCheckIns(cs); err != nil {
		return err
	}
	latest := map[int64]int{} // KR id -> index in cs of its latest check-in
	for i, c := range cs {
		if j, ok := latest[c.KeyResultID]; !ok || !c.At.Before(cs[j].At) {
			latest[c.KeyResultID] = i
		}
	}
	// Which KRs the update set only matters for their milestones: without
	// a milestones KR the update goes into the pipe.
	hasMilestones := slices.ContainsFunc(krs, func(kr *okr.KeyResult) bool { return kr.Metric.Kind == okr.MetricMilestones })
	updated, err := t.updateLatest(cs, latest, hasMilestones)
	if err != nil {
		return err
	}
	var msKRs, done []int64
	for i, kr := range krs {
		if kr.Metric.Kind == okr.MetricMilestones && updated[kr.ID] && latest[kr.ID] == i {
			msKRs, done = append(msKRs, kr.ID), append(done, cs[i].MilestonesDone...)
		}
	}
	if len(msKRs) > 0 {
		if err := t.setMilestonesDone(msKRs, done); err != nil {
			return err
		}
	}
	t.noteCheckInEvents(cs, krs)
	return t.auditCheckIns(cs)
}

// storeCheckIn is storeCheckIns for one check-in.
func (t *tx) storeCheckIn(c *okr.CheckIn, kr *okr.KeyResult) error {
	cs := []okr.CheckIn{*c}
	err := t.storeCheckIns(cs, []*okr.KeyResult{kr})
	c.ID = cs[0].ID
	return err
}

const checkInInsertColumns = `org_id, kr_id, value, milestones_done, confidence, comment, author_id, at, late, behalf_person_id, behalf_unit_id`

// insertCheckIns inserts cs and sets their ids, unless they have theirs
// already (reserved with checkInTargets on PostgreSQL); then the insert
// goes into the pipe. One check-in without an id takes the id its INSERT
// returns; more get ids reserved up front, in the order of cs, so that no
// id depends on the order in which RETURNING lists rows (which neither
// SQLite nor PostgreSQL defines).
func (t *tx) insertCheckIns(cs []okr.CheckIn) error {
	if len(cs) == 1 && cs[0].ID == 0 {
		args, err := t.checkInArgs(&cs[0])
		if err != nil {
			return err
		}
		cs[0].ID, err = t.insert(t.ctx, `INSERT INTO checkins (`+checkInInsertColumns+`) VALUES `+valueRows(len(args), 1), args...)
		return err
	}
	if cs[0].ID == 0 {
		ids, err := t.reserveIDs("checkins", len(cs))
		if err != nil {
			return fmt.Errorf("reserve check-in ids: %w", err)
		}
		for i := range cs {
			cs[i].ID = ids[i]
		}
	}
	const cols = 12
	args := make([]any, 0, cols*len(cs))
	for i := range cs {
		row, err := t.checkInArgs(&cs[i])
		if err != nil {
			return err
		}
		args = append(append(args, cs[i].ID), row...)
	}
	return t.laterValues("insert check-ins", `INSERT INTO checkins (id, `+checkInInsertColumns+`) VALUES `, cols, args)
}

// checkInArgs returns the values of checkInInsertColumns for c.
func (t *tx) checkInArgs(c *okr.CheckIn) ([]any, error) {
	done := ""
	if c.MilestonesDone != nil {
		b, err := json.Marshal(c.MilestonesDone)
		if err != nil {
			return nil, err
		}
		done = string(b)
	}
	var person, unit *int64
	if b := c.OnBehalfOf; b != nil {
		person, unit = b.PersonID, b.UnitID
	}
	return []any{t.org(), c.KeyResultID, c.Value, done, string(c.Confidence), c.Comment, t.authorID(), micros(c.At), boolInt(c.Late),
		nullID(person), nullID(unit)}, nil
}

// updateLatest sets the current value, confidence and last check-in time of
// each key result of latest from its check-in cs[latest[id]], unless the
// KR's last check-in is later, in one statement. When want is true it
// returns the ids of the KRs it updated: the statement decides, so a
// check-in that committed meanwhile (PostgreSQL reads committed rows) is
// respected. Otherwise the statement goes into the pipe.
func (t *tx) updateLatest(cs []okr.CheckIn, latest map[int64]int, want bool) (map[int64]bool, error) {
	ids := make([]int64, 0, len(latest))
	for _, i := range latest {
		ids = append(ids, cs[i].ID)
	}
	in, arg := t.db.inIDs("id", ids)
	updated := make(map[int64]bool, len(ids))
	read := func(rows rowScanner) error {
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			updated[id] = true
		}
		return nil
	}
	q := `UPDATE key_results SET current_value = c.value, confidence = c.confidence, last_checkin_at = c.at
		FROM (SELECT kr_id, value, confidence, at FROM checkins WHERE ` + t.db.noIndex("org_id") + ` = ? AND ` + in + `) c
		WHERE key_results.id = c.kr_id AND ` + t.db.noIndex("key_results.org_id") + ` = ?
			AND (key_results.last_checkin_at IS NULL OR key_results.last_checkin_at <= c.at)
		RETURNING id`
	if err := t.laterQuery(t.ctx, "update key results", read, q, t.org(), arg, t.org()); err != nil {
		return nil, err
	}
	if want {
		if err := t.flush(t.ctx); err != nil {
			return nil, err
		}
	}
	return updated, nil
}

// setMilestonesDone marks exactly the milestones done of the key results
// krIDs done; done holds milestone ids of those KRs only. Archived
// milestones keep the flag they had when they were removed.
func (t *tx) setMilestonesDone(krIDs, done []int64) error {
	in, arg := t.db.inIDs("id", done)
	krs, krArg := t.db.inIDs("kr_id", krIDs)
	_, err := t.exec(t.ctx, `UPDATE milestones SET done = CASE WHEN `+in+` THEN 1 ELSE 0 END
		WHERE org_id = ? AND `+krs+` AND archived_at IS NULL`, arg, t.org(), krArg)
	if err != nil {
		return fmt.Errorf("update milestones: %w", err)
	}
	return nil
}

// auditCheckIns records what audit would for each check-in (a "check_in"
// of its key result, the check-in as after) in one statement.
func (t *tx) auditCheckIns(cs []okr.CheckIn) error {
	const cols = 8
	args := make([]any, 0, cols*len(cs))
	for i := range cs {
		after, err := audit.Encode(audit.FromCheckIn(&cs[i]))
		if err != nil {
			return err
		}
		args = append(args, t.org(), micros(t.now), t.authorID(), "key_result", cs[i].KeyResultID, ActionCheckIn, "", after)
	}
	err := t.laterValues("write audit entries", `INSERT INTO audit (org_id, at, actor_id, object_type, object_id, action, before_json, after_json) VALUES `, cols, args)
	if err != nil {
		return err
	}
	for _, c := range cs {
		t.touch("key_result", c.KeyResultID, ActionCheckIn)
	}
	return nil
}
