package okrfile

import (
	"cmp"
	"slices"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

func (b *setBuilder) kpis() {
	kpis := byID(b, "KPI", b.s.KPIs, func(k *okr.KPI) int64 { return k.ID })
	ks := mapValues(kpis)
	slices.SortFunc(ks, func(x, y *okr.KPI) int { return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.ID, y.ID)) })
	ids, names := make([]int64, len(ks)), map[int64]string{}
	for i, k := range ks {
		ids[i], names[k.ID] = k.ID, k.Name
	}
	b.kpiKey = b.assignKeys("KPI", ids, names, b.s.KPIKeys, "kpi")
	values := map[int64][]*okr.KPIValue{}
	for i := range b.s.KPIValues {
		v := &b.s.KPIValues[i]
		if kpis[v.KPIID] == nil {
			b.fail("KPI value %d: KPI %d is not in the set", v.ID, v.KPIID)
		}
		values[v.KPIID] = append(values[v.KPIID], v)
	}
	for _, k := range ks {
		rec := &KPIRec{Key: b.kpiKey[k.ID], KPI: okr.KPI{
			Name: k.Name, Description: k.Description, Unit: okr.Measure{Kind: orDefault(string(k.Unit.Kind), okr.MeasureNumber), Code: k.Unit.Code},
			Direction: orDefault(string(k.Direction), okr.HigherIsBetter), Frequency: orDefault(string(k.Frequency), okr.Monthly),
			Warn: copyPtr(k.Warn), Critical: copyPtr(k.Critical), Archived: k.Archived,
		}}
		rec.OwnerUnitKey = b.unitRef(k.OwnerUnitID, "KPI "+rec.Key)
		vs := values[k.ID]
		slices.SortFunc(vs, func(x, y *okr.KPIValue) int { return cmp.Or(x.At.Compare(y.At), cmp.Compare(x.ID, y.ID)) })
		for _, v := range vs {
			rec.Values = append(rec.Values, &KPIValueRec{
				AuthorEmail: b.personRef(v.AuthorID, "KPI "+rec.Key),
				Value:       okr.KPIValue{Value: v.Value, At: utc(v.At)},
			})
		}
		b.f.KPIs = append(b.f.KPIs, rec)
	}
}

func copyPtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// ownerRank orders owners: units in tree order, then people by e-mail.
func (b *setBuilder) ownerRank(o okr.Owner) (int, string) {
	if o.UnitID != nil {
		return b.unitOrder[*o.UnitID], ""
	}
	if o.PersonID != nil {
		return len(b.unitOrder), emailKey(b.email[*o.PersonID])
	}
	return len(b.unitOrder) + 1, ""
}

func (b *setBuilder) ownerRef(o okr.Owner, what string) OwnerRef {
	var r OwnerRef
	r.UnitKey = b.unitRef(o.UnitID, what)
	if o.PersonID != nil {
		r.Email = b.personRef(*o.PersonID, what)
	}
	return r
}

func (b *setBuilder) objectives() {
	objs := byID(b, "objective", b.s.Objectives, func(o *okr.Objective) int64 { return o.ID })
	os := mapValues(objs)
	slices.SortFunc(os, func(x, y *okr.Objective) int {
		px, py := b.period[x.PeriodID], b.period[y.PeriodID]
		c := 0
		if px != nil && py != nil {
			c = comparePeriods(px, py)
		}
		rx, ex := b.ownerRank(x.Owner)
		ry, ey := b.ownerRank(y.Owner)
		return cmp.Or(c, cmp.Compare(rx, ry), strings.Compare(ex, ey), cmp.Compare(x.Title, y.Title), cmp.Compare(x.ID, y.ID))
	})
	ids, titles := make([]int64, len(os)), map[int64]string{}
	for i, o := range os {
		ids[i], titles[o.ID] = o.ID, o.Title
	}
	b.objKey = b.assignKeys("objective", ids, titles, b.s.ObjectiveKeys, "objective")
	krs := b.keyResultsByObjective(objs)
	var krIDs []int64
	krTitles := map[int64]string{}
	for _, o := range os {
		for _, kr := range krs[o.ID] {
			krIDs, krTitles[kr.ID] = append(krIDs, kr.ID), kr.Title
		}
	}
	krKey := b.assignKeys("key result", krIDs, krTitles, b.s.KeyResultKeys, "kr")
	b.krKey = krKey
	d := b.details()
	for _, o := range os {
		rec := b.objective(o)
		for _, kr := range krs[o.ID] {
			rec.KeyResults = append(rec.KeyResults, b.keyResult(kr, krKey[kr.ID], d))
		}
		b.f.Objectives = append(b.f.Objectives, rec)
	}
}

func (b *setBuilder) objective(o *okr.Objective) *ObjectiveRec {
	key := b.objKey[o.ID]
	what := "objective " + key
	rec := &ObjectiveRec{Key: key, Owner: b.ownerRef(o.Owner, what), Objective: okr.Objective{
		Title: o.Title, Description: o.Description, Weight: weightOr1(o.Weight), State: orDefault(string(o.State), okr.StateDraft),
		Reflection: o.Reflection, Archived: o.Archived,
	}}
	if o.PublishedAt != nil && rec.Objective.State != okr.StateDraft {
		t := utc(*o.PublishedAt)
		rec.Objective.PublishedAt = &t
	}
	if p := b.period[o.PeriodID]; p != nil {
		rec.PeriodName = p.Name
	} else {
		b.fail("%s: period %d is not in the set", what, o.PeriodID)
	}
	if o.Owner.UnitID == nil && o.Owner.PersonID == nil {
		b.fail("%s has no owner", what)
	}
	rec.ParentKey = b.objectiveRef(o.ParentID, what)
	for _, id := range o.Contributes {
		rec.ContributesTo = append(rec.ContributesTo, b.objectiveRef(&id, what))
	}
	slices.Sort(rec.ContributesTo)
	return rec
}

func (b *setBuilder) objectiveRef(id *int64, what string) string {
	if id == nil {
		return ""
	}
	k, ok := b.objKey[*id]
	if !ok {
		b.fail("%s: objective %d is not in the set", what, *id)
	}
	return k
}

// keyResultsByObjective groups the key results by objective, each group in
// Position order.
func (b *setBuilder) keyResultsByObjective(objs map[int64]*okr.Objective) map[int64][]*okr.KeyResult {
	byID(b, "key result", b.s.KeyResults, func(k *okr.KeyResult) int64 { return k.ID })
	out := map[int64][]*okr.KeyResult{}
	for i := range b.s.KeyResults {
		kr := &b.s.KeyResults[i]
		if objs[kr.ObjectiveID] == nil {
			b.fail("key result %d: objective %d is not in the set", kr.ID, kr.ObjectiveID)
			continue
		}
		out[kr.ObjectiveID] = append(out[kr.ObjectiveID], kr)
	}
	for _, krs := range out {
		slices.SortFunc(krs, func(x, y *okr.KeyResult) int {
			return cmp.Or(cmp.Compare(x.Position, y.Position), cmp.Compare(x.ID, y.ID))
		})
	}
	return out
}
