package api

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

func TestAPIKeyResultsAndCheckIns(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		var kr keyResultOut
		r := e.do(t, asLead, http.MethodPost, "/api/v1/key-results", map[string]any{"objective_id": e.objective.ID,
			"title": "Raise conversion from 1.5 % to 2.5 %", "owner": map[string]any{"person_id": e.owner.ID},
			"metric": map[string]any{"kind": "increase", "start": 1.5, "target": 2.5, "unit": "percent"}}).want(t, http.StatusCreated)
		r.decode(t, &kr)
		if r.Header.Get("Location") != fmt.Sprintf("/api/v1/key-results/%d", kr.ID) || !strings.HasPrefix(r.etag(t), `"v1-`) {
			t.Errorf("Location %q, ETag %q", r.Header.Get("Location"), r.etag(t))
		}
		if kr.Progress != 0 || kr.Current != nil || kr.Confidence != nil || kr.Metric.Unit != "percent" || kr.Position != 2 {
			t.Errorf("new KR = %+v, want no check-in yet, percent, after the first KR", kr)
		}
		boolean := e.do(t, asAdmin, http.MethodPost, "/api/v1/key-results", map[string]any{"objective_id": e.objective.ID,
			"title": "Launch the partner page", "metric": map[string]any{"kind": "boolean"}}).want(t, http.StatusCreated).object(t)
		milestones := e.do(t, asAdmin, http.MethodPost, "/api/v1/key-results", map[string]any{"objective_id": e.objective.ID,
			"title": "Ship the three onboarding steps", "metric": map[string]any{"kind": "milestones"},
			"milestones": []map[string]any{{"title": "Sign-up"}, {"title": "Import"}, {"title": "Invite"}}}).want(t, http.StatusCreated).object(t)
		msIDs := []int64{int64(num(t, milestones, "milestones.0.id")), int64(num(t, milestones, "milestones.2.id"))}

		// One weekly check-in of four KRs: the owner owns only the first two,
		// so the whole check-in is refused to them; the team's lead may.
		checkIns := []map[string]any{
			{"key_result_id": e.kr.ID, "value": 40, "confidence": "on_track", "comment": "Webinar booked us 12"},
			{"key_result_id": kr.ID, "value": 2.0, "confidence": "at_risk"},
			{"key_result_id": int64(num(t, boolean, "id")), "value": 1, "confidence": "on_track"},
			{"key_result_id": int64(num(t, milestones, "id")), "milestones_done": msIDs, "confidence": "on_track"},
		}
		e.do(t, asOwner, http.MethodPost, "/api/v1/check-ins", map[string]any{"check_ins": checkIns}).
			wantError(t, http.StatusForbidden, "forbidden", "")
		var stored checkInsOut
		e.do(t, asLead, http.MethodPost, "/api/v1/check-ins", map[string]any{"check_ins": checkIns}).want(t, http.StatusCreated).decode(t, &stored)
		if len(stored.CheckIns) != 4 || stored.CheckIns[3].Value != 2 || stored.CheckIns[0].AuthorID == nil || *stored.CheckIns[0].AuthorID != e.lead.ID {
			t.Fatalf("stored = %+v, want 4 check-ins by the lead, the milestones one with value 2", stored.CheckIns)
		}
		var o objectiveOut
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/objectives/%d", e.objective.ID), nil).want(t, http.StatusOK).decode(t, &o)
		want := []float64{40, 50, 100, 66.7}
		for i, k := range o.KeyResults {
			if k.Progress != want[i] {
				t.Errorf("KR %d progress = %v, want %v", i, k.Progress, want[i])
			}
		}
		if o.Progress == nil || *o.Progress != 64.2 || math.Abs(*o.ProgressFraction-(0.4+0.5+1+2.0/3)/4) > 1e-9 {
			t.Errorf("objective progress = %v (%v), want 64.2", o.Progress, o.ProgressFraction)
		}
		if o.KeyResults[1].Confidence == nil || *o.KeyResults[1].Confidence != "at_risk" || o.KeyResults[0].LastCheckInAt == nil {
			t.Errorf("KR figures = %+v, want confidence at_risk and a last check-in", o.KeyResults[1])
		}

		// All or nothing: a bad last check-in leaves the first unwritten,
		// and the error names it.
		e.do(t, asLead, http.MethodPost, "/api/v1/check-ins", map[string]any{"check_ins": []map[string]any{
			{"key_result_id": e.kr.ID, "value": 90, "confidence": "on_track"},
			{"key_result_id": int64(num(t, boolean, "id")), "value": 5, "confidence": "on_track"},
		}}).wantError(t, http.StatusUnprocessableEntity, "invalid", "check_ins[1].value")
		var again keyResultOut
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/key-results/%d", e.kr.ID), nil).want(t, http.StatusOK).decode(t, &again)
		if again.Current == nil || *again.Current != 40 {
			t.Errorf("current = %v after a failed check-in, want 40", again.Current)
		}
		e.do(t, asLead, http.MethodPost, "/api/v1/check-ins", map[string]any{"check_ins": []map[string]any{
			{"key_result_id": e.kr.ID, "confidence": "on_track"}}}).wantError(t, http.StatusUnprocessableEntity, "invalid", "check_ins[0].value")
		e.do(t, asLead, http.MethodPost, "/api/v1/check-ins", map[string]any{"check_ins": []map[string]any{
			{"key_result_id": e.kr.ID, "value": 1, "confidence": "sure"}}}).wantError(t, http.StatusUnprocessableEntity, "invalid", "check_ins[0].confidence")
		e.do(t, asLead, http.MethodPost, "/api/v1/check-ins", map[string]any{"check_ins": []map[string]any{}}).
			wantError(t, http.StatusUnprocessableEntity, "invalid", "check_ins")

		var history list[checkInOut]
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/check-ins?key_result_id=%d&key_result_id=%d", e.kr.ID, kr.ID), nil).want(t, http.StatusOK).decode(t, &history)
		if history.Total != 2 || history.Items[0].Comment != "Webinar booked us 12" {
			t.Errorf("history = %+v, want the two check-ins", history)
		}
		// Without a scope: the current period's check-ins.
		e.do(t, asMember, http.MethodGet, "/api/v1/check-ins", nil).want(t, http.StatusOK).decode(t, &history)
		if history.Total != 4 {
			t.Errorf("check-ins of the current period = %d, want the 4 of the weekly check-in", history.Total)
		}

		// A new target is recorded with its reason; the progress follows.
		path := fmt.Sprintf("/api/v1/key-results/%d", e.kr.ID)
		e.do(t, asOwner, http.MethodPatch, path, map[string]any{"metric": map[string]any{"target": 80}, "reason": "Demand beat our plan"},
			"If-Match", `"v1"`).want(t, http.StatusOK).decode(t, &again)
		if again.Metric.Target != 80 || again.Metric.Start != 0 || again.Progress != 50 || again.Version != 2 {
			t.Errorf("after the target change: %+v, want target 80, start 0, progress 50, version 2", again)
		}
		var changes list[targetChangeOut]
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/target-changes?key_result_id=%d", e.kr.ID), nil).want(t, http.StatusOK).decode(t, &changes)
		if changes.Total != 1 || changes.Items[0].OldTarget != 100 || changes.Items[0].NewTarget != 80 || changes.Items[0].Reason != "Demand beat our plan" ||
			changes.Items[0].AuthorID == nil || *changes.Items[0].AuthorID != e.owner.ID {
			t.Errorf("target changes = %+v, want 100 → 80 by the owner with the reason", changes.Items)
		}

		// Milestones are replaced by the list sent: kept ids keep their done
		// flag, the others are archived and listed after the checklist.
		mpath := fmt.Sprintf("/api/v1/key-results/%d", int64(num(t, milestones, "id")))
		e.do(t, asAdmin, http.MethodPatch, mpath, map[string]any{"milestones": []map[string]any{{"id": msIDs[0], "title": "Sign-up"}, {"title": "Celebrate"}}},
			"If-Match", `"v1"`).want(t, http.StatusOK).decode(t, &again)
		if len(again.Milestones) != 4 || !again.Milestones[0].Done || again.Milestones[1].Done || again.Milestones[1].Archived ||
			!again.Milestones[2].Archived || !again.Milestones[3].Archived || again.Progress != 50 {
			t.Errorf("milestones = %+v (progress %v), want sign-up done, celebrate new, the other two archived, 50 %%", again.Milestones, again.Progress)
		}

		// Move a KR to another objective.
		other := e.teamObjective(t, "Keep customers longer")
		e.do(t, asLead, http.MethodPost, fmt.Sprintf("/api/v1/key-results/%d/move", kr.ID), map[string]any{"objective_id": other.ID}, "If-Match", `"v1"`).
			want(t, http.StatusOK).decode(t, &again)
		if again.ObjectiveID != other.ID || again.Version != 2 {
			t.Errorf("moved KR = objective %d version %d, want %d and 2", again.ObjectiveID, again.Version, other.ID)
		}
		if got := listIDs(t, e, asMember, fmt.Sprintf("/api/v1/key-results?objective_id=%d", other.ID)); fmt.Sprint(got) != fmt.Sprint([]int64{kr.ID}) {
			t.Errorf("KRs of the target = %v, want [%d]", got, kr.ID)
		}
		if got := listIDs(t, e, asMember, fmt.Sprintf("/api/v1/key-results?owner_person_id=%d", e.owner.ID)); len(got) != 2 {
			t.Errorf("KRs the owner owns in this period = %v, want 2", got)
		}

		// Archive and restore.
		e.do(t, asOwner, http.MethodPost, path+"/archive", nil, "If-Match", `"v2"`).want(t, http.StatusOK)
		if got := listIDs(t, e, asMember, fmt.Sprintf("/api/v1/key-results?objective_id=%d", e.objective.ID)); contains(got, e.kr.ID) {
			t.Errorf("archived KR listed: %v", got)
		}
		e.do(t, asOwner, http.MethodPost, path+"/restore", nil, "If-Match", `"v3"`).want(t, http.StatusOK)
	})
}

