package api

import (
	"bytes"
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// exportIn selects what to export.
type exportIn struct {
	PeriodID int64  `query:"period_id" required:"true" minimum:"1" doc:"The period"`
	UnitID   int64  `query:"unit_id" minimum:"0" doc:"Only this unit's objectives and those of its sub-units and members"`
	PersonID int64  `query:"person_id" minimum:"0" doc:"Only this person's objectives"`
	Format   string `query:"format" enum:"csv,xlsx" default:"xlsx" doc:"xlsx: a workbook with a sheet per table; csv: the one table named by table"`
	Table    string `query:"table" enum:"objectives,key_results,checkins,grades" default:"key_results" doc:"The table of a CSV export"`
}

// exportOut is a file: CSV or an Excel workbook.
type exportOut struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

const (
	csvType  = "text/csv; charset=utf-8"
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

func (a *API) registerExport() {
	fileSchema := &huma.Schema{Type: "string", Format: "binary"}
	op(a, huma.Operation{OperationID: "export-okrs", Method: http.MethodGet, Path: "/export", Tags: []string{"Insight"},
		Summary: "Export objectives, key results, check-ins and grades",
		Description: "The selected objectives of a period as tables to take away, the same as the company overview's downloads: " +
			"columns named by their keys (id, objective, status, …), values as the API spells them (statuses, confidences and levels " +
			"as enumeration values, progress and scores as fractions 0–1, times in RFC 3339). CSV starts with a UTF-8 byte order mark.",
		Responses: map[string]*huma.Response{"200": {Description: "The file", Content: map[string]*huma.MediaType{
			"text/csv": {Schema: fileSchema}, xlsxType: {Schema: fileSchema}}}}},
		nil, a.exportOKRs)
}

// exportOKRs answers GET /export.
func (a *API) exportOKRs(ctx context.Context, in *exportIn) (*exportOut, error) {
	org := callerOf(ctx).org()
	p, dir, objs, err := a.selection(ctx, org, in.PeriodID, in.UnitID, in.PersonID)
	if err != nil {
		return nil, err
	}
	krs, err := a.view.KeyResultsOf(ctx, org, objs)
	if err != nil {
		return nil, err
	}
	b := view.NewBoard(p, a.now(), dir, objs, krs)
	ids := make([]int64, len(krs))
	for i := range krs {
		ids[i] = krs[i].ID
	}
	grades, err := a.db.ListGrades(ctx, org, ids)
	if err != nil {
		return nil, err
	}
	checkins, err := a.db.ListCheckIns(ctx, org, ids, nil)
	if err != nil {
		return nil, err
	}
	tables := view.Report(b, dir, grades, checkins)
	keys := func(t view.ReportTable) []string { return t.Columns }
	var buf bytes.Buffer
	name := strings.ToLower(strings.ReplaceAll(p.Name, " ", "-"))
	if in.Format == "csv" {
		for _, t := range tables {
			if t.Name == in.Table {
				if err := view.WriteCSV(&buf, t, t.Columns, nil); err != nil {
					return nil, err
				}
			}
		}
		return &exportOut{ContentType: csvType, ContentDisposition: `attachment; filename="` + name + "-" + in.Table + `.csv"`, Body: buf.Bytes()}, nil
	}
	if err := view.WriteXLSX(&buf, tables, func(t view.ReportTable) string { return t.Name }, keys, nil); err != nil {
		return nil, err
	}
	return &exportOut{ContentType: xlsxType, ContentDisposition: `attachment; filename="` + name + `.xlsx"`, Body: buf.Bytes()}, nil
}

// selection reads a period and its objectives owned by a unit (with its
// sub-units and members) or a person, or all of them: what the insight
// operations and the export work on.
func (a *API) selection(ctx context.Context, org, periodID, unitID, personID int64) (okr.Period, *view.Directory, []okr.Objective, error) {
	p, err := a.db.GetPeriod(ctx, org, periodID)
	if err != nil {
		return p, nil, nil, err
	}
	dir, err := a.view.Directory(ctx, org)
	if err != nil {
		return p, nil, nil, err
	}
	f, err := ownerFilter(dir, p.ID, unitID, personID)
	if err != nil {
		return p, nil, nil, err
	}
	objs, _, err := a.db.ListObjectives(ctx, org, f)
	return p, dir, objs, err
}

// ownerFilter selects a period's objectives of a unit (with its sub-units
// and members) or a person; 422 naming the parameter for one that does not
// exist.
func ownerFilter(dir *view.Directory, period, unitID, personID int64) (store.ObjectiveFilter, error) {
	f := store.ObjectiveFilter{PeriodID: period}
	if unitID != 0 {
		u := dir.Units[unitID]
		if u == nil {
			return f, &okr.Error{Code: okr.EINVALID, Field: "unit_id", Message: "no such unit"}
		}
		for _, sub := range dir.Subtree(u) {
			f.OwnerUnitIDs = append(f.OwnerUnitIDs, sub.ID)
			for _, m := range dir.Members[sub.ID] {
				f.OwnerPersonIDs = append(f.OwnerPersonIDs, m.ID)
			}
		}
	}
	if personID != 0 {
		if dir.People[personID] == nil {
			return f, &okr.Error{Code: okr.EINVALID, Field: "person_id", Message: "no such person"}
		}
		f.OwnerUnitIDs, f.OwnerPersonIDs = nil, []int64{personID}
	}
	return f, nil
}
