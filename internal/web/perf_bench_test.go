package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// perfOrg is a generated organisation served in-process, signed in as its
// chief executive (an admin), with the ids the performance tests and
// benchmarks request.
type perfOrg struct {
	db      *store.DB
	handler http.Handler
	cookie  string
	token   string
	period  okr.Period
	person  okr.Person // a team member with objectives of their own
	// Objectives by level, each with its key results.
	company, dept, team, individual []okr.Objective
	krs                             map[int64][]okr.KeyResult
	teams, depts                    []int64
}

// perfDay is the fixed "today" of the generated organisations.
var perfDay = time.Date(2026, 11, 18, 15, 0, 0, 0, time.UTC)

const perfPassword = "perf-test-password"

// newPerfOrg generates spec into db and signs in.
func newPerfOrg(tb testing.TB, db *store.DB, spec gen.Spec) *perfOrg {
	tb.Helper()
	ctx := context.Background()
	res, err := gen.Generate(ctx, db, gen.Options{Spec: spec, Seed: 1, Now: perfDay, Password: perfPassword})
	if err != nil {
		tb.Fatalf("generate %s: %v", spec.Slug, err)
	}
	srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return perfDay }}
	p := &perfOrg{db: db, handler: srv.Handler(), period: res.Period, krs: map[int64][]okr.KeyResult{}}
	p.token, _, err = db.CreateToken(ctx, store.SystemActor(res.Org.ID), res.AdminID, "perf")
	if err != nil {
		tb.Fatal(err)
	}
	p.signIn(tb, res.Email)
	p.collect(tb, res.Org.ID)
	return p
}

// signIn posts the sign-in form and keeps the session cookie.
func (p *perfOrg) signIn(tb testing.TB, email string) {
	tb.Helper()
	form := url.Values{"email": {email}, "password": {perfPassword}, "next": {"/"}}
	req := httptest.NewRequest(http.MethodPost, "/signin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	p.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		tb.Fatalf("sign in as %s: status %d, want 303", email, rec.Code)
	}
	for _, c := range rec.Result().Cookies() {
		p.cookie += c.Name + "=" + c.Value + "; "
	}
}

// collect sorts the period's objectives by level and notes teams and
// departments.
func (p *perfOrg) collect(tb testing.TB, orgID int64) {
	tb.Helper()
	ctx := context.Background()
	units, err := p.db.ListUnits(ctx, orgID, store.UnitFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	kind := map[int64]okr.UnitKind{}
	for _, u := range units {
		kind[u.ID] = u.Kind
		switch u.Kind {
		case okr.UnitTeam:
			p.teams = append(p.teams, u.ID)
		case okr.UnitDepartment:
			p.depts = append(p.depts, u.ID)
		}
	}
	objs, _, err := p.db.ListObjectives(ctx, orgID, store.ObjectiveFilter{PeriodID: p.period.ID, State: okr.StatePublished})
	if err != nil {
		tb.Fatal(err)
	}
	ids := make([]int64, len(objs))
	for i, o := range objs {
		ids[i] = o.ID
		switch {
		case o.Owner.PersonID != nil:
			p.individual = append(p.individual, o)
		case kind[*o.Owner.UnitID] == okr.UnitCompany:
			p.company = append(p.company, o)
		case kind[*o.Owner.UnitID] == okr.UnitDepartment:
			p.dept = append(p.dept, o)
		default:
			p.team = append(p.team, o)
		}
	}
	krs, err := p.db.ListKeyResults(ctx, orgID, ids, false)
	if err != nil {
		tb.Fatal(err)
	}
	for _, kr := range krs {
		p.krs[kr.ObjectiveID] = append(p.krs[kr.ObjectiveID], kr)
	}
	person, err := p.db.GetPerson(ctx, orgID, *p.individual[len(p.individual)/2].Owner.PersonID)
	if err != nil {
		tb.Fatal(err)
	}
	p.person = person
}

// get serves a GET of path (API paths with the token, pages with the
// session) and returns the status, the body size and the statements run.
func (p *perfOrg) get(path string) (status, size int, statements int64) {
	return p.do(http.MethodGet, path, "")
}

func (p *perfOrg) do(method, path, body string) (status, size int, statements int64) {
	ctx, counter := store.WithQueryCounter(context.Background())
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r).WithContext(ctx)
	if strings.HasPrefix(path, "/api/") {
		req.Header.Set("Authorization", "Bearer "+p.token)
		req.Header.Set("Content-Type", "application/json")
	} else {
		req.Header.Set("Cookie", p.cookie)
	}
	if strings.HasPrefix(path, "/alignment/node") {
		req.Header.Set("HX-Request", "true")
	}
	rec := httptest.NewRecorder()
	p.handler.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Len(), counter.Count()
}

// benchOrg generates the organisation of OKR_BENCH_SIZE (medium unless
// set to large) on SQLite.
func benchOrg(b *testing.B) *perfOrg {
	b.Helper()
	size := os.Getenv("OKR_BENCH_SIZE")
	if size == "" {
		size = "medium"
	}
	spec, err := gen.SpecFor(size)
	if err != nil {
		b.Fatal(err)
	}
	return newPerfOrg(b, storetest.Open(b, store.DialectSQLite), spec)
}