// TestAPIExplainSeed004 is the worked example of seed 004: KRs graded 50,
// 100 and 20 % give an objective score of 56.7 %, too ambitious against the
// 60–70 % band.
func TestAPIExplainSeed004(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		o := e.teamObjective(t, "Öka försäljningen av tillbehör till cyklar online med 1 MSEK")
		var krs []okr.KeyResult
		for i, v := range []float64{50, 100, 20} {
			kr := e.ownedKR(t, o.ID, fmt.Sprintf("KR %d", i+1))
			must(e.db.CreateCheckIns(testCtx, e.sys, []okr.CheckIn{{KeyResultID: kr.ID, Value: v, Confidence: okr.OnTrack}}))(t)
			krs = append(krs, kr)
		}
		// The first KR's grader rounds differently and must say why.
		e.do(t, asOwner, http.MethodPut, fmt.Sprintf("/api/v1/key-results/%d/grade", krs[0].ID), map[string]any{"score": 55}).
			wantError(t, http.StatusUnprocessableEntity, "invalid", "note")
		for i, score := range []float64{50, 100, 20} {
			var g gradeOut
			e.do(t, asOwner, http.MethodPut, fmt.Sprintf("/api/v1/key-results/%d/grade", krs[i].ID), map[string]any{"score": score}).
				want(t, http.StatusOK).decode(t, &g)
			if g.Score != score || g.Suggested != score || g.GradedBy == nil || *g.GradedBy != e.owner.ID {
				t.Errorf("grade = %+v, want score and suggestion %v by the owner", g, score)
			}
		}
		var x objectiveExplainOut
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/objectives/%d/explain", o.ID), nil).want(t, http.StatusOK).decode(t, &x)
		if x.Score.ResultPercent != 56.7 || x.Verdict.Value != "too_ambitious" || len(x.Score.Terms) != 3 || x.Score.Terms[1].Value != 1 {
			t.Errorf("score %v verdict %q terms %+v; want 56.7, too_ambitious and three terms", x.Score.ResultPercent, x.Verdict.Value, x.Score.Terms)
		}
		if x.Verdict.Inputs["band_low"] != 0.6 || x.Verdict.Inputs["band_high"] != 0.7 {
			t.Errorf("verdict inputs = %v, want the org's band 0.6–0.7", x.Verdict.Inputs)
		}
		if x.Progress.ResultPercent != 56.7 || x.Progress.Formula == "" || len(x.Progress.Terms) != 3 {
			t.Errorf("progress = %+v, want 56.7 from three terms", x.Progress)
		}
		if len(x.Rollup.Terms) != 0 || x.Rollup.Note == "" {
			t.Errorf("rollup = %+v, want no children and a note", x.Rollup)
		}
		if x.Status.Value == "" || x.Status.Inputs["status"] != x.Status.Value {
			t.Errorf("status = %+v, want a value matching its inputs", x.Status)
		}
		var got objectiveOut
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/objectives/%d", o.ID), nil).want(t, http.StatusOK).decode(t, &got)
		if got.Score == nil || *got.Score != 56.7 || !got.Graded || got.KeyResults[2].Grade == nil || got.KeyResults[2].Grade.Score != 20 {
			t.Errorf("objective score %v graded %v, want 56.7 and true", got.Score, got.Graded)
		}

		var kx keyResultExplainOut
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/key-results/%d/explain", krs[2].ID), nil).want(t, http.StatusOK).decode(t, &kx)
		if kx.Progress.ResultPercent != 20 || kx.Progress.Inputs["current"] != 20.0 || kx.Progress.Inputs["target"] != 100.0 || kx.Status.Value == "" {
			t.Errorf("KR explanation = %+v, want 20 %% from current 20 of 100 and a status", kx)
		}

		var grades list[gradeOut]
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/grades?key_result_id=%d&key_result_id=%d", krs[0].ID, e.kr.ID), nil).want(t, http.StatusOK).decode(t, &grades)
		if grades.Total != 1 || grades.Items[0].KeyResultID != krs[0].ID {
			t.Errorf("grades = %+v, want only the graded KR", grades.Items)
		}
	})
}

