package store

import (
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// TestTenancy checks that a second organisation can neither read nor change
// the first one's objects: every attempt is ENOTFOUND (or EINVALID for a
// reference), and lists come back empty.
func TestTenancy(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		a := mustFixture(t, db)
		b := mustFixture(t, db)
		o := a.mustObjective(t, "A's objective", unitOwner(a.dept.ID))
		kr := a.mustKR(t, o.ID, "A's KR", increase(0, 10))
		in := must(db.CreateInitiative(ctx, a.sys, okr.Initiative{KeyResultID: kr.ID, Title: "A's initiative"}))(t)
		k := must(db.CreateKPI(ctx, a.sys, okr.KPI{Name: "Visits", Direction: okr.HigherIsBetter, Frequency: okr.Monthly}))(t)

		for _, err := range []error{
			second(db.GetObjective(ctx, b.org.ID, o.ID)),
			second(db.GetKeyResult(ctx, b.org.ID, kr.ID)),
			second(db.GetInitiative(ctx, b.org.ID, in.ID)),
			second(db.GetKPI(ctx, b.org.ID, k.ID)),
			second(db.GetUnit(ctx, b.org.ID, a.dept.ID)),
			second(db.GetPerson(ctx, b.org.ID, a.member.ID)),
			second(db.GetPeriod(ctx, b.org.ID, a.period.ID)),
			// b's admin, even the system actor of b, cannot change a's objects.
			second(db.UpdateObjective(ctx, b.sys, o)),
			second(db.ArchiveObjective(ctx, as(b.admin), o.ID, o.Version)),
			second(db.UpdateKeyResult(ctx, b.sys, kr, "")),
			second(db.ArchiveKeyResult(ctx, b.sys, kr.ID, kr.Version)),
			second(db.CreateKeyResult(ctx, b.sys, okr.KeyResult{ObjectiveID: o.ID, Title: "x", Metric: increase(0, 1)})),
			second(db.CreateCheckIns(ctx, b.sys, []okr.CheckIn{{KeyResultID: kr.ID, Value: 1, Confidence: okr.OnTrack}})),
			second(db.UpdateInitiative(ctx, b.sys, in)),
			second(db.CreateInitiative(ctx, b.sys, okr.Initiative{KeyResultID: kr.ID, Title: "x"})),
			second(db.UpdateKPI(ctx, b.sys, k)),
			second(db.AddKPIValue(ctx, b.sys, k.ID, 1, time.Time{})),
			second(db.UpdateUnit(ctx, b.sys, a.dept)),
			second(db.ArchivePerson(ctx, b.sys, a.member.ID, a.member.Version)),
			second(db.UpdatePeriod(ctx, b.sys, a.period)),
			second(db.SetGrade(ctx, b.sys, okr.Grade{KeyResultID: kr.ID, Score: 0}, 0)),
			second(db.SetContributes(ctx, b.sys, o.ID, nil, o.Version)),
			second(db.CloneObjective(ctx, b.sys, o.ID, b.period.ID)),
			second(db.MoveKeyResult(ctx, b.sys, kr.ID, o.ID, kr.Version)),
			second(db.CanEdit(ctx, as(b.admin), "objective", o.ID)),
			db.Follow(ctx, as(b.member), FollowObjective, o.ID),
		} {
			wantCode(t, err, okr.ENOTFOUND)
		}
		// References across organisations are invalid.
		_, err := db.CreateObjective(ctx, b.sys, okr.Objective{PeriodID: a.period.ID, Title: "x", Owner: unitOwner(b.dept.ID)})
		wantField(t, err, "period")
		_, err = db.CreateObjective(ctx, b.sys, okr.Objective{PeriodID: b.period.ID, Title: "x", Owner: unitOwner(a.dept.ID)})
		wantField(t, err, "owner")
		_, err = db.CreateObjective(ctx, b.sys, okr.Objective{PeriodID: b.period.ID, Title: "x", Owner: unitOwner(b.dept.ID), ParentID: &o.ID})
		wantField(t, err, "parent")
		// A person of b acting in a's organisation is no member there.
		forged := as(b.admin)
		forged.OrgID = a.org.ID
		_, err = db.UpdateObjective(ctx, forged, o)
		wantCode(t, err, okr.EFORBIDDEN)

		if list, total := must2(db.ListObjectives(ctx, b.org.ID, ObjectiveFilter{}))(t); len(list) != 0 || total != 0 {
			t.Fatalf("ListObjectives of b = %d (%d), want none", len(list), total)
		}
		if list := must(db.ListKeyResults(ctx, b.org.ID, []int64{o.ID}, true))(t); len(list) != 0 {
			t.Fatalf("ListKeyResults of b = %d, want none", len(list))
		}
		if list := must(db.ListInitiatives(ctx, b.org.ID, []int64{kr.ID}))(t); len(list) != 0 {
			t.Fatalf("ListInitiatives of b = %d, want none", len(list))
		}
		if list := must(db.ListKPIs(ctx, b.org.ID, true))(t); len(list) != 0 {
			t.Fatalf("ListKPIs of b = %d, want none", len(list))
		}
		if list := must(db.ListAudit(ctx, b.org.ID, AuditFilter{ObjectType: "objective", ObjectID: o.ID}))(t); len(list) != 0 {
			t.Fatalf("ListAudit of b = %d, want none", len(list))
		}
		if list, _ := must2(db.ListPeople(ctx, b.org.ID, PersonFilter{}))(t); len(list) != 4 {
			t.Fatalf("ListPeople of b = %d, want b's own 4", len(list))
		}
		if got := must(db.GetObjective(ctx, a.org.ID, o.ID))(t); got.Version != 1 {
			t.Fatalf("a's objective version = %d after b's attempts, want 1", got.Version)
		}
	})
}

// second returns the error of a two-result call.
func second[T any](_ T, err error) error { return err }
