package okrfile

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// The example's content arrives as okr values: defaults, inferred kinds,
// references as file-local ids, values derived from check-ins.
func TestExampleContent(t *testing.T) {
	f := mustDecode(t, mustRead(t, examplePath), "artbyx.yaml")

	units := map[int64]*okr.Unit{}
	for _, u := range f.Units {
		units[u.Unit.ID] = &u.Unit
	}
	for key, want := range map[string]okr.UnitKind{"artbyx": okr.UnitCompany, "marketing": okr.UnitDepartment, "sosiale-medier": okr.UnitTeam, "sales": okr.UnitDepartment} {
		if got := f.Unit(key).Unit.Kind; got != want {
			t.Errorf("unit %s kind = %q, want %q", key, got, want)
		}
	}
	if got, want := *f.Unit("sosiale-medier").Unit.ParentID, f.Unit("marketing").Unit.ID; got != want {
		t.Errorf("sosiale-medier ParentID = %d, want %d (marketing)", got, want)
	}
	if got := f.Person("Kristo@ArtByX.no"); got == nil || got.Person.Role != okr.RoleMember {
		t.Errorf("Person(Kristo@ArtByX.no) = %+v, want kristo with role member", got)
	}

	levels := map[string]okr.Level{"nettbutikk": okr.LevelCompany, "merkevare": okr.LevelDepartment, "kristo-linkedin": okr.LevelIndividual}
	for key, want := range levels {
		if got := okr.LevelOf(f.Objective(key).Objective.Owner, units); got != want {
			t.Errorf("LevelOf(%s) = %q, want %q", key, got, want)
		}
	}
	o := f.Objective("kjop-enkelt").Objective
	if *o.ParentID != f.Objective("nettbutikk").Objective.ID || !reflect.DeepEqual(o.Contributes, []int64{f.Objective("merkevare").Objective.ID}) {
		t.Errorf("kjop-enkelt ParentID = %d, Contributes = %v; want nettbutikk and [merkevare]", *o.ParentID, o.Contributes)
	}
	if got := f.Objective("kristo-linkedin").Objective.State; got != okr.StateDraft {
		t.Errorf("default state = %q, want draft", got)
	}

	krKinds := map[string]okr.MetricKind{
		"besokende": okr.MetricIncrease, "kostnad-per-lead": okr.MetricDecrease, "lansering": okr.MetricMilestones,
		"vipps": okr.MetricBoolean, "returer": okr.MetricStayBelow, "vurdering": okr.MetricStayAbove,
	}
	for key, want := range krKinds {
		if got := f.KeyResult(key).KeyResult.Metric.Kind; got != want {
			t.Errorf("KR %s metric = %q, want %q", key, got, want)
		}
	}
	if got := f.KeyResult("kostnad-per-lead").KeyResult.Metric.Unit; got != (okr.Measure{Kind: okr.MeasureCurrency, Code: "NOK"}) {
		t.Errorf("kostnad-per-lead unit = %+v, want NOK", got)
	}

	kr := f.KeyResult("besokende")
	wantAt := time.Date(2025, 1, 24, 14, 30, 0, 0, time.UTC)
	if kr.KeyResult.Current == nil || *kr.KeyResult.Current != 780 || kr.KeyResult.Confidence != okr.AtRisk || !kr.KeyResult.LastCheckInAt.Equal(wantAt) {
		t.Errorf("besokende Current/Confidence/LastCheckInAt = %v/%q/%v, want 780/at_risk/%v", kr.KeyResult.Current, kr.KeyResult.Confidence, kr.KeyResult.LastCheckInAt, wantAt)
	}
	tc := kr.TargetChanges[0].Change
	if tc.OldTarget != 500 || tc.NewTarget != 1000 || tc.OldStart != 0 || tc.AuthorID != f.Person("karoline@artbyx.no").Person.ID {
		t.Errorf("target change = %+v, want 500 → 1000 by karoline", tc)
	}
	if got := kr.KeyResult.Progress(); math.Abs(got-0.78) > 1e-9 {
		t.Errorf("besokende Progress = %v, want 0.78", got)
	}
	if got := f.KPI(kr.KPIKey).KPI.ID; kr.KeyResult.KPIID == nil || *kr.KeyResult.KPIID != got {
		t.Errorf("besokende KPIID = %v, want %d", kr.KeyResult.KPIID, got)
	}

	launch := f.KeyResult("lansering")
	last := launch.CheckIns[1].CheckIn
	if last.Value != 4 || len(last.MilestonesDone) != 4 || last.MilestonesDone[3] != launch.KeyResult.Milestones[3].ID {
		t.Errorf("milestones check-in = %+v, want value 4 and the four milestone ids", last)
	}
	if got := f.KeyResult("publisere-12-fagartikler-pa-linkedin"); got == nil || got.ObjectiveKey != "kristo-linkedin" {
		t.Errorf("generated KR key: got %+v", got)
	}
}

