package api

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/pb33f/libopenapi-validator/schema_validation"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/web/api/apitest"
)

// The tests of issue 14's "the document says one thing, the server
// another": each failed on the code before.

// docSchema returns the component schema name of the served document.
func docSchema(t *testing.T, doc map[string]any, name string) map[string]any {
	t.Helper()
	s, _ := at(t, doc, "components.schemas").(map[string]any)[name].(map[string]any)
	if s == nil {
		t.Fatalf("the document has no schema %s", name)
	}
	return s
}

// allowsNull reports whether a property schema of the document admits
// null: type [X, "null"] or oneOf with {type: null}.
func allowsNull(p map[string]any) bool {
	if types, ok := p["type"].([]any); ok && slices.Contains(types, any("null")) {
		return true
	}
	for _, alt := range asList(p["oneOf"]) {
		if m, _ := alt.(map[string]any); m["type"] == "null" {
			return true
		}
	}
	return false
}

func asList(v any) []any { l, _ := v.([]any); return l }

func TestAPIDocumentAllowsTheNullsTheServerSends(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, "sqlite")
	doc, _ := operations(t, e)
	for _, c := range []struct{ schema, prop string }{
		{"KeyResult", "grade"}, {"KeyResult", "confidence"}, {"KeyResult", "verdict"},
		{"Objective", "verdict"}, {"CheckIn", "on_behalf_of"}, {"Audit", "actor_id"},
	} {
		p, _ := at(t, docSchema(t, doc, c.schema), "properties").(map[string]any)[c.prop].(map[string]any)
		if !allowsNull(p) {
			t.Errorf("%s.%s = %v, want a schema that allows null", c.schema, c.prop, p)
		}
		if enum := asList(p["enum"]); len(enum) > 0 && !slices.Contains(enum, nil) {
			t.Errorf("%s.%s: enum %v lacks null, so null fails it", c.schema, c.prop, enum)
		}
	}
	// What a typed client reads: an ungraded key result has grade null,
	// a key result without check-ins confidence null.
	kr := e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/key-results/%d", e.kr.ID), nil).want(t, http.StatusOK).object(t)
	if kr["grade"] != nil || kr["confidence"] != nil {
		t.Errorf("grade, confidence = %v, %v; want null, null", kr["grade"], kr["confidence"])
	}
}

func TestAPIIfMatchIsRequiredWhereTheServerRequiresIt(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, "sqlite")
	_, ops := operations(t, e)
	n := 0
	for _, op := range ops {
		for _, p := range asList(op.Doc["parameters"]) {
			p := p.(map[string]any)
			if p["in"] != "header" || p["name"] != "If-Match" {
				continue
			}
			n++
			required, _ := p["required"].(bool)
			if want := op.Doc["operationId"] != "grade-key-result"; required != want {
				t.Errorf("%s %s: If-Match required = %v, want %v", op.Method, op.Path, required, want)
			}
			if at(t, op.Doc, "responses.428") == nil {
				t.Errorf("%s %s: 428 is not declared", op.Method, op.Path)
			}
		}
	}
	if n < 25 {
		t.Errorf("%d operations take If-Match, want 25 or more", n)
	}
	// The server does refuse them without it.
	e.do(t, asAdmin, http.MethodPatch, fmt.Sprintf("/api/v1/objectives/%d", e.objective.ID), map[string]any{"title": "New"}).
		wantError(t, http.StatusPreconditionRequired, codePreconditionRequired, "")
	e.do(t, asAdmin, http.MethodPost, fmt.Sprintf("/api/v1/kpis/%d/archive", e.kpi.ID), nil).
		wantError(t, http.StatusPreconditionRequired, codePreconditionRequired, "")
}

func TestAPIDeclaresEveryStatusItAnswers(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, "sqlite")
	_, ops := operations(t, e)
	for _, op := range ops {
		want := []string{"400", "401", "404", "503"}
		if op.Doc["requestBody"] != nil {
			want = append(want, "413", "415", "422")
		}
		for _, status := range want {
			if at(t, op.Doc, "responses").(map[string]any)[status] == nil {
				t.Errorf("%s %s: status %s is not declared", op.Method, op.Path, status)
			}
		}
	}
	// The contract test checks each of these answers against the
	// document: declared, application/problem+json, the Error schema.
	big := `{"title": "` + strings.Repeat("x", 1<<20) + `"}`
	e.do(t, asAdmin, http.MethodPost, "/api/v1/objectives", big).wantError(t, http.StatusRequestEntityTooLarge, codeTooLarge, "")
	e.do(t, asAdmin, http.MethodPost, "/api/v1/objectives", `title=x`, "Content-Type", "application/x-www-form-urlencoded").
		wantError(t, http.StatusUnsupportedMediaType, codeUnsupportedMedia, "")
	r := e.do(t, asAdmin, http.MethodDelete, "/api/v1/objectives", nil)
	r.wantError(t, http.StatusMethodNotAllowed, codeMethodNotAllowed, "")
	if r.Header.Get("Allow") == "" {
		t.Error("405 without Allow")
	}
	if d, _ := at(t, e.doc(t), "info.description").(string); !strings.Contains(d, "405") {
		t.Errorf("the document's description does not say when 405 comes: %s", d)
	}
}

