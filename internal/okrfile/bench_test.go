package okrfile

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// bigFile is a file of n objectives with five key results of 13 weekly
// check-ins each, about the size of a large organisation's year.
func bigFile(n int) []byte {
	var b strings.Builder
	b.WriteString(base + "objectives:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - title: Mål nummer %d for avdelingen\n    owner: acme\n    key_results:\n", i)
		for j := range 5 {
			fmt.Fprintf(&b, "      - title: Øke salget med %d %% i kvartalet\n        target: %d\n        check_ins:\n", j, 100+j)
			for w := range 13 {
				fmt.Fprintf(&b, "          - {at: 2025-01-%02dT15:00:00Z, value: %d.5, by: kari@acme.no, comment: \"Uke %d: bra\"}\n", 1+w*2, w*7, w+1)
			}
		}
	}
	return []byte(b.String())
}

func BenchmarkDecode(b *testing.B) {
	src := bigFile(200)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Decode(bytes.NewReader(src), "big.yaml"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	f := mustDecode(b, bigFile(200), "big.yaml")
	for b.Loop() {
		var buf bytes.Buffer
		if err := Encode(&buf, f); err != nil {
			b.Fatal(err)
		}
	}
}
