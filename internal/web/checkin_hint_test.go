package web

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/password"
	"github.com/okr-dev/okr/internal/store"
)

// TestCheckInPageCoachesFromLastPeriod: a person whose last three key
// results called on track ended below 40 % is told so on the check-in page
// of the next period, with the grades; a colleague with no such record is
// not.
func TestCheckInPageCoachesFromLastPeriod(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "okr.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { return clock })
	org, err := db.CreateOrg(ctx, "Kalibrert AS", "kalibrert")
	if err != nil {
		t.Fatal(err)
	}
	sys := store.SystemActor(org.ID)
	fail := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	company, err := db.CreateUnit(ctx, sys, okr.Unit{Name: "Kalibrert AS", Kind: okr.UnitCompany})
	fail(err)
	hash, err := password.Hash("correct horse battery staple")
	fail(err)
	people := map[string]okr.Person{}
	for _, name := range []string{"Olga Optimist", "Rita Realist"} {
		p, err := db.CreatePerson(ctx, sys, okr.Person{Name: name, Email: strings.ToLower(strings.Fields(name)[0]) + "@kalibrert.example", Role: okr.RoleMember, UnitID: &company.ID})
		fail(err)
		fail(db.SetPassword(ctx, p.ID, hash))
		people[name] = p
	}
	q3, err := db.CreatePeriod(ctx, sys, okr.Period{Name: "Q3 2026", Kind: okr.PeriodQuarter, Start: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)})
	fail(err)
	q4, err := db.CreatePeriod(ctx, sys, okr.Period{Name: "Q4 2026", Kind: okr.PeriodQuarter, Start: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)})
	fail(err)
	var graded []okr.KeyResult
	for name, p := range people {
		o, err := db.CreateObjective(ctx, sys, okr.Objective{PeriodID: q3.ID, Title: "Q3 of " + name, Owner: okr.Owner{PersonID: &p.ID}, State: okr.StatePublished})
		fail(err)
		for i := range 3 {
			kr, err := db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: o.ID, Title: "Count to " + string(rune('A'+i)), Weight: 1,
				Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 10, Unit: okr.Measure{Kind: okr.MeasureNumber}}})
			fail(err)
			graded = append(graded, kr)
		}
		o4, err := db.CreateObjective(ctx, sys, okr.Objective{PeriodID: q4.ID, Title: "Q4 of " + name, Owner: okr.Owner{PersonID: &p.ID}, State: okr.StatePublished})
		fail(err)
		_, err = db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: o4.ID, Title: "Count again", Weight: 1,
			Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 10, Unit: okr.Measure{Kind: okr.MeasureNumber}}})
		fail(err)
	}
	// Late in Q3 every key result is called on track; Olga's end low, Rita's in the band.
	score := map[int64]float64{}
	for i, kr := range graded {
		score[kr.ID] = []float64{0.2, 0.3, 0.1}[i%3]
		o, err := db.GetObjective(ctx, org.ID, kr.ObjectiveID)
		fail(err)
		if *o.Owner.PersonID == people["Rita Realist"].ID {
			score[kr.ID] = 0.7
		}
	}
	clock = time.Date(2026, 9, 25, 12, 0, 0, 0, time.UTC)
	for _, kr := range graded {
		_, err := db.CreateCheckIns(ctx, sys, []okr.CheckIn{{KeyResultID: kr.ID, Value: score[kr.ID] * 10, Confidence: okr.OnTrack}})
		fail(err)
	}
	clock = time.Date(2026, 10, 2, 12, 0, 0, 0, time.UTC)
	for _, kr := range graded {
		_, err := db.SetGrade(ctx, sys, okr.Grade{KeyResultID: kr.ID, Score: score[kr.ID], Suggested: score[kr.ID]}, 0)
		fail(err)
	}
	clock = time.Date(2026, 10, 9, 9, 0, 0, 0, time.UTC)
	srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return clock }}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	env := &timeTravelEnv{ts: ts, pw: "correct horse battery staple"}

	env.email = people["Olga Optimist"].Email
	_, body := get(t, env.signIn(t), ts.URL+"/checkin")
	hint := one(t, document(t, body), ".coach-hint[data-hint=over_confident]")
	for _, want := range []string{"10\u00a0%", "20\u00a0%", "30\u00a0%"} {
		if !strings.Contains(hint.Text(), want) {
			t.Errorf("hint %q does not name the grade %s", hint.Text(), want)
		}
	}
	env.email = people["Rita Realist"].Email
	_, body = get(t, env.signIn(t), ts.URL+"/checkin")
	if n := document(t, body).Find(".coach-hint").Length(); n != 0 {
		t.Errorf("Rita, whose calls came true, got %d hints", n)
	}
}
