package store

import (
	"slices"
	"strconv"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// TestCheckInListFollowsTheDomainRule holds KeyResultsToCheckIn to
// okr.Actor.MayCheckIn for every kind of actor, with the organisation's
// members-check-in setting off and on: without a unit, the list is exactly
// the key results the actor may check in by who they are (an admin's role
// adds nothing); with a unit, it is those of them the unit owns, and for
// an admin every key result the unit owns.
//
// The objects: A, an objective of unit squad (below team, below dept) with
// a key result without owner; B, an objective of person owner with a key
// result without owner; C, an objective of the company with a key result of
// squad; D, an objective of the admin with a key result of team; and an
// objective of owner in another period, in no list of this period.
func TestCheckInListFollowsTheDomainRule(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newActorWorld(t, db)
		f, foreign, owner, squadLead, squad, squadMember := w.f, w.foreign, w.owner, w.squadLead, w.squad, w.squadMember
		mk := w.object
		objects := []actorObject{
			mk(unitOwner(squad.ID), okr.Owner{}),
			mk(personOwner(owner.ID), okr.Owner{}),
			mk(unitOwner(f.company.ID), unitOwner(squad.ID)),
			mk(personOwner(f.admin.ID), unitOwner(f.team.ID)),
		}
		later := must(db.CreatePeriod(ctx, f.sys, okr.Period{Name: "Q2 2026", Kind: okr.PeriodQuarter,
			Start: date(2026, 4, 1), End: date(2026, 6, 30)}))(t)
		elsewhere := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: later.ID, Title: "O", Owner: personOwner(owner.ID), State: okr.StatePublished}))(t)
		must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: elsewhere.ID, Title: "KR", Metric: increase(0, 10)}))(t)

		tests := []struct {
			name   string
			person okr.Person
			actor  okr.Actor // as okr sees them in f's organisation
		}{
			{"owner person", owner, okr.Actor{PersonID: owner.ID, Role: okr.RoleMember}},
			{"lead of the owning unit", squadLead, okr.Actor{PersonID: squadLead.ID, Role: okr.RoleMember, Leads: idSet(squad.ID)}},
			{"lead of an ancestor unit", f.lead, okr.Actor{PersonID: f.lead.ID, Role: okr.RoleMember, Leads: idSet(f.dept.ID, f.team.ID, squad.ID)}},
			{"member of the owning unit", squadMember, okr.Actor{PersonID: squadMember.ID, Role: okr.RoleMember, MemberOf: idSet(squad.ID)}},
			{"member of a unit above the owner", f.member, okr.Actor{PersonID: f.member.ID, Role: okr.RoleMember, MemberOf: idSet(f.team.ID)}},
			{"admin", f.admin, okr.Actor{PersonID: f.admin.ID, Role: okr.RoleAdmin}},
			{"unrelated member", f.other, okr.Actor{PersonID: f.other.ID, Role: okr.RoleMember}},
			{"admin of another organisation", foreign.admin, okr.Actor{}},
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
				byWho := a
				byWho.Role = okr.RoleMember
				for _, unit := range []*int64{nil, &squad.ID, &f.team.ID} {
					var want []int64
					for _, ob := range objects {
						may := byWho.MayCheckIn(&ob.kr, &ob.o)
						if unit != nil {
							owns := ob.kr.Owner.UnitID != nil && *ob.kr.Owner.UnitID == *unit ||
								ob.o.Owner.UnitID != nil && *ob.o.Owner.UnitID == *unit
							may = owns && a.MayCheckIn(&ob.kr, &ob.o)
						}
						if may {
							want = append(want, ob.kr.ID)
						}
					}
					list := must(db.KeyResultsToCheckIn(ctx, as(tt.person), f.period.ID, unit))(t)
					var got []int64
					for _, r := range list {
						got = append(got, r.KeyResultID)
						if i := slices.IndexFunc(objects, func(ob actorObject) bool { return ob.kr.ID == r.KeyResultID }); i >= 0 && objects[i].o.ID != r.ObjectiveID {
							t.Errorf("%s: key result %d listed with objective %d, want %d", tt.name, r.KeyResultID, r.ObjectiveID, objects[i].o.ID)
						}
					}
					if !slices.Equal(got, want) {
						u := "no unit"
						if unit != nil {
							u = "unit " + strconv.FormatInt(*unit, 10)
						}
						t.Errorf("%s, setting %v, %s: list = %v, want %v", tt.name, on, u, got, want)
					}
				}
			}
		}
	})
}
