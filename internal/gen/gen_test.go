package gen

import (
	"context"
	"crypto/sha256"
	"fmt"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// tiny is a spec small enough for every test run on both databases.
var tiny = Spec{Name: "Tiny AS", Slug: "tiny", Departments: 2, Teams: 5, People: 40, ObjectivesPerOwner: 3, CheckIns: 13}

// day is the fixed "today" of the tests: a Wednesday.
var day = time.Date(2026, 11, 18, 15, 0, 0, 0, time.UTC)

func mustGenerate(tb testing.TB, db *store.DB, spec Spec, seed int64) Result {
	tb.Helper()
	res, err := Generate(context.Background(), db, Options{Spec: spec, Seed: seed, Now: day, Password: "generated-pw-1"})
	if err != nil {
		tb.Fatalf("Generate: %v", err)
	}
	return res
}

func TestGenerateWritesWhatItCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res := mustGenerate(t, db, tiny, 7)
		org := res.Org.ID
		c := res.Counts
		if c.Units != 1+2+5 || c.People != 40 {
			t.Errorf("units, people = %d, %d; want 8, 40", c.Units, c.People)
		}
		owners := 1 + 2 + 5 + 40
		if c.Objectives != 3*owners {
			t.Errorf("objectives = %d, want %d (3 per owner)", c.Objectives, 3*owners)
		}
		if c.KeyResults < 2*c.Objectives || c.KeyResults > 5*c.Objectives {
			t.Errorf("key results = %d, want 2 to 5 per objective of %d", c.KeyResults, c.Objectives)
		}
		objs, total, err := db.ListObjectives(ctx, org, store.ObjectiveFilter{PeriodID: res.Period.ID})
		if err != nil {
			t.Fatal(err)
		}
		if total != c.Objectives {
			t.Errorf("stored objectives = %d, want %d", total, c.Objectives)
		}
		ids := make([]int64, len(objs))
		for i := range objs {
			ids[i] = objs[i].ID
		}
		krs, err := db.ListKeyResults(ctx, org, ids, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(krs) != c.KeyResults {
			t.Errorf("stored key results = %d, want %d", len(krs), c.KeyResults)
		}
		krIDs := make([]int64, len(krs))
		for i := range krs {
			krIDs[i] = krs[i].ID
		}
		cis, err := db.ListCheckIns(ctx, org, krIDs, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(cis) != c.CheckIns {
			t.Errorf("stored check-ins = %d, want %d", len(cis), c.CheckIns)
		}
		checkKRs(t, res, objs, krs, cis)
	})
}

// checkKRs checks that every key result is valid, that its cached values
// are those of its latest check-in, and that check-ins lie in the period
// before now.
func checkKRs(t *testing.T, res Result, objs []okr.Objective, krs []okr.KeyResult, cis []okr.CheckIn) {
	t.Helper()
	state := map[int64]okr.State{}
	for _, o := range objs {
		state[o.ID] = o.State
	}
	last := map[int64]okr.CheckIn{}
	weekly := map[int64]int{}
	for _, c := range cis {
		if c.At.Before(res.Period.Start) || !c.At.Before(day) {
			t.Fatalf("check-in at %v, want within %v … %v", c.At, res.Period.Start, day)
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("check-in %+v: %v", c, err)
		}
		last[c.KeyResultID] = c
		weekly[c.KeyResultID]++
	}
	kinds := map[okr.MetricKind]int{}
	for i := range krs {
		kr := &krs[i]
		kinds[kr.Metric.Kind]++
		if err := kr.Validate(); err != nil {
			t.Fatalf("key result %q: %v", kr.Title, err)
		}
		c, ok := last[kr.ID]
		if state[kr.ObjectiveID] == okr.StateDraft {
			if ok {
				t.Errorf("key result %d of a draft has check-ins", kr.ID)
			}
			continue
		}
		if !ok || kr.Current == nil || *kr.Current != c.Value || kr.Confidence != c.Confidence || !kr.LastCheckInAt.Equal(c.At) {
			t.Fatalf("key result %d caches %v/%s/%v, want the latest check-in's %v/%s/%v", kr.ID, kr.Current, kr.Confidence, kr.LastCheckInAt, c.Value, c.Confidence, c.At)
		}
		if n := weekly[kr.ID]; n > 13 || n < 6 {
			t.Errorf("key result %d has %d check-ins, want 13 (fewer only when stale)", kr.ID, n)
		}
	}
	for _, k := range []okr.MetricKind{okr.MetricIncrease, okr.MetricDecrease, okr.MetricStayAbove, okr.MetricStayBelow, okr.MetricBoolean, okr.MetricMilestones} {
		if kinds[k] == 0 {
			t.Errorf("no key result of kind %s", k)
		}
	}
}

