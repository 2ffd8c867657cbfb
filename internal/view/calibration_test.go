package view

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// The calibration of the demo's ended quarter, read in one query, equals
// okr.Calibrate over forecasts gathered the long way (objectives, key
// results, grades and check-ins one list at a time), on both databases;
// drafts and archived key results count in neither; the root unit's
// calibration is the organisation's.
func TestCalibrationsMatchTheLongWay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res, err := demo.Load(ctx, db, testDay)
		if err != nil {
			t.Fatal(err)
		}
		m := New(db, func() time.Time { return testDay })
		dir := must[*Directory](t)(m.Directory(ctx, res.OrgID))
		periods := must[[]okr.Period](t)(m.Periods(ctx, res.OrgID))
		var ended []okr.Period
		for _, p := range periods {
			if okr.PeriodOver(&p, testDay) {
				ended = append(ended, p)
			}
		}
		if len(ended) == 0 {
			t.Fatal("the demo has no ended period")
		}
		got := must[*Calibrations](t)(m.Calibrations(ctx, res.OrgID, dir, ended))

		var want []okr.Forecast
		for i := range ended {
			p := &ended[i]
			objs, _, err := db.ListObjectives(ctx, res.OrgID, store.ObjectiveFilter{PeriodID: p.ID})
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, o := range objs {
				if o.State != okr.StateDraft {
					ids = append(ids, o.ID)
				}
			}
			krs := must[[]okr.KeyResult](t)(db.ListKeyResults(ctx, res.OrgID, ids, false))
			var krIDs []int64
			for _, k := range krs {
				krIDs = append(krIDs, k.ID)
			}
			grades := must[map[int64]*okr.Grade](t)(db.ListGrades(ctx, res.OrgID, krIDs))
			checkins := must[[]okr.CheckIn](t)(db.ListCheckIns(ctx, res.OrgID, krIDs, nil))
			for _, c := range checkins {
				if g := grades[c.KeyResultID]; g != nil && c.Confidence != "" {
					want = append(want, okr.Forecast{KeyResultID: c.KeyResultID, Confidence: c.Confidence, Phase: okr.PhaseOf(p, c.At), Score: g.Score})
				}
			}
		}
		w := okr.Calibrate(want, dir.Settings.BandLow)
		if w.Forecasts == 0 {
			t.Fatal("the demo's ended period has no graded key result with a confidence: the test proves nothing")
		}
		if got.Org.Forecasts != w.Forecasts || got.Org.KeyResults != w.KeyResults || math.Abs(got.Org.Brier-w.Brier) > 1e-12 || len(got.Org.Cells) != len(w.Cells) {
			t.Errorf("calibration read in one query = %+v\nthe long way = %+v", got.Org, w)
		}
		if root := got.Units[dir.Root.ID]; root.Forecasts != w.Forecasts || math.Abs(root.Brier-w.Brier) > 1e-12 {
			t.Errorf("the root unit's calibration (%d forecasts) differs from the organisation's (%d)", root.Forecasts, w.Forecasts)
		}
		people := 0
		for _, c := range got.People {
			people += c.Forecasts
		}
		if people == 0 || people > w.Forecasts {
			t.Errorf("people's forecasts add up to %d of %d", people, w.Forecasts)
		}
	})
}
