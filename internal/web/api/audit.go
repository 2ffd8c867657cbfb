package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// auditOut is one change to one object.
type auditOut struct {
	ID         int64           `json:"id"`
	At         time.Time       `json:"at"`
	ActorID    *int64          `json:"actor_id" doc:"Who made the change; null for the system (imports, the command line)"`
	ObjectType string          `json:"object_type" example:"objective"`
	ObjectID   int64           `json:"object_id"`
	Action     string          `json:"action" example:"update" doc:"create, update, archive, restore, move, check_in, grade, target_change, contributes, …"`
	Before     json.RawMessage `json:"before" doc:"The object before the change, in the API's field names as GET returns it (objectives and key results without the figures computed when read: progress, status, …); for a check-in, grade or target change of a key result the check-in, grade or target change; null for a create"`
	After      json.RawMessage `json:"after" doc:"The object after the change, in the same form as before; null when not applicable"`
}

// auditPage is a page of the audit log, newest first.
type auditPage struct {
	Items      []auditOut `json:"items"`
	NextBefore *int64     `json:"next_before" doc:"Pass as before to get the next (older) page; null on the last page"`
}

func wireAudit(e okr.AuditEntry) auditOut {
	return auditOut{ID: e.ID, At: e.At, ActorID: e.ActorID, ObjectType: e.ObjectType, ObjectID: e.ObjectID, Action: e.Action,
		Before: auditObject(&e, e.Before), After: auditObject(&e, e.After)}
}

func (a *API) registerAudit() {
	op(a, huma.Operation{OperationID: "list-audit", Method: http.MethodGet, Path: "/audit", Tags: []string{"Audit"},
		Summary: "Read the audit log", Description: "Who changed what and when, newest first, with the object before and after. Every member may read it."},
		nil, a.listAudit)
}

// listAuditIn is the input of list-audit.
type listAuditIn struct {
	ObjectType string `query:"object_type" enum:"org,unit,person,period,token,objective,key_result,initiative,kpi," doc:"Only changes of this type of object"`
	ObjectID   int64  `query:"object_id" doc:"Only changes of this object (with object_type)"`
	ActorID    int64  `query:"actor_id" doc:"Only changes by this person"`
	Before     int64  `query:"before" doc:"Only entries older than this id: the next_before of the previous page"`
	Limit      int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

// listAudit answers GET /audit.
func (a *API) listAudit(ctx context.Context, in *listAuditIn) (*body[auditPage], error) {
	list, err := a.db.ListAudit(ctx, callerOf(ctx).org(), store.AuditFilter{ObjectType: in.ObjectType, ObjectID: in.ObjectID,
		ActorID: in.ActorID, BeforeID: in.Before, Limit: in.Limit + 1})
	if err != nil {
		return nil, err
	}
	out := auditPage{Items: mapSlice(list[:min(len(list), in.Limit)], wireAudit)}
	if len(list) > in.Limit {
		out.NextBefore = ptr(list[in.Limit-1].ID)
	}
	return &body[auditPage]{Body: out}, nil
}