// objectiveOf is a published objective of the unit in the current period.
func objectiveOf(e *env, unit int64, title string) okr.Objective {
	return okr.Objective{PeriodID: e.period.ID, Title: title, Owner: okr.Owner{UnitID: &unit}, State: okr.StatePublished}
}

// doc returns the served document.
func (e *env) doc(t *testing.T) map[string]any {
	t.Helper()
	return e.do(t, asAnon, http.MethodGet, "/api/v1/openapi.json", nil).want(t, http.StatusOK).object(t)
}

func TestAPIListParametersTakeRepeatedValues(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		deptObjective := must(e.db.CreateObjective(testCtx, e.sys, objectiveOf(e, e.dept.ID, "Grow the sales team")))(t)
		want := []int64{e.objective.ID, deptObjective.ID}
		slices.Sort(want)
		ids := func(r *response) []int64 {
			var l struct{ Items []struct{ ID int64 } }
			r.want(t, http.StatusOK).decode(t, &l)
			var out []int64
			for _, o := range l.Items {
				out = append(out, o.ID)
			}
			slices.Sort(out)
			return out
		}
		repeated := fmt.Sprintf("/api/v1/objectives?owner_unit_id=%d&owner_unit_id=%d", e.team.ID, e.dept.ID)
		if got := ids(e.do(t, asMember, http.MethodGet, repeated, nil)); !slices.Equal(got, want) {
			t.Errorf("repeated: objectives %v, want %v", got, want)
		}
		// The comma form stays for existing clients; it is not the
		// document's form, so it goes around the contract check.
		comma := fmt.Sprintf("/api/v1/objectives?owner_unit_id=%d,%d", e.team.ID, e.dept.ID)
		if got := ids(e.doRaw(t, asMember, http.MethodGet, comma)); !slices.Equal(got, want) {
			t.Errorf("comma-separated: objectives %v, want %v", got, want)
		}
		var history struct{ Items []struct{ KeyResultID int64 } }
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/check-ins?key_result_id=%d&key_result_id=%d", e.kr.ID, e.kr.ID+1000), nil).
			want(t, http.StatusOK).decode(t, &history)
	})
}

func TestAPIAuditListsEveryObjectType(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		e.do(t, asAdmin, http.MethodPost, "/api/v1/tokens", map[string]any{"name": "CI"}).want(t, http.StatusCreated)
		var page struct {
			Items []struct {
				ObjectType string `json:"object_type"`
			}
		}
		e.do(t, asAdmin, http.MethodGet, "/api/v1/audit?object_type=token", nil).want(t, http.StatusOK).decode(t, &page)
		if len(page.Items) == 0 || page.Items[0].ObjectType != "token" {
			t.Errorf("audit of tokens = %+v, want the token just created", page.Items)
		}
		for _, typ := range audit.ObjectTypes() {
			e.do(t, asMember, http.MethodGet, "/api/v1/audit?object_type="+typ, nil).want(t, http.StatusOK)
		}
		doc := e.doc(t)
		var enum []any
		for _, p := range asList(at(t, doc, "paths./audit.get.parameters")) {
			if p := p.(map[string]any); p["name"] == "object_type" {
				enum = asList(at(t, p, "schema.enum"))
			}
		}
		for _, typ := range audit.ObjectTypes() {
			if !slices.Contains(enum, any(typ)) {
				t.Errorf("object_type's enum %v lacks %q", enum, typ)
			}
		}
	})
}

