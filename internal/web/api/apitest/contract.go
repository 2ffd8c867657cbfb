// Package apitest holds the API's contract check for tests: every
// request a test sends to the API and every answer it gets are validated
// against the OpenAPI document the API serves, with pb33f's
// libopenapi-validator (OpenAPI 3.1, JSON Schema 2020-12). The API's own
// tests wrap their handler with Contract.Handler; web's tests, which reach
// the API through a real server, wrap their client's transport with
// Contract.Transport.
package apitest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	liberrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/paths"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// Prefix is where the API and its document live.
const Prefix = "/api/v1"

// problemType is the media type of every error of the API.
const problemType = "application/problem+json"

// Contract validates request and response pairs against the document and
// counts them. It is safe for concurrent use; the zero value is not: use
// New.
type Contract struct {
	once  sync.Once
	err   error
	model *v3.Document
	v     validator.Validator
	opts  *config.ValidationOptions
	error *base.Schema

	mu         sync.Mutex
	operations map[string]int // "GET /objectives/{id}" → responses validated
	statuses   map[string]map[int]bool
	responses  int
	unmatched  int // answers to requests no operation matches, checked against Error
	mismatches int
}

// New returns a contract that reads the document on first use.
func New() *Contract {
	return &Contract{operations: map[string]int{}, statuses: map[string]map[int]bool{}}
}

// Load reads the document with get (the body of GET /api/v1/openapi.json)
// once, and checks that it is a valid OpenAPI document.
func (c *Contract) Load(get func() ([]byte, error)) error {
	c.once.Do(func() { c.err = c.load(get) })
	return c.err
}

func (c *Contract) load(get func() ([]byte, error)) error {
	b, err := get()
	if err != nil {
		return fmt.Errorf("read the document: %w", err)
	}
	doc, err := libopenapi.NewDocument(b)
	if err != nil {
		return err
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		return err
	}
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions())
	if len(errs) > 0 {
		return fmt.Errorf("validator: %v", errs)
	}
	if ok, errs := v.ValidateDocument(); !ok {
		return fmt.Errorf("the document is not valid OpenAPI: %s", Describe(errs))
	}
	c.model, c.v = &model.Model, v
	c.opts = config.NewValidationOptions(config.WithFormatAssertions())
	c.error = c.model.Components.Schemas.GetOrZero("Error").Schema()
	c.mu.Lock()
	defer c.mu.Unlock()
	for path, item := range c.model.Paths.PathItems.FromOldest() {
		for method := range item.GetOperations().FromOldest() {
			c.operations[strings.ToUpper(method)+" "+path] = 0
		}
	}
	return nil
}

// Model is the document, once loaded.
func (c *Contract) Model() *v3.Document { return c.model }

// Handler wraps h, the API (or a handler that serves it under Prefix):
// every answer is validated, and report is called with each mismatch.
func (c *Contract) Handler(h http.Handler, report func(string)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		if r.Body != nil {
			body, _ = io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		// The request as the client sent it: the API rewrites some parts
		// of the one it serves (list parameters).
		req := r.Clone(r.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		c.check(req, rec.Result(), report)
	})
}

