package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// auditEntries returns the audit entries of one object, newest first.
func auditEntries(t *testing.T, e *env, objectType string, id int64) []auditOut {
	t.Helper()
	var page auditPage
	e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/audit?object_type=%s&object_id=%d", objectType, id), nil).
		want(t, http.StatusOK).decode(t, &page)
	return page.Items
}

// auditEntry returns the newest entry with action, failing when there is
// none, with before and after decoded.
func auditEntry(t *testing.T, items []auditOut, action string) (before, after map[string]any) {
	t.Helper()
	for _, it := range items {
		if it.Action != action {
			continue
		}
		dec := func(raw json.RawMessage) map[string]any {
			var m map[string]any
			if err := json.Unmarshal(raw, &m); err != nil {
				t.Fatalf("%s entry: decode %s: %v", action, raw, err)
			}
			return m
		}
		return dec(it.Before), dec(it.After)
	}
	t.Fatalf("no %s entry among %d", action, len(items))
	return nil, nil
}

// wantSnakeCase fails when an object (or one nested in it) has a key
// that is not snake_case, such as the Go field names "ID" or "OrgID".
func wantSnakeCase(t *testing.T, what string, v any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, sub := range x {
			if k != strings.ToLower(k) {
				t.Errorf("%s has key %q, want snake_case keys only", what, k)
			}
			wantSnakeCase(t, what+"."+k, sub)
		}
	case []any:
		for i, sub := range x {
			wantSnakeCase(t, fmt.Sprintf("%s[%d]", what, i), sub)
		}
	}
}

func TestAPIAuditSpeaksTheWireForm(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		o := e.do(t, asAdmin, http.MethodGet, fmt.Sprintf("/api/v1/objectives/%d", e.objective.ID), nil).want(t, http.StatusOK)
		e.do(t, asAdmin, http.MethodPatch, fmt.Sprintf("/api/v1/objectives/%d", e.objective.ID), map[string]any{"title": "Own the inbound market"},
			"If-Match", o.etag(t)).want(t, http.StatusOK)
		before, after := auditEntry(t, auditEntries(t, e, "objective", e.objective.ID), "update")
		if before["title"] != "Win the inbound market" || after["title"] != "Own the inbound market" {
			t.Errorf("objective update: before.title = %v, after.title = %v, want the old and the new title", before["title"], after["title"])
		}
		if got := at(t, after, "owner.unit_id"); got != float64(e.team.ID) {
			t.Errorf("after.owner.unit_id = %v, want %d", got, e.team.ID)
		}
		if after["period_id"] != float64(e.period.ID) || after["version"] != float64(2) {
			t.Errorf("after = %v, want period_id %d and version 2", after, e.period.ID)
		}
		wantSnakeCase(t, "objective before", before)
		wantSnakeCase(t, "objective after", after)

		// A check-in and a grade are recorded on the key result in the form
		// of a check-in and a grade, percentages as the API gives them.
		e.do(t, asOwner, http.MethodPost, "/api/v1/check-ins", map[string]any{"check_ins": []map[string]any{
			{"key_result_id": e.kr.ID, "value": 40, "confidence": "at_risk"}}}).want(t, http.StatusCreated)
		e.do(t, asOwner, http.MethodPut, fmt.Sprintf("/api/v1/key-results/%d/grade", e.kr.ID), map[string]any{"score": 40}).want(t, http.StatusOK)
		items := auditEntries(t, e, "key_result", e.kr.ID)
		_, checkIn := auditEntry(t, items, "check_in")
		if checkIn["key_result_id"] != float64(e.kr.ID) || checkIn["value"] != float64(40) || checkIn["confidence"] != "at_risk" {
			t.Errorf("check-in after = %v, want key_result_id, value 40, at_risk", checkIn)
		}
		_, grade := auditEntry(t, items, "grade")
		if grade["score"] != float64(40) || grade["score_fraction"] != 0.4 {
			t.Errorf("grade after = %v, want score 40 and score_fraction 0.4", grade)
		}
		_, created := auditEntry(t, items, "create")
		if created["title"] != e.kr.Title || at(t, created, "metric.kind") != "increase" {
			t.Errorf("key result create after = %v, want its title and metric", created)
		}
		for _, it := range items {
			var v any
			if err := json.Unmarshal(it.After, &v); err != nil {
				t.Fatal(err)
			}
			wantSnakeCase(t, "key result "+it.Action, v)
		}

		// Periods give their dates as dates.
		_, period := auditEntry(t, auditEntries(t, e, "period", e.period.ID), "create")
		if period["name"] != "This quarter" || period["start"] != dateString(e.period.Start) {
			t.Errorf("period create after = %v, want name and start %s", period, dateString(e.period.Start))
		}
	})
}

// TestAPIAuditObjectFallsBack checks that an object the API has no wire type
// for, or that does not decode into its type, comes out as recorded.
func TestAPIAuditObjectFallsBack(t *testing.T) {
	for _, tc := range []struct {
		name, objectType, action, stored, want string
	}{
		{"unknown type", "widget", "update", `{"Knob":3}`, `{"Knob":3}`},
		{"not the type's JSON", "objective", "update", `{"Title":5}`, `{"Title":5}`},
		{"nothing recorded", "objective", "create", ``, `null`},
		{"known type", "unit", "update", `{"ID":7,"Name":"Ops","Kind":"team"}`,
			`{"id":7,"parent_id":null,"name":"Ops","kind":"team","lead_ids":[],"archived":false,"version":0}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := okr.AuditEntry{ObjectType: tc.objectType, Action: tc.action, At: time.Now()}
			if got := string(auditObject(&e, tc.stored)); got != tc.want {
				t.Errorf("auditObject(%s, %s) = %s, want %s", tc.objectType, tc.stored, got, tc.want)
			}
		})
	}
}

// TestAPIAuditRecordsNameFieldsAsGet checks that the audit forms of
// objectives and key results use the names (and JSON types) of the fields
// that GET returns.
func TestAPIAuditRecordsNameFieldsAsGet(t *testing.T) {
	for _, pair := range [][2]reflect.Type{
		{reflect.TypeFor[objectiveRecord](), reflect.TypeFor[objectiveOut]()},
		{reflect.TypeFor[keyResultRecord](), reflect.TypeFor[keyResultOut]()},
	} {
		full := map[string]reflect.Type{}
		for f := range pair[1].Fields() {
			full[f.Tag.Get("json")] = f.Type
		}
		for f := range pair[0].Fields() {
			name := f.Tag.Get("json")
			if typ, ok := full[name]; !ok || typ != f.Type {
				t.Errorf("%s.%s (json %q, %s): %s has %v", pair[0].Name(), f.Name, name, f.Type, pair[1].Name(), typ)
			}
		}
	}
}
