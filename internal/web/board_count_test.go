package web

import (
	"context"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// TestIndexedBoardTotalMatchesSQL checks that the total of a list filtered
// by owners, which the period index counts, is what SQL counts: for the
// whole period and for each department and team with its people.
func TestIndexedBoardTotalMatchesSQL(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := newPerfOrg(t, db, statementSpec)
		s := &Server{DB: db, Now: func() time.Time { return perfDay }}
		ctx := context.Background()
		org := p.period.OrgID
		dir, err := s.loadDirectory(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		filters := []store.ObjectiveFilter{{Limit: 5}}
		for _, id := range append(append([]int64{}, p.depts...), p.teams...) {
			f := store.ObjectiveFilter{Limit: 5}
			for _, u := range dir.subtree(dir.units[id]) {
				f.OwnerUnitIDs = append(f.OwnerUnitIDs, u.ID)
				for _, m := range dir.members[u.ID] {
					f.OwnerPersonIDs = append(f.OwnerPersonIDs, m.ID)
				}
			}
			filters = append(filters, f)
		}
		for _, f := range filters {
			_, got, err := s.loadIndexedBoard(ctx, org, p.period, dir, f)
			if err != nil {
				t.Fatal(err)
			}
			f.PeriodID = p.period.ID
			_, want, err := db.ListObjectives(ctx, org, f)
			if err != nil {
				t.Fatal(err)
			}
			if got != want || want <= 5 {
				t.Errorf("units %v: total %d from the index, %d from SQL (want equal, above the page of 5)", f.OwnerUnitIDs, got, want)
			}
		}
	})
}
