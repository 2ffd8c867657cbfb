package store

import (
	"slices"
	"testing"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// mustObjective creates a published objective of the dept in the fixture's
// period.
func (f *fixture) mustObjective(tb testing.TB, title string, owner okr.Owner) okr.Objective {
	tb.Helper()
	return must(f.db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: title, Owner: owner, State: okr.StatePublished}))(tb)
}

func unitOwner(id int64) okr.Owner   { return okr.Owner{UnitID: &id} }
func personOwner(id int64) okr.Owner { return okr.Owner{PersonID: &id} }

func TestObjectiveCRUD(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		company := f.mustObjective(t, "Bli markedsleder", unitOwner(f.company.ID))
		o := must(db.CreateObjective(ctx, as(f.lead), okr.Objective{PeriodID: f.period.ID, Title: "Øke merkevaren vår i målgruppen",
			Description: "Synlighet", Owner: unitOwner(f.dept.ID), ParentID: &company.ID}))(t)
		if o.State != okr.StateDraft || o.Weight != 1 || o.Version != 1 || o.CreatedAt.IsZero() {
			t.Fatalf("CreateObjective = %+v, want a draft of weight 1 at version 1 with a creation time", o)
		}
		got := must(db.GetObjective(ctx, f.org.ID, o.ID))(t)
		if got.Title != o.Title || *got.ParentID != company.ID || !got.CreatedAt.Equal(o.CreatedAt) || len(got.Contributes) != 0 {
			t.Fatalf("GetObjective = %+v, want %+v", got, o)
		}

		o.State, o.Reflection = okr.StatePublished, "Vi lærte mye."
		o = must(db.UpdateObjective(ctx, as(f.lead), o))(t)
		if o.Version != 2 || o.State != okr.StatePublished {
			t.Fatalf("UpdateObjective = %+v, want published at version 2", o)
		}
		stale := o
		stale.Version = 1
		_, err := db.UpdateObjective(ctx, as(f.lead), stale)
		wantCode(t, err, okr.ESTALE)
		o.State = okr.StateDraft
		o.State = "archived"
		_, err = db.UpdateObjective(ctx, as(f.lead), o)
		wantCode(t, err, okr.EINVALID)
		o.State = okr.StatePublished

		// References must exist in the organisation.
		bad := o
		bad.PeriodID = 999999
		_, err = db.UpdateObjective(ctx, as(f.lead), bad)
		wantField(t, err, "period")
		bad = o
		bad.Owner = personOwner(999999)
		_, err = db.UpdateObjective(ctx, f.sys, bad)
		wantField(t, err, "owner")
		bad = o
		bad.Owner = okr.Owner{}
		_, err = db.UpdateObjective(ctx, f.sys, bad)
		wantField(t, err, "owner")

		// Moving to another period.
		q2 := must(db.CreatePeriod(ctx, f.sys, okr.Period{Name: "Q2", Kind: okr.PeriodQuarter, Start: date(2026, 4, 1), End: date(2026, 6, 30)}))(t)
		o.PeriodID = q2.ID
		o = must(db.UpdateObjective(ctx, as(f.lead), o))(t)
		if list, _ := must2(db.ListObjectives(ctx, f.org.ID, ObjectiveFilter{PeriodID: q2.ID}))(t); len(list) != 1 || list[0].ID != o.ID {
			t.Fatalf("ListObjectives(Q2) = %+v, want the moved objective", list)
		}

		arch := must(db.ArchiveObjective(ctx, as(f.lead), o.ID, o.Version))(t)
		if !arch.Archived || arch.Version != o.Version+1 {
			t.Fatalf("ArchiveObjective = %+v, want archived at version %d", arch, o.Version+1)
		}
		if list, _ := must2(db.ListObjectives(ctx, f.org.ID, ObjectiveFilter{}))(t); len(list) != 1 {
			t.Fatalf("ListObjectives after archive = %d, want 1 (the company objective)", len(list))
		}
		if list, _ := must2(db.ListObjectives(ctx, f.org.ID, ObjectiveFilter{IncludeArchived: true}))(t); len(list) != 2 {
			t.Fatalf("ListObjectives(IncludeArchived) = %d, want 2", len(list))
		}
		_, err = db.RestoreObjective(ctx, as(f.lead), o.ID, o.Version)
		wantCode(t, err, okr.ESTALE)
		res := must(db.RestoreObjective(ctx, as(f.lead), o.ID, arch.Version))(t)
		if res.Archived {
			t.Fatalf("RestoreObjective = %+v, want active", res)
		}
	})
}

