// Package audittest holds fixtures for tests of what reads audit entries
// (the history page, the audit API): a change of every audited object
// type, as the records the store writes today and as the JSON it wrote
// before the records.
package audittest

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// change is one recorded change: the object type and action of the
// audit entry and the objects before and after (nil for none).
type change struct {
	objectType, action string
	before, after      any
}

// Time is the fixed clock of the fixtures.
var Time = time.Date(2026, 3, 9, 14, 30, 5, 123456000, time.UTC)

// changes are changes of every audited object type, with every field
// set, that the history page and the API show.
func changes() []change {
	at := Time
	day := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	id := func(n int64) *int64 { return &n }
	f := func(x float64) *float64 { return &x }
	o := okr.Objective{ID: 40, OrgID: 1, PeriodID: 30, Title: "Win the inbound market", Description: "Leads come to us.",
		Owner: okr.Owner{UnitID: id(11)}, Weight: 1, ParentID: id(41), Contributes: []int64{42}, State: okr.StateDraft,
		Version: 1, CreatedAt: at, UpdatedAt: at}
	o2 := o
	o2.Title, o2.Owner, o2.State, o2.Reflection, o2.Version, o2.Weight = "Own the inbound market", okr.Owner{PersonID: id(21)}, okr.StatePublished, "We learnt.", 2, 2
	o3 := o2
	o3.Archived, o3.Version = true, 3
	o4 := o2
	o4.Contributes, o4.Version = []int64{42, 43}, 3
	kr := okr.KeyResult{ID: 50, OrgID: 1, ObjectiveID: 40, Title: "Double the leads", Owner: okr.Owner{PersonID: id(21)}, Weight: 1,
		Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 100, Target: 200, Unit: okr.Measure{Kind: okr.MeasureCurrency, Code: "NOK"}},
		KPIID:  id(70), Position: 1, Current: f(120), Confidence: okr.AtRisk, LastCheckInAt: &at, Version: 1, CreatedAt: at}
	kr2 := kr
	kr2.Title, kr2.Metric.Kind, kr2.Version, kr2.KPIID = "Ship the milestones", okr.MetricMilestones, 2, nil
	kr2.Milestones = []okr.Milestone{{ID: 51, Title: "Plan"}, {ID: 52, Title: "Build", Done: true}}
	kr3 := kr2
	kr3.ObjectiveID, kr3.Version = 43, 3
	ci := okr.CheckIn{ID: 60, OrgID: 1, KeyResultID: 50, Value: 2, MilestonesDone: []int64{52}, Confidence: okr.OnTrack,
		Comment: "Going well", AuthorID: 21, At: at, Late: true}
	g1 := okr.Grade{KeyResultID: 50, Score: 0.6, Suggested: 0.55, Note: "Close", GradedBy: 21, At: at, Version: 1}
	g2 := g1
	g2.Score, g2.Note, g2.Version = 0.7, "Closer", 2
	tc := okr.TargetChange{ID: 65, KeyResultID: 50, OldStart: 100, OldTarget: 200, NewStart: 90, NewTarget: 250, AuthorID: 21, At: at, Reason: "New market"}
	in := okr.Initiative{ID: 80, OrgID: 1, KeyResultID: 50, Title: "Run a campaign", OwnerPersonID: id(21), Status: okr.InitiativePlanned, Due: &day, Version: 1}
	in2 := in
	in2.Status, in2.Due, in2.Version = okr.InitiativeDone, nil, 2
	k := okr.KPI{ID: 70, OrgID: 1, Name: "Revenue", Description: "Monthly", Unit: okr.Measure{Kind: okr.MeasurePercent},
		Direction: okr.HigherIsBetter, Frequency: okr.Monthly, Warn: f(10), Critical: f(5), OwnerUnitID: id(11), Version: 1}
	k2 := k
	k2.Direction, k2.Critical, k2.Version = okr.LowerIsBetter, nil, 2
	kv := okr.KPIValue{ID: 75, KPIID: 70, Value: 12.5, At: at, AuthorID: 21}
	u := okr.Unit{ID: 12, OrgID: 1, ParentID: id(11), Name: "Sales", Kind: okr.UnitTeam, LeadIDs: []int64{21}, Version: 1}
	u2 := u
	u2.Name, u2.Kind, u2.LeadIDs, u2.Version = "Sales and marketing", okr.UnitDepartment, []int64{21, 22}, 2
	p := okr.Person{ID: 22, OrgID: 1, Email: "bo@acme.test", Name: "Bo", Role: okr.RoleMember, UnitID: id(12), Language: "sv", Version: 1}
	p2 := p
	p2.Role, p2.UnitID, p2.Language, p2.Version = okr.RoleAdmin, id(11), "", 2
	p2.Notify = okr.NotifyPrefs{PauseReminders: true, Channel: okr.ChannelInApp, Off: []string{okr.NotifyDigest}}
	pr := okr.Period{ID: 30, OrgID: 1, Name: "Q2 2026", Kind: okr.PeriodQuarter, Start: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), End: day, Version: 1}
	pr2 := pr
	pr2.Name, pr2.Closed, pr2.Version = "Second quarter", true, 2
	org := okr.Org{ID: 1, Name: "Acme", Slug: "acme", Settings: okr.DefaultSettings(), Version: 1, CreatedAt: at}
	org2 := org
	org2.Settings.Language, org2.Settings.Rules, org2.Version = "en", map[string]string{"kr_count": "off"}, 2
	org2.Settings.DaysOff = []okr.DayOff{{From: "2026-07-06", To: "2026-07-24", Name: "Fellesferie"}}
	tk := okr.Token{ID: 90, OrgID: 1, PersonID: 21, Name: "CI", CreatedAt: at, LastUsed: &at}
	tk2 := tk
	tk2.RevokedAt = &at
	return []change{
		{"objective", "create", nil, &o},
		{"objective", "update", o, o2},
		{"objective", "archive", o2, &o3},
		{"objective", "contributes", o2, o4},
		{"objective", "import", nil, &o},
		{"key_result", "create", nil, kr},
		{"key_result", "update", kr, &kr2},
		{"key_result", "move", kr2, kr3},
		{"key_result", "check_in", nil, &ci},
		{"key_result", "grade", nil, g1},
		{"key_result", "grade", &g1, g2},
		{"key_result", "target_change", nil, tc},
		{"initiative", "create", nil, in},
		{"initiative", "update", in, &in2},
		{"kpi", "create", nil, k},
		{"kpi", "update", k, &k2},
		{"kpi", "reading", nil, kv},
		{"unit", "create", nil, &u},
		{"unit", "update", u, u2},
		{"person", "create", nil, &p},
		{"person", "update", p, p2},
		{"period", "create", nil, &pr},
		{"period", "update", pr, pr2},
		{"org", "create", nil, org},
		{"org", "update", org, org2},
		{"token", "create", nil, &tk},
		{"token", "revoke", tk, tk2},
	}
}

