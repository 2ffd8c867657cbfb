package coach

import (
	"slices"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

var now = time.Date(2025, 5, 15, 12, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// org returns a small organisation: the company (1) with a marketing
// department (2) and a web team under it (3), two people, and Q2 2025 (1).
func org() Set {
	return Set{
		Now: now,
		Units: []*okr.Unit{
			{ID: 1, Name: "Art By X", Kind: okr.UnitCompany},
			{ID: 2, ParentID: ptr(int64(1)), Name: "Marked", Kind: okr.UnitDepartment},
			{ID: 3, ParentID: ptr(int64(2)), Name: "Nett", Kind: okr.UnitTeam},
		},
		People: []*okr.Person{{ID: 10, Name: "Karoline"}, {ID: 11, Name: "Kristo"}},
		Periods: []*okr.Period{{ID: 1, Name: "Q2 2025", Kind: okr.PeriodQuarter,
			Start: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)}},
	}
}

func objective(id int64, owner okr.Owner, parent *int64) *okr.Objective {
	return &okr.Objective{ID: id, PeriodID: 1, Title: "Mål", Owner: owner, ParentID: parent, Weight: 1, State: okr.StatePublished}
}

func unit(id int64) okr.Owner   { return okr.Owner{UnitID: &id} }
func person(id int64) okr.Owner { return okr.Owner{PersonID: &id} }

// findingsOf returns the findings of rule.
func findingsOf(fs []Finding, rule string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.RuleID == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestObjectiveCount(t *testing.T) {
	s := org()
	for i := range 4 {
		s.Objectives = append(s.Objectives, objective(int64(100+i), person(10), ptr(int64(1))))
	}
	for i := range 6 {
		s.Objectives = append(s.Objectives, objective(int64(200+i), unit(3), ptr(int64(1))))
	}
	s.Objectives = append(s.Objectives, objective(300, person(11), ptr(int64(1))))
	archived := objective(301, person(11), ptr(int64(1)))
	archived.Archived = true
	s.Objectives = append(s.Objectives, archived, archived, archived, archived)

	fs := findingsOf(New(okr.DefaultSettings()).WithLanguage("en").CheckSet(s), RuleObjectiveCount)
	if len(fs) != 2 {
		t.Fatalf("got %d objective-count findings, want 2: %v", len(fs), fs)
	}
	if f := fs[0]; f.Severity != SeverityWarning || *f.Target.Owner.PersonID != 10 ||
		f.Message != "Karoline has 4 objectives in one period; more than 3 splits the focus." {
		t.Errorf("person: got %s %q, want a warning about Karoline's 4 objectives", f.Severity, f.Message)
	}
	if f := fs[1]; f.Severity != SeverityError || *f.Target.Owner.UnitID != 3 || f.Args["max"] != "5" {
		t.Errorf("team: got %s %v, want an error above the hard limit 5", f.Severity, f.Args)
	}

	settings := okr.DefaultSettings()
	settings.Rules = map[string]string{RuleObjectiveCount: "info"}
	for _, f := range findingsOf(New(settings).CheckSet(s), RuleObjectiveCount) {
		if f.Severity != SeverityInfo {
			t.Errorf("tuned to info: got %s, want info", f.Severity)
		}
	}
	settings.Rules[RuleObjectiveCount] = "off"
	if fs := findingsOf(New(settings).CheckSet(s), RuleObjectiveCount); len(fs) != 0 {
		t.Errorf("switched off: got %d findings, want 0", len(fs))
	}
}

func TestOnlyCompanyOKRs(t *testing.T) {
	s := org()
	s.Objectives = []*okr.Objective{objective(1, unit(1), nil), objective(2, okr.Owner{}, nil)}
	fs := findingsOf(New(okr.DefaultSettings()).CheckSet(s), RuleOnlyCompanyOKRs)
	if len(fs) != 1 || fs[0].Target.Kind != TargetPeriod || fs[0].Target.PeriodID != 1 || fs[0].Args["n"] != "2" {
		t.Fatalf("only company objectives: got %v, want one finding about period 1 with n=2", fs)
	}
	if fs[0].Severity != SeverityInfo {
		t.Errorf("severity: got %s, want info", fs[0].Severity)
	}
	s.Objectives = append(s.Objectives, objective(3, unit(2), ptr(int64(1))))
	if fs := findingsOf(New(okr.DefaultSettings()).CheckSet(s), RuleOnlyCompanyOKRs); len(fs) != 0 {
		t.Errorf("with a department objective: got %v, want none", fs)
	}
}

func TestObjectiveNotAligned(t *testing.T) {
	s := org()
	contributes := objective(4, unit(3), nil)
	contributes.Contributes = []int64{1}
	s.Objectives = []*okr.Objective{
		objective(1, unit(1), nil),                           // company: fine
		objective(2, unit(2), ptr(int64(1))),                 // aligned under 1
		objective(3, person(10), nil),                        // individual, not aligned
		contributes,                                          // contributes to 1
		objective(5, unit(3), nil),                           // team, not aligned
		{ID: 6, PeriodID: 1, Owner: unit(3), Archived: true}, // archived
	}
	var got []int64
	for _, f := range findingsOf(New(okr.DefaultSettings()).CheckSet(s), RuleObjectiveNotAligned) {
		got = append(got, f.Target.ID)
	}
	if !slices.Equal(got, []int64{3, 5}) {
		t.Errorf("not aligned: got objectives %v, want [3 5]", got)
	}
}

func TestStaleKeyResults(t *testing.T) {
	s := org()
	draft := objective(2, unit(2), ptr(int64(1)))
	draft.State = okr.StateDraft
	s.Objectives = []*okr.Objective{objective(1, unit(2), nil), draft}
	s.KeyResults = []*okr.KeyResult{
		{ID: 11, ObjectiveID: 1, Position: 0, LastCheckInAt: ptr(now.Add(-8 * 24 * time.Hour))},
		{ID: 12, ObjectiveID: 1, Position: 1, LastCheckInAt: ptr(now.Add(-6 * 24 * time.Hour))},
		{ID: 13, ObjectiveID: 1, Position: 2, CreatedAt: now.Add(-10 * 24 * time.Hour)},
		{ID: 14, ObjectiveID: 1, Position: 3, CreatedAt: now.Add(-30 * 24 * time.Hour), Archived: true},
		{ID: 15, ObjectiveID: 1, Position: 4}, // from a file: no creation time, so since the period's start
		{ID: 21, ObjectiveID: 2, CreatedAt: now.Add(-30 * 24 * time.Hour)},
	}
	fs := findingsOf(New(okr.DefaultSettings()).CheckSet(s), RuleKRStale)
	var ids []int64
	for _, f := range fs {
		ids = append(ids, f.Target.ID)
	}
	if !slices.Equal(ids, []int64{11, 13, 15}) {
		t.Fatalf("stale: got KRs %v, want [11 13 15]", ids)
	}
	if got := fs[2].Args["days"]; got != "44" {
		t.Errorf("KR 15: got %s days, want 44 (since 1 April)", got)
	}
	if fs[0].Args["days"] != "8" || fs[0].Target.ObjectiveID != 1 || fs[0].Target.Index != 0 {
		t.Errorf("stale KR 11: got %+v %v, want 8 days, objective 1, index 0", fs[0].Target, fs[0].Args)
	}
	if fs[0].Message != "Ingen innsjekk på 8 dager: publiserte nøkkelresultater bør sjekkes inn hver uke." {
		t.Errorf("message: got %q", fs[0].Message)
	}

	s.Periods[0].Closed = true
	if fs := findingsOf(New(okr.DefaultSettings()).CheckSet(s), RuleKRStale); len(fs) != 0 {
		t.Errorf("closed period: got %d stale findings, want 0", len(fs))
	}
}

func TestGradingVerdicts(t *testing.T) {
	grade := func(kr int64, score float64) *okr.Grade { return &okr.Grade{KeyResultID: kr, Score: score} }
	krs := func(obj int64, ids ...int64) []*okr.KeyResult {
		var out []*okr.KeyResult
		for i, id := range ids {
			out = append(out, &okr.KeyResult{ID: id, ObjectiveID: obj, Position: i, Weight: 1,
				LastCheckInAt: ptr(now)})
		}
		return out
	}
	s := org()
	s.Objectives = []*okr.Objective{
		objective(1, unit(1), nil), // seed 004: 50 %, 100 %, 20 % → 57 %
		objective(2, unit(1), nil), // all 100 %
		objective(3, unit(1), nil), // 60, 70, 65 → right level
		objective(4, unit(1), nil), // not fully graded
	}
	for _, o := range s.Objectives {
		o.State = okr.StateClosed
	}
	s.KeyResults = slices.Concat(krs(1, 11, 12, 13), krs(2, 21, 22), krs(3, 31, 32, 33), krs(4, 41, 42))
	s.Grades = []*okr.Grade{grade(11, 0.5), grade(12, 1), grade(13, 0.2), grade(21, 1), grade(22, 1),
		grade(31, 0.6), grade(32, 0.7), grade(33, 0.65), grade(41, 0.1)}

	fs := New(okr.DefaultSettings()).WithLanguage("sv").CheckSet(s)
	low := findingsOf(fs, RuleGradingTooLow)
	if len(low) != 1 || low[0].Target.ID != 1 || low[0].Args["score"] != "57" {
		t.Fatalf("too low: got %v, want objective 1 at 57 %%", low)
	}
	if want := "Målet fick 57 %, under intervallet 60–70 %: det var för utmanande."; low[0].Message != want {
		t.Errorf("message: got %q, want %q", low[0].Message, want)
	}
	perfect := findingsOf(fs, RuleGradingAllPerfect)
	if len(perfect) != 1 || perfect[0].Target.ID != 2 {
		t.Errorf("all perfect: got %v, want objective 2", perfect)
	}
}

// TestCheckAll checks that text findings on stored OKRs carry ids.
func TestCheckAll(t *testing.T) {
	s := org()
	s.Objectives = []*okr.Objective{{ID: 7, PeriodID: 1, Title: "Selge mer", Owner: unit(1), Weight: 1, State: okr.StateDraft}}
	s.KeyResults = []*okr.KeyResult{
		{ID: 71, ObjectiveID: 7, Position: 1, Title: "Øke salget", Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 5, Target: 5}},
		{ID: 70, ObjectiveID: 7, Position: 0, Title: "Lage en kampanje på Instagram", Metric: okr.Metric{Kind: okr.MetricBoolean}},
	}
	fs := New(okr.DefaultSettings()).CheckAll(s)
	type got struct {
		rule string
		kind TargetKind
		id   int64
	}
	var gots []got
	for _, f := range fs {
		gots = append(gots, got{f.RuleID, f.Target.Kind, f.Target.ID})
	}
	want := []got{
		{RuleOnlyCompanyOKRs, TargetPeriod, 0},
		{RuleObjectiveGeneric, TargetObjective, 7},
		{RuleKRIsActivity, TargetKeyResult, 70},
		{RuleKRNoTarget, TargetKeyResult, 71},
	}
	if !slices.Equal(gots, want) {
		t.Errorf("got %v, want %v", gots, want)
	}
}

// TestCheckSetCountsKRs checks that the health view counts key results,
// archived ones left out.
func TestCheckSetCountsKRs(t *testing.T) {
	s := org()
	s.Objectives = []*okr.Objective{objective(1, unit(1), nil), objective(2, unit(2), ptr(int64(1)))}
	s.KeyResults = []*okr.KeyResult{
		{ID: 11, ObjectiveID: 1, LastCheckInAt: ptr(now)}, {ID: 12, ObjectiveID: 1, LastCheckInAt: ptr(now)},
		{ID: 21, ObjectiveID: 2, LastCheckInAt: ptr(now)}, {ID: 22, ObjectiveID: 2, Archived: true},
	}
	fs := findingsOf(New(okr.DefaultSettings()).CheckSet(s), RuleKRCount)
	if len(fs) != 1 || fs[0].Target.ID != 2 || fs[0].Key != "kr-count.few" || fs[0].Args["n"] != "1" {
		t.Errorf("got %v, want one kr-count.few on objective 2 with n=1", fs)
	}
}
