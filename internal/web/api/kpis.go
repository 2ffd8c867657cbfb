package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
)

// apiKPIOut is a health metric, separate from OKRs.
type apiKPIOut struct {
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

// apiKPICreate is a new KPI.
type apiKPICreate struct {
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

// apiKPIPatch changes some fields of a KPI; fields left out stay.
type apiKPIPatch struct {
	Name        *string           `json:"name,omitempty" minLength:"1" maxLength:"200"`
	Description *string           `json:"description,omitempty" maxLength:"10000"`
	Unit        *string           `json:"unit,omitempty" enum:"number,percent,currency,custom"`
	UnitCode    *string           `json:"unit_code,omitempty" maxLength:"20"`
	Direction   *string           `json:"direction,omitempty" enum:"higher,lower"`
	Frequency   *string           `json:"frequency,omitempty" enum:"daily,weekly,monthly,quarterly"`
	Warn        apiOptionalNumber `json:"warn,omitzero"`
	Critical    apiOptionalNumber `json:"critical,omitzero"`
	OwnerUnitID apiOptionalID     `json:"owner_unit_id,omitzero"`
}

// apiKPIValueOut is one reading of a KPI.
type apiKPIValueOut struct {
	ID       int64     `json:"id"`
	KPIID    int64     `json:"kpi_id"`
	Value    float64   `json:"value"`
	At       time.Time `json:"at"`
	AuthorID *int64    `json:"author_id"`
}

// apiKPIValueIn is a new reading of a KPI.
type apiKPIValueIn struct {
	Value float64    `json:"value"`
	At    *time.Time `json:"at,omitempty" doc:"When it was measured; now when left out"`
}

var apiKPIFields = apiFieldNames{"owner": "owner_unit_id"}

func apiKPI(k okr.KPI) apiKPIOut {
	return apiKPIOut{ID: k.ID, Name: k.Name, Description: k.Description, Unit: string(k.Unit.Kind), UnitCode: k.Unit.Code,
		Direction: string(k.Direction), Frequency: string(k.Frequency), Warn: k.Warn, Critical: k.Critical,
		OwnerUnitID: k.OwnerUnitID, Archived: k.Archived, Version: k.Version}
}

func apiKPIValue(v okr.KPIValue) apiKPIValueOut {
	return apiKPIValueOut{ID: v.ID, KPIID: v.KPIID, Value: v.Value, At: v.At, AuthorID: apiOptional(v.AuthorID)}
}

func (b apiKPIPatch) apply(k *okr.KPI) {
	apiSet(&k.Name, b.Name)
	apiSet(&k.Description, b.Description)
	apiSetString(&k.Unit.Kind, b.Unit)
	apiSet(&k.Unit.Code, b.UnitCode)
	apiSetString(&k.Direction, b.Direction)
	apiSetString(&k.Frequency, b.Frequency)
	b.Warn.apply(&k.Warn)
	b.Critical.apply(&k.Critical)
	b.OwnerUnitID.apply(&k.OwnerUnitID)
}

func apiKPIResult(k okr.KPI, err error) (*apiObject[apiKPIOut], error) {
	if err != nil {
		return nil, err
	}
	return &apiObject[apiKPIOut]{ETag: apiETag(k.Version), Body: apiKPI(k)}, nil
}

func (a *API) registerKPIs() {
	tags := []string{"KPIs"}
	apiOp(a, huma.Operation{OperationID: "list-kpis", Method: http.MethodGet, Path: "/kpis", Tags: tags,
		Summary: "List KPIs", Description: "The organisation's KPIs by name."},
		apiKPIFields, a.listKPIs)
	apiOp(a, huma.Operation{OperationID: "get-kpi", Method: http.MethodGet, Path: "/kpis/{id}", Tags: tags, Summary: "Get a KPI"},
		apiKPIFields, a.getKPI)
	apiOp(a, huma.Operation{OperationID: "create-kpi", Method: http.MethodPost, Path: "/kpis", Tags: tags,
		Summary: "Create a KPI", Description: "Admins, and leads of the owner unit.", DefaultStatus: http.StatusCreated, Errors: apiCreateErrors},
		apiKPIFields, a.createKPI)
	apiOp(a, huma.Operation{OperationID: "update-kpi", Method: http.MethodPatch, Path: "/kpis/{id}", Tags: tags,
		Summary: "Change a KPI", Description: "Admins, and leads of the owner unit (before and after). Fields left out keep their value.", Errors: apiUpdateErrors},
		apiKPIFields, a.updateKPI)
	apiRegisterArchive(a, "kpis", "KPI", tags, apiKPIFields, a.kpiVersion, a.db.ArchiveKPI, a.db.RestoreKPI, apiStoredResult(apiKPIResult))
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
func (a *API) listKPIs(ctx context.Context, in *listKPIsIn) (*apiBody[apiList[apiKPIOut]], error) {
	list, err := a.db.ListKPIs(ctx, apiCallerOf(ctx).org(), in.IncludeArchived)
	if err != nil {
		return nil, err
	}
	var match []okr.KPI
	for _, k := range list {
		if in.OwnerUnitID == 0 || apiIs(k.OwnerUnitID, in.OwnerUnitID) {
			match = append(match, k)
		}
	}
	return apiPaged(match, apiKPI, in.Limit, in.Offset), nil
}

// getKPI answers GET /kpis/{id}.
func (a *API) getKPI(ctx context.Context, in *apiIDPath) (*apiObject[apiKPIOut], error) {
	return apiKPIResult(a.db.GetKPI(ctx, apiCallerOf(ctx).org(), in.ID))
}

// createKPIIn is the input of create-kpi.
type createKPIIn struct{ Body apiKPICreate }

// createKPI answers POST /kpis.
func (a *API) createKPI(ctx context.Context, in *createKPIIn) (*apiCreated[apiKPIOut], error) {
	b := in.Body
	k, err := a.db.CreateKPI(ctx, apiCallerOf(ctx).actor, okr.KPI{Name: b.Name, Description: b.Description,
		Unit: okr.Measure{Kind: okr.UnitKindOfMeasure(b.Unit), Code: b.UnitCode}, Direction: okr.Direction(b.Direction),
		Frequency: okr.Frequency(b.Frequency), Warn: b.Warn, Critical: b.Critical, OwnerUnitID: b.OwnerUnitID})
	if err != nil {
		return nil, err
	}
	return &apiCreated[apiKPIOut]{ETag: apiETag(k.Version), Location: apiLocation("kpis", k.ID), Body: apiKPI(k)}, nil
}

// updateKPIIn is the input of update-kpi.
type updateKPIIn struct {
	ID      int64  `path:"id" minimum:"1" doc:"The object's id"`
	IfMatch string `header:"If-Match" doc:"The ETag the object was read with, e.g. \"v3\", or * for whatever version is current; required. Compared strongly: W/ tags never match"`
	Body    apiKPIPatch
}

// updateKPI answers PATCH /kpis/{id}.
func (a *API) updateKPI(ctx context.Context, in *updateKPIIn) (*apiObject[apiKPIOut], error) {
	match, err := apiParseIfMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	c := apiCallerOf(ctx)
	k, err := a.db.GetKPI(ctx, c.org(), in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := match.version("kpi", k.Version); err != nil {
		return nil, err
	}
	in.Body.apply(&k)
	return apiKPIResult(a.db.UpdateKPI(ctx, c.actor, k))
}

func (a *API) registerKPIValues(tags []string) {
	apiOp(a, huma.Operation{OperationID: "list-kpi-values", Method: http.MethodGet, Path: "/kpis/{id}/values", Tags: tags,
		Summary: "List a KPI's readings", Description: "Oldest first."},
		apiKPIFields, a.listKPIValues)
	apiOp(a, huma.Operation{OperationID: "add-kpi-value", Method: http.MethodPost, Path: "/kpis/{id}/values", Tags: tags,
		Summary: "Add a KPI reading", Description: "Also checks in every active key result linked to the KPI with the value, in the same transaction. " +
			"Admins, and leads of the owner unit.", DefaultStatus: http.StatusCreated, Errors: apiCreateErrors},
		apiKPIFields, a.addKPIValue)
}

// listKPIValuesIn is the input of list-kpi-values.
type listKPIValuesIn struct {
	ID     int64     `path:"id" minimum:"1" doc:"The object's id"`
	Since  time.Time `query:"since" doc:"Only readings at or after this time"`
	Limit  int       `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many items"`
	Offset int       `query:"offset" minimum:"0" default:"0" doc:"Skip this many items"`
}

// listKPIValues answers GET /kpis/{id}/values.
func (a *API) listKPIValues(ctx context.Context, in *listKPIValuesIn) (*apiBody[apiList[apiKPIValueOut]], error) {
	c := apiCallerOf(ctx)
	if _, err := a.db.GetKPI(ctx, c.org(), in.ID); err != nil {
		return nil, err
	}
	list, err := a.db.ListKPIValues(ctx, c.org(), []int64{in.ID}, apiTimePtr(in.Since))
	if err != nil {
		return nil, err
	}
	return apiPaged(list, apiKPIValue, in.Limit, in.Offset), nil
}

// addKPIValueIn is the input of add-kpi-value.
type addKPIValueIn struct {
	ID   int64 `path:"id" minimum:"1" doc:"The object's id"`
	Body apiKPIValueIn
}

// addKPIValue answers POST /kpis/{id}/values.
func (a *API) addKPIValue(ctx context.Context, in *addKPIValueIn) (*apiBody[apiKPIValueOut], error) {
	var at time.Time
	if in.Body.At != nil {
		at = *in.Body.At
	}
	v, err := a.db.AddKPIValue(ctx, apiCallerOf(ctx).actor, in.ID, in.Body.Value, at)
	if err != nil {
		return nil, err
	}
	return &apiBody[apiKPIValueOut]{Body: apiKPIValue(v)}, nil
}
