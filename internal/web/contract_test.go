package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/okr-dev/okr/internal/web/api/apitest"
)

// apiContract checks every API answer web's tests get, through the real
// server (client's transport) or the application's handler (apiChecked),
// against the document the API serves; a mismatch fails the test. The
// API's own tests check far more (internal/web/api/contract_test.go).
var apiContract = apitest.New()

// checkedTransport wraps next so that answers to /api/v1 requests are
// validated.
func checkedTransport(t *testing.T, next http.RoundTripper) http.RoundTripper {
	return apiContract.Transport(next, func(msg string) { t.Error(msg) })
}

// apiChecked wraps h, the application, so that answers to /api/v1
// requests are validated.
func apiChecked(t *testing.T, h http.Handler) http.Handler {
	err := apiContract.Load(func() ([]byte, error) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, apitest.Prefix+"/openapi.json", nil))
		if rec.Code != http.StatusOK {
			return nil, fmt.Errorf("GET openapi.json: %d", rec.Code)
		}
		return rec.Body.Bytes(), nil
	})
	if err != nil {
		t.Fatalf("contract: %v", err)
	}
	return apiContract.Handler(h, func(msg string) { t.Error(msg) })
}

// reportAPIContract prints what web's tests validated; it returns false
// for a mismatch.
func reportAPIContract() bool {
	s, ok := apiContract.Summary()
	if !ok {
		return true
	}
	apitest.Report("internal/web", s)
	return s.Mismatches == 0
}
