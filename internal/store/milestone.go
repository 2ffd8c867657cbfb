package store

import (
	"context"
	"fmt"

	"github.com/okr-dev/okr/internal/okr"
)

// A milestone removed from its key result's list is archived, not deleted:
// check-ins name milestones by id (CheckIn.MilestonesDone), and an older
// check-in must keep saying what was done then. KeyResult.Milestones holds
// the active milestones only; ListArchivedMilestones gives the others.

// loadMilestones fills Milestones of krs with their active milestones in
// one query.
func loadMilestones(ctx context.Context, c conn, orgID int64, krs []okr.KeyResult) error {
	if len(krs) == 0 {
		return nil
	}
	ids := make([]int64, len(krs))
	at := make(map[int64]int, len(krs))
	for i, kr := range krs {
		ids[i], at[kr.ID] = kr.ID, i
	}
	return eachMilestone(ctx, c, orgID, ids, false, func(krID int64, m okr.Milestone) {
		i := at[krID]
		krs[i].Milestones = append(krs[i].Milestones, m)
	})
}

// ListArchivedMilestones returns, by KR id, the milestones that were
// removed from the key results' lists, in their last order: they no longer
// count, but the check-ins that named them keep naming them. Key results
// without any are absent. One query whatever the number of key results.
func (db *DB) ListArchivedMilestones(ctx context.Context, orgID int64, krIDs []int64) (map[int64][]okr.Milestone, error) {
	out := map[int64][]okr.Milestone{}
	if len(krIDs) == 0 {
		return out, nil
	}
	err := eachMilestone(ctx, db.reader(), orgID, krIDs, true, func(krID int64, m okr.Milestone) {
		out[krID] = append(out[krID], m)
	})
	if err != nil {
		return nil, fmt.Errorf("store: list archived milestones: %w", err)
	}
	return out, nil
}

// eachMilestone calls fn for each active (or, with archived, each archived)
// milestone of the key results, ordered by KR and position.
func eachMilestone(ctx context.Context, c conn, orgID int64, krIDs []int64, archived bool, fn func(krID int64, m okr.Milestone)) error {
	in, arg := c.db.inIDs("kr_id", krIDs)
	cond := "archived_at IS NULL"
	if archived {
		cond = "archived_at IS NOT NULL"
	}
	rows, err := c.query(ctx, `SELECT id, kr_id, title, done FROM milestones WHERE org_id = ? AND `+in+` AND `+cond+`
		ORDER BY kr_id, position, id`, orgID, arg)
	if err != nil {
		return fmt.Errorf("load milestones: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m okr.Milestone
		var krID, done int64
		if err := rows.Scan(&m.ID, &krID, &m.Title, &done); err != nil {
			return fmt.Errorf("load milestones: %w", err)
		}
		m.Done = done != 0
		fn(krID, m)
	}
	return rows.Err()
}

func (t *tx) insertMilestone(krID int64, m okr.Milestone, position int) (int64, error) {
	return t.insert(t.ctx, `INSERT INTO milestones (org_id, kr_id, title, done, position) VALUES (?, ?, ?, ?, ?)`,
		t.org(), krID, m.Title, boolInt(m.Done), position)
}

// replaceMilestones makes next the milestone list of KR krID, whose list is
// now old. Milestones of next with the id of an old one keep it and its done
// flag; others are inserted undone; old ones missing from next are archived
// (see ListArchivedMilestones). It returns the stored list.
func (t *tx) replaceMilestones(krID int64, old, next []okr.Milestone) ([]okr.Milestone, error) {
	kept := make(map[int64]okr.Milestone, len(old))
	for _, m := range old {
		kept[m.ID] = m
	}
	out := make([]okr.Milestone, len(next))
	for i, m := range next {
		if o, ok := kept[m.ID]; ok && m.ID != 0 {
			delete(kept, m.ID)
			m.Done = o.Done
			if _, err := t.exec(t.ctx, `UPDATE milestones SET title = ?, position = ? WHERE id = ? AND org_id = ?`,
				m.Title, i, m.ID, t.org()); err != nil {
				return nil, err
			}
		} else {
			m.Done = false
			var err error
			if m.ID, err = t.insertMilestone(krID, m, i); err != nil {
				return nil, err
			}
		}
		out[i] = m
	}
	for id := range kept {
		if _, err := t.exec(t.ctx, `UPDATE milestones SET archived_at = ? WHERE id = ? AND org_id = ? AND archived_at IS NULL`,
			micros(t.now), id, t.org()); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func countDone(ms []okr.Milestone) int {
	n := 0
	for _, m := range ms {
		if m.Done {
			n++
		}
	}
	return n
}
