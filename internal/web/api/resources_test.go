package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// TestAPIOrganisation covers settings, units, people and periods.
func TestAPIOrganisation(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		var org orgOut
		r := e.do(t, asMember, http.MethodGet, "/api/v1/org", nil).want(t, http.StatusOK)
		r.decode(t, &org)
		if org.Settings.BandLow != 60 || org.Settings.BandHigh != 70 || org.Settings.Language != "nb" {
			t.Errorf("settings = %+v, want the default band 60–70 and nb", org.Settings)
		}
		e.do(t, asAdmin, http.MethodPatch, "/api/v1/org/settings", map[string]any{"band_low": 80, "band_high": 70}, "If-Match", r.etag(t)).
			wantError(t, http.StatusUnprocessableEntity, "invalid", "band_low")
		e.do(t, asAdmin, http.MethodPatch, "/api/v1/org/settings", map[string]any{"band_low": 65, "language": "sv", "rules": map[string]string{"kr-count": "off"}},
			"If-Match", r.etag(t)).want(t, http.StatusOK).decode(t, &org)
		if org.Settings.BandLow != 65 || org.Settings.BandHigh != 70 || org.Settings.Language != "sv" || org.Settings.Rules["kr-count"] != "off" || org.Version != 2 {
			t.Errorf("settings = %+v (version %d), want band 65–70, sv, kr-count off, version 2", org.Settings, org.Version)
		}
		stored := must(e.db.GetOrg(testCtx, e.org.ID))(t)
		if stored.Settings.BandLow != 0.65 {
			t.Errorf("stored band_low = %v, want the fraction 0.65", stored.Settings.BandLow)
		}

		// Units.
		var u unitOut
		r = e.do(t, asAdmin, http.MethodPost, "/api/v1/units", map[string]any{"name": "Outbound", "kind": "team", "parent_id": e.dept.ID,
			"lead_ids": []int64{e.mem.ID}}).want(t, http.StatusCreated)
		r.decode(t, &u)
		if u.ParentID == nil || *u.ParentID != e.dept.ID || len(u.LeadIDs) != 1 || u.LeadIDs[0] != e.mem.ID {
			t.Errorf("unit = %+v, want below Sales, led by the member", u)
		}
		upath := fmt.Sprintf("/api/v1/units/%d", u.ID)
		e.do(t, asAdmin, http.MethodPatch, upath, map[string]any{"parent_id": u.ID}, "If-Match", `"v1"`).wantError(t, http.StatusUnprocessableEntity, "invalid", "parent_id")
		e.do(t, asAdmin, http.MethodPatch, upath, map[string]any{"lead_ids": []int64{}, "name": "Outbound sales"}, "If-Match", `"v1"`).want(t, http.StatusOK).decode(t, &u)
		if len(u.LeadIDs) != 0 || u.Name != "Outbound sales" || u.ParentID == nil {
			t.Errorf("unit = %+v, want renamed, no leads, parent kept", u)
		}
		if ids := listIDs(t, e, asMember, fmt.Sprintf("/api/v1/units?parent_id=%d", e.dept.ID)); fmt.Sprint(ids) != fmt.Sprint([]int64{e.team.ID, u.ID}) {
			t.Errorf("children of Sales = %v, want Inbound and Outbound sales", ids)
		}

		// People: a person changes their own name, not their role.
		var p personOut
		ppath := fmt.Sprintf("/api/v1/people/%d", e.mem.ID)
		e.do(t, asMember, http.MethodPatch, ppath, map[string]any{"role": "admin"}, "If-Match", `"v1"`).wantError(t, http.StatusForbidden, "forbidden", "")
		e.do(t, asMember, http.MethodPatch, ppath, map[string]any{"name": "Mo M.", "language": "en"}, "If-Match", `"v1"`).want(t, http.StatusOK).decode(t, &p)
		if p.Name != "Mo M." || p.Language != "en" || p.Role != "member" || p.UnitID == nil {
			t.Errorf("person = %+v, want renamed, en, still a member of the team", p)
		}
		e.do(t, asAdmin, http.MethodPatch, ppath, map[string]any{"unit_id": nil}, "If-Match", `"v2"`).want(t, http.StatusOK).decode(t, &p)
		if p.UnitID != nil {
			t.Errorf("unit_id = %v, want null", *p.UnitID)
		}
		var people list[personOut]
		e.do(t, asMember, http.MethodGet, "/api/v1/people?q=OWEN", nil).want(t, http.StatusOK).decode(t, &people)
		if people.Total != 1 || people.Items[0].ID != e.owner.ID {
			t.Errorf("search owen = %+v, want Owen", people.Items)
		}
		e.do(t, asMember, http.MethodGet, "/api/v1/people?limit=2", nil).want(t, http.StatusOK).decode(t, &people)
		if people.Total != 4 || len(people.Items) != 2 {
			t.Errorf("people page = total %d, %d items; want 4 and 2", people.Total, len(people.Items))
		}

		// Periods, with dates as dates.
		var pe periodOut
		e.do(t, asAdmin, http.MethodPost, "/api/v1/periods", map[string]any{"name": "2027", "kind": "year", "start": "2027-12-31", "end": "2027-01-01"}).
			wantError(t, http.StatusUnprocessableEntity, "invalid", "end")
		e.do(t, asAdmin, http.MethodPost, "/api/v1/periods", map[string]any{"name": "2027", "kind": "year", "start": "2027-01-01", "end": "2027-12-31"}).
			want(t, http.StatusCreated).decode(t, &pe)
		if pe.Start != "2027-01-01" || pe.End != "2027-12-31" || pe.ExpectedProgress != 0 {
			t.Errorf("period = %+v, want 2027 not yet begun", pe)
		}
		e.do(t, asAdmin, http.MethodPatch, fmt.Sprintf("/api/v1/periods/%d", pe.ID), map[string]any{"closed": true}, "If-Match", `"v1"`).want(t, http.StatusOK).decode(t, &pe)
		if !pe.Closed || pe.Version != 2 {
			t.Errorf("period = %+v, want closed at version 2", pe)
		}
		e.do(t, asMember, http.MethodGet, "/api/v1/periods/current", nil).want(t, http.StatusOK).decode(t, &pe)
		if pe.ID != e.period.ID || pe.ExpectedProgress <= 0 || pe.ExpectedProgress > 100 {
			t.Errorf("current period = %+v, want this quarter under way", pe)
		}
	})
}

