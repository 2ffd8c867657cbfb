package web

import (
	"context"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// viewerFilter selects the objectives of period that concern the viewer,
// so that My OKRs and the check-in read those instead of the whole period:
// their own, those of the units they lead, those holding a key result they
// own and, with wide, those of their own unit and those they follow
// (directly, or through the person or unit that owns them). Two statements.
func (s *Server) viewerFilter(ctx context.Context, v *Viewer, dir *directory, period okr.Period, wide bool) (store.ObjectiveFilter, error) {
	f := store.ObjectiveFilter{PeriodID: period.ID, OwnerPersonIDs: []int64{v.Person.ID}}
	led, member := s.teamUnits(dir, v.Person)
	for id := range led {
		f.OwnerUnitIDs = append(f.OwnerUnitIDs, id)
	}
	ids, err := s.DB.ObjectivesWithKRsOwnedBy(ctx, v.Org.ID, period.ID, v.Person.ID)
	if err != nil {
		return f, err
	}
	f.IDs = ids
	if !wide {
		return f, nil
	}
	for id := range member {
		f.OwnerUnitIDs = append(f.OwnerUnitIDs, id)
	}
	follows, err := s.DB.ListFollows(ctx, v.Org.ID, v.Person.ID)
	if err != nil {
		return f, err
	}
	for _, fl := range follows {
		switch fl.Kind {
		case "person":
			f.OwnerPersonIDs = append(f.OwnerPersonIDs, fl.TargetID)
		case "unit":
			f.OwnerUnitIDs = append(f.OwnerUnitIDs, fl.TargetID)
		case "objective":
			f.IDs = append(f.IDs, fl.TargetID)
		}
	}
	return f, nil
}
