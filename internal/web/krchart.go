package web

import (
	"strconv"
	"time"

	"github.com/a-h/templ"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
	"github.com/okr-dev/okr/internal/web/chart"
)

// minChartPoints is how many check-ins a line chart needs: one point is
// no line, and an empty chart says nothing a sentence does not.
const minChartPoints = 2

// panelChartHeight is the height of a key result's chart in SVG units (it
// is 640 wide): lower than a chart on its own, as it stands beside the
// latest check-ins.
const panelChartHeight = 190

// krVisual sets the picture of key result d from its check-ins (oldest
// first) and target changes (oldest first): a yes/no key result gets a
// done badge, a milestones key result its steps, and a numeric one a line
// chart once it has two check-ins; with one, a note says so (with none, the
// check-in history says there are none). val
// formats a value in the key result's unit, as p.Val does.
func (p *Page) krVisual(d *krDetail, period *okr.Period, cis []view.Point, tcs []okr.TargetChange, val func(float64) string) {
	kind := d.KR.Metric.Kind
	switch {
	case kind.IsYesNo():
		d.Compact = p.krDone(&d.KR, cis).HTML()
	case kind.IsChecklist():
		d.Compact = p.krSteps(&d.KR).HTML()
	case len(cis) >= minChartPoints:
		d.Chart = p.krChart(period, d.KRView, cis, tcs, val)
	case len(cis) == 1:
		d.ChartNote = p.L.T("chart.one_point")
	}
}

// krDone is a yes/no key result's badge: done since the check-in that
// said yes (after the last no), or not done, with the last check-in's date.
func (p *Page) krDone(kr *okr.KeyResult, cis []view.Point) chart.Done {
	if len(cis) == 0 {
		return chart.Done{Label: p.L.T("word.not_done"), Note: p.L.T("chart.no_points")}
	}
	last := cis[len(cis)-1]
	if last.Value < 1 {
		return chart.Done{Label: p.L.T("word.not_done"), Note: p.L.T("chart.last_checkin", "Date", p.L.Date(last.At))}
	}
	since := last.At
	for i := len(cis) - 1; i >= 0 && cis[i].Value >= 1; i-- {
		since = cis[i].At
	}
	return chart.Done{Done: true, Label: p.L.T("word.done"), Note: p.L.T("chart.done_since", "Date", p.L.Date(since))}
}

// krSteps is a milestones key result's steps, as they stand.
func (p *Page) krSteps(kr *okr.KeyResult) chart.Steps {
	s := chart.Steps{DoneWord: p.L.T("word.done"), OpenWord: p.L.T("word.not_done")}
	for _, m := range kr.Milestones {
		s.Steps = append(s.Steps, chart.Step{Label: m.Title, Done: m.Done})
	}
	s.Summary = p.L.T("chart.steps_done", "Done", s.DoneCount(), "Total", len(s.Steps))
	return s
}

// krChart draws a numeric key result's progress over its period from its
// check-ins' points (oldest first) and target changes (oldest first).
func (p *Page) krChart(period *okr.Period, k *view.KRView, cis []view.Point, tcs []okr.TargetChange, val func(float64) string) templ.Component {
	kr := &k.KR
	m := kr.Metric
	c := chart.Progress{
		ID:        "chart-kr-" + strconv.FormatInt(kr.ID, 10),
		Title:     p.L.T("chart.title", "Title", kr.Title),
		From:      period.Start,
		To:        period.End.Add(24 * time.Hour),
		Start:     m.Start,
		Target:    m.Target,
		Now:       p.Now,
		Date:      p.L.DayMonth,
		Value:     val,
		Labels:    chart.Labels{Today: p.L.T("chart.today"), Changed: p.L.T("chart.changed")},
		Threshold: m.Kind.IsThreshold(),
		Height:    panelChartHeight,
	}
	if len(tcs) > 0 {
		// The KR carries today's start and target; the first change says
		// what they were before.
		c.Start, c.Target = tcs[0].OldStart, tcs[0].OldTarget
		for _, tc := range tcs {
			c.Changes = append(c.Changes, chart.Change{At: tc.At, Start: tc.NewStart, Target: tc.NewTarget})
		}
	}
	c.Points = make([]chart.Point, len(cis))
	for i, ci := range cis {
		c.Points[i] = chart.Point{At: ci.At, Value: ci.Value}
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
