package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// The overview's selection downloads as Excel (four sheets) and CSV (one
// table), opened and read back here: a row per objective, key result,
// check-in and grade of the selection, headings in the reader's language.
func TestExportsOpenAndMatchTheSelection(t *testing.T) {
	app := appTest(t)
	ctx := context.Background()
	c := signInAs(t, app, saraEmail, saraPW)
	setLang(t, c, app, "en")
	last, _ := lastQuarterObjective(t, app)
	pid := strconv.FormatInt(last.PeriodID, 10)

	objs, _, err := app.db.ListObjectives(ctx, app.orgID, store.ObjectiveFilter{PeriodID: last.PeriodID})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, o := range objs {
		ids = append(ids, o.ID)
	}
	krs, err := app.db.ListKeyResults(ctx, app.orgID, ids, false)
	if err != nil {
		t.Fatal(err)
	}
	var krIDs []int64
	for _, k := range krs {
		krIDs = append(krIDs, k.ID)
	}
	checkins, _ := app.db.ListCheckIns(ctx, app.orgID, krIDs, nil)
	grades, _ := app.db.ListGrades(ctx, app.orgID, krIDs)

	res, body := get(t, c, app.url+"/overview/export.xlsx?period="+pid)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("xlsx: status %d, disposition %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatalf("the Excel file does not open: %v", err)
	}
	defer x.Close()
	if got := x.GetSheetList(); strings.Join(got, "|") != "Objectives|Key results|Check-ins|Grades" {
		t.Fatalf("sheets = %q", got)
	}
	for sheet, want := range map[string]int{"Objectives": len(objs), "Key results": len(krs), "Check-ins": len(checkins), "Grades": len(grades)} {
		rows, err := x.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows)-1 != want || want == 0 {
			t.Errorf("sheet %s has %d rows under its headings, want %d (and more than none)", sheet, len(rows)-1, want)
		}
	}
	head, _ := x.GetRows("Key results")
	if head[0][3] != "Key result" || head[1][3] != krs[0].Title && !containsTitle(krs, head[1][3]) {
		t.Errorf("key results sheet starts %q / %q", head[0], head[1])
	}

	res, body = get(t, c, app.url+"/overview/export.csv?period="+pid+"&table=checkins")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(body, "\uFEFF") {
		t.Fatalf("csv: status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil || len(recs)-1 != len(checkins) || recs[0][0] != "Date" {
		t.Errorf("csv check-ins: %d records (%v), want %d and a heading row", len(recs), err, len(checkins)+1)
	}

	// A unit narrows the selection as on the overview.
	unit := unitByName(t, app, "Nettbutikk")
	_, body = get(t, c, app.url+"/overview/export.csv?period="+pid+"&unit="+strconv.FormatInt(unit.ID, 10))
	narrow, _ := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if len(narrow) < 2 || len(narrow) > len(krs)+1 {
		t.Errorf("csv for Nettbutikk: %d rows, want between 1 and %d key results", len(narrow)-1, len(krs))
	}
	res, _ = get(t, c, app.url+"/overview/export.csv?period="+pid+"&table=passwords")
	if res.StatusCode < 400 || res.StatusCode >= 500 {
		t.Errorf("an unknown table: status %d, want a 4xx", res.StatusCode)
	}
	// Signed out, nothing is exported.
	res, _ = get(t, &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, app.url+"/overview/export.xlsx?period="+pid)
	if res.StatusCode == http.StatusOK {
		t.Errorf("export without signing in: status 200")
	}
}

func containsTitle(krs []okr.KeyResult, title string) bool {
	for _, k := range krs {
		if k.Title == title {
			return true
		}
	}
	return false
}

// Text a spreadsheet would run as a formula is written with a quote first.
func TestCSVCellDefusesFormulas(t *testing.T) {
	for in, want := range map[string]string{"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1": "'+1", "@SUM": "'@SUM", "Plain": "Plain", "": ""} {
		if got := view.CSVCell(in); got != want {
			t.Errorf("view.CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
	if got := view.CSVCell(0.25); got != "0.25" {
		t.Errorf("view.CSVCell(0.25) = %q", got)
	}
}
