package coach

import (
	"go/parser"
	gotoken "go/token"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps the coach pure: besides the standard library it may
// import only the domain package okr and golang.org/x/text (the CLDR plural
// rules its messages follow, as the UI's messages do).
func TestImports(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := gotoken.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			first, _, _ := strings.Cut(path, "/")
			if strings.Contains(first, ".") && path != "github.com/okr-dev/okr/internal/okr" && !strings.HasPrefix(path, "golang.org/x/text/") {
				t.Errorf("%s imports %s; the coach may import only the standard library, internal/okr and golang.org/x/text", name, path)
			}
		}
	}
}
