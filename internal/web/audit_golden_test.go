package web

import (
	"bytes"
	"flag"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/okr-dev/okr/internal/audit/audittest"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
	"github.com/okr-dev/okr/internal/web/i18n"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// auditFixtureFormatter is a history formatter that knows the fixtures'
// units, people, periods and objectives.
func auditFixtureFormatter(t *testing.T, typ string) auditFormatter {
	t.Helper()
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	id := func(n int64) *int64 { return &n }
	dir := view.NewDirectory([]okr.Unit{{ID: 11, Name: "Acme", Kind: okr.UnitCompany}, {ID: 12, ParentID: id(11), Name: "Sales", Kind: okr.UnitTeam}},
		[]okr.Person{{ID: 21, Name: "Ada", UnitID: id(11)}, {ID: 22, Name: "Bo", UnitID: id(12)}})
	return auditFormatter{p: &Page{L: b.Localizer("en")}, dir: dir, typ: typ,
		titles:  map[int64]string{40: "Win the inbound market", 41: "Grow", 42: "Be known", 43: "Sell more"},
		periods: map[int64]string{30: "Q2 2026"}}
}

// historyText writes the history page's view of each entry: the action,
// who, and the rows of labels and values.
func historyText(t *testing.T, entries []okr.AuditEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, e := range entries {
		v := auditFixtureFormatter(t, e.ObjectType).entry(e)
		if !historyObjects[e.ObjectType] {
			continue
		}
		fmt.Fprintf(&buf, "%s %s: %s by %s (compact %v)\n", e.ObjectType, e.Action, v.Action, v.Who, v.Compact)
		for _, r := range v.Rows {
			fmt.Fprintf(&buf, "\t%s: %q -> %q\n", r.Label, r.Old, r.New)
		}
	}
	return buf.Bytes()
}

// wantGolden compares got with testdata/name, or rewrites it with -update.
func wantGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	audittest.Golden(t, filepath.Join("testdata", name), got, *update)
}

// TestHistoryGolden pins what the history page shows of every kind of
// recorded change, for the records written today and for JSON written
// before them (which the migration to the records, or reading a row an
// older binary wrote, upgrades): both show the same as before the records.
// The audit API's view is pinned in package api.
func TestHistoryGolden(t *testing.T) {
	for name, entries := range map[string][]okr.AuditEntry{"records": audittest.RecordEntries(t), "legacy": audittest.LegacyEntries(t)} {
		t.Run(name, func(t *testing.T) {
			wantGolden(t, "audit_history.golden", historyText(t, entries))
		})
	}
}
