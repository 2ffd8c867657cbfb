package api

import "github.com/danielgtaylor/huma/v2"

// requestExamples are the request bodies the document shows for the main
// operations, by operation id and example name. The ids are those of a
// small organisation (period 1, team unit 3, objective 5, key result 7);
// TestAPIRequestExamples validates each against its schema and sends it.
var requestExamples = map[string]map[string]any{
	"create-objective": {
		"team": map[string]any{"period_id": 1, "title": "Make onboarding effortless for new customers",
			"owner": map[string]any{"unit_id": 3}, "state": "published"},
		"draft for yourself": map[string]any{"period_id": 1, "title": "Become the team's go-to person for pricing"},
	},
	"update-objective": {
		"rename":       map[string]any{"title": "Make onboarding effortless"},
		"clear parent": map[string]any{"parent_id": nil},
		"close":        map[string]any{"state": "closed", "reflection": "Onboarding time halved; the checklist was the lever."},
	},
	"create-key-result": {
		"increase": map[string]any{"objective_id": 5, "title": "Raise weekly activations from 40 to 90",
			"metric": map[string]any{"kind": "increase", "start": 40, "target": 90}, "owner": map[string]any{"person_id": 4}},
		"milestones": map[string]any{"objective_id": 5, "title": "Ship the new onboarding flow",
			"metric":     map[string]any{"kind": "milestones"},
			"milestones": []any{map[string]any{"title": "Design reviewed"}, map[string]any{"title": "Flow live for all"}}},
	},
	"update-key-result": {
		"new target": map[string]any{"metric": map[string]any{"target": 120}, "reason": "The campaign doubled the trial sign-ups"},
		"link a KPI": map[string]any{"kpi_id": 2},
	},
	"create-check-ins": {
		"weekly": map[string]any{"check_ins": []any{
			map[string]any{"key_result_id": 7, "value": 55, "confidence": "on_track", "comment": "Webinar brought 12 new activations"},
		}},
	},
	"grade-key-result": {
		"grade": map[string]any{"score": 0.7, "note": "Reached 83 of 90; the last campaign slipped into next quarter"},
	},
	"create-kpi": {
		"weekly visits": map[string]any{"name": "Website visits", "direction": "higher", "frequency": "weekly",
			"owner_unit_id": 3, "warn": 900, "critical": 600},
	},
	"add-kpi-value": {
		"reading": map[string]any{"value": 1240},
	},
	"create-initiative": {
		"initiative": map[string]any{"key_result_id": 7, "title": "Run a monthly onboarding webinar", "owner_person_id": 4,
			"due": "2026-03-31"},
	},
	"create-period": {
		"quarter": map[string]any{"name": "2026 Q2", "kind": "quarter", "start": "2026-04-01", "end": "2026-06-30"},
	},
	"create-unit": {
		"team": map[string]any{"name": "Outbound", "kind": "team", "parent_id": 2},
	},
	"create-person": {
		"member": map[string]any{"name": "Kari Nordmann", "email": "kari@example.com", "role": "member", "unit_id": 3},
	},
}

// addRequestExample adds op's examples to its JSON request body.
func addRequestExamples(op *huma.Operation) {
	examples := requestExamples[op.OperationID]
	if len(examples) == 0 || op.RequestBody == nil {
		return
	}
	mt := op.RequestBody.Content["application/json"]
	if mt == nil {
		return
	}
	mt.Examples = map[string]*huma.Example{}
	for name, v := range examples {
		mt.Examples[name] = &huma.Example{Summary: name, Value: v}
	}
}
