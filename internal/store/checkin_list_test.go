package store

import (
	"slices"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

func TestListCheckInsPage(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		q2 := must(db.CreatePeriod(ctx, f.sys, okr.Period{Name: "Q2 2026", Kind: okr.PeriodQuarter, Start: date(2026, 4, 1), End: date(2026, 6, 30)}))(t)
		o1 := f.mustObjective(t, "One", unitOwner(f.dept.ID))
		o2 := f.mustObjective(t, "Two", unitOwner(f.dept.ID))
		o3 := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: q2.ID, Title: "Three", Owner: unitOwner(f.dept.ID)}))(t)
		a, b := f.mustKR(t, o1.ID, "a", increase(0, 100)), f.mustKR(t, o1.ID, "b", increase(0, 100))
		c, d := f.mustKR(t, o2.ID, "c", increase(0, 100)), f.mustKR(t, o3.ID, "d", increase(0, 100))
		now := time.Now().UTC().Truncate(time.Second)
		day := func(n int) time.Time { return now.AddDate(0, 0, -n) }
		checkIn := func(actor Actor, kr okr.KeyResult, at time.Time) int64 {
			return must(db.CreateCheckIns(ctx, actor, []okr.CheckIn{{KeyResultID: kr.ID, Value: 10, Confidence: okr.OnTrack, At: at}}))(t)[0].ID
		}
		a1, a2 := checkIn(as(f.lead), a, day(3)), checkIn(f.sys, a, day(1))
		b1 := checkIn(as(f.lead), b, day(2))
		c1 := checkIn(f.sys, c, day(5))
		d1 := checkIn(as(f.lead), d, day(1))
		must(db.ArchiveKeyResult(ctx, f.sys, b.ID, b.Version))(t) // history stays listed

		other := mustFixture(t, db)
		oo := other.mustObjective(t, "Theirs", unitOwner(other.dept.ID))
		ok := other.mustKR(t, oo.ID, "x", increase(0, 1))
		must(db.CreateCheckIns(ctx, other.sys, []okr.CheckIn{{KeyResultID: ok.ID, Value: 1, Confidence: okr.OnTrack}}))(t)

		for _, tc := range []struct {
			name  string
			f     CheckInFilter
			want  []int64
			total int
		}{
			{"all of the organisation", CheckInFilter{}, []int64{a1, a2, b1, c1, d1}, 5},
			{"key results", CheckInFilter{KeyResultIDs: []int64{a.ID, c.ID, ok.ID}}, []int64{a1, a2, c1}, 3},
			{"objectives", CheckInFilter{ObjectiveIDs: []int64{o1.ID, oo.ID}}, []int64{a1, a2, b1}, 3},
			{"period", CheckInFilter{PeriodID: f.period.ID}, []int64{a1, a2, b1, c1}, 4},
			{"another organisation's period", CheckInFilter{PeriodID: other.period.ID}, nil, 0},
			{"author", CheckInFilter{PeriodID: f.period.ID, AuthorID: f.lead.ID}, []int64{a1, b1}, 2},
			{"since and until", CheckInFilter{Since: ptr(day(3)), Until: ptr(day(1))}, []int64{a1, b1}, 2},
			{"page", CheckInFilter{PeriodID: f.period.ID, Limit: 2, Offset: 1}, []int64{a2, b1}, 4},
			{"offset without a limit", CheckInFilter{PeriodID: f.period.ID, Offset: 3}, []int64{c1}, 4},
			{"past the end", CheckInFilter{Limit: 10, Offset: 10}, nil, 5},
		} {
			c, counter := WithQueryCounter(ctx)
			list, total := must2(db.ListCheckInsPage(c, f.org.ID, tc.f))(t)
			var ids []int64
			for _, ci := range list {
				ids = append(ids, ci.ID)
			}
			if !slices.Equal(ids, tc.want) || total != tc.total {
				t.Errorf("%s: got %v of %d, want %v of %d", tc.name, ids, total, tc.want, tc.total)
			}
			if n := counter.Count(); n != 2 {
				t.Errorf("%s: %d statements, want 2", tc.name, n)
			}
		}
	})
}
