package chart

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"
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

var sparkViewBox = "0 0 " + strconv.FormatFloat(sparkW, 'g', -1, 64) + " " + strconv.FormatFloat(sparkH, 'g', -1, 64)

// sparkGeometry is the sparkline laid out.
type sparkGeometry struct {
	flat   *segment // "no trend yet": fewer than two readings
	warn   *segment
	points string // the polyline's points
	last   *dot
}

// SVG draws the sparkline (chart.templ). With fewer than two readings
// there is no trend to draw, and a flat line marks "no trend yet".
func (s Spark) SVG() templ.Component {
	return sparkSVG(&s, s.geometry())
}

func (s Spark) geometry() *sparkGeometry {
	pts := append([]Point(nil), s.Points...)
	sort.Slice(pts, func(i, j int) bool { return pts[i].At.Before(pts[j].At) })
	g := &sparkGeometry{}
	if len(pts) < 2 {
		flat := seg("grid", sparkP, sparkH/2, sparkW-sparkP, sparkH/2)
		g.flat = &flat
		if len(pts) == 1 {
			g.last = &dot{cx: f1(sparkW - sparkP), cy: f1(sparkH / 2)}
		}
		return g
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
		w := seg("warn", sparkP, y(*s.Warn), sparkW-sparkP, y(*s.Warn))
		g.warn = &w
	}
	coords := make([]string, len(pts))
	for i, p := range pts {
		coords[i] = f1(x(i)) + "," + f1(y(p.Value))
	}
	g.points = strings.Join(coords, " ")
	last := len(pts) - 1
	g.last = &dot{cx: f1(x(last)), cy: f1(y(pts[last].Value))}
	return g
}
