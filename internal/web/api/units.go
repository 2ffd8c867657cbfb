package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// apiUnitOut is a node of the organisation tree.
type apiUnitOut struct {
	ID       int64   `json:"id"`
	ParentID *int64  `json:"parent_id" doc:"The unit above; null for the company"`
	Name     string  `json:"name"`
	Kind     string  `json:"kind" enum:"company,department,team"`
	LeadIDs  []int64 `json:"lead_ids" doc:"The people who lead the unit"`
	Archived bool    `json:"archived"`
	Version  int64   `json:"version"`
}

// apiUnitCreate is a new unit.
type apiUnitCreate struct {
	ParentID *int64  `json:"parent_id,omitempty" doc:"The unit above; leave out for the company"`
	Name     string  `json:"name" minLength:"1" maxLength:"200"`
	Kind     string  `json:"kind" enum:"company,department,team"`
	LeadIDs  []int64 `json:"lead_ids,omitempty" doc:"The people who lead the unit"`
}

// apiUnitPatch changes some fields of a unit; fields left out stay.
type apiUnitPatch struct {
	ParentID apiOptionalID `json:"parent_id,omitzero"`
	Name     *string       `json:"name,omitempty" minLength:"1" maxLength:"200"`
	Kind     *string       `json:"kind,omitempty" enum:"company,department,team"`
	LeadIDs  []int64       `json:"lead_ids,omitempty" doc:"Replaces the leads when sent"`
}

// apiUnitFields names the unit's domain fields on the wire.
var apiUnitFields = apiFieldNames{"parent": "parent_id", "leads": "lead_ids"}

func apiUnit(u okr.Unit) apiUnitOut {
	leads := u.LeadIDs
	if leads == nil {
		leads = []int64{}
	}
	return apiUnitOut{ID: u.ID, ParentID: u.ParentID, Name: u.Name, Kind: string(u.Kind), LeadIDs: leads, Archived: u.Archived, Version: u.Version}
}

func (p apiUnitPatch) apply(u *okr.Unit) {
	p.ParentID.apply(&u.ParentID)
	apiSet(&u.Name, p.Name)
	apiSetString(&u.Kind, p.Kind)
	if p.LeadIDs != nil {
		u.LeadIDs = p.LeadIDs
	}
}

func (a *API) registerUnits() {
	tags := []string{"Units"}
	apiOp(a, huma.Operation{OperationID: "list-units", Method: http.MethodGet, Path: "/units", Tags: tags,
		Summary: "List units", Description: "The organisation's units by name, each with its leads."},
		apiUnitFields, a.listUnits)
	apiOp(a, huma.Operation{OperationID: "get-unit", Method: http.MethodGet, Path: "/units/{id}", Tags: tags, Summary: "Get a unit"},
		apiUnitFields, a.getUnit)
	apiOp(a, huma.Operation{OperationID: "create-unit", Method: http.MethodPost, Path: "/units", Tags: tags,
		Summary: "Create a unit", Description: "Admins only.", DefaultStatus: http.StatusCreated, Errors: apiCreateErrors},
		apiUnitFields, a.createUnit)
	apiOp(a, huma.Operation{OperationID: "update-unit", Method: http.MethodPatch, Path: "/units/{id}", Tags: tags,
		Summary: "Change a unit", Description: "Admins only. Fields left out keep their value.", Errors: apiUpdateErrors},
		apiUnitFields, a.updateUnit)
	apiRegisterArchive(a, "units", "unit", tags, apiUnitFields, a.unitVersion, a.db.ArchiveUnit, a.db.RestoreUnit, apiStoredResult(apiUnitResult))
}

// listUnitsIn is the input of list-units.
type listUnitsIn struct {
	ParentID        int64 `query:"parent_id" doc:"Only the direct children of this unit"`
	IncludeArchived bool  `query:"include_archived" doc:"Include archived units"`
	Limit           int   `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many items"`
	Offset          int   `query:"offset" minimum:"0" default:"0" doc:"Skip this many items"`
}

// listUnits answers GET /units.
func (a *API) listUnits(ctx context.Context, in *listUnitsIn) (*apiBody[apiList[apiUnitOut]], error) {
	f := store.UnitFilter{IncludeArchived: in.IncludeArchived}
	if in.ParentID != 0 {
		f.ParentID = &in.ParentID
	}
	units, err := a.db.ListUnits(ctx, apiCallerOf(ctx).org(), f)
	if err != nil {
		return nil, err
	}
	return apiPaged(units, apiUnit, in.Limit, in.Offset), nil
}

// getUnit answers GET /units/{id}.
func (a *API) getUnit(ctx context.Context, in *apiIDPath) (*apiObject[apiUnitOut], error) {
	u, err := a.db.GetUnit(ctx, apiCallerOf(ctx).org(), in.ID)
	return apiUnitResult(u, err)
}

// createUnitIn is the input of create-unit.
type createUnitIn struct{ Body apiUnitCreate }

// createUnit answers POST /units.
func (a *API) createUnit(ctx context.Context, in *createUnitIn) (*apiCreated[apiUnitOut], error) {
	b := in.Body
	u, err := a.db.CreateUnit(ctx, apiCallerOf(ctx).actor, okr.Unit{ParentID: b.ParentID, Name: b.Name, Kind: okr.UnitKind(b.Kind), LeadIDs: b.LeadIDs})
	if err != nil {
		return nil, err
	}
	return &apiCreated[apiUnitOut]{ETag: apiETag(u.Version), Location: apiLocation("units", u.ID), Body: apiUnit(u)}, nil
}

// updateUnitIn is the input of update-unit.
type updateUnitIn struct {
	ID      int64  `path:"id" minimum:"1" doc:"The object's id"`
	IfMatch string `header:"If-Match" doc:"The ETag the object was read with, e.g. \"v3\", or * for whatever version is current; required. Compared strongly: W/ tags never match"`
	Body    apiUnitPatch
}

// updateUnit answers PATCH /units/{id}.
func (a *API) updateUnit(ctx context.Context, in *updateUnitIn) (*apiObject[apiUnitOut], error) {
	match, err := apiParseIfMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	c := apiCallerOf(ctx)
	u, err := a.db.GetUnit(ctx, c.org(), in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := match.version("unit", u.Version); err != nil {
		return nil, err
	}
	in.Body.apply(&u)
	return apiUnitResult(a.db.UpdateUnit(ctx, c.actor, u))
}

func apiUnitResult(u okr.Unit, err error) (*apiObject[apiUnitOut], error) {
	if err != nil {
		return nil, err
	}
	return &apiObject[apiUnitOut]{ETag: apiETag(u.Version), Body: apiUnit(u)}, nil
}

// apiMap returns f applied to each element of s.
func apiMap[T, U any](s []T, f func(T) U) []U {
	out := make([]U, len(s))
	for i, v := range s {
		out[i] = f(v)
	}
	return out
}
