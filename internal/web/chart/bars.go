package chart

import (
	"fmt"

	"github.com/a-h/templ"
)

// Bars is a horizontal bar chart of shares (0–1) in groups, with a shaded
// band (the organisation's 60–70 % band, say) across it: the confidence
// calibration's reliability chart ("when we said on track at mid-period the
// key results ended at 48 %"). Horizontal bars keep their labels readable at
// phone width.
type Bars struct {
	ID          string
	Title, Desc string
	Groups      []BarGroup
	// Band is drawn as a shaded strip when Band[1] > Band[0].
	Band [2]float64
	// BandLabel names the strip in the legend.
	BandLabel string
}

// BarGroup is a labelled group of bars.
type BarGroup struct {
	Label string
	Bars  []Bar
}

// Bar is one bar: its label, value (0–1), the text shown after it, and a
// class that colours it.
type Bar struct {
	Label, Text, Class string
	Value              float64
}

// Geometry of the bars chart, in viewBox units.
const (
	barsWidth   = 420.0
	barsLabelW  = 112.0
	barsTextW   = 118.0
	barsBarH    = 16.0
	barsGap     = 6.0
	barsGroupH  = 24.0 // the group's heading line
	barsGroupGp = 12.0
	barsTop     = 8.0
	barsAxisH   = 22.0
)

type barsGeometry struct {
	c      *Bars
	height float64
	band   *rect
	// bandEdges are dashed lines at the band's ends, over the bars.
	bandEdges []segment
	groups    []barGroupGeom
	ticks     []label
	tickLine  []segment
}

type rect struct{ x, y, w, h string }

type barGroupGeom struct {
	heading label
	bars    []barGeom
}

type barGeom struct {
	label, text label
	r           rect
	class       string
	title       string
}

func (c *Bars) plotX(v float64) float64 {
	v = min(max(v, 0), 1)
	return barsLabelW + v*(barsWidth-barsLabelW-barsTextW)
}

func (c *Bars) geometry() *barsGeometry {
	g := &barsGeometry{c: c}
	y := barsTop
	for _, gr := range c.Groups {
		gg := barGroupGeom{heading: label{x: "0", y: f1(y + 16), text: gr.Label, anchor: "start"}}
		y += barsGroupH
		for _, b := range gr.Bars {
			x0, x1 := c.plotX(0), c.plotX(b.Value)
			gg.bars = append(gg.bars, barGeom{
				label: label{x: f1(barsLabelW - 8), y: f1(y + barsBarH*0.75), text: b.Label, anchor: "end"},
				text:  label{x: f1(x1 + 6), y: f1(y + barsBarH*0.75), text: b.Text, anchor: "start"},
				r:     rect{x: f1(x0), y: f1(y), w: f1(max(x1-x0, 1)), h: f1(barsBarH)},
				class: "bar " + b.Class,
				title: gr.Label + ", " + b.Label + ": " + b.Text,
			})
			y += barsBarH + barsGap
		}
		g.groups = append(g.groups, gg)
		y += barsGroupGp
	}
	plotTop, plotBottom := barsTop+barsGroupH-4, y-barsGroupGp
	if c.Band[1] > c.Band[0] {
		x0, x1 := c.plotX(c.Band[0]), c.plotX(c.Band[1])
		g.band = &rect{x: f1(x0), y: f1(plotTop), w: f1(x1 - x0), h: f1(plotBottom - plotTop)}
		for _, x := range []float64{x0, x1} {
			g.bandEdges = append(g.bandEdges, segment{class: "band-edge", x1: f1(x), y1: f1(plotTop), x2: f1(x), y2: f1(plotBottom)})
		}
	}
	for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
		x := f1(c.plotX(v))
		g.tickLine = append(g.tickLine, segment{class: "grid", x1: x, y1: f1(plotTop), x2: x, y2: f1(plotBottom)})
		g.ticks = append(g.ticks, label{x: x, y: f1(plotBottom + 16), text: fmt.Sprintf("%d %%", int(v*100)), anchor: "middle"})
	}
	g.height = plotBottom + barsAxisH
	return g
}

func (g *barsGeometry) viewBox() string { return fmt.Sprintf("0 0 %g %s", barsWidth, f1(g.height)) }

// SVG draws the chart (bars.templ).
func (c Bars) SVG() templ.Component { return barsSVG(c.geometry()) }
