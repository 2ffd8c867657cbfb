package web

import "context"

// followedObjectives returns the ids of the board's objectives that the
// viewer follows: directly, or through their owner person or unit.
func (s *Server) followedObjectives(ctx context.Context, v *Viewer, b *board) (map[int64]bool, error) {
	follows, err := s.DB.ListFollows(ctx, v.Org.ID, v.Person.ID)
	if err != nil {
		return nil, err
	}
	people, units, objs := map[int64]bool{}, map[int64]bool{}, map[int64]bool{}
	for _, f := range follows {
		switch f.Kind {
		case "person":
			people[f.TargetID] = true
		case "unit":
			units[f.TargetID] = true
		case "objective":
			objs[f.TargetID] = true
		}
	}
	out := map[int64]bool{}
	for _, o := range b.objs {
		own := o.O.Owner
		if objs[o.O.ID] || (own.PersonID != nil && people[*own.PersonID]) || (own.UnitID != nil && units[*own.UnitID]) {
			out[o.O.ID] = true
		}
	}
	return out, nil
}