func TestObjectiveParentCycle(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		a := f.mustObjective(t, "A", unitOwner(f.company.ID))
		b := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "B", Owner: unitOwner(f.dept.ID), ParentID: &a.ID}))(t)
		c := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "C", Owner: unitOwner(f.team.ID), ParentID: &b.ID}))(t)
		a.ParentID = &c.ID
		_, err := db.UpdateObjective(ctx, f.sys, a)
		wantCode(t, err, okr.EINVALID)
		wantField(t, err, "parent")
		a.ParentID = &a.ID
		_, err = db.UpdateObjective(ctx, f.sys, a)
		wantField(t, err, "parent")
		_, err = db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "D", Owner: unitOwner(f.team.ID), ParentID: ptr(int64(999999))})
		wantField(t, err, "parent")
		// Re-parenting without a cycle works, and ParentID filters.
		c.ParentID = &a.ID
		must(db.UpdateObjective(ctx, f.sys, c))(t)
		if list, _ := must2(db.ListObjectives(ctx, f.org.ID, ObjectiveFilter{ParentID: &a.ID}))(t); len(list) != 2 {
			t.Fatalf("ListObjectives(parent A) = %d, want 2 (B and C)", len(list))
		}
	})
}

func TestObjectivePermissions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		p := f.period.ID
		cases := []struct {
			name  string
			actor okr.Person
			owner okr.Owner
			want  string
		}{
			{"member for themselves", f.member, personOwner(f.member.ID), ""},
			{"member for someone else", f.member, personOwner(f.other.ID), okr.EFORBIDDEN},
			{"member for their team", f.member, unitOwner(f.team.ID), okr.EFORBIDDEN},
			{"lead for their unit", f.lead, unitOwner(f.dept.ID), ""},
			{"lead for a unit below theirs", f.lead, unitOwner(f.team.ID), ""},
			{"lead for the unit above", f.lead, unitOwner(f.company.ID), okr.EFORBIDDEN},
			{"admin for the company", f.admin, unitOwner(f.company.ID), ""},
			{"admin for anyone", f.admin, personOwner(f.other.ID), ""},
		}
		for _, c := range cases {
			_, err := db.CreateObjective(ctx, as(c.actor), okr.Objective{PeriodID: p, Title: c.name, Owner: c.owner})
			if got := okr.ErrorCode(err); got != c.want {
				t.Errorf("%s: CreateObjective error code = %q (%v), want %q", c.name, got, err, c.want)
			}
		}

		own := must(db.CreateObjective(ctx, as(f.member), okr.Objective{PeriodID: p, Title: "Mine", Owner: personOwner(f.member.ID)}))(t)
		team := f.mustObjective(t, "Team", unitOwner(f.team.ID))
		// The owner may change their objective; others may not.
		own.Title = "Still mine"
		own = must(db.UpdateObjective(ctx, as(f.member), own))(t)
		_, err := db.UpdateObjective(ctx, as(f.other), own)
		wantCode(t, err, okr.EFORBIDDEN)
		// A lead of an ancestor unit may change it, as may an admin.
		team.Title = "Team, edited by the dept lead"
		team = must(db.UpdateObjective(ctx, as(f.lead), team))(t)
		_, err = db.UpdateObjective(ctx, as(f.member), team)
		wantCode(t, err, okr.EFORBIDDEN)
		_, err = db.ArchiveObjective(ctx, as(f.member), team.ID, team.Version)
		wantCode(t, err, okr.EFORBIDDEN)
		// Lifting to the parent unit needs rights on the new owner too.
		team.Owner = unitOwner(f.dept.ID)
		team = must(db.UpdateObjective(ctx, as(f.lead), team))(t)
		team.Owner = unitOwner(f.company.ID)
		_, err = db.UpdateObjective(ctx, as(f.lead), team)
		wantCode(t, err, okr.EFORBIDDEN)
		team = must(db.UpdateObjective(ctx, as(f.admin), team))(t)
		if *team.Owner.UnitID != f.company.ID {
			t.Fatalf("owner after lifting = %v, want the company", *team.Owner.UnitID)
		}

		for _, c := range []struct {
			actor okr.Person
			want  bool
		}{{f.member, true}, {f.other, false}, {f.lead, false}, {f.admin, true}} {
			if got := must(db.CanEdit(ctx, as(c.actor), "objective", own.ID))(t); got != c.want {
				t.Errorf("CanEdit(%s, own objective) = %v, want %v", c.actor.Name, got, c.want)
			}
		}
	})
}

