package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// unitOut is a node of the organisation tree.
type unitOut struct {
	ID       int64   `json:"id"`
	ParentID *int64  `json:"parent_id" doc:"The unit above; null for the company"`
	Name     string  `json:"name"`
	Kind     string  `json:"kind" enum:"company,department,team"`
	LeadIDs  []int64 `json:"lead_ids" doc:"The people who lead the unit"`
	Archived bool    `json:"archived"`
	Version  int64   `json:"version"`
}

// unitCreate is a new unit.
type unitCreate struct {
	ParentID *int64  `json:"parent_id,omitempty" doc:"The unit above; leave out for the company"`
	Name     string  `json:"name" minLength:"1" maxLength:"200"`
	Kind     string  `json:"kind" enum:"company,department,team"`
	LeadIDs  []int64 `json:"lead_ids,omitempty" doc:"The people who lead the unit"`
}

// unitPatch changes some fields of a unit; fields left out stay.
type unitPatch struct {
	ParentID optionalID `json:"parent_id,omitzero"`
	Name     *string    `json:"name,omitempty" minLength:"1" maxLength:"200"`
	Kind     *string    `json:"kind,omitempty" enum:"company,department,team"`
	LeadIDs  []int64    `json:"lead_ids,omitempty" doc:"Replaces the leads when sent"`
}

// unitFields names the unit's domain fields on the wire.
var unitFields = fieldNames{"parent": "parent_id", "leads": "lead_ids"}

func wireUnit(u okr.Unit) unitOut {
	leads := u.LeadIDs
	if leads == nil {
		leads = []int64{}
	}
	return unitOut{ID: u.ID, ParentID: u.ParentID, Name: u.Name, Kind: string(u.Kind), LeadIDs: leads, Archived: u.Archived, Version: u.Version}
}

func (p unitPatch) apply(u *okr.Unit) {
	p.ParentID.apply(&u.ParentID)
	set(&u.Name, p.Name)
	setString(&u.Kind, p.Kind)
	if p.LeadIDs != nil {
		u.LeadIDs = p.LeadIDs
	}
}

func (a *API) registerUnits() {
	tags := []string{"Units"}
	op(a, huma.Operation{OperationID: "list-units", Method: http.MethodGet, Path: "/units", Tags: tags,
		Summary: "List units", Description: "The organisation's units by name, each with its leads."},
		unitFields, a.listUnits)
	op(a, huma.Operation{OperationID: "get-unit", Method: http.MethodGet, Path: "/units/{id}", Tags: tags, Summary: "Get a unit"},
		unitFields, a.getUnit)
	op(a, huma.Operation{OperationID: "create-unit", Method: http.MethodPost, Path: "/units", Tags: tags,
		Summary: "Create a unit", Description: "Admins only.", DefaultStatus: http.StatusCreated, Errors: createErrors},
		unitFields, a.createUnit)
	op(a, huma.Operation{OperationID: "update-unit", Method: http.MethodPatch, Path: "/units/{id}", Tags: tags,
		Summary: "Change a unit", Description: "Admins only. Fields left out keep their value.", Errors: updateErrors},
		unitFields, a.updateUnit)
	registerArchive(a, "units", "unit", tags, unitFields, a.unitVersion, a.db.ArchiveUnit, a.db.RestoreUnit, storedResult(unitResult))
}

// listUnitsIn is the input of list-units.
type listUnitsIn struct {
	ParentID        int64 `query:"parent_id" doc:"Only the direct children of this unit"`
	IncludeArchived bool  `query:"include_archived" doc:"Include archived units"`
	Limit           int   `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many items"`
	Offset          int   `query:"offset" minimum:"0" default:"0" doc:"Skip this many items"`
}

// listUnits answers GET /units.
func (a *API) listUnits(ctx context.Context, in *listUnitsIn) (*body[list[unitOut]], error) {
	f := store.UnitFilter{IncludeArchived: in.IncludeArchived}
	if in.ParentID != 0 {
		f.ParentID = &in.ParentID
	}
	units, err := a.db.ListUnits(ctx, callerOf(ctx).org(), f)
	if err != nil {
		return nil, err
	}
	return paged(units, wireUnit, in.Limit, in.Offset), nil
}

// getUnit answers GET /units/{id}.
func (a *API) getUnit(ctx context.Context, in *idPath) (*object[unitOut], error) {
	u, err := a.db.GetUnit(ctx, callerOf(ctx).org(), in.ID)
	return unitResult(u, err)
}

// createUnitIn is the input of create-unit.
type createUnitIn struct{ Body unitCreate }

// createUnit answers POST /units.
func (a *API) createUnit(ctx context.Context, in *createUnitIn) (*created[unitOut], error) {
	b := in.Body
	u, err := a.db.CreateUnit(ctx, callerOf(ctx).actor, okr.Unit{ParentID: b.ParentID, Name: b.Name, Kind: okr.UnitKind(b.Kind), LeadIDs: b.LeadIDs})
	if err != nil {
		return nil, err
	}
	return &created[unitOut]{ETag: etag(u.Version), Location: location("units", u.ID), Body: wireUnit(u)}, nil
}

// updateUnitIn is the input of update-unit.
type updateUnitIn struct {
	ID      int64  `path:"id" minimum:"1" doc:"The object's id"`
	IfMatch string `header:"If-Match" doc:"The ETag the object was read with, e.g. \"v3\", or * for whatever version is current; required. Compared strongly: W/ tags never match"`
	Body    unitPatch
}

// updateUnit answers PATCH /units/{id}.
func (a *API) updateUnit(ctx context.Context, in *updateUnitIn) (*object[unitOut], error) {
	match, err := parseIfMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	c := callerOf(ctx)
	u, err := a.db.GetUnit(ctx, c.org(), in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := match.version("unit", u.Version); err != nil {
		return nil, err
	}
	before := u
	in.Body.apply(&u)
	if same, err := a.unchanged(ctx, "unit", u.ID, before, u); err != nil || same {
		return unitResult(before, err)
	}
	return unitResult(a.db.UpdateUnit(ctx, c.actor, u))
}

func unitResult(u okr.Unit, err error) (*object[unitOut], error) {
	if err != nil {
		return nil, err
	}
	return &object[unitOut]{ETag: etag(u.Version), Body: wireUnit(u)}, nil
}

// mapSlice returns f applied to each element of s.
func mapSlice[T, U any](s []T, f func(T) U) []U {
	out := make([]U, len(s))
	for i, v := range s {
		out[i] = f(v)
	}
	return out
}
