package okrfile

import (
	"fmt"
	"slices"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// krNames maps okr.KeyResult's validation field names to the file's.
var krNames = map[string]string{
	"metric.kind": "metric", "metric.unit": "unit", "metric.start": "start",
	"metric.target": "target", "metric.unit_code": "unit_code",
}

func (c *converter) convertObjectives(ds []*docObjective) {
	n := len(ds)
	paths, explicit, titles := make([]string, n), make([]string, n), make([]string, n)
	var krPaths, krExplicit, krTitles []string
	for i, d := range ds {
		if d == nil {
			continue
		}
		paths[i], explicit[i], titles[i] = index("objectives", i), d.Key, d.Title
		for j, k := range d.KeyResults {
			if k != nil {
				krPaths = append(krPaths, index(field(paths[i], "key_results"), j))
				krExplicit, krTitles = append(krExplicit, k.Key), append(krTitles, k.Title)
			}
		}
	}
	keys := c.keys("objective", paths, explicit, titles, "objective")
	krKeys := c.keys("key result", krPaths, krExplicit, krTitles, "kr")
	for i, d := range ds {
		if d == nil {
			continue
		}
		o := c.objective(paths[i], keys[i], d)
		for j, dk := range d.KeyResults {
			if dk != nil {
				kr := c.keyResult(index(field(paths[i], "key_results"), j), krKeys[0], dk)
				kr.ObjectiveKey = o.Key
				c.defaultGradeTime(kr, o.PeriodName)
				krKeys = krKeys[1:]
				o.KeyResults = append(o.KeyResults, kr)
			}
		}
		if _, dup := c.objs[o.Key]; !dup {
			c.objs[o.Key] = o
		}
		c.objPath[o] = paths[i]
		c.f.Objectives = append(c.f.Objectives, o)
	}
	for _, o := range c.f.Objectives {
		c.alignObjective(o)
	}
}

func (c *converter) objective(path, key string, d *docObjective) *ObjectiveRec {
	o := &ObjectiveRec{
		Key: key, ParentKey: d.Parent, ContributesTo: d.ContributesTo,
		Objective: okr.Objective{
			Title: trim(d.Title), Description: trim(d.Description), Weight: floatOr(d.Weight, 1),
			State: orDefault(d.State, okr.StateDraft), Reflection: trim(d.Reflection), Archived: d.Archived,
		},
		Pos: c.rep.posOf(path), TitlePos: c.rep.posOf(field(path, "title")),
	}
	if d.PublishedAt != nil && o.Objective.State != okr.StateDraft {
		// A draft's is left out, as the product does (a file set back
		// to draft may still have it).
		t := d.PublishedAt.t
		o.Objective.PublishedAt = &t
	}
	o.PeriodName = c.objectivePeriod(path, d.Period)
	if strings.TrimSpace(d.Owner) == "" {
		c.requireOnce(field(path, "owner"), "owner is required: a unit key or a person's e-mail address")
	} else {
		o.Owner = c.owner(field(path, "owner"), d.Owner)
	}
	// References are checked above; validate the rest with stand-ins.
	v, one := o.Objective, int64(1)
	v.PeriodID, v.Owner = 1, okr.Owner{UnitID: &one}
	c.validate(path, v.Validate(), nil)
	return o
}

// objectivePeriod resolves an objective's period. It may be left out when
// the file has exactly one period.
func (c *converter) objectivePeriod(path, name string) string {
	pp := field(path, "period")
	if name == "" {
		if len(c.f.Periods) == 1 {
			return c.f.Periods[0].Period.Name
		}
		c.requireOnce(pp, fmt.Sprintf("period is required: the file has %d periods", len(c.f.Periods)))
		return ""
	}
	if _, ok := c.periods[name]; !ok {
		c.rep.errorf(pp, "unknown period %q", name)
	}
	return name
}

// alignObjective checks the parent and contributes-to links of o.
func (c *converter) alignObjective(o *ObjectiveRec) {
	path := c.objPath[o]
	if o.ParentKey != "" {
		pp := field(path, "parent")
		switch _, ok := c.objs[o.ParentKey]; {
		case !ok:
			c.rep.errorf(pp, "unknown objective %q", o.ParentKey)
		case o.ParentKey == o.Key:
			c.rep.errorf(pp, "an objective cannot be its own parent")
		case c.objectiveCycle(o):
			c.rep.errorf(pp, "objective %q is its own ancestor: the parents form a cycle", o.Key)
		}
	}
	seen := map[string]bool{}
	for i, k := range o.ContributesTo {
		ip := index(field(path, "contributes_to"), i)
		switch _, ok := c.objs[k]; {
		case !ok:
			c.rep.errorf(ip, "unknown objective %q", k)
		case k == o.Key:
			c.rep.errorf(ip, "an objective cannot contribute to itself")
		case seen[k]:
			c.rep.errorf(ip, "objective %q is listed twice", k)
		}
		seen[k] = true
	}
}

func (c *converter) objectiveCycle(o *ObjectiveRec) bool {
	for p, n := c.objs[o.ParentKey], 0; p != nil && n <= len(c.objs); p, n = c.objs[p.ParentKey], n+1 {
		if p == o {
			return true
		}
	}
	return false
}

// inferMetric picks the metric of a key result that does not name one: a
// checklist when it has milestones, a number when it has a target (a
// decrease when the target is below the start), else yes/no.
func inferMetric(d *docKR) okr.MetricKind {
	switch {
	case d.Metric != "":
		return okr.MetricKind(d.Metric)
	case slices.ContainsFunc(d.Milestones, func(m *docMilestone) bool { return m != nil && !m.Archived }):
		return okr.MetricMilestones
	case d.Target != nil && d.Start != nil && *d.Target < *d.Start:
		return okr.MetricDecrease
	case d.Target != nil:
		return okr.MetricIncrease
	}
	return okr.MetricBoolean
}

func needsTarget(k okr.MetricKind) bool {
	return k.IsNumeric()
}

func (c *converter) keyResult(path, key string, d *docKR) *KeyResultRec {
	kind := inferMetric(d)
	kr := &KeyResultRec{
		Key: key, Owner: c.owner(field(path, "owner"), d.Owner), KPIKey: d.KPI,
		KeyResult: okr.KeyResult{
			Title: trim(d.Title), Weight: floatOr(d.Weight, 1), Archived: d.Archived,
			Metric: okr.Metric{
				Kind: kind, Start: floatOr(d.Start, 0), Target: floatOr(d.Target, 0),
				Unit: okr.Measure{Kind: orDefault(d.Unit, okr.MeasureNumber), Code: d.UnitCode},
			},
		},
		Pos: c.rep.posOf(path), TitlePos: c.rep.posOf(field(path, "title")),
	}
	if needsTarget(kind) && d.Target == nil {
		c.requireOnce(field(path, "target"), fmt.Sprintf("target is required for a %s key result", kind))
	}
	if d.KPI != "" {
		if _, ok := c.kpis[d.KPI]; !ok {
			c.rep.errorf(field(path, "kpi"), "unknown KPI %q", d.KPI)
		}
	}
	c.milestones(path, kr, d.Milestones)
	c.validate(path, kr.KeyResult.Validate(), krNames)
	c.krDetails(path, kr, d)
	return kr
}

func (c *converter) milestones(path string, kr *KeyResultRec, ds []*docMilestone) {
	// Active milestones on a key result of another kind are refused by
	// okr.KeyResult.Validate, as in the product.
	mp := field(path, "milestones")
	seen := map[string]bool{}
	for i, d := range ds {
		if d == nil {
			continue
		}
		if seen[d.Title] && d.Title != "" {
			c.rep.errorf(field(index(mp, i), "title"), "milestone %q is listed twice; check-ins name milestones by title", d.Title)
			c.rep.bad[mp] = true // okr.KeyResult.Validate says the same of the list
		}
		seen[d.Title] = true
		m := okr.Milestone{Title: d.Title, Done: d.Done}
		if d.Archived {
			kr.ArchivedMilestones = append(kr.ArchivedMilestones, m)
		} else {
			kr.KeyResult.Milestones = append(kr.KeyResult.Milestones, m)
		}
	}
}

// defaultGradeTime dates a grade without "at" at the end of its period:
// grading happens when the period is over.
func (c *converter) defaultGradeTime(kr *KeyResultRec, period string) {
	p, ok := c.periods[period]
	if kr.Grade == nil || !kr.Grade.Grade.At.IsZero() || !ok || p.Period.End.IsZero() {
		return
	}
	kr.Grade.Grade.At = p.Period.End.AddDate(0, 0, 1)
}
