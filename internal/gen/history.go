package gen

import (
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// planRaise raises the target of about one increase key result in thirty
// after the first week, as Art By X did when demand beat expectations
// (seed 002): the title shows the new target and the history the old one.
func (g *generator) planRaise(p *plannedKR) {
	m := p.kr.Metric
	if m.Kind != okr.MetricIncrease || len(p.path.values) < 2 || g.rng.IntN(30) != 0 {
		return
	}
	old := roundTo(m.Start+(m.Target-m.Start)/1.25, m.Target)
	if old <= m.Start || old >= m.Target {
		return
	}
	p.raise = &okr.TargetChange{OldStart: m.Start, OldTarget: old, NewStart: m.Start, NewTarget: m.Target,
		AuthorID: p.author, At: g.weeks[0].AddDate(0, 0, 3).Add(10 * time.Hour),
		Reason: "Etterspørselen var høyere enn ventet etter første uke, så vi hever målet."}
}

// planInitiatives gives about a third of the key results one or two
// initiatives, with a status that fits the key result's progress.
func (g *generator) planInitiatives(o owner, p *plannedKR) {
	if g.rng.IntN(100) >= 35 {
		return
	}
	n := 1 + g.rng.IntN(10)/7
	prog := p.kr.Progress()
	for range n {
		in := okr.Initiative{Title: initiativeTitles[g.rng.IntN(len(initiativeTitles))], Status: okr.InitiativeInProgress}
		who := o.person
		if who < 0 {
			who = o.unit.members[g.rng.IntN(len(o.unit.members))]
		}
		in.OwnerPersonID = &g.people[who].ID
		switch r := g.rng.IntN(100); {
		case r < 5:
			in.Status = okr.InitiativeDropped
		case prog >= 0.8 && r < 75:
			in.Status = okr.InitiativeDone
		case prog < 0.2:
			in.Status = okr.InitiativePlanned
		}
		if g.rng.IntN(3) > 0 {
			due := g.period.Start.AddDate(0, 0, 7*(3+g.rng.IntN(11)))
			in.Due = &due
		}
		p.inits = append(p.inits, in)
	}
}

// flush writes the batch's key results with their milestones, then their
// check-ins, initiatives and target changes, many rows per statement.
func (g *generator) flush(b *batch) error {
	krs := make([]okr.KeyResult, len(b.krs))
	for i := range b.krs {
		if err := b.krs[i].kr.Validate(); err != nil {
			return err
		}
		krs[i] = b.krs[i].kr
	}
	if err := g.l.KeyResults(krs); err != nil {
		return err
	}
	var cs []okr.CheckIn
	var ins []okr.Initiative
	for i := range b.krs {
		p := &b.krs[i]
		p.kr = krs[i]
		g.counts.KeyResults++
		g.counts.Milestones += len(p.kr.Milestones)
		cs = append(cs, g.checkIns(p)...)
		for _, in := range p.inits {
			in.KeyResultID = p.kr.ID
			ins = append(ins, in)
		}
		if p.raise != nil {
			p.raise.KeyResultID = p.kr.ID
			if err := g.l.TargetChange(p.raise); err != nil {
				return err
			}
			g.counts.TargetChanges++
		}
	}
	g.report(false)
	if err := g.l.Initiatives(ins); err != nil {
		return err
	}
	g.counts.Initiatives += len(ins)
	const step = 10000
	for len(cs) > 0 {
		n := min(step, len(cs))
		if err := g.l.CheckInRows(cs[:n]); err != nil {
			return err
		}
		g.counts.CheckIns += n
		cs = cs[n:]
		g.report(false)
	}
	return nil
}
