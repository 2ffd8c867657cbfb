package store

import (
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// TestPermissionsFollowTheDomainRule holds okr.Actor.MayEditObjective and
// MayCheckIn to a table over every kind of actor, and the store to the same
// answers: CanEdit("objective"), CanEdit("check_in") and a real check-in,
// on each database, with the organisation's members-check-in setting off
// and on.
//
// The objects: A, an objective of unit squad (below team, below dept) with
// a key result without owner; B, an objective of person owner with a key
// result without owner; C, an objective of the company with a key result of
// squad.
func TestPermissionsFollowTheDomainRule(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newActorWorld(t, db)
		f, foreign, owner, squadLead, squad, squadMember := w.f, w.foreign, w.owner, w.squadLead, w.squad, w.squadMember
		mk := w.object
		objects := [3]actorObject{
			mk(unitOwner(squad.ID), okr.Owner{}),
			mk(personOwner(owner.ID), okr.Owner{}),
			mk(unitOwner(f.company.ID), unitOwner(squad.ID)),
		}

		// Each actor as okr sees them in f's organisation, and the answers
		// for A, B, C: may edit the objective, may check in with the setting
		// off, and with it on.
		tests := []struct {
			name                     string
			person                   okr.Person
			actor                    okr.Actor
			edit, checkIn, checkInOn [3]bool
		}{
			{"owner person", owner, okr.Actor{PersonID: owner.ID, Role: okr.RoleMember},
				[3]bool{false, true, false}, [3]bool{false, true, false}, [3]bool{false, true, false}},
			{"lead of the owning unit", squadLead, okr.Actor{PersonID: squadLead.ID, Role: okr.RoleMember, Leads: idSet(squad.ID)},
				[3]bool{true, false, false}, [3]bool{true, false, true}, [3]bool{true, false, true}},
			{"lead of an ancestor unit", f.lead, okr.Actor{PersonID: f.lead.ID, Role: okr.RoleMember, Leads: idSet(f.dept.ID, f.team.ID, squad.ID)},
				[3]bool{true, false, false}, [3]bool{true, false, true}, [3]bool{true, false, true}},
			{"member of the owning unit", squadMember, okr.Actor{PersonID: squadMember.ID, Role: okr.RoleMember, MemberOf: idSet(squad.ID)},
				[3]bool{false, false, false}, [3]bool{false, false, false}, [3]bool{true, false, true}},
			{"member of a unit above the owner", f.member, okr.Actor{PersonID: f.member.ID, Role: okr.RoleMember, MemberOf: idSet(f.team.ID)},
				[3]bool{false, false, false}, [3]bool{false, false, false}, [3]bool{false, false, false}},
			{"admin", f.admin, okr.Actor{PersonID: f.admin.ID, Role: okr.RoleAdmin},
				[3]bool{true, true, true}, [3]bool{true, true, true}, [3]bool{true, true, true}},
			{"unrelated member", f.other, okr.Actor{PersonID: f.other.ID, Role: okr.RoleMember},
				[3]bool{false, false, false}, [3]bool{false, false, false}, [3]bool{false, false, false}},
			// An admin elsewhere has no role here.
			{"admin of another organisation", foreign.admin, okr.Actor{PersonID: foreign.admin.ID},
				[3]bool{false, false, false}, [3]bool{false, false, false}, [3]bool{false, false, false}},
		}
		for _, on := range []bool{false, true} {
			if on {
				settings := f.org.Settings
				settings.MembersCheckIn = true
				f.org = must(db.UpdateOrgSettings(ctx, f.sys, settings, f.org.Version))(t)
			}
			for _, tt := range tests {
				a := tt.actor
				a.MembersCheckIn = on
				wantCheckIn := tt.checkIn
				if on {
					wantCheckIn = tt.checkInOn
				}
				for i, ob := range objects {
					name := tt.name + " on " + string(rune('A'+i))
					if got := a.MayEditObjective(&ob.o); got != tt.edit[i] {
						t.Errorf("%s: MayEditObjective = %v, want %v", name, got, tt.edit[i])
					}
					if got := a.MayCheckIn(&ob.kr, &ob.o); got != wantCheckIn[i] {
						t.Errorf("%s, setting %v: MayCheckIn = %v, want %v", name, on, got, wantCheckIn[i])
					}
					ok, err := db.CanEdit(ctx, as(tt.person), "objective", ob.o.ID)
					if got := ok && err == nil; got != tt.edit[i] {
						t.Errorf("%s: store CanEdit objective = %v (%v), want %v", name, ok, err, tt.edit[i])
					}
					ok, err = db.CanEdit(ctx, as(tt.person), "check_in", ob.kr.ID)
					if got := ok && err == nil; got != wantCheckIn[i] {
						t.Errorf("%s, setting %v: store CanEdit check_in = %v (%v), want %v", name, on, ok, err, wantCheckIn[i])
					}
					_, err = db.CreateCheckIns(ctx, as(tt.person), []okr.CheckIn{{KeyResultID: ob.kr.ID, Value: 1, Confidence: okr.OnTrack}})
					if got := err == nil; got != wantCheckIn[i] {
						t.Errorf("%s, setting %v: store check-in error %v, want allowed %v", name, on, err, wantCheckIn[i])
					}
				}
			}
		}
	})
}

// actorWorld is the organisation the permission tests walk: an owner
// person, a squad below f's team with its lead and a member, and a second
// organisation.
type actorWorld struct {
	f, foreign                    *fixture
	owner, squadLead, squadMember okr.Person
	squad                         okr.Unit
	db                            *DB
	t                             *testing.T
}

// actorObject is an objective with one key result.
type actorObject struct {
	o  okr.Objective
	kr okr.KeyResult
}

func newActorWorld(t *testing.T, db *DB) *actorWorld {
	t.Helper()
	w := &actorWorld{db: db, t: t, f: mustFixture(t, db), foreign: mustFixture(t, db)}
	w.owner = w.f.mustPerson(t, "Owen Owner", okr.RoleMember, nil)
	w.squadLead = w.f.mustPerson(t, "Sue Squadlead", okr.RoleMember, nil)
	w.squad = must(db.CreateUnit(ctx, w.f.sys, okr.Unit{Name: "Squad", Kind: okr.UnitTeam, ParentID: &w.f.team.ID, LeadIDs: []int64{w.squadLead.ID}}))(t)
	w.squadMember = w.f.mustPerson(t, "Sam Squadmember", okr.RoleMember, &w.squad.ID)
	return w
}

// object creates an objective owned by o with a key result owned by kr.
func (w *actorWorld) object(o, kr okr.Owner) actorObject {
	obj := w.f.mustObjective(w.t, "O", o)
	k := must(w.db.CreateKeyResult(ctx, w.f.sys, okr.KeyResult{ObjectiveID: obj.ID, Title: "KR", Owner: kr, Metric: increase(0, 10)}))(w.t)
	return actorObject{obj, k}
}

// idSet is a set of ids.
func idSet(ids ...int64) map[int64]bool {
	s := map[int64]bool{}
	for _, id := range ids {
		s[id] = true
	}
	return s
}
