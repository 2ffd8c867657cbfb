package gen

import (
	"math"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// batch holds the key results planned for one chunk of owners until flush
// writes them with their history.
type batch struct {
	krs []plannedKR
}

// plannedKR is a key result with its weekly path, who checks it in, and
// its initiatives and target change, if any.
type plannedKR struct {
	kr     okr.KeyResult
	path   path
	author int64
	inits  []okr.Initiative
	raise  *okr.TargetChange
}

// krCount draws 2–5 key results, three the most common.
func (g *generator) krCount() int {
	switch r := g.rng.IntN(100); {
	case r < 25:
		return 2
	case r < 65:
		return 3
	case r < 90:
		return 4
	}
	return 5
}

// planKRs plans the key results of objective obj, number i of owner o.
func (g *generator) planKRs(o owner, obj *okr.Objective, i int, b *batch) {
	personal := o.person >= 0 && i == g.opts.ObjectivesPerOwner-1 && i > 0
	n := g.krCount()
	var tmpls []krTemplate
	switch {
	case personal:
		tmpls = pickKR(g, personalKRs, n)
	case o.unit.area < 0:
		for range n {
			a := areas[g.rng.IntN(len(areas))].krs
			tmpls = append(tmpls, a[g.rng.IntN(len(a))])
		}
	default:
		tmpls = pickKR(g, areas[o.unit.area].krs, n)
	}
	for pos, t := range tmpls {
		p := plannedKR{kr: g.newKR(t, obj, pos)}
		kr := &p.kr
		kr.Owner = g.krOwner(o)
		if t.kpi > 0 && o.person < 0 && o.unit.unit.Kind == okr.UnitDepartment && t.kpi <= len(o.unit.kpis) {
			kr.KPIID = &o.unit.kpis[t.kpi-1]
		}
		p.author = g.authorOf(o, kr)
		if obj.State == okr.StatePublished {
			p.path = g.drawPath(kr)
			p.path.cache(kr)
		}
		g.planRaise(&p)
		g.planInitiatives(o, &p)
		b.krs = append(b.krs, p)
	}
}

func pickKR(g *generator, pool []krTemplate, n int) []krTemplate {
	idx := g.rng.Perm(len(pool))
	out := make([]krTemplate, n)
	for i := range out {
		out[i] = pool[idx[i%len(idx)]]
	}
	return out
}

// newKR draws the metric of template t and writes its title.
func (g *generator) newKR(t krTemplate, obj *okr.Objective, pos int) okr.KeyResult {
	m := okr.Metric{Kind: okr.MetricKind(t.kind), Unit: measure(t.unit)}
	switch k := m.Kind; {
	case k.HasStart():
		if t.lo == 0 && t.hi == 0 {
			m.Target = math.Ceil(t.gain * (1 + 1.5*g.rng.Float64()))
		} else {
			m.Start = roundTo(t.lo+(t.hi-t.lo)*g.rng.Float64(), t.lo)
			move := t.gain * (0.5 + 0.5*g.rng.Float64())
			if m.Kind == okr.MetricDecrease {
				move = -move
			}
			m.Target = roundTo(m.Start*(1+move), t.lo)
			if m.Target == m.Start {
				m.Target = m.Start + math.Copysign(stepOf(t.lo), move)
			}
		}
	case k.IsThreshold():
		m.Target = roundTo(t.lo+(t.hi-t.lo)*g.rng.Float64(), t.lo)
	}
	kr := okr.KeyResult{ObjectiveID: obj.ID, Title: krTitle(t.title, m), Weight: 1, Metric: m, Position: pos,
		CreatedAt: obj.CreatedAt.Add(time.Duration(g.rng.IntN(48)) * time.Hour)}
	for _, s := range t.steps {
		kr.Milestones = append(kr.Milestones, okr.Milestone{Title: s})
	}
	return kr
}

// stepOf is the rounding step roundTo uses for values of the size of scale.
func stepOf(scale float64) float64 {
	switch s := math.Abs(scale); {
	case s >= 20:
		return 1
	case s >= 2:
		return 0.1
	}
	return 0.01
}

// krTitle fills {start} and {target} into title.
func krTitle(title string, m okr.Metric) string {
	r := strings.NewReplacer("{start}", formatValue(m.Start, m.Unit), "{target}", formatValue(m.Target, m.Unit))
	return r.Replace(title)
}

// formatValue writes v as Norwegian text does: "1 500", "2,5 %",
// "4,2 mill. kr". Custom units are in the titles already.
func formatValue(v float64, u okr.Measure) string {
	switch u.Kind {
	case okr.MeasurePercent:
		return decimal(v) + " %"
	case okr.MeasureCurrency:
		if math.Abs(v) >= 1e6 {
			return decimal(math.Round(v/1e5)/10) + " mill. kr"
		}
		return decimal(v) + " kr"
	}
	return decimal(v)
}

// decimal formats v with a space between thousands and a decimal comma.
func decimal(v float64) string {
	neg := v < 0
	v = math.Abs(v)
	whole := int64(v)
	frac := v - float64(whole)
	s := thousands(whole)
	s = strings.ReplaceAll(s, ",", " ")
	if frac > 0.0049 {
		d := int64(math.Round(frac * 100))
		if d >= 100 {
			s, d = strings.ReplaceAll(thousands(whole+1), ",", " "), 0
		}
		if d > 0 {
			digits := []byte{byte('0' + d/10), byte('0' + d%10)}
			if digits[1] == '0' {
				digits = digits[:1]
			}
			s += "," + string(digits)
		}
	}
	if neg {
		s = "−" + s
	}
	return s
}

// krOwner gives some key results an owner of their own: the company's to
// its leaders, a department's to its teams, a team's to its members.
func (g *generator) krOwner(o owner) okr.Owner {
	if o.person >= 0 {
		return okr.Owner{}
	}
	u := o.unit
	switch u.unit.Kind {
	case okr.UnitCompany:
		return okr.Owner{PersonID: &g.people[u.members[g.rng.IntN(len(u.members))]].ID}
	case okr.UnitDepartment:
		if g.rng.IntN(2) == 0 {
			return okr.Owner{}
		}
		if teams := g.teamsOf(u); len(teams) > 0 {
			return okr.Owner{UnitID: &teams[g.rng.IntN(len(teams))].unit.ID}
		}
	case okr.UnitTeam:
		if g.rng.IntN(10) < 6 {
			return okr.Owner{PersonID: &g.people[u.members[g.rng.IntN(len(u.members))]].ID}
		}
	}
	return okr.Owner{}
}

// teamsOf returns the department's teams.
func (g *generator) teamsOf(dept *unitPlan) []*unitPlan {
	if g.teams == nil {
		g.teams = map[*unitPlan][]*unitPlan{}
		for _, u := range g.units {
			if u.unit.Kind == okr.UnitTeam {
				g.teams[u.parent] = append(g.teams[u.parent], u)
			}
		}
	}
	return g.teams[dept]
}

// authorOf returns who checks kr in: its owner person, the lead of its
// owner unit, or else the objective's owner (a person, or the unit's lead).
func (g *generator) authorOf(o owner, kr *okr.KeyResult) int64 {
	switch {
	case kr.Owner.PersonID != nil:
		return *kr.Owner.PersonID
	case kr.Owner.UnitID != nil:
		for _, u := range g.teamsOf(o.unit) {
			if u.unit.ID == *kr.Owner.UnitID {
				return g.people[u.lead()].ID
			}
		}
	case o.person >= 0:
		return g.people[o.person].ID
	}
	return g.people[o.unit.lead()].ID
}