// TestAPIKPIsInitiativesFollows covers KPIs with readings that check in
// linked KRs, initiatives, follows, the audit log and the coach.
func TestAPIKPIsInitiativesFollowsAudit(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		linked := must(e.db.CreateKeyResult(testCtx, e.sys, okr.KeyResult{ObjectiveID: e.objective.ID, Title: "2000 visits a month",
			KPIID: &e.kpi.ID, Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 1000, Target: 2000}}))(t)
		var v kpiValueOut
		e.do(t, asMember, http.MethodPost, fmt.Sprintf("/api/v1/kpis/%d/values", e.kpi.ID), map[string]any{"value": 1500}).
			wantError(t, http.StatusForbidden, "forbidden", "")
		e.do(t, asLead, http.MethodPost, fmt.Sprintf("/api/v1/kpis/%d/values", e.kpi.ID), map[string]any{"value": 1500}).
			want(t, http.StatusCreated).decode(t, &v)
		if v.Value != 1500 || v.KPIID != e.kpi.ID {
			t.Errorf("reading = %+v", v)
		}
		var kr keyResultOut
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/key-results/%d", linked.ID), nil).want(t, http.StatusOK).decode(t, &kr)
		if kr.Current == nil || *kr.Current != 1500 || kr.Progress != 50 {
			t.Errorf("linked KR = current %v progress %v, want 1500 and 50", kr.Current, kr.Progress)
		}
		var values list[kpiValueOut]
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/kpis/%d/values", e.kpi.ID), nil).want(t, http.StatusOK).decode(t, &values)
		if values.Total != 1 {
			t.Errorf("readings = %+v, want one", values.Items)
		}
		var k kpiOut
		e.do(t, asLead, http.MethodPatch, fmt.Sprintf("/api/v1/kpis/%d", e.kpi.ID), map[string]any{"warn": 1200, "critical": 900}, "If-Match", `"v1"`).
			want(t, http.StatusOK).decode(t, &k)
		if k.Warn == nil || *k.Warn != 1200 || *k.Critical != 900 {
			t.Errorf("KPI = %+v, want warn 1200 and critical 900", k)
		}
		e.do(t, asLead, http.MethodPatch, fmt.Sprintf("/api/v1/kpis/%d", e.kpi.ID), map[string]any{"critical": nil}, "If-Match", `"v2"`).
			want(t, http.StatusOK).decode(t, &k)
		if k.Warn == nil || k.Critical != nil {
			t.Errorf("KPI = %+v, want warn kept and critical cleared", k)
		}

		// Initiatives: the owner of the KR adds one and sets its due date.
		var in initiativeOut
		e.do(t, asOwner, http.MethodPost, "/api/v1/initiatives", map[string]any{"key_result_id": e.kr.ID, "title": "Host a meetup", "due": "2026-13-01"}).
			wantError(t, http.StatusUnprocessableEntity, "invalid", "due")
		e.do(t, asOwner, http.MethodPost, "/api/v1/initiatives", map[string]any{"key_result_id": e.kr.ID, "title": "Host a meetup", "due": "2026-12-01"}).
			want(t, http.StatusCreated).decode(t, &in)
		if in.Status != "planned" || in.Due == nil || *in.Due != "2026-12-01" {
			t.Errorf("initiative = %+v, want planned, due 2026-12-01", in)
		}
		e.do(t, asOwner, http.MethodPatch, fmt.Sprintf("/api/v1/initiatives/%d", in.ID), map[string]any{"status": "done", "due": nil}, "If-Match", `"v1"`).
			want(t, http.StatusOK).decode(t, &in)
		if in.Status != "done" || in.Due != nil {
			t.Errorf("initiative = %+v, want done without a due date", in)
		}
		if ids := listIDs(t, e, asMember, fmt.Sprintf("/api/v1/initiatives?key_result_id=%d", e.kr.ID)); len(ids) != 2 {
			t.Errorf("initiatives of the KR = %v, want 2", ids)
		}

		// Follows.
		e.do(t, asMember, http.MethodPost, "/api/v1/follows", map[string]any{"kind": "unit", "target_id": e.team.ID}).want(t, http.StatusNoContent)
		e.do(t, asMember, http.MethodPost, "/api/v1/follows", map[string]any{"kind": "unit", "target_id": e.team.ID}).want(t, http.StatusNoContent)
		var follows list[followOut]
		e.do(t, asMember, http.MethodGet, "/api/v1/follows", nil).want(t, http.StatusOK).decode(t, &follows)
		if follows.Total != 1 || follows.Items[0].Kind != "unit" || follows.Items[0].TargetID != e.team.ID {
			t.Errorf("follows = %+v, want the team once", follows.Items)
		}
		e.do(t, asMember, http.MethodDelete, fmt.Sprintf("/api/v1/follows/unit/%d", e.team.ID), nil).want(t, http.StatusNoContent)
		e.do(t, asMember, http.MethodGet, "/api/v1/follows", nil).want(t, http.StatusOK).decode(t, &follows)
		if follows.Total != 0 {
			t.Errorf("follows = %+v after unfollowing, want none", follows.Items)
		}

		// The audit log of the initiative: newest first, paged by cursor.
		var page auditPage
		path := fmt.Sprintf("/api/v1/audit?object_type=initiative&object_id=%d&limit=1", in.ID)
		e.do(t, asMember, http.MethodGet, path, nil).want(t, http.StatusOK).decode(t, &page)
		if len(page.Items) != 1 || page.Items[0].Action != "update" || page.NextBefore == nil || page.Items[0].ActorID == nil || *page.Items[0].ActorID != e.owner.ID {
			t.Fatalf("audit page = %+v, want the owner's update and a cursor", page)
		}
		var after map[string]any
		if err := json.Unmarshal(page.Items[0].After, &after); err != nil || after["title"] != "Host a meetup" {
			t.Errorf("after = %s, want the initiative as recorded", page.Items[0].After)
		}
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("%s&before=%d", path, *page.NextBefore), nil).want(t, http.StatusOK).decode(t, &page)
		if len(page.Items) != 1 || page.Items[0].Action != "create" || page.NextBefore != nil || string(page.Items[0].Before) != "null" {
			t.Errorf("second audit page = %+v, want the create and no cursor", page)
		}
	})
}

