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
		f := mustFixture(t, db)
		foreign := mustFixture(t, db)
		owner := f.mustPerson(t, "Owen Owner", okr.RoleMember, nil)
		squadLead := f.mustPerson(t, "Sue Squadlead", okr.RoleMember, nil)
		squad := must(db.CreateUnit(ctx, f.sys, okr.Unit{Name: "Squad", Kind: okr.UnitTeam, ParentID: &f.team.ID, LeadIDs: []int64{squadLead.ID}}))(t)
		squadMember := f.mustPerson(t, "Sam Squadmember", okr.RoleMember, &squad.ID)

		type object struct {
			o  okr.Objective
			kr okr.KeyResult
		}
		mk := func(o, kr okr.Owner) object {
			obj := f.mustObjective(t, "O", o)
			k := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: obj.ID, Title: "KR", Owner: kr, Metric: increase(0, 10)}))(t)
			return object{obj, k}
		}
		objects := [3]object{
			mk(unitOwner(squad.ID), okr.Owner{}),
			mk(personOwner(owner.ID), okr.Owner{}),
			mk(unitOwner(f.company.ID), unitOwner(squad.ID)),
		}

		set := func(m ...int64) map[int64]bool {
			s := map[int64]bool{}
			for _, id := range m {
				s[id] = true
			}
			return s
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
			{"lead of the owning unit", squadLead, okr.Actor{PersonID: squadLead.ID, Role: okr.RoleMember, Leads: set(squad.ID)},
				[3]bool{true, false, false}, [3]bool{true, false, true}, [3]bool{true, false, true}},
			{"lead of an ancestor unit", f.lead, okr.Actor{PersonID: f.lead.ID, Role: okr.RoleMember, Leads: set(f.dept.ID, f.team.ID, squad.ID)},
				[3]bool{true, false, false}, [3]bool{true, false, true}, [3]bool{true, false, true}},
			{"member of the owning unit", squadMember, okr.Actor{PersonID: squadMember.ID, Role: okr.RoleMember, MemberOf: set(squad.ID)},
				[3]bool{false, false, false}, [3]bool{false, false, false}, [3]bool{true, false, true}},
			{"member of a unit above the owner", f.member, okr.Actor{PersonID: f.member.ID, Role: okr.RoleMember, MemberOf: set(f.team.ID)},
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