func TestAPIPatchNullClearsOnlyNullableFields(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		path := fmt.Sprintf("/api/v1/objectives/%d", e.objective.ID)
		tag := e.do(t, asAdmin, http.MethodGet, path, nil).want(t, http.StatusOK).etag(t)
		for field, body := range map[string]string{
			"title":  `{"title": null}`,
			"weight": `{"weight": null, "description": "kept?"}`,
			"owner":  `{"owner": null}`,
		} {
			got := e.do(t, asAdmin, http.MethodPatch, path, body, "If-Match", tag).wantError(t, http.StatusUnprocessableEntity, okrInvalid, field)
			if got.Errors[0].Code != codeNotNullable {
				t.Errorf("%s: code %q, want %q", body, got.Errors[0].Code, codeNotNullable)
			}
		}
		e.do(t, asAdmin, http.MethodPatch, fmt.Sprintf("/api/v1/key-results/%d", e.kr.ID), `{"metric": {"target": null}}`, "If-Match", `*`).
			wantError(t, http.StatusUnprocessableEntity, okrInvalid, "metric.target")
		// Nothing was written: the ETag is the one read.
		if now := e.do(t, asAdmin, http.MethodGet, path, nil).etag(t); now != tag {
			t.Errorf("ETag %s after refused PATCHes, want %s", now, tag)
		}
		// On a nullable field null clears it.
		parent := must(e.db.CreateObjective(testCtx, e.sys, objectiveOf(e, e.dept.ID, "Grow sales")))(t)
		tag = e.do(t, asAdmin, http.MethodPatch, path, map[string]any{"parent_id": parent.ID}, "If-Match", tag).want(t, http.StatusOK).etag(t)
		o := e.do(t, asAdmin, http.MethodPatch, path, `{"parent_id": null}`, "If-Match", tag).want(t, http.StatusOK).object(t)
		if o["parent_id"] != nil {
			t.Errorf("parent_id = %v after null, want null", o["parent_id"])
		}
	})
}

const okrInvalid = "invalid"

func TestAPINoOpPatchKeepsTheVersion(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		for path, body := range map[string]map[string]any{
			fmt.Sprintf("/api/v1/objectives/%d", e.objective.ID):   {"title": e.objective.Title},
			fmt.Sprintf("/api/v1/key-results/%d", e.kr.ID):         {"title": e.kr.Title, "weight": e.kr.Weight},
			fmt.Sprintf("/api/v1/initiatives/%d", e.initiative.ID): {"title": e.initiative.Title},
			fmt.Sprintf("/api/v1/kpis/%d", e.kpi.ID):               {"name": e.kpi.Name},
			fmt.Sprintf("/api/v1/units/%d", e.team.ID):             {"name": e.team.Name},
			fmt.Sprintf("/api/v1/people/%d", e.owner.ID):           {"name": e.owner.Name},
			fmt.Sprintf("/api/v1/periods/%d", e.period.ID):         {"name": e.period.Name},
			"/api/v1/org/settings":                                 {},
		} {
			get := path
			if path == "/api/v1/org/settings" {
				get = "/api/v1/org"
			}
			before := e.do(t, asAdmin, http.MethodGet, get, nil).want(t, http.StatusOK)
			tag := before.etag(t)
			after := e.do(t, asAdmin, http.MethodPatch, path, body, "If-Match", tag).want(t, http.StatusOK)
			if got := after.etag(t); got != tag {
				t.Errorf("PATCH %s %v: ETag %s, want %s (nothing changed)", path, body, got, tag)
			}
			if v, w := after.object(t)["version"], before.object(t)["version"]; v != w {
				t.Errorf("PATCH %s %v: version %v, want %v", path, body, v, w)
			}
		}
		// A caller who may not change the object is refused all the same.
		e.do(t, asMember, http.MethodPatch, fmt.Sprintf("/api/v1/units/%d", e.team.ID), map[string]any{"name": e.team.Name}, "If-Match", "*").
			wantError(t, http.StatusForbidden, "forbidden", "")
		// A real change still bumps it.
		r := e.do(t, asAdmin, http.MethodPatch, fmt.Sprintf("/api/v1/objectives/%d", e.objective.ID), map[string]any{"title": "Own the inbound market"}, "If-Match", "*").
			want(t, http.StatusOK)
		if v := num(t, r.object(t), "version"); v != float64(e.objective.Version+1) {
			t.Errorf("version after a change = %v, want %d", v, e.objective.Version+1)
		}
	})
}

func TestAPITokensArePaged(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		e.do(t, asOwner, http.MethodPost, "/api/v1/tokens", map[string]any{"name": "second"}).want(t, http.StatusCreated)
		var l struct {
			Items                []struct{ ID int64 }
			Total, Limit, Offset int
		}
		e.do(t, asOwner, http.MethodGet, "/api/v1/tokens?limit=1", nil).want(t, http.StatusOK).decode(t, &l)
		if len(l.Items) != 1 || l.Total != 2 || l.Limit != 1 {
			t.Errorf("limit=1: %d items, total %d, limit %d; want 1, 2, 1", len(l.Items), l.Total, l.Limit)
		}
		e.do(t, asOwner, http.MethodGet, "/api/v1/tokens?limit=1&offset=1", nil).want(t, http.StatusOK).decode(t, &l)
		if len(l.Items) != 1 || l.Offset != 1 {
			t.Errorf("offset=1: %d items, offset %d; want 1, 1", len(l.Items), l.Offset)
		}
	})
}

