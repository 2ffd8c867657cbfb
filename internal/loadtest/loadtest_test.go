package loadtest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
	"github.com/okr-dev/okr/internal/web"
)

// TestRunDrivesEveryEndpoint runs the whole mix for a second against an
// in-process server on a small generated organisation: every endpoint is
// requested, none fails, and the report names them with the budgets.
func TestRunDrivesEveryEndpoint(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, store.DialectSQLite)
	spec := gen.Spec{Name: "Last AS", Slug: "last", Departments: 2, Teams: 4, People: 40, ObjectivesPerOwner: 3, CheckIns: 4}
	res, err := gen.Generate(ctx, db, gen.Options{Spec: spec, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	srv := &web.Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	const pw = "loadtest-test-password"
	cat, err := Prepare(ctx, db, res.Org.ID, 4, pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := cat.SignIn(ctx, ts.URL, pw); err != nil {
		t.Fatal(err)
	}
	rep, err := Run(ctx, Config{BaseURL: ts.URL, Duration: time.Second, Warmup: 200 * time.Millisecond, Concurrency: 4, Seed: 1, Dialect: "sqlite"}, cat)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.Errors != 0 {
		t.Errorf("%d errors: %v", rep.Total.Errors, rep.ErrorSample)
	}
	if rep.Total.Count < 20 {
		t.Errorf("%d requests in a second, want at least 20", rep.Total.Count)
	}
	var out bytes.Buffer
	rep.Write(&out)
	for _, want := range []string{epObjectivePage, epObjectiveAPI, epTeamPage, epDepartmentPage, epAlignment, epCheckIn, "sustained mix"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestPercentiles(t *testing.T) {
	var lat []time.Duration
	for i := 1; i <= 100; i++ {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	r := summarize("x", lat, 0, time.Second)
	if r.P50 != 50*time.Millisecond || r.P95 != 95*time.Millisecond || r.P99 != 99*time.Millisecond || r.Max != 100*time.Millisecond {
		t.Errorf("p50/p95/p99/max = %v/%v/%v/%v, want 50/95/99/100 ms", r.P50, r.P95, r.P99, r.Max)
	}
	if r.PerSecond != 100 {
		t.Errorf("rate = %v, want 100/s", r.PerSecond)
	}
}
