package chart

import (
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"
)

var update = flag.Bool("update", false, "rewrite golden files")

// node is a generic XML element for structural checks.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []node     `xml:",any"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) findAll(pred func(node) bool) []node {
	var out []node
	if pred(n) {
		out = append(out, n)
	}
	for _, c := range n.Nodes {
		out = append(out, c.findAll(pred)...)
	}
	return out
}

func byClass(class string) func(node) bool {
	return func(n node) bool { return n.attr("class") == class }
}

func mustParse(t *testing.T, svg string) node {
	t.Helper()
	var n node
	if err := xml.Unmarshal([]byte(svg), &n); err != nil {
		t.Fatalf("the SVG is not well-formed XML: %v\n%s", err, svg)
	}
	return n
}

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }

func sample() Progress {
	return Progress{
		ID: "kr-7", Title: "Organic visits", Desc: "From 1000 to 1300; now 1180",
		From: day(10, 1), To: day(1, 1).AddDate(1, 0, 0),
		Start: 1000, Target: 1300,
		Changes: []Change{{At: day(10, 9), Start: 1000, Target: 1500}},
		Points: []Point{
			{At: day(10, 3), Value: 1010},
			{At: day(10, 10), Value: 1080},
			{At: day(10, 17), Value: 1120},
			{At: day(10, 24), Value: 1180},
		},
		Now:    day(11, 1),
		Value:  func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) },
		Date:   func(t time.Time) string { return t.Format("Jan 2") },
		Labels: Labels{Today: "Today", Changed: "Target changed"},
	}
}

func TestProgressStructure(t *testing.T) {
	c := sample()
	svg := mustParse(t, render(t, c.SVG()))
	if got := svg.attr("role"); got != "img" {
		t.Errorf("got role %q, want img", got)
	}
	if got, want := svg.attr("aria-labelledby"), "kr-7-t kr-7-d"; got != want {
		t.Errorf("got aria-labelledby %q, want %q", got, want)
	}
	titles := svg.findAll(func(n node) bool { return n.XMLName.Local == "title" && n.attr("id") == "kr-7-t" })
	if len(titles) != 1 || titles[0].Text != "Organic visits" {
		t.Errorf("got titles %v, want one <title> with the chart title", titles)
	}
	// The y axis's labels (1000 … 1600) are centred on their grid lines;
	// the x axis's dates sit below the axis.
	for _, v := range []string{"1000", "1200", "1400", "1600"} {
		labels := svg.findAll(func(n node) bool { return n.XMLName.Local == "text" && n.Text == v })
		if len(labels) != 1 || labels[0].attr("dominant-baseline") != "middle" || labels[0].attr("text-anchor") != "end" {
			t.Errorf("y label %s: got %v, want one <text> anchored at its end and centred on its line", v, labels)
		}
	}
	if dots := svg.findAll(byClass("dot")); len(dots) != 4 {
		t.Errorf("got %d dots, want one per check-in (4)", len(dots))
	}
	if n := len(svg.findAll(byClass("today"))); n != 1 {
		t.Errorf("got %d today markers, want 1", n)
	}
	if n := len(svg.findAll(byClass("change"))); n != 1 {
		t.Errorf("got %d target-change markers, want 1", n)
	}

	// The expected line starts at the start value on the first day and,
	// after the change, ends at the new target on the last day.
	exp := svg.findAll(byClass("expected"))
	if len(exp) != 1 {
		t.Fatalf("got %d expected lines, want 1", len(exp))
	}
	segs := strings.Split(strings.TrimSpace(exp[0].attr("d")), "M")
	if len(segs) != 3 { // "", first segment, second segment
		t.Fatalf("got expected path %q, want two segments (before and after the change)", exp[0].attr("d"))
	}
	lo, hi := 1000.0, 1600.0 // the nice ticks for 1000..1500 are 1000, 1200, 1400, 1600
	yOf := func(v float64) string { return f1(padT + (1-(v-lo)/(hi-lo))*plotH) }
	if !strings.HasPrefix(segs[1], f1(padL)+" "+yOf(1000)) {
		t.Errorf("got first expected segment %q, want it to start at (%s, %s)", segs[1], f1(padL), yOf(1000))
	}
	if !strings.HasSuffix(strings.TrimSpace(segs[2]), f1(width-padR)+" "+yOf(1500)) {
		t.Errorf("got last expected segment %q, want it to end at (%s, %s)", segs[2], f1(width-padR), yOf(1500))
	}

	// The step line holds the last value up to today.
	act := svg.findAll(byClass("actual"))
	if len(act) != 1 {
		t.Fatalf("got %d actual lines, want 1", len(act))
	}
	todayX := f1(padL + float64(day(11, 1).Sub(c.From))/float64(c.To.Sub(c.From))*plotW)
	if d := act[0].attr("d"); !strings.HasSuffix(d, "H"+todayX) {
		t.Errorf("got actual path %q, want it to end with a hold to today at x=%s", d, todayX)
	}
}

func TestProgressNoTodayOutsidePeriod(t *testing.T) {
	c := sample()
	c.Now = day(1, 1).AddDate(1, 0, 5)
	svg := mustParse(t, render(t, c.SVG()))
	if n := len(svg.findAll(byClass("today"))); n != 0 {
		t.Errorf("got %d today markers after the period, want 0", n)
	}
}

