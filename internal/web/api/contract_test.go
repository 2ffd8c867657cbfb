package api

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	liberrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/paths"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// The contract test: every request an API test sends goes through
// contract.check, which validates the response (and, when the server
// accepted the request, the request too) against the document the API
// serves at /api/v1/openapi.json, with pb33f/libopenapi-validator (an
// OpenAPI 3.1 validator with JSON Schema 2020-12). Any mismatch fails the
// test that made the request. TestMain prints the counts and, when the
// whole package ran, fails for an operation no test exercised.

// contract holds the validator and the counts of the package's run.
type contract struct {
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
	unmatched  int // responses to requests no operation matches, checked against Error
	mismatches int
}

var theContract = &contract{operations: map[string]int{}, statuses: map[string]map[int]bool{}}

// load reads the served document once.
func (c *contract) load(h http.Handler) error {
	c.once.Do(func() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, Prefix+"/openapi.json", nil))
		if rec.Code != http.StatusOK {
			c.err = fmt.Errorf("GET openapi.json: %d %s", rec.Code, rec.Body)
			return
		}
		doc, err := libopenapi.NewDocument(rec.Body.Bytes())
		if err != nil {
			c.err = err
			return
		}
		model, err := doc.BuildV3Model()
		if err != nil {
			c.err = err
			return
		}
		c.model = &model.Model
		c.opts = config.NewValidationOptions(config.WithFormatAssertions())
		v, errs := validator.NewValidator(doc, config.WithFormatAssertions())
		if len(errs) > 0 {
			c.err = fmt.Errorf("validator: %v", errs)
			return
		}
		c.v = v
		if ok, errs := c.v.ValidateDocument(); !ok {
			c.err = fmt.Errorf("the document is not valid OpenAPI: %s", describe(errs))
			return
		}
		for name, s := range c.model.Components.Schemas.FromOldest() {
			if name == "Error" {
				c.error = s.Schema()
			}
		}
		for path, item := range c.model.Paths.PathItems.FromOldest() {
			for method := range item.GetOperations().FromOldest() {
				c.operations[strings.ToUpper(method)+" "+path] = 0
			}
		}
	})
	return c.err
}

// check wraps h so that every response it gives is validated.
func (c *contract) check(t testing.TB, h http.Handler) http.Handler {
	if err := c.load(h); err != nil {
		t.Fatalf("contract: %v", err)
	}
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
		if strings.HasPrefix(r.URL.Path, Prefix+"/openapi") || strings.HasPrefix(r.URL.Path, Prefix+"/schemas/") {
			return // the document itself
		}
		if msg := c.validate(req, rec.Result()); msg != "" {
			report := t.Errorf
			if _, fuzz := t.(*testing.F); fuzz {
				// A fuzz target may not fail its F; TestMain fails the
				// run for the mismatch counted.
				report = func(format string, args ...any) { fmt.Printf(format+"\n", args...) }
			}
			report("contract: %s %s → %d does not match the document:\n%s\nresponse: %.600s", r.Method, r.URL, rec.Code, msg, rec.Body)
		}
	})
}

// validate checks one pair and counts it; it returns the mismatches.
func (c *contract) validate(req *http.Request, resp *http.Response) string {
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
	if resp.StatusCode < 300 {
		_, errs = c.v.ValidateHttpRequestResponse(req, resp)
	} else {
		_, errs = c.v.ValidateHttpResponse(req, resp)
	}
	if len(errs) == 0 {
		return ""
	}
	c.mismatches++
	return describe(errs)
}

// validateUnmatched checks the answer to a request that matches no
// operation (unknown path, wrong method): an error in the Error schema.
func (c *contract) validateUnmatched(resp *http.Response, body []byte) string {
	if resp.StatusCode < 400 {
		return ""
	}
	if ct := resp.Header.Get("Content-Type"); ct != problemType {
		return "Content-Type " + ct + ", want " + problemType
	}
	if ok, errs := schema_validation.NewSchemaValidator().ValidateSchemaBytes(c.error, body); !ok {
		return describe(errs)
	}
	return ""
}

func describe(errs []*liberrors.ValidationError) string {
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

// report prints the counts and returns the operations no test exercised.
func (c *contract) report() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var missed []string
	covered := 0
	for name, n := range c.operations {
		if n == 0 {
			missed = append(missed, name)
		} else {
			covered++
		}
	}
	sort.Strings(missed)
	statuses := 0
	for _, s := range c.statuses {
		statuses += len(s)
	}
	line := fmt.Sprintf("contract: %d of %d operations covered, %d responses validated (%d distinct operation/status pairs), %d to unmatched routes, %d mismatches\n",
		covered, len(c.operations), c.responses, statuses, c.unmatched, c.mismatches)
	fmt.Print(line)
	// go test shows a passing package's output only with -v: make test
	// names a file to print the counts from.
	if path := os.Getenv("OKR_CONTRACT_REPORT"); path != "" {
		if err := os.WriteFile(path, []byte(line), 0o644); err != nil {
			fmt.Printf("contract: %v\n", err)
		}
	}
	return missed
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if theContract.model != nil {
		missed := theContract.report()
		whole := flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.skip").Value.String() == "" && !testing.Short()
		if len(missed) > 0 && whole {
			fmt.Printf("contract: no test exercises %s\n", strings.Join(missed, ", "))
			if code == 0 {
				code = 1
			}
		}
		if theContract.mismatches > 0 && code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}
