package store

import (
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

func TestInitiatives(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "O", unitOwner(f.dept.ID))
		kr := f.mustKR(t, o.ID, "KR", increase(0, 10))
		due := date(2026, 2, 15)
		in := must(db.CreateInitiative(ctx, as(f.lead), okr.Initiative{KeyResultID: kr.ID, Title: "Nyhetsbrev", OwnerPersonID: &f.member.ID, Due: &due}))(t)
		if in.Status != okr.InitiativePlanned || in.Version != 1 {
			t.Fatalf("CreateInitiative = %+v, want planned at version 1", in)
		}
		got := must(db.GetInitiative(ctx, f.org.ID, in.ID))(t)
		if got.Title != "Nyhetsbrev" || !got.Due.Equal(due) || *got.OwnerPersonID != f.member.ID {
			t.Fatalf("GetInitiative = %+v, want the stored fields", got)
		}
		_, err := db.CreateInitiative(ctx, as(f.member), okr.Initiative{KeyResultID: kr.ID, Title: "x"})
		wantCode(t, err, okr.EFORBIDDEN)
		_, err = db.CreateInitiative(ctx, as(f.lead), okr.Initiative{KeyResultID: kr.ID, Title: "x", Status: "someday"})
		wantField(t, err, "status")

		// Its owner may update it.
		got.Status, got.Due = okr.InitiativeInProgress, nil
		up := must(db.UpdateInitiative(ctx, as(f.member), got))(t)
		if up.Version != 2 || up.Due != nil || up.Status != okr.InitiativeInProgress {
			t.Fatalf("UpdateInitiative = %+v, want in progress without due at version 2", up)
		}
		_, err = db.UpdateInitiative(ctx, as(f.other), up)
		wantCode(t, err, okr.EFORBIDDEN)
		_, err = db.UpdateInitiative(ctx, as(f.member), got)
		wantCode(t, err, okr.ESTALE)

		second := must(db.CreateInitiative(ctx, f.sys, okr.Initiative{KeyResultID: kr.ID, Title: "Kampanje"}))(t)
		if list := must(db.ListInitiatives(ctx, f.org.ID, []int64{kr.ID}))(t); len(list) != 2 {
			t.Fatalf("ListInitiatives = %d, want 2", len(list))
		}
		arch := must(db.ArchiveInitiative(ctx, as(f.lead), second.ID, second.Version))(t)
		if list := must(db.ListInitiatives(ctx, f.org.ID, []int64{kr.ID}))(t); len(list) != 1 || list[0].ID != in.ID {
			t.Fatalf("ListInitiatives after archive = %+v, want the first only", list)
		}
		if list := must(db.ListAllInitiatives(ctx, f.org.ID, []int64{kr.ID}))(t); len(list) != 2 || !list[1].Archived {
			t.Fatalf("ListAllInitiatives after archive = %+v, want both, the second archived", list)
		}
		must(db.RestoreInitiative(ctx, as(f.lead), second.ID, arch.Version))(t)
		if ok := must(db.CanEdit(ctx, as(f.member), "initiative", in.ID))(t); !ok {
			t.Fatal("CanEdit(owner, initiative) = false, want true")
		}
		if ok := must(db.CanEdit(ctx, as(f.member), "initiative", second.ID))(t); ok {
			t.Fatal("CanEdit(member, someone else's initiative) = true, want false")
		}
	})
}
