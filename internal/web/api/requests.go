package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/okr-dev/okr/internal/okr"
)

// codeNotNullable is the code of a null sent for a field that cannot be
// cleared.
const codeNotNullable = "not_nullable"

// readRequest is a middleware that holds the request to the document
// before huma reads it: a list query parameter's comma-separated values
// become repeated ones (the form the document declares: explode), and a
// null in the body for a field whose schema does not allow null is
// refused with 422 naming the field (huma would take it as left out).
func (a *API) readRequest(ctx huma.Context, next func(huma.Context)) {
	op := ctx.Operation()
	r, _ := humago.Unwrap(ctx)
	splitLists(r, op)
	if op.RequestBody != nil && r.Body != nil {
		if fields := a.nullFields(r, op); len(fields) > 0 {
			e := &apiError{status: http.StatusUnprocessableEntity, Code: okr.EINVALID}
			for _, f := range fields {
				e.Errors = append(e.Errors, fieldError{Field: f, Code: codeNotNullable,
					Message: fmt.Sprintf("%s cannot be null; leave it out to keep it", f)})
			}
			e.Field, e.Message = e.Errors[0].Field, e.Errors[0].Message
			writeHumaError(a.api, ctx, e)
			return
		}
	}
	next(ctx)
}

// splitLists rewrites comma-separated values of op's list query
// parameters into repeated values.
func splitLists(r *http.Request, op *huma.Operation) {
	if !strings.Contains(r.URL.RawQuery, ",") && !strings.Contains(r.URL.RawQuery, "%2C") {
		return
	}
	q := r.URL.Query()
	changed := false
	for _, p := range op.Parameters {
		if p.In != "query" || p.Explode == nil || !*p.Explode || p.Schema == nil || p.Schema.Type != huma.TypeArray {
			continue
		}
		var values []string
		for _, v := range q[p.Name] {
			values = append(values, strings.Split(v, ",")...)
		}
		if len(values) != len(q[p.Name]) {
			q[p.Name] = values
			changed = true
		}
	}
	if changed {
		r.URL.RawQuery = q.Encode()
	}
}

// nullFields reads the body (putting it back for huma) and returns the
// paths of the nulls it has where op's body schema allows none. A body
// too large or not JSON is left to huma to refuse.
func (a *API) nullFields(r *http.Request, op *huma.Operation) []string {
	limit := op.MaxBodyBytes
	if limit <= 0 {
		limit = 1 << 20
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	r.Body = readCloser{io.MultiReader(bytes.NewReader(b), r.Body), r.Body}
	if err != nil || int64(len(b)) > limit {
		return nil
	}
	mt := op.RequestBody.Content["application/json"]
	if mt == nil || mt.Schema == nil {
		return nil
	}
	var v any
	if json.Unmarshal(b, &v) != nil {
		return nil
	}
	var out []string
	a.findNulls(mt.Schema, v, "", &out)
	return out
}

type readCloser struct {
	io.Reader
	io.Closer
}

// findNulls appends to out the paths in v of nulls that s does not allow.
func (a *API) findNulls(s *huma.Schema, v any, path string, out *[]string) {
	s = a.resolve(s)
	if s == nil {
		return
	}
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := a.resolve(s.Properties[k])
			if p == nil {
				continue
			}
			if v[k] == nil {
				if !a.allowsNull(p) {
					*out = append(*out, joinField(path, k))
				}
				continue
			}
			a.findNulls(p, v[k], joinField(path, k), out)
		}
	case []any:
		for i, item := range v {
			if item != nil {
				a.findNulls(s.Items, item, fmt.Sprintf("%s[%d]", path, i), out)
			}
		}
	}
}

// resolve follows s's $ref.
func (a *API) resolve(s *huma.Schema) *huma.Schema {
	if s != nil && s.Ref != "" {
		return a.api.OpenAPI().Components.Schemas.SchemaFromRef(s.Ref)
	}
	return s
}

// allowsNull reports whether s lets a value be null.
func (a *API) allowsNull(s *huma.Schema) bool {
	if s.Nullable || s.Type == "null" {
		return true
	}
	for _, alt := range append(s.OneOf, s.AnyOf...) {
		if alt = a.resolve(alt); alt != nil && a.allowsNull(alt) {
			return true
		}
	}
	return false
}
