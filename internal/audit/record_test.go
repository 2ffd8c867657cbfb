package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// recordCase is one record type: an object with every field set, the
// entry that records it and its conversions.
type recordCase struct {
	name               string // the golden file's name
	objectType, action string
	domain             any
	record             Record
	back               func(Record) any // Domain of the record
	// legacy is what a row written before format version 1 upgrades to:
	// record without the fields added since (nil: record).
	legacy Record
}

// upgraded is the record c's legacy row upgrades to.
func (c recordCase) upgraded() Record {
	if c.legacy != nil {
		return c.legacy
	}
	return c.legacyRecord()
}

func recordCases() []recordCase {
	at := time.Date(2026, 3, 9, 14, 30, 5, 123456000, time.UTC)
	day := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	id := func(n int64) *int64 { return &n }
	f := func(x float64) *float64 { return &x }
	o := okr.Objective{ID: 40, OrgID: 1, PeriodID: 30, Title: "Win the inbound market", Description: "Leads come to us.",
		Owner: okr.Owner{UnitID: id(11)}, Weight: 1, ParentID: id(41), Contributes: []int64{42, 43}, State: okr.StatePublished,
		Reflection: "We learnt.", Archived: true, Version: 3, CreatedAt: at, UpdatedAt: at.Add(time.Hour), PublishedAt: &at}
	oLegacy := o // published_at came after the legacy format
	oLegacy.PublishedAt = nil
	kr := okr.KeyResult{ID: 50, OrgID: 1, ObjectiveID: 40, Title: "Ship the milestones", Owner: okr.Owner{PersonID: id(21)}, Weight: 2,
		Metric:     okr.Metric{Kind: okr.MetricMilestones, Start: 100, Target: 200, Unit: okr.Measure{Kind: okr.MeasureCurrency, Code: "NOK"}},
		Milestones: []okr.Milestone{{ID: 51, Title: "Plan"}, {ID: 52, Title: "Build", Done: true}},
		KPIID:      id(70), Position: 1, Current: f(1), Confidence: okr.AtRisk, LastCheckInAt: &at, Archived: true, Version: 2, CreatedAt: at}
	ci := okr.CheckIn{ID: 60, OrgID: 1, KeyResultID: 50, Value: 2, MilestonesDone: []int64{52}, Confidence: okr.OnTrack,
		Comment: "Going well", AuthorID: 21, At: at, Late: true, OnBehalfOf: &okr.Owner{PersonID: id(22)}}
	tc := okr.TargetChange{ID: 65, KeyResultID: 50, OldStart: 100, OldTarget: 200, NewStart: 90, NewTarget: 250, AuthorID: 21, At: at, Reason: "New market"}
	g := okr.Grade{KeyResultID: 50, Score: 0.7, Suggested: 0.55, Note: "Closer", GradedBy: 21, At: at, Version: 2}
	in := okr.Initiative{ID: 80, OrgID: 1, KeyResultID: 50, Title: "Run a campaign", OwnerPersonID: id(21), Status: okr.InitiativeInProgress,
		Due: &day, Archived: true, Version: 2}
	k := okr.KPI{ID: 70, OrgID: 1, Name: "Revenue", Description: "Monthly", Unit: okr.Measure{Kind: okr.MeasureCustom, Code: "h"},
		Direction: okr.LowerIsBetter, Frequency: okr.Monthly, Warn: f(10), Critical: f(5), OwnerUnitID: id(11), Archived: true, Version: 2}
	kv := okr.KPIValue{ID: 75, KPIID: 70, Value: 12.5, At: at, AuthorID: 21}
	u := okr.Unit{ID: 12, OrgID: 1, ParentID: id(11), Name: "Sales", Kind: okr.UnitTeam, LeadIDs: []int64{21, 22}, Archived: true, Version: 2, ExternalID: "grp-sales"}
	p := okr.Person{ID: 22, OrgID: 1, Email: "bo@acme.test", Name: "Bo", Role: okr.RoleAdmin, UnitID: id(12), Language: "sv", Archived: true, Version: 2, ExternalID: "0c5a1e2f",
		Notify: okr.NotifyPrefs{PauseReminders: true, Channel: okr.ChannelInApp, Off: []string{okr.NotifyDigest}}}
	pr := okr.Period{ID: 30, OrgID: 1, Name: "Q2 2026", Kind: okr.PeriodQuarter, Start: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), End: day,
		Closed: true, Archived: true, Version: 2}
	pLegacy := p // notification choices came after the legacy format (and so did the external id)
	pLegacy.Notify, pLegacy.ExternalID = okr.NotifyPrefs{}, ""
	org := okr.Org{ID: 1, Name: "Acme", Slug: "acme", Settings: okr.DefaultSettings(), Version: 2, CreatedAt: at}
	org.Settings.Rules = map[string]string{"kr_count": "off"}
	orgLegacy := org // the pace settings came after the legacy format
	orgLegacy.Settings.CheckInDays, orgLegacy.Settings.ExpectedFrom = 0, ""
	ls := &orgLegacy.Settings // and the rhythm's
	ls.TimeZone, ls.CheckInDay, ls.CheckInTime, ls.EscalateAfter, ls.DigestDay, ls.DigestTime, ls.HolidayCountry = "", "", "", 0, "", "", ""
	tk := okr.Token{ID: 90, OrgID: 1, PersonID: 21, Name: "CI", Scope: okr.TokenScopeSCIM, CreatedAt: at, RevokedAt: &at, LastUsed: &at}
	cm := okr.Comment{ID: 95, OrgID: 1, ObjectiveID: 40, KeyResultID: id(50), CheckInID: id(60), AuthorID: 21, Body: "Bra, @[Bo]!",
		Mentions: []int64{22}, CreatedAt: at, EditedAt: &at, Archived: true, Version: 2}
	hk := okr.Hook{ID: 96, OrgID: 1, Kind: okr.HookSlack, UnitID: id(12), URL: "https://hooks.slack.example", Events: []string{okr.EventCheckIn, okr.EventComment},
		Archived: true, Version: 2}
	return []recordCase{
		{"comment", "comment", "update", cm, FromComment(&cm), func(r Record) any { return r.(*Comment).Domain() }, nil},
		{"hook", "hook", "create", hk, FromHook(&hk), func(r Record) any { return r.(*Hook).Domain() }, nil},
		{"objective", "objective", "update", o, FromObjective(&o), func(r Record) any { return r.(*Objective).Domain() }, FromObjective(&oLegacy)},
		{"key_result", "key_result", "update", kr, FromKeyResult(&kr), func(r Record) any { return r.(*KeyResult).Domain() }, nil},
		{"check_in", "key_result", ActionCheckIn, ci, FromCheckIn(&ci), func(r Record) any { return r.(*CheckIn).Domain() }, nil},
		{"target_change", "key_result", ActionTargetChange, tc, FromTargetChange(&tc), func(r Record) any { return r.(*TargetChange).Domain() }, nil},
		{"grade", "key_result", ActionGrade, g, FromGrade(&g), func(r Record) any { return r.(*Grade).Domain() }, nil},
		{"initiative", "initiative", "update", in, FromInitiative(&in), func(r Record) any { return r.(*Initiative).Domain() }, nil},
		{"kpi", "kpi", "update", k, FromKPI(&k), func(r Record) any { return r.(*KPI).Domain() }, nil},
		{"kpi_value", "kpi", ActionReading, kv, FromKPIValue(&kv), func(r Record) any { return r.(*KPIValue).Domain() }, nil},
		{"unit", "unit", "update", u, FromUnit(&u), func(r Record) any { return r.(*Unit).Domain() }, nil},
		{"person", "person", "update", p, FromPerson(&p), func(r Record) any { return r.(*Person).Domain() }, FromPerson(&pLegacy)},
		{"period", "period", "update", pr, FromPeriod(&pr), func(r Record) any { return r.(*Period).Domain() }, nil},
		{"org", "org", "update", org, FromOrg(&org), func(r Record) any { return r.(*Org).Domain() }, FromOrg(&orgLegacy)},
		{"token", "token", "revoke", tk, FromToken(&tk), func(r Record) any { return r.(*Token).Domain() }, nil},
	}
}

