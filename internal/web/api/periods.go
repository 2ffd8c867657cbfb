package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
)

// periodOut is a span of time objectives are set for.
type periodOut struct {
	ID               int64   `json:"id"`
	Name             string  `json:"name"`
	Kind             string  `json:"kind" enum:"quarter,year,custom"`
	Start            string  `json:"start" format:"date" doc:"First day"`
	End              string  `json:"end" format:"date" doc:"Last day (inclusive)"`
	Closed           bool    `json:"closed" doc:"Closed periods take check-ins only from admins (marked late)"`
	Archived         bool    `json:"archived"`
	Version          int64   `json:"version"`
	ExpectedProgress float64 `json:"expected_progress" doc:"How much of the period has elapsed, percent"`
}

// periodCreate is a new period.
type periodCreate struct {
	Name   string `json:"name" minLength:"1" maxLength:"200" example:"Q2 2026"`
	Kind   string `json:"kind" enum:"quarter,year,custom"`
	Start  string `json:"start" format:"date" example:"2026-04-01"`
	End    string `json:"end" format:"date" example:"2026-06-30"`
	Closed bool   `json:"closed,omitempty"`
}

// periodPatch changes some fields of a period; fields left out stay.
type periodPatch struct {
	Name   *string `json:"name,omitempty" minLength:"1" maxLength:"200"`
	Kind   *string `json:"kind,omitempty" enum:"quarter,year,custom"`
	Start  *string `json:"start,omitempty" format:"date"`
	End    *string `json:"end,omitempty" format:"date"`
	Closed *bool   `json:"closed,omitempty" doc:"Close the period at its end; reopen with false"`
}

func wirePeriod(p okr.Period, now time.Time) periodOut {
	return periodOut{ID: p.ID, Name: p.Name, Kind: string(p.Kind), Start: dateString(p.Start), End: dateString(p.End),
		Closed: p.Closed, Archived: p.Archived, Version: p.Version, ExpectedProgress: pct(okr.ExpectedProgress(&p, now))}
}

func (b periodPatch) apply(p *okr.Period) error {
	set(&p.Name, b.Name)
	setString(&p.Kind, b.Kind)
	set(&p.Closed, b.Closed)
	var err error
	if b.Start != nil {
		if p.Start, err = parseDate("start", *b.Start); err != nil {
			return err
		}
	}
	if b.End != nil {
		if p.End, err = parseDate("end", *b.End); err != nil {
			return err
		}
	}
	return nil
}

func (a *API) periodResult(p okr.Period, err error) (*object[periodOut], error) {
	if err != nil {
		return nil, err
	}
	return &object[periodOut]{ETag: etag(p.Version), Body: wirePeriod(p, a.now())}, nil
}

func (a *API) registerPeriods() {
	tags := []string{"Periods"}
	op(a, huma.Operation{OperationID: "list-periods", Method: http.MethodGet, Path: "/periods", Tags: tags,
		Summary: "List periods", Description: "The organisation's periods that are not archived (with include_archived, all of them), latest start first."},
		nil, a.listPeriods)
	op(a, huma.Operation{OperationID: "get-current-period", Method: http.MethodGet, Path: "/periods/current", Tags: tags,
		Summary: "Get the current period", Description: "The open quarter containing today, else the latest open period containing today, else the latest period."},
		nil, a.getCurrentPeriod)
	op(a, huma.Operation{OperationID: "get-period", Method: http.MethodGet, Path: "/periods/{id}", Tags: tags, Summary: "Get a period"},
		nil, a.getPeriod)
	op(a, huma.Operation{OperationID: "create-period", Method: http.MethodPost, Path: "/periods", Tags: tags,
		Summary: "Create a period", Description: "Admins only.", DefaultStatus: http.StatusCreated, Errors: createErrors},
		nil, a.createPeriod)
	op(a, huma.Operation{OperationID: "update-period", Method: http.MethodPatch, Path: "/periods/{id}", Tags: tags,
		Summary: "Change a period", Description: "Admins only; also closes and reopens it. Fields left out keep their value.", Errors: updateErrors},
		nil, a.updatePeriod)
	registerArchive(a, "periods", "period", tags, nil, a.periodVersion, a.db.ArchivePeriod, a.db.RestorePeriod, storedResult(a.periodResult))
}

// listPeriodsIn is the input of list-periods.
type listPeriodsIn struct {
	IncludeArchived bool `query:"include_archived" doc:"Archived periods too (archived: true)"`
	Limit           int  `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many items"`
	Offset          int  `query:"offset" minimum:"0" default:"0" doc:"Skip this many items"`
}

// listPeriods answers GET /periods.
func (a *API) listPeriods(ctx context.Context, in *listPeriodsIn) (*body[list[periodOut]], error) {
	list := a.db.ListPeriods
	if in.IncludeArchived {
		list = a.db.ListAllPeriods
	}
	periods, err := list(ctx, callerOf(ctx).org())
	if err != nil {
		return nil, err
	}
	now := a.now()
	return paged(periods, func(p okr.Period) periodOut { return wirePeriod(p, now) }, in.Limit, in.Offset), nil
}

// getCurrentPeriod answers GET /periods/current.
func (a *API) getCurrentPeriod(ctx context.Context, _ *struct{}) (*object[periodOut], error) {
	return a.periodResult(a.db.CurrentPeriod(ctx, callerOf(ctx).org(), a.now()))
}

// getPeriod answers GET /periods/{id}.
func (a *API) getPeriod(ctx context.Context, in *idPath) (*object[periodOut], error) {
	return a.periodResult(a.db.GetPeriod(ctx, callerOf(ctx).org(), in.ID))
}

// createPeriodIn is the input of create-period.
type createPeriodIn struct{ Body periodCreate }

// createPeriod answers POST /periods.
func (a *API) createPeriod(ctx context.Context, in *createPeriodIn) (*created[periodOut], error) {
	b := in.Body
	p := okr.Period{Name: b.Name, Kind: okr.PeriodKind(b.Kind), Closed: b.Closed}
	var errs okr.ValidationErrors
	var err error
	if p.Start, err = parseDate("start", b.Start); err != nil {
		errs = append(errs, err.(*okr.Error))
	}
	if p.End, err = parseDate("end", b.End); err != nil {
		errs = append(errs, err.(*okr.Error))
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	p, err = a.db.CreatePeriod(ctx, callerOf(ctx).actor, p)
	if err != nil {
		return nil, err
	}
	return &created[periodOut]{ETag: etag(p.Version), Location: location("periods", p.ID), Body: wirePeriod(p, a.now())}, nil
}

// updatePeriodIn is the input of update-period.
type updatePeriodIn struct {
	ID      int64  `path:"id" minimum:"1" doc:"The object's id"`
	IfMatch string `header:"If-Match" doc:"The ETag the object was read with, e.g. \"v3\", or * for whatever version is current; required. Compared strongly: W/ tags never match"`
	Body    periodPatch
}

// updatePeriod answers PATCH /periods/{id}.
func (a *API) updatePeriod(ctx context.Context, in *updatePeriodIn) (*object[periodOut], error) {
	match, err := parseIfMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	c := callerOf(ctx)
	p, err := a.db.GetPeriod(ctx, c.org(), in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := match.version("period", p.Version); err != nil {
		return nil, err
	}
	before := p
	if err := in.Body.apply(&p); err != nil {
		return nil, err
	}
	if same, err := a.unchanged(ctx, "period", p.ID, before, p); err != nil || same {
		return a.periodResult(before, err)
	}
	return a.periodResult(a.db.UpdatePeriod(ctx, c.actor, p))
}
