package api

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

func TestAPIObjectiveLifecycle(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		r := e.do(t, asLead, http.MethodPost, "/api/v1/objectives", map[string]any{"period_id": e.period.ID,
			"title": "Become the team customers name first", "owner": map[string]any{"unit_id": e.team.ID}}).want(t, http.StatusCreated)
		var o objectiveOut
		r.decode(t, &o)
		if want := fmt.Sprintf("/api/v1/objectives/%d", o.ID); r.Header.Get("Location") != want {
			t.Errorf("Location = %q, want %q", r.Header.Get("Location"), want)
		}
		if tag := r.etag(t); tag != `"v1"` || o.Version != 1 {
			t.Errorf("ETag %s, version %d; want \"v1\" and 1", tag, o.Version)
		}
		if o.State != "draft" || o.Level != "team" || o.Weight != 1 || o.Progress != nil || o.Rollup != nil || len(o.KeyResults) != 0 {
			t.Errorf("new objective = %+v, want a draft team objective without figures", o)
		}
		path := fmt.Sprintf("/api/v1/objectives/%d", o.ID)
		if tag := e.do(t, asMember, http.MethodGet, path, nil).want(t, http.StatusOK).etag(t); tag != `"v1"` {
			t.Errorf("GET ETag = %s, want \"v1\"", tag)
		}

		patch := map[string]any{"state": "published", "description": "Customers say our name first."}
		e.do(t, asLead, http.MethodPatch, path, patch).wantError(t, http.StatusPreconditionRequired, "precondition_required", "If-Match")
		e.do(t, asLead, http.MethodPatch, path, patch, "If-Match", `"v1`).wantError(t, http.StatusBadRequest, "bad_request", "If-Match")
		e.do(t, asLead, http.MethodPatch, path, patch, "If-Match", `W/"v1"`).wantError(t, http.StatusPreconditionFailed, "stale", "")
		e.do(t, asLead, http.MethodPatch, path, patch, "If-Match", `"v7"`).wantError(t, http.StatusPreconditionFailed, "stale", "")
		r = e.do(t, asLead, http.MethodPatch, path, patch, "If-Match", `"v1"`).want(t, http.StatusOK)
		r.decode(t, &o)
		if r.etag(t) != `"v2"` || o.Version != 2 || o.State != "published" || o.Title != "Become the team customers name first" {
			t.Errorf("after PATCH: %+v, want version 2, published, title kept", o)
		}
		// Someone who read version 1 loses the race instead of overwriting.
		e.do(t, asAdmin, http.MethodPatch, path, map[string]any{"title": "Mine"}, "If-Match", `"v1"`).wantError(t, http.StatusPreconditionFailed, "stale", "")
		// A state change the domain forbids names the field.
		e.do(t, asLead, http.MethodPatch, path, map[string]any{"state": "bogus"}, "If-Match", `"v2"`).wantError(t, http.StatusUnprocessableEntity, "invalid", "state")

		// The parent is set and cleared with null; a cycle is refused.
		r = e.do(t, asLead, http.MethodPatch, path, map[string]any{"parent_id": e.objective.ID}, "If-Match", `"v2"`).want(t, http.StatusOK)
		r.decode(t, &o)
		if o.ParentID == nil || *o.ParentID != e.objective.ID {
			t.Fatalf("parent_id = %v, want %d", o.ParentID, e.objective.ID)
		}
		e.do(t, asAdmin, http.MethodPatch, fmt.Sprintf("/api/v1/objectives/%d", e.objective.ID), map[string]any{"parent_id": o.ID},
			"If-Match", `"v1"`).wantError(t, http.StatusUnprocessableEntity, "invalid", "parent_id")
		r = e.do(t, asLead, http.MethodPatch, path, map[string]any{"parent_id": nil}, "If-Match", `"v3"`).want(t, http.StatusOK)
		r.decode(t, &o)
		if o.ParentID != nil || o.Version != 4 {
			t.Fatalf("after clearing the parent: parent_id %v, version %d; want null and 4", o.ParentID, o.Version)
		}

		// Contributes-to links.
		r = e.do(t, asLead, http.MethodPut, path+"/contributes", map[string]any{"contributes": []int64{e.objective.ID}}, "If-Match", `"v4"`).want(t, http.StatusOK)
		r.decode(t, &o)
		if len(o.Contributes) != 1 || o.Contributes[0] != e.objective.ID || o.Version != 5 {
			t.Errorf("contributes = %v (version %d), want [%d] at version 5", o.Contributes, o.Version, e.objective.ID)
		}

		// Archive and restore; nothing is destroyed.
		e.do(t, asLead, http.MethodPost, path+"/archive", nil).wantError(t, http.StatusPreconditionRequired, "precondition_required", "If-Match")
		r = e.do(t, asLead, http.MethodPost, path+"/archive", nil, "If-Match", `"v5"`).want(t, http.StatusOK)
		r.decode(t, &o)
		if !o.Archived || r.etag(t) != `"v6"` {
			t.Errorf("after archive: archived %v, ETag %s; want true and \"v6\"", o.Archived, r.etag(t))
		}
		if ids := listIDs(t, e, asMember, "/api/v1/objectives"); contains(ids, o.ID) {
			t.Errorf("archived objective %d still listed: %v", o.ID, ids)
		}
		if ids := listIDs(t, e, asMember, "/api/v1/objectives?include_archived=true"); !contains(ids, o.ID) {
			t.Errorf("include_archived does not list %d: %v", o.ID, ids)
		}
		e.do(t, asMember, http.MethodGet, path, nil).want(t, http.StatusOK)
		r = e.do(t, asLead, http.MethodPost, path+"/restore", nil, "If-Match", `"v6"`).want(t, http.StatusOK)
		r.decode(t, &o)
		if o.Archived || o.Version != 7 {
			t.Errorf("after restore: archived %v, version %d; want false and 7", o.Archived, o.Version)
		}

		// Clone into the next period: a draft copy with the key results.
		e.ownedKR(t, o.ID, "Be named first by 40 % of customers")
		r = e.do(t, asLead, http.MethodPost, path+"/clone", map[string]any{"period_id": e.nextPeriod.ID}).want(t, http.StatusCreated)
		var c objectiveOut
		r.decode(t, &c)
		if c.ID == o.ID || c.PeriodID != e.nextPeriod.ID || c.State != "draft" || len(c.KeyResults) != 1 || c.KeyResults[0].Current != nil {
			t.Errorf("clone = %+v, want a draft in the next period with one fresh KR", c)
		}
		if r.Header.Get("Location") != fmt.Sprintf("/api/v1/objectives/%d", c.ID) {
			t.Errorf("clone Location = %q", r.Header.Get("Location"))
		}
	})
}

