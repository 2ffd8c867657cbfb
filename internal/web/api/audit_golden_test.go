package api

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/okr-dev/okr/internal/audit/audittest"
	"github.com/okr-dev/okr/internal/okr"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// auditText writes the API's view of each entry.
func auditText(t *testing.T, entries []okr.AuditEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, e := range entries {
		out, err := json.Marshal(wireAudit(e))
		if err != nil {
			t.Fatal(err)
		}
		var indented bytes.Buffer
		if err := json.Indent(&indented, out, "", "  "); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&buf, "%s\n", indented.Bytes())
	}
	return buf.Bytes()
}

// TestAuditGolden pins what the audit API shows of every kind of recorded
// change, for the records written today and for JSON written before them
// (which the migration to the records, or reading a row an older binary
// wrote, upgrades): both show the same as before the records.
func TestAuditGolden(t *testing.T) {
	for name, entries := range map[string][]okr.AuditEntry{"records": audittest.RecordEntries(t), "legacy": audittest.LegacyEntries(t)} {
		t.Run(name, func(t *testing.T) {
			audittest.Golden(t, filepath.Join("testdata", "audit.golden"), auditText(t, entries), *update)
		})
	}
}
