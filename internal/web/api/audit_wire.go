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
// auditObject reads the record that the entry's object type and action
// name and encodes it with the wire type of the API. Objectives and key results have their stored fields only
// (objectiveRecord, keyResultRecord): progress, status and the other
// figures are computed when read and are not part of the change.

// objectiveRecord is an objective as the audit log shows it: the fields
// of objectiveOut that are stored, under the same names.
type objectiveRecord struct {
	ID          int64     `json:"id"`
	PeriodID    int64     `json:"period_id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Owner       ownerOut  `json:"owner"`
	Weight      float64   `json:"weight"`
	ParentID    *int64    `json:"parent_id"`
	Contributes []int64   `json:"contributes"`
	State       string    `json:"state"`
	Reflection  string    `json:"reflection"`
	Archived    bool      `json:"archived"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// keyResultRecord is a key result as the audit log shows it: the fields
// of keyResultOut that are stored, under the same names.
type keyResultRecord struct {
	ID            int64          `json:"id"`
	ObjectiveID   int64          `json:"objective_id"`
	Title         string         `json:"title"`
	Owner         ownerOut       `json:"owner"`
	Weight        float64        `json:"weight"`
	Metric        metricOut      `json:"metric"`
	Milestones    []milestoneOut `json:"milestones"`
	KPIID         *int64         `json:"kpi_id"`
	Position      int            `json:"position"`
	Current       *float64       `json:"current"`
	Confidence    *string        `json:"confidence"`
	LastCheckInAt *time.Time     `json:"last_check_in_at"`
	Archived      bool           `json:"archived"`
	Version       int64          `json:"version"`
	CreatedAt     time.Time      `json:"created_at"`
}

func objectiveRec(o okr.Objective) objectiveRecord {
	contributes := o.Contributes
	if contributes == nil {
		contributes = []int64{}
	}
	return objectiveRecord{ID: o.ID, PeriodID: o.PeriodID, Title: o.Title, Description: o.Description, Owner: wireOwner(o.Owner),
		Weight: o.Weight, ParentID: o.ParentID, Contributes: contributes, State: string(o.State), Reflection: o.Reflection,
		Archived: o.Archived, Version: o.Version, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
}

func keyResultRec(kr okr.KeyResult) keyResultRecord {
	out := keyResultRecord{ID: kr.ID, ObjectiveID: kr.ObjectiveID, Title: kr.Title, Owner: wireOwner(kr.Owner), Weight: kr.Weight,
		Metric: metricOut{Kind: string(kr.Metric.Kind), Start: kr.Metric.Start, Target: kr.Metric.Target,
			Unit: string(kr.Metric.Unit.Kind), UnitCode: kr.Metric.Unit.Code},
		Milestones: make([]milestoneOut, len(kr.Milestones)), KPIID: kr.KPIID, Position: kr.Position, Current: kr.Current,
		LastCheckInAt: kr.LastCheckInAt, Archived: kr.Archived, Version: kr.Version, CreatedAt: kr.CreatedAt}
	for i, m := range kr.Milestones {
		out.Milestones[i] = milestoneOut{ID: m.ID, Title: m.Title, Done: m.Done}
	}
	if kr.Confidence != "" {
		out.Confidence = ptr(string(kr.Confidence))
	}
	return out
}

// auditWire returns the wire form of a record (nil for a record type
// the API does not know). at is the time of the change (the "now" of a
// period's expected progress).
func auditWire(r audit.Record, at time.Time) any {
	switch r := r.(type) {
	case *audit.Org:
		return wireOrg(r.Domain())
	case *audit.Unit:
		return wireUnit(r.Domain())
	case *audit.Person:
		return wirePerson(r.Domain())
	case *audit.Period:
		return wirePeriod(r.Domain(), at)
	case *audit.Objective:
		return objectiveRec(r.Domain())
	case *audit.Initiative:
		return wireInitiative(r.Domain())
	case *audit.Token:
		return wireToken(r.Domain())
	case *audit.KPI:
		return wireKPI(r.Domain())
	case *audit.KPIValue:
		return wireKPIValue(r.Domain())
	case *audit.KeyResult:
		return keyResultRec(r.Domain())
	case *audit.CheckIn:
		return wireCheckIn(r.Domain())
	case *audit.Grade:
		g := r.Domain()
		return wireGrade(&g)
	case *audit.TargetChange:
		return wireTargetChange(r.Domain())
	}
	return nil
}

// auditObject returns the wire form of one recorded object: null when
// nothing was recorded, the stored JSON as it is when it is not a record
// the API knows.
func auditObject(e *okr.AuditEntry, stored string) json.RawMessage {
	if stored == "" {
		return json.RawMessage("null")
	}
	raw := json.RawMessage(stored)
	r, err := audit.Read(e.ObjectType, e.Action, stored)
	if err != nil {
		return raw
	}
	v := auditWire(r, e.At)
	if v == nil {
		return raw
	}
	b, err := json.Marshal(v)
	if err != nil {
		return raw
	}
	return b
}
