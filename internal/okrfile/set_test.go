package okrfile

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// asStored turns a Set with file-local ids into what a store would hand to
// an exporter: new ids in another order, lists shuffled, no keys, positions
// counted differently, times in another zone and store-only fields set.
func asStored(s *Set, r *rand.Rand) *Set {
	ids := map[string]map[int64]int64{}
	next := int64(1000)
	id := func(kind string, old int64) int64 {
		if old == 0 {
			return 0
		}
		if ids[kind] == nil {
			ids[kind] = map[int64]int64{}
		}
		if n, ok := ids[kind][old]; ok {
			return n
		}
		next += int64(1 + r.IntN(50))
		ids[kind][old] = next
		return next
	}
	ptr := func(kind string, p *int64) *int64 {
		if p == nil {
			return nil
		}
		n := id(kind, *p)
		return &n
	}
	oslo := time.FixedZone("CET", 3600)
	at := func(t time.Time) time.Time { return t.In(oslo) }
	owner := func(o okr.Owner) okr.Owner {
		return okr.Owner{UnitID: ptr("unit", o.UnitID), PersonID: ptr("person", o.PersonID)}
	}

	out := &Set{Org: s.Org}
	for _, u := range s.Units {
		u.ID, u.ParentID, u.OrgID, u.Version = id("unit", u.ID), ptr("unit", u.ParentID), 7, 3
		leads := []int64{}
		for _, l := range u.LeadIDs {
			leads = append(leads, id("person", l))
		}
		u.LeadIDs = leads
		out.Units = append(out.Units, u)
	}
	for _, p := range s.People {
		p.ID, p.UnitID, p.OrgID = id("person", p.ID), ptr("unit", p.UnitID), 7
		out.People = append(out.People, p)
	}
	for _, p := range s.Periods {
		p.ID, p.Start, p.End = id("period", p.ID), at(p.Start), at(p.End)
		out.Periods = append(out.Periods, p)
	}
	for _, k := range s.KPIs {
		k.ID, k.OwnerUnitID = id("kpi", k.ID), ptr("unit", k.OwnerUnitID)
		out.KPIs = append(out.KPIs, k)
	}
	for _, v := range s.KPIValues {
		v.ID, v.KPIID, v.AuthorID, v.At = id("kpivalue", v.ID), id("kpi", v.KPIID), id("person", v.AuthorID), at(v.At)
		out.KPIValues = append(out.KPIValues, v)
	}
	for _, o := range s.Objectives {
		o.ID, o.PeriodID, o.Owner, o.ParentID = id("objective", o.ID), id("period", o.PeriodID), owner(o.Owner), ptr("objective", o.ParentID)
		o.CreatedAt, o.UpdatedAt, o.Version = time.Now(), time.Now(), 4
		var cs []int64
		for _, c := range o.Contributes {
			cs = append(cs, id("objective", c))
		}
		o.Contributes = cs
		out.Objectives = append(out.Objectives, o)
	}
	for _, k := range s.KeyResults {
		k.ID, k.ObjectiveID, k.Owner, k.KPIID = id("kr", k.ID), id("objective", k.ObjectiveID), owner(k.Owner), ptr("kpi", k.KPIID)
		k.Position = k.Position*10 + 1
		k.CreatedAt = time.Now()
		ms := make([]okr.Milestone, len(k.Milestones))
		for i, m := range k.Milestones {
			m.ID = id("milestone", m.ID)
			ms[i] = m
		}
		k.Milestones = ms
		out.KeyResults = append(out.KeyResults, k)
	}
	for _, in := range s.Initiatives {
		in.ID, in.KeyResultID, in.OwnerPersonID = id("initiative", in.ID), id("kr", in.KeyResultID), ptr("person", in.OwnerPersonID)
		out.Initiatives = append(out.Initiatives, in)
	}
	for _, c := range s.CheckIns {
		c.ID, c.KeyResultID, c.AuthorID, c.At = id("checkin", c.ID), id("kr", c.KeyResultID), id("person", c.AuthorID), at(c.At)
		var done []int64
		for _, m := range c.MilestonesDone {
			done = append(done, id("milestone", m))
		}
		c.MilestonesDone = done
		out.CheckIns = append(out.CheckIns, c)
	}
	for _, tc := range s.TargetChanges {
		tc.ID, tc.KeyResultID, tc.AuthorID, tc.At = id("tc", tc.ID), id("kr", tc.KeyResultID), id("person", tc.AuthorID), at(tc.At)
		out.TargetChanges = append(out.TargetChanges, tc)
	}
	for _, g := range s.Grades {
		g.KeyResultID, g.GradedBy, g.At = id("kr", g.KeyResultID), id("person", g.GradedBy), at(g.At)
		out.Grades = append(out.Grades, g)
	}
	shuffle(r, out.Units)
	shuffle(r, out.People)
	shuffle(r, out.Periods)
	shuffle(r, out.KPIs)
	shuffle(r, out.KPIValues)
	shuffle(r, out.Objectives)
	shuffle(r, out.KeyResults)
	shuffle(r, out.Initiatives)
	shuffle(r, out.CheckIns)
	shuffle(r, out.TargetChanges)
	shuffle(r, out.Grades)
	return out
}

func shuffle[T any](r *rand.Rand, xs []T) {
	r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
}

func mustFromSet(tb testing.TB, s *Set) *File {
	tb.Helper()
	f, err := FromSet(s)
	if err != nil {
		tb.Fatalf("FromSet: %v", err)
	}
	return f
}

