package store

import (
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

func TestChangeStampMovesOnWritesOfItsTypes(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		stamp := func() string {
			t.Helper()
			return must(db.ChangeStamp(ctx, f.org.ID, "unit", "person"))(t)
		}
		before := stamp()
		if again := stamp(); again != before {
			t.Fatalf("stamp moved without a write: %q then %q", before, again)
		}
		o := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "Vokse", Owner: okr.Owner{UnitID: &f.team.ID}}))(t)
		if got := stamp(); got != before {
			t.Errorf("creating objective %d moved the unit/person stamp from %q to %q", o.ID, before, got)
		}
		f.mustPerson(t, "Nina Ny", okr.RoleMember, &f.team.ID)
		afterPerson := stamp()
		if afterPerson == before {
			t.Errorf("creating a person left the stamp at %q", before)
		}
		u := f.team
		u.Name = "Inbound 2"
		must(db.UpdateUnit(ctx, f.sys, u))(t)
		if got := stamp(); got == afterPerson {
			t.Errorf("renaming a unit left the stamp at %q", got)
		}
		mine := stamp()
		other := must(db.CreateOrg(ctx, "Other", "other-"+randomHex(t)))(t)
		must(db.CreateUnit(ctx, SystemActor(other.ID), okr.Unit{Name: "Other", Kind: okr.UnitCompany}))(t)
		if got := stamp(); got != mine {
			t.Errorf("a unit of another organisation moved the stamp from %q to %q", mine, got)
		}
		if none := must(db.ChangeStamp(ctx, f.org.ID))(t); none != "" {
			t.Errorf("stamp of no types = %q, want empty", none)
		}
	})
}