// TestAPIDocumentNamesNoInternals fails when a description names a Go
// identifier of this package that clients never see (apiCaller,
// callerOf, objectiveOut, …).
func TestAPIDocumentNamesNoInternals(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, "sqlite")
	text := string(e.do(t, asAnon, http.MethodGet, "/api/v1/openapi.json", nil).want(t, http.StatusOK).Body)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Obj != nil && internalName(id.Name) {
				names[id.Name] = true
			}
			if d, ok := n.(*ast.FuncDecl); ok && internalName(d.Name.Name) {
				names[d.Name.Name] = true
			}
			return true
		})
	}
	if len(names) < 50 {
		t.Fatalf("found %d internal names, the parser found too few", len(names))
	}
	for name := range names {
		if regexp.MustCompile(`\b` + name + `\b`).MatchString(text) {
			t.Errorf("the document names the internal identifier %q", name)
		}
	}
}

// internalName reports whether name is an unexported camel-case Go name
// (a lower-case letter first, an upper-case one later): never a word of
// the wire, whose names are snake_case.
func internalName(name string) bool {
	if name == "" || !unicode.IsLower(rune(name[0])) {
		return false
	}
	return strings.ContainsFunc(name, unicode.IsUpper)
}

func TestAPIRequestExamples(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		_, ops := operations(t, e)
		ids := map[string]int64{"period_id": e.period.ID, "unit_id": e.team.ID, "owner_unit_id": e.team.ID, "objective_id": e.objective.ID,
			"key_result_id": e.kr.ID, "person_id": e.owner.ID, "owner_person_id": e.owner.ID, "kpi_id": e.kpi.ID}
		pathIDs := map[string]int64{"update-objective": e.objective.ID, "update-key-result": e.kr.ID, "grade-key-result": e.kr.ID, "add-kpi-value": e.kpi.ID}
		seen := 0
		for _, op := range ops {
			id, _ := op.Doc["operationId"].(string)
			var examples map[string]any
			if op.Doc["requestBody"] != nil {
				examples, _ = at(t, op.Doc, "requestBody.content.application/json").(map[string]any)["examples"].(map[string]any)
			}
			if requestExamples[id] != nil && len(examples) == 0 {
				t.Errorf("%s: no request examples", id)
			}
			for name, ex := range examples {
				seen++
				value := at(t, ex, "value")
				b := must(json.Marshal(value))(t)
				schema := theContract.Model().Paths.PathItems.GetOrZero(op.Path).GetOperations().GetOrZero(strings.ToLower(op.Method)).
					RequestBody.Content.GetOrZero("application/json").Schema.Schema()
				if ok, errs := schema_validation.NewSchemaValidator().ValidateSchemaBytes(schema, b); !ok {
					t.Errorf("%s example %q does not match its schema:\n%s", id, name, apitest.Describe(errs))
				}
				// Sent with the ids of this organisation, it works.
				var body any
				if err := json.Unmarshal(b, &body); err != nil {
					t.Fatal(err)
				}
				withIDs(body, ids, e.dept.ID)
				path := strings.ReplaceAll(op.Path, "{id}", fmt.Sprint(pathIDs[id]))
				header := []string{"If-Match", "*"}
				if id == "grade-key-result" {
					header = []string{"If-None-Match", "*"} // the first grade
				}
				r := e.do(t, asAdmin, op.Method, "/api/v1"+path, body, header...)
				if r.Status >= 300 {
					t.Errorf("%s example %q: %d %s", id, name, r.Status, r.Body)
				}
			}
		}
		if seen < 15 {
			t.Errorf("%d request examples, want the main operations' (15 or more)", seen)
		}
	})
}

// withIDs puts the ids of the test organisation into an example body: a
// unit's parent is the department.
func withIDs(v any, ids map[string]int64, parentUnit int64) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if id, ok := ids[k]; ok && x != nil {
				v[k] = id
			} else if k == "parent_id" && x != nil {
				v[k] = parentUnit
			} else {
				withIDs(x, ids, parentUnit)
			}
		}
	case []any:
		for _, x := range v {
			withIDs(x, ids, parentUnit)
		}
	}
}
