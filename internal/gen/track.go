package gen

import (
	"math"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// path is how a key result moved: its value and its owner's confidence at
// each check-in, oldest first. A stale key result's path stops early.
type path struct {
	values []float64
	conf   []okr.Confidence
	at     []time.Time
}

// drawPath draws the weekly values of kr. The key result ends the quarter
// at a fraction "final" of the way to its target (around 70 %, the sweet
// spot), along a curve that may start slow or fast, with noise. One in
// twenty stops checking in two to five weeks before the last.
func (g *generator) drawPath(kr *okr.KeyResult) path {
	n := len(g.weeks)
	if n > 0 && g.rng.IntN(20) == 0 {
		n = max(1, n-2-g.rng.IntN(4))
	}
	final := math.Max(0, math.Min(1.2, 0.75+0.3*g.rng.NormFloat64()))
	curve := 0.7 + 0.8*g.rng.Float64()
	hold := 0.7 + 0.3*g.rng.Float64() // how reliably a threshold KR holds
	var p path
	done := 0.0
	for i := range n {
		at := g.weeks[i].Add(time.Duration(12*60+g.rng.IntN(300)) * time.Minute)
		e := g.expected(at)
		prog := math.Max(0, final*math.Pow(e, curve)+0.03*g.rng.NormFloat64())
		var v float64
		m := kr.Metric
		switch k := m.Kind; {
		case k.HasStart():
			v = roundTo(m.Start+(m.Target-m.Start)*prog, math.Max(math.Abs(m.Start), math.Abs(m.Target)))
		case k.IsThreshold():
			v, prog = g.thresholdValue(m, hold), 0
		case k == okr.MetricBoolean:
			if prog >= 1 {
				done = 1
			}
			v = done
		case k == okr.MetricMilestones:
			k := math.Min(float64(len(kr.Milestones)), math.Floor(prog*float64(len(kr.Milestones))+0.3))
			done = math.Max(done, k)
			v = done
		}
		p.values = append(p.values, v)
		p.conf = append(p.conf, g.confidence(kr, v, prog, e))
		p.at = append(p.at, at)
	}
	return p
}

// expected is the fraction of the quarter elapsed at t.
func (g *generator) expected(t time.Time) float64 { return okr.ExpectedProgress(&g.period, t) }

// thresholdValue draws a week's value of a stay-above or stay-below KR that
// holds its threshold with probability hold.
func (g *generator) thresholdValue(m okr.Metric, hold float64) float64 {
	t := m.Target
	margin := math.Abs(t) * (0.005 + 0.04*g.rng.Float64())
	if g.rng.Float64() > hold {
		margin = -math.Abs(t) * 0.03 * g.rng.Float64()
	}
	v := t + margin
	if m.Kind == okr.MetricStayBelow {
		v = t - margin
	}
	if m.Unit.Kind == okr.MeasurePercent {
		v = math.Min(100, v)
	}
	return roundTo(math.Max(0, v), t)
}

// confidence is what the owner reports: on track near or ahead of the
// expected pace, at risk when lagging, off track when far behind; one
// report in ten is a step more hopeful or gloomy.
func (g *generator) confidence(kr *okr.KeyResult, v, prog, expected float64) okr.Confidence {
	levels := []okr.Confidence{okr.OnTrack, okr.AtRisk, okr.OffTrack}
	lvl := 0
	switch kr.Metric.Kind {
	case okr.MetricStayAbove:
		if v < kr.Metric.Target {
			lvl = 1
		}
	case okr.MetricStayBelow:
		if v > kr.Metric.Target {
			lvl = 1
		}
	default:
		switch gap := prog - expected; {
		case gap < -0.25:
			lvl = 2
		case gap < -0.1:
			lvl = 1
		}
	}
	if g.rng.IntN(10) == 0 {
		lvl += 1 - 2*g.rng.IntN(2)
	}
	return levels[max(0, min(2, lvl))]
}

// cache sets kr's cached current value, confidence and last check-in time,
// and its milestones' done flags, from the path's last check-in.
func (p path) cache(kr *okr.KeyResult) {
	n := len(p.values)
	if n == 0 {
		return
	}
	v := p.values[n-1]
	at := p.at[n-1]
	kr.Current, kr.Confidence, kr.LastCheckInAt = &v, p.conf[n-1], &at
	for i := range kr.Milestones {
		kr.Milestones[i].Done = i < int(v)
	}
}

// checkIns returns the path's check-ins of the written kr, each with a
// comment half of the time.
func (g *generator) checkIns(p *plannedKR) []okr.CheckIn {
	kr := &p.kr
	out := make([]okr.CheckIn, len(p.path.values))
	for i, v := range p.path.values {
		c := okr.CheckIn{KeyResultID: kr.ID, Value: v, Confidence: p.path.conf[i], AuthorID: p.author, At: p.path.at[i]}
		if kr.Metric.Kind == okr.MetricMilestones {
			for j := 0; j < int(v) && j < len(kr.Milestones); j++ {
				c.MilestonesDone = append(c.MilestonesDone, kr.Milestones[j].ID)
			}
		}
		if g.rng.IntN(2) == 0 {
			c.Comment = g.comment(kr, v)
		}
		out[i] = c
	}
	return out
}

// comment draws a check-in comment; only numeric key results get one that
// quotes the value.
func (g *generator) comment(kr *okr.KeyResult, v float64) string {
	numeric := kr.Metric.Kind.IsNumeric()
	for {
		c := checkInComments[g.rng.IntN(len(checkInComments))]
		if !strings.Contains(c, "{value}") {
			return c
		}
		if numeric {
			return strings.ReplaceAll(c, "{value}", formatValue(v, kr.Metric.Unit))
		}
	}
}
