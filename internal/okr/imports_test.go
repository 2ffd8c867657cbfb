package okr_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// Imports flow one way: okr <- coach, okrfile, store <- exchange, demo,
// web <- cmd/okr. This test keeps it so, using go list.
func TestImportDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "github.com/okr-dev/okr/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/okr-dev/okr/"
	// forbidden maps a package to the project packages it must not import.
	forbidden := map[string][]string{
		"internal/okr":      {"internal/"},
		"internal/coach":    {"internal/store", "internal/web", "internal/okrfile", "internal/exchange", "internal/demo"},
		"internal/okrfile":  {"internal/store", "internal/web", "internal/coach", "internal/exchange", "internal/demo"},
		"internal/store":    {"internal/web", "internal/coach", "internal/okrfile", "internal/exchange", "internal/demo"},
		"internal/exchange": {"internal/web", "internal/demo"},
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	seen := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		rules, ok := forbidden[strings.TrimPrefix(p.ImportPath, mod)]
		if !ok {
			continue
		}
		seen++
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, mod) {
				if strings.TrimPrefix(p.ImportPath, mod) == "internal/okr" && strings.Contains(strings.Split(imp, "/")[0], ".") {
					t.Errorf("%s imports %s: the domain uses the standard library only", p.ImportPath, imp)
				}
				continue
			}
			for _, bad := range rules {
				if strings.HasPrefix(strings.TrimPrefix(imp, mod), bad) {
					t.Errorf("%s imports %s: imports must flow okr <- coach, okrfile, store <- web <- cmd", p.ImportPath, imp)
				}
			}
		}
	}
	if seen < len(forbidden) {
		t.Errorf("go list found %d of the %d packages the rules name", seen, len(forbidden))
	}
}
