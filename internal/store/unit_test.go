package store

import (
	"slices"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

func TestUnits(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		got := must(db.GetUnit(ctx, f.org.ID, f.dept.ID))(t)
		if got.Name != "Sales" || !slices.Equal(got.LeadIDs, []int64{f.lead.ID}) || *got.ParentID != f.company.ID {
			t.Fatalf("GetUnit = %+v, want Sales led by %d under %d", got, f.lead.ID, f.company.ID)
		}
		units := must(db.ListUnits(ctx, f.org.ID, UnitFilter{}))(t)
		if len(units) != 3 {
			t.Fatalf("ListUnits returned %d units, want 3", len(units))
		}
		for _, u := range units {
			if u.ID == f.dept.ID && !slices.Equal(u.LeadIDs, []int64{f.lead.ID}) {
				t.Fatalf("ListUnits dept leads = %v, want [%d]", u.LeadIDs, f.lead.ID)
			}
			if u.ID == f.team.ID && len(u.LeadIDs) != 0 {
				t.Fatalf("ListUnits team leads = %v, want none", u.LeadIDs)
			}
		}
		children := must(db.ListUnits(ctx, f.org.ID, UnitFilter{ParentID: &f.dept.ID}))(t)
		if len(children) != 1 || children[0].ID != f.team.ID {
			t.Fatalf("ListUnits(parent dept) = %+v, want the team", children)
		}

		u := got
		u.Name, u.LeadIDs = "Sales & Marketing", []int64{f.lead.ID, f.other.ID}
		up := must(db.UpdateUnit(ctx, as(f.admin), u))(t)
		if up.Version != 2 || len(up.LeadIDs) != 2 {
			t.Fatalf("UpdateUnit = %+v, want version 2 and two leads", up)
		}
		_, err := db.UpdateUnit(ctx, as(f.admin), u) // still version 1
		wantCode(t, err, okr.ESTALE)
		_, err = db.UpdateUnit(ctx, as(f.lead), up)
		wantCode(t, err, okr.EFORBIDDEN)

		// The company cannot move below its own grandchild.
		c := f.company
		c.ParentID = &f.team.ID
		_, err = db.UpdateUnit(ctx, f.sys, c)
		wantCode(t, err, okr.EINVALID)
		wantField(t, err, "parent")
		c.ParentID = &c.ID
		_, err = db.UpdateUnit(ctx, f.sys, c)
		wantField(t, err, "parent")

		_, err = db.CreateUnit(ctx, f.sys, okr.Unit{Name: "Ghost", Kind: okr.UnitTeam, ParentID: &f.company.ID, LeadIDs: []int64{999999}})
		wantField(t, err, "leads")
		_, err = db.CreateUnit(ctx, f.sys, okr.Unit{Name: "", Kind: "tribe"})
		wantCode(t, err, okr.EINVALID)

		arch := must(db.ArchiveUnit(ctx, f.sys, f.team.ID, f.team.Version))(t)
		if !arch.Archived || arch.Version != f.team.Version+1 {
			t.Fatalf("ArchiveUnit = %+v, want archived with version+1", arch)
		}
		if n := len(must(db.ListUnits(ctx, f.org.ID, UnitFilter{}))(t)); n != 2 {
			t.Fatalf("ListUnits after archive = %d units, want 2", n)
		}
		if n := len(must(db.ListUnits(ctx, f.org.ID, UnitFilter{IncludeArchived: true}))(t)); n != 3 {
			t.Fatalf("ListUnits(IncludeArchived) = %d units, want 3", n)
		}
		_, err = db.RestoreUnit(ctx, f.sys, f.team.ID, f.team.Version)
		wantCode(t, err, okr.ESTALE)
		res := must(db.RestoreUnit(ctx, f.sys, f.team.ID, arch.Version))(t)
		if res.Archived || res.Version != arch.Version+1 {
			t.Fatalf("RestoreUnit = %+v, want active with version+1", res)
		}
	})
}

