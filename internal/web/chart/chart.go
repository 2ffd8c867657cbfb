// Package chart draws the charts of the web pages as server-rendered SVG:
// a key result's progress over time and a KPI's sparkline. The SVG is
// styled by classes from the page's stylesheet (no inline styles, so it
// works under a strict Content-Security-Policy) and carries <title> and
// <desc>; pages put a text alternative (a table or a sentence) beside it.
package chart

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
)

// Point is one value at one time: a check-in or a KPI reading.
type Point struct {
	At    time.Time
	Value float64
}

// Change is a change of a key result's start and target, in force from At.
type Change struct {
	At            time.Time
	Start, Target float64
}

// Labels are the translated words a chart writes.
type Labels struct {
	Today   string // "Today"
	Changed string // "Target changed"
}

// Progress is a key result's progress over its period: the actual values as
// a step line (a value holds until the next check-in) against the expected
// line from start to target, with target changes and today marked.
type Progress struct {
	ID    string // unique on the page; prefixes the ids of <title>/<desc>
	Title string
	Desc  string
	// From is the period's first instant and To its end (exclusive).
	From, To time.Time
	// Start and Target are the values first set; Changes are later ones.
	Start, Target float64
	Changes       []Change
	Points        []Point
	Now           time.Time
	// Threshold draws Target as a line to stay above or below, instead of
	// an expected line from start to target.
	Threshold bool
	// Height is the chart's height in SVG units (its width is 640); 0 is
	// the default, 230. A lower chart fits beside a table.
	Height float64
	Value  func(float64) string   // formats a y-axis value
	Date   func(time.Time) string // formats an x-axis date
	Labels Labels
}

// Geometry of the progress chart in SVG user units; the SVG scales to the
// width of its container.
const (
	width   = 640.0
	height  = 230.0
	padL    = 64.0
	padR    = 18.0
	padT    = 24.0
	padB    = 30.0
	plotW   = width - padL - padR
	plotH   = height - padT - padB
	maxTick = 5
)

// plotHeight is the height of the plot area: the chart's less its padding.
func (c Progress) plotHeight() float64 {
	if c.Height <= padT+padB {
		return plotH
	}
	return c.Height - padT - padB
}

// viewBox is the SVG's viewBox.
func (c Progress) viewBox() string {
	return "0 0 " + strconv.FormatFloat(width, 'g', -1, 64) + " " + strconv.FormatFloat(c.plotHeight()+padT+padB, 'g', -1, 64)
}

// progressGeometry is the chart in SVG user units, ready to draw.
type progressGeometry struct {
	c         *Progress
	grid      []segment // horizontal grid lines with their labels, and month lines
	yLabels   []label
	axis      segment
	xLabels   []label // the period's first and last day
	months    []label // the first day of each month in between; narrow screens hide them
	lineClass string  // "expected" or "target"
	lineD     string  // the expected or threshold path
	changes   []changeMark
	actualD   string // the check-ins' step line; "" without check-ins
	dots      []dot
	today     *segment
	todayText label
}

type segment struct {
	class          string
	x1, y1, x2, y2 string
}

// label is a text; the y axis's labels are centred on their grid line
// (dominant-baseline middle), the others sit on their y.
type label struct {
	x, y, anchor, text string
}

type changeMark struct {
	title string
	line  segment
	d     string
}

type dot struct {
	cx, cy, title string
}

// SVG draws the chart (chart.templ).
func (c Progress) SVG() templ.Component {
	return progressSVG(c.geometry())
}

