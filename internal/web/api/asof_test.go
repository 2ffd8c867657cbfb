package api

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
	"github.com/okr-dev/okr/internal/view"
)

// TestAsOfEqualsWhatTheLiveViewShowed records a quarter day by day (edits,
// a re-target, a key result moved to another objective, alignment changed,
// an archive and a restore, people and units changed, check-ins every
// week), keeps what every read operation answered at the end of each day,
// and then asks each day again with as_of: every answer must be the same,
// byte for byte, on both databases.
func TestAsOfEqualsWhatTheLiveViewShowed(t *testing.T) {
	t.Parallel()
	for _, d := range []string{store.DialectSQLite, store.DialectPostgres} {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			asOfScenario(t, d)
		})
	}
}

func asOfScenario(t *testing.T, dialect string) {
	db := storetest.Open(t, dialect)
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Fatal(err)
	}
	local := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, oslo) }
	clock := local(2026, 9, 25, 9)
	now := func() time.Time { return clock }
	db.SetClock(now)
	pasts := view.NewPasts(db)
	t.Cleanup(pasts.Close)
	a := New(Config{DB: db, Now: now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Pasts: pasts})
	h := checked(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.ServeHTTP(w, r.WithContext(view.WithMemo(r.Context())))
	}))

	ctx := testCtx
	org := must(db.CreateOrg(ctx, "Timeline", "timeline-"+random(t)))(t)
	sys := store.SystemActor(org.ID)
	ada := must(db.CreatePerson(ctx, sys, okr.Person{Name: "Ada Admin", Email: "ada-" + random(t) + "@example.com", Role: okr.RoleAdmin}))(t)
	company := must(db.CreateUnit(ctx, sys, okr.Unit{Name: "Timeline AS", Kind: okr.UnitCompany}))(t)
	sales := must(db.CreateUnit(ctx, sys, okr.Unit{Name: "Sales", Kind: okr.UnitDepartment, ParentID: &company.ID}))(t)
	support := must(db.CreateUnit(ctx, sys, okr.Unit{Name: "Support", Kind: okr.UnitTeam, ParentID: &company.ID}))(t)
	per := must(db.CreatePerson(ctx, sys, okr.Person{Name: "Per Salg", Email: "per-" + random(t) + "@example.com", Role: okr.RoleMember, UnitID: &sales.ID}))(t)
	kari := must(db.CreatePerson(ctx, sys, okr.Person{Name: "Kari Kunde", Email: "kari-" + random(t) + "@example.com", Role: okr.RoleMember, UnitID: &support.ID}))(t)
	token, _ := must2(db.CreateToken(ctx, sys, ada.ID, "timeline"))(t)
	q4 := must(db.CreatePeriod(ctx, sys, okr.Period{Name: "Q4 2026", Kind: okr.PeriodQuarter,
		Start: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}))(t)
	num := okr.Measure{Kind: okr.MeasureNumber}
	o1 := must(db.CreateObjective(ctx, sys, okr.Objective{PeriodID: q4.ID, Title: "Customers who stay", Owner: okr.Owner{UnitID: &company.ID}, State: okr.StatePublished}))(t)
	o2 := must(db.CreateObjective(ctx, sys, okr.Objective{PeriodID: q4.ID, Title: "Sell to the north", Owner: okr.Owner{UnitID: &sales.ID}, ParentID: &o1.ID, State: okr.StatePublished}))(t)
	o3 := must(db.CreateObjective(ctx, sys, okr.Objective{PeriodID: q4.ID, Title: "Answers within the hour", Owner: okr.Owner{UnitID: &support.ID}, State: okr.StateDraft}))(t)
	k1 := must(db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: o1.ID, Title: "NPS from 20 to 40", Weight: 1, Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 20, Target: 40, Unit: num}}))(t)
	k2 := must(db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: o1.ID, Title: "Churn from 8 % to 5 %", Weight: 1, Metric: okr.Metric{Kind: okr.MetricDecrease, Start: 8, Target: 5, Unit: okr.Measure{Kind: okr.MeasurePercent}}}))(t)
	k3 := must(db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: o2.ID, Title: "Northern office open", Weight: 1, Metric: okr.Metric{Kind: okr.MetricMilestones},
		Milestones: []okr.Milestone{{Title: "Lease"}, {Title: "Hire"}, {Title: "Open"}}}))(t)
	k4 := must(db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: o3.ID, Title: "Tickets answered within an hour from 40 to 80", Weight: 1, Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 40, Target: 80, Unit: num}}))(t)
	objectives := []int64{o1.ID, o2.ID, o3.ID}
	krs := []int64{k1.ID, k2.ID, k3.ID, k4.ID}

	checkIn := func(kr int64, v float64, c okr.Confidence, done ...int64) {
		t.Helper()
		must(db.CreateCheckIns(ctx, sys, []okr.CheckIn{{KeyResultID: kr, Value: v, Confidence: c, MilestonesDone: done, Comment: "week"}}))(t)
	}
	objective := func(id int64) okr.Objective { t.Helper(); return must(db.GetObjective(ctx, org.ID, id))(t) }
	keyResult := func(id int64) okr.KeyResult { t.Helper(); return must(db.GetKeyResult(ctx, org.ID, id))(t) }
	// The reads compared: lists and single objects of every kind the
	// scenario touches, with the roll-ups and statuses they carry.
	reads := func() []string {
		r := []string{"/org", "/units", "/people", "/periods", "/periods/current",
			fmt.Sprintf("/objectives?period_id=%d&include_archived=true", q4.ID),
			fmt.Sprintf("/objectives?period_id=%d&unit_id=%d", q4.ID, sales.ID),
			fmt.Sprintf("/key-results?period_id=%d&include_archived=true", q4.ID),
			fmt.Sprintf("/check-ins?period_id=%d", q4.ID),
			fmt.Sprintf("/progress?period_id=%d", q4.ID),
			fmt.Sprintf("/units/%d", support.ID), fmt.Sprintf("/people/%d", kari.ID),
		}
		for _, id := range objectives {
			r = append(r, fmt.Sprintf("/objectives/%d", id))
		}
		for _, id := range krs {
			r = append(r, fmt.Sprintf("/key-results/%d", id))
		}
		return r
	}
	get := func(path string) string {
		t.Helper()
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, Prefix+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		h.ServeHTTP(rec, req)
		return fmt.Sprintf("%d %s", rec.Code, rec.Body.String())
	}

	type day struct {
		date  time.Time
		shown map[string]string
	}
	var days []day
	msIDs := keyResult(k3.ID).Milestones
	for d := local(2026, 9, 30, 0); d.Before(local(2026, 11, 12, 0)); d = d.AddDate(0, 0, 1) {
		clock = local(d.Year(), d.Month(), d.Day(), 10)
		switch d.Format("01-02") {
		case "10-02", "10-09", "10-16", "10-23", "10-30", "11-06":
			w := float64(d.Day()%7 + d.YearDay()/7 - 38)
			checkIn(k1.ID, 20+2*w, okr.OnTrack)
			if d.Month() == 10 && d.Day() < 25 {
				checkIn(k2.ID, 8-0.3*w, okr.AtRisk)
			}
			if d.Day() == 9 {
				checkIn(k3.ID, 0, okr.OnTrack, msIDs[0].ID)
			}
			if d.Day() == 30 {
				checkIn(k3.ID, 0, okr.OffTrack, msIDs[0].ID, msIDs[1].ID)
			}
		case "10-08": // re-target
			kr := keyResult(k1.ID)
			kr.Metric.Target = 45
			must(db.UpdateKeyResult(ctx, sys, kr, "the board asked for more"))(t)
		case "10-12": // rename, new owner
			o := objective(o2.ID)
			o.Title = "Sell to the whole north"
			must(db.UpdateObjective(ctx, sys, o))(t)
			kr := keyResult(k2.ID)
			kr.Owner = okr.Owner{PersonID: &per.ID}
			must(db.UpdateKeyResult(ctx, sys, kr, ""))(t)
		case "10-15": // a key result moves to another objective
			must(db.MoveKeyResult(ctx, sys, k4.ID, o2.ID, keyResult(k4.ID).Version))(t)
			checkIn(k4.ID, 50, okr.OnTrack)
		case "10-20": // published, then aligned
			o := objective(o3.ID)
			o.State = okr.StatePublished
			must(db.UpdateObjective(ctx, sys, o))(t)
		case "10-22":
			o := objective(o3.ID)
			o.ParentID = &o1.ID
			must(db.UpdateObjective(ctx, sys, o))(t)
		case "10-25": // archived
			must(db.ArchiveKeyResult(ctx, sys, k2.ID, keyResult(k2.ID).Version))(t)
		case "10-28": // the organisation changes
			u := must(db.GetUnit(ctx, org.ID, support.ID))(t)
			u.Name, u.LeadIDs = "Customer Care", []int64{kari.ID}
			must(db.UpdateUnit(ctx, sys, u))(t)
			p := must(db.GetPerson(ctx, org.ID, kari.ID))(t)
			p.UnitID = &sales.ID
			must(db.UpdatePerson(ctx, sys, p))(t)
		case "11-02": // a new objective, contributing across
			o4 := must(db.CreateObjective(ctx, sys, okr.Objective{PeriodID: q4.ID, Title: "Partners who sell for us", Owner: okr.Owner{PersonID: &per.ID}, State: okr.StatePublished}))(t)
			k5 := must(db.CreateKeyResult(ctx, sys, okr.KeyResult{ObjectiveID: o4.ID, Title: "Partners from 0 to 5", Weight: 1, Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 0, Target: 5, Unit: num}}))(t)
			must(db.SetContributes(ctx, sys, o4.ID, []int64{o2.ID}, objective(o4.ID).Version))(t)
			checkIn(k5.ID, 1, okr.OnTrack)
			objectives, krs = append(objectives, o4.ID), append(krs, k5.ID)
		case "11-04":
			must(db.ArchiveObjective(ctx, sys, o2.ID, objective(o2.ID).Version))(t)
		case "11-05":
			must(db.RestoreObjective(ctx, sys, o2.ID, objective(o2.ID).Version))(t)
			kr := keyResult(k3.ID)
			kr.Milestones = append(kr.Milestones, okr.Milestone{Title: "Celebrate"})
			must(db.UpdateKeyResult(ctx, sys, kr, ""))(t)
		}
		clock = store.EndOfDay(d, oslo)
		shown := map[string]string{}
		for _, p := range reads() {
			shown[p] = get(p)
		}
		days = append(days, day{d, shown})
	}

	// The days must differ, or the comparison proves nothing.
	distinct := map[string]bool{}
	for _, d := range days {
		distinct[d.shown[fmt.Sprintf("/objectives?period_id=%d&include_archived=true", q4.ID)]] = true
	}
	if len(distinct) < 10 {
		t.Fatalf("the objectives list read only %d different ways over %d days", len(distinct), len(days))
	}
	clock = local(2026, 11, 20, 12)
	compared := 0
	for _, d := range days {
		for p, want := range d.shown {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			got := get(p + sep + "as_of=" + d.date.Format(time.DateOnly))
			if got != want {
				t.Errorf("%s as of %s:\n got %s\nwant %s", p, d.date.Format(time.DateOnly), got, want)
			}
			compared++
		}
	}
	t.Logf("%d answers over %d days compared", compared, len(days))
	for q, want := range map[string]string{"as_of=15.10.2026": "as_of must be a date", "as_of=2026-11-21": "is in the future"} {
		got := get("/objectives?period_id=" + fmt.Sprint(q4.ID) + "&" + q)
		if !strings.HasPrefix(got, "422 ") || !strings.Contains(got, `"field":"as_of"`) || !strings.Contains(got, want) {
			t.Errorf("%s: %s, want 422 on as_of saying %q", q, got, want)
		}
	}
	if got, want := get("/org?as_of=2026-11-20"), get("/org"); got != want {
		t.Errorf("as of today: %s, want the live answer %s", got, want)
	}
}

func must2[A, B any](a A, b B, err error) func(tb testing.TB) (A, B) {
	return func(tb testing.TB) (A, B) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return a, b
	}
}
