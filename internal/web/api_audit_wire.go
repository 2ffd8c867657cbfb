package web

import (
	"encoding/json"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// The audit log stores each object as the store recorded it: JSON of the
// domain type, with Go field names ("Title", "OrgID"). The API shows it in
// its own wire form instead (snake_case, percentages, dates as YYYY-MM-DD):
// apiAuditObject decodes the stored JSON into the domain type that the
// entry's object type and action name and encodes that with the wire type
// of the API. Objectives and key results have their stored fields only
// (apiObjectiveRecord, apiKeyResultRecord): progress, status and the other
// figures are computed when read and are not part of the change.

// apiObjectiveRecord is an objective as the audit log shows it: the fields
// of apiObjectiveOut that are stored, under the same names.
type apiObjectiveRecord struct {
	ID          int64       `json:"id"`
	PeriodID    int64       `json:"period_id"`
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Owner       apiOwnerOut `json:"owner"`
	Weight      float64     `json:"weight"`
	ParentID    *int64      `json:"parent_id"`
	Contributes []int64     `json:"contributes"`
	State       string      `json:"state"`
	Reflection  string      `json:"reflection"`
	Archived    bool        `json:"archived"`
	Version     int64       `json:"version"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

// apiKeyResultRecord is a key result as the audit log shows it: the fields
// of apiKeyResultOut that are stored, under the same names.
type apiKeyResultRecord struct {
	ID            int64             `json:"id"`
	ObjectiveID   int64             `json:"objective_id"`
	Title         string            `json:"title"`
	Owner         apiOwnerOut       `json:"owner"`
	Weight        float64           `json:"weight"`
	Metric        apiMetricOut      `json:"metric"`
	Milestones    []apiMilestoneOut `json:"milestones"`
	KPIID         *int64            `json:"kpi_id"`
	Position      int               `json:"position"`
	Current       *float64          `json:"current"`
	Confidence    *string           `json:"confidence"`
	LastCheckInAt *time.Time        `json:"last_check_in_at"`
	Archived      bool              `json:"archived"`
	Version       int64             `json:"version"`
	CreatedAt     time.Time         `json:"created_at"`
}

func apiObjectiveRec(o okr.Objective) apiObjectiveRecord {
	contributes := o.Contributes
	if contributes == nil {
		contributes = []int64{}
	}
	return apiObjectiveRecord{ID: o.ID, PeriodID: o.PeriodID, Title: o.Title, Description: o.Description, Owner: apiOwner(o.Owner),
		Weight: o.Weight, ParentID: o.ParentID, Contributes: contributes, State: string(o.State), Reflection: o.Reflection,
		Archived: o.Archived, Version: o.Version, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
}

func apiKeyResultRec(kr okr.KeyResult) apiKeyResultRecord {
	out := apiKeyResultRecord{ID: kr.ID, ObjectiveID: kr.ObjectiveID, Title: kr.Title, Owner: apiOwner(kr.Owner), Weight: kr.Weight,
		Metric: apiMetricOut{Kind: string(kr.Metric.Kind), Start: kr.Metric.Start, Target: kr.Metric.Target,
			Unit: string(kr.Metric.Unit.Kind), UnitCode: kr.Metric.Unit.Code},
		Milestones: make([]apiMilestoneOut, len(kr.Milestones)), KPIID: kr.KPIID, Position: kr.Position, Current: kr.Current,
		LastCheckInAt: kr.LastCheckInAt, Archived: kr.Archived, Version: kr.Version, CreatedAt: kr.CreatedAt}
	for i, m := range kr.Milestones {
		out.Milestones[i] = apiMilestoneOut{ID: m.ID, Title: m.Title, Done: m.Done}
	}
	if kr.Confidence != "" {
		out.Confidence = apiPtr(string(kr.Confidence))
	}
	return out
}

// apiAuditWire returns the function that converts the stored JSON of an
// entry's objects into their wire form, or nil when the object type and
// action name no type the API knows. at is the time of the change (the
// "now" of a period's expected progress).
func apiAuditWire(objectType, action string, at time.Time) func(stored string) (any, error) {
	switch objectType {
	case "org":
		return apiAuditAs(apiOrg)
	case "unit":
		return apiAuditAs(apiUnit)
	case "person":
		return apiAuditAs(apiPerson)
	case "period":
		return apiAuditAs(func(p okr.Period) apiPeriodOut { return apiPeriod(p, at) })
	case "objective":
		return apiAuditAs(apiObjectiveRec)
	case "initiative":
		return apiAuditAs(apiInitiative)
	case "token":
		return apiAuditAs(apiToken)
	case "kpi":
		if action == "reading" {
			return apiAuditAs(apiKPIValue)
		}
		return apiAuditAs(apiKPI)
	case "key_result":
		switch action {
		case store.ActionCheckIn:
			return apiAuditAs(apiCheckIn)
		case store.ActionGrade:
			return apiAuditAs(func(g okr.Grade) *apiGradeOut { return apiGrade(&g) })
		case store.ActionTargetChange:
			return apiAuditAs(apiTargetChange)
		}
		return apiAuditAs(apiKeyResultRec)
	}
	return nil
}

// apiAuditAs returns a converter that decodes stored JSON into D and
// encodes it with wire.
func apiAuditAs[D, W any](wire func(D) W) func(string) (any, error) {
	return func(stored string) (any, error) {
		var d D
		if err := json.Unmarshal([]byte(stored), &d); err != nil {
			return nil, err
		}
		return wire(d), nil
	}
}

// apiAuditObject returns the wire form of one recorded object: null when
// nothing was recorded, the stored JSON as it is when the type is unknown
// to the API or the JSON does not decode into it.
func apiAuditObject(e *okr.AuditEntry, stored string) json.RawMessage {
	if stored == "" {
		return json.RawMessage("null")
	}
	raw := json.RawMessage(stored)
	conv := apiAuditWire(e.ObjectType, e.Action, e.At)
	if conv == nil {
		return raw
	}
	v, err := conv(stored)
	if err != nil {
		return raw
	}
	b, err := json.Marshal(v)
	if err != nil {
		return raw
	}
	return b
}