// geometry lays the chart out.
func (c Progress) geometry() *progressGeometry {
	if !c.To.After(c.From) {
		c.To = c.From.Add(24 * time.Hour)
	}
	changes := append([]Change(nil), c.Changes...)
	sort.Slice(changes, func(i, j int) bool { return changes[i].At.Before(changes[j].At) })
	points := append([]Point(nil), c.Points...)
	sort.Slice(points, func(i, j int) bool { return points[i].At.Before(points[j].At) })

	lo, hi := c.valueRange(changes, points)
	n := maxTick
	if c.plotHeight() < plotH {
		n-- // a lower chart has room for fewer grid lines
	}
	ticks := niceTicks(lo, hi, n)
	lo, hi = math.Min(lo, ticks[0]), math.Max(hi, ticks[len(ticks)-1])
	x := func(t time.Time) float64 {
		f := float64(t.Sub(c.From)) / float64(c.To.Sub(c.From))
		return padL + math.Max(0, math.Min(1, f))*plotW
	}
	y := func(v float64) float64 { return padT + (1-(v-lo)/(hi-lo))*c.plotHeight() }

	g := &progressGeometry{c: &c}
	for _, v := range ticks {
		g.grid = append(g.grid, seg("grid", padL, y(v), width-padR, y(v)))
		g.yLabels = append(g.yLabels, label{f1(padL - 8), f1(y(v)), "end", c.format(v)})
	}
	g.axis = seg("axis", padL, padT+c.plotHeight(), width-padR, padT+c.plotHeight())
	c.xLabels(g, x)
	if c.Threshold {
		g.lineClass, g.lineD = "target", c.thresholdPath(changes, x, y)
	} else {
		g.lineClass, g.lineD = "expected", c.expectedPath(changes, x, y)
	}
	c.changeMarks(g, changes, x)
	c.actualLine(g, points, x, y)
	c.todayMark(g, x)
	return g
}

func (c Progress) format(v float64) string {
	if c.Value != nil {
		return c.Value(v)
	}
	return fmt.Sprintf("%g", v)
}

func (c Progress) formatDate(t time.Time) string {
	if c.Date != nil {
		return c.Date(t)
	}
	return t.Format("2006-01-02")
}

// valueRange returns the lowest and highest value the chart must show.
func (c Progress) valueRange(changes []Change, points []Point) (lo, hi float64) {
	lo, hi = math.Min(c.Start, c.Target), math.Max(c.Start, c.Target)
	if c.Threshold {
		lo, hi = c.Target, c.Target
	}
	for _, ch := range changes {
		if !c.Threshold {
			lo, hi = math.Min(lo, ch.Start), math.Max(hi, ch.Start)
		}
		lo, hi = math.Min(lo, ch.Target), math.Max(hi, ch.Target)
	}
	for _, p := range points {
		lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
	}
	if hi-lo < 1e-9 {
		span := math.Max(math.Abs(hi)*0.1, 1)
		lo, hi = lo-span, hi+span
	}
	return lo, hi
}

// segments returns the start/target in force over each part of the period:
// the first from From, then one per change inside the period.
func (c Progress) segments(changes []Change) []Change {
	segs := []Change{{At: c.From, Start: c.Start, Target: c.Target}}
	for _, ch := range changes {
		switch {
		case !ch.At.After(c.From):
			segs[0] = Change{At: c.From, Start: ch.Start, Target: ch.Target}
		case ch.At.Before(c.To):
			segs = append(segs, ch)
		}
	}
	return segs
}

// expectedLine draws, for each segment, the straight line from start to
// target over the whole period, over the part of the period that segment
// covers. A change of target makes the line jump.
func (c Progress) expectedPath(changes []Change, x func(time.Time) float64, y func(float64) float64) string {
	segs := c.segments(changes)
	var d strings.Builder
	for i, s := range segs {
		end := c.To
		if i+1 < len(segs) {
			end = segs[i+1].At
		}
		moveLine(&d, x(s.At), y(c.expectedAt(s, s.At)), x(end), y(c.expectedAt(s, end)))
	}
	return strings.TrimSpace(d.String())
}

// ExpectedAt returns the value expected at t if start and target of seg
// had held over the whole period: start + (target − start) × elapsed share.
func (c Progress) expectedAt(seg Change, t time.Time) float64 {
	f := float64(t.Sub(c.From)) / float64(c.To.Sub(c.From))
	f = math.Max(0, math.Min(1, f))
	return seg.Start + (seg.Target-seg.Start)*f
}

// thresholdLine draws the level to hold, stepping where it changed.
func (c Progress) thresholdPath(changes []Change, x func(time.Time) float64, y func(float64) float64) string {
	segs := c.segments(changes)
	var d strings.Builder
	for i, s := range segs {
		end := c.To
		if i+1 < len(segs) {
			end = segs[i+1].At
		}
		moveLine(&d, x(s.At), y(s.Target), x(end), y(s.Target))
	}
	return strings.TrimSpace(d.String())
}

// changeMarks draws a dashed vertical line with a diamond for each change
// of start or target inside the period.
func (c Progress) changeMarks(g *progressGeometry, changes []Change, x func(time.Time) float64) {
	for _, ch := range c.segments(changes)[1:] {
		cx := x(ch.At)
		g.changes = append(g.changes, changeMark{
			title: c.Labels.Changed + ": " + c.format(ch.Start) + " → " + c.format(ch.Target) + " (" + c.formatDate(ch.At) + ")",
			line:  seg("change", cx, padT, cx, padT+c.plotHeight()),
			d:     "M" + f1(cx) + " " + f1(padT-12) + " l5 5 l-5 5 l-5 -5 z",
		})
	}
}

