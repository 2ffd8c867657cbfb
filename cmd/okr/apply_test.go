package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// okr apply: the plan's text (golden) and JSON, and the exit statuses CI
// tells apart: 0 no changes, 2 usage, 3 the file has problems, 4 changes.
// testdata/apply-edited.yaml is an export of docs/examples/artbyx.yaml with
// a new person, a raised target, a new check-in and an objective removed.
func TestApplyPlanAndExitStatuses(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "okr.db")
	example := "../../docs/examples/artbyx.yaml"
	edited := "testdata/apply-edited.yaml"
	if code, _, errOut := run(t, nil, "import", "--db", dsn, example); code != 0 {
		t.Fatalf("import exit %d: %s", code, errOut)
	}
	if code, out, errOut := run(t, nil, "apply", "--db", dsn, example); code != 0 || !strings.Contains(out, "No changes") {
		t.Fatalf("apply of the imported file: exit %d, %s%s, want 0 and no changes", code, out, errOut)
	}
	golden, err := os.ReadFile("testdata/apply-plan.golden")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, nil, "apply", "--db", dsn, "--plan", "--prune", edited)
	if code != 4 || out != string(golden) {
		t.Fatalf("apply --plan --prune: exit %d, stderr %s, stdout:\n%s\nwant exit 4 and:\n%s", code, errOut, out, golden)
	}
	code, out, _ = run(t, nil, "apply", "--db", dsn, "--plan", "--prune", "--format", "json", edited)
	var plan struct {
		Applied bool
		Changes []struct{ Action, Kind, Key string }
		Summary map[string]int
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil || code != 4 || plan.Applied || len(plan.Changes) != 6 || plan.Summary["archive"] != 3 {
		t.Fatalf("apply --plan --format json: exit %d, %v, %s", code, err, out)
	}
	// Without --prune nothing is archived; applied, then nothing is left.
	if code, out, _ = run(t, nil, "apply", "--db", dsn, edited); code != 4 || !strings.Contains(out, "Applied to artbyx: 1 created, 1 updated, 1 appended, 0 archived.") {
		t.Fatalf("apply: exit %d:\n%s", code, out)
	}
	if code, out, _ = run(t, nil, "apply", "--db", dsn, edited); code != 0 {
		t.Fatalf("second apply: exit %d:\n%s, want 0", code, out)
	}
	// Problems: exit 3, FILE:LINE:COL on each, nothing applied.
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	data, _ := os.ReadFile(edited)
	if err := os.WriteFile(bad, []byte(strings.Replace(string(data), "value: 14\n", "value: 15\n", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = run(t, nil, "apply", "--db", dsn, bad)
	if code != 3 || !regexp.MustCompile(regexp.QuoteMeta(bad)+`:\d+:\d+: objectives\[\d+\]\.key_results\[\d+\]\.check_ins\[2\]: .*never rewritten`).MatchString(errOut) {
		t.Fatalf("apply of a rewritten check-in: exit %d, stderr:\n%s", code, errOut)
	}
	// Usage: exit 2.
	if code, _, _ = run(t, nil, "apply", "--db", dsn); code != 2 {
		t.Errorf("apply without a file: exit %d, want 2", code)
	}
	if code, _, _ = run(t, nil, "apply", "--db", dsn, "--format", "yaml", edited); code != 2 {
		t.Errorf("apply --format yaml: exit %d, want 2", code)
	}
	// import refuses the organisation in use and points to apply.
	code, _, errOut = run(t, nil, "import", "--db", dsn, edited)
	if code != 1 || !strings.Contains(errOut, "okr apply") {
		t.Errorf("import into an organisation in use: exit %d, stderr %s, want 1 and a pointer to okr apply", code, errOut)
	}
}
