package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
)

// kpiOut is a health metric, separate from OKRs.
type kpiOut struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Unit        string   `json:"unit" enum:"number,percent,currency,custom"`
	UnitCode    string   `json:"unit_code"`
	Direction   string   `json:"direction" enum:"higher,lower" doc:"Which way is better"`
	Frequency   string   `json:"frequency" enum:"daily,weekly,monthly,quarterly" doc:"How often it is expected to be updated"`
	Warn        *float64 `json:"warn" doc:"Threshold of a warning: below it when higher is better, above it when lower is better"`
	Critical    *float64 `json:"critical" doc:"Threshold of a critical value"`
	OwnerUnitID *int64   `json:"owner_unit_id"`
	Archived    bool     `json:"archived"`
	Version     int64    `json:"version"`
}

// kpiCreate is a new KPI.
type kpiCreate struct {
	Name        string   `json:"name" minLength:"1" maxLength:"200"`
	Description string   `json:"description,omitempty" maxLength:"10000"`
	Unit        string   `json:"unit,omitempty" enum:"number,percent,currency,custom" default:"number"`
	UnitCode    string   `json:"unit_code,omitempty" maxLength:"20"`
	Direction   string   `json:"direction" enum:"higher,lower"`
	Frequency   string   `json:"frequency" enum:"daily,weekly,monthly,quarterly"`
	Warn        *float64 `json:"warn,omitempty"`
	Critical    *float64 `json:"critical,omitempty"`
	OwnerUnitID *int64   `json:"owner_unit_id,omitempty" doc:"Leads of this unit may change the KPI and add readings"`
}

// kpiPatch changes some fields of a KPI; fields left out stay.
type kpiPatch struct {
	Name        *string        `json:"name,omitempty" minLength:"1" maxLength:"200"`
	Description *string        `json:"description,omitempty" maxLength:"10000"`
	Unit        *string        `json:"unit,omitempty" enum:"number,percent,currency,custom"`
	UnitCode    *string        `json:"unit_code,omitempty" maxLength:"20"`
	Direction   *string        `json:"direction,omitempty" enum:"higher,lower"`
	Frequency   *string        `json:"frequency,omitempty" enum:"daily,weekly,monthly,quarterly"`
	Warn        optionalNumber `json:"warn,omitzero"`
	Critical    optionalNumber `json:"critical,omitzero"`
	OwnerUnitID optionalID     `json:"owner_unit_id,omitzero"`
}

// kpiValueOut is one reading of a KPI.
type kpiValueOut struct {
	ID       int64     `json:"id"`
	KPIID    int64     `json:"kpi_id"`
	Value    float64   `json:"value"`
	At       time.Time `json:"at"`
	AuthorID *int64    `json:"author_id"`
}

// kpiValueIn is a new reading of a KPI.
type kpiValueIn struct {
	Value float64    `json:"value"`
	At    *time.Time `json:"at,omitempty" doc:"When it was measured; now when left out"`
}

var kpiFields = fieldNames{"owner": "owner_unit_id"}

func wireKPI(k okr.KPI) kpiOut {
	return kpiOut{ID: k.ID, Name: k.Name, Description: k.Description, Unit: string(k.Unit.Kind), UnitCode: k.Unit.Code,
		Direction: string(k.Direction), Frequency: string(k.Frequency), Warn: k.Warn, Critical: k.Critical,
		OwnerUnitID: k.OwnerUnitID, Archived: k.Archived, Version: k.Version}
}

func wireKPIValue(v okr.KPIValue) kpiValueOut {
	return kpiValueOut{ID: v.ID, KPIID: v.KPIID, Value: v.Value, At: v.At, AuthorID: idOrNil(v.AuthorID)}
}

func (b kpiPatch) apply(k *okr.KPI) {
	set(&k.Name, b.Name)
	set(&k.Description, b.Description)
	setString(&k.Unit.Kind, b.Unit)
	set(&k.Unit.Code, b.UnitCode)
	setString(&k.Direction, b.Direction)
	setString(&k.Frequency, b.Frequency)
	b.Warn.apply(&k.Warn)
	b.Critical.apply(&k.Critical)
	b.OwnerUnitID.apply(&k.OwnerUnitID)
}

func kpiResult(k okr.KPI, err error) (*object[kpiOut], error) {
	if err != nil {
		return nil, err
	}
	return &object[kpiOut]{ETag: etag(k.Version), Body: wireKPI(k)}, nil
}

func (a *API) registerKPIs() {
	tags := []string{"KPIs"}
	op(a, huma.Operation{OperationID: "list-kpis", Method: http.MethodGet, Path: "/kpis", Tags: tags,
		Summary: "List KPIs", Description: "The organisation's KPIs by name."},
		kpiFields, a.listKPIs)
	op(a, huma.Operation{OperationID: "get-kpi", Method: http.MethodGet, Path: "/kpis/{id}", Tags: tags, Summary: "Get a KPI"},
		kpiFields, a.getKPI)
	op(a, huma.Operation{OperationID: "create-kpi", Method: http.MethodPost, Path: "/kpis", Tags: tags,
		Summary: "Create a KPI", Description: "Admins, and leads of the owner unit.", DefaultStatus: http.StatusCreated, Errors: createErrors},
		kpiFields, a.createKPI)
	op(a, huma.Operation{OperationID: "update-kpi", Method: http.MethodPatch, Path: "/kpis/{id}", Tags: tags,
		Summary: "Change a KPI", Description: "Admins, and leads of the owner unit (before and after). Fields left out keep their value.", Errors: updateErrors},
		kpiFields, a.updateKPI)
	registerArchive(a, "kpis", "KPI", tags, kpiFields, a.kpiVersion, a.db.ArchiveKPI, a.db.RestoreKPI, storedResult(kpiResult))
	a.registerKPIValues(tags)
}