// RecordEntries are the changes as audit entries with the records that
// the store writes.
func RecordEntries(t testing.TB) []okr.AuditEntry {
	t.Helper()
	var out []okr.AuditEntry
	for i, c := range changes() {
		e := okr.AuditEntry{ID: int64(1000 + i), OrgID: 1, At: Time, ActorID: new(int64(21)),
			ObjectType: c.objectType, ObjectID: 1, Action: c.action}
		var err error
		if e.Before, err = audit.Encode(recordOf(t, c.before)); err != nil {
			t.Fatal(err)
		}
		if e.After, err = audit.Encode(recordOf(t, c.after)); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

// recordOf returns the record of a domain value (or pointer), nil for
// nil.
func recordOf(t testing.TB, v any) audit.Record {
	t.Helper()
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return nil
	}
	if rv.Kind() != reflect.Pointer {
		p := reflect.New(rv.Type())
		p.Elem().Set(rv)
		rv = p
	}
	switch x := rv.Interface().(type) {
	case *okr.Objective:
		return audit.FromObjective(x)
	case *okr.KeyResult:
		return audit.FromKeyResult(x)
	case *okr.CheckIn:
		return audit.FromCheckIn(x)
	case *okr.Grade:
		return audit.FromGrade(x)
	case *okr.TargetChange:
		return audit.FromTargetChange(x)
	case *okr.Initiative:
		return audit.FromInitiative(x)
	case *okr.KPI:
		return audit.FromKPI(x)
	case *okr.KPIValue:
		return audit.FromKPIValue(x)
	case *okr.Unit:
		return audit.FromUnit(x)
	case *okr.Person:
		return audit.FromPerson(x)
	case *okr.Period:
		return audit.FromPeriod(x)
	case *okr.Org:
		return audit.FromOrg(x)
	case *okr.Token:
		return audit.FromToken(x)
	}
	t.Fatalf("no record type for %T", v)
	return nil
}

// LegacyEntries are the same changes as the store recorded them before
// the audit records: JSON of the domain types under their Go field names,
// frozen in legacy.json.
func LegacyEntries(t testing.TB) []okr.AuditEntry {
	t.Helper()
	var out []okr.AuditEntry
	if err := json.Unmarshal(legacyJSON, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

//go:embed legacy.json
var legacyJSON []byte

// Golden compares got with the file at path, or writes the file when
// update is set (go test -update).
func Golden(t *testing.T, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
