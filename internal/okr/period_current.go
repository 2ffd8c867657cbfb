package okr

import "time"

// CurrentPeriod picks the period to show by default at now from periods:
// the open quarter containing today (UTC), else the latest-starting open
// period containing today, else the latest-starting period; ties go to the
// higher id. Archived periods never count. ok is false when none is left.
// store.DB.CurrentPeriod answers the same in SQL.
func CurrentPeriod(periods []Period, now time.Time) (p Period, ok bool) {
	y, m, d := now.UTC().Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	rank := func(p *Period) int {
		if p.Closed || p.Start.After(today) || p.End.Before(today) {
			return 2
		}
		if p.Kind == PeriodQuarter {
			return 0
		}
		return 1
	}
	var best *Period
	for i := range periods {
		c := &periods[i]
		if c.Archived {
			continue
		}
		if best == nil {
			best = c
			continue
		}
		rc, rb := rank(c), rank(best)
		switch {
		case rc != rb:
			if rc < rb {
				best = c
			}
		case !c.Start.Equal(best.Start):
			if c.Start.After(best.Start) {
				best = c
			}
		case c.ID > best.ID:
			best = c
		}
	}
	if best == nil {
		return Period{}, false
	}
	return *best, true
}