// listKPIsIn is the input of list-kpis.
type listKPIsIn struct {
	OwnerUnitID     int64 `query:"owner_unit_id" doc:"Only the KPIs of this unit"`
	IncludeArchived bool  `query:"include_archived"`
	Limit           int   `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many items"`
	Offset          int   `query:"offset" minimum:"0" default:"0" doc:"Skip this many items"`
}

// listKPIs answers GET /kpis.
func (a *API) listKPIs(ctx context.Context, in *listKPIsIn) (*body[list[kpiOut]], error) {
	list, err := a.db.ListKPIs(ctx, callerOf(ctx).org(), in.IncludeArchived)
	if err != nil {
		return nil, err
	}
	var match []okr.KPI
	for _, k := range list {
		if in.OwnerUnitID == 0 || isID(k.OwnerUnitID, in.OwnerUnitID) {
			match = append(match, k)
		}
	}
	return paged(match, wireKPI, in.Limit, in.Offset), nil
}

// getKPI answers GET /kpis/{id}.
func (a *API) getKPI(ctx context.Context, in *idPath) (*object[kpiOut], error) {
	return kpiResult(a.db.GetKPI(ctx, callerOf(ctx).org(), in.ID))
}

// createKPIIn is the input of create-kpi.
type createKPIIn struct{ Body kpiCreate }

// createKPI answers POST /kpis.
func (a *API) createKPI(ctx context.Context, in *createKPIIn) (*created[kpiOut], error) {
	b := in.Body
	k, err := a.db.CreateKPI(ctx, callerOf(ctx).actor, okr.KPI{Name: b.Name, Description: b.Description,
		Unit: okr.Measure{Kind: okr.UnitKindOfMeasure(b.Unit), Code: b.UnitCode}, Direction: okr.Direction(b.Direction),
		Frequency: okr.Frequency(b.Frequency), Warn: b.Warn, Critical: b.Critical, OwnerUnitID: b.OwnerUnitID})
	if err != nil {
		return nil, err
	}
	return &created[kpiOut]{ETag: etag(k.Version), Location: location("kpis", k.ID), Body: wireKPI(k)}, nil
}

// updateKPIIn is the input of update-kpi.
type updateKPIIn struct {
	ID      int64  `path:"id" minimum:"1" doc:"The object's id"`
	IfMatch string `header:"If-Match" doc:"The ETag the object was read with, e.g. \"v3\", or * for whatever version is current; required. Compared strongly: W/ tags never match"`
	Body    kpiPatch
}

// updateKPI answers PATCH /kpis/{id}.
func (a *API) updateKPI(ctx context.Context, in *updateKPIIn) (*object[kpiOut], error) {
	match, err := parseIfMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	c := callerOf(ctx)
	k, err := a.db.GetKPI(ctx, c.org(), in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := match.version("kpi", k.Version); err != nil {
		return nil, err
	}
	before := k
	in.Body.apply(&k)
	if same, err := a.unchanged(ctx, "kpi", k.ID, before, k); err != nil || same {
		return kpiResult(before, err)
	}
	return kpiResult(a.db.UpdateKPI(ctx, c.actor, k))
}

func (a *API) registerKPIValues(tags []string) {
	op(a, huma.Operation{OperationID: "list-kpi-values", Method: http.MethodGet, Path: "/kpis/{id}/values", Tags: tags,
		Summary: "List a KPI's readings", Description: "Oldest first."},
		kpiFields, a.listKPIValues)
	op(a, huma.Operation{OperationID: "add-kpi-value", Method: http.MethodPost, Path: "/kpis/{id}/values", Tags: tags,
		Summary: "Add a KPI reading", Description: "Also checks in every active key result linked to the KPI with the value, in the same transaction. " +
			"Admins, and leads of the owner unit.", DefaultStatus: http.StatusCreated, Errors: createErrors},
		kpiFields, a.addKPIValue)
}

// listKPIValuesIn is the input of list-kpi-values.
type listKPIValuesIn struct {
	ID     int64     `path:"id" minimum:"1" doc:"The object's id"`
	Since  time.Time `query:"since" doc:"Only readings at or after this time"`
	Limit  int       `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many items"`
	Offset int       `query:"offset" minimum:"0" default:"0" doc:"Skip this many items"`
}

// listKPIValues answers GET /kpis/{id}/values.
func (a *API) listKPIValues(ctx context.Context, in *listKPIValuesIn) (*body[list[kpiValueOut]], error) {
	c := callerOf(ctx)
	if _, err := a.db.GetKPI(ctx, c.org(), in.ID); err != nil {
		return nil, err
	}
	list, err := a.db.ListKPIValues(ctx, c.org(), []int64{in.ID}, timePtr(in.Since))
	if err != nil {
		return nil, err
	}
	return paged(list, wireKPIValue, in.Limit, in.Offset), nil
}

// addKPIValueIn is the input of add-kpi-value.
type addKPIValueIn struct {
	ID   int64 `path:"id" minimum:"1" doc:"The object's id"`
	Body kpiValueIn
}

// addKPIValue answers POST /kpis/{id}/values.
func (a *API) addKPIValue(ctx context.Context, in *addKPIValueIn) (*body[kpiValueOut], error) {
	var at time.Time
	if in.Body.At != nil {
		at = *in.Body.At
	}
	v, err := a.db.AddKPIValue(ctx, callerOf(ctx).actor, in.ID, in.Body.Value, at)
	if err != nil {
		return nil, err
	}
	return &body[kpiValueOut]{Body: wireKPIValue(v)}, nil
}