func TestObjectiveListFilters(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		a := f.mustObjective(t, "Dominere kioskbransjen i Oslo", unitOwner(f.company.ID))
		b := f.mustObjective(t, "Styrke kompetansen", unitOwner(f.dept.ID))
		c := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "Levere suksesshistorier",
			Description: "To konkrete KIOSK-kunder", Owner: personOwner(f.member.ID)}))(t)
		ids := func(list []okr.Objective) []int64 {
			out := []int64{}
			for _, o := range list {
				out = append(out, o.ID)
			}
			return out
		}
		for _, tc := range []struct {
			name string
			f    ObjectiveFilter
			want []int64
		}{
			{"all", ObjectiveFilter{}, []int64{a.ID, b.ID, c.ID}},
			{"query ignores case, searches description", ObjectiveFilter{Query: "kiosk"}, []int64{a.ID, c.ID}},
			{"owner units", ObjectiveFilter{OwnerUnitIDs: []int64{f.dept.ID}}, []int64{b.ID}},
			{"owner units or people", ObjectiveFilter{OwnerUnitIDs: []int64{f.company.ID}, OwnerPersonIDs: []int64{f.member.ID}}, []int64{a.ID, c.ID}},
			{"state", ObjectiveFilter{State: okr.StateDraft}, []int64{c.ID}},
			{"period", ObjectiveFilter{PeriodID: f.period.ID + 1000}, []int64{}},
		} {
			list, total := must2(db.ListObjectives(ctx, f.org.ID, tc.f))(t)
			if !slices.Equal(ids(list), tc.want) || total != len(tc.want) {
				t.Errorf("%s: ListObjectives = %v (total %d), want %v", tc.name, ids(list), total, tc.want)
			}
		}
		list, total := must2(db.ListObjectives(ctx, f.org.ID, ObjectiveFilter{Limit: 2}))(t)
		if total != 3 || !slices.Equal(ids(list), []int64{a.ID, b.ID}) {
			t.Fatalf("page 1 = %v of %d, want [a b] of 3", ids(list), total)
		}
		list, total = must2(db.ListObjectives(ctx, f.org.ID, ObjectiveFilter{Limit: 2, Offset: 2}))(t)
		if total != 3 || !slices.Equal(ids(list), []int64{c.ID}) {
			t.Fatalf("page 2 = %v of %d, want [c] of 3", ids(list), total)
		}
	})
}

func TestContributes(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		a := f.mustObjective(t, "A", unitOwner(f.company.ID))
		b := f.mustObjective(t, "B", unitOwner(f.dept.ID))
		c := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "C", Owner: unitOwner(f.team.ID), Contributes: []int64{b.ID}}))(t)
		if !slices.Equal(c.Contributes, []int64{b.ID}) {
			t.Fatalf("created Contributes = %v, want [%d]", c.Contributes, b.ID)
		}
		c = must(db.SetContributes(ctx, as(f.lead), c.ID, []int64{a.ID, b.ID, a.ID}, c.Version))(t)
		if c.Version != 2 || !slices.Equal(c.Contributes, []int64{a.ID, b.ID}) {
			t.Fatalf("SetContributes = %+v, want links [a b] at version 2", c)
		}
		list, _ := must2(db.ListObjectives(ctx, f.org.ID, ObjectiveFilter{}))(t)
		for _, o := range list {
			want := []int64{}
			if o.ID == c.ID {
				want = []int64{a.ID, b.ID}
			}
			if !slices.Equal(o.Contributes, want) {
				t.Errorf("ListObjectives: %s contributes to %v, want %v", o.Title, o.Contributes, want)
			}
		}
		_, err := db.SetContributes(ctx, as(f.lead), c.ID, []int64{c.ID}, c.Version)
		wantField(t, err, "contributes")
		_, err = db.SetContributes(ctx, as(f.lead), c.ID, nil, 1)
		wantCode(t, err, okr.ESTALE)
		_, err = db.SetContributes(ctx, as(f.member), c.ID, nil, c.Version)
		wantCode(t, err, okr.EFORBIDDEN)
		c = must(db.SetContributes(ctx, as(f.lead), c.ID, nil, c.Version))(t)
		if got := must(db.GetObjective(ctx, f.org.ID, c.ID))(t); len(got.Contributes) != 0 {
			t.Fatalf("Contributes after clearing = %v, want none", got.Contributes)
		}
	})
}

