package chart

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"
)

// Spark is a KPI's trend as a small line without axes, its last reading
// marked. Pages show the numbers beside it; Title and Desc say the trend in
// words.
type Spark struct {
	Title  string
	Desc   string
	Points []Point
	// Warn draws a threshold line when set.
	Warn *float64
}

const (
	sparkW = 120.0
	sparkH = 30.0
	sparkP = 3.0
)

// SVG draws the sparkline. With fewer than two readings there is no trend
// to draw, and a flat line marks "no trend yet".
func (s Spark) SVG() template.HTML {
	pts := append([]Point(nil), s.Points...)
	sort.Slice(pts, func(i, j int) bool { return pts[i].At.Before(pts[j].At) })
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" viewBox="0 0 %g %g" role="img" xmlns="http://www.w3.org/2000/svg"><title>%s</title><desc>%s</desc>`, sparkW, sparkH, esc(s.Title), esc(s.Desc))
	if len(pts) < 2 {
		fmt.Fprintf(&b, `<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`, f1(sparkP), f1(sparkH/2), f1(sparkW-sparkP), f1(sparkH/2))
		if len(pts) == 1 {
			fmt.Fprintf(&b, `<circle class="last" cx="%s" cy="%s" r="2.5"/>`, f1(sparkW-sparkP), f1(sparkH/2))
		}
		b.WriteString(`</svg>`)
		return template.HTML(b.String())
	}
	lo, hi := pts[0].Value, pts[0].Value
	for _, p := range pts {
		lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
	}
	if s.Warn != nil {
		lo, hi = math.Min(lo, *s.Warn), math.Max(hi, *s.Warn)
	}
	if hi-lo < 1e-9 {
		lo, hi = lo-1, hi+1
	}
	t0, t1 := pts[0].At, pts[len(pts)-1].At
	span := float64(t1.Sub(t0))
	x := func(i int) float64 {
		if span <= 0 {
			return sparkP + float64(i)/float64(len(pts)-1)*(sparkW-2*sparkP)
		}
		return sparkP + float64(pts[i].At.Sub(t0))/span*(sparkW-2*sparkP)
	}
	y := func(v float64) float64 { return sparkP + (1-(v-lo)/(hi-lo))*(sparkH-2*sparkP) }
	if s.Warn != nil {
		fmt.Fprintf(&b, `<line class="warn" x1="%s" y1="%s" x2="%s" y2="%s"/>`, f1(sparkP), f1(y(*s.Warn)), f1(sparkW-sparkP), f1(y(*s.Warn)))
	}
	coords := make([]string, len(pts))
	for i, p := range pts {
		coords[i] = f1(x(i)) + "," + f1(y(p.Value))
	}
	fmt.Fprintf(&b, `<polyline class="line" points="%s"/>`, strings.Join(coords, " "))
	last := len(pts) - 1
	fmt.Fprintf(&b, `<circle class="last" cx="%s" cy="%s" r="2.5"/>`, f1(x(last)), f1(y(pts[last].Value)))
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