func TestAPICoach(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, "sqlite")
	var out coachOut
	e.do(t, asMember, http.MethodPost, "/api/v1/coach", map[string]any{"title": "Øke salget med 30 %",
		"key_results": []map[string]any{{"title": "Jobbe med salg"}}, "language": "en"}).want(t, http.StatusOK).decode(t, &out)
	if out.Worst == "off" || len(out.Findings) < 2 {
		t.Fatalf("coach = %+v, want findings on a metric objective with one vague KR", out)
	}
	rules := map[string]findingOut{}
	for _, f := range out.Findings {
		rules[f.Rule] = f
		if f.Message == "" || f.Lang != "en" || f.Severity == "" {
			t.Errorf("finding %+v lacks a message in English or a severity", f)
		}
	}
	if f, ok := rules["kr-count"]; !ok || f.Target != "objective" {
		t.Errorf("findings %v lack kr-count on the objective", out.Findings)
	}
	// A rewrite in the text's language, built from its words.
	if f := rules["kr-vague-verb"]; f.Suggestion != "Salg, målt som [tall] fra X til Y innen periodens slutt" {
		t.Errorf("kr-vague-verb suggestion = %q", f.Suggestion)
	}
	// The organisation's rule settings apply.
	org := e.do(t, asAdmin, http.MethodGet, "/api/v1/org", nil).want(t, http.StatusOK)
	e.do(t, asAdmin, http.MethodPatch, "/api/v1/org/settings", map[string]any{"rules": map[string]string{"kr-count": "off"}},
		"If-Match", org.etag(t)).want(t, http.StatusOK)
	var tuned coachOut
	e.do(t, asMember, http.MethodPost, "/api/v1/coach", map[string]any{"title": "Øke salget med 30 %",
		"key_results": []map[string]any{{"title": "Jobbe med salg"}}}).want(t, http.StatusOK).decode(t, &tuned)
	for _, f := range tuned.Findings {
		if f.Rule == "kr-count" {
			t.Errorf("kr-count is off but still found: %+v", f)
		}
	}
	var good coachOut
	e.do(t, asMember, http.MethodPost, "/api/v1/coach", map[string]any{"title": "Bli bransjens mest synlige leverandør av bærekraftige løsninger",
		"key_results": []map[string]any{
			{"title": "1000 nye følgere på LinkedIn", "metric": map[string]any{"kind": "increase", "start": 0, "target": 1000}},
			{"title": "Øke organisk trafikk fra 2000 til 2600 besøk i måneden", "metric": map[string]any{"kind": "increase", "start": 2000, "target": 2600}},
			{"title": "50 nye demobookinger i kvartalet", "metric": map[string]any{"kind": "increase", "start": 0, "target": 50}},
		}}).want(t, http.StatusOK).decode(t, &good)
	if len(good.Findings) >= len(out.Findings) {
		t.Errorf("a good objective got %d findings, a poor one %d: %+v", len(good.Findings), len(out.Findings), good.Findings)
	}
}

