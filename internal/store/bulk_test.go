package store

import (
	"errors"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// A load is one transaction: when its function fails, nothing it wrote
// remains, not even a new organisation; a clash in the database rolls back
// what came before it.
func TestLoadIsAllOrNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		boom := errors.New("boom")
		_, err := db.LoadNewOrg(ctx, "Beta", "beta", nil, true, func(l *Loader) error {
			u := okr.Unit{Name: "Beta", Kind: okr.UnitCompany}
			if err := l.Unit(&u); err != nil {
				return err
			}
			p := okr.Person{Name: "Bo", Email: "bo@beta.test", Role: okr.RoleAdmin}
			if err := l.Person(&p, ""); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("LoadNewOrg error = %v, want boom", err)
		}
		wantCode(t, second(db.GetOrgBySlug(ctx, "beta")), okr.ENOTFOUND)
		wantCode(t, second(db.GetPersonByEmail(ctx, "bo@beta.test")), okr.ENOTFOUND)

		units := len(must(db.ListUnits(ctx, f.org.ID, UnitFilter{IncludeArchived: true}))(t))
		err = db.Load(ctx, f.sys, true, func(l *Loader) error {
			u := okr.Unit{Name: "Loaded", Kind: okr.UnitTeam, ParentID: &f.company.ID}
			if err := l.Unit(&u); err != nil {
				return err
			}
			p := okr.Person{Name: "Twin", Email: f.member.Email, Role: okr.RoleMember}
			return l.Person(&p, "")
		})
		wantCode(t, err, okr.ECONFLICT)
		if got := len(must(db.ListUnits(ctx, f.org.ID, UnitFilter{IncludeArchived: true}))(t)); got != units {
			t.Fatalf("units after a failed load = %d, want %d", got, units)
		}
		wantCode(t, db.Load(ctx, as(f.member), true, func(*Loader) error { return nil }), okr.EFORBIDDEN)
	})
}
