package loadtest

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// TestCeilingsAreServedAndDriven drives each ceiling alone for a moment
// against CeilingHandler on a small organisation: the JSON ceiling answers
// 2 KB, the select ceiling reads objectives, the insert ceiling commits
// rows, none fails, and the share report names every budgeted endpoint
// against its ceiling.
func TestCeilingsAreServedAndDriven(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		spec := gen.Spec{Name: "Tak AS", Slug: "tak", Departments: 2, Teams: 4, People: 40, ObjectivesPerOwner: 3, CheckIns: 2}
		res, err := gen.Generate(ctx, db, gen.Options{Spec: spec, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ProbeSetup(ctx); err != nil {
			t.Fatal(err)
		}
		defer db.ProbeTeardown(ctx)
		ts := httptest.NewServer(CeilingHandler(db))
		defer ts.Close()
		if len(ceilingBody) != 2048 {
			t.Errorf("the JSON ceiling's body is %d bytes, want 2048", len(ceilingBody))
		}
		cat, err := Prepare(ctx, db, res.Org.ID, 2, "ceiling-test-password")
		if err != nil {
			t.Fatal(err)
		}
		rep := &CeilingReport{Dialect: db.Dialect(), Ceiling: map[string][]float64{}, Duration: "300ms"}
		for _, name := range Ceilings() {
			r, err := Run(ctx, Config{BaseURL: ts.URL, Duration: 300 * time.Millisecond, Concurrency: 2, Seed: 1, Only: name}, cat)
			if err != nil {
				t.Fatal(err)
			}
			if r.Total.Errors != 0 || r.Total.Count == 0 {
				t.Fatalf("%s: %d requests, %d errors: %v", name, r.Total.Count, r.Total.Errors, r.ErrorSample)
			}
			rep.Ceiling[name] = append(rep.Ceiling[name], r.Total.PerSecond)
		}
		for _, s := range Alone() {
			s.PerSecond = rep.CeilingOf(s.Ceiling) // a share of 100 %
			rep.Shares = append(rep.Shares, s)
		}
		var out bytes.Buffer
		rep.Write(&out)
		for _, s := range Alone() {
			if !strings.Contains(out.String(), s.Endpoint) {
				t.Errorf("the report lacks %q:\n%s", s.Endpoint, out.String())
			}
		}
		if strings.Contains(out.String(), "FAIL") {
			t.Errorf("shares of 100 %% failed a budget:\n%s", out.String())
		}
	})
}