// TestRecordsGolden pins the JSON of every record type: a change to a
// golden file is a change of the stored format.
func TestRecordsGolden(t *testing.T) {
	for _, c := range recordCases() {
		t.Run(c.name, func(t *testing.T) {
			if got := c.record.RecordType(); got != c.name {
				t.Errorf("RecordType() = %q, want %q", got, c.name)
			}
			if got := New(c.objectType, c.action); reflect.TypeOf(got) != reflect.TypeOf(c.record) {
				t.Errorf("New(%s, %s) = %T, want %T", c.objectType, c.action, got, c.record)
			}
			got, err := json.MarshalIndent(c.record, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			wantFile(t, filepath.Join("testdata", c.name+".json"), append(got, '\n'), *update)
		})
	}
}

// TestRecordsRoundTrip checks that a record decodes to itself and that
// Domain gives back the object it records (without its organisation).
func TestRecordsRoundTrip(t *testing.T) {
	for _, c := range recordCases() {
		t.Run(c.name, func(t *testing.T) {
			stored, err := Encode(c.record)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Decode(c.objectType, c.action, stored)
			if err != nil {
				t.Fatalf("Decode(%s): %v", stored, err)
			}
			if !reflect.DeepEqual(r, c.record) {
				t.Errorf("Decode(Encode(r)) = %+v, want %+v", r, c.record)
			}
			want := reflect.ValueOf(c.domain)
			if f := want.FieldByName("OrgID"); f.IsValid() {
				w := reflect.New(want.Type()).Elem()
				w.Set(want)
				w.FieldByName("OrgID").SetInt(0)
				want = w
			}
			if got := c.back(r); !reflect.DeepEqual(got, want.Interface()) {
				t.Errorf("Domain() = %+v\nwant %+v", got, want.Interface())
			}
		})
	}
}

// sinceV1 are the fields each record gained after format version 1 was
// introduced: JSON recorded before it cannot hold them, so the legacy
// tests expect them unset.
var sinceV1 = map[string][]string{"check_in": {"OnBehalfOf"}, "person": {"ExternalID"}, "unit": {"ExternalID"}, "token": {"Scope"}}

// legacyRecord is c's record without the fields added since version 1:
// what a row written before version 1 upgrades to.
func (c recordCase) legacyRecord() Record {
	v := reflect.New(reflect.TypeOf(c.record).Elem())
	v.Elem().Set(reflect.ValueOf(c.record).Elem())
	for _, name := range sinceV1[c.name] {
		f := v.Elem().FieldByName(name)
		f.Set(reflect.Zero(f.Type()))
	}
	return v.Interface().(Record)
}

// TestUpgrade checks that the JSON recorded before format version 1 (the
// domain types under their Go field names, frozen in testdata/legacy)
// upgrades to the record that is written today.
func TestUpgrade(t *testing.T) {
	for _, c := range recordCases() {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join("testdata", "legacy", c.name+".json")
			legacy, err := os.ReadFile(path)
			if errors.Is(err, fs.ErrNotExist) {
				// Written once from the domain type; never rewritten, as it
				// stands for rows that old versions wrote.
				b, err := json.Marshal(c.domain)
				if err != nil {
					t.Fatal(err)
				}
				wantFile(t, path, b, true)
				legacy = b
			} else if err != nil {
				t.Fatal(err)
			}
			got, err := Upgrade(c.objectType, c.action, string(bytes.TrimSpace(legacy)))
			if err != nil {
				t.Fatalf("Upgrade: %v", err)
			}
			want, err := Encode(c.upgraded())
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("Upgrade(%s)\n= %s\nwant %s", legacy, got, want)
			}
			if again, err := Upgrade(c.objectType, c.action, got); err != nil || again != got {
				t.Errorf("Upgrade(record) = %s, %v; want the record unchanged", again, err)
			}
		})
	}
}

