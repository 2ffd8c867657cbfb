package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
)

// initiativeOut is work that moves a key result; it never counts
// towards progress.
type initiativeOut struct {
	ID            int64   `json:"id"`
	KeyResultID   int64   `json:"key_result_id"`
	Title         string  `json:"title"`
	OwnerPersonID *int64  `json:"owner_person_id"`
	Status        string  `json:"status" enum:"planned,in_progress,done,dropped"`
	Due           *string `json:"due" format:"date"`
	Archived      bool    `json:"archived"`
	Version       int64   `json:"version"`
}

// initiativeCreate is a new initiative.
type initiativeCreate struct {
	KeyResultID   int64  `json:"key_result_id" minimum:"1"`
	Title         string `json:"title" minLength:"1" maxLength:"200"`
	OwnerPersonID *int64 `json:"owner_person_id,omitempty"`
	Status        string `json:"status,omitempty" enum:"planned,in_progress,done,dropped" default:"planned"`
	Due           string `json:"due,omitempty" format:"date"`
}

// initiativePatch changes some fields of an initiative; fields left out
// stay.
type initiativePatch struct {
	Title         *string      `json:"title,omitempty" minLength:"1" maxLength:"200"`
	OwnerPersonID optionalID   `json:"owner_person_id,omitzero"`
	Status        *string      `json:"status,omitempty" enum:"planned,in_progress,done,dropped"`
	Due           optionalDate `json:"due,omitzero"`
}

var initiativeFields = fieldNames{"owner": "owner_person_id", "key_result": "key_result_id"}

func wireInitiative(in okr.Initiative) initiativeOut {
	out := initiativeOut{ID: in.ID, KeyResultID: in.KeyResultID, Title: in.Title, OwnerPersonID: in.OwnerPersonID,
		Status: string(in.Status), Archived: in.Archived, Version: in.Version}
	if in.Due != nil {
		out.Due = ptr(dateString(*in.Due))
	}
	return out
}

func initiativeResult(in okr.Initiative, err error) (*object[initiativeOut], error) {
	if err != nil {
		return nil, err
	}
	return &object[initiativeOut]{ETag: etag(in.Version), Body: wireInitiative(in)}, nil
}

func (a *API) registerInitiatives() {
	tags := []string{"Initiatives"}
	op(a, huma.Operation{OperationID: "list-initiatives", Method: http.MethodGet, Path: "/initiatives", Tags: tags,
		Summary: "List initiatives", Description: "The active initiatives of key results (with include_archived, all of them), by key result and id."},
		initiativeFields, a.listInitiatives)
	op(a, huma.Operation{OperationID: "get-initiative", Method: http.MethodGet, Path: "/initiatives/{id}", Tags: tags, Summary: "Get an initiative"},
		initiativeFields, a.getInitiative)
	op(a, huma.Operation{OperationID: "create-initiative", Method: http.MethodPost, Path: "/initiatives", Tags: tags,
		Summary: "Add an initiative", Description: "Whoever may change the key result may add initiatives to it.",
		DefaultStatus: http.StatusCreated, Errors: createErrors},
		initiativeFields, a.createInitiative)
	op(a, huma.Operation{OperationID: "update-initiative", Method: http.MethodPatch, Path: "/initiatives/{id}", Tags: tags,
		Summary: "Change an initiative", Description: "Its owner and whoever may change its key result may change it. Fields left out keep their value.",
		Errors: updateErrors},
		initiativeFields, a.updateInitiative)
	registerArchive(a, "initiatives", "initiative", tags, initiativeFields, a.initiativeVersion, a.db.ArchiveInitiative, a.db.RestoreInitiative, storedResult(initiativeResult))
}

// listInitiativesIn is the input of list-initiatives.
type listInitiativesIn struct {
	KeyResultID     []int64 `query:"key_result_id,explode" maxItems:"500" doc:"The initiatives of these key results"`
	PeriodID        int64   `query:"period_id" doc:"The initiatives of this period's key results; the current period when neither is given"`
	IncludeArchived bool    `query:"include_archived" doc:"Archived initiatives too (archived: true), and with period_id those of archived objectives and key results"`
	Limit           int     `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many items"`
	Offset          int     `query:"offset" minimum:"0" default:"0" doc:"Skip this many items"`
}

// listInitiatives answers GET /initiatives.
func (a *API) listInitiatives(ctx context.Context, in *listInitiativesIn) (*body[list[initiativeOut]], error) {
	c := callerOf(ctx)
	ids := in.KeyResultID
	if len(ids) == 0 {
		var err error
		if ids, err = a.periodKeyResultIDs(ctx, c.org(), in.PeriodID, in.IncludeArchived); err != nil {
			return nil, err
		}
	}
	listInitiatives := a.db.ListInitiatives
	if in.IncludeArchived {
		listInitiatives = a.db.ListAllInitiatives
	}
	list, err := listInitiatives(ctx, c.org(), ids)
	if err != nil {
		return nil, err
	}
	return paged(list, wireInitiative, in.Limit, in.Offset), nil
}

// getInitiative answers GET /initiatives/{id}.
func (a *API) getInitiative(ctx context.Context, in *idPath) (*object[initiativeOut], error) {
	return initiativeResult(a.db.GetInitiative(ctx, callerOf(ctx).org(), in.ID))
}

// createInitiativeIn is the input of create-initiative.
type createInitiativeIn struct{ Body initiativeCreate }

// createInitiative answers POST /initiatives.
func (a *API) createInitiative(ctx context.Context, in *createInitiativeIn) (*created[initiativeOut], error) {
	b := in.Body
	v := okr.Initiative{KeyResultID: b.KeyResultID, Title: b.Title, OwnerPersonID: b.OwnerPersonID, Status: okr.InitiativeStatus(b.Status)}
	if b.Due != "" {
		d, err := parseDate("due", b.Due)
		if err != nil {
			return nil, err
		}
		v.Due = &d
	}
	v, err := a.db.CreateInitiative(ctx, callerOf(ctx).actor, v)
	if err != nil {
		return nil, err
	}
	return &created[initiativeOut]{ETag: etag(v.Version), Location: location("initiatives", v.ID), Body: wireInitiative(v)}, nil
}

// updateInitiativeIn is the input of update-initiative.
type updateInitiativeIn struct {
	ID      int64  `path:"id" minimum:"1" doc:"The object's id"`
	IfMatch string `header:"If-Match" doc:"The ETag the object was read with, e.g. \"v3\", or * for whatever version is current; required. Compared strongly: W/ tags never match"`
	Body    initiativePatch
}

// updateInitiative answers PATCH /initiatives/{id}.
func (a *API) updateInitiative(ctx context.Context, in *updateInitiativeIn) (*object[initiativeOut], error) {
	match, err := parseIfMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	c := callerOf(ctx)
	v, err := a.db.GetInitiative(ctx, c.org(), in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := match.version("initiative", v.Version); err != nil {
		return nil, err
	}
	before := v
	b := in.Body
	set(&v.Title, b.Title)
	b.OwnerPersonID.apply(&v.OwnerPersonID)
	setString(&v.Status, b.Status)
	if err := b.Due.apply("due", &v.Due); err != nil {
		return nil, err
	}
	if same, err := a.unchanged(ctx, "initiative", v.ID, before, v); err != nil || same {
		return initiativeResult(before, err)
	}
	return initiativeResult(a.db.UpdateInitiative(ctx, c.actor, v))
}
