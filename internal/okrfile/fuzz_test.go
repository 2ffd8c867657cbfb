package okrfile

import (
	"bytes"
	"os"
	"testing"
)

// FuzzDecode feeds the decoder arbitrary bytes. It must not panic or hang,
// and whatever it accepts must survive a round trip: Encode writes a file
// that Decode accepts again and that encodes to the same bytes. The seeds
// are the example file, the golden file and the inputs in
// testdata/fuzz/FuzzDecode (every one that ever misbehaved).
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"../../docs/examples/artbyx.yaml", "testdata/artbyx.golden.yaml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Decode(bytes.NewReader(data), "fuzz.yaml")
		if err != nil {
			if file != nil {
				t.Fatalf("Decode returned a file and the error %v", err)
			}
			return
		}
		var first bytes.Buffer
		if err := Encode(&first, file); err != nil {
			t.Fatalf("Encode of a decoded file: %v", err)
		}
		again, err := Decode(bytes.NewReader(first.Bytes()), "again.yaml")
		if err != nil {
			t.Fatalf("Decode of Encode's output: %v\ninput:\n%s\nencoded:\n%s", err, data, first.Bytes())
		}
		var second bytes.Buffer
		if err := Encode(&second, again); err != nil {
			t.Fatalf("second Encode: %v", err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("the round trip changes the file:\n%s\nthen\n%s", first.Bytes(), second.Bytes())
		}
	})
}