func TestProgressEscapesText(t *testing.T) {
	c := sample()
	c.Title = `<script>alert("x")</script> & co`
	out := render(t, c.SVG())
	if strings.Contains(out, "<script>") {
		t.Fatalf("the title was not escaped: %s", out)
	}
	mustParse(t, out)
}

func TestProgressThresholdAndEmpty(t *testing.T) {
	c := sample()
	c.Threshold, c.Points, c.Changes = true, nil, nil
	c.Target = 95
	svg := mustParse(t, render(t, c.SVG()))
	if n := len(svg.findAll(byClass("expected"))); n != 0 {
		t.Errorf("got %d expected lines for a threshold KR, want 0", n)
	}
	if n := len(svg.findAll(byClass("target"))); n != 1 {
		t.Errorf("got %d threshold lines, want 1", n)
	}
	if n := len(svg.findAll(byClass("actual"))); n != 0 {
		t.Errorf("got %d actual lines without check-ins, want 0", n)
	}
}

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   string
	}{
		{0, 1, "[0 0.25 0.5 0.75 1]"},
		{1000, 1500, "[1000 1200 1400 1600]"},
		{0, 7, "[0 2 4 6 8]"},
		{-3, 3, "[-4 -2 0 2 4]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(niceTicks(tt.lo, tt.hi, 5)); got != tt.want {
			t.Errorf("niceTicks(%g, %g) = %s, want %s", tt.lo, tt.hi, got, tt.want)
		}
	}
}

func TestSpark(t *testing.T) {
	warn := 40.0
	s := Spark{Title: "Conversion", Desc: "Rising", Warn: &warn, Points: []Point{
		{At: day(10, 1), Value: 50}, {At: day(10, 8), Value: 45}, {At: day(10, 15), Value: 60},
	}}
	svg := mustParse(t, render(t, s.SVG()))
	lines := svg.findAll(byClass("line"))
	if len(lines) != 1 || len(strings.Fields(lines[0].attr("points"))) != 3 {
		t.Fatalf("got %v, want one polyline with 3 points", lines)
	}
	if n := len(svg.findAll(byClass("warn"))); n != 1 {
		t.Errorf("got %d threshold lines, want 1", n)
	}
	one := mustParse(t, render(t, Spark{Title: "x", Points: s.Points[:1]}.SVG()))
	if n := len(one.findAll(byClass("last"))); n != 1 {
		t.Errorf("got %d last-value dots for one reading, want 1", n)
	}
}

// TestProgressGolden pins the whole drawing; run with -update after an
// intended change and look at testdata/progress.svg in a browser.
func TestProgressGolden(t *testing.T) {
	got := render(t, sample().SVG())
	path := filepath.Join("testdata", "progress.svg")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update once)", err)
	}
	if got != string(want) {
		t.Errorf("the chart differs from %s; got:\n%s", path, got)
	}
}

// render draws a chart component to text.
func render(t *testing.T, c templ.Component) string {
	t.Helper()
	var b strings.Builder
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestProgressHeight: a lower chart keeps its width and padding, and its
// x axis moves up with its height.
func TestProgressHeight(t *testing.T) {
	c := sample()
	c.Height = 190
	out := render(t, c.SVG())
	if !strings.Contains(out, `viewBox="0 0 640 190"`) {
		t.Errorf("got no 640×190 viewBox in %.120s", out)
	}
	axis := `class="axis" x1="64.0" y1="160.0"`
	if !strings.Contains(out, axis) {
		t.Errorf("want the x axis at 190 − 30 = 160: no %s", axis)
	}
	c.Height = 0
	if out := render(t, c.SVG()); !strings.Contains(out, `viewBox="0 0 640 230"`) {
		t.Errorf("got no default 640×230 viewBox")
	}
}

// TestCompact: a yes/no badge says done or not and its note; the steps
// count what is done and draw a segment per milestone.
func TestCompact(t *testing.T) {
	out := render(t, Done{Done: true, Label: "Done", Note: "since 3 Mar"}.HTML())
	for _, want := range []string{`done-yes`, `Done`, `since 3 Mar`} {
		if !strings.Contains(out, want) {
			t.Errorf("badge %s lacks %q", out, want)
		}
	}
	s := Steps{Summary: "1 of 3 done", Steps: []Step{{"Plan", true}, {"Build", false}, {"Ship", false}}, DoneWord: "done", OpenWord: "not done"}
	if s.DoneCount() != 1 {
		t.Errorf("DoneCount() = %d, want 1", s.DoneCount())
	}
	out = render(t, s.HTML())
	if n := strings.Count(out, `class="step-seg`); n != 3 {
		t.Errorf("got %d segments, want 3", n)
	}
	if n := strings.Count(out, `step-done`); n != 1 {
		t.Errorf("got %d done segments, want 1", n)
	}
	if !strings.Contains(out, "1 of 3 done") || !strings.Contains(out, "(not done)") {
		t.Errorf("steps %s lack the count or the words", out)
	}
}