func TestGenerateAlignsLevels(t *testing.T) {
	db := storetest.Open(t, store.DialectSQLite)
	ctx := context.Background()
	res := mustGenerate(t, db, tiny, 3)
	objs, _, err := db.ListObjectives(ctx, res.Org.ID, store.ObjectiveFilter{})
	if err != nil {
		t.Fatal(err)
	}
	units, err := db.ListUnits(ctx, res.Org.ID, store.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	byUnit := map[int64]okr.Unit{}
	for _, u := range units {
		byUnit[u.ID] = u
	}
	byID := map[int64]okr.Objective{}
	for _, o := range objs {
		byID[o.ID] = o
	}
	aligned := 0
	for _, o := range objs {
		if o.ParentID == nil || o.Owner.UnitID == nil {
			continue
		}
		aligned++
		parent := byID[*o.ParentID]
		want := byUnit[*o.Owner.UnitID].ParentID
		if parent.Owner.UnitID == nil || want == nil || *parent.Owner.UnitID != *want {
			t.Errorf("objective %q of unit %d sits under %q of %v, want an objective of the parent unit %v",
				o.Title, *o.Owner.UnitID, parent.Title, parent.Owner.UnitID, want)
		}
	}
	if aligned < 3*2 {
		t.Errorf("%d unit objectives aligned, want at least the departments' 6", aligned)
	}
}

func TestGenerateIsReproducible(t *testing.T) {
	run := func(seed int64) string {
		db := storetest.Open(t, store.DialectSQLite)
		return digest(t, db, mustGenerate(t, db, tiny, seed))
	}
	a, b, c := run(11), run(11), run(12)
	if a != b {
		t.Errorf("two runs with seed 11 differ: %s vs %s", a, b)
	}
	if a == c {
		t.Errorf("seeds 11 and 12 gave the same organisation %s", a)
	}
}

// digest hashes what a generated organisation says: its people, objectives,
// key results and check-ins.
func digest(t *testing.T, db *store.DB, res Result) string {
	t.Helper()
	ctx := context.Background()
	h := sha256.New()
	people, _, err := db.ListPeople(ctx, res.Org.ID, store.PersonFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		fmt.Fprintln(h, p.Name, p.Email, *p.UnitID)
	}
	objs, _, err := db.ListObjectives(ctx, res.Org.ID, store.ObjectiveFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(objs))
	for i, o := range objs {
		ids[i] = o.ID
		fmt.Fprintln(h, o.Title, o.Description, o.ParentID != nil, o.State, o.Contributes)
	}
	krs, err := db.ListKeyResults(ctx, res.Org.ID, ids, false)
	if err != nil {
		t.Fatal(err)
	}
	krIDs := make([]int64, len(krs))
	for i, kr := range krs {
		krIDs[i] = kr.ID
		fmt.Fprintln(h, kr.Title, kr.Metric, kr.Owner.PersonID != nil, kr.Owner.UnitID != nil)
	}
	cis, err := db.ListCheckIns(ctx, res.Org.ID, krIDs, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cis {
		fmt.Fprintln(h, c.Value, c.Confidence, c.Comment, c.At.Unix())
	}
	return fmt.Sprintf("%x", h.Sum(nil))[:16]
}

func TestGenerateRejectsATakenSlugAndBadSpecs(t *testing.T) {
	db := storetest.Open(t, store.DialectSQLite)
	mustGenerate(t, db, tiny, 1)
	_, err := Generate(context.Background(), db, Options{Spec: tiny, Now: day})
	if got := okr.ErrorCode(err); got != okr.ECONFLICT {
		t.Errorf("second Generate with slug tiny: code %q (%v), want %q", got, err, okr.ECONFLICT)
	}
	bad := tiny
	bad.People = 10
	if _, err := Generate(context.Background(), db, Options{Spec: bad, Now: day}); okr.ErrorCode(err) != okr.EINVALID {
		t.Errorf("Generate with 10 people for 5 teams: %v, want EINVALID", err)
	}
	if _, err := SpecFor("huge"); okr.ErrorCode(err) != okr.EINVALID {
		t.Errorf("SpecFor(huge): %v, want EINVALID", err)
	}
}

func TestBuildMatchesGenerate(t *testing.T) {
	db := storetest.Open(t, store.DialectSQLite)
	res := mustGenerate(t, db, tiny, 5)
	m, err := Build(Options{Spec: tiny, Seed: 5, Now: day})
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts != res.Counts {
		t.Errorf("Build counts %+v, want Generate's %+v", m.Counts, res.Counts)
	}
	objs, _, err := db.ListObjectives(context.Background(), res.Org.ID, store.ObjectiveFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) != len(m.Objectives) {
		t.Fatalf("Build made %d objectives, Generate %d", len(m.Objectives), len(objs))
	}
	for i := range objs {
		if got, want := m.Objectives[i].Title, objs[i].Title; got != want {
			t.Fatalf("objective %d: Build %q, Generate %q", i, got, want)
		}
	}
	if len(m.CheckIns) != res.Counts.CheckIns || len(m.KeyResults) != res.Counts.KeyResults {
		t.Errorf("Build holds %d check-ins and %d key results, counts say %d and %d", len(m.CheckIns), len(m.KeyResults), res.Counts.CheckIns, res.Counts.KeyResults)
	}
}

// TestGenerateMedium is the smoke run of a named size: 1,000 people on
// SQLite in a few seconds (the large size runs from docs/performance.md).
func TestGenerateMedium(t *testing.T) {
	spec, err := SpecFor("medium")
	if err != nil {
		t.Fatal(err)
	}
	res := mustGenerate(t, storetest.Open(t, store.DialectSQLite), spec, 1)
	c := res.Counts
	if c.People != 1000 || c.Units != 111 || c.Objectives != 3*(1+10+100+1000) {
		t.Errorf("people, units, objectives = %d, %d, %d; want 1000, 111, 3333", c.People, c.Units, c.Objectives)
	}
	if c.CheckIns < 11*c.KeyResults || c.CheckIns > 13*c.KeyResults {
		t.Errorf("%d check-ins for %d key results, want about 13 each", c.CheckIns, c.KeyResults)
	}
	if c.Initiatives == 0 || c.KPIs == 0 || c.Links == 0 || c.TargetChanges == 0 {
		t.Errorf("counts %+v, want initiatives, KPIs, links and target changes", c)
	}
	t.Logf("medium on SQLite: %d rows in %v", c.Rows(), res.Elapsed)
}