// Seed 004: the bicycle-accessories objective graded 50 %, 100 %, 20 % scores
// about 57 %, too ambitious for the 60–70 % band.
func TestExampleSeed004Grades(t *testing.T) {
	f := mustDecode(t, mustRead(t, examplePath), "artbyx.yaml")
	o := f.Objective("cykeltillbehor")
	var krs []*okr.KeyResult
	grades := map[int64]*okr.Grade{}
	for _, kr := range o.KeyResults {
		krs = append(krs, &kr.KeyResult)
		grades[kr.KeyResult.ID] = &kr.Grade.Grade
	}
	score, ok := okr.ObjectiveScore(krs, grades)
	if !ok || math.Abs(score-0.5667) > 0.0001 {
		t.Fatalf("ObjectiveScore = %v, %v; want ≈0.5667", score, ok)
	}
	s := f.Org.Settings
	if got := okr.VerdictFor(score, s.BandLow, s.BandHigh); got != okr.VerdictTooAmbitious {
		t.Errorf("verdict = %q, want %q", got, okr.VerdictTooAmbitious)
	}
	g := o.KeyResults[2].Grade.Grade
	if g.Score != 0.2 || g.Suggested != 1.0/3 {
		t.Errorf("third grade = %+v, want score 0.2, suggested 1/3 exactly", g)
	}
	if g := o.KeyResults[0].Grade.Grade; g.Score != 0.5 || g.Suggested != 0.5 {
		t.Errorf(`grade "50%%" = %+v, want score and suggested 0.5`, g)
	}
}

// Positions point at the objects and titles in the source, as the coach's
// lint output needs them.
func TestExamplePositions(t *testing.T) {
	src := mustRead(t, examplePath)
	f := mustDecode(t, src, "artbyx.yaml")
	lines := splitLines(src)
	for _, o := range f.Objectives {
		checkTitleAt(t, lines, o.TitlePos, o.Objective.Title)
		for _, kr := range o.KeyResults {
			checkTitleAt(t, lines, kr.TitlePos, kr.KeyResult.Title)
			if kr.Pos.Line > kr.TitlePos.Line || kr.Pos.Line == 0 {
				t.Errorf("KR %s Pos %v is not at or before its title %v", kr.Key, kr.Pos, kr.TitlePos)
			}
		}
	}
	if got := f.Pos("objectives[0].key_results[0].target"); got != (Pos{Line: 112, Col: 17}) {
		t.Errorf(`Pos("objectives[0].key_results[0].target") = %v, want 112:17`, got)
	}
	kr := f.KeyResult("kjennskap")
	if got := f.Pos(kr.Path + ".weight"); got != (Pos{Line: 194, Col: 17}) || kr.Path != "objectives[1].key_results[1]" {
		t.Errorf("KR kjennskap: Path %q, weight at %v; want objectives[1].key_results[1] and 194:17", kr.Path, got)
	}
	// An absent field gives the position of its object.
	if got, want := f.Pos("objectives[0].key_results[0].weight"), f.Objectives[0].KeyResults[0].Pos; got != want {
		t.Errorf("Pos of an absent field = %v, want the KR's %v", got, want)
	}
}

func splitLines(b []byte) []string {
	var lines []string
	start := 0
	for i, c := range b {
		if c == '\n' {
			lines = append(lines, string(b[start:i]))
			start = i + 1
		}
	}
	return append(lines, string(b[start:]))
}

// checkTitleAt checks that the source text at p starts with title.
func checkTitleAt(t *testing.T, lines []string, p Pos, title string) {
	t.Helper()
	if p.Line < 1 || p.Line > len(lines) {
		t.Errorf("title %q: position %v is outside the file", title, p)
		return
	}
	line := []rune(lines[p.Line-1])
	if p.Col < 1 || p.Col > len(line) || string(line[p.Col-1:min(len(line), p.Col-1+len([]rune(title)))]) != title {
		t.Errorf("title %q: source at %v is %q", title, p, lines[p.Line-1])
	}
}
