package okrfile

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

const docPath = "../../docs/okr-file.md"

// docSections maps the headings of docs/okr-file.md to the document struct
// each one's table describes.
var docSections = map[string]any{
	"## Sections":                     docFile{},
	"### organization":                docOrg{},
	"### settings":                    docSettings{},
	"### units":                       docUnit{},
	"### people":                      docPerson{},
	"### periods":                     docPeriod{},
	"### kpis":                        docKPI{},
	"### kpis: values":                docKPIValue{},
	"### objectives":                  docObjective{},
	"### key_results":                 docKR{},
	"### key_results: milestones":     docMilestone{},
	"### key_results: initiatives":    docInitiative{},
	"### key_results: check_ins":      docCheckIn{},
	"### key_results: target_changes": docTargetChange{},
	"### key_results: grade":          docGrade{},
}

// sections splits markdown into heading → text up to the next heading.
func sections(md string) map[string]string {
	out := map[string]string{}
	var head string
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "#!") {
			head = line
			continue
		}
		out[head] += line + "\n"
	}
	return out
}

var tableField = regexp.MustCompile("(?m)^\\| `([a-z_]+)` \\|")

// Every field of the format has a row in its section's table, in the order
// Encode writes the fields, and every row names a field.
func TestDocTablesMatchTheFormat(t *testing.T) {
	secs := sections(string(mustRead(t, docPath)))
	for head, v := range docSections {
		text, ok := secs[head]
		if !ok {
			t.Errorf("docs: no section %q", head)
			continue
		}
		var rows, fields []string
		for _, m := range tableField.FindAllStringSubmatch(text, -1) {
			rows = append(rows, m[1])
		}
		for _, fi := range fieldsOf(reflect.TypeOf(v)) {
			fields = append(fields, fi.name)
		}
		if got, want := strings.Join(rows, " "), strings.Join(fields, " "); got != want {
			t.Errorf("docs section %q has rows\n  %s\nwant the fields\n  %s", head, got, want)
		}
	}
}

// The examples in the docs decode, and the full example is the file in
// docs/examples.
func TestDocExamples(t *testing.T) {
	md := string(mustRead(t, docPath))
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(md, -1)
	if len(blocks) < 2 {
		t.Fatalf("docs hold %d yaml examples, want at least 2", len(blocks))
	}
	for i, b := range blocks {
		mustDecode(t, []byte(b[1]), "docs example "+string(rune('1'+i)))
	}
	marker := "<!-- example: docs/examples/artbyx.yaml -->\n```yaml\n"
	i := strings.Index(md, marker)
	if i < 0 {
		t.Fatal("docs: the full example marker is missing")
	}
	full := md[i+len(marker):]
	full = full[:strings.Index(full, "```")]
	if want := string(mustRead(t, examplePath)); full != want {
		t.Error("the full example in docs/okr-file.md differs from docs/examples/artbyx.yaml; copy the file into the docs")
	}
}