// benchGet measures GET path(i): time, bytes and statements per request.
func benchGet(b *testing.B, p *perfOrg, path func(i int) string) {
	var size int
	var stmts int64
	p.get(path(0)) // warm the caches
	b.ResetTimer()
	i := 0
	for b.Loop() {
		status, n, s := p.get(path(i))
		if status != http.StatusOK {
			b.Fatalf("GET %s: status %d", path(i), status)
		}
		size, stmts = size+n, stmts+s
		i++
	}
	b.ReportMetric(float64(size)/float64(i), "bytes/page")
	b.ReportMetric(float64(stmts)/float64(i), "statements/op")
}

func pick[T any](list []T, i int) T { return list[(i*7919)%len(list)] }

// BenchmarkPages requests the heaviest pages and API resources of a
// generated organisation, in-process (handler, store and templates, no
// network): per request time, bytes and SQL statements.
//
//	go test -run '^$' -bench Pages -benchmem ./internal/web
//	OKR_BENCH_SIZE=large go test -run '^$' -bench Pages ./internal/web
func BenchmarkPages(b *testing.B) {
	p := benchOrg(b)
	period := p.period.ID
	for _, bm := range []struct {
		name string
		path func(i int) string
	}{
		{"objective/team", func(i int) string { return fmt.Sprintf("/objectives/%d", pick(p.team, i).ID) }},
		{"objective/company", func(i int) string { return fmt.Sprintf("/objectives/%d", pick(p.company, i).ID) }},
		{"api-objective", func(i int) string { return fmt.Sprintf("/api/v1/objectives/%d", pick(p.team, i).ID) }},
		{"api-team-objectives", func(i int) string {
			return fmt.Sprintf("/api/v1/objectives?period_id=%d&owner_unit_id=%d", period, pick(p.teams, i))
		}},
		{"api-team-objectives/key_results", func(i int) string {
			return fmt.Sprintf("/api/v1/objectives?period_id=%d&owner_unit_id=%d&include=key_results", period, pick(p.teams, i))
		}},
		{"unit/team", func(i int) string { return fmt.Sprintf("/units/%d?period=%d", pick(p.teams, i), period) }},
		{"overview/team", func(i int) string { return fmt.Sprintf("/overview?period=%d&unit=%d", period, pick(p.teams, i)) }},
		{"overview/department", func(i int) string { return fmt.Sprintf("/overview?period=%d&unit=%d", period, pick(p.depts, i)) }},
		{"overview/company", func(int) string { return fmt.Sprintf("/overview?period=%d", period) }},
		{"alignment-map", func(int) string { return fmt.Sprintf("/alignment?period=%d", period) }},
		{"alignment-map/open-all", func(int) string { return fmt.Sprintf("/alignment?period=%d&open=all", period) }},
		{"alignment-map/department", func(i int) string {
			return fmt.Sprintf("/alignment?period=%d&unit=%d", period, pick(p.depts, i))
		}},
		{"alignment-map/person", func(i int) string {
			return fmt.Sprintf("/alignment?period=%d&person=%d", period, *pick(p.individual, i).Owner.PersonID)
		}},
		{"alignment", func(int) string { return fmt.Sprintf("/alignment/units?period=%d", period) }},
		{"alignment/department", func(i int) string {
			return fmt.Sprintf("/alignment/node?period=%d&unit=%d", period, pick(p.depts, i))
		}},
		{"home", func(int) string { return fmt.Sprintf("/?period=%d", period) }},
		{"checkin-page", func(int) string { return fmt.Sprintf("/checkin?period=%d", period) }},
	} {
		b.Run(bm.name, func(b *testing.B) { benchGet(b, p, bm.path) })
	}
	b.Run("api-checkin-5", func(b *testing.B) { benchCheckIn(b, p) })
}

// benchCheckIn is the weekly check-in of five key results, one
// transaction, as the chief executive (an admin may check in anything).
func benchCheckIn(b *testing.B, p *perfOrg) {
	var ids []int64
	for _, o := range p.individual {
		for _, kr := range p.krs[o.ID] {
			if kr.Metric.Kind == okr.MetricIncrease && len(ids) < 5 {
				ids = append(ids, kr.ID)
			}
		}
	}
	var stmts int64
	b.ResetTimer()
	n := 0
	for b.Loop() {
		var parts []string
		for _, id := range ids {
			parts = append(parts, fmt.Sprintf(`{"key_result_id": %d, "value": %d, "confidence": "on_track"}`, id, n%100))
		}
		status, _, s := p.do(http.MethodPost, "/api/v1/check-ins", `{"check_ins": [`+strings.Join(parts, ",")+`]}`)
		if status != http.StatusCreated {
			b.Fatalf("check-in: status %d", status)
		}
		stmts += s
		n++
	}
	b.ReportMetric(float64(stmts)/float64(n), "statements/op")
}
