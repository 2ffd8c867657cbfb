package demo

import (
	"math"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// thisQuarter creates the current quarter's objectives, KRs, initiatives and
// weekly check-ins up to now.
func (b *builder) thisQuarter(p okr.Period) {
	objs := map[string]okr.Objective{}
	kpiKRs = map[string][]int64{}
	for i, spec := range currentQuarter() {
		if b.err != nil {
			return
		}
		o := b.objective(p, spec, objs)
		objs[spec.key] = o
		for j, ks := range spec.krs {
			kr := b.keyResult(o, ks, j)
			b.initiatives(p, kr, ks)
			if o.State == okr.StatePublished {
				b.history(p, kr, ks, i*10+j)
			}
		}
	}
	for _, spec := range currentQuarter() {
		if len(spec.contributes) == 0 || b.err != nil {
			continue
		}
		var ids []int64
		for _, k := range spec.contributes {
			ids = append(ids, objs[k].ID)
		}
		_, err := b.db.SetContributes(b.ctx, b.sys, objs[spec.key].ID, ids, objs[spec.key].Version)
		b.fail(err)
	}
}

// kpiKRs maps a KPI key to the KRs its readings check in.
var kpiKRs map[string][]int64

func (b *builder) objective(p okr.Period, spec objSpec, objs map[string]okr.Objective) okr.Objective {
	o := okr.Objective{OrgID: b.org.ID, PeriodID: p.ID, Title: spec.title, Description: spec.description, Weight: 1, State: spec.state}
	if o.State == "" {
		o.State = okr.StatePublished
	}
	if spec.unit != "" {
		id := b.units[spec.unit]
		o.Owner.UnitID = &id
	} else {
		id := b.people[spec.person]
		o.Owner.PersonID = &id
	}
	if spec.parent != "" {
		id := objs[spec.parent].ID
		o.ParentID = &id
	}
	o, err := b.db.CreateObjective(b.ctx, b.sys, o)
	b.fail(err)
	return o
}

func (b *builder) keyResult(o okr.Objective, ks krSpec, pos int) okr.KeyResult {
	if b.err != nil {
		return okr.KeyResult{}
	}
	owner := b.people[ks.owner]
	kr := okr.KeyResult{OrgID: b.org.ID, ObjectiveID: o.ID, Title: ks.title, Weight: 1, Position: pos,
		Owner:  okr.Owner{PersonID: &owner},
		Metric: okr.Metric{Kind: ks.kind, Start: ks.start, Target: ks.end, Unit: ks.unit}}
	for _, m := range ks.milestones {
		kr.Milestones = append(kr.Milestones, okr.Milestone{Title: m})
	}
	kr, err := b.db.CreateKeyResult(b.ctx, b.sys, kr)
	b.fail(err)
	if ks.kpi != "" {
		kpiKRs[ks.kpi] = append(kpiKRs[ks.kpi], kr.ID)
	}
	return kr
}

func (b *builder) initiatives(p okr.Period, kr okr.KeyResult, ks krSpec) {
	for _, is := range ks.initiatives {
		if b.err != nil {
			return
		}
		owner := b.people[is.owner]
		in := okr.Initiative{OrgID: b.org.ID, KeyResultID: kr.ID, Title: is.title, OwnerPersonID: &owner, Status: is.status}
		if is.dueDay > 0 {
			due := p.Start.AddDate(0, 0, is.dueDay)
			in.Due = &due
		}
		_, err := b.db.CreateInitiative(b.ctx, b.sys, in)
		b.fail(err)
	}
}

// history writes the KR's weekly Friday check-ins from the period start to
// now (or to staleDays before now), and the seed 002 target raise.
func (b *builder) history(p okr.Period, kr okr.KeyResult, ks krSpec, seq int) {
	if b.err != nil || ks.kpi != "" {
		return // KPI-linked KRs are checked in by the KPI's readings
	}
	end := b.now.AddDate(0, 0, -ks.staleDays)
	length := p.End.Add(24 * time.Hour).Sub(p.Start).Hours()
	for w, at := range fridays(p.Start, end) {
		if b.err != nil {
			return
		}
		if w == 1 && ks.raiseTo != 0 {
			kr = b.raise(kr, ks)
		}
		frac := ks.pace*at.Sub(p.Start).Hours()/length + 0.04*wobble(seq, w)
		c := okr.CheckIn{OrgID: b.org.ID, KeyResultID: kr.ID, AuthorID: b.people[ks.owner], At: at,
			Comment: comments[(seq+w)%len(comments)], Confidence: confidence(ks.pace, w)}
		c.Value, c.MilestonesDone = value(kr, frac, seq, w)
		_, err := b.db.CreateCheckIns(b.ctx, b.as(ks.owner), []okr.CheckIn{c})
		b.fail(err)
	}
}

func (b *builder) raise(kr okr.KeyResult, ks krSpec) okr.KeyResult {
	fresh, err := b.db.GetKeyResult(b.ctx, b.org.ID, kr.ID)
	if err != nil {
		b.fail(err)
		return kr
	}
	fresh.Metric.Target = ks.raiseTo
	updated, err := b.db.UpdateKeyResult(b.ctx, b.as(ks.owner), fresh, ks.raiseReason)
	b.fail(err)
	return updated
}

func confidence(pace float64, w int) okr.Confidence {
	switch {
	case pace < 0.65 && w > 2:
		return okr.OffTrack
	case pace < 0.9 && w > 1:
		return okr.AtRisk
	}
	return okr.OnTrack
}

// value turns a fraction of the way to target into a check-in value.
func value(kr okr.KeyResult, frac float64, seq, w int) (float64, []int64) {
	frac = math.Max(0, frac)
	m := kr.Metric
	switch k := m.Kind; {
	case k.HasStart():
		v := m.Start + (m.Target-m.Start)*frac
		if m.Unit.Kind == okr.MeasureNumber || m.Unit.Kind == okr.MeasureCustom && math.Abs(m.Target-m.Start) >= 20 {
			v = math.Round(v)
		} else {
			v = math.Round(v*10) / 10
		}
		return v, nil
	case k.IsThreshold():
		// Hover near the start, crossing the threshold now and then.
		return math.Round((m.Start+1.5*wobble(seq, w))*10) / 10, nil
	case k == okr.MetricBoolean:
		return b2f(frac >= 0.95), nil
	case k == okr.MetricMilestones:
		n := int(frac * float64(len(kr.Milestones)))
		var done []int64
		for i := 0; i < n && i < len(kr.Milestones); i++ {
			done = append(done, kr.Milestones[i].ID)
		}
		return float64(len(done)), done
	}
	return 0, nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
