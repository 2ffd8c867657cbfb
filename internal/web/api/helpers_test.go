package api

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
	"github.com/okr-dev/okr/internal/view"
)

// The API tests run on a real SQLite file and, when OKR_TEST_POSTGRES_URL
// names a PostgreSQL server, on PostgreSQL too: each test there gets its own
// database copied from a migrated template and dropped afterwards.

var testCtx = context.Background()

// env is an application on a fresh database with two organisations:
// Acme (company > Sales > Inbound, an open quarter, an objective of
// Inbound with a key result Owen owns) and Globex, and a token per role.
type env struct {
	db      *store.DB
	handler http.Handler // the API, each answer checked against the document
	raw     http.Handler // the API unchecked, for requests outside the document
	now     time.Time

	org, otherOrg           okr.Org
	admin, lead, owner, mem okr.Person
	outsider                okr.Person // admin of Globex
	company, dept, team     okr.Unit
	period, nextPeriod      okr.Period
	objective               okr.Objective
	kr                      okr.KeyResult
	tokens                  map[string]string // by role
	otherPeriod             okr.Period
	otherObjective          okr.Objective
	sys                     store.Actor
	logs                    *bytes.Buffer
	logMu                   *sync.Mutex
	dialect                 string
	initiative              okr.Initiative
	kpi                     okr.KPI
}

// Roles of the API tests.
const (
	asAdmin  = "admin"
	asLead   = "lead"
	asOwner  = "owner"
	asMember = "member"
	asOther  = "other_org"
	asAnon   = "no_token"
)

var roles = []string{asAdmin, asLead, asOwner, asMember, asOther, asAnon}

// eachDialect runs fn as a parallel subtest on each dialect with a fresh
// environment.
func eachDialect(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	t.Parallel()
	for _, d := range []string{store.DialectSQLite, store.DialectPostgres} {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, newAPIEnv(t, d))
		})
	}
}

