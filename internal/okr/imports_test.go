package okr_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// layers orders every package of the module, bottom first. A package may
// import only packages of lower layers, so imports flow one way:
// okr <- coach, okrfile <- store <- exchange, demo, gen, view <- web/api <- web <- cmd/okr.
// A new package must be given a layer here.
var layers = []struct {
	name string
	pkgs []string
}{
	{"domain and leaves (no project imports)", []string{"internal/okr", "internal/password", "internal/web/chart", "internal/web/ops"}},
	{"rules and formats over the domain", []string{"internal/audit", "internal/event", "internal/coach", "internal/okrfile", "internal/web/i18n"}},
	{"storage", []string{"internal/store"}},
	{"work over the store", []string{"internal/exchange", "internal/storetest", "internal/audit/audittest", "internal/demo", "internal/gen", "internal/loadtest", "internal/notify", "internal/jobs"}},
	{"read model over the store", []string{"internal/view"}},
	{"the JSON API over the read model, provisioning over the store", []string{"internal/web/api", "internal/web/scim"}},
	{"the API's contract check for tests (no project imports; above the API it checks)", []string{"internal/web/api/apitest"}},
	{"web", []string{"internal/web"}},
	{"commands", []string{"cmd/okr"}},
}

// TestImportDirection checks, with go list, that every package of the
// module has a layer and imports only from layers below its own, and that
// the domain uses the standard library only. Test files are not checked.
func TestImportDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "github.com/okr-dev/okr/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/okr-dev/okr/"
	layerOf := map[string]int{}
	for i, l := range layers {
		for _, p := range l.pkgs {
			layerOf[p] = i
		}
	}
	seen := map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkg := strings.TrimPrefix(p.ImportPath, mod)
		seen[pkg] = true
		layer, ok := layerOf[pkg]
		if !ok {
			t.Errorf("%s has no layer: add it to layers in internal/okr/imports_test.go", pkg)
			continue
		}
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, mod) {
				if pkg == "internal/okr" && strings.Contains(strings.Split(imp, "/")[0], ".") {
					t.Errorf("%s imports %s: the domain uses the standard library only", pkg, imp)
				}
				continue
			}
			dep := strings.TrimPrefix(imp, mod)
			if l, ok := layerOf[dep]; ok && l >= layer {
				t.Errorf("%s (layer %q) imports %s (layer %q): a package may import only from layers below its own", pkg, layers[layer].name, dep, layers[l].name)
			}
		}
	}
	for p := range layerOf {
		if !seen[p] {
			t.Errorf("layers name %s, which go list did not find: remove or rename it", p)
		}
	}
}