func TestUpgradeRefuses(t *testing.T) {
	for _, tc := range []struct{ name, objectType, action, stored string }{
		{"unknown type", "widget", "update", `{"Knob":3}`},
		{"wrong JSON type", "objective", "update", `{"Title":5}`},
		{"not an object", "objective", "update", `[1]`},
		{"newer version", "objective", "update", `{"v":2,"title":"x"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := Upgrade(tc.objectType, tc.action, tc.stored); err == nil {
				t.Errorf("Upgrade(%s) = %s, want an error", tc.stored, got)
			}
		})
	}
	if got, err := Upgrade("objective", "create", ""); got != "" || err != nil {
		t.Errorf(`Upgrade("") = %q, %v; want "", nil`, got, err)
	}
}

func TestDecodeRefusesLegacy(t *testing.T) {
	if _, err := Decode("objective", "update", `{"ID":1,"Title":"x"}`); err == nil {
		t.Error("Decode(legacy JSON) succeeded, want an error")
	}
	if r, err := Decode("objective", "create", ""); r != nil || err != nil {
		t.Errorf(`Decode("") = %v, %v; want nil, nil`, r, err)
	}
}

// wantFile compares got with the file at path, or writes it when write is
// set.
func wantFile(t *testing.T, path string, got []byte, write bool) {
	t.Helper()
	if write {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
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

// TestRecordCasesSetEveryField keeps the golden files complete: every field
// of every record has a value in its case.
func TestRecordCasesSetEveryField(t *testing.T) {
	for _, c := range recordCases() {
		v := reflect.ValueOf(c.record).Elem()
		for i := range v.NumField() {
			if v.Field(i).IsZero() {
				t.Errorf("%s: field %s is not set in the case", c.name, v.Type().Field(i).Name)
			}
		}
	}
}

func TestReadUpgradesLegacy(t *testing.T) {
	for _, c := range recordCases() {
		legacy, err := os.ReadFile(filepath.Join("testdata", "legacy", c.name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		r, err := Read(c.objectType, c.action, string(legacy))
		if err != nil || !reflect.DeepEqual(r, c.upgraded()) {
			t.Errorf("Read(%s, legacy) = %+v, %v; want %+v", c.name, r, err, c.upgraded())
		}
	}
	if _, err := Read("objective", "update", `{"v":2}`); err == nil {
		t.Error("Read of a newer version succeeded, want an error")
	}
}