// Export → import into an empty store → export gives identical bytes, here
// with the store simulated by asStored: whatever ids and list order the
// store uses, FromSet puts everything in the same canonical order and makes
// the same keys.
func TestExportImportExport(t *testing.T) {
	f := mustDecode(t, mustRead(t, examplePath), "artbyx.yaml")
	r := rand.New(rand.NewPCG(5, 6))
	out1 := mustEncode(t, mustFromSet(t, asStored(f.Set(), r)))
	imported := mustDecode(t, out1, "export1.yaml")
	out2 := mustEncode(t, mustFromSet(t, asStored(imported.Set(), r)))
	if !bytes.Equal(out1, out2) {
		t.Fatalf("second export differs from the first:\n--- first\n%s\n--- second\n%s", out1, out2)
	}
	// The export carries the example's content. The store keeps no keys, so
	// objectives are matched by title.
	byTitle := map[string]*ObjectiveRec{}
	for _, o := range imported.Objectives {
		byTitle[o.Objective.Title] = o
	}
	for _, o := range f.Objectives {
		got := byTitle[o.Objective.Title]
		if got == nil {
			t.Errorf("objective %q is missing from the export", o.Objective.Title)
			continue
		}
		if len(got.KeyResults) != len(o.KeyResults) || len(got.ContributesTo) != len(o.ContributesTo) || (got.ParentKey == "") != (o.ParentKey == "") {
			t.Errorf("objective %q: got %+v, want %+v", o.Objective.Title, got, o)
		}
		for i, kr := range o.KeyResults {
			if len(got.KeyResults) > i && !reflect.DeepEqual(withoutIDs(got.KeyResults[i].KeyResult), withoutIDs(kr.KeyResult)) {
				t.Errorf("KR %q: got %+v, want %+v", kr.KeyResult.Title, got.KeyResults[i].KeyResult, kr.KeyResult)
			}
		}
	}
}

// FromSet gives the same File that Decode gives for its encoding.
func TestFromSetMatchesDecode(t *testing.T) {
	f := mustDecode(t, mustRead(t, examplePath), "artbyx.yaml")
	s := asStored(f.Set(), rand.New(rand.NewPCG(7, 8)))
	s.ObjectiveKeys = map[int64]string{s.Objectives[0].ID: "kept-key"}
	built := mustFromSet(t, s)
	decoded := mustDecode(t, mustEncode(t, built), "built.yaml")
	if a, b := withoutPositions(built), withoutPositions(decoded); !reflect.DeepEqual(a, b) {
		t.Errorf("FromSet and Decode(Encode(FromSet)) differ:\n%s", diffFiles(a, b))
	}
	if built.Objective("kept-key") == nil {
		t.Errorf("the objective key given in the Set was not kept")
	}
	if got := built.Units[0].Key; got != "art-by-x" {
		t.Errorf("generated root unit key = %q, want art-by-x", got)
	}
	if got := built.Periods[0].Period.Name; got != "2024 Q4" {
		t.Errorf("first period = %q, want 2024 Q4 (periods in date order)", got)
	}
}

func TestFromSetErrors(t *testing.T) {
	period := okr.Period{ID: 1, Name: "Q1", Kind: okr.PeriodQuarter, Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)}
	unit, missing := int64(5), int64(99)
	s := &Set{
		Units:      []okr.Unit{{ID: 5, Name: "A", Kind: okr.UnitCompany}},
		Periods:    []okr.Period{period},
		Objectives: []okr.Objective{{ID: 1, PeriodID: 1, Title: "T", Owner: okr.Owner{UnitID: &unit}, ParentID: &missing}, {ID: 1, PeriodID: 2, Title: "U"}},
		KeyResults: []okr.KeyResult{{ID: 3, ObjectiveID: 1, Title: "K"}, {ID: 4, ObjectiveID: 42, Title: "L"}},
		CheckIns:   []okr.CheckIn{{ID: 1, KeyResultID: 3, AuthorID: 77}},
	}
	_, err := FromSet(s)
	if err == nil {
		t.Fatal("FromSet of a broken set: got no error")
	}
	for _, want := range []string{"two objectives have id 1", "objective 99 is not in the set", "objective 42 is not in the set", "person 77 is not in the set"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

// File.Set lists units parents first, so an importer can insert in order.
func TestSetParentsFirst(t *testing.T) {
	src := base + "units:\n  - {key: team, name: T, parent: dept}\n  - {key: dept, name: D, parent: acme}\n  - {key: acme, name: Acme}\n"
	src = strings.Replace(src, "units: [{key: acme, name: Acme}]\n", "", 1)
	f := mustDecode(t, []byte(src), "units.yaml")
	var order []string
	for _, u := range f.Set().Units {
		order = append(order, f.Set().UnitKeys[u.ID])
	}
	if got := strings.Join(order, ","); got != "acme,dept,team" {
		t.Errorf("Set().Units order = %s, want acme,dept,team", got)
	}
}

// withoutIDs clears the file-local ids of a key result, which depend on
// the order of the file.
func withoutIDs(kr okr.KeyResult) okr.KeyResult {
	kr.ID, kr.ObjectiveID, kr.Position, kr.KPIID, kr.Owner = 0, 0, 0, nil, okr.Owner{}
	ms := make([]okr.Milestone, len(kr.Milestones))
	for i, m := range kr.Milestones {
		m.ID = 0
		ms[i] = m
	}
	kr.Milestones = ms
	return kr
}
