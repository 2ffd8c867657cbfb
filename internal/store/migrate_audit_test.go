package store

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// TestMigrateAuditRecords writes changes, turns their audit entries back
// into the JSON the store wrote before the records (domain structs under
// their Go field names), runs migration 8 again and checks that every
// entry holds the record written today, and that JSON it cannot read is
// kept as it was.
func TestMigrateAuditRecords(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := must(db.CreateObjective(ctx, as(f.admin), okr.Objective{PeriodID: f.period.ID, Title: "Win", Owner: okr.Owner{UnitID: &f.team.ID}}))(t)
		o.Title = "Win big"
		must(db.UpdateObjective(ctx, as(f.admin), o))(t)
		kr := must(db.CreateKeyResult(ctx, as(f.admin), okr.KeyResult{ObjectiveID: o.ID, Title: "Ship", Owner: okr.Owner{PersonID: &f.member.ID},
			Metric:     okr.Metric{Kind: okr.MetricMilestones},
			Milestones: []okr.Milestone{{Title: "Plan"}, {Title: "Build"}}}))(t)
		// By the KR's owner: rows written before the records never say for
		// whom a check-in was made (audit.CheckIn.OnBehalfOf came later).
		must(db.CreateCheckIns(ctx, as(f.member), []okr.CheckIn{{KeyResultID: kr.ID, MilestonesDone: []int64{kr.Milestones[0].ID}, Confidence: okr.OnTrack}}))(t)
		must(db.SetGrade(ctx, as(f.admin), okr.Grade{KeyResultID: kr.ID, Score: 0.5}, 0))(t)

		want := must(db.ListAudit(ctx, f.org.ID, AuditFilter{Limit: 500}))(t)
		for _, e := range want {
			mustExec(t, db, `UPDATE audit SET before_json = ?, after_json = ? WHERE id = ?`, legacyJSON(t, e, e.Before), legacyJSON(t, e, e.After), e.ID)
		}
		odd := []okr.AuditEntry{
			{ObjectType: "widget", Action: "update", Before: `{"Knob":2}`, After: `{"Knob":3}`},
			{ObjectType: "objective", Action: "update", After: `{"Title":5}`},
		}
		for _, e := range odd {
			mustExec(t, db, `INSERT INTO audit (org_id, at, object_type, object_id, action, before_json, after_json) VALUES (?, 0, ?, 1, ?, ?, ?)`,
				f.org.ID, e.ObjectType, e.Action, e.Before, e.After)
		}

		for _, e := range must(db.ListAudit(ctx, f.org.ID, AuditFilter{Limit: 500}))(t) {
			if _, err := audit.Decode(e.ObjectType, e.Action, e.After); err == nil {
				t.Fatalf("entry %d holds a record before the migration: %s", e.ID, e.After)
			}
		}
		p := must(db.provider())(t)
		must(p.DownTo(ctx, 7))(t)
		must(p.Up(ctx))(t)

		got := must(db.ListAudit(ctx, f.org.ID, AuditFilter{Limit: 500}))(t)
		if len(got) != len(want)+len(odd) {
			t.Fatalf("entries after the migration = %d, want %d", len(got), len(want)+len(odd))
		}
		for i, e := range got[len(odd):] {
			if !reflect.DeepEqual(e, want[i]) {
				t.Errorf("entry after the migration\n= %+v\nwant %+v", e, want[i])
			}
		}
		for i, e := range got[:len(odd)] {
			if w := odd[len(odd)-1-i]; e.Before != w.Before || e.After != w.After {
				t.Errorf("unreadable entry became %q / %q, want it kept as %q / %q", e.Before, e.After, w.Before, w.After)
			}
		}
	})
}

// legacyJSON returns what the store wrote of a record before the records:
// the domain value as JSON under its Go field names.
func legacyJSON(tb testing.TB, e okr.AuditEntry, stored string) string {
	tb.Helper()
	if stored == "" {
		return ""
	}
	r, err := audit.Decode(e.ObjectType, e.Action, stored)
	if err != nil {
		tb.Fatal(err)
	}
	domain := reflect.ValueOf(r).MethodByName("Domain").Call(nil)[0].Interface()
	b, err := json.Marshal(domain)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func mustExec(tb testing.TB, db *DB, query string, args ...any) {
	tb.Helper()
	if _, err := db.w.ExecContext(ctx, db.rebind(query), args...); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
}
