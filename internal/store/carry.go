package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// CarryItem is one objective to carry into the next period, with the key
// results that restart from their current value instead of keeping their
// start (okr.KeyResult.RestartFromCurrent); the others keep their start and
// target.
type CarryItem struct {
	ObjectiveID int64
	Restart     map[int64]bool
}

// CarryOver copies the objectives into period toPeriodID as drafts, in one
// transaction: all of them or none. Each copy has its source's active key
// results (no check-ins, milestones undone; restarted ones start from their
// current value) and initiatives, and links back to its source
// (CarriedFrom). Alignment is kept where the target exists in the new
// period: a parent or contributes-to target carried along in the same step
// is linked to its copy, one already in the period stays linked, any other
// link is dropped. The actor must be allowed to edit every source. Returns
// EINVALID (field "period": the target is a source's own period, or not an
// active period; field "objectives": none given, or one twice), ENOTFOUND
// and EFORBIDDEN; on success the copies in the order of items.
func (db *DB) CarryOver(ctx context.Context, actor Actor, toPeriodID int64, items []CarryItem) ([]okr.Objective, error) {
	if len(items) == 0 {
		return nil, invalid("objectives", "choose at least one objective to carry over")
	}
	var out []okr.Objective
	err := db.write(ctx, actor, "carry over", func(t *tx) error {
		if err := t.activeRef("periods", toPeriodID, "period", "period"); err != nil {
			return err
		}
		srcs := map[int64]okr.Objective{}
		for _, it := range items {
			if _, dup := srcs[it.ObjectiveID]; dup {
				return invalid("objectives", fmt.Sprintf("objective %d is chosen twice", it.ObjectiveID))
			}
			src, err := getObjective(t.ctx, t.conn, t.org(), it.ObjectiveID)
			if err != nil {
				return err
			}
			if src.Archived {
				return invalid("objectives", fmt.Sprintf("objective %d is archived", src.ID))
			}
			if src.PeriodID == toPeriodID {
				return invalid("period", "an objective cannot be carried into its own period")
			}
			if err := require(t.mayEditObjective(&src))("you may not carry over objective %d", src.ID); err != nil {
				return err
			}
			srcs[src.ID] = src
		}
		// Parents first, so that a child carried along links to its
		// parent's copy.
		order := carryOrder(items, srcs)
		copies := map[int64]int64{}
		byID := map[int64]okr.Objective{}
		for _, it := range order {
			src := srcs[it.ObjectiveID]
			o := src
			o.PeriodID, o.State, o.Reflection, o.Contributes, o.PublishedAt = toPeriodID, okr.StateDraft, "", nil, nil
			parent, err := t.alignedInPeriod(src.ParentID, toPeriodID, copies)
			if err != nil {
				return err
			}
			o.ParentID = parent
			if err := t.insertObjectiveCopy(&o); err != nil {
				return err
			}
			if err := t.cloneKRs(src.ID, o.ID, it.Restart); err != nil {
				return err
			}
			if _, err := t.exec(t.ctx, `INSERT INTO carry_overs (org_id, from_id, to_id, by_id, at) VALUES (?, ?, ?, ?, ?)`,
				t.org(), src.ID, o.ID, nullID(personOf(t.actor)), micros(t.now)); err != nil {
				return err
			}
			copies[src.ID] = o.ID
			byID[o.ID] = o
		}
		for _, it := range order {
			src, id := srcs[it.ObjectiveID], copies[it.ObjectiveID]
			var targets []int64
			for _, target := range src.Contributes {
				if to, err := t.alignedInPeriod(&target, toPeriodID, copies); err != nil {
					return err
				} else if to != nil && *to != id {
					targets = append(targets, *to)
				}
			}
			if len(targets) == 0 {
				continue
			}
			targets = slices.Compact(slices.Sorted(slices.Values(targets)))
			if err := t.setContributes(id, targets); err != nil {
				return err
			}
			before := byID[id]
			after := before
			after.Contributes = targets
			if err := t.audit("objective", id, ActionContributes, audit.FromObjective(&before), audit.FromObjective(&after)); err != nil {
				return err
			}
			byID[id] = after
		}
		for _, it := range items {
			out = append(out, byID[copies[it.ObjectiveID]])
		}
		return nil
	})
	return out, err
}

// personOf is the actor's person, or nil for a system actor.
func personOf(a Actor) *int64 {
	if a.System || a.PersonID == 0 {
		return nil
	}
	id := a.PersonID
	return &id
}

// carryOrder orders items so that an objective comes after its parent when
// both are carried.
func carryOrder(items []CarryItem, srcs map[int64]okr.Objective) []CarryItem {
	depth := func(id int64) int {
		d := 0
		for seen := 0; seen <= len(srcs); seen++ {
			p := srcs[id].ParentID
			if p == nil {
				break
			}
			if _, ok := srcs[*p]; !ok {
				break
			}
			id, d = *p, d+1
		}
		return d
	}
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b CarryItem) int { return depth(a.ObjectiveID) - depth(b.ObjectiveID) })
	return out
}

// alignedInPeriod returns where a link to objective id goes in period: its
// copy when carried along, itself when it is an active objective of that
// period, else nil (the link is dropped).
func (t *tx) alignedInPeriod(id *int64, period int64, copies map[int64]int64) (*int64, error) {
	if id == nil {
		return nil, nil
	}
	if c, ok := copies[*id]; ok {
		return &c, nil
	}
	o, err := getObjective(t.ctx, t.conn, t.org(), *id)
	if okr.ErrorCode(err) == okr.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if o.PeriodID != period || o.Archived {
		return nil, nil
	}
	return id, nil
}

// CarryLink is an objective at the other end of a carry-over.
type CarryLink struct {
	ID         int64
	Title      string
	PeriodName string
}

// CarryLinks are an objective's carry-over links: the objective it was
// carried from, and the objectives it was carried into.
type CarryLinks struct {
	From *CarryLink
	To   []CarryLink
}

// GetCarryLinks returns the objective's carry-over links, with the title
// and period of the objective at the other end, in one query.
func (db *DB) GetCarryLinks(ctx context.Context, orgID, id int64) (CarryLinks, error) {
	var l CarryLinks
	rows, err := db.reader().query(ctx, `SELECT c.to_id, o.id, o.title, p.name
		FROM carry_overs c
		JOIN objectives o ON o.id = CASE WHEN c.to_id = ? THEN c.from_id ELSE c.to_id END
		JOIN periods p ON p.id = o.period_id
		WHERE c.org_id = ? AND (c.from_id = ? OR c.to_id = ?) AND o.archived_at IS NULL
		ORDER BY c.at, c.to_id`, id, orgID, id, id)
	if err != nil {
		return l, fmt.Errorf("store: carry links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var to int64
		var c CarryLink
		if err := rows.Scan(&to, &c.ID, &c.Title, &c.PeriodName); err != nil {
			return l, fmt.Errorf("store: carry links: %w", err)
		}
		if to == id {
			l.From = &c
		} else {
			l.To = append(l.To, c)
		}
	}
	return l, rows.Err()
}
