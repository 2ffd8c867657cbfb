package demo_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/password"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

func TestLoad(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res, err := demo.Load(ctx, db, now)
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		if !res.Created || res.Email == "" || res.Password == "" {
			t.Fatalf("Load = %+v, want a created demo with a sign-in", res)
		}
		again, err := demo.Load(ctx, db, now)
		if err != nil || again.Created || again.OrgID != res.OrgID {
			t.Fatalf("second Load = %+v, %v; want the existing demo untouched", again, err)
		}
		cur, err := db.CurrentPeriod(ctx, res.OrgID, now)
		if err != nil || cur.Name != "Q4 2026" {
			t.Fatalf("CurrentPeriod = %v, %v; want Q4 2026", cur.Name, err)
		}
		objs, _, err := db.ListObjectives(ctx, res.OrgID, store.ObjectiveFilter{PeriodID: cur.ID})
		if err != nil || len(objs) < 8 {
			t.Fatalf("ListObjectives = %d, %v; want at least 8", len(objs), err)
		}
		levels := map[okr.Level]int{}
		units, _ := db.ListUnits(ctx, res.OrgID, store.UnitFilter{})
		byID := map[int64]*okr.Unit{}
		for i := range units {
			byID[units[i].ID] = &units[i]
		}
		ids := make([]int64, len(objs))
		for i, o := range objs {
			levels[okr.LevelOf(o.Owner, byID)]++
			ids[i] = o.ID
		}
		for _, l := range []okr.Level{okr.LevelCompany, okr.LevelDepartment, okr.LevelTeam, okr.LevelIndividual} {
			if levels[l] == 0 {
				t.Errorf("no %s-level objective in the demo (levels %v)", l, levels)
			}
		}
		krs, err := db.ListKeyResults(ctx, res.OrgID, ids, false)
		if err != nil {
			t.Fatal(err)
		}
		stale, checked := 0, 0
		krIDs := make([]int64, len(krs))
		objOf := map[int64]*okr.Objective{}
		for i := range objs {
			objOf[objs[i].ID] = &objs[i]
		}
		live := &okr.Period{Start: now.AddDate(0, -1, 0), End: now.AddDate(0, 1, 0)} // staleness alone, whatever the demo's period
		for i := range krs {
			krIDs[i] = krs[i].ID
			o := *objOf[krs[i].ObjectiveID]
			o.State = okr.StatePublished
			if _, due := okr.CheckInDue(&krs[i], &o, live, okr.DefaultPace(), now); due && krs[i].Current != nil {
				stale++
			}
			if krs[i].Current != nil {
				checked++
			}
		}
		if stale == 0 || checked < len(krs)-2 {
			t.Errorf("%d of %d KRs checked in, %d stale; want nearly all checked in and some stale", checked, len(krs), stale)
		}
		cis, err := db.ListCheckIns(ctx, res.OrgID, krIDs, nil)
		if err != nil || len(cis) < 6*len(krs) {
			t.Errorf("ListCheckIns = %d, %v; want weekly history (≥ %d)", len(cis), err, 6*len(krs))
		}
		tcs, err := db.ListTargetChanges(ctx, res.OrgID, krIDs)
		if err != nil || len(tcs) != 1 || tcs[0].NewTarget != 35 || tcs[0].AuthorID == 0 || tcs[0].Reason == "" {
			t.Errorf("ListTargetChanges = %+v, %v; want the week-1 raise to 35 by a person, with its reason", tcs, err)
		}
		// The history has people in it, as a real one would: every check-in,
		// KPI reading and grade has an author.
		all := allKRIDs(t, db, res.OrgID)
		every, err := db.ListCheckIns(ctx, res.OrgID, all, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range every {
			if c.AuthorID == 0 {
				t.Fatalf("check-in %+v has no author", c)
			}
		}
		kpis, _ := db.ListKPIs(ctx, res.OrgID, false)
		kpiIDs := make([]int64, len(kpis))
		for i, k := range kpis {
			kpiIDs[i] = k.ID
		}
		values, err := db.ListKPIValues(ctx, res.OrgID, kpiIDs, nil)
		if err != nil || len(values) == 0 {
			t.Fatalf("ListKPIValues = %d, %v", len(values), err)
		}
		for _, v := range values {
			if v.AuthorID == 0 {
				t.Fatalf("KPI reading %+v has no author", v)
			}
		}
		grades, err := db.ListGrades(ctx, res.OrgID, all)
		if err != nil || len(grades) == 0 {
			t.Fatalf("ListGrades = %d, %v", len(grades), err)
		}
		for _, g := range grades {
			if g.GradedBy == 0 {
				t.Fatalf("grade %+v has no author", g)
			}
		}
		assertSeed004Graded(t, db, res.OrgID)
	})
}