// newAPIEnv builds the environment on a fresh database of the dialect.
// The handler is the API as web mounts it, GET and HEAD requests with a
// memo of the organisation's state (web's withMemo).
func newAPIEnv(t testing.TB, dialect string) *env {
	t.Helper()
	db := storetest.Open(t, dialect)
	e := &env{db: db, dialect: dialect, now: time.Now().UTC(), tokens: map[string]string{}, logs: &bytes.Buffer{}, logMu: &sync.Mutex{}}
	a := New(Config{DB: db, Log: slog.New(slog.NewTextHandler(lockedWriter{e.logs, e.logMu}, nil))})
	e.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			r = r.WithContext(view.WithMemo(r.Context()))
		}
		a.ServeHTTP(w, r)
	})
	e.raw = e.handler
	e.handler = checked(t, e.handler)
	e.seed(t)
	return e
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func (e *env) seed(t testing.TB) {
	t.Helper()
	suffix := random(t)
	e.org = must(e.db.CreateOrg(testCtx, "Acme", "acme-"+suffix))(t)
	e.sys = store.SystemActor(e.org.ID)
	e.admin = e.person(t, e.sys, "Ada Admin", okr.RoleAdmin, nil)
	e.lead = e.person(t, e.sys, "Lea Lead", okr.RoleMember, nil)
	e.company = must(e.db.CreateUnit(testCtx, e.sys, okr.Unit{Name: "Acme", Kind: okr.UnitCompany}))(t)
	e.dept = must(e.db.CreateUnit(testCtx, e.sys, okr.Unit{Name: "Sales", Kind: okr.UnitDepartment, ParentID: &e.company.ID}))(t)
	e.team = must(e.db.CreateUnit(testCtx, e.sys, okr.Unit{Name: "Inbound", Kind: okr.UnitTeam, ParentID: &e.dept.ID, LeadIDs: []int64{e.lead.ID}}))(t)
	e.owner = e.person(t, e.sys, "Owen Owner", okr.RoleMember, &e.team.ID)
	e.mem = e.person(t, e.sys, "Mo Member", okr.RoleMember, &e.team.ID)
	start := time.Date(e.now.Year(), (e.now.Month()-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC)
	e.period = must(e.db.CreatePeriod(testCtx, e.sys, okr.Period{Name: "This quarter", Kind: okr.PeriodQuarter,
		Start: start, End: start.AddDate(0, 3, -1)}))(t)
	e.nextPeriod = must(e.db.CreatePeriod(testCtx, e.sys, okr.Period{Name: "Next quarter", Kind: okr.PeriodQuarter,
		Start: start.AddDate(0, 3, 0), End: start.AddDate(0, 6, -1)}))(t)
	e.objective = e.teamObjective(t, "Win the inbound market")
	e.kr = e.ownedKR(t, e.objective.ID, "Reach 100 demo bookings")
	e.initiative = must(e.db.CreateInitiative(testCtx, e.sys, okr.Initiative{KeyResultID: e.kr.ID, Title: "Run a webinar", OwnerPersonID: &e.owner.ID}))(t)
	e.kpi = must(e.db.CreateKPI(testCtx, e.sys, okr.KPI{Name: "Visits", Unit: okr.Measure{Kind: okr.MeasureNumber},
		Direction: okr.HigherIsBetter, Frequency: okr.Weekly, OwnerUnitID: &e.team.ID}))(t)

	e.otherOrg = must(e.db.CreateOrg(testCtx, "Globex", "globex-"+suffix))(t)
	osys := store.SystemActor(e.otherOrg.ID)
	e.outsider = e.person(t, osys, "Olga Outsider", okr.RoleAdmin, nil)
	e.otherPeriod = must(e.db.CreatePeriod(testCtx, osys, okr.Period{Name: "Their quarter", Kind: okr.PeriodQuarter,
		Start: start, End: start.AddDate(0, 3, -1)}))(t)
	e.otherObjective = must(e.db.CreateObjective(testCtx, osys, okr.Objective{PeriodID: e.otherPeriod.ID, Title: "Their secret plan",
		Owner: okr.Owner{PersonID: &e.outsider.ID}}))(t)

	for role, p := range map[string]okr.Person{asAdmin: e.admin, asLead: e.lead, asOwner: e.owner, asMember: e.mem, asOther: e.outsider} {
		plain, _, err := e.db.CreateToken(testCtx, store.SystemActor(p.OrgID), p.ID, "test")
		if err != nil {
			t.Fatalf("CreateToken(%s): %v", role, err)
		}
		e.tokens[role] = plain
	}
}

func (e *env) person(t testing.TB, actor store.Actor, name string, role okr.Role, unit *int64) okr.Person {
	t.Helper()
	email := strings.ToLower(strings.Fields(name)[0]) + "-" + random(t) + "@example.com"
	return must(e.db.CreatePerson(testCtx, actor, okr.Person{Name: name, Email: email, Role: role, UnitID: unit}))(t)
}

// teamObjective creates a published objective of the Inbound team.
func (e *env) teamObjective(t testing.TB, title string) okr.Objective {
	t.Helper()
	return must(e.db.CreateObjective(testCtx, e.sys, okr.Objective{PeriodID: e.period.ID, Title: title,
		Owner: okr.Owner{UnitID: &e.team.ID}, State: okr.StatePublished}))(t)
}

// ownedKR adds an increase 0 → 100 key result that Owen owns.
func (e *env) ownedKR(t testing.TB, objectiveID int64, title string) okr.KeyResult {
	t.Helper()
	return must(e.db.CreateKeyResult(testCtx, e.sys, okr.KeyResult{ObjectiveID: objectiveID, Title: title,
		Owner: okr.Owner{PersonID: &e.owner.ID}, Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 100}}))(t)
}

// response is a recorded response.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// do sends a request as role (asAnon sends none). body, when not nil,
// is sent as JSON; header pairs follow.
func (e *env) do(t *testing.T, role, method, path string, body any, header ...string) *response {
	t.Helper()
	return e.doCtx(t, testCtx, role, method, path, body, header...)
}