// TestAPIObjectiveOwners covers creating for oneself (the default owner),
// lifting an objective to the unit above, and levels.
func TestAPIObjectiveOwners(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		var o objectiveOut
		e.do(t, asMember, http.MethodPost, "/api/v1/objectives", map[string]any{"period_id": e.period.ID, "title": "Learn the product by heart"}).
			want(t, http.StatusCreated).decode(t, &o)
		if o.Owner.PersonID == nil || *o.Owner.PersonID != e.mem.ID || o.Level != "individual" {
			t.Errorf("owner %+v level %s, want the member and individual", o.Owner, o.Level)
		}
		team := e.teamObjective(t, "Answer every lead within a day")
		path := fmt.Sprintf("/api/v1/objectives/%d", team.ID)
		// The team's lead may not lift it to the department, which they do not lead.
		e.do(t, asLead, http.MethodPatch, path, map[string]any{"owner": map[string]any{"unit_id": e.dept.ID}}, "If-Match", `"v1"`).
			wantError(t, http.StatusForbidden, "forbidden", "")
		e.do(t, asAdmin, http.MethodPatch, path, map[string]any{"owner": map[string]any{"unit_id": e.dept.ID}}, "If-Match", `"v1"`).
			want(t, http.StatusOK).decode(t, &o)
		if o.Level != "department" || o.Owner.UnitID == nil || *o.Owner.UnitID != e.dept.ID || o.Owner.PersonID != nil {
			t.Errorf("after lifting: owner %+v level %s, want Sales and department", o.Owner, o.Level)
		}
		e.do(t, asAdmin, http.MethodPatch, path, map[string]any{"owner": map[string]any{"unit_id": e.company.ID}}, "If-Match", `"v2"`).
			want(t, http.StatusOK).decode(t, &o)
		if o.Level != "company" {
			t.Errorf("level = %s, want company", o.Level)
		}
	})
}

