package api

import (
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// completeDocument finishes the OpenAPI document after every operation is
// registered, so that it says what the server does:
//
//   - a field that is a Go pointer without omitempty is sent as null when
//     it has no value: its schema allows null (a $ref becomes oneOf the
//     object or null, an enum lists null);
//   - If-Match is a required header where the server answers 428 without
//     it (every operation with If-Match but grade-key-result, which needs
//     it only once the key result is graded);
//   - an operation with a request body may answer 413 (too large) and 415
//     (not JSON); every operation may answer 503 (database unavailable,
//     with Retry-After); 401 comes with WWW-Authenticate;
//   - errors are application/problem+json;
//   - the main operations show request examples (examples.go).
func (a *API) completeDocument() {
	doc := a.api.OpenAPI()
	registry := doc.Components.Schemas
	for name, s := range registry.Map() {
		t := registry.TypeFromRef("#/components/schemas/" + name)
		if t != nil {
			allowNulls(s, t)
		}
	}
	for _, item := range doc.Paths {
		for _, op := range []*huma.Operation{item.Get, item.Post, item.Put, item.Patch, item.Delete} {
			if op != nil {
				a.completeOperation(op)
			}
		}
	}
}

// conditionalIfMatch are the operations whose If-Match is required only
// in some states; the others refuse a request without it (428).
var conditionalIfMatch = map[string]bool{"grade-key-result": true}

// completeOperation documents one operation's required headers and the
// statuses every operation of its kind can answer.
func (a *API) completeOperation(op *huma.Operation) {
	for _, p := range op.Parameters {
		if p.In == "header" && p.Name == "If-Match" && !conditionalIfMatch[op.OperationID] {
			p.Required = true
		}
	}
	addRequestExamples(op)
	a.addAsOf(op)
	statuses := []int{http.StatusServiceUnavailable}
	if op.RequestBody != nil {
		statuses = append(statuses, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType)
	}
	for _, status := range statuses {
		code := strconv.Itoa(status)
		if op.Responses[code] != nil {
			continue
		}
		op.Responses[code] = &huma.Response{
			Description: http.StatusText(status),
			Content:     map[string]*huma.MediaType{problemType: {Schema: &huma.Schema{Ref: "#/components/schemas/Error"}}},
		}
		if status == http.StatusServiceUnavailable {
			op.Responses[code].Headers = map[string]*huma.Param{"Retry-After": {
				Description: "Seconds to wait before trying again",
				Schema:      &huma.Schema{Type: huma.TypeInteger},
			}}
		}
	}
	if r := op.Responses[strconv.Itoa(http.StatusUnauthorized)]; r != nil && r.Headers["WWW-Authenticate"] == nil {
		if r.Headers == nil {
			r.Headers = map[string]*huma.Param{}
		}
		r.Headers["WWW-Authenticate"] = &huma.Param{Description: `The scheme to use: Bearer realm="okr"`,
			Schema: &huma.Schema{Type: huma.TypeString}}
	}
}

// allowNulls marks the properties of s that t's JSON encoding can send as
// null: pointers without omitempty, in t or structs it embeds.
func allowNulls(s *huma.Schema, t reflect.Type) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || s.Properties == nil {
		return
	}
	for f := range t.Fields() {
		if f.Anonymous && f.Tag.Get("json") == "" {
			allowNulls(s, f.Type)
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() || f.Type.Kind() != reflect.Pointer || strings.Contains(opts, "omit") {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if p := s.Properties[name]; p != nil {
			s.Properties[name] = nullable(p)
		}
	}
}

// nullable returns p allowing null too.
func nullable(p *huma.Schema) *huma.Schema {
	switch {
	case p.Ref != "":
		return &huma.Schema{Description: p.Description, OneOf: []*huma.Schema{{Ref: p.Ref}, {Type: "null"}}}
	case p.Type != "" && p.Type != huma.TypeArray:
		p.Nullable = true
		if len(p.Enum) > 0 && !slices.Contains(p.Enum, nil) {
			p.Enum = append(p.Enum, nil)
		}
	}
	return p
}
