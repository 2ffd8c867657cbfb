package view

import (
	"context"
	"time"

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

// CallHint is the coach's word on how a person's confidence foretold their
// key results' grades in the periods that ended before now (okr.HintFromCalls):
// for each graded key result they own, the last confidence given before its
// period ended. One query, over that person's key results only.
func (m *Model) CallHint(ctx context.Context, orgID, personID int64, periods []okr.Period, now time.Time) (okr.CallHint, error) {
	ended := map[int64]*okr.Period{}
	var ids []int64
	for i := range periods {
		if p := &periods[i]; p.End.AddDate(0, 0, 1).Before(now) {
			ended[p.ID] = p
			ids = append(ids, p.ID)
		}
	}
	if len(ids) == 0 {
		return okr.CallHint{}, nil
	}
	rows, err := m.db.ListForecastsOf(ctx, orgID, ids, personID)
	if err != nil {
		return okr.CallHint{}, err
	}
	last := map[int64]okr.Call{}
	for _, r := range rows {
		p := ended[r.PeriodID]
		if p == nil || r.At.After(p.End.AddDate(0, 0, 1)) {
			continue
		}
		if c, ok := last[r.KeyResultID]; !ok || r.At.After(c.At) {
			last[r.KeyResultID] = okr.Call{KeyResultID: r.KeyResultID, Confidence: r.Confidence, At: r.At, Score: r.Score}
		}
	}
	calls := make([]okr.Call, 0, len(last))
	for _, c := range last {
		calls = append(calls, c)
	}
	return okr.HintFromCalls(calls), nil
}
