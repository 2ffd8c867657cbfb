package okrfile

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The documented example decodes, and decode → encode → decode → encode
// gives identical bytes and equal values.
func TestExampleRoundTrip(t *testing.T) {
	f1 := mustDecode(t, mustRead(t, examplePath), "artbyx.yaml")
	out1 := mustEncode(t, f1)
	f2 := mustDecode(t, out1, "out1.yaml")
	out2 := mustEncode(t, f2)
	if !bytes.Equal(out1, out2) {
		t.Errorf("second encoding differs from the first:\n--- first\n%s\n--- second\n%s", out1, out2)
	}
	if a, b := withoutPositions(f1), withoutPositions(f2); !reflect.DeepEqual(a, b) {
		t.Errorf("values differ after a round trip:\n%s", diffFiles(a, b))
	}
	golden := filepath.Join("testdata", "artbyx.golden.yaml")
	if *update {
		if err := os.WriteFile(golden, out1, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := mustRead(t, golden); !bytes.Equal(out1, want) {
		t.Errorf("Encode(example) differs from %s (run go test -update to accept):\n%s", golden, out1)
	}
}

// The canonical form is a fixed point: decoding and encoding it again
// changes nothing, byte for byte.
func TestGoldenIsCanonical(t *testing.T) {
	want := mustRead(t, filepath.Join("testdata", "artbyx.golden.yaml"))
	if got := mustEncode(t, mustDecode(t, want, "golden")); !bytes.Equal(got, want) {
		t.Errorf("Encode(Decode(golden)) differs from golden:\n%s", got)
	}
}

// diffFiles names the first records that differ, for readable failures.
func diffFiles(a, b File) string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	out := ""
	for i := range va.NumField() {
		if !va.Field(i).CanInterface() {
			continue
		}
		x, y := va.Field(i).Interface(), vb.Field(i).Interface()
		if reflect.DeepEqual(x, y) {
			continue
		}
		name := va.Type().Field(i).Name
		if va.Field(i).Kind() == reflect.Slice && va.Field(i).Len() == vb.Field(i).Len() {
			for j := range va.Field(i).Len() {
				ex, ey := va.Field(i).Index(j).Elem().Interface(), vb.Field(i).Index(j).Elem().Interface()
				if !reflect.DeepEqual(ex, ey) {
					out += name + ":\n  got  " + sprint(ex) + "\n  want " + sprint(ey) + "\n"
					break
				}
			}
			continue
		}
		out += name + ": " + sprint(x) + " vs " + sprint(y) + "\n"
	}
	return out
}
