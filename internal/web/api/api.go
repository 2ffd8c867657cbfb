package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
	"github.com/okr-dev/okr/internal/web/ops"
)

// Prefix is where the JSON API lives; web mounts the API there.
const Prefix = "/api/v1"

// Config is what the API needs from the application.
type Config struct {
	DB *store.DB
	// View is the read model. The pages pass theirs so that both share
	// its caches; nil means a model of the API's own.
	View *view.Model
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Log receives internal errors and panics; nil means slog.Default().
	Log *slog.Logger
	// Pasts serves read operations with as_of (asof.go); nil means a
	// Pasts of the API's own.
	Pasts *view.Pasts
}

// API is the JSON API: huma operations on their own ServeMux under
// Prefix. Every operation needs a bearer token; the OpenAPI document at
// /api/v1/openapi.json is generated from the operations, so it cannot drift.
type API struct {
	db   *store.DB
	view *view.Model
	now  func() time.Time
	log  *slog.Logger
	mux  *http.ServeMux
	api  huma.API
	// pasts makes the pasts as_of asks for; asOfRoutes are the routes of
	// the operations that take it. isPast marks an API over a past
	// (asof.go), whose callers the live API authenticated.
	pasts      *view.Pasts
	asOfRoutes map[string]bool
	isPast     bool
	// answers are the kept answers of get-objective (answers.go).
	answers *view.Cache[answerKey, answerStamp, *answer]
	dicts   answerDicts
}

// New builds the API and registers every operation. The result answers
// requests whose path starts with Prefix: mount it at Prefix and Prefix+"/".
// Requests that match no operation (unknown paths, wrong methods) and
// panics are answered in the API's one error shape, never with an HTML page.
func New(c Config) *API {
	useAPIErrors()
	a := &API{db: c.DB, view: c.View, now: c.Now, log: c.Log, mux: http.NewServeMux(), pasts: c.Pasts, asOfRoutes: map[string]bool{}, answers: newAnswers()}
	if a.now == nil {
		a.now = time.Now
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.view == nil {
		a.view = view.New(a.db, a.now)
	}
	if a.pasts == nil {
		a.pasts = view.NewPasts(a.db)
	}
	a.api = humago.NewWithPrefix(a.mux, Prefix, humaConfig())
	a.api.UseMiddleware(a.authenticate, a.readRequest)
	a.registerSchemas()
	for _, add := range resources {
		add(a)
	}
	a.completeDocument()
	return a
}

// resources are the functions that register the operations of one
// resource each (objectives.go, …), in the order of the document.
var resources = []func(a *API){
	(*API).registerMe,
	(*API).registerOrg,
	(*API).registerUnits,
	(*API).registerPeople,
	(*API).registerPeriods,
	(*API).registerObjectives,
	(*API).registerKeyResults,
	(*API).registerCheckIns,
	(*API).registerGrades,
	(*API).registerInitiatives,
	(*API).registerKPIs,
	(*API).registerFollows,
	(*API).registerAudit,
	(*API).registerTokens,
	(*API).registerCoach,
	(*API).registerInsight,
	(*API).registerChanges,
	(*API).registerExport,
}

// humaConfig returns the huma configuration: OpenAPI 3.1 at
// /api/v1/openapi.json, JSON schemas at /api/v1/schemas/{name}, no docs
// page (huma's loads scripts from a CDN, which the CSP forbids), no
// "$schema" links in bodies, unknown query parameters rejected.
func humaConfig() huma.Config {
	registry := huma.NewMapRegistry("#/components/schemas/", schemaName)
	return huma.Config{
		OpenAPI: &huma.OpenAPI{
			OpenAPI: "3.1.0",
			Info: &huma.Info{
				Title:   "okr API",
				Version: "1.0.0",
				Description: "The JSON API of okr: objectives, key results, check-ins, KPIs and the rest of an organisation's OKRs.\n\n" +
					"Authenticate with `Authorization: Bearer okr_…` (create a token with `okr token create`). " +
					"Every updatable object comes with an `ETag` (its version, e.g. `\"v3\"`; a key result's also changes with its figures, " +
					"e.g. `\"v3-5c1e0f2a9b7d4e61\"`, and If-Match compares only its version part); updates, archive and restore " +
					"require it in `If-Match` (428 without, 412 when someone else saved first). If-Match compares strongly (RFC 9110): " +
					"a weak tag such as `W/\"v3\"` never matches (412); `*` matches whatever version is current, so the write overwrites without a check. " +
					"Every error is a problem details object (RFC 9457, `application/problem+json`): `type`, `title`, `status` and `detail`, " +
					"with the extension members `code` (machine-readable), `message` (the same as detail), `field` (the offending field) and `errors` (every problem, each with its field). " +
					"A method a path does not have gets 405 with `Allow`, an unknown path 404, both as problems. " +
					"In a PATCH body, leaving a field out keeps it; `null` clears the fields whose schema allows null (such as `parent_id`) and is refused (422, naming the field) on the others. " +
					"A PATCH that changes nothing writes nothing: the version stays. " +
					"A list parameter takes its values repeated (`owner_unit_id=1&owner_unit_id=3`) or comma-separated (`owner_unit_id=1,3`). Percentages are numbers from 0 to 100; " +
					"fields ending in `_fraction` hold the same value from 0 to 1. Times are RFC 3339, dates YYYY-MM-DD.",
			},
			Components: &huma.Components{
				Schemas: registry,
				SecuritySchemes: map[string]*huma.SecurityScheme{
					"bearer": {Type: "http", Scheme: "bearer", Description: "An API token from `okr token create`: okr_…"},
				},
			},
		},
		OpenAPIPath:                  "/openapi",
		Formats:                      huma.DefaultFormats,
		DefaultFormat:                "application/json",
		RejectUnknownQueryParameters: true,
	}
}

// schemaName names schemas after their Go types, exported, without the
// "Out" suffix and the "api" prefix (apiError, apiFollowIn): objectiveOut
// is "Objective", kpiOut "KPI", apiError "Error", list[objectiveOut]
// "ObjectiveList". Unnamed types take huma's hint.
func schemaName(t reflect.Type, hint string) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := t.Name()
	if name == "" {
		return huma.DefaultSchemaNamer(t, hint)
	}
	var parts []string
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '[' || r == ']' || r == ',' || r == '*' }) {
		part = part[strings.LastIndex(part, ".")+1:]
		part = strings.TrimSuffix(strings.TrimPrefix(part, "api"), "Out")
		if part != "" {
			parts = append(parts, exported(part))
		}
	}
	if len(parts) > 1 && parts[0] == "List" {
		parts = append(parts[1:], "List")
	}
	return strings.Join(parts, "")
}