func assertSeed004Graded(t *testing.T, db *store.DB, orgID int64) {
	ctx := context.Background()
	objs, _, err := db.ListObjectives(ctx, orgID, store.ObjectiveFilter{Query: "cyklar"})
	if err != nil || len(objs) != 1 {
		t.Fatalf("the seed 004 objective: %d found, %v", len(objs), err)
	}
	krs, err := db.ListKeyResults(ctx, orgID, []int64{objs[0].ID}, false)
	if err != nil {
		t.Fatal(err)
	}
	ids := []int64{}
	ptrs := []*okr.KeyResult{}
	for i := range krs {
		ids = append(ids, krs[i].ID)
		ptrs = append(ptrs, &krs[i])
	}
	grades, err := db.ListGrades(ctx, orgID, ids)
	if err != nil {
		t.Fatal(err)
	}
	score, _ := okr.ObjectiveScore(ptrs, grades)
	if math.Abs(score-0.5667) > 0.001 || okr.VerdictFor(score, 0.6, 0.7) != okr.VerdictTooAmbitious {
		t.Errorf("seed 004 score = %.4f (%s), want ≈0.5667, too ambitious", score, okr.VerdictFor(score, 0.6, 0.7))
	}
	p, _ := db.GetPeriod(ctx, orgID, objs[0].PeriodID)
	if !p.Closed {
		t.Errorf("the graded period %s is open, want closed", p.Name)
	}
}

// allKRIDs returns the ids of every key result of the organisation.
func allKRIDs(t *testing.T, db *store.DB, orgID int64) []int64 {
	t.Helper()
	ctx := context.Background()
	objs, _, err := db.ListObjectives(ctx, orgID, store.ObjectiveFilter{IncludeArchived: true})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(objs))
	for i, o := range objs {
		ids[i] = o.ID
	}
	krs, err := db.ListKeyResults(ctx, orgID, ids, true)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]int64, len(krs))
	for i, kr := range krs {
		out[i] = kr.ID
	}
	return out
}

// TestAccountsSignIn checks that every account the demo prints exists with
// its kind of rights and signs in with the printed password.
func TestAccountsSignIn(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, store.DialectSQLite)
	res, err := demo.Load(ctx, db, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	units, err := db.ListUnits(ctx, res.OrgID, store.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range demo.Accounts() {
		p, err := db.GetPersonByEmail(ctx, a.Email)
		if err != nil {
			t.Fatalf("%s %s: %v", a.Kind, a.Email, err)
		}
		if p.Name != a.Name {
			t.Errorf("%s: name %q, want %q", a.Email, p.Name, a.Name)
		}
		hash, err := db.PasswordHash(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _, err := password.Verify(a.Password, hash); err != nil || !ok {
			t.Errorf("%s: the printed password does not sign in (%v)", a.Email, err)
		}
		leads := false
		for _, u := range units {
			if slices.Contains(u.LeadIDs, p.ID) {
				leads = true
			}
		}
		switch a.Kind {
		case "admin":
			if p.Role != okr.RoleAdmin {
				t.Errorf("%s: role %s, want admin", a.Email, p.Role)
			}
		case "team lead":
			if p.Role == okr.RoleAdmin || !leads {
				t.Errorf("%s: role %s, leads %v: want a member who leads a unit", a.Email, p.Role, leads)
			}
		case "member":
			if p.Role == okr.RoleAdmin || leads {
				t.Errorf("%s: role %s, leads %v: want a member who leads nothing", a.Email, p.Role, leads)
			}
		}
	}
}
