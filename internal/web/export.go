package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
)

// An export is the overview's selection (period, unit, person, search) as
// tables people take away: objectives, key results, check-ins and grades.
// CSV gives one table (?table=, key results by default: a row per key
// result with its objective); Excel gives all four, a sheet each.

// exportTable is one table of an export: localised headings and rows of
// cells (strings, float64 or time.Time).
type exportTable struct {
	Name     string // the CSV table name and sheet title id
	Headings []string
	Rows     [][]any
}

// exportTables are the tables of an export, in sheet order.
var exportTableNames = []string{"objectives", "key_results", "checkins", "grades"}

// exportData reads the overview's selection without paging and lays out its
// tables: a fixed number of statements whatever the size.
func (s *Server) exportData(ctx context.Context, r *http.Request, p *Page) (okr.Period, []exportTable, error) {
	T := p.L.T
	objs := exportTable{Name: "objectives", Headings: []string{"ID", T("word.objective"), T("word.owner"), T("export.level"), T("export.state"), T("status.label"), T("export.progress"), T("export.expected"), T("export.score"), T("export.parent"), T("review.reflection")}}
	krs := exportTable{Name: "key_results", Headings: []string{"ID", T("export.objective_id"), T("word.objective"), T("word.key_result"), T("word.owner"), T("export.metric"), T("export.start"), T("export.target"), T("export.current"), T("export.unit"), T("export.progress"), T("export.expected"), T("status.label"), T("confidence.label"), T("export.last_checkin"), T("export.score")}}
	cis := exportTable{Name: "checkins", Headings: []string{T("export.date"), T("export.kr_id"), T("word.key_result"), T("export.value"), T("confidence.label"), T("export.comment"), T("word.author"), T("export.late")}}
	grs := exportTable{Name: "grades", Headings: []string{T("export.kr_id"), T("word.key_result"), T("word.objective"), T("export.score"), T("export.suggested"), T("review.note"), T("export.graded_at")}}
	v := p.Viewer
	period, _, err := s.pickPeriod(ctx, r, v.Org.ID)
	if err != nil {
		return period, nil, err
	}
	if period.ID == 0 { // an organisation without periods: the headings only
		return period, []exportTable{objs, krs, cis, grs}, nil
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return period, nil, err
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
	krByID := map[int64]*view.KRView{}
	for _, o := range b.Objs {
		parent := ""
		if o.O.ParentID != nil {
			parent = strconv.FormatInt(*o.O.ParentID, 10)
		}
		score := any("")
		if o.Final {
			score = o.Score
		}
		objs.Rows = append(objs.Rows, []any{o.O.ID, o.O.Title, o.Owner.Name, T("level." + string(o.Owner.Level)), T("state." + string(o.O.State)), T("status." + string(o.Status)), o.Shown(), o.Expected, score, parent, o.O.Reflection})
		for _, k := range o.KRs {
			krByID[k.KR.ID] = k
			cur, last := any(""), any("")
			if k.KR.Current != nil {
				cur = *k.KR.Current
			}
			if k.KR.LastCheckInAt != nil {
				last = *k.KR.LastCheckInAt
			}
			conf := ""
			if k.KR.Confidence != "" {
				conf = T("confidence." + string(k.KR.Confidence))
			}
			kscore := any("")
			if g := grades[k.KR.ID]; g != nil {
				kscore = g.Score
				grs.Rows = append(grs.Rows, []any{k.KR.ID, k.KR.Title, o.O.Title, g.Score, g.Suggested, g.Note, g.At})
			}
			krs.Rows = append(krs.Rows, []any{k.KR.ID, o.O.ID, o.O.Title, k.KR.Title, k.Owner.Name, T("metric." + string(k.KR.Metric.Kind)), k.KR.Metric.Start, k.KR.Metric.Target, cur, exportUnit(k.KR.Metric.Unit), k.Progress, k.Expected, T("status." + string(k.Status)), conf, last, kscore})
		}
	}
	for _, c := range checkins {
		k := krByID[c.KeyResultID]
		if k == nil {
			continue
		}
		author := ""
		if pr := dir.People[c.AuthorID]; pr != nil {
			author = pr.Name
		}
		conf := ""
		if c.Confidence != "" {
			conf = T("confidence." + string(c.Confidence))
		}
		late := ""
		if c.Late {
			late = T("export.yes")
		}
		cis.Rows = append(cis.Rows, []any{c.At, c.KeyResultID, k.KR.Title, c.Value, conf, c.Comment, author, late})
	}
	return period, []exportTable{objs, krs, cis, grs}, nil
}

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
	var t *exportTable
	for i := range tables {
		if tables[i].Name == table {
			t = &tables[i]
		}
	}
	if t == nil {
		return okr.Errorf(okr.EINVALID, "%s", p.L.T("export.bad_table", "Tables", strings.Join(exportTableNames, ", ")))
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+exportName(p.Viewer.Org.Slug, period, table, "csv")+`"`)
	// A byte order mark tells spreadsheet programs the file is UTF-8 (æ, ø, å).
	w.Write([]byte("\uFEFF"))
	cw := csv.NewWriter(w)
	cw.Write(t.Headings)
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, c := range row {
			rec[i] = csvCell(c)
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// csvCell writes a cell as text: numbers with a point, times as RFC 3339,
// and text that a spreadsheet would run as a formula with a quote first.
func csvCell(c any) string {
	switch v := c.(type) {
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(v, 10)
	case time.Time:
		return v.UTC().Format(time.RFC3339)
	case string:
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			return "'" + v
		}
		return v
	}
	return fmt.Sprint(c)
}

func (s *Server) exportXLSX(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "overview", "overview.title", nil)
	period, tables, err := s.exportData(r.Context(), r, p)
	if err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	dateStyle, err := x.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yy h:mm, shown in the reader's locale
	if err != nil {
		return err
	}
	for i, t := range tables {
		sheet := p.L.T("export.sheet_" + t.Name)
		if i == 0 {
			if err := x.SetSheetName("Sheet1", sheet); err != nil {
				return err
			}
		} else if _, err := x.NewSheet(sheet); err != nil {
			return err
		}
		sw, err := x.NewStreamWriter(sheet)
		if err != nil {
			return err
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		head := make([]any, len(t.Headings))
		for j, h := range t.Headings {
			head[j] = excelize.Cell{StyleID: bold, Value: h}
		}
		if err := sw.SetRow("A1", head); err != nil {
			return err
		}
		for n, row := range t.Rows {
			cells := make([]any, len(row))
			for j, c := range row {
				switch v := c.(type) {
				case time.Time:
					cells[j] = excelize.Cell{StyleID: dateStyle, Value: v.UTC()}
				case string:
					cells[j] = v // excelize stores strings as text, never as formulas
				default:
					cells[j] = v
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, n+2)
			if err := sw.SetRow(cell, cells); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+exportName(p.Viewer.Org.Slug, period, "", "xlsx")+`"`)
	_, err = x.WriteTo(w)
	return err
}

// exportUnit is the key result's unit as the file shows it: the currency or
// free unit's code, else the kind (percent, count).
func exportUnit(u okr.Measure) string {
	if u.Code != "" {
		return u.Code
	}
	return string(u.Kind)
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
