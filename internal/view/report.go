package view

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/okr-dev/okr/internal/okr"
)

// A report is a board's objectives, key results, check-ins and grades as
// tables to take away (CSV, Excel), the same for the pages and the API:
// the pages put headings and enumerations in the reader's language, the
// API keeps the column keys and the values as the API spells them.

// ReportTable is one table: its name, column keys and rows. A cell is a
// string, an int64, a float64 (fractions stay fractions, 0–1), a time.Time,
// a bool, an Enum, or nil for nothing.
type ReportTable struct {
	Name    string
	Columns []string
	Rows    [][]any
}

// Enum is a value of one of the product's enumerations (Set "status",
// "confidence", "level", "state" or "metric"), which a page shows in words.
type Enum struct{ Set, Value string }

// ReportTableNames are the tables of a report, in order.
var ReportTableNames = []string{"objectives", "key_results", "checkins", "grades"}

// Report lays out the tables of a board's objectives with their grades and
// check-ins (in time order, as ListCheckIns returns them).
func Report(b *Board, dir *Directory, grades map[int64]*okr.Grade, checkins []okr.CheckIn) []ReportTable {
	objs := ReportTable{Name: "objectives", Columns: []string{"id", "objective", "owner", "level", "state", "status", "progress", "expected", "score", "parent_id", "reflection"}}
	krs := ReportTable{Name: "key_results", Columns: []string{"id", "objective_id", "objective", "key_result", "owner", "metric", "start", "target", "current", "unit", "progress", "expected", "status", "confidence", "last_checkin", "score"}}
	cis := ReportTable{Name: "checkins", Columns: []string{"date", "kr_id", "key_result", "value", "confidence", "comment", "author", "late"}}
	grs := ReportTable{Name: "grades", Columns: []string{"kr_id", "key_result", "objective", "score", "suggested", "note", "graded_at"}}
	krByID := map[int64]*KRView{}
	for _, o := range b.Objs {
		var parent, score any
		if o.O.ParentID != nil {
			parent = *o.O.ParentID
		}
		if o.Final {
			score = o.Score
		}
		objs.Rows = append(objs.Rows, []any{o.O.ID, o.O.Title, o.Owner.Name, Enum{"level", string(o.Owner.Level)}, Enum{"state", string(o.O.State)},
			Enum{"status", string(o.Status)}, o.Shown(), o.Expected, score, parent, o.O.Reflection})
		for _, k := range o.KRs {
			krByID[k.KR.ID] = k
			var cur, last, kscore any
			if k.KR.Current != nil {
				cur = *k.KR.Current
			}
			if k.KR.LastCheckInAt != nil {
				last = *k.KR.LastCheckInAt
			}
			if g := grades[k.KR.ID]; g != nil {
				kscore = g.Score
				grs.Rows = append(grs.Rows, []any{k.KR.ID, k.KR.Title, o.O.Title, g.Score, g.Suggested, g.Note, g.At})
			}
			krs.Rows = append(krs.Rows, []any{k.KR.ID, o.O.ID, o.O.Title, k.KR.Title, k.Owner.Name, Enum{"metric", string(k.KR.Metric.Kind)},
				k.KR.Metric.Start, k.KR.Metric.Target, cur, reportUnit(k.KR.Metric.Unit), k.Progress, k.Expected,
				Enum{"status", string(k.Status)}, Enum{"confidence", string(k.KR.Confidence)}, last, kscore})
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
		cis.Rows = append(cis.Rows, []any{c.At, c.KeyResultID, k.KR.Title, c.Value, Enum{"confidence", string(c.Confidence)}, c.Comment, author, c.Late})
	}
	return []ReportTable{objs, krs, cis, grs}
}

// reportUnit is a key result's unit as a report shows it: the currency or
// free unit's code, else the kind (percent, number).
func reportUnit(u okr.Measure) string {
	if u.Code != "" {
		return u.Code
	}
	return string(u.Kind)
}

// ReportWords turns a cell into what a reader sees: enumerations in words
// (word("status", "on_track")), true as yes, false as nothing. The API
// passes nil and keeps the values as they are.
type ReportWords func(set, value string) string

// cell prepares c for a file: Enum and bool through words (or as they are).
func (words ReportWords) cell(c any) any {
	switch v := c.(type) {
	case Enum:
		if v.Value == "" {
			return nil
		}
		if words != nil {
			return words(v.Set, v.Value)
		}
		return v.Value
	case bool:
		if words != nil {
			if v {
				return words("export", "yes")
			}
			return nil
		}
		return v
	}
	return c
}

// WriteCSV writes the table as CSV with a heading row: a UTF-8 byte order
// mark first (spreadsheet programs then read æ, ø, å right), numbers with a
// point, times in RFC 3339, and text a spreadsheet would run as a formula
// with a quote first.
func WriteCSV(w io.Writer, t ReportTable, headings []string, words ReportWords) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(headings)
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, c := range row {
			rec[i] = CSVCell(words.cell(c))
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// CSVCell writes one cell as CSV text.
func CSVCell(c any) string {
	switch v := c.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(v, 10)
	case bool:
		return strconv.FormatBool(v)
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

// WriteXLSX writes the tables as an Excel workbook, a sheet each (named by
// sheet), headings bold and frozen, numbers as numbers, times as dates.
func WriteXLSX(w io.Writer, tables []ReportTable, sheet func(ReportTable) string, headings func(ReportTable) []string, words ReportWords) error {
	x := excelize.NewFile()
	defer x.Close()
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	dateStyle, err := x.NewStyle(&excelize.Style{NumFmt: 22}) // date and time, shown in the reader's locale
	if err != nil {
		return err
	}
	for i, t := range tables {
		name := sheet(t)
		if i == 0 {
			if err := x.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := x.NewSheet(name); err != nil {
			return err
		}
		sw, err := x.NewStreamWriter(name)
		if err != nil {
			return err
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		hs := headings(t)
		head := make([]any, len(hs))
		for j, h := range hs {
			head[j] = excelize.Cell{StyleID: bold, Value: h}
		}
		if err := sw.SetRow("A1", head); err != nil {
			return err
		}
		for n, row := range t.Rows {
			cells := make([]any, len(row))
			for j, c := range row {
				switch v := words.cell(c).(type) {
				case time.Time:
					cells[j] = excelize.Cell{StyleID: dateStyle, Value: v.UTC()}
				default:
					cells[j] = v // excelize stores strings as text, never as formulas
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
	_, err = x.WriteTo(w)
	return err
}