// Transport wraps next: every answer to a request under Prefix is
// validated, and report is called with each mismatch.
func (c *Contract) Transport(next http.RoundTripper, report func(string)) http.RoundTripper {
	return roundTripper(func(r *http.Request) (*http.Response, error) {
		if !strings.HasPrefix(r.URL.Path, Prefix+"/") {
			return next.RoundTrip(r)
		}
		var body []byte
		if r.Body != nil {
			body, _ = io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		req := r.Clone(r.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		resp, err := next.RoundTrip(r)
		if err != nil {
			return resp, err
		}
		respBody, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil {
			return nil, err
		}
		resp.Body = io.NopCloser(bytes.NewReader(respBody))
		if err := c.Load(func() ([]byte, error) { return fetchDocument(next, r) }); err != nil {
			report("contract: " + err.Error())
			return resp, nil
		}
		check := *resp
		check.Body = io.NopCloser(bytes.NewReader(respBody))
		c.check(req, &check, report)
		return resp, nil
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// fetchDocument reads the document from the server r goes to.
func fetchDocument(rt http.RoundTripper, r *http.Request) ([]byte, error) {
	u := *r.URL
	u.Path, u.RawQuery = Prefix+"/openapi.json", ""
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := rt.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u.String(), resp.Status)
	}
	return io.ReadAll(resp.Body)
}

// check validates one pair unless it is the document itself.
func (c *Contract) check(req *http.Request, resp *http.Response, report func(string)) {
	if strings.HasPrefix(req.URL.Path, Prefix+"/openapi") || strings.HasPrefix(req.URL.Path, Prefix+"/schemas/") {
		return
	}
	if c.model == nil {
		report("contract: the document is not loaded")
		return
	}
	respBody, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	if msg := c.Validate(req, resp); msg != "" {
		report(fmt.Sprintf("contract: %s %s → %d does not match the document:\n%s\nresponse: %.600s", req.Method, req.URL, resp.StatusCode, msg, respBody))
	}
}

// Validate checks one pair and counts it: the response always, the
// request too unless the server refused it for its form (requestChecked).
// It returns the mismatches, "" when there are none.
func (c *Contract) Validate(req *http.Request, resp *http.Response) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	respBody, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	item, _, path := paths.FindPath(req, c.model, c.opts)
	var op *v3.Operation
	if item != nil {
		op = item.GetOperations().GetOrZero(strings.ToLower(req.Method))
	}
	if op == nil {
		c.unmatched++
		msg := c.validateUnmatched(resp, respBody)
		if msg != "" {
			c.mismatches++
		}
		return msg
	}
	name := req.Method + " " + path
	c.operations[name]++
	if c.statuses[name] == nil {
		c.statuses[name] = map[int]bool{}
	}
	c.statuses[name][resp.StatusCode] = true
	c.responses++
	var errs []*liberrors.ValidationError
	if requestChecked(resp.StatusCode) {
		_, errs = c.v.ValidateHttpRequestResponse(req, resp)
	} else {
		_, errs = c.v.ValidateHttpResponse(req, resp)
	}
	if len(errs) == 0 {
		return ""
	}
	c.mismatches++
	return Describe(errs)
}

// requestChecked reports whether a request that got status must match
// the document: one the server accepted, or refused for what it is about
// (forbidden, conflicting, stale) rather than for its form (400, 413,
// 415, 422 and 428 answer requests the document refuses too, 401 one
// without the token the document requires, 404 also a path the document
// lacks, such as /objectives/, which the validator matches leniently).
func requestChecked(status int) bool {
	switch status {
	case http.StatusForbidden, http.StatusConflict, http.StatusPreconditionFailed:
		return true
	}
	return status < 300
}

// validateUnmatched checks the answer to a request that matches no
// operation (unknown path, wrong method): an error in the Error schema.
func (c *Contract) validateUnmatched(resp *http.Response, body []byte) string {
	if resp.StatusCode < 400 {
		return ""
	}
	if ct := resp.Header.Get("Content-Type"); ct != problemType {
		return "Content-Type " + ct + ", want " + problemType
	}
	if ok, errs := schema_validation.NewSchemaValidator().ValidateSchemaBytes(c.error, body); !ok {
		return Describe(errs)
	}
	return ""
}

// Describe lists validation errors, one a line.
func Describe(errs []*liberrors.ValidationError) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "  - %s: %s", e.Message, e.Reason)
		for _, s := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "\n      %s: %s", s.FieldPath, s.Reason)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Summary is what a run validated.
type Summary struct {
	Operations, Covered int
	Responses           int // answers to documented operations
	Pairs               int // distinct operation and status pairs
	Unmatched           int // answers to requests no operation matches
	Mismatches          int
	Missed              []string // operations no request reached, sorted
}

func (s Summary) String() string {
	return fmt.Sprintf("%d of %d operations covered, %d responses validated (%d distinct operation/status pairs), %d to unmatched routes, %d mismatches",
		s.Covered, s.Operations, s.Responses, s.Pairs, s.Unmatched, s.Mismatches)
}

// Summary returns the counts so far; ok is false when the document was
// never loaded.
func (c *Contract) Summary() (s Summary, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.model == nil {
		return s, false
	}
	s.Operations = len(c.operations)
	for name, n := range c.operations {
		if n == 0 {
			s.Missed = append(s.Missed, name)
		} else {
			s.Covered++
		}
	}
	sort.Strings(s.Missed)
	for _, st := range c.statuses {
		s.Pairs += len(st)
	}
	s.Responses, s.Unmatched, s.Mismatches = c.responses, c.unmatched, c.mismatches
	return s, true
}

// Report prints the summary of pkg and appends it to the file
// $OKR_CONTRACT_REPORT names, if any (go test shows a passing package's
// output only with -v; make test prints the file).
func Report(pkg string, s Summary) {
	line := fmt.Sprintf("contract (%s): %s\n", pkg, s)
	fmt.Print(line)
	path := os.Getenv("OKR_CONTRACT_REPORT")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		_, err = f.WriteString(line)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Printf("contract: %v\n", err)
	}
}
