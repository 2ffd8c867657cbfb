package view

import (
	"context"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// testDay is the generated organisations' today.
var testDay = time.Date(2026, 11, 18, 15, 0, 0, 0, time.UTC)

// testOrg is a small generated organisation with a model over it.
type testOrg struct {
	m      *Model
	db     *store.DB
	org    int64
	period okr.Period
}

// newTestOrg generates spec into db with seed.
func newTestOrg(t *testing.T, db *store.DB, spec gen.Spec, seed int64) *testOrg {
	t.Helper()
	res, err := gen.Generate(context.Background(), db, gen.Options{Spec: spec, Seed: seed, Now: testDay, Password: "view-test-pw"})
	if err != nil {
		t.Fatal(err)
	}
	return &testOrg{m: New(db, func() time.Time { return testDay }), db: db, org: res.Org.ID, period: res.Period}
}

// objectives returns the period's active objectives.
func (o *testOrg) objectives(t *testing.T, f store.ObjectiveFilter) []okr.Objective {
	t.Helper()
	f.PeriodID = o.period.ID
	objs, _, err := o.db.ListObjectives(context.Background(), o.org, f)
	if err != nil {
		t.Fatal(err)
	}
	return objs
}

func must[T any](t *testing.T) func(v T, err error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
