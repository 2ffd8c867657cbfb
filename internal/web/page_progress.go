package web

import (
	"net/http"
	"time"

	"github.com/a-h/templ"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
	"github.com/okr-dev/okr/internal/web/chart"
)

// progressData is progress over time for the company, a unit (with its
// sub-units and members) or a person: the mean progress week by week
// against the expected line, the share of key results in each status per
// week, and the distribution of grades against the band.
type progressData struct {
	overviewData
	Scope  string
	Points []view.HistoryPoint
	Line   templ.Component
	Stack  chart.Stack
	Grades chart.Bars
	Graded int
}

func (s *Server) progressPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	period, periods, err := s.pickPeriod(ctx, r, v.Org.ID)
	if err != nil {
		return err
	}
	d := &progressData{overviewData: overviewData{Period: period, Periods: periods}, Scope: v.Org.Name}
	p := s.newPage(r, "overview", "progress.title", d)
	if period.ID == 0 {
		return s.page(w, r, http.StatusOK, p, ProgressPage(p, d))
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	f, err := d.readFilter(r.URL.Query(), dir)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = 0, 0
	d.Units = pickableUnits(dir, d.UnitID)
	d.People = pickablePeople(dir, d.UnitID, d.PersonID)
	switch {
	case d.PersonID != 0:
		d.Scope = dir.People[d.PersonID].Name
	case d.UnitID != 0:
		d.Scope = dir.Units[d.UnitID].Name
	}
	f.PeriodID = period.ID
	objs, _, err := s.DB.ListObjectives(ctx, v.Org.ID, f)
	if err != nil {
		return err
	}
	if d.Points, err = s.view().History(ctx, v.Org.ID, period, dir, objs, p.Now); err != nil {
		return err
	}
	d.Line = p.historyLine(&period, d.Scope, d.Points)
	d.Stack = p.statusStack(d.Points)
	b, _, err := s.loadBoard(ctx, v.Org.ID, period, dir, f)
	if err != nil {
		return err
	}
	d.Grades, d.Graded = p.gradeDistribution(b.Objs)
	return s.page(w, r, http.StatusOK, p, ProgressPage(p, d))
}

// historyLine draws the mean progress week by week against the expected
// line (linear over the period, as on the key results' charts).
func (p *Page) historyLine(period *okr.Period, scope string, pts []view.HistoryPoint) templ.Component {
	c := chart.Progress{
		ID: "chart-history", Title: p.L.T("progress.line_title", "Scope", scope),
		From: period.Start, To: period.End.Add(24 * time.Hour), Start: 0, Target: 1, Now: p.Now,
		Date: p.L.DayMonth, Value: p.pct, Labels: chart.Labels{Today: p.L.T("chart.today"), Changed: p.L.T("chart.changed")},
	}
	for _, h := range pts {
		if h.Summary.Counted > 0 {
			c.Points = append(c.Points, chart.Point{At: h.At, Value: h.Summary.Mean})
		}
	}
	if n := len(pts); n > 0 {
		last := pts[n-1].Summary
		c.Desc = p.L.T("progress.line_desc", "Mean", p.pct(last.Mean), "Expected", p.pct(last.Expected))
	}
	return c.SVG()
}

// statusSeries are the statuses the weekly columns stack, bottom up.
var statusSeries = []okr.Status{okr.StatusAhead, okr.StatusOnTrack, okr.StatusBehind, okr.StatusStale, okr.StatusNotStarted, okr.StatusGraded}

// statusCounts are a week's key results per status, in statusSeries order.
func statusCounts(s view.Summary) []int {
	return []int{s.Ahead, s.OnTrack, s.Behind, s.Stale, s.NotStarted, s.Final}
}

// statusStack draws the share of key results per status, week by week.
func (p *Page) statusStack(pts []view.HistoryPoint) chart.Stack {
	c := chart.Stack{ID: "chart-statuses", Title: p.L.T("progress.stack_title"), Desc: p.L.T("progress.stack_desc")}
	for _, st := range statusSeries {
		c.Series = append(c.Series, chart.Series{Name: p.L.T("status." + string(st)), Class: "stack-" + string(st)})
	}
	for _, h := range pts {
		c.Columns = append(c.Columns, chart.Column{Label: p.L.DayMonth(weekDay(h.At)), Counts: statusCounts(h.Summary)})
	}
	return c
}

// gradeDistribution counts the graded key results per tenth of a score,
// the tenths inside the band coloured.
func (p *Page) gradeDistribution(objs []*view.ObjView) (chart.Bars, int) {
	set := p.Viewer.Org.Settings
	var counts [10]int
	n := 0
	for _, o := range objs {
		for _, k := range o.KRs {
			if k.KR.Score == nil {
				continue
			}
			i := min(int(*k.KR.Score*10), 9)
			counts[max(i, 0)]++
			n++
		}
	}
	b := chart.Bars{ID: "chart-grades", Title: p.L.T("progress.grades_title"), Desc: p.L.N("progress.grades_desc", n, "Low", p.L.Pct(set.BandLow), "High", p.L.Pct(set.BandHigh))}
	g := chart.BarGroup{Label: p.L.T("progress.grades_group")}
	for i, k := range counts {
		share := 0.0
		if n > 0 {
			share = float64(k) / float64(n)
		}
		lo, hi := float64(i)/10, float64(i+1)/10
		class := "bar-grade"
		if lo >= set.BandLow-1e-9 && hi <= set.BandHigh+1e-9 {
			class = "bar-grade-band"
		}
		label := p.L.Pct(lo) + "–" + p.L.Pct(hi)
		g.Bars = append(g.Bars, chart.Bar{Label: label, Value: share, Class: class, Text: p.L.N("progress.krs", k)})
	}
	b.Groups = []chart.BarGroup{g}
	return b, n
}

// weekDay is the day a history point closes: the Sunday that ends at a week
// end (midnight), or today.
func weekDay(at time.Time) time.Time { return at.Add(-time.Second) }
