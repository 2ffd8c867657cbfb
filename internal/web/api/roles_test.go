package api

import (
	"fmt"
	"net/http"
	"sort"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// The route-by-role test walks every operation of the API's own route table
// (the generated OpenAPI document) for every role and checks the status
// each must get. Expectations come from route classes; a route without a
// rule fails the test, so a new route cannot escape it. The HTML pages
// expose no route table to walk; they are not covered here.

// anyOK stands for the success status of a rule in a class.
const anyOK = -1

// routeClasses are the expected statuses per role of each class of
// route. The fixture's objective is owned by the Inbound team, which the
// lead leads; its key result and initiative are owned by "owner"; the
// member owns nothing; "other_org" is an admin of another organisation.
var routeClasses = map[string]map[string]int{
	// Reading one object of the organisation: every member; other
	// organisations get 404, never a hint that it exists.
	"read-one": {asAdmin: anyOK, asLead: anyOK, asOwner: anyOK, asMember: anyOK, asOther: http.StatusNotFound, asAnon: http.StatusUnauthorized},
	// Reading a list (or one's own things): every member, and another
	// organisation's people get their own organisation's list.
	"read-own-org": {asAdmin: anyOK, asLead: anyOK, asOwner: anyOK, asMember: anyOK, asOther: anyOK, asAnon: http.StatusUnauthorized},
	// Changing an objective of the team: admins and the team's lead.
	"objective-write": {asAdmin: anyOK, asLead: anyOK, asOwner: http.StatusForbidden, asMember: http.StatusForbidden, asOther: http.StatusNotFound, asAnon: http.StatusUnauthorized},
	// Creating an objective for the team: the other organisation names a
	// period it does not have.
	"objective-create": {asAdmin: anyOK, asLead: anyOK, asOwner: http.StatusForbidden, asMember: http.StatusForbidden, asOther: http.StatusUnprocessableEntity, asAnon: http.StatusUnauthorized},
	// Changing a key result (or what hangs on it) that "owner" owns: also
	// its owner.
	"kr-write": {asAdmin: anyOK, asLead: anyOK, asOwner: anyOK, asMember: http.StatusForbidden, asOther: http.StatusNotFound, asAnon: http.StatusUnauthorized},
	// Units, people, periods: admins only.
	"admin-write": {asAdmin: anyOK, asLead: http.StatusForbidden, asOwner: http.StatusForbidden, asMember: http.StatusForbidden, asOther: http.StatusNotFound, asAnon: http.StatusUnauthorized},
	// Creating units, people, periods, or changing the settings: admins,
	// each in their own organisation.
	"admin-own-org": {asAdmin: anyOK, asLead: http.StatusForbidden, asOwner: http.StatusForbidden, asMember: http.StatusForbidden, asOther: anyOK, asAnon: http.StatusUnauthorized},
	// KPIs of the team: admins and the team's lead.
	"kpi-write":  {asAdmin: anyOK, asLead: anyOK, asOwner: http.StatusForbidden, asMember: http.StatusForbidden, asOther: http.StatusNotFound, asAnon: http.StatusUnauthorized},
	"kpi-create": {asAdmin: anyOK, asLead: anyOK, asOwner: http.StatusForbidden, asMember: http.StatusForbidden, asOther: http.StatusUnprocessableEntity, asAnon: http.StatusUnauthorized},
	// Revoking the token of "owner": the owner and admins.
	"token-revoke": {asAdmin: anyOK, asLead: http.StatusForbidden, asOwner: anyOK, asMember: http.StatusForbidden, asOther: http.StatusNotFound, asAnon: http.StatusUnauthorized},
	// Following an object of the organisation: every member for themselves.
	"follow": {asAdmin: anyOK, asLead: anyOK, asOwner: anyOK, asMember: anyOK, asOther: http.StatusNotFound, asAnon: http.StatusUnauthorized},
}

// call is one request of the walk.
type call struct {
	path   string // with ids filled in, without /api/v1
	body   any
	header []string
}

// routeRule says what class a route is in, its success status, and how
// to build a request for a role (fresh objects for writes, so that every
// role meets the same state).
type routeRule struct {
	class string
	ok    int
	call  func(t *testing.T, e *env, role string) call
}

func getCall(path string, args ...any) func(*testing.T, *env, string) call {
	return func(*testing.T, *env, string) call { return call{path: fmt.Sprintf(path, args...)} }
}

func ifMatch(v int64) []string { return []string{"If-Match", fmt.Sprintf(`"v%d"`, v)} }

// routeRules returns the rule of every route, keyed by method and path
// as documented.
func routeRules(e *env) map[string]routeRule {
	read := func(path string, args ...any) routeRule {
		return routeRule{class: "read-one", ok: http.StatusOK, call: getCall(path, args...)}
	}
	list := func(path string, args ...any) routeRule {
		return routeRule{class: "read-own-org", ok: http.StatusOK, call: getCall(path, args...)}
	}
	// versioned builds a write on a fresh object made by fresh.
	versioned := func(class string, status int, path string, fresh func(*testing.T) (int64, int64), body any) routeRule {
		return routeRule{class: class, ok: status, call: func(t *testing.T, e *env, _ string) call {
			id, v := fresh(t)
			return call{path: fmt.Sprintf(path, id), body: body, header: ifMatch(v)}
		}}
	}
	objective := func(t *testing.T) (int64, int64) { o := e.teamObjective(t, "Fresh objective"); return o.ID, o.Version }
	kr := func(t *testing.T) (int64, int64) {
		k := e.ownedKR(t, e.objective.ID, "Fresh KR")
		return k.ID, k.Version
	}
	initiative := func(t *testing.T) (int64, int64) {
		in := must(e.db.CreateInitiative(testCtx, e.sys, okr.Initiative{KeyResultID: e.kr.ID, Title: "Fresh", OwnerPersonID: &e.owner.ID}))(t)
		return in.ID, in.Version
	}
	kpi := func(t *testing.T) (int64, int64) {
		k := must(e.db.CreateKPI(testCtx, e.sys, okr.KPI{Name: "Fresh KPI", Direction: okr.HigherIsBetter, Frequency: okr.Weekly, OwnerUnitID: &e.team.ID}))(t)
		return k.ID, k.Version
	}
	unit := func(t *testing.T) (int64, int64) {
		u := must(e.db.CreateUnit(testCtx, e.sys, okr.Unit{Name: "Fresh unit", Kind: okr.UnitTeam, ParentID: &e.dept.ID}))(t)
		return u.ID, u.Version
	}
	person := func(t *testing.T) (int64, int64) {
		p := e.person(t, e.sys, "Fresh Person", okr.RoleMember, nil)
		return p.ID, p.Version
	}
	period := func(t *testing.T) (int64, int64) {
		// Period names are unique in an organisation: each fresh one has its own.
		p := must(e.db.CreatePeriod(testCtx, e.sys, okr.Period{Name: "Fresh " + random(t), Kind: okr.PeriodCustom, Start: e.period.Start, End: e.period.End}))(t)
		return p.ID, p.Version
	}
	archived := func(fresh func(*testing.T) (int64, int64), archive func(int64, int64) (int64, error)) func(*testing.T) (int64, int64) {
		return func(t *testing.T) (int64, int64) {
			id, v := fresh(t)
			return id, must(archive(id, v))(t)
		}
	}
	version := func(v int64, err error) (int64, error) { return v, err }
	archiveObjective := func(id, v int64) (int64, error) {
		o, err := e.db.ArchiveObjective(testCtx, e.sys, id, v)
		return version(o.Version, err)
	}
	archiveKR := func(id, v int64) (int64, error) {
		k, err := e.db.ArchiveKeyResult(testCtx, e.sys, id, v)
		return version(k.Version, err)
	}
	archiveInitiative := func(id, v int64) (int64, error) {
		in, err := e.db.ArchiveInitiative(testCtx, e.sys, id, v)
		return version(in.Version, err)
	}
	archiveKPI := func(id, v int64) (int64, error) {
		k, err := e.db.ArchiveKPI(testCtx, e.sys, id, v)
		return version(k.Version, err)
	}
	archiveUnit := func(id, v int64) (int64, error) {
		u, err := e.db.ArchiveUnit(testCtx, e.sys, id, v)
		return version(u.Version, err)
	}
	archivePerson := func(id, v int64) (int64, error) {
		p, err := e.db.ArchivePerson(testCtx, e.sys, id, v)
		return version(p.Version, err)
	}
	archivePeriod := func(id, v int64) (int64, error) {
		p, err := e.db.ArchivePeriod(testCtx, e.sys, id, v)
		return version(p.Version, err)
	}
	body := func(class string, status int, path string, b func(t *testing.T, role string) any) routeRule {
		return routeRule{class: class, ok: status, call: func(t *testing.T, _ *env, role string) call {
			return call{path: path, body: b(t, role)}
		}}
	}

	return map[string]routeRule{
		"GET /me":  list("/me"),
		"GET /org": list("/org"),
		"PATCH /org/settings": {class: "admin-own-org", ok: http.StatusOK, call: func(t *testing.T, e *env, role string) call {
			org := e.org
			if role == asOther {
				org = e.otherOrg
			}
			org = must(e.db.GetOrg(testCtx, org.ID))(t)
			return call{path: "/org/settings", body: map[string]any{"max_krs": 6}, header: ifMatch(org.Version)}
		}},

		"GET /units":      list("/units"),
		"GET /units/{id}": read("/units/%d", e.team.ID),
		"POST /units": body("admin-own-org", http.StatusCreated, "/units", func(_ *testing.T, role string) any {
			// The units form one tree: a new unit goes under the company
			// (the other organisation has none yet).
			b := map[string]any{"name": "New team", "kind": "team"}
			if role != "other_org" {
				b["parent_id"] = e.company.ID
			}
			return b
		}),
		"PATCH /units/{id}":        versioned("admin-write", http.StatusOK, "/units/%d", unit, map[string]any{"name": "Renamed"}),
		"POST /units/{id}/archive": versioned("admin-write", http.StatusOK, "/units/%d/archive", unit, nil),
		"POST /units/{id}/restore": versioned("admin-write", http.StatusOK, "/units/%d/restore", archived(unit, archiveUnit), nil),
		"GET /people":              list("/people"),
		"GET /people/{id}":         read("/people/%d", e.owner.ID),
		"POST /people": body("admin-own-org", http.StatusCreated, "/people", func(t *testing.T, _ string) any {
			return map[string]any{"name": "New Person", "email": "new-" + random(t) + "@example.com"}
		}),
		"PATCH /people/{id}":            versioned("admin-write", http.StatusOK, "/people/%d", person, map[string]any{"name": "Renamed Person"}),
		"POST /people/{id}/archive":     versioned("admin-write", http.StatusOK, "/people/%d/archive", person, nil),
		"POST /people/{id}/restore":     versioned("admin-write", http.StatusOK, "/people/%d/restore", archived(person, archivePerson), nil),
		"GET /periods":                  list("/periods"),
		"GET /periods/current":          list("/periods/current"),
		"GET /periods/{id}":             read("/periods/%d", e.period.ID),
		"GET /periods/{id}/calibration": read("/periods/%d/calibration", e.period.ID),
		"GET /progress":                 read("/progress?period_id=%d", e.period.ID),
		"GET /changes":                  list("/changes?from=%s", e.now.AddDate(0, 0, -7).Format("2006-01-02")),
		"GET /export":                   read("/export?period_id=%d&format=csv", e.period.ID),
		"POST /periods": body("admin-own-org", http.StatusCreated, "/periods", func(*testing.T, string) any {
			return map[string]any{"name": "H2", "kind": "custom", "start": "2027-07-01", "end": "2027-12-31"}
		}),
		"PATCH /periods/{id}":        versioned("admin-write", http.StatusOK, "/periods/%d", period, map[string]any{"name": "Renamed"}),
		"POST /periods/{id}/archive": versioned("admin-write", http.StatusOK, "/periods/%d/archive", period, nil),
		"POST /periods/{id}/restore": versioned("admin-write", http.StatusOK, "/periods/%d/restore", archived(period, archivePeriod), nil),

		"GET /objectives":              list("/objectives"),
		"GET /objectives/{id}":         read("/objectives/%d", e.objective.ID),
		"GET /objectives/{id}/explain": read("/objectives/%d/explain", e.objective.ID),
		"POST /objectives": body("objective-create", http.StatusCreated, "/objectives", func(*testing.T, string) any {
			return map[string]any{"period_id": e.period.ID, "title": "Own the inbound funnel", "owner": map[string]any{"unit_id": e.team.ID}}
		}),
		"PATCH /objectives/{id}":           versioned("objective-write", http.StatusOK, "/objectives/%d", objective, map[string]any{"title": "Renamed objective"}),
		"PUT /objectives/{id}/contributes": versioned("objective-write", http.StatusOK, "/objectives/%d/contributes", objective, map[string]any{"contributes": []int64{e.objective.ID}}),
		"POST /objectives/{id}/archive":    versioned("objective-write", http.StatusOK, "/objectives/%d/archive", objective, nil),
		"POST /objectives/{id}/restore":    versioned("objective-write", http.StatusOK, "/objectives/%d/restore", archived(objective, archiveObjective), nil),
		"POST /objectives/{id}/clone": {class: "objective-write", ok: http.StatusCreated, call: func(t *testing.T, e *env, _ string) call {
			id, _ := objective(t)
			return call{path: fmt.Sprintf("/objectives/%d/clone", id), body: map[string]any{"period_id": e.nextPeriod.ID}}
		}},

		"GET /key-results":              list("/key-results"),
		"GET /key-results/{id}":         read("/key-results/%d", e.kr.ID),
		"GET /key-results/{id}/explain": read("/key-results/%d/explain", e.kr.ID),
		"POST /key-results": body("objective-write", http.StatusCreated, "/key-results", func(*testing.T, string) any {
			return map[string]any{"objective_id": e.objective.ID, "title": "50 demo bookings", "metric": map[string]any{"kind": "increase", "start": 0, "target": 50}}
		}),
		"PATCH /key-results/{id}":        versioned("kr-write", http.StatusOK, "/key-results/%d", kr, map[string]any{"title": "Renamed KR"}),
		"POST /key-results/{id}/archive": versioned("kr-write", http.StatusOK, "/key-results/%d/archive", kr, nil),
		"POST /key-results/{id}/restore": versioned("kr-write", http.StatusOK, "/key-results/%d/restore", archived(kr, archiveKR), nil),
		"POST /key-results/{id}/move": {class: "objective-write", ok: http.StatusOK, call: func(t *testing.T, e *env, _ string) call {
			id, v := kr(t)
			to, _ := objective(t)
			return call{path: fmt.Sprintf("/key-results/%d/move", id), body: map[string]any{"objective_id": to}, header: ifMatch(v)}
		}},
		"PUT /key-results/{id}/grade": {class: "kr-write", ok: http.StatusOK, call: func(t *testing.T, e *env, _ string) call {
			id, _ := kr(t)
			return call{path: fmt.Sprintf("/key-results/%d/grade", id), body: map[string]any{"score": 0}}
		}},
		"GET /key-results/{id}/grade": {class: "read-one", ok: http.StatusOK, call: func(t *testing.T, e *env, _ string) call {
			id, _ := kr(t)
			must(e.db.SetGrade(testCtx, e.sys, okr.Grade{KeyResultID: id, Score: 0}, 0))(t)
			return call{path: fmt.Sprintf("/key-results/%d/grade", id)}
		}},
		"GET /target-changes": list("/target-changes?key_result_id=%d", e.kr.ID),
		"GET /grades":         list("/grades"),
		"POST /check-ins": {class: "kr-write", ok: http.StatusCreated, call: func(t *testing.T, e *env, _ string) call {
			return call{path: "/check-ins", body: map[string]any{"check_ins": []map[string]any{{"key_result_id": e.kr.ID, "value": 10, "confidence": "on_track"}}}}
		}},
		"GET /check-ins": list("/check-ins?key_result_id=%d", e.kr.ID),

		"GET /initiatives":      list("/initiatives"),
		"GET /initiatives/{id}": read("/initiatives/%d", e.initiative.ID),
		"POST /initiatives": body("kr-write", http.StatusCreated, "/initiatives", func(*testing.T, string) any {
			return map[string]any{"key_result_id": e.kr.ID, "title": "Write a case study"}
		}),
		"PATCH /initiatives/{id}":        versioned("kr-write", http.StatusOK, "/initiatives/%d", initiative, map[string]any{"status": "in_progress"}),
		"POST /initiatives/{id}/archive": versioned("kr-write", http.StatusOK, "/initiatives/%d/archive", initiative, nil),
		"POST /initiatives/{id}/restore": versioned("kr-write", http.StatusOK, "/initiatives/%d/restore", archived(initiative, archiveInitiative), nil),

		"GET /kpis":             list("/kpis"),
		"GET /kpis/{id}":        read("/kpis/%d", e.kpi.ID),
		"GET /kpis/{id}/values": read("/kpis/%d/values", e.kpi.ID),
		"POST /kpis": body("kpi-create", http.StatusCreated, "/kpis", func(*testing.T, string) any {
			return map[string]any{"name": "Leads", "direction": "higher", "frequency": "weekly", "owner_unit_id": e.team.ID}
		}),
		"PATCH /kpis/{id}":        versioned("kpi-write", http.StatusOK, "/kpis/%d", kpi, map[string]any{"warn": 10}),
		"POST /kpis/{id}/archive": versioned("kpi-write", http.StatusOK, "/kpis/%d/archive", kpi, nil),
		"POST /kpis/{id}/restore": versioned("kpi-write", http.StatusOK, "/kpis/%d/restore", archived(kpi, archiveKPI), nil),
		"POST /kpis/{id}/values": {class: "kpi-write", ok: http.StatusCreated, call: func(t *testing.T, e *env, _ string) call {
			id, _ := kpi(t)
			return call{path: fmt.Sprintf("/kpis/%d/values", id), body: map[string]any{"value": 1200}}
		}},

		"GET /follows": list("/follows"),
		"POST /follows": body("follow", http.StatusNoContent, "/follows", func(*testing.T, string) any {
			return map[string]any{"kind": "objective", "target_id": e.objective.ID}
		}),
		"DELETE /follows/{kind}/{target_id}": {class: "read-own-org", ok: http.StatusNoContent, call: getCall("/follows/objective/%d", e.objective.ID)},
		"GET /audit":                         list("/audit"),
		"GET /tokens":                        list("/tokens"),
		"POST /tokens":                       body("read-own-org", http.StatusCreated, "/tokens", func(*testing.T, string) any { return map[string]any{"name": "script"} }),
		"POST /tokens/{id}/revoke": {class: "token-revoke", ok: http.StatusOK, call: func(t *testing.T, e *env, _ string) call {
			_, tk, err := e.db.CreateToken(testCtx, e.sys, e.owner.ID, "to revoke")
			if err != nil {
				t.Fatal(err)
			}
			return call{path: fmt.Sprintf("/tokens/%d/revoke", tk.ID)}
		}},
		"POST /coach": body("read-own-org", http.StatusOK, "/coach", func(*testing.T, string) any {
			return map[string]any{"title": "Selge mer", "key_results": []map[string]any{{"title": "Jobbe med salg"}}}
		}),
	}
}

// TestAPIRouteByRole walks every route for every role.
func TestAPIRouteByRole(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, "sqlite")
	_, ops := operations(t, e)
	rules := routeRules(e)
	seen := map[string]bool{}
	for _, op := range ops {
		key := op.Method + " " + op.Path
		seen[key] = true
		rule, found := rules[key]
		if !found {
			t.Errorf("%s has no rule: add its route class and request to routeRules", key)
			continue
		}
		class, found := routeClasses[rule.class]
		if !found {
			t.Errorf("%s: unknown class %q", key, rule.class)
			continue
		}
		for _, role := range roles {
			want, found := class[role]
			if !found {
				t.Errorf("class %s has no expectation for %s", rule.class, role)
				continue
			}
			if want == anyOK {
				want = rule.ok
			}
			call := rule.call(t, e, role)
			r := e.do(t, role, op.Method, Prefix+call.path, call.body, call.header...)
			if r.Status != want {
				t.Errorf("%s as %s: %s %s gave %d, want %d: %s", key, role, op.Method, call.path, r.Status, want, r.Body)
				continue
			}
			if r.Status >= 400 {
				var body errorBody
				r.decode(t, &body)
				if body.Code == "" || body.Message == "" {
					t.Errorf("%s as %s: error %s lacks code or message", key, role, r.Body)
				}
			}
		}
	}
	var stale []string
	for key := range rules {
		if !seen[key] {
			stale = append(stale, key)
		}
	}
	sort.Strings(stale)
	for _, key := range stale {
		t.Errorf("rule for %s matches no route of the document", key)
	}
}
