package api

import (
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/web/api/apitest"
)

// The contract test: every request an API test sends goes through
// theContract (newAPIEnv wraps the handler), which validates the response
// (and, when the server accepted the request, the request too) against
// the document the API serves at /api/v1/openapi.json, with
// pb33f/libopenapi-validator. Any mismatch fails the test that made the
// request. TestMain prints the counts and, when the whole package ran,
// fails for an operation no test exercised.

var theContract = apitest.New()

// checked wraps h, the API, so that every answer is validated; a
// mismatch fails t.
func checked(t testing.TB, h http.Handler) http.Handler {
	err := theContract.Load(func() ([]byte, error) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, Prefix+"/openapi.json", nil))
		if rec.Code != http.StatusOK {
			return nil, fmt.Errorf("GET openapi.json: %d %s", rec.Code, rec.Body)
		}
		return rec.Body.Bytes(), nil
	})
	if err != nil {
		t.Fatalf("contract: %v", err)
	}
	report := func(msg string) { t.Error(msg) }
	if _, fuzz := t.(*testing.F); fuzz {
		// A fuzz target may not fail its F; TestMain fails the run for
		// the mismatch counted.
		report = func(msg string) { fmt.Println(msg) }
	}
	return theContract.Handler(h, report)
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if s, ok := theContract.Summary(); ok {
		apitest.Report("internal/web/api", s)
		whole := flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.skip").Value.String() == "" && !testing.Short()
		if len(s.Missed) > 0 && whole {
			fmt.Printf("contract: no test exercises %s\n", strings.Join(s.Missed, ", "))
			code = max(code, 1)
		}
		if s.Mismatches > 0 {
			code = max(code, 1)
		}
	}
	os.Exit(code)
}