func TestAPIObjectiveListFiltersAndPages(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		a := e.teamObjective(t, "Alpha: delight inbound callers")
		b := e.teamObjective(t, "Beta: shorten the sales cycle")
		child := must(e.db.CreateObjective(testCtx, e.sys, okr.Objective{PeriodID: e.period.ID, Title: "Gamma: answer faster",
			Owner: okr.Owner{PersonID: &e.owner.ID}, ParentID: &a.ID}))(t)
		draft := must(e.db.CreateObjective(testCtx, e.sys, okr.Objective{PeriodID: e.nextPeriod.ID, Title: "Delta: plan next quarter",
			Owner: okr.Owner{UnitID: &e.dept.ID}}))(t)
		all := []int64{e.objective.ID, a.ID, b.ID, child.ID, draft.ID}

		var page list[objectiveOut]
		e.do(t, asMember, http.MethodGet, "/api/v1/objectives?limit=2&offset=1", nil).want(t, http.StatusOK).decode(t, &page)
		if page.Total != 5 || page.Limit != 2 || page.Offset != 1 || len(page.Items) != 2 || page.Items[0].ID != all[1] || page.Items[1].ID != all[2] {
			t.Errorf("page = total %d limit %d offset %d items %v; want 5, 2, 1 and %v", page.Total, page.Limit, page.Offset, iDs(page.Items), all[1:3])
		}
		e.do(t, asMember, http.MethodGet, "/api/v1/objectives?offset=10", nil).want(t, http.StatusOK).decode(t, &page)
		if page.Total != 5 || len(page.Items) != 0 {
			t.Errorf("past the end: total %d, %d items; want 5 and none", page.Total, len(page.Items))
		}
		for _, tc := range []struct {
			query string
			want  []int64
		}{
			{fmt.Sprintf("period_id=%d", e.nextPeriod.ID), []int64{draft.ID}},
			{fmt.Sprintf("owner_person_id=%d", e.owner.ID), []int64{child.ID}},
			{fmt.Sprintf("owner_unit_id=%d&owner_unit_id=%d", e.dept.ID, e.company.ID), []int64{draft.ID}},
			{fmt.Sprintf("owner_unit_id=%d&owner_person_id=%d", e.dept.ID, e.owner.ID), []int64{child.ID, draft.ID}},
			{fmt.Sprintf("parent_id=%d", a.ID), []int64{child.ID}},
			{"state=draft", []int64{child.ID, draft.ID}},
			{"q=SALES", []int64{b.ID}},
			{"q=" + "100%25", nil},
		} {
			if got := listIDs(t, e, asMember, "/api/v1/objectives?"+tc.query); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("%s: got %v, want %v", tc.query, got, tc.want)
			}
		}
		// The child rolls up into its parent, separately from the parent's own KRs.
		var parent objectiveOut
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/objectives/%d", a.ID), nil).want(t, http.StatusOK).decode(t, &parent)
		if parent.Rollup != nil {
			t.Errorf("rollup = %v before the child has key results, want null", *parent.Rollup)
		}
	})
}

// TestAPIListCostsConstantQueries checks that listing objectives with
// their key results and figures runs the same number of statements for 2
// and for 12 objectives, and without their key results no more.
func TestAPIListCostsConstantQueries(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, "sqlite")
	count := func() int64 {
		ctx, counter := store.WithQueryCounter(testCtx)
		e.doCtx(t, ctx, asMember, http.MethodGet, "/api/v1/objectives?include=key_results", nil).want(t, http.StatusOK)
		return counter.Count()
	}
	parent := e.teamObjective(t, "Parent")
	for i := 0; i < 2; i++ {
		e.ownedKR(t, parent.ID, fmt.Sprintf("KR %d", i))
	}
	count() // the first request of a token records its use
	small := count()
	for i := 0; i < 10; i++ {
		o := must(e.db.CreateObjective(testCtx, e.sys, okr.Objective{PeriodID: e.period.ID, Title: fmt.Sprintf("Child %d", i),
			Owner: okr.Owner{PersonID: &e.owner.ID}, ParentID: &parent.ID}))(t)
		e.ownedKR(t, o.ID, "Its KR")
		e.ownedKR(t, o.ID, "Its other KR")
	}
	count() // the grades of new objectives' key results are cached from here on (view.Model.AddGrades)
	if big := count(); big != small {
		t.Errorf("listing 13 objectives ran %d statements, listing 3 ran %d: want the same", big, small)
	}
	ctx, counter := store.WithQueryCounter(testCtx)
	e.doCtx(t, ctx, asMember, http.MethodGet, "/api/v1/objectives", nil).want(t, http.StatusOK)
	if lean := counter.Count(); lean > small {
		t.Errorf("listing 13 objectives without key results ran %d statements, with them %d: want no more", lean, small)
	}
}

func listIDs(t *testing.T, e *env, role, path string) []int64 {
	t.Helper()
	var page struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	e.do(t, role, http.MethodGet, path, nil).want(t, http.StatusOK).decode(t, &page)
	var out []int64
	for _, it := range page.Items {
		out = append(out, it.ID)
	}
	return out
}

func iDs(items []objectiveOut) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

