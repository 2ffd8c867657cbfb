package store

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// TestHotStatementsAreNotPlannedPerExecution shows from pg_stat_statements,
// with planning tracked, that PostgreSQL plans the statements of the hot
// requests once per connection, not on every execution: an API objective,
// the objective page, a team's objectives and a one-key-result check-in, as
// they reach the store (token, session, change stamp, objective,
// descendants, context, key results, grades, milestones, check-ins, the
// check-in's write). Without generic plans PostgreSQL planned 1–3 of a
// request's 4–9 statements again on every execution (a custom plan with
// the execution's values), which cost more than running them.
//
// It needs pg_stat_statements loaded (shared_preload_libraries) with
// pg_stat_statements.track_planning on, as scripts/test.sh starts its
// cluster; it fails without them where OKR_TEST_REQUIRE_ALL=1 (make test,
// CI) and skips elsewhere.
func TestHotStatementsAreNotPlannedPerExecution(t *testing.T) {
	db := mustOpen(t, DialectPostgres)
	requireStatStatements(t, db)
	// Two connections (r and w are one pool on PostgreSQL): a statement is
	// prepared, and with a generic plan planned, at most once on each.
	const conns = 2
	db.w.SetMaxOpenConns(conns)
	db.w.SetMaxIdleConns(conns)
	db.w.SetConnMaxIdleTime(0)

	f := mustFixture(t, db)
	company := f.mustObjective(t, "Company", unitOwner(f.company.ID))
	dept := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: "Dept", Owner: unitOwner(f.dept.ID),
		State: okr.StatePublished, ParentID: &company.ID}))(t)
	var team okr.Objective
	var kr okr.KeyResult
	for i := range 4 {
		o := must(db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: fmt.Sprint("Team ", i), Owner: unitOwner(f.team.ID),
			State: okr.StatePublished, ParentID: &dept.ID}))(t)
		for j := range 3 {
			k := must(db.CreateKeyResult(ctx, f.sys, okr.KeyResult{ObjectiveID: o.ID, Title: fmt.Sprint("KR ", j),
				Owner: personOwner(f.member.ID), Metric: increase(0, 100)}))(t)
			if i == 0 && j == 0 {
				team, kr = o, k
			}
		}
	}
	f.mustKR(t, team.ID, "milestones", okr.Metric{Kind: okr.MetricMilestones}, "one", "two")
	mustVolume(t, f, dept.ID)
	token, _ := must2(db.CreateToken(ctx, as(f.member), f.member.ID, "plans"))(t)
	sessions := db.Sessions()
	if err := sessions.CommitCtx(ctx, "plans-session", []byte("data"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}

	// request runs the store's side of the hot requests once.
	request := func(i int) {
		t.Helper()
		// Every API call: the token; every page: the session; every GET:
		// the state stamp of the organisation.
		must2(db.Authenticate(ctx, token))(t)
		if _, ok, err := sessions.FindCtx(ctx, "plans-session"); err != nil || !ok {
			t.Fatalf("session: %v, %v", ok, err)
		}
		must(db.StateStamp(ctx, f.org.ID))(t)
		// Every signed-in page: the stamp with the bell's count.
		if _, _, err := db.ViewerStamp(ctx, f.org.ID, f.member.ID); err != nil {
			t.Fatal(err)
		}
		// GET /api/v1/objectives/{id}: the stamps of its kept answer, then
		// (when it has none) what the objective page reads too.
		if _, _, _, err := db.ObjectiveStampFor(ctx, token, dept.ID); err != nil {
			t.Fatal(err)
		}
		o := must(db.GetObjective(ctx, f.org.ID, dept.ID))(t)
		tree := must(db.ListObjectiveDescendants(ctx, f.org.ID, []int64{o.ID}))(t)
		ids := []int64{o.ID}
		for _, d := range tree {
			ids = append(ids, d.ID)
		}
		krs := must(db.ListKeyResults(ctx, f.org.ID, ids, false))(t)
		krIDs := make([]int64, len(krs))
		for j := range krs {
			krIDs[j] = krs[j].ID
		}
		must(db.ListGrades(ctx, f.org.ID, krIDs))(t)
		must(db.ListArchivedMilestones(ctx, f.org.ID, krIDs))(t)
		must(db.ListObjectiveContext(ctx, f.org.ID, f.period.ID, []int64{o.ID}))(t)
		must(db.ListCheckIns(ctx, f.org.ID, krIDs, nil))(t)
		must(db.ListTargetChanges(ctx, f.org.ID, krIDs))(t)
		must(db.ListInitiatives(ctx, f.org.ID, krIDs))(t)
		must(db.CanEdit(ctx, as(f.member), "objective", o.ID))(t)
		// A team's objectives: the API list and the team page.
		must2(db.ListObjectives(ctx, f.org.ID, ObjectiveFilter{PeriodID: f.period.ID, OwnerUnitIDs: []int64{f.team.ID}, Limit: 100}))(t)
		// A check-in of one key result.
		must(db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{{KeyResultID: kr.ID, Value: float64(i % 100), Confidence: okr.OnTrack}}))(t)
	}

	// Warm up beyond PostgreSQL's five custom plans per prepared statement,
	// so that what is counted below is the steady state; with fresh
	// statistics, so that no automatic ANALYZE invalidates plans meanwhile.
	for i := range 8 {
		request(i)
	}
	if _, err := db.w.ExecContext(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		request(i)
	}
	if _, err := db.w.ExecContext(ctx, `SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)`); err != nil {
		t.Fatal(err)
	}
	const n = 40
	for i := range n {
		request(i)
	}

	rows, err := db.w.QueryContext(ctx, `SELECT calls, plans, query FROM pg_stat_statements
		WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND calls >= $1 ORDER BY query`, n)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	// A statement may be planned once on each connection, and once more on
	// each after an invalidation (an automatic ANALYZE of a table the test
	// writes to): never once per execution.
	const maxPlans = 2 * conns
	hot := 0
	verbose := os.Getenv("OKR_TEST_PLANS") != ""
	for rows.Next() {
		var calls, plans int64
		var query string
		if err := rows.Scan(&calls, &plans, &query); err != nil {
			t.Fatal(err)
		}
		if !planned(query) {
			continue
		}
		hot++
		if verbose {
			t.Logf("%d plans, %d calls: %s", plans, calls, oneLine(query, 120))
		}
		if plans > maxPlans {
			t.Errorf("planned %d times in %d executions (want at most %d): %s", plans, calls, maxPlans, oneLine(query, 160))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// Each call above runs at least one statement of its own, the
	// check-in several: the reads and writes of at least 20 were counted.
	if hot < 20 {
		t.Errorf("%d statements ran %d times or more, want at least 20: pg_stat_statements missed the hot paths", hot, n)
	}
}

// mustVolume gives the fixture's organisation the size and skew whose
// statistics made PostgreSQL prefer custom plans: 3,000 objectives in a
// tree below under (the first 1,000 with an audit entry each, like a year
// of edits, against a handful of units, people and periods), three key
// results each and two check-ins per key result.
func mustVolume(tb testing.TB, f *fixture, under int64) {
	tb.Helper()
	err := f.db.Load(ctx, f.sys, true, func(l *Loader) error {
		parents := []int64{under}
		var objs []okr.Objective
		for i := range 3000 {
			o := okr.Objective{PeriodID: f.period.ID, Title: fmt.Sprint("Objective ", i), Owner: unitOwner(f.team.ID),
				Weight: 1, State: okr.StatePublished, ParentID: &parents[i/15]}
			if i < 1000 {
				if err := l.Objective(&o); err != nil {
					return err
				}
				parents = append(parents, o.ID)
			}
			objs = append(objs, o)
		}
		if err := l.Objectives(objs[1000:]); err != nil {
			return err
		}
		var krs []okr.KeyResult
		for _, o := range objs {
			for j := range 3 {
				krs = append(krs, okr.KeyResult{ObjectiveID: o.ID, Title: fmt.Sprint("KR ", j), Owner: personOwner(f.member.ID),
					Weight: 1, Metric: increase(0, 100), Position: j})
			}
		}
		if err := l.KeyResults(krs); err != nil {
			return err
		}
		var cs []okr.CheckIn
		for _, kr := range krs {
			for d := range 2 {
				cs = append(cs, okr.CheckIn{KeyResultID: kr.ID, Value: float64(10 * (d + 1)), Confidence: okr.OnTrack,
					At: f.period.Start.AddDate(0, 0, 7*(d+1))})
			}
		}
		return l.CheckInRows(cs)
	})
	if err != nil {
		tb.Fatalf("load the volume: %v", err)
	}
}

// planned reports whether the planner plans query: SELECT, INSERT, UPDATE,
// DELETE and WITH, not BEGIN, COMMIT or SET.
func planned(query string) bool {
	q := strings.ToUpper(strings.TrimSpace(query))
	for _, p := range []string{"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"} {
		if strings.HasPrefix(q, p) {
			return true
		}
	}
	return false
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

// requireStatStatements creates the pg_stat_statements extension in db and
// checks that the server loaded it with planning tracked. Without, it fails
// the test where OKR_TEST_REQUIRE_ALL=1 (make test, CI: scripts/test.sh
// starts its cluster with both) and skips it elsewhere.
func requireStatStatements(t *testing.T, db *DB) {
	t.Helper()
	missing := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...) + ": start PostgreSQL with -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on (scripts/test.sh does)"
		if os.Getenv("OKR_TEST_REQUIRE_ALL") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if _, err := db.w.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pg_stat_statements`); err != nil {
		missing("CREATE EXTENSION pg_stat_statements: %v", err)
	}
	var track string
	if err := db.w.QueryRowContext(ctx, `SELECT COALESCE(current_setting('pg_stat_statements.track_planning', true), '')`).Scan(&track); err != nil || track != "on" {
		missing("pg_stat_statements.track_planning is %q (%v), want on", track, err)
	}
	if _, err := db.w.ExecContext(ctx, `SELECT 1 FROM pg_stat_statements LIMIT 1`); err != nil {
		missing("pg_stat_statements is not loaded: %v", err)
	}
}
