package web

import (
	"strconv"
	"time"

	"github.com/a-h/templ"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
	"github.com/okr-dev/okr/internal/web/chart"
)

// krChart draws a key result's progress over its period from its
// check-ins (oldest first) and target changes (oldest first); val formats
// a value in the key result's unit, as p.Val does.
func (p *Page) krChart(period *okr.Period, k *view.KRView, cis []okr.CheckIn, tcs []okr.TargetChange, val func(float64) string) templ.Component {
	kr := &k.KR
	m := kr.Metric
	c := chart.Progress{
		ID:     "chart-kr-" + strconv.FormatInt(kr.ID, 10),
		Title:  p.L.T("chart.title", "Title", kr.Title),
		From:   period.Start,
		To:     period.End.Add(24 * time.Hour),
		Start:  m.Start,
		Target: m.Target,
		Now:    p.Now,
		Date:   p.L.DayMonth,
		Value:  val,
		Labels: chart.Labels{Today: p.L.T("chart.today"), Changed: p.L.T("chart.changed")},
	}
	c.Threshold = m.Kind.IsThreshold()
	switch m.Kind {
	case okr.MetricBoolean:
		c.Start, c.Target = 0, 1
		c.Value = func(v float64) string {
			switch v {
			case 0:
				return p.L.T("word.no")
			case 1:
				return p.L.T("word.yes")
			}
			return ""
		}
	case okr.MetricMilestones:
		c.Start, c.Target = 0, float64(len(kr.Milestones))
		c.Value = func(v float64) string { return p.L.Number(v, 1) }
	}
	if len(tcs) > 0 && m.Kind.IsNumeric() {
		// The KR carries today's start and target; the first change says
		// what they were before.
		c.Start, c.Target = tcs[0].OldStart, tcs[0].OldTarget
		for _, tc := range tcs {
			c.Changes = append(c.Changes, chart.Change{At: tc.At, Start: tc.NewStart, Target: tc.NewTarget})
		}
	}
	for _, ci := range cis {
		c.Points = append(c.Points, chart.Point{At: ci.At, Value: ci.Value})
	}
	c.Desc = p.chartDesc(period, k, len(cis), len(c.Changes))
	return c.SVG()
}

// chartDesc says in one sentence what the chart shows.
func (p *Page) chartDesc(period *okr.Period, k *view.KRView, points, changes int) string {
	s := p.L.T("chart.desc", "Goal", p.Goal(&k.KR), "Current", p.Current(&k.KR), "Progress", p.pct(k.Progress), "Expected", p.pct(k.Expected))
	s += " " + p.L.N("chart.points", points)
	if changes > 0 {
		s += " " + p.L.N("chart.changes", changes)
	}
	return s
}
