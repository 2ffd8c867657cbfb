package store

import (
	"slices"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// ListForecastsOf gives exactly the rows of ListForecasts whose key result
// the person owns: directly, or through an objective they own when the key
// result has no owner of its own.
func TestListForecastsOf(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		m := okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 10, Unit: okr.Measure{Kind: okr.MeasureNumber}}
		mine := f.mustObjective(t, "Mine", personOwner(f.member.ID))
		theirs := f.mustObjective(t, "Theirs", personOwner(f.other.ID))
		team := f.mustObjective(t, "The team's", unitOwner(f.team.ID))
		krs := []okr.KeyResult{
			f.mustKR(t, mine.ID, "through my objective", m),
			f.mustKR(t, theirs.ID, "theirs", m),
			f.mustKR(t, team.ID, "the team's", m),
		}
		owned := f.mustKR(t, team.ID, "mine in the team's objective", m)
		owned.Owner = personOwner(f.member.ID)
		owned = must(db.UpdateKeyResult(ctx, f.sys, owned, ""))(t)
		krs = append(krs, owned)
		given := f.mustKR(t, mine.ID, "given away", m)
		given.Owner = personOwner(f.other.ID)
		krs = append(krs, must(db.UpdateKeyResult(ctx, f.sys, given, ""))(t))
		for _, kr := range krs {
			must(db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{{KeyResultID: kr.ID, Value: 5, Confidence: okr.OnTrack}}))(t)
			must(db.SetGrade(ctx, f.sys, okr.Grade{KeyResultID: kr.ID, Score: 0.5, Suggested: 0.5}, 0))(t)
		}
		all := must(db.ListForecasts(ctx, f.org.ID, []int64{f.period.ID}))(t)
		var want []ForecastRow
		for _, r := range all {
			if r.Owner.PersonID != nil && *r.Owner.PersonID == f.member.ID {
				want = append(want, r)
			}
		}
		got := must(db.ListForecastsOf(ctx, f.org.ID, []int64{f.period.ID}, f.member.ID))(t)
		if len(want) != 2 || !slices.EqualFunc(got, want, func(a, b ForecastRow) bool {
			return a.KeyResultID == b.KeyResultID && a.At.Equal(b.At) && a.Score == b.Score && a.Confidence == b.Confidence
		}) {
			t.Errorf("ListForecastsOf: %+v\nwant %+v (of %d rows)", got, want, len(all))
		}
	})
}