func TestAuditEntries(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := must(db.CreateObjective(ctx, as(f.member), okr.Objective{PeriodID: f.period.ID, Title: "Before", Owner: personOwner(f.member.ID)}))(t)
		o.Title = "After"
		o = must(db.UpdateObjective(ctx, as(f.member), o))(t)
		o = must(db.ArchiveObjective(ctx, as(f.member), o.ID, o.Version))(t)
		must(db.RestoreObjective(ctx, f.sys, o.ID, o.Version))(t)

		entries := must(db.ListAudit(ctx, f.org.ID, AuditFilter{ObjectType: "objective", ObjectID: o.ID}))(t)
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		if want := []string{"restore", "archive", "update", "create"}; !slices.Equal(actions, want) {
			t.Fatalf("audit actions = %v, want %v (newest first)", actions, want)
		}
		upd := entries[2]
		before, after := mustRecord[*audit.Objective](t, upd, upd.Before), mustRecord[*audit.Objective](t, upd, upd.After)
		if before.Title != "Before" || after.Title != "After" || after.Version != 2 {
			t.Fatalf("update before/after = %q/%q v%d, want Before/After v2", before.Title, after.Title, after.Version)
		}
		if upd.ActorID == nil || *upd.ActorID != f.member.ID || entries[0].ActorID != nil {
			t.Fatalf("actors = %v / %v, want the member and nil for the system", upd.ActorID, entries[0].ActorID)
		}
		if entries[3].Before != "" || entries[3].After == "" {
			t.Fatalf("create entry before/after = %q/%q, want empty/JSON", entries[3].Before, entries[3].After)
		}
		byMember := must(db.ListAudit(ctx, f.org.ID, AuditFilter{ActorID: f.member.ID}))(t)
		if len(byMember) != 3 {
			t.Fatalf("ListAudit(actor member) = %d entries, want 3", len(byMember))
		}
		page := must(db.ListAudit(ctx, f.org.ID, AuditFilter{ObjectID: o.ID, ObjectType: "objective", Limit: 2, BeforeID: entries[1].ID}))(t)
		if len(page) != 2 || page[0].ID != entries[2].ID {
			t.Fatalf("ListAudit(BeforeID) = %+v, want the update and the create", page)
		}
	})
}

func TestObjectiveStates(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "O", Owner: unitOwner(f.team.ID)}))(t)
		for _, step := range []struct {
			to okr.State
			ok bool
		}{
			{okr.StateClosed, false}, {okr.StatePublished, true}, {okr.StateClosed, true},
			{okr.StateDraft, false}, {okr.StatePublished, true}, {okr.StateDraft, true},
		} {
			next := o
			next.State = step.to
			got, err := db.UpdateObjective(ctx, f.sys, next)
			if step.ok != (err == nil) {
				t.Fatalf("%s → %s: error %v, want ok = %v", o.State, step.to, err, step.ok)
			}
			if err == nil {
				o = got
			} else {
				wantField(t, err, "state")
			}
		}
	})
}

func TestCanEditTypes(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "O", unitOwner(f.team.ID))
		kr := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: "KR", Owner: personOwner(f.member.ID), Metric: increase(0, 1)}))(t)
		k := must(db.CreateKPI(ctx, f.sys, okr.KPI{Name: "K", Direction: okr.HigherIsBetter, Frequency: okr.Weekly, OwnerUnitID: &f.team.ID}))(t)
		for _, c := range []struct {
			actor okr.Person
			typ   string
			id    int64
			want  bool
		}{
			{f.member, "key_result", kr.ID, true}, {f.member, "check_in", kr.ID, true}, {f.other, "check_in", kr.ID, false},
			{f.member, "objective", o.ID, false}, {f.lead, "objective", o.ID, true},
			{f.lead, "kpi", k.ID, true}, {f.member, "kpi", k.ID, false},
			{f.admin, "unit", f.team.ID, true}, {f.lead, "unit", f.dept.ID, false},
			{f.member, "person", f.member.ID, true}, {f.member, "person", f.other.ID, false},
			{f.admin, "period", f.period.ID, true}, {f.lead, "period", f.period.ID, false},
			{f.admin, "org", f.org.ID, true}, {f.member, "org", f.org.ID, false},
		} {
			if got := must(db.CanEdit(ctx, as(c.actor), c.typ, c.id))(t); got != c.want {
				t.Errorf("CanEdit(%s, %s %d) = %v, want %v", c.actor.Name, c.typ, c.id, got, c.want)
			}
		}
		_, err := db.CanEdit(ctx, as(f.admin), "unit", 999999)
		wantCode(t, err, okr.ENOTFOUND)
		_, err = db.CanEdit(ctx, as(f.admin), "spaceship", 1)
		wantCode(t, err, okr.EINVALID)
		archived := must(db.ArchivePerson(ctx, f.sys, f.other.ID, f.other.Version))(t)
		if ok := must(db.CanEdit(ctx, as(archived), "person", archived.ID))(t); ok {
			t.Fatal("CanEdit by an archived person = true, want false")
		}
	})
}
