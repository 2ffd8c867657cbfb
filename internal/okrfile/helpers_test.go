package okrfile

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const examplePath = "../../docs/examples/artbyx.yaml"

func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func mustDecode(tb testing.TB, src []byte, name string) *File {
	tb.Helper()
	f, err := Decode(bytes.NewReader(src), name)
	if err != nil {
		tb.Fatalf("Decode(%s) failed:\n%v", name, err)
	}
	return f
}

func mustEncode(tb testing.TB, f *File) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := Encode(&b, f); err != nil {
		tb.Fatalf("Encode: %v", err)
	}
	return b.Bytes()
}

// decodeProblems decodes src, which must fail with Problems.
func decodeProblems(tb testing.TB, src string) Problems {
	tb.Helper()
	_, err := Decode(strings.NewReader(src), "test.yaml")
	var probs Problems
	if !errors.As(err, &probs) {
		tb.Fatalf("Decode error = %v, want Problems", err)
	}
	return probs
}

// withoutPositions returns a copy of f's content with everything that
// depends on the source text (positions, the file name, the index) cleared,
// so that Files from different sources can be compared with DeepEqual.
func withoutPositions(f *File) File {
	c := *f
	c.Name, c.positions, c.idx = "", nil, nil
	clearPos(reflect.ValueOf(&c).Elem())
	return c
}

// clearPos zeroes every Pos field reachable from v, in place. The records
// are pointers shared with the original File, so it copies them first.
func clearPos(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || v.Elem().Kind() != reflect.Struct || !strings.HasSuffix(v.Elem().Type().Name(), "Rec") {
			return
		}
		cp := reflect.New(v.Elem().Type())
		cp.Elem().Set(v.Elem())
		v.Set(cp)
		clearPos(cp.Elem())
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		cp := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(cp, v)
		v.Set(cp)
		for i := range v.Len() {
			clearPos(v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fv := v.Field(i)
			if !fv.CanSet() {
				continue
			}
			if fv.Type() == reflect.TypeOf(Pos{}) {
				fv.Set(reflect.Zero(fv.Type()))
			} else {
				clearPos(fv)
			}
		}
	}
}

func sprint(v any) string { return strings.ReplaceAll(fmtValue(v), "\n", " ") }

func fmtValue(v any) string { return fmt.Sprintf("%+v", v) }

// parseForTest parses YAML text the way Decode does and returns the body of
// its one document.
func parseForTest(src []byte) (ast.Node, error) {
	f, err := parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		return nil, err
	}
	return f.Docs[0].Body, nil
}
