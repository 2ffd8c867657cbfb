package store

import (
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

func TestStateStampMovesOnWritesOfItsTypes(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		stamp := func() int64 {
			t.Helper()
			return must(db.StateStamp(ctx, f.org.ID))(t)
		}
		before := stamp()
		if again := stamp(); again != before {
			t.Fatalf("stamp moved without a write: %d then %d", before, again)
		}
		o := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "Vokse", Owner: okr.Owner{UnitID: &f.team.ID}}))(t)
		if got := stamp(); got != before {
			t.Errorf("creating objective %d moved the state stamp from %d to %d", o.ID, before, got)
		}
		f.mustPerson(t, "Nina Ny", okr.RoleMember, &f.team.ID)
		afterPerson := stamp()
		if afterPerson == before {
			t.Errorf("creating a person left the stamp at %d", before)
		}
		u := f.team
		u.Name = "Inbound 2"
		must(db.UpdateUnit(ctx, f.sys, u))(t)
		if got := stamp(); got == afterPerson {
			t.Errorf("renaming a unit left the stamp at %d", got)
		}
		mine := stamp()
		must(db.CreatePeriod(ctx, f.sys, okr.Period{Name: "Q3 2026", Kind: okr.PeriodQuarter,
			Start: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)}))(t)
		if got := stamp(); got == mine {
			t.Errorf("creating a period left the stamp at %d", got)
		}
		mine = stamp()
		org := must(db.GetOrg(ctx, f.org.ID))(t)
		must(db.UpdateOrgSettings(ctx, f.sys, org.Settings, org.Version))(t)
		if got := stamp(); got == mine {
			t.Errorf("changing the organisation's settings left the stamp at %d", got)
		}
		mine = stamp()
		other := must(db.CreateOrg(ctx, "Other", "other-"+randomHex(t)))(t)
		must(db.CreateUnit(ctx, SystemActor(other.ID), okr.Unit{Name: "Other", Kind: okr.UnitCompany}))(t)
		if got := stamp(); got != mine {
			t.Errorf("a unit of another organisation moved the stamp from %d to %d", mine, got)
		}
		if _, err := db.StateStamp(ctx, other.ID+1000); okr.ErrorCode(err) != okr.ENOTFOUND {
			t.Errorf("stamp of a missing organisation: %v, want not found", err)
		}
	})
}

// TestViewerStampIsTheStampAndTheBell checks that the one statement a
// signed-in page reads first gives what StateStamp and
// UnreadNotifications give apart: the organisation's stamp and the
// person's unread notifications, nobody else's, in no other organisation.
func TestViewerStampIsTheStampAndTheBell(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		check := func(who okr.Person, wantUnread int) {
			t.Helper()
			seq, unread, err := db.ViewerStamp(ctx, f.org.ID, who.ID)
			if err != nil {
				t.Fatal(err)
			}
			if want := must(db.StateStamp(ctx, f.org.ID))(t); seq != want {
				t.Errorf("%s: stamp %d, StateStamp %d", who.Name, seq, want)
			}
			if unread != wantUnread {
				t.Errorf("%s: unread %d, want %d", who.Name, unread, wantUnread)
			}
		}
		check(f.other, 0)
		o := f.mustObjective(t, "Vinne markedet", unitOwner(f.dept.ID))
		must(db.AddComment(ctx, as(f.member), CommentTarget{ObjectiveID: o.ID}, "Hva tenker @[otto other]?"))(t)
		fanOut(t, db)
		check(f.other, 1)
		check(f.member, 0) // the author
		must(0, db.MarkNotificationsRead(ctx, as(f.other), 0))(t)
		check(f.other, 0)

		// The same person id asked for in another organisation counts
		// nothing there, and a missing organisation is not found.
		b := mustFixture(t, db)
		if _, unread, err := db.ViewerStamp(ctx, b.org.ID, f.other.ID); err != nil || unread != 0 {
			t.Errorf("another organisation's count for other: %d (%v), want 0", unread, err)
		}
		if _, _, err := db.ViewerStamp(ctx, b.org.ID+1000, f.other.ID); okr.ErrorCode(err) != okr.ENOTFOUND {
			t.Errorf("a missing organisation: %v, want not found", err)
		}
	})
}