// exported is name with its first letter upper case, or its leading
// initialism when it has one (kpiValue is "KPIValue").
func exported(name string) string {
	for _, initialism := range []string{"kpi"} {
		if rest, ok := strings.CutPrefix(name, initialism); ok && (rest == "" || unicode.IsUpper(rune(rest[0]))) {
			return strings.ToUpper(initialism) + rest
		}
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// registerSchemas serves each JSON schema of the document at
// /api/v1/schemas/{name}, with references pointing there too.
func (a *API) registerSchemas() {
	a.api.Adapter().Handle(&huma.Operation{Method: http.MethodGet, Path: "/schemas/{schema}"}, a.serveSchema)
}

// serveSchema answers GET /schemas/{schema}: the named schema (".json" may
// follow the name) with its references rewritten to /api/v1/schemas/…;
// 404 for a name the document lacks.
func (a *API) serveSchema(ctx huma.Context) {
	name := strings.TrimSuffix(ctx.Param("schema"), ".json")
	schema := a.api.OpenAPI().Components.Schemas.Map()[name]
	if schema == nil {
		_ = huma.WriteErr(a.api, ctx, http.StatusNotFound, fmt.Sprintf("no schema %q", name))
		return
	}
	b, err := schema.MarshalJSON()
	if err != nil {
		a.log.Error("api: marshal schema", "schema", name, "err", err)
		_ = huma.WriteErr(a.api, ctx, http.StatusInternalServerError, "")
		return
	}
	b = schemaRef.ReplaceAll(b, []byte(`"`+Prefix+`/schemas/$1.json"`))
	ctx.SetHeader("Content-Type", "application/schema+json")
	_, _ = ctx.BodyWriter().Write(b)
}

var schemaRef = regexp.MustCompile(`"#/components/schemas/([^"]+)"`)

// ServeHTTP answers requests under /api/v1. Unknown paths get 404 and
// wrong methods 405 (with Allow), both in the API's error shape. Answers
// hold an organisation's data, so no cache keeps them.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	tw := &trackingWriter{ResponseWriter: w}
	defer a.recoverPanic(tw, r)
	if refuseNUL(tw, r) {
		return
	}
	_, pattern := a.mux.Handler(r)
	if pattern == "" {
		a.serveUnmatched(tw, r)
		return
	}
	ops.SetRoute(r.Context(), pattern)
	switch {
	case a.isPast, r.Method != http.MethodGet: // HEAD matches GET's routes too
	case pattern == getObjectivePattern && a.serveObjective(tw, r):
		return
	case pattern == listObjectivesPattern && a.serveObjectiveList(tw, r):
		return
	}
	if r.URL.Query().Has(AsOfParam) && a.asOfRoutes[pattern] {
		if a.isPast {
			q := r.URL.Query()
			q.Del(AsOfParam)
			r.URL.RawQuery = q.Encode()
		} else if a.serveAsOf(tw, r) {
			return
		}
	}
	a.mux.ServeHTTP(tw, r)
}

// serveUnmatched runs the mux's own answer for a request no operation
// matches and rewrites 404 and 405 into the error shape; redirects (the
// mux cleans paths) pass through.
func (a *API) serveUnmatched(w http.ResponseWriter, r *http.Request) {
	rec := &headerRecorder{header: http.Header{}}
	a.mux.ServeHTTP(rec, r)
	switch rec.status {
	case http.StatusNotFound:
		writeAPIError(w, &apiError{status: http.StatusNotFound, Code: okr.ENOTFOUND,
			Message: fmt.Sprintf("There is no API route %s.", r.URL.Path)})
	case http.StatusMethodNotAllowed:
		w.Header().Set("Allow", rec.header.Get("Allow"))
		writeAPIError(w, &apiError{status: http.StatusMethodNotAllowed, Code: codeMethodNotAllowed,
			Message: fmt.Sprintf("%s is not allowed on %s; allowed: %s.", r.Method, r.URL.Path, rec.header.Get("Allow"))})
	default:
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
	}
}

// recoverPanic turns a panic in an operation into a logged 500 in the error
// shape, when nothing has been written yet.
func (a *API) recoverPanic(w *trackingWriter, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	a.log.ErrorContext(r.Context(), "api: panic", "method", r.Method, "path", r.URL.Path, "panic", v)
	if !w.wrote {
		writeAPIError(w, internalError())
	}
}

// trackingWriter records whether the response has started.
type trackingWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *trackingWriter) WriteHeader(code int) {
	w.wrote = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *trackingWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *trackingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// headerRecorder keeps the status and headers of a response and drops its
// body.
type headerRecorder struct {
	header http.Header
	status int
}

func (r *headerRecorder) Header() http.Header { return r.header }

func (r *headerRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *headerRecorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return len(b), nil
}

// bearer is the security requirement of every operation.
var bearer = []map[string][]string{{"bearer": {}}}

// baseErrors are the error statuses every operation documents.
var baseErrors = []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusNotFound}

// op adds an operation whose handler errors go through fail: coded
// okr errors keep their code and field (renamed by names to the wire
// field), anything else is logged and answered with 500.
func op[I, O any](a *API, op huma.Operation, names fieldNames, h func(context.Context, *I) (*O, error)) {
	op.Security = bearer
	op.Errors = mergeStatuses(baseErrors, op.Errors)
	huma.Register(a.api, op, func(ctx context.Context, in *I) (*O, error) {
		out, err := h(ctx, in)
		if err != nil {
			return nil, a.fail(ctx, op.OperationID, err, names)
		}
		return out, nil
	})
}

// mergeStatuses returns base with the statuses of extra it lacks.
func mergeStatuses(base, extra []int) []int {
	out := slices.Clone(base)
	for _, s := range extra {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Status sets for operation documentation.
var (
	createErrors = []int{http.StatusForbidden, http.StatusConflict, http.StatusUnprocessableEntity}
	updateErrors = []int{http.StatusForbidden, http.StatusConflict, http.StatusPreconditionFailed, http.StatusUnprocessableEntity, http.StatusPreconditionRequired}
)
