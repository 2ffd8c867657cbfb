package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

var ctx = context.Background()

// fixture is an organisation with a unit tree company > dept > team, an
// admin, a lead of dept, a member of team, and an open quarter.
type fixture struct {
	db                         *DB
	org                        okr.Org
	sys                        Actor
	admin, lead, member, other okr.Person
	company, dept, team        okr.Unit
	period                     okr.Period
}

func mustFixture(tb testing.TB, db *DB) *fixture {
	tb.Helper()
	f := &fixture{db: db}
	f.org = must(db.CreateOrg(ctx, "Acme", "acme-"+randomHex(tb)))(tb)
	f.sys = SystemActor(f.org.ID)
	f.admin = f.mustPerson(tb, "Ada Admin", okr.RoleAdmin, nil)
	f.lead = f.mustPerson(tb, "Lea Lead", okr.RoleMember, nil)
	f.company = must(db.CreateUnit(ctx, f.sys, okr.Unit{Name: "Acme", Kind: okr.UnitCompany}))(tb)
	f.dept = must(db.CreateUnit(ctx, f.sys, okr.Unit{Name: "Sales", Kind: okr.UnitDepartment, ParentID: &f.company.ID, LeadIDs: []int64{f.lead.ID}}))(tb)
	f.team = must(db.CreateUnit(ctx, f.sys, okr.Unit{Name: "Inbound", Kind: okr.UnitTeam, ParentID: &f.dept.ID}))(tb)
	f.member = f.mustPerson(tb, "Mo Member", okr.RoleMember, &f.team.ID)
	f.other = f.mustPerson(tb, "Otto Other", okr.RoleMember, nil)
	f.period = must(db.CreatePeriod(ctx, f.sys, okr.Period{Name: "Q1 2026", Kind: okr.PeriodQuarter,
		Start: date(2026, 1, 1), End: date(2026, 3, 31)}))(tb)
	return f
}

func (f *fixture) mustPerson(tb testing.TB, name string, role okr.Role, unit *int64) okr.Person {
	tb.Helper()
	return must(f.db.CreatePerson(ctx, f.sys, okr.Person{Name: name, Email: randomHex(tb) + "@example.com", Role: role, UnitID: unit}))(tb)
}

func as(p okr.Person) Actor { return PersonActor(p) }

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// must takes a call's results and returns a function that fails tb on a
// non-nil error and returns v: must(db.GetOrg(ctx, id))(t).
func must[T any](v T, err error) func(tb testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

// wantCode fails unless err carries the okr error code.
func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := okr.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// wantField fails unless err is an okr error about field.
func wantField(tb testing.TB, err error, field string) {
	tb.Helper()
	var e *okr.Error
	if !errors.As(err, &e) {
		tb.Fatalf("error = %v, want an *okr.Error about %q", err, field)
	}
	if e.Field != field {
		tb.Fatalf("error field = %q (%v), want %q", e.Field, err, field)
	}
}

func ptr[T any](v T) *T { return &v }

// must2 is must for calls with two results and an error.
func must2[T, U any](v T, w U, err error) func(tb testing.TB) (T, U) {
	return func(tb testing.TB) (T, U) {
		tb.Helper()
		if err != nil {
			tb.Fatalf("unexpected error: %v", err)
		}
		return v, w
	}
}

// mustRecord decodes one side of an audit entry into its record, which
// must be an R.
func mustRecord[R audit.Record](tb testing.TB, e okr.AuditEntry, stored string) R {
	tb.Helper()
	r, err := audit.Decode(e.ObjectType, e.Action, stored)
	if err != nil {
		tb.Fatalf("audit entry %d (%s %s): %v", e.ID, e.ObjectType, e.Action, err)
	}
	rec, ok := r.(R)
	if !ok {
		tb.Fatalf("audit entry %d (%s %s) holds a %T, want %T", e.ID, e.ObjectType, e.Action, r, rec)
	}
	return rec
}
