package store

import (
	"context"
	"fmt"

	"github.com/okr-dev/okr/internal/okr"
)

// loadMilestones fills Milestones of krs in one query.
func loadMilestones(ctx context.Context, c conn, orgID int64, krs []okr.KeyResult) error {
	if len(krs) == 0 {
		return nil
	}
	ids := make([]int64, len(krs))
	at := make(map[int64]int, len(krs))
	for i, kr := range krs {
		ids[i], at[kr.ID] = kr.ID, i
	}
	in, arg := c.db.inIDs("kr_id", ids)
	rows, err := c.query(ctx, `SELECT id, kr_id, title, done FROM milestones WHERE org_id = ? AND `+in+`
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
		i := at[krID]
		krs[i].Milestones = append(krs[i].Milestones, m)
	}
	return rows.Err()
}

func (t *tx) insertMilestone(krID int64, m okr.Milestone, position int) (int64, error) {
	return t.insert(t.ctx, `INSERT INTO milestones (org_id, kr_id, title, done, position) VALUES (?, ?, ?, ?, ?)`,
		t.org(), krID, m.Title, boolInt(m.Done), position)
}

// replaceMilestones makes next the milestone list of KR krID, whose list is
// now old. Milestones of next with the id of an old one keep it and its done
// flag; others are inserted undone; old ones missing from next are deleted.
// It returns the stored list.
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
		if _, err := t.exec(t.ctx, `DELETE FROM milestones WHERE id = ? AND org_id = ?`, id, t.org()); err != nil {
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
