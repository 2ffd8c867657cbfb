package store

import (
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

func TestKPIs(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		warn := 1500.0
		k := must(db.CreateKPI(ctx, as(f.lead), okr.KPI{Name: "Besøk per måned", Direction: okr.HigherIsBetter, Frequency: okr.Monthly,
			Warn: &warn, OwnerUnitID: &f.team.ID, Unit: okr.Measure{Kind: okr.MeasureCustom, Code: "visits"}}))(t)
		got := must(db.GetKPI(ctx, f.org.ID, k.ID))(t)
		if got.Name != k.Name || *got.Warn != 1500 || got.Critical != nil || got.Unit.Code != "visits" || *got.OwnerUnitID != f.team.ID {
			t.Fatalf("GetKPI = %+v, want the stored fields", got)
		}
		_, err := db.CreateKPI(ctx, as(f.member), okr.KPI{Name: "x", Direction: okr.HigherIsBetter, Frequency: okr.Monthly, OwnerUnitID: &f.team.ID})
		wantCode(t, err, okr.EFORBIDDEN)
		_, err = db.CreateKPI(ctx, as(f.lead), okr.KPI{Name: "x", Direction: okr.HigherIsBetter, Frequency: okr.Monthly})
		wantCode(t, err, okr.EFORBIDDEN) // no owner unit: admins only
		_, err = db.CreateKPI(ctx, f.sys, okr.KPI{Name: "x", Direction: "up", Frequency: okr.Monthly})
		wantField(t, err, "direction")

		got.Description = "Organisk trafikk"
		got = must(db.UpdateKPI(ctx, as(f.lead), got))(t)
		got.OwnerUnitID = &f.company.ID
		_, err = db.UpdateKPI(ctx, as(f.lead), got)
		wantCode(t, err, okr.EFORBIDDEN)
		arch := must(db.ArchiveKPI(ctx, as(f.admin), k.ID, got.Version))(t)
		if list := must(db.ListKPIs(ctx, f.org.ID, false))(t); len(list) != 0 {
			t.Fatalf("ListKPIs after archive = %d, want 0", len(list))
		}
		if list := must(db.ListKPIs(ctx, f.org.ID, true))(t); len(list) != 1 {
			t.Fatalf("ListKPIs(includeArchived) = %d, want 1", len(list))
		}
		_, err = db.AddKPIValue(ctx, f.sys, k.ID, 1, time.Time{})
		wantCode(t, err, okr.EINVALID)
		must(db.RestoreKPI(ctx, as(f.admin), k.ID, arch.Version))(t)
	})
}

func TestKPIReadingChecksInLinkedKRs(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		k := must(db.CreateKPI(ctx, f.sys, okr.KPI{Name: "Visits", Direction: okr.HigherIsBetter, Frequency: okr.Weekly, OwnerUnitID: &f.team.ID}))(t)
		other := must(db.CreateKPI(ctx, f.sys, okr.KPI{Name: "Leads", Direction: okr.HigherIsBetter, Frequency: okr.Weekly}))(t)
		o := f.mustObjective(t, "Traffic", unitOwner(f.team.ID))
		newKR := func(title string, kpi int64) okr.KeyResult {
			return must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: title, Metric: increase(1000, 2000), KPIID: &kpi}))(t)
		}
		linked := newKR("linked", k.ID)
		atRisk := newKR("linked, at risk", k.ID)
		unrelated := newKR("other KPI", other.ID)
		archived := newKR("archived", k.ID)
		must(db.ArchiveKeyResult(ctx, f.sys, archived.ID, archived.Version))(t)
		must(db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{{KeyResultID: atRisk.ID, Value: 1100, Confidence: okr.AtRisk, At: time.Now().Add(-time.Hour)}}))(t)

		// The lead of the team's parent unit may add readings.
		at := time.Now().UTC().Truncate(time.Second)
		v := must(db.AddKPIValue(ctx, as(f.lead), k.ID, 1500, at))(t)
		if v.ID == 0 || v.Value != 1500 || !v.At.Equal(at) || v.AuthorID != f.lead.ID {
			t.Fatalf("AddKPIValue = %+v, want stored 1500 at %v by the lead", v, at)
		}
		_, err := db.AddKPIValue(ctx, as(f.member), k.ID, 1, time.Time{})
		wantCode(t, err, okr.EFORBIDDEN)

		krs := map[int64]okr.KeyResult{}
		for _, kr := range must(db.ListKeyResults(ctx, f.org.ID, []int64{o.ID}, true))(t) {
			krs[kr.ID] = kr
		}
		if kr := krs[linked.ID]; kr.Current == nil || *kr.Current != 1500 || kr.Confidence != okr.OnTrack || !kr.LastCheckInAt.Equal(at) {
			t.Fatalf("linked KR = %v %q %v, want 1500 on track at the reading", kr.Current, kr.Confidence, kr.LastCheckInAt)
		}
		if kr := krs[atRisk.ID]; *kr.Current != 1500 || kr.Confidence != okr.AtRisk {
			t.Fatalf("at-risk KR = %v %q, want 1500 with its confidence kept", *kr.Current, kr.Confidence)
		}
		if kr := krs[unrelated.ID]; kr.Current != nil {
			t.Fatalf("KR of another KPI = %v, want no check-in", *kr.Current)
		}
		if kr := krs[archived.ID]; kr.Current != nil {
			t.Fatalf("archived KR = %v, want no check-in", *kr.Current)
		}
		cis := must(db.ListCheckIns(ctx, f.org.ID, []int64{linked.ID}, nil))(t)
		if len(cis) != 1 || cis[0].Comment != KPIReadingComment || cis[0].AuthorID != f.lead.ID {
			t.Fatalf("check-ins of the linked KR = %+v, want one KPI reading by the lead", cis)
		}
		vals := must(db.ListKPIValues(ctx, f.org.ID, []int64{k.ID, other.ID}, nil))(t)
		if len(vals) != 1 || vals[0].Value != 1500 {
			t.Fatalf("ListKPIValues = %+v, want the one reading", vals)
		}
		later := at.Add(time.Minute)
		if vals := must(db.ListKPIValues(ctx, f.org.ID, []int64{k.ID}, &later))(t); len(vals) != 0 {
			t.Fatalf("ListKPIValues(since later) = %+v, want none", vals)
		}

		// KRs in a closed period are left alone.
		p := f.period
		p.Closed = true
		must(db.UpdatePeriod(ctx, f.sys, p))(t)
		must(db.AddKPIValue(ctx, f.sys, k.ID, 1700, time.Time{}))(t)
		if kr := must(db.GetKeyResult(ctx, f.org.ID, linked.ID))(t); *kr.Current != 1500 {
			t.Fatalf("KR in a closed period after a reading = %v, want 1500 kept", *kr.Current)
		}
	})
}
