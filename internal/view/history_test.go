package view

import (
	"context"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// A recorded scenario: a quarter lived week by week (objectives published
// in different weeks, check-ins with confidences, a target changed, a
// milestone done, a grade at the end), with what the live company view
// showed at the end of each week written down. Afterwards the history
// rebuilds every one of those weeks exactly as it was shown, on both
// databases.
func TestHistoryEqualsWhatTheLiveViewShowed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		clock := start.Add(-48 * time.Hour)
		db.SetClock(func() time.Time { return clock })
		defer db.SetClock(time.Now)
		org, err := db.CreateOrg(ctx, "Replay", "replay")
		if err != nil {
			t.Fatal(err)
		}
		sys := store.SystemActor(org.ID)
		root := must[okr.Unit](t)(db.CreateUnit(ctx, sys, okr.Unit{Name: "Replay AS", Kind: okr.UnitCompany}))
		team := must[okr.Unit](t)(db.CreateUnit(ctx, sys, okr.Unit{Name: "Team", Kind: okr.UnitTeam, ParentID: &root.ID}))
		period := must[okr.Period](t)(db.CreatePeriod(ctx, sys, okr.Period{Name: "Q1 2026", Kind: okr.PeriodQuarter, Start: start, End: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}))
		o1 := must[okr.Objective](t)(db.CreateObjective(ctx, sys, okr.Objective{PeriodID: period.ID, Title: "Happier customers in the north", Owner: okr.Owner{UnitID: &root.ID}, State: okr.StatePublished}))
		o2 := must[okr.Objective](t)(db.CreateObjective(ctx, sys, okr.Objective{PeriodID: period.ID, Title: "A web shop people recommend", Owner: okr.Owner{UnitID: &team.ID}, ParentID: &o1.ID, State: okr.StateDraft}))
		nps := must[okr.KeyResult](t)(db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: o1.ID, Title: "NPS from 20 to 40", Weight: 1, Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 20, Target: 40, Unit: okr.Measure{Kind: okr.MeasureNumber}}}))
		churn := must[okr.KeyResult](t)(db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: o1.ID, Title: "Churn from 8 % to 5 %", Weight: 1, Metric: okr.Metric{Kind: okr.MetricDecrease, Start: 8, Target: 5, Unit: okr.Measure{Kind: okr.MeasurePercent}}}))
		launch := must[okr.KeyResult](t)(db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: o2.ID, Title: "Shop live", Weight: 1, Metric: okr.Metric{Kind: okr.MetricMilestones},
			Milestones: []okr.Milestone{{Title: "Design"}, {Title: "Payments"}, {Title: "Launch"}}}))

		shown := map[time.Time]Summary{}
		record := func(at time.Time) {
			t.Helper()
			m := New(db, func() time.Time { return at })
			dir := must[*Directory](t)(m.Directory(ctx, org.ID))
			b, _ := must2(t)(m.LoadBoard(ctx, org.ID, period, dir, store.ObjectiveFilter{}))
			shown[at] = Summarize(b.Objs, okr.ExpectedProgress(&period, at))
		}
		checkIn := func(c okr.CheckIn) {
			t.Helper()
			must[[]okr.CheckIn](t)(db.CreateCheckIns(ctx, sys, []okr.CheckIn{c}))
		}
		weeks := WeekEnds(period, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
		for i, end := range weeks {
			clock = end.Add(-30 * time.Hour) // Friday's check-ins
			switch i {
			case 0:
				checkIn(okr.CheckIn{KeyResultID: nps.ID, Value: 22, Confidence: okr.OnTrack})
			case 1:
				checkIn(okr.CheckIn{KeyResultID: churn.ID, Value: 7.5, Confidence: okr.AtRisk})
				// o2 is published in week 2: before, it counts nowhere.
				cur := must[okr.Objective](t)(db.GetObjective(ctx, org.ID, o2.ID))
				cur.State = okr.StatePublished
				must[okr.Objective](t)(db.UpdateObjective(ctx, sys, cur))
			case 2:
				ms := must[[]okr.KeyResult](t)(db.ListKeyResults(ctx, org.ID, []int64{o2.ID}, false))[0].Milestones
				checkIn(okr.CheckIn{KeyResultID: launch.ID, MilestonesDone: []int64{ms[0].ID}, Confidence: okr.OnTrack})
			case 3:
				// The NPS target is raised to 45.
				kr := must[okr.KeyResult](t)(db.GetKeyResult(ctx, org.ID, nps.ID))
				kr.Metric.Target = 45
				must[okr.KeyResult](t)(db.UpdateKeyResult(ctx, sys, kr, "the board asked for more"))
				checkIn(okr.CheckIn{KeyResultID: nps.ID, Value: 30, Confidence: okr.AtRisk})
			case 5:
				checkIn(okr.CheckIn{KeyResultID: churn.ID, Value: 6, Confidence: okr.OnTrack})
			}
			// Weeks 4 and 6 on: no check-ins, so key results turn "not updated".
			record(end)
		}
		now := weeks[len(weeks)-1]
		m := New(db, func() time.Time { return now })
		dir := must[*Directory](t)(m.Directory(ctx, org.ID))
		objs, _, err := db.ListObjectives(ctx, org.ID, store.ObjectiveFilter{PeriodID: period.ID})
		if err != nil {
			t.Fatal(err)
		}
		hist := must[[]HistoryPoint](t)(m.History(ctx, org.ID, period, dir, objs, now))
		if len(hist) != len(weeks) {
			t.Fatalf("history has %d points, want %d", len(hist), len(weeks))
		}
		for _, h := range hist {
			want, ok := shown[h.At]
			if !ok {
				t.Fatalf("history point at %s was never shown", h.At)
			}
			if h.Summary != want {
				t.Errorf("week ending %s: history %+v, live view showed %+v", h.At.Format(time.DateOnly), h.Summary, want)
			}
		}
		if hist[0].Summary.Counted != 1 || hist[1].Summary.Counted != 2 || hist[len(hist)-1].Summary.Stale == 0 {
			t.Errorf("the scenario did not play out: %+v", hist)
		}
	})
}

func must2(t *testing.T) func(b *Board, n int, err error) (*Board, int) {
	return func(b *Board, n int, err error) (*Board, int) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b, n
	}
}