func TestPeople(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		p := must(db.CreatePerson(ctx, f.sys, okr.Person{Name: "Åse Ørn", Email: "Ase.Orn@Example.com", Role: okr.RoleMember, UnitID: &f.team.ID, Language: "nb"}))(t)
		got := must(db.GetPersonByEmail(ctx, "  ase.orn@EXAMPLE.com "))(t)
		if got.ID != p.ID || got.OrgID != f.org.ID || got.Email != "Ase.Orn@Example.com" {
			t.Fatalf("GetPersonByEmail = %+v, want person %d of org %d with the e-mail as typed", got, p.ID, f.org.ID)
		}
		// E-mail addresses are unique across organisations, ignoring case.
		o2 := must(db.CreateOrg(ctx, "Beta", "beta"))(t)
		_, err := db.CreatePerson(ctx, SystemActor(o2.ID), okr.Person{Name: "X", Email: "ASE.ORN@example.com", Role: okr.RoleMember})
		wantCode(t, err, okr.ECONFLICT)
		wantField(t, err, "email")
		_, err = db.CreatePerson(ctx, as(f.member), okr.Person{Name: "X", Email: "x@example.com", Role: okr.RoleMember})
		wantCode(t, err, okr.EFORBIDDEN)
		_, err = db.CreatePerson(ctx, f.sys, okr.Person{Name: "X", Email: "not an address", Role: okr.RoleMember})
		wantField(t, err, "email")

		list, total := must2(db.ListPeople(ctx, f.org.ID, PersonFilter{Query: "ørn"}))(t)
		if total != 1 || len(list) != 1 || list[0].ID != p.ID {
			t.Fatalf("ListPeople(ørn) = %+v (total %d), want Åse", list, total)
		}
		list, total = must2(db.ListPeople(ctx, f.org.ID, PersonFilter{UnitID: &f.team.ID}))(t)
		if total != 2 || len(list) != 2 {
			t.Fatalf("ListPeople(team) = %d of %d, want 2 of 2", len(list), total)
		}
		list, total = must2(db.ListPeople(ctx, f.org.ID, PersonFilter{Limit: 2, Offset: 1}))(t)
		if total != 5 || len(list) != 2 {
			t.Fatalf("ListPeople(limit 2 offset 1) = %d of %d, want 2 of 5", len(list), total)
		}
		list, _ = must2(db.ListPeople(ctx, f.org.ID, PersonFilter{Query: "%"}))(t)
		if len(list) != 0 {
			t.Fatalf("ListPeople(%%) = %d people, want 0: %% must not be a wildcard", len(list))
		}

		// A person may rename themselves but not change their role.
		self := p
		self.Name = "Åse Ørnulf"
		self = must(db.UpdatePerson(ctx, as(p), self))(t)
		self.Role = okr.RoleAdmin
		_, err = db.UpdatePerson(ctx, as(p), self)
		wantCode(t, err, okr.EFORBIDDEN)
		up := must(db.UpdatePerson(ctx, as(f.admin), self))(t)
		if up.Role != okr.RoleAdmin || up.Version != 3 {
			t.Fatalf("UpdatePerson by admin = %+v, want admin at version 3", up)
		}

		// The last admin stays admin.
		must(db.ArchivePerson(ctx, f.sys, up.ID, up.Version))(t)
		a := f.admin
		a.Role = okr.RoleMember
		_, err = db.UpdatePerson(ctx, f.sys, a)
		wantCode(t, err, okr.ECONFLICT)
		_, err = db.ArchivePerson(ctx, f.sys, a.ID, a.Version)
		wantCode(t, err, okr.ECONFLICT)

		arch := must(db.ArchivePerson(ctx, f.sys, f.other.ID, f.other.Version))(t)
		if _, total := must2(db.ListPeople(ctx, f.org.ID, PersonFilter{}))(t); total != 3 {
			t.Fatalf("ListPeople after archiving two = %d, want 3", total)
		}
		// An archived person cannot act.
		_, err = db.CreatePeriod(ctx, as(arch), okr.Period{Name: "Q2", Kind: okr.PeriodQuarter, Start: date(2026, 4, 1), End: date(2026, 6, 30)})
		wantCode(t, err, okr.EFORBIDDEN)
		must(db.RestorePerson(ctx, f.sys, arch.ID, arch.Version))(t)

		if h := must(db.PasswordHash(ctx, p.ID))(t); h != "" {
			t.Fatalf("PasswordHash before SetPassword = %q, want empty", h)
		}
		if err := db.SetPassword(ctx, p.ID, "argon2id$x"); err != nil {
			t.Fatal(err)
		}
		if h := must(db.PasswordHash(ctx, p.ID))(t); h != "argon2id$x" {
			t.Fatalf("PasswordHash = %q, want argon2id$x", h)
		}
		wantCode(t, db.SetPassword(ctx, 999999, "x"), okr.ENOTFOUND)
		_, err = db.PasswordHash(ctx, 999999)
		wantCode(t, err, okr.ENOTFOUND)
	})
}
