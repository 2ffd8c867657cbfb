package store

import (
	"context"
	"maps"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// File keys: stored and read back by id, a key given to another object
// moves to it, members may not set them, and an object of another
// organisation cannot be named.
func TestObjectKeys(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		set := func(actor Actor, keys map[int64]string) error { return db.SetObjectKeys(ctx, actor, KeyUnit, keys) }
		if err := set(f.sys, map[int64]string{f.company.ID: "acme", f.dept.ID: "sales"}); err != nil {
			t.Fatal(err)
		}
		if err := set(f.sys, map[int64]string{f.team.ID: "sales", f.company.ID: "acme-as"}); err != nil {
			t.Fatal(err)
		}
		got, err := db.ObjectKeys(ctx, f.org.ID, KeyUnit)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[int64]string{f.company.ID: "acme-as", f.team.ID: "sales"}; !maps.Equal(got, want) {
			t.Errorf("keys = %v, want %v (the key sales moved from the department to the team)", got, want)
		}
		if err := set(Actor{OrgID: f.org.ID, PersonID: f.member.ID}, map[int64]string{f.dept.ID: "x"}); okr.ErrorCode(err) != okr.EFORBIDDEN {
			t.Errorf("a member set keys: %v, want EFORBIDDEN", err)
		}
		other := must(db.CreateOrg(ctx, "Other", "other-"+randomHex(t)))(t)
		theirs := must(db.CreateUnit(ctx, SystemActor(other.ID), okr.Unit{Name: "Theirs", Kind: okr.UnitCompany}))(t)
		if err := set(f.sys, map[int64]string{theirs.ID: "theirs"}); okr.ErrorCode(err) != okr.ENOTFOUND {
			t.Errorf("a key for another organisation's unit: %v, want ENOTFOUND", err)
		}
		if got, _ := db.ObjectKeys(ctx, other.ID, KeyUnit); len(got) != 0 {
			t.Errorf("the other organisation has keys %v", got)
		}
	})
}
