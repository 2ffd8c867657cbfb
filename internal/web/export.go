package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
)

// An export is the overview's selection (period, unit, person, search) as
// tables people take away: objectives, key results, check-ins and grades.
// CSV gives one table (?table=, key results by default: a row per key
// result with its objective); Excel gives all four, a sheet each.

// exportData reads the overview's selection without paging and lays out its
// tables (view.Report): a fixed number of statements whatever the size.
func (s *Server) exportData(ctx context.Context, r *http.Request, p *Page) (okr.Period, []view.ReportTable, error) {
	v := p.Viewer
	period, _, err := s.pickPeriod(ctx, r, v.Org.ID)
	if err != nil {
		return period, nil, err
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return period, nil, err
	}
	if period.ID == 0 { // an organisation without periods: the headings only
		return period, view.Report(&view.Board{}, dir, nil, nil), nil
	}
	var od overviewData
	f, err := od.readFilter(r.URL.Query(), dir)
	if err != nil {
		return period, nil, err
	}
	f.Limit, f.Offset = 0, 0
	b, _, err := s.loadBoard(ctx, v.Org.ID, period, dir, f)
	if err != nil {
		return period, nil, err
	}
	var krIDs []int64
	for _, o := range b.Objs {
		for _, k := range o.KRs {
			krIDs = append(krIDs, k.KR.ID)
		}
	}
	grades, err := s.DB.ListGrades(ctx, v.Org.ID, krIDs)
	if err != nil {
		return period, nil, err
	}
	checkins, err := s.DB.ListCheckIns(ctx, v.Org.ID, krIDs, nil)
	if err != nil {
		return period, nil, err
	}
	return period, view.Report(b, dir, grades, checkins), nil
}

// exportHeadings are a table's headings in the reader's language.
func (p *Page) exportHeadings(t view.ReportTable) []string {
	hs := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		hs[i] = p.L.T("export.col_" + c)
	}
	return hs
}

// exportWords puts enumerations in the reader's words.
func (p *Page) exportWords(set, value string) string { return p.L.T(set + "." + value) }

// exportName is the download's file name: organisation, period, table.
func exportName(org string, period okr.Period, table, ext string) string {
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
				return r
			}
			return '-'
		}, s)
	}
	name := clean(org) + "-" + clean(period.Name)
	if table != "" {
		name += "-" + table
	}
	return name + "." + ext
}

func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "overview", "overview.title", nil)
	table := r.URL.Query().Get("table")
	if table == "" {
		table = "key_results"
	}
	period, tables, err := s.exportData(r.Context(), r, p)
	if err != nil {
		return err
	}
	var t *view.ReportTable
	for i := range tables {
		if tables[i].Name == table {
			t = &tables[i]
		}
	}
	if t == nil {
		return okr.Errorf(okr.EINVALID, "%s", p.L.T("export.bad_table", "Tables", strings.Join(view.ReportTableNames, ", ")))
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+exportName(p.Viewer.Org.Slug, period, table, "csv")+`"`)
	return view.WriteCSV(w, *t, p.exportHeadings(*t), p.exportWords)
}

func (s *Server) exportXLSX(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "overview", "overview.title", nil)
	period, tables, err := s.exportData(r.Context(), r, p)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	sheet := func(t view.ReportTable) string { return p.L.T("export.sheet_" + t.Name) }
	if err := view.WriteXLSX(&buf, tables, sheet, p.exportHeadings, p.exportWords); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+exportName(p.Viewer.Org.Slug, period, "", "xlsx")+`"`)
	_, err = w.Write(buf.Bytes())
	return err
}

// exportQuery is the overview's selection as the export links' query.
func (d *overviewData) exportQuery() string {
	q := url.Values{"period": {strconv.FormatInt(d.Period.ID, 10)}}
	if d.UnitID != 0 {
		q.Set("unit", strconv.FormatInt(d.UnitID, 10))
	}
	if d.PersonID != 0 {
		q.Set("person", strconv.FormatInt(d.PersonID, 10))
	}
	if d.Query != "" {
		q.Set("q", d.Query)
	}
	return q.Encode()
}
