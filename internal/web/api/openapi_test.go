package api

import (
	"net/http"
	"sort"
	"strings"
	"testing"
)

// operation is one operation of the OpenAPI document.
type operation struct {
	Method, Path string // Path as documented, e.g. /objectives/{id}
	Doc          map[string]any
}

// operations fetches /api/v1/openapi.json (no token needed) and returns
// its operations, sorted: the router's own route table.
func operations(t *testing.T, e *env) (map[string]any, []operation) {
	t.Helper()
	doc := e.do(t, asAnon, http.MethodGet, "/api/v1/openapi.json", nil).want(t, http.StatusOK).object(t)
	var ops []operation
	paths, _ := doc["paths"].(map[string]any)
	for path, item := range paths {
		for method, op := range item.(map[string]any) {
			m := strings.ToUpper(method)
			switch m {
			case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
				ops = append(ops, operation{Method: m, Path: path, Doc: op.(map[string]any)})
			}
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].Path != ops[j].Path {
			return ops[i].Path < ops[j].Path
		}
		return ops[i].Method < ops[j].Method
	})
	return doc, ops
}

// TestAPIOpenAPIDocumentsEveryOperation checks the generated document:
// OpenAPI 3.1, the bearer scheme, and for every operation an id, a
// summary, the bearer requirement and the one error shape.
func TestAPIOpenAPIDocumentsEveryOperation(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, "sqlite")
	doc, ops := operations(t, e)
	if v := doc["openapi"]; v != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", v)
	}
	if got := at(t, doc, "servers.0.url"); got != "/api/v1" {
		t.Errorf("servers[0].url = %v, want /api/v1", got)
	}
	if got := at(t, doc, "components.securitySchemes.bearer.scheme"); got != "bearer" {
		t.Errorf("bearer scheme = %v, want bearer", got)
	}
	errSchema := at(t, doc, "components.schemas.Error").(map[string]any)
	for _, f := range []string{"code", "message", "field", "errors"} {
		if at(t, errSchema, "properties").(map[string]any)[f] == nil {
			t.Errorf("the Error schema lacks %q", f)
		}
	}
	if len(ops) < 60 {
		t.Fatalf("the document has %d operations, want every route (60 or more)", len(ops))
	}
	ids := map[string]bool{}
	for _, op := range ops {
		name := op.Method + " " + op.Path
		id, _ := op.Doc["operationId"].(string)
		if id == "" || ids[id] {
			t.Errorf("%s: operationId %q is empty or not unique", name, id)
		}
		ids[id] = true
		if s, _ := op.Doc["summary"].(string); s == "" {
			t.Errorf("%s: no summary", name)
		}
		if sec, _ := op.Doc["security"].([]any); len(sec) != 1 {
			t.Errorf("%s: security = %v, want the bearer requirement", name, op.Doc["security"])
		}
		responses, _ := op.Doc["responses"].(map[string]any)
		for _, status := range []string{"401", "404"} {
			ref := at(t, responses, status+".content.application/problem+json.schema.$ref")
			if ref != "#/components/schemas/Error" {
				t.Errorf("%s: response %s schema = %v, want the Error schema", name, status, ref)
			}
		}
	}
	e.do(t, asAnon, http.MethodGet, "/api/v1/openapi.yaml", nil).want(t, http.StatusOK)
	e.do(t, asAnon, http.MethodGet, "/api/v1/openapi-3.0.json", nil).want(t, http.StatusOK)
	r := e.do(t, asAnon, http.MethodGet, "/api/v1/schemas/Objective.json", nil).want(t, http.StatusOK)
	if !strings.Contains(string(r.Body), `"/api/v1/schemas/KeyResult.json"`) || strings.Contains(string(r.Body), "#/components/schemas/") {
		t.Errorf("the Objective schema should refer to /api/v1/schemas/KeyResult.json: %s", r.Body)
	}
	e.do(t, asAnon, http.MethodGet, "/api/v1/schemas/Nothing", nil).wantError(t, http.StatusNotFound, "not_found", "")
	e.do(t, asAnon, http.MethodGet, "/api/v1/docs", nil).wantError(t, http.StatusNotFound, "not_found", "")
}