func TestAPITokens(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		var made newTokenOut
		e.do(t, asMember, http.MethodPost, "/api/v1/tokens", map[string]any{"name": "Weekly report script"}).want(t, http.StatusCreated).decode(t, &made)
		if made.Token.PersonID != e.mem.ID || len(made.Secret) < 40 || made.Secret[:4] != "okr_" {
			t.Fatalf("new token = %+v, want the member's with an okr_ secret", made)
		}
		e.do(t, asMember, http.MethodPost, "/api/v1/tokens", map[string]any{"name": "For the owner", "person_id": e.owner.ID}).
			wantError(t, http.StatusForbidden, "forbidden", "")
		// The new secret works like any token.
		r := e.do(t, asAnon, http.MethodGet, "/api/v1/me", nil, "Authorization", "Bearer "+made.Secret).want(t, http.StatusOK)
		if num(t, r.object(t), "person.id") != float64(e.mem.ID) {
			t.Errorf("me = %s, want the member", r.Body)
		}
		var list list[tokenOut]
		e.do(t, asMember, http.MethodGet, "/api/v1/tokens", nil).want(t, http.StatusOK).decode(t, &list)
		if list.Total != 2 || list.Items[0].ID != made.Token.ID || list.Items[0].LastUsed == nil {
			t.Errorf("tokens = %+v, want the new one (used) first and the test's", list.Items)
		}
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/tokens?person_id=%d", e.owner.ID), nil).wantError(t, http.StatusForbidden, "forbidden", "")
		e.do(t, asAdmin, http.MethodGet, fmt.Sprintf("/api/v1/tokens?person_id=%d", e.mem.ID), nil).want(t, http.StatusOK).decode(t, &list)
		if list.Total != 2 {
			t.Errorf("admin sees %d of the member's tokens, want 2", list.Total)
		}
		var revoked tokenOut
		e.do(t, asMember, http.MethodPost, fmt.Sprintf("/api/v1/tokens/%d/revoke", made.Token.ID), nil).want(t, http.StatusOK).decode(t, &revoked)
		if revoked.RevokedAt == nil {
			t.Errorf("revoked token = %+v, want revoked_at", revoked)
		}
		e.do(t, asAnon, http.MethodGet, "/api/v1/me", nil, "Authorization", "Bearer "+made.Secret).wantError(t, http.StatusUnauthorized, "unauthorized", "")
	})
}
