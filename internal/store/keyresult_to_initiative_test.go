package store

import (
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// TestMoveKRToInitiative: the activity key result becomes a planned
// initiative of the chosen key result, with its title, and is archived, in
// one transaction; another objective's key result, the same one, a stale
// version and a person who may not change it are refused and change nothing.
func TestMoveKRToInitiative(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Become the first choice of Bergen's estate agents", unitOwner(f.dept.ID))
		result := f.mustKR(t, o.ID, "60 agents book a viewing through us", increase(10, 60))
		act := f.mustKR(t, o.ID, "Hold 3 breakfast seminars for estate agents", okr.Metric{Kind: okr.MetricBoolean, Target: 1})
		o2 := f.mustObjective(t, "Another", unitOwner(f.dept.ID))
		elsewhere := f.mustKR(t, o2.ID, "Elsewhere", increase(0, 1))

		for _, tc := range []struct {
			name    string
			actor   Actor
			version int64
			under   int64
			code    string
		}{
			{"the same key result", as(f.lead), act.Version, act.ID, okr.EINVALID},
			{"another objective's", as(f.lead), act.Version, elsewhere.ID, okr.EINVALID},
			{"a stale version", as(f.lead), act.Version + 1, result.ID, okr.ESTALE},
			{"a member of another team", as(f.other), act.Version, result.ID, okr.EFORBIDDEN},
		} {
			if _, err := db.MoveKRToInitiative(ctx, tc.actor, act.ID, tc.version, tc.under); okr.ErrorCode(err) != tc.code {
				t.Errorf("%s: got %v, want %s", tc.name, err, tc.code)
			}
		}
		if ins := must(db.ListInitiatives(ctx, f.org.ID, []int64{result.ID, elsewhere.ID, act.ID}))(t); len(ins) != 0 {
			t.Fatalf("refused moves left initiatives: %+v", ins)
		}

		in := must(db.MoveKRToInitiative(ctx, as(f.lead), act.ID, act.Version, result.ID))(t)
		if in.KeyResultID != result.ID || in.Title != act.Title || in.Status != okr.InitiativePlanned {
			t.Errorf("got initiative %+v, want a planned one titled %q under %d", in, act.Title, result.ID)
		}
		if ins := must(db.ListInitiatives(ctx, f.org.ID, []int64{result.ID}))(t); len(ins) != 1 || ins[0].ID != in.ID {
			t.Errorf("the key result's initiatives: got %+v", ins)
		}
		if got := must(db.GetKeyResult(ctx, f.org.ID, act.ID))(t); !got.Archived {
			t.Errorf("the moved key result is not archived")
		}
	})
}
