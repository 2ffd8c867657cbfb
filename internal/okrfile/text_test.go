package okrfile

import (
	"bufio"
	"bytes"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// textDoc exercises the emitter and the walker on their own.
type textDoc struct {
	S     string            `yaml:"s"`
	L     []string          `yaml:"l,omitempty"`
	M     map[string]string `yaml:"m,omitempty"`
	F     *float64          `yaml:"f,omitempty"`
	Items []*textDoc        `yaml:"items,omitempty"`
}

// emitAndRead writes d with the emitter and reads it back with the walker.
func emitAndRead(t *testing.T, d *textDoc) (*textDoc, string) {
	t.Helper()
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	e := &emitter{w: bw}
	e.mapping(reflect.ValueOf(d).Elem(), 0, "")
	if e.err != nil {
		t.Fatalf("emit %+v: %v", d, e.err)
	}
	bw.Flush()
	rep := newReport("t", map[string]Pos{})
	var got textDoc
	ast, err := parseForTest(buf.Bytes())
	if err != nil {
		t.Fatalf("parse of emitted text failed: %v\n%s", err, buf.String())
	}
	newWalker(rep, ast).decode(ast, reflect.ValueOf(&got).Elem(), "")
	if len(rep.probs) > 0 {
		t.Fatalf("reading emitted text: %v\n%s", rep.probs, buf.String())
	}
	return &got, buf.String()
}

var nasty = []string{
	"", " ", "  lead", "trail ", "\t", "a\tb", "\n", "a\n", "a\nb", "a\n\nb\n", "a\n\n", "\na", " a\nb", "a \nb",
	"yes", "no", "on", "off", "true", "True", "null", "~", "NULL", "1", "-1", "1.5", "1e5", "1e+21", ".inf", "-.inf", ".nan",
	"0x10", "0o17", "017", "1_000", "2025-01-01", "2025-01-10T15:00:00Z", "12:30", "-", "- x", "? x", ": x", "x:", "x: y",
	"a #b", "#c", "a#b", "&a", "*a", "!a", "|", ">", "'q'", "\"q\"", "it's", "%x", "@x", "`x", "[x", "x]", "{x", "x}", "a, b",
	"---", "...", "--- x", "<<", "=", "\\", "C:\\dir", "\x00", "\x1b[0m", "\r\n", "a\r\nb", "\u0085", "\u00a0x", "x\u2028y",
	"\ufeffx", "Øke salget med 30 %", "Öka försäljningen av tillbehör till cyklar online med 1 MSEK", "😀", "«sitat»",
	"line 1\n# not a comment\nkey: value\n- item", "a\n  indented\nb",
}

func TestTextRoundTrip(t *testing.T) {
	for _, s := range nasty {
		d := &textDoc{S: s, M: map[string]string{s: s, "k": s}}
		if strings.TrimSpace(s) != "" {
			d.L = []string{s, "plain", s}
		}
		got, text := emitAndRead(t, d)
		if !reflect.DeepEqual(got, d) {
			t.Errorf("round trip of %q:\ngot  %#v\nwant %#v\ntext:\n%s", s, got, d, text)
		}
	}
}

// Random text from an alphabet full of YAML's special characters always
// reads back as written.
func TestTextRoundTripRandom(t *testing.T) {
	alphabet := []rune(" \t\n\r:#-?,[]{}&*!|>'\"%@`\\.~<=ynetrufl01xøé\u0085\u00a0\u2028\ufeff\x00\x1b😀")
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		n := r.IntN(12)
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(rs)
		d := &textDoc{S: s, Items: []*textDoc{{S: s}}}
		if strings.TrimSpace(s) != "" {
			d.L = []string{s}
		}
		got, text := emitAndRead(t, d)
		if !reflect.DeepEqual(got, d) {
			t.Fatalf("round trip of %q:\ngot  %#v\nwant %#v\ntext:\n%s", s, got, d, text)
		}
	}
}

// Numbers read back bit for bit.
func TestFloatRoundTrip(t *testing.T) {
	xs := []float64{0, 1, -1, 0.1, 0.2, 1.0 / 3, 2.5, 1e-5, 1e-4, 9.999e-5, 123456789012345.6, 1e15, 1e16, 1e21, 1e300,
		5e-324, math.MaxFloat64, -math.SmallestNonzeroFloat64, 1 << 53, 1<<53 + 2, 0.30000000000000004}
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		if x := math.Float64frombits(r.Uint64()); !math.IsNaN(x) && !math.IsInf(x, 0) {
			xs = append(xs, x)
		}
		xs = append(xs, float64(r.IntN(2_000_000))/100)
	}
	for _, x := range xs {
		got, text := emitAndRead(t, &textDoc{S: "x", F: &x})
		if got.F == nil || math.Float64bits(*got.F) != math.Float64bits(x) {
			t.Fatalf("float %v (%s) read back as %v; text:\n%s", x, formatFloat(x), got.F, text)
		}
	}
	if got := formatFloat(math.Copysign(0, -1)); got != "0" {
		t.Errorf("formatFloat(-0) = %q, want 0", got)
	}
}

func TestEncodeRejectsWhatTheFormatCannotHold(t *testing.T) {
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	nan := math.NaN()
	e := &emitter{w: bw}
	e.mapping(reflect.ValueOf(&textDoc{S: "x", F: &nan}).Elem(), 0, "")
	if e.err == nil {
		t.Error("emitting NaN: got no error")
	}
	e = &emitter{w: bw}
	e.mapping(reflect.ValueOf(&textDoc{S: "bad \xff utf-8"}).Elem(), 0, "")
	if e.err == nil {
		t.Error("emitting invalid UTF-8: got no error")
	}
}
