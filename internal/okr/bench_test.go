package okr_test

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/okr"
)

// company is the large generated organisation in memory (10,000 people,
// about 33,000 objectives and 106,000 key results), built once per run.
type company struct {
	m        *gen.Memory
	period   *okr.Period
	now      time.Time
	krsOf    map[int64][]*okr.KeyResult // objective id → its key results
	children map[int64][]*okr.Objective // objective id → aligned below
	order    []*okr.Objective           // children before parents
}

var (
	companyOnce sync.Once
	companyData *company
	companyErr  error
)

func largeCompany(b *testing.B) *company {
	b.Helper()
	companyOnce.Do(func() {
		spec, _ := gen.SpecFor("large")
		now := time.Date(2026, 11, 18, 15, 0, 0, 0, time.UTC)
		m, err := gen.Build(gen.Options{Spec: spec, Seed: 1, Now: now})
		if err != nil {
			companyErr = err
			return
		}
		c := &company{m: m, period: &m.Periods[0], now: now, krsOf: map[int64][]*okr.KeyResult{}, children: map[int64][]*okr.Objective{}}
		for i := range m.KeyResults {
			kr := &m.KeyResults[i]
			c.krsOf[kr.ObjectiveID] = append(c.krsOf[kr.ObjectiveID], kr)
		}
		for i := range m.Objectives {
			o := &m.Objectives[i]
			if o.ParentID != nil {
				c.children[*o.ParentID] = append(c.children[*o.ParentID], o)
			}
		}
		// Objectives are generated level by level, top down: reversed, every
		// child comes before its parent.
		for i := len(m.Objectives) - 1; i >= 0; i-- {
			c.order = append(c.order, &m.Objectives[i])
		}
		companyData = c
	})
	if companyErr != nil {
		b.Fatal(companyErr)
	}
	b.ResetTimer()
	return companyData
}

// BenchmarkCompanyProgress computes what a board shows for every objective
// of the large organisation: each key result's progress and status, each
// objective's progress and status. One iteration is the whole company.
func BenchmarkCompanyProgress(b *testing.B) {
	c := largeCompany(b)
	pace := okr.DefaultPace()
	for b.Loop() {
		for i := range c.m.Objectives {
			o := &c.m.Objectives[i]
			krs := c.krsOf[o.ID]
			for _, kr := range krs {
				okr.KRStatus(kr, o, c.period, pace, c.now)
			}
			okr.ObjectiveProgress(o, krs)
			okr.ObjectiveStatus(o, krs, c.period, pace, c.now)
		}
	}
	b.ReportMetric(float64(len(c.m.Objectives)), "objectives")
	b.ReportMetric(float64(len(c.m.KeyResults)), "key_results")
}

// BenchmarkCompanyRollup rolls progress up the whole alignment tree of the
// large organisation, bottom up, as the alignment tree and the company
// overview do.
func BenchmarkCompanyRollup(b *testing.B) {
	c := largeCompany(b)
	own := make(map[int64]float64, len(c.m.Objectives))
	for i := range c.m.Objectives {
		o := &c.m.Objectives[i]
		if p, ok := okr.ObjectiveProgress(o, c.krsOf[o.ID]); ok {
			own[o.ID] = p
		}
	}
	b.ResetTimer()
	for b.Loop() {
		shown := make(map[int64]okr.ChildFigure, len(c.order))
		for _, o := range c.order {
			if kids := c.children[o.ID]; len(kids) > 0 {
				e := okr.ExplainRollup(kids, shown)
				if _, has := own[o.ID]; !has {
					shown[o.ID] = okr.ChildFigure{Value: e.Result}
					continue
				}
			}
			if p, ok := own[o.ID]; ok {
				shown[o.ID] = okr.ChildFigure{Value: p}
			}
		}
	}
}

// BenchmarkCompanyGrading scores every objective of the large organisation
// with half of its key results graded, and places each score in the band.
func BenchmarkCompanyGrading(b *testing.B) {
	c := largeCompany(b)
	grades := map[int64]*okr.Grade{}
	for i, kr := range c.m.KeyResults {
		if i%2 == 0 {
			grades[kr.ID] = &okr.Grade{KeyResultID: kr.ID, Score: okr.SuggestedScore(&c.m.KeyResults[i])}
		}
	}
	s := okr.DefaultSettings()
	b.ResetTimer()
	verdicts := map[okr.Verdict]int{}
	for b.Loop() {
		clear(verdicts)
		for i := range c.m.Objectives {
			score, ok := okr.ObjectiveScore(c.krsOf[c.m.Objectives[i].ID], grades)
			if ok {
				verdicts[okr.VerdictFor(score, s.BandLow, s.BandHigh)]++
			}
		}
	}
	b.ReportMetric(float64(verdicts[okr.VerdictRightLevel]), "right_level")
}

// BenchmarkExplainObjective builds every explanation the "why this
// number?" of one objective shows (its progress, each key result's
// progress and status, the roll-up of its children) and encodes them as
// JSON, for a department objective with many children.
func BenchmarkExplainObjective(b *testing.B) {
	c := largeCompany(b)
	var o *okr.Objective
	for i := range c.m.Objectives {
		cand := &c.m.Objectives[i]
		if o == nil || len(c.children[cand.ID]) > len(c.children[o.ID]) {
			o = cand
		}
	}
	krs := c.krsOf[o.ID]
	progress := map[int64]okr.ChildFigure{}
	for _, k := range c.children[o.ID] {
		v, _, final := okr.OwnFigure(k, c.krsOf[k.ID])
		progress[k.ID] = okr.ChildFigure{Value: v, Final: final}
	}
	b.ResetTimer()
	for b.Loop() {
		out := []any{okr.ExplainObjectiveProgress(o, krs), okr.ExplainRollup(c.children[o.ID], progress)}
		for _, kr := range krs {
			out = append(out, kr.ExplainProgress(), okr.ExplainKRStatus(kr, o, c.period, okr.DefaultPace(), c.now).Explanation)
		}
		if _, err := json.Marshal(out); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(c.children[o.ID])), "children")
}