// actualLine draws the check-ins as a step line with a dot on each, held
// from the last check-in up to today (or the period's end).
func (c Progress) actualLine(g *progressGeometry, points []Point, x func(time.Time) float64, y func(float64) float64) {
	if len(points) == 0 {
		return
	}
	var d strings.Builder
	d.WriteByte('M')
	num(&d, x(points[0].At))
	d.WriteByte(' ')
	num(&d, y(points[0].Value))
	for _, p := range points[1:] {
		d.WriteString(" H")
		num(&d, x(p.At))
		d.WriteString(" V")
		num(&d, y(p.Value))
	}
	last := points[len(points)-1]
	if end := minTime(c.Now, c.To); end.After(last.At) {
		d.WriteString(" H")
		num(&d, x(end))
	}
	g.actualD = d.String()
	for _, p := range points {
		g.dots = append(g.dots, dot{cx: f1(x(p.At)), cy: f1(y(p.Value)), title: c.formatDate(p.At) + ": " + c.format(p.Value)})
	}
}

// todayMark draws a vertical line at Now when Now is inside the period.
func (c Progress) todayMark(g *progressGeometry, x func(time.Time) float64) {
	if c.Now.Before(c.From) || !c.Now.Before(c.To) {
		return
	}
	tx := x(c.Now)
	anchor := "middle"
	if tx > width-padR-30 {
		anchor = "end"
	}
	t := seg("today", tx, padT-4, tx, padT+c.plotHeight())
	g.today = &t
	g.todayText = label{f1(tx), f1(padT - 8), anchor, c.Labels.Today}
}

// xLabels adds the first and last day of the period and the first day of
// each month in between when it is not too close to either end.
func (c Progress) xLabels(g *progressGeometry, x func(time.Time) float64) {
	base := f1(padT + c.plotHeight() + 18)
	last := c.To.Add(-time.Nanosecond)
	g.xLabels = append(g.xLabels, label{f1(padL), base, "start", c.formatDate(c.From)}, label{f1(width - padR), base, "end", c.formatDate(last)})
	m := time.Date(c.From.Year(), c.From.Month(), 1, 0, 0, 0, 0, c.From.Location()).AddDate(0, 1, 0)
	for ; m.Before(last); m = m.AddDate(0, 1, 0) {
		mx := x(m)
		if mx-padL < 70 || width-padR-mx < 70 {
			continue
		}
		g.grid = append(g.grid, seg("grid", mx, padT, mx, padT+c.plotHeight()))
		g.months = append(g.months, label{f1(mx), base, "middle", c.formatDate(m)})
	}
}

// niceTicks returns about n evenly spaced round values covering lo..hi.
func niceTicks(lo, hi float64, n int) []float64 {
	step := niceStep((hi - lo) / float64(n-1))
	first := math.Floor(lo/step) * step
	var ticks []float64
	for v := first; v <= hi+step*0.5 && len(ticks) < 2*n; v += step {
		ticks = append(ticks, math.Round(v/step)*step)
	}
	if ticks[len(ticks)-1] < hi {
		ticks = append(ticks, ticks[len(ticks)-1]+step)
	}
	return ticks
}

// niceStep rounds a raw step up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// The SVG is written with strconv rather than fmt: a chart has a few
// hundred numbers, and fmt took half the time of drawing it.

// num writes a coordinate with one decimal, as f1.
func num(b *strings.Builder, v float64) {
	var buf [32]byte
	b.Write(strconv.AppendFloat(buf[:0], v, 'f', 1, 64))
}

// seg is a line of the given class.
func seg(class string, x1, y1, x2, y2 float64) segment {
	return segment{class, f1(x1), f1(y1), f1(x2), f1(y2)}
}

// moveLine adds "Mx1 y1 Lx2 y2 " to a path.
func moveLine(d *strings.Builder, x1, y1, x2, y2 float64) {
	d.WriteByte('M')
	num(d, x1)
	d.WriteByte(' ')
	num(d, y1)
	d.WriteString(" L")
	num(d, x2)
	d.WriteByte(' ')
	num(d, y2)
	d.WriteByte(' ')
}