func contains(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// TestAPIObjectiveListIsLeanByDefault checks that a list of objectives
// carries each objective's figures and the number of its key results but
// not the key results themselves unless asked for with include=key_results,
// and that both give the same figures as the objective alone, which always
// has its key results; and that the API document says how to ask.
func TestAPIObjectiveListIsLeanByDefault(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		o := e.teamObjective(t, "Answer every caller")
		kr := e.ownedKR(t, o.ID, "Calls answered")
		e.ownedKR(t, o.ID, "Callers satisfied")
		must(e.db.CreateCheckIns(testCtx, e.sys, []okr.CheckIn{{KeyResultID: kr.ID, Value: 40, Confidence: okr.OnTrack}}))(t)

		query := fmt.Sprintf("/api/v1/objectives?owner_unit_id=%d", e.team.ID)
		items := func(path string) map[string]any {
			t.Helper()
			for _, it := range at(t, e.do(t, asMember, http.MethodGet, path, nil).want(t, http.StatusOK).object(t), "items").([]any) {
				if item := it.(map[string]any); item["id"] == float64(o.ID) {
					return item
				}
			}
			t.Fatalf("%s: objective %d not listed", path, o.ID)
			return nil
		}
		lean, full := items(query), items(query+"&include=key_results")
		single := e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/objectives/%d", o.ID), nil).want(t, http.StatusOK).object(t)

		if _, ok := lean["key_results"]; ok {
			t.Errorf("the default list carries key_results: %v", lean["key_results"])
		}
		for name, item := range map[string]map[string]any{"list": lean, "list with include=key_results": full, "objective": single} {
			if item["key_result_count"] != float64(2) {
				t.Errorf("%s: key_result_count = %v, want 2", name, item["key_result_count"])
			}
			if item["progress"] != float64(20) || item["status"] == nil {
				t.Errorf("%s: progress %v, status %v; want 20 and a status", name, item["progress"], item["status"])
			}
		}
		krs, ok := full["key_results"].([]any)
		if !ok || len(krs) != 2 || at(t, krs[0], "id") != float64(kr.ID) || at(t, krs[0], "current") != float64(40) {
			t.Fatalf("include=key_results: key_results = %v, want both, the first at 40", full["key_results"])
		}
		// The same figures and key results as the objective alone.
		if !reflect.DeepEqual(full, single) {
			t.Errorf("with include=key_results the item differs from GET of the objective:\n%v\n%v", full, single)
		}
		delete(full, "key_results")
		if !reflect.DeepEqual(lean, full) {
			t.Errorf("the lean item's figures differ from the full item's:\n%v\n%v", lean, full)
		}
		// An objective without key results keeps an empty list when got alone.
		bare := e.teamObjective(t, "Nothing measured yet")
		if got := e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/objectives/%d", bare.ID), nil).want(t, http.StatusOK).object(t); fmt.Sprint(got["key_results"]) != "[]" {
			t.Errorf("an objective without key results: key_results = %v, want []", got["key_results"])
		}
		e.do(t, asMember, http.MethodGet, query+"&include=everything", nil).wantError(t, http.StatusUnprocessableEntity, "invalid", "include[0]")

		// The API document says how to ask for the key results.
		_, ops := operations(t, e)
		for _, op := range ops {
			if op.Method != http.MethodGet || op.Path != "/objectives" {
				continue
			}
			var param map[string]any
			for _, p := range op.Doc["parameters"].([]any) {
				if p := p.(map[string]any); p["name"] == "include" {
					param = p
				}
			}
			if param == nil || !strings.Contains(fmt.Sprint(param["description"]), "key_results") ||
				!strings.Contains(fmt.Sprint(op.Doc["description"]), "include=key_results") {
				t.Errorf("list-objectives documents include as %v in %q; want a parameter and a description that name key_results", param, op.Doc["description"])
			}
			return
		}
		t.Error("the document has no GET /objectives")
	})
}

// TestAPIReadsTheStateStampWithTheToken checks that a GET takes the
// organisation's state stamp from the statement that reads the token (one
// statement for an objective whose answer is kept: answers.go) and that
// the stamp still moves: a unit made a department shows at once in its
// objective's level.
func TestAPIReadsTheStateStampWithTheToken(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, "sqlite")
	o := e.teamObjective(t, "Stamped")
	e.ownedKR(t, o.ID, "Its KR")
	path := fmt.Sprintf("/api/v1/objectives/%d", o.ID)
	get := func() (objectiveOut, int64) {
		ctx, counter := store.WithQueryCounter(testCtx)
		var out objectiveOut
		e.doCtx(t, ctx, asMember, http.MethodGet, path, nil).want(t, http.StatusOK).decode(t, &out)
		return out, counter.Count()
	}
	get() // the first request of a token records its use and fills the caches
	if out, n := get(); n != 1 || out.Level != "team" {
		t.Errorf("GET %s: %d statements, level %q; want 1 and team", path, n, out.Level)
	}
	team := e.team
	team.Kind = okr.UnitDepartment
	must(e.db.UpdateUnit(testCtx, e.sys, team))(t)
	if out, _ := get(); out.Level != "department" {
		t.Errorf("after the unit became a department the objective's level is %q", out.Level)
	}
}
