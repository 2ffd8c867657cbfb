package api

import (
	"fmt"
	"net/http"
	"testing"
)

// TestAPIArchivedMilestonesResolve checks that every milestone id a
// check-in names is listed by its key result: removed milestones come
// after the checklist, archived, with the done flag they had; sending the
// list back keeps them archived.
func TestAPIArchivedMilestonesResolve(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		var kr keyResultOut
		r := e.do(t, asLead, http.MethodPost, "/api/v1/key-results", map[string]any{"objective_id": e.objective.ID,
			"title": "Ship the three onboarding steps", "metric": map[string]any{"kind": "milestones"},
			"milestones": []map[string]any{{"title": "Sign-up"}, {"title": "Import"}, {"title": "Invite"}}}).want(t, http.StatusCreated)
		r.decode(t, &kr)
		signUp, imp, invite := kr.Milestones[0], kr.Milestones[1], kr.Milestones[2]
		e.do(t, asLead, http.MethodPost, "/api/v1/check-ins", map[string]any{"check_ins": []map[string]any{
			{"key_result_id": kr.ID, "milestones_done": []int64{signUp.ID}, "confidence": "on_track"}}}).want(t, http.StatusCreated)
		path := fmt.Sprintf("/api/v1/key-results/%d", kr.ID)
		tag := e.do(t, asLead, http.MethodGet, path, nil).want(t, http.StatusOK).etag(t)
		e.do(t, asLead, http.MethodPatch, path, map[string]any{"milestones": []map[string]any{{"id": imp.ID, "title": "Import"}, {"id": invite.ID, "title": "Invite"}}},
			"If-Match", tag).want(t, http.StatusOK)

		r = e.do(t, asMember, http.MethodGet, path, nil).want(t, http.StatusOK)
		r.decode(t, &kr)
		type ms struct {
			id             int64
			done, archived bool
		}
		var got []ms
		for _, m := range kr.Milestones {
			got = append(got, ms{m.ID, m.Done, m.Archived})
		}
		want := []ms{{imp.ID, false, false}, {invite.ID, false, false}, {signUp.ID, true, true}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("milestones = %v, want %v (id, done, archived)", got, want)
		}
		if kr.Progress != 0 {
			t.Errorf("progress = %v, want 0: an archived milestone does not count", kr.Progress)
		}

		// Every id the check-ins name resolves among the key result's.
		var checkIns list[checkInOut]
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/check-ins?key_result_id=%d", kr.ID), nil).want(t, http.StatusOK).decode(t, &checkIns)
		listed := map[int64]bool{}
		for _, m := range kr.Milestones {
			listed[m.ID] = true
		}
		for _, c := range checkIns.Items {
			for _, id := range c.MilestonesDone {
				if !listed[id] {
					t.Errorf("check-in %d names milestone %d, which GET %s does not list", c.ID, id, path)
				}
			}
		}

		// The list as read, sent back, leaves the archived milestone archived.
		var back []map[string]any
		for _, m := range kr.Milestones {
			back = append(back, map[string]any{"id": m.ID, "title": m.Title})
		}
		e.do(t, asLead, http.MethodPatch, path, map[string]any{"milestones": back}, "If-Match", r.etag(t)).want(t, http.StatusOK).decode(t, &kr)
		if len(kr.Milestones) != 3 || kr.Milestones[2].ID != signUp.ID || !kr.Milestones[2].Archived || kr.Milestones[0].Archived {
			t.Errorf("milestones after sending them back = %+v, want the same three, the last archived", kr.Milestones)
		}

		// The objective lists its key results with their archived milestones.
		var o objectiveOut
		e.do(t, asMember, http.MethodGet, fmt.Sprintf("/api/v1/objectives/%d", e.objective.ID), nil).want(t, http.StatusOK).decode(t, &o)
		for _, k := range o.KeyResults {
			if k.ID == kr.ID && len(k.Milestones) != 3 {
				t.Errorf("the objective's key result has %d milestones, want 3 with the archived one", len(k.Milestones))
			}
		}
	})
}
