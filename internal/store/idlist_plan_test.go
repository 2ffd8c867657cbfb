package store

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// orgPrefixOnly is a plan step that walks an index by its org_id column
// alone: every row of the organisation in that table.
var orgPrefixOnly = regexp.MustCompile(`USING (COVERING )?INDEX \S+ \([a-z_]*org_id=\?\)$`)

// TestIDListsAreNotWalkedThroughTheOrganisation runs the store's
// statements that take a list of ids (json_each on SQLite) the way the hot
// requests and the event fan-out do, then asks SQLite for the plan of each
// statement they prepared: none may reach a table through its org_id index
// alone. Without statistics SQLite rated "org_id = ?" above "id IN (list)"
// and read every person of the organisation to find an event's three names
// (12 % of the server's time in the mix at company scale); "org_id + 0"
// (noIndex) leaves the id list to the primary key.
func TestIDListsAreNotWalkedThroughTheOrganisation(t *testing.T) {
	db := mustOpen(t, DialectSQLite)
	f := mustFixture(t, db)
	o := f.mustObjective(t, "Vinne markedet", unitOwner(f.dept.ID))
	child := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "Team", Owner: unitOwner(f.team.ID),
		State: okr.StatePublished, ParentID: &o.ID}))(t)
	kr := f.mustKR(t, o.ID, "Flere kunder", increase(0, 10))
	ms := f.mustKR(t, child.ID, "Milepæler", okr.Metric{Kind: okr.MetricMilestones}, "en", "to")
	must(0, db.Follow(ctx, as(f.admin), FollowObjective, o.ID))(t)
	must(db.AddComment(ctx, as(f.member), CommentTarget{ObjectiveID: o.ID, KeyResultID: kr.ID},
		"Bra jobba @["+f.admin.Name+"]"))(t)
	must(db.CreateCheckIns(ctx, as(f.admin), []okr.CheckIn{
		{KeyResultID: kr.ID, Value: 4, Confidence: okr.OnTrack, Comment: "Godt i gang"},
		{KeyResultID: ms.ID, Confidence: okr.AtRisk, MilestonesDone: []int64{ms.Milestones[0].ID}},
	}))(t)
	fanOut(t, db)
	ids := []int64{o.ID, child.ID}
	krIDs := []int64{kr.ID, ms.ID}
	must(db.ValueHistories(ctx, f.org.ID, krIDs))(t)
	must(db.KeyResultObjectives(ctx, f.org.ID, krIDs))(t)
	must(db.ListObjectiveContext(ctx, f.org.ID, f.period.ID, ids))(t)
	must(db.ListKeyResults(ctx, f.org.ID, ids, false))(t)
	must(db.ListGrades(ctx, f.org.ID, krIDs))(t)
	must(db.ListCheckIns(ctx, f.org.ID, krIDs, nil))(t)
	must(db.ListInitiatives(ctx, f.org.ID, krIDs))(t)
	must2(db.ListObjectives(ctx, f.org.ID, ObjectiveFilter{PeriodID: f.period.ID, IDs: ids, Limit: 100}))(t)
	must(0, db.SetObjectKeys(ctx, f.sys, "objective", map[int64]string{o.ID: "vinne-markedet"}))(t)

	var queries []string
	for _, c := range []*stmtCache{db.rStmts, db.wStmts} {
		c.mu.RLock()
		for q := range c.m {
			queries = append(queries, q)
		}
		for q := range c.pending {
			queries = append(queries, q)
		}
		c.mu.RUnlock()
	}
	slices.Sort(queries)
	queries = slices.Compact(queries)
	checked := 0
	for _, q := range queries {
		if !strings.Contains(q, "json_each(") {
			continue
		}
		checked++
		for _, detail := range sqlitePlan(t, db, q, make([]any, strings.Count(q, "?"))...) {
			if orgPrefixOnly.MatchString(detail) {
				t.Errorf("plan step %q walks the organisation in\n%s", detail, oneLine(q, 400))
			}
		}
	}
	if checked < 10 {
		t.Fatalf("checked %d statements with id lists, want the fan-out's and the reads' (at least 10)", checked)
	}
	t.Logf("%d statements with id lists checked", checked)
}

// TestCheckInListUsesTheOwnerIndexes checks the plan of the check-in list
// (KeyResultsToCheckIn): the key results come from the owner indexes of
// objectives and key results, never from walking the organisation's or the
// period's rows. Walking the period's key results was 40 % of the
// server's time in the mix at company scale (106,099 key results in one
// period; 30 ms a page against 2 ms).
func TestCheckInListUsesTheOwnerIndexes(t *testing.T) {
	db := mustOpen(t, DialectSQLite)
	for name, q := range map[string]string{
		"person": func() string { q, _ := db.checkInListQuery(1, 2, 3, 4); return q }(),
		"unit":   func() string { q, _ := db.checkInUnitQuery(1, 2, 3); return q }(),
	} {
		plan := sqlitePlan(t, db, q, make([]any, strings.Count(q, "?"))...)
		for _, detail := range plan {
			walks := orgPrefixOnly.MatchString(detail) ||
				strings.HasPrefix(detail, "SCAN") && (strings.Contains(detail, "key_results") || strings.Contains(detail, "objectives")) ||
				strings.Contains(detail, "objectives_org_period")
			if walks {
				t.Errorf("%s list: plan step %q walks the organisation or the period", name, detail)
			}
		}
		if len(plan) == 0 {
			t.Fatalf("%s list: no plan", name)
		}
	}
}

// TestValueHistoriesReadTheIndexAlone: on SQLite the doubt check reads a
// key result's latest values from checkins_org_kr_at alone (migration 23),
// not each check-in's row by its id, and in the index's order (migration
// 24), without sorting each key result's check-ins.
func TestValueHistoriesReadTheIndexAlone(t *testing.T) {
	db := mustOpen(t, DialectSQLite)
	in, _ := db.inIDs("k.id", []int64{1, 2})
	q := db.valueHistoriesSQLiteQuery(in)
	plan := sqlitePlan(t, db, q, make([]any, strings.Count(q, "?"))...)
	covered := false
	for _, detail := range plan {
		if strings.Contains(detail, "COVERING INDEX checkins_org_kr_at") {
			covered = true
		}
		if strings.HasPrefix(detail, "SEARCH l USING INTEGER PRIMARY KEY") || strings.HasPrefix(detail, "SCAN l") {
			t.Errorf("plan step %q reads check-ins' rows", detail)
		}
		if strings.HasPrefix(detail, "USE TEMP B-TREE FOR") && !strings.Contains(detail, "json_group_array") {
			t.Errorf("plan step %q sorts the check-ins", detail) // the aggregate's sort of the latest 13 is fine
		}
	}
	if !covered {
		t.Errorf("the latest values do not come from the covering index: %q", plan)
	}
}

// sqlitePlan returns the details of SQLite's query plan for q with args
// (nil arguments plan as well as real ones).
func sqlitePlan(tb testing.TB, db *DB, q string, args ...any) []string {
	tb.Helper()
	rows, err := db.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		tb.Fatalf("%v: %s", err, oneLine(q, 200))
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			tb.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return plan
}