func (e *env) doCtx(t *testing.T, ctx context.Context, role, method, path string, body any, header ...string) *response {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(buf)
	}
	req := httptest.NewRequestWithContext(ctx, method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok := e.tokens[role]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return &response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// doRaw sends a request without body as role around the contract check:
// for forms the API accepts beyond the document (comma-separated lists).
func (e *env) doRaw(t *testing.T, role, method, path string) *response {
	t.Helper()
	req := httptest.NewRequestWithContext(testCtx, method, path, nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	rec := httptest.NewRecorder()
	e.raw.ServeHTTP(rec, req)
	return &response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// want fails unless the response has status; it returns r for chaining.
func (r *response) want(t *testing.T, status int) *response {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d; body: %s", r.Status, status, r.Body)
	}
	return r
}

// decode unmarshals the body into v.
func (r *response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// object decodes the body into a generic JSON object.
func (r *response) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	r.decode(t, &m)
	return m
}

// errorBody is the error shape as a client reads it: a problem details
// object (RFC 9457) with the product's extension members.
type errorBody struct {
	Type    string `json:"type"`
	Title   string `json:"title"`
	Status  int    `json:"status"`
	Detail  string `json:"detail"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field"`
	Errors  []struct {
		Field   string `json:"field"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

// wantError fails unless the response is an error with status and code
// in the one error shape, application/problem+json (and field, when not
// empty).
func (r *response) wantError(t *testing.T, status int, code, field string) errorBody {
	t.Helper()
	r.want(t, status)
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type = %q, want application/problem+json", ct)
	}
	var raw map[string]json.RawMessage
	r.decode(t, &raw)
	for k := range raw {
		switch k {
		case "type", "title", "status", "detail", "code", "message", "field", "errors":
		default:
			t.Errorf("error body has member %q; want only RFC 9457's and code, message, field, errors: %s", k, r.Body)
		}
	}
	var e errorBody
	r.decode(t, &e)
	if e.Code != code {
		t.Errorf("code = %q, want %q (%s)", e.Code, code, r.Body)
	}
	if e.Message == "" || e.Detail != e.Message {
		t.Errorf("message %q and detail %q should be the same, not empty: %s", e.Message, e.Detail, r.Body)
	}
	if e.Type != "about:blank" || e.Status != status || e.Title != http.StatusText(status) {
		t.Errorf("type, status, title = %q, %d, %q; want about:blank, %d, %q", e.Type, e.Status, e.Title, status, http.StatusText(status))
	}
	if field != "" && e.Field != field {
		t.Errorf("field = %q, want %q (%s)", e.Field, field, r.Body)
	}
	return e
}

// etag returns the ETag header, failing when there is none.
func (r *response) etag(t *testing.T) string {
	t.Helper()
	tag := r.Header.Get("ETag")
	if tag == "" {
		t.Fatalf("no ETag header; body: %s", r.Body)
	}
	return tag
}

// must takes a call's results and returns a function that fails tb on
// a non-nil error and returns v.
func must[T any](v T, err error) func(tb testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

func random(tb testing.TB) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		tb.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// num reads a number at a dotted path of a decoded JSON object.
func num(t *testing.T, m map[string]any, path string) float64 {
	t.Helper()
	v := at(t, m, path)
	f, ok := v.(float64)
	if !ok {
		t.Fatalf("%s = %v (%T), want a number", path, v, v)
	}
	return f
}

// at reads the value at a dotted path ("metric.target", "items.0.id").
func at(t *testing.T, m any, path string) any {
	t.Helper()
	cur := m
	for _, p := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[p]
		case []any:
			var i int
			if err := json.Unmarshal([]byte(p), &i); err != nil || i >= len(c) {
				t.Fatalf("path %s: bad index %s into %d items", path, p, len(c))
			}
			cur = c[i]
		default:
			t.Fatalf("path %s: %v is not an object or list", path, cur)
		}
	}
	return cur
}
