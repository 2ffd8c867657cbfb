package web

import (
	"context"

	"github.com/okr-dev/okr/internal/okr"
)

// objGrades are the grades and the archived milestones of an objective's
// active key results, by key result id: what the API's objects show of its
// key results besides the key results themselves. Shared by requests once
// cached: read-only.
type objGrades struct {
	grades   map[int64]*okr.Grade
	archived map[int64][]okr.Milestone
}

// addGrades sets the grades and archived milestones of the active key
// results of objs (filed in n.krs). With fresh (objs were read first in
// this request), those of each objective whose revision holds come from
// the API's cache; the others are read in two statements and, with fresh,
// cached.
func (n *apiNumbers) addGrades(ctx context.Context, a *apiServer, orgID int64, objs []okr.Objective, fresh bool) error {
	c := a.s.objCaches().api
	var missing []*okr.Objective
	for i := range objs {
		o := &objs[i]
		if fresh {
			if v, ok := c.get(objCacheKey{org: orgID, obj: o.ID, kind: kindGrades}, revStamp(o)); ok {
				g := v.(*objGrades)
				for id, gr := range g.grades {
					n.grades[id] = gr
				}
				for id, ms := range g.archived {
					n.archivedMilestones[id] = ms
				}
				continue
			}
		}
		missing = append(missing, o)
	}
	if len(missing) == 0 {
		return nil
	}
	var krIDs []int64
	for _, o := range missing {
		for _, kr := range n.krs[o.ID] {
			krIDs = append(krIDs, kr.ID)
		}
	}
	grades, err := a.s.DB.ListGrades(ctx, orgID, krIDs)
	if err != nil {
		return err
	}
	archived, err := a.s.DB.ListArchivedMilestones(ctx, orgID, krIDs)
	if err != nil {
		return err
	}
	for id, g := range grades {
		n.grades[id] = g
	}
	for id, ms := range archived {
		n.archivedMilestones[id] = ms
	}
	if !fresh {
		return nil
	}
	for _, o := range missing {
		g := &objGrades{grades: map[int64]*okr.Grade{}, archived: map[int64][]okr.Milestone{}}
		var size int64
		for _, kr := range n.krs[o.ID] {
			if gr := grades[kr.ID]; gr != nil {
				g.grades[kr.ID] = gr
				size += 120 + int64(len(gr.Note))
			}
			if ms := archived[kr.ID]; ms != nil {
				g.archived[kr.ID] = ms
				for _, m := range ms {
					size += 64 + int64(len(m.Title))
				}
			}
		}
		c.put(objCacheKey{org: orgID, obj: o.ID, kind: kindGrades}, revStamp(o), g, size)
	}
	return nil
}
