package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// The statement-count tests prove that the pages of issue 5's budgets run
// a constant number of SQL statements whatever the number of key results,
// check-ins, children and objectives: a query per row would make large
// organisations slow. They run on a small generated organisation on both
// databases, so they are quick enough for every test run.

// statementSpec is a small organisation with teams and departments of
// different sizes.
var statementSpec = gen.Spec{Name: "Telling AS", Slug: "telling", Departments: 2, Teams: 5, People: 70, ObjectivesPerOwner: 3, CheckIns: 6}

// maxPageStatements bounds every measured request, including the session's
// and the viewer's own statements.
const maxPageStatements = 20

// statements serves path twice (the first warms the caches: directory,
// period index, prepared statements, the session) and returns the second
// request's statement count.
func (p *perfOrg) statements(t *testing.T, path string) int64 {
	t.Helper()
	if status, _, _ := p.get(path); status != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200", path, status)
	}
	status, _, n := p.get(path)
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200", path, status)
	}
	if n > maxPageStatements {
		t.Errorf("GET %s ran %d statements, want at most %d", path, n, maxPageStatements)
	}
	return n
}

// sameStatements checks that every path runs as many statements as the
// first.
func (p *perfOrg) sameStatements(t *testing.T, what string, paths ...string) {
	t.Helper()
	want := p.statements(t, paths[0])
	for _, path := range paths[1:] {
		if got := p.statements(t, path); got != want {
			t.Errorf("%s: GET %s ran %d statements, GET %s %d; want the same", what, path, got, paths[0], want)
		}
	}
}

func TestStatementsDoNotGrowWithData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := newPerfOrg(t, db, statementSpec)
		few, many := p.krExtremes(t)
		t.Run("objective", func(t *testing.T) {
			p.sameStatements(t, "objective page",
				fmt.Sprintf("/objectives/%d", few.ID), fmt.Sprintf("/objectives/%d", many.ID),
				fmt.Sprintf("/objectives/%d", p.company[0].ID), fmt.Sprintf("/objectives/%d", p.dept[0].ID))
			p.sameStatements(t, "GET /api/v1/objectives/{id}",
				fmt.Sprintf("/api/v1/objectives/%d", few.ID), fmt.Sprintf("/api/v1/objectives/%d", many.ID),
				fmt.Sprintf("/api/v1/objectives/%d", p.company[0].ID), fmt.Sprintf("/api/v1/objectives/%d", p.dept[0].ID))
		})
		t.Run("more check-ins", func(t *testing.T) {
			page, api := fmt.Sprintf("/objectives/%d", many.ID), fmt.Sprintf("/api/v1/objectives/%d", many.ID)
			before, beforeAPI := p.statements(t, page), p.statements(t, api)
			p.addCheckIns(t, many, 20)
			if after := p.statements(t, page); after != before {
				t.Errorf("objective page: %d statements with 20 more check-ins per key result, %d before", after, before)
			}
			if after := p.statements(t, api); after != beforeAPI {
				t.Errorf("API objective: %d statements with 20 more check-ins per key result, %d before", after, beforeAPI)
			}
		})
		t.Run("home following more", func(t *testing.T) {
			home := fmt.Sprintf("/?period=%d", p.period.ID)
			before := p.statements(t, home)
			actor := store.Actor{OrgID: p.period.OrgID, PersonID: p.person.ID}
			follow := func(kind string, id int64) {
				t.Helper()
				if err := p.db.Follow(context.Background(), actor, kind, id); err != nil {
					t.Fatal(err)
				}
			}
			for _, o := range append(p.individual, p.team...) {
				if o.Owner.PersonID != nil && *o.Owner.PersonID != p.person.ID {
					follow(store.FollowPerson, *o.Owner.PersonID)
				}
			}
			for _, id := range p.teams {
				follow(store.FollowUnit, id)
			}
			follow(store.FollowObjective, p.company[0].ID)
			if after := p.statements(t, home); after != before {
				t.Errorf("My OKRs: %d statements following people, teams and an objective, %d following nothing", after, before)
			}
		})
		t.Run("team, department and tree", func(t *testing.T) {
			period := p.period.ID
			var teams, units, depts, apis []string
			for _, id := range p.teams {
				teams = append(teams, fmt.Sprintf("/overview?period=%d&unit=%d", period, id))
				units = append(units, fmt.Sprintf("/units/%d?period=%d", id, period))
				apis = append(apis, fmt.Sprintf("/api/v1/objectives?period_id=%d&owner_unit_id=%d", period, id))
			}
			for _, id := range p.depts {
				depts = append(depts, fmt.Sprintf("/overview?period=%d&unit=%d", period, id))
			}
			p.sameStatements(t, "a team's OKRs", teams...)
			p.sameStatements(t, "a team's page", units...)
			p.sameStatements(t, "a team's objectives through the API", apis...)
			p.sameStatements(t, "the company overview for one department", depts...)
			p.sameStatements(t, "the alignment tree", fmt.Sprintf("/alignment/units?period=%d", period),
				fmt.Sprintf("/alignment/units?period=%d&unit=%d", period, p.depts[0]))
			p.sameStatements(t, "the alignment map", fmt.Sprintf("/alignment?period=%d", period),
				fmt.Sprintf("/alignment?period=%d&unit=%d", period, p.depts[0]),
				fmt.Sprintf("/alignment?period=%d&person=%d", period, p.person.ID),
				fmt.Sprintf("/alignment?period=%d&open=all", period))
		})
	})
}

// krExtremes returns a published objective with the fewest key results and
// one with the most and a numeric key result.
func (p *perfOrg) krExtremes(t *testing.T) (few, many okr.Objective) {
	t.Helper()
	all := append(append(append([]okr.Objective{}, p.individual...), p.team...), p.dept...)
	few, many = all[0], all[0]
	for _, o := range all {
		if len(p.krs[o.ID]) < len(p.krs[few.ID]) {
			few = o
		}
		if len(p.krs[o.ID]) > len(p.krs[many.ID]) && numericKR(p.krs[o.ID]) {
			many = o
		}
	}
	if len(p.krs[few.ID]) >= len(p.krs[many.ID]) {
		t.Fatalf("the generated objectives all have %d key results", len(p.krs[few.ID]))
	}
	return few, many
}

// addCheckIns checks in every numeric key result of o n more times.
func (p *perfOrg) addCheckIns(t *testing.T, o okr.Objective, n int) {
	t.Helper()
	var cs []okr.CheckIn
	for _, kr := range p.krs[o.ID] {
		if kr.Metric.Kind != okr.MetricIncrease && kr.Metric.Kind != okr.MetricDecrease {
			continue
		}
		for i := range n {
			cs = append(cs, okr.CheckIn{KeyResultID: kr.ID, Value: kr.Metric.Start, Confidence: okr.AtRisk,
				At: perfDay.Add(-time.Duration(n-i) * time.Hour)})
		}
	}
	if len(cs) == 0 {
		t.Fatal("the objective has no numeric key result")
	}
	if _, err := p.db.CreateCheckIns(context.Background(), store.SystemActor(o.OrgID), cs); err != nil {
		t.Fatal(err)
	}
}

func numericKR(krs []okr.KeyResult) bool {
	for _, kr := range krs {
		if kr.Metric.Kind == okr.MetricIncrease || kr.Metric.Kind == okr.MetricDecrease {
			return true
		}
	}
	return false
}
