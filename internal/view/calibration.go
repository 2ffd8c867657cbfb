package view

import (
	"context"

	"github.com/okr-dev/okr/internal/okr"
)

// Calibrations is the confidence calibration of periods that have ended:
// for the organisation, for each unit (its own key results, its sub-units'
// and its members', so a department sees its teams), and for each person
// (the key results they own).
type Calibrations struct {
	Periods []okr.Period
	Org     okr.Calibration
	Units   map[int64]okr.Calibration
	People  map[int64]okr.Calibration
}

// Calibrations compares the confidences of every check-in on the graded key
// results of periods with their grades (okr.Calibrate), in one query.
func (m *Model) Calibrations(ctx context.Context, orgID int64, dir *Directory, periods []okr.Period) (*Calibrations, error) {
	byID := map[int64]*okr.Period{}
	ids := make([]int64, 0, len(periods))
	for i := range periods {
		byID[periods[i].ID] = &periods[i]
		ids = append(ids, periods[i].ID)
	}
	rows, err := m.db.ListForecasts(ctx, orgID, ids)
	if err != nil {
		return nil, err
	}
	var all []okr.Forecast
	units := map[int64][]okr.Forecast{}
	people := map[int64][]okr.Forecast{}
	for _, r := range rows {
		p := byID[r.PeriodID]
		if p == nil {
			continue
		}
		f := okr.Forecast{KeyResultID: r.KeyResultID, Confidence: r.Confidence, Phase: okr.PhaseOf(p, r.At), Score: r.Score}
		all = append(all, f)
		var home *okr.Unit
		if r.Owner.PersonID != nil {
			people[*r.Owner.PersonID] = append(people[*r.Owner.PersonID], f)
			if person := dir.People[*r.Owner.PersonID]; person != nil && person.UnitID != nil {
				home = dir.Units[*person.UnitID]
			}
		} else if r.Owner.UnitID != nil {
			home = dir.Units[*r.Owner.UnitID]
		}
		for _, u := range dir.Path(home) {
			units[u.ID] = append(units[u.ID], f)
		}
	}
	band := dir.Settings.BandLow
	c := &Calibrations{Periods: periods, Org: okr.Calibrate(all, band), Units: map[int64]okr.Calibration{}, People: map[int64]okr.Calibration{}}
	for id, fs := range units {
		c.Units[id] = okr.Calibrate(fs, band)
	}
	for id, fs := range people {
		c.People[id] = okr.Calibrate(fs, band)
	}
	return c, nil
}
