package store

import (
	"testing"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// TestCheckInOnBehalf records for whom a check-in is made when its author
// is not the key result's owner (okr.Actor.OnBehalfOf): in the check-in, in
// the list and in the audit entry. The owner's own check-in, and a member
// of the owning unit's, record nobody.
func TestCheckInOnBehalf(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Team", unitOwner(f.team.ID))
		mine := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: "mine",
			Owner: personOwner(f.member.ID), Metric: increase(0, 100)}))(t)
		team := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: "team",
			Owner: unitOwner(f.team.ID), Metric: increase(0, 100)}))(t)
		ci := func(kr okr.KeyResult, v float64) okr.CheckIn {
			return okr.CheckIn{KeyResultID: kr.ID, Value: v, Confidence: okr.OnTrack}
		}
		// The dept lead checks in on the member's KR and the team's: both on
		// their behalf. The member then checks in on their KR, and an admin
		// who belongs to the team on the team's: neither on anyone's behalf.
		teamAdmin := f.mustPerson(t, "Tea Admin", okr.RoleAdmin, &f.team.ID)
		byLead := must(db.CreateCheckIns(ctx, as(f.lead), []okr.CheckIn{ci(mine, 10), ci(team, 20)}))(t)
		if b := byLead[0].OnBehalfOf; b == nil || b.PersonID == nil || *b.PersonID != f.member.ID {
			t.Errorf("lead's check-in on the member's KR: OnBehalfOf = %v, want the member", b)
		}
		if b := byLead[1].OnBehalfOf; b == nil || b.UnitID == nil || *b.UnitID != f.team.ID {
			t.Errorf("lead's check-in on the team's KR: OnBehalfOf = %v, want the team", b)
		}
		byMember := must(db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{ci(mine, 30)}))(t)
		byTeam := must(db.CreateCheckIns(ctx, as(teamAdmin), []okr.CheckIn{ci(team, 40)}))(t)
		for _, c := range append(byMember, byTeam...) {
			if c.OnBehalfOf != nil {
				t.Errorf("member's own check-in on KR %d: OnBehalfOf = %v, want nil", c.KeyResultID, c.OnBehalfOf)
			}
		}
		list := must(db.ListCheckIns(ctx, f.org.ID, []int64{mine.ID}, nil))(t)
		if len(list) != 2 || list[0].OnBehalfOf == nil || *list[0].OnBehalfOf.PersonID != f.member.ID || list[1].OnBehalfOf != nil {
			t.Fatalf("ListCheckIns = %+v, want the lead's on the member's behalf, then the member's own", list)
		}
		page := must2(db.ListCheckInsPage(ctx, f.org.ID, CheckInFilter{KeyResultIDs: []int64{team.ID}}))
		if got, _ := page(t); len(got) != 2 || got[0].OnBehalfOf == nil || *got[0].OnBehalfOf.UnitID != f.team.ID {
			t.Fatalf("ListCheckInsPage = %+v, want the lead's on the team's behalf first", got)
		}
		entries := must(db.ListAudit(ctx, f.org.ID, AuditFilter{ObjectType: "key_result", ObjectID: mine.ID}))(t)
		var behalf, own int
		for _, e := range entries {
			if e.Action != ActionCheckIn {
				continue
			}
			r := mustRecord[*audit.CheckIn](t, e, e.After)
			switch {
			case r.OnBehalfOf != nil && r.OnBehalfOf.PersonID != nil && *r.OnBehalfOf.PersonID == f.member.ID && r.AuthorID == f.lead.ID:
				behalf++
			case r.OnBehalfOf == nil && r.AuthorID == f.member.ID:
				own++
			}
		}
		if behalf != 1 || own != 1 {
			t.Errorf("audit check-ins of the member's KR: %d on behalf, %d own; want 1 and 1", behalf, own)
		}
	})
}
