package api

import (
	"encoding/json"
	"time"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// The audit log stores each object as a record of internal/audit (its own
// snake_case names and a format version). The API shows it in its own wire
// form, the one GET returns (percentages, dates as YYYY-MM-DD):
// apiAuditObject reads the record that the entry's object type and action
// name and encodes it with the wire type of the API. Objectives and key results have their stored fields only
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

// apiAuditWire returns the wire form of a record (nil for a record type
// the API does not know). at is the time of the change (the "now" of a
// period's expected progress).
func apiAuditWire(r audit.Record, at time.Time) any {
	switch r := r.(type) {
	case *audit.Org:
		return apiOrg(r.Domain())
	case *audit.Unit:
		return apiUnit(r.Domain())
	case *audit.Person:
		return apiPerson(r.Domain())
	case *audit.Period:
		return apiPeriod(r.Domain(), at)
	case *audit.Objective:
		return apiObjectiveRec(r.Domain())
	case *audit.Initiative:
		return apiInitiative(r.Domain())
	case *audit.Token:
		return apiToken(r.Domain())
	case *audit.KPI:
		return apiKPI(r.Domain())
	case *audit.KPIValue:
		return apiKPIValue(r.Domain())
	case *audit.KeyResult:
		return apiKeyResultRec(r.Domain())
	case *audit.CheckIn:
		return apiCheckIn(r.Domain())
	case *audit.Grade:
		g := r.Domain()
		return apiGrade(&g)
	case *audit.TargetChange:
		return apiTargetChange(r.Domain())
	}
	return nil
}

// apiAuditObject returns the wire form of one recorded object: null when
// nothing was recorded, the stored JSON as it is when it is not a record
// the API knows.
func apiAuditObject(e *okr.AuditEntry, stored string) json.RawMessage {
	if stored == "" {
		return json.RawMessage("null")
	}
	raw := json.RawMessage(stored)
	r, err := audit.Read(e.ObjectType, e.Action, stored)
	if err != nil {
		return raw
	}
	v := apiAuditWire(r, e.At)
	if v == nil {
		return raw
	}
	b, err := json.Marshal(v)
	if err != nil {
		return raw
	}
	return b
}
