package chart

import (
	"fmt"

	"github.com/a-h/templ"
)

// Stack is a column chart of shares over time: one column per week, its
// parts stacked from the bottom (the key results ahead, on track, behind,
// not updated in that week). Parts are drawn in the order of Series.
type Stack struct {
	ID          string
	Title, Desc string
	Series      []Series
	Columns     []Column
}

// Series is one kind of part: its name (for the columns' titles) and the
// class that colours it.
type Series struct {
	Name, Class string
}

// Column is one column: its label under the axis and its counts, one per
// series.
type Column struct {
	Label  string
	Counts []int
}

// Geometry of the stack chart, in viewBox units.
const (
	stackW    = 640.0
	stackH    = 180.0
	stackPadL = 40.0
	stackPadB = 24.0
	stackPadT = 8.0
)

type stackGeometry struct {
	c      *Stack
	parts  []stackPart
	ticks  []label
	grid   []segment
	xLabel []label
}

type stackPart struct {
	r     rect
	class string
	title string
}

func (c *Stack) geometry() *stackGeometry {
	g := &stackGeometry{c: c}
	plotH := stackH - stackPadT - stackPadB
	n := max(len(c.Columns), 1)
	slot := (stackW - stackPadL) / float64(n)
	barW := slot * 0.7
	for _, v := range []float64{0, 0.5, 1} {
		y := stackPadT + (1-v)*plotH
		g.grid = append(g.grid, segment{class: "grid", x1: f1(stackPadL), y1: f1(y), x2: f1(stackW), y2: f1(y)})
		g.ticks = append(g.ticks, label{x: f1(stackPadL - 6), y: f1(y + 4), text: fmt.Sprintf("%d %%", int(v*100)), anchor: "end"})
	}
	for i, col := range c.Columns {
		total := 0
		for _, k := range col.Counts {
			total += k
		}
		x := stackPadL + float64(i)*slot + (slot-barW)/2
		if i%max(1, n/7) == 0 || i == n-1 {
			g.xLabel = append(g.xLabel, label{x: f1(x + barW/2), y: f1(stackH - 6), text: col.Label, anchor: "middle"})
		}
		if total == 0 {
			continue
		}
		y := stackPadT + plotH
		for s, k := range col.Counts {
			if k == 0 || s >= len(c.Series) {
				continue
			}
			h := float64(k) / float64(total) * plotH
			y -= h
			g.parts = append(g.parts, stackPart{r: rect{x: f1(x), y: f1(y), w: f1(barW), h: f1(h)}, class: "stack " + c.Series[s].Class,
				title: fmt.Sprintf("%s: %s %d/%d", col.Label, c.Series[s].Name, k, total)})
		}
	}
	return g
}

func (g *stackGeometry) viewBox() string { return fmt.Sprintf("0 0 %g %g", stackW, stackH) }

// SVG draws the chart (stack.templ).
func (c Stack) SVG() templ.Component { return stackSVG(c.geometry()) }
