package okrfile

import "github.com/okr-dev/okr/internal/okr"

func (c *converter) convertKPIs(ds []*docKPI) {
	paths, explicit, names := make([]string, len(ds)), make([]string, len(ds)), make([]string, len(ds))
	for i, d := range ds {
		if d != nil {
			paths[i], explicit[i], names[i] = index("kpis", i), d.Key, d.Name
		}
	}
	keys := c.keys("KPI", paths, explicit, names, "kpi")
	for i, d := range ds {
		if d == nil {
			continue
		}
		path := paths[i]
		k := &KPIRec{
			Key:          keys[i],
			OwnerUnitKey: d.Owner,
			KPI: okr.KPI{
				Name: trim(d.Name), Description: trim(d.Description),
				Unit:      okr.Measure{Kind: orDefault(d.Unit, okr.MeasureNumber), Code: d.UnitCode},
				Direction: orDefault(d.Direction, okr.HigherIsBetter),
				Frequency: orDefault(d.Frequency, okr.Monthly),
				Warn:      d.Warn, Critical: d.Critical, Archived: d.Archived,
			},
			Pos: c.rep.posOf(path),
		}
		c.validate(path, k.KPI.Validate(), nil)
		if d.Owner != "" {
			if _, ok := c.units[d.Owner]; !ok {
				c.rep.errorf(field(path, "owner"), "unknown unit %q (a KPI is owned by a unit)", d.Owner)
			}
		}
		for j, dv := range d.Values {
			if dv != nil {
				k.Values = append(k.Values, c.kpiValue(index(field(path, "values"), j), dv))
			}
		}
		if _, dup := c.kpis[k.Key]; !dup {
			c.kpis[k.Key] = k
		}
		c.f.KPIs = append(c.f.KPIs, k)
	}
}

func (c *converter) kpiValue(path string, d *docKPIValue) *KPIValueRec {
	v := &KPIValueRec{AuthorEmail: c.person(field(path, "by"), d.By), Pos: c.rep.posOf(path)}
	if d.At == nil {
		c.requireOnce(field(path, "at"), "at is required: when the value was read")
	} else {
		v.Value.At = d.At.t
	}
	if d.Value == nil {
		c.requireOnce(field(path, "value"), "value is required")
	} else {
		v.Value.Value = *d.Value
	}
	return v
}

// requireOnce reports a missing required field unless the field already has
// a problem (it was present but unreadable).
func (c *converter) requireOnce(path, msg string) {
	if !c.rep.bad[path] {
		c.rep.errorf(path, "%s", msg)
	}
}
