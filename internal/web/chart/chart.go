// Package chart draws the charts of the web pages as server-rendered SVG:
// a key result's progress over time and a KPI's sparkline. The SVG is
// styled by classes from the page's stylesheet (no inline styles, so it
// works under a strict Content-Security-Policy) and carries <title> and
// <desc>; pages put a text alternative (a table or a sentence) beside it.
package chart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
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
	Value     func(float64) string   // formats a y-axis value
	Date      func(time.Time) string // formats an x-axis date
	Labels    Labels
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

// SVG draws the chart.
func (c Progress) SVG() template.HTML {
	if !c.To.After(c.From) {
		c.To = c.From.Add(24 * time.Hour)
	}
	changes := append([]Change(nil), c.Changes...)
	sort.Slice(changes, func(i, j int) bool { return changes[i].At.Before(changes[j].At) })
	points := append([]Point(nil), c.Points...)
	sort.Slice(points, func(i, j int) bool { return points[i].At.Before(points[j].At) })

	lo, hi := c.valueRange(changes, points)
	ticks := niceTicks(lo, hi, maxTick)
	lo, hi = math.Min(lo, ticks[0]), math.Max(hi, ticks[len(ticks)-1])
	x := func(t time.Time) float64 {
		f := float64(t.Sub(c.From)) / float64(c.To.Sub(c.From))
		return padL + math.Max(0, math.Min(1, f))*plotW
	}
	y := func(v float64) float64 { return padT + (1-(v-lo)/(hi-lo))*plotH }

	var b strings.Builder
	b.Grow(2048 + 160*len(points) + 360*len(changes))
	b.WriteString(`<svg class="chart" viewBox="0 0 ` + strconv.FormatFloat(width, 'g', -1, 64) + " " + strconv.FormatFloat(height, 'g', -1, 64) +
		`" role="img" aria-labelledby="` + c.ID + "-t " + c.ID + `-d" xmlns="http://www.w3.org/2000/svg">`)
	b.WriteString(`<title id="` + c.ID + `-t">` + esc(c.Title) + `</title><desc id="` + c.ID + `-d">` + esc(c.Desc) + `</desc>`)

	// grid and y axis labels
	for _, v := range ticks {
		line(&b, "grid", padL, y(v), width-padR, y(v))
		b.WriteString(`<text x="`)
		num(&b, padL-8)
		b.WriteString(`" y="`)
		num(&b, y(v))
		b.WriteString(`" text-anchor="end" dominant-baseline="middle">`)
		b.WriteString(esc(c.format(v)))
		b.WriteString(`</text>`)
	}
	line(&b, "axis", padL, padT+plotH, width-padR, padT+plotH)
	c.xLabels(&b, x)

	if c.Threshold {
		c.thresholdLine(&b, changes, x, y)
	} else {
		c.expectedLine(&b, changes, x, y)
	}
	c.changeMarks(&b, changes, x)
	c.actualLine(&b, points, x, y)
	c.todayMark(&b, x)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
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
func (c Progress) expectedLine(b *strings.Builder, changes []Change, x func(time.Time) float64, y func(float64) float64) {
	segs := c.segments(changes)
	var d strings.Builder
	for i, s := range segs {
		end := c.To
		if i+1 < len(segs) {
			end = segs[i+1].At
		}
		moveLine(&d, x(s.At), y(c.expectedAt(s, s.At)), x(end), y(c.expectedAt(s, end)))
	}
	b.WriteString(`<path class="expected" d="` + strings.TrimSpace(d.String()) + `"/>`)
}

// ExpectedAt returns the value expected at t if start and target of seg
// had held over the whole period: start + (target − start) × elapsed share.
func (c Progress) expectedAt(seg Change, t time.Time) float64 {
	f := float64(t.Sub(c.From)) / float64(c.To.Sub(c.From))
	f = math.Max(0, math.Min(1, f))
	return seg.Start + (seg.Target-seg.Start)*f
}

// thresholdLine draws the level to hold, stepping where it changed.
func (c Progress) thresholdLine(b *strings.Builder, changes []Change, x func(time.Time) float64, y func(float64) float64) {
	segs := c.segments(changes)
	var d strings.Builder
	for i, s := range segs {
		end := c.To
		if i+1 < len(segs) {
			end = segs[i+1].At
		}
		moveLine(&d, x(s.At), y(s.Target), x(end), y(s.Target))
	}
	b.WriteString(`<path class="target" d="` + strings.TrimSpace(d.String()) + `"/>`)
}

// changeMarks draws a dashed vertical line with a diamond for each change
// of start or target inside the period.
func (c Progress) changeMarks(b *strings.Builder, changes []Change, x func(time.Time) float64) {
	for _, ch := range c.segments(changes)[1:] {
		cx := x(ch.At)
		b.WriteString(`<g class="change-group"><title>` + esc(c.Labels.Changed) + ": " + esc(c.format(ch.Start)) + " → " + esc(c.format(ch.Target)) +
			" (" + esc(c.formatDate(ch.At)) + ")</title>")
		line(b, "change", cx, padT, cx, padT+plotH)
		b.WriteString(`<path class="change-mark" d="M`)
		num(b, cx)
		b.WriteByte(' ')
		num(b, padT-12)
		b.WriteString(` l5 5 l-5 5 l-5 -5 z"/></g>`)
	}
}

// actualLine draws the check-ins as a step line with a dot on each, held
// from the last check-in up to today (or the period's end).
func (c Progress) actualLine(b *strings.Builder, points []Point, x func(time.Time) float64, y func(float64) float64) {
	if len(points) == 0 {
		return
	}
	b.WriteString(`<path class="actual" d="M`)
	num(b, x(points[0].At))
	b.WriteByte(' ')
	num(b, y(points[0].Value))
	for _, p := range points[1:] {
		b.WriteString(" H")
		num(b, x(p.At))
		b.WriteString(" V")
		num(b, y(p.Value))
	}
	last := points[len(points)-1]
	if end := minTime(c.Now, c.To); end.After(last.At) {
		b.WriteString(" H")
		num(b, x(end))
	}
	b.WriteString(`"/>`)
	for _, p := range points {
		b.WriteString(`<circle class="dot" cx="`)
		num(b, x(p.At))
		b.WriteString(`" cy="`)
		num(b, y(p.Value))
		b.WriteString(`" r="3.5"><title>` + esc(c.formatDate(p.At)) + ": " + esc(c.format(p.Value)) + `</title></circle>`)
	}
}

// todayMark draws a vertical line at Now when Now is inside the period.
func (c Progress) todayMark(b *strings.Builder, x func(time.Time) float64) {
	if c.Now.Before(c.From) || !c.Now.Before(c.To) {
		return
	}
	tx := x(c.Now)
	anchor := "middle"
	if tx > width-padR-30 {
		anchor = "end"
	}
	line(b, "today", tx, padT-4, tx, padT+plotH)
	b.WriteString(`<text class="today-label" x="`)
	num(b, tx)
	b.WriteString(`" y="`)
	num(b, padT-8)
	b.WriteString(`" text-anchor="` + anchor + `">` + esc(c.Labels.Today) + `</text>`)
}

// xLabels writes the first and last day of the period and the first day of
// each month in between when it is not too close to either end.
func (c Progress) xLabels(b *strings.Builder, x func(time.Time) float64) {
	base := padT + plotH + 18
	last := c.To.Add(-time.Nanosecond)
	text(b, padL, base, "start", c.formatDate(c.From))
	text(b, width-padR, base, "end", c.formatDate(last))
	m := time.Date(c.From.Year(), c.From.Month(), 1, 0, 0, 0, 0, c.From.Location()).AddDate(0, 1, 0)
	for ; m.Before(last); m = m.AddDate(0, 1, 0) {
		mx := x(m)
		if mx-padL < 70 || width-padR-mx < 70 {
			continue
		}
		line(b, "grid", mx, padT, mx, padT+plotH)
		text(b, mx, base, "middle", c.formatDate(m))
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

// line writes <line class="class" x1 y1 x2 y2/>.
func line(b *strings.Builder, class string, x1, y1, x2, y2 float64) {
	b.WriteString(`<line class="` + class + `" x1="`)
	num(b, x1)
	b.WriteString(`" y1="`)
	num(b, y1)
	b.WriteString(`" x2="`)
	num(b, x2)
	b.WriteString(`" y2="`)
	num(b, y2)
	b.WriteString(`"/>`)
}

// text writes <text x y text-anchor>s</text>, escaping s.
func text(b *strings.Builder, x, y float64, anchor, s string) {
	b.WriteString(`<text x="`)
	num(b, x)
	b.WriteString(`" y="`)
	num(b, y)
	b.WriteString(`" text-anchor="` + anchor + `">` + esc(s) + `</text>`)
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

func esc(s string) string { return html.EscapeString(s) }