// TestAPIRollup checks the roll-up of children, weighted, with a child
// without key results counting with its own children's roll-up, and a
// draft child counting not at all.
func TestAPIRollup(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		parent := must(e.db.CreateObjective(testCtx, e.sys, okr.Objective{PeriodID: e.period.ID, Title: "Company goal",
			Owner: okr.Owner{UnitID: &e.company.ID}, State: okr.StatePublished}))(t)
		state := okr.StatePublished
		child := func(title string, weight float64, parentID int64, value *float64) okr.Objective {
			o := must(e.db.CreateObjective(testCtx, e.sys, okr.Objective{PeriodID: e.period.ID, Title: title, Weight: weight,
				Owner: okr.Owner{UnitID: &e.dept.ID}, ParentID: &parentID, State: state}))(t)
			if value != nil {
				kr := e.ownedKR(t, o.ID, title+" KR")
				must(e.db.CreateCheckIns(testCtx, e.sys, []okr.CheckIn{{KeyResultID: kr.ID, Value: *value, Confidence: okr.OnTrack}}))(t)
			}
			return o
		}
		child("Forty", 1, parent.ID, ptr(40.0))
		middle := child("Middle without KRs", 3, parent.ID, nil)
		child("Eighty", 1, middle.ID, ptr(80.0))
		child("Hundred", 1, middle.ID, ptr(100.0))
		state = okr.StateDraft
		draft := child("Draft at zero", 5, parent.ID, ptr(0.0))

		var o objectiveOut
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/objectives/%d", parent.ID), nil).want(t, http.StatusOK).decode(t, &o)
		// middle rolls up (80 + 100) / 2 = 90; parent (1×40 + 3×90) / 4 = 77.5.
		if o.Rollup == nil || *o.Rollup != 77.5 || o.Progress != nil {
			t.Errorf("rollup %v progress %v, want 77.5 and null", o.Rollup, o.Progress)
		}
		var x objectiveExplainOut
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/objectives/%d/explain", parent.ID), nil).want(t, http.StatusOK).decode(t, &x)
		if len(x.Rollup.Terms) != 2 || x.Rollup.Terms[1].ID != middle.ID || x.Rollup.Terms[1].Weight != 3 || x.Rollup.Terms[1].Value != 0.9 {
			t.Errorf("rollup terms = %+v, want Forty and Middle (0.9, weight 3)", x.Rollup.Terms)
		}
		if len(x.Rollup.LeftOut) != 1 || x.Rollup.LeftOut[0].ID != draft.ID {
			t.Errorf("rollup left out %+v, want the draft", x.Rollup.LeftOut)
		}
	})
}
