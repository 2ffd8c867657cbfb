package okrfile

import (
	"strings"
	"testing"
)

// A file with many problems reports all of them, in source order, each at
// the line and column of the offending value or key.
func TestDecodeReportsAllProblems(t *testing.T) {
	src := `version: 1
units:
  - key: acme
    name: Acme
  - key: a
    name: A
    parent: b
  - key: b
    name: B
    parent: a
people:
  - email: kari@acme.no
    name: Kari
    role: boss
periods:
  - name: 2025 Q1
    start: 2025-01-01
    end: 2025-13-31
objectives:
  - key: growth
    titel: Bli markedsleder
    owner: acme
    period: 2025 Q2
    weight: heavy
  - key: growth
    title: Bli synlig
    owner: nobody@acme.no
    key_results:
      - title: Flere besøk
        metric: increase
        start: 10
        target: 5
        target: 6
      - title: Lansere
        milestones: [{title: Design}]
        check_ins:
          - at: 2025-01-10
            milestones_done: [Desing]
            by: per@acme.no
            confidence: great
`
	want := `test.yaml:7:13: units[1].parent: unit "a" is its own ancestor: the parents form a cycle
test.yaml:10:13: units[2].parent: unit "b" is its own ancestor: the parents form a cycle
test.yaml:14:11: people[0].role: role must be one of admin, member
test.yaml:18:10: periods[0].end: must be a date YYYY-MM-DD, got "2025-13-31"
test.yaml:20:5: objectives[0].title: title is required
test.yaml:21:5: objectives[0].titel: unknown field "titel" in objective; did you mean "title"?
test.yaml:23:13: objectives[0].period: unknown period "2025 Q2"
test.yaml:24:13: objectives[0].weight: must be a number, got text "heavy"
test.yaml:25:10: objectives[1].key: duplicate objective key "growth" (first at line 20)
test.yaml:27:12: objectives[1].owner: unknown person "nobody@acme.no": add them under people
test.yaml:32:17: objectives[1].key_results[0].target: the target is below the start: for a value that should go down, choose the kind decrease
test.yaml:33:9: objectives[1].key_results[0].target: duplicate field "target" (first at line 32)
test.yaml:38:31: objectives[1].key_results[1].check_ins[0].milestones_done[0]: unknown milestone "Desing"
test.yaml:39:17: objectives[1].key_results[1].check_ins[0].by: unknown person "per@acme.no": add them under people
test.yaml:40:25: objectives[1].key_results[1].check_ins[0].confidence: confidence must be one of on_track, at_risk, off_track`
	got := decodeProblems(t, src).Error()
	if got != want {
		t.Errorf("problems:\n%s\n\nwant:\n%s", got, want)
	}
}

// base is the start of the small files below: objectives begin on line 5.
const base = `version: 1
units: [{key: acme, name: Acme}]
people: [{email: kari@acme.no, name: Kari}]
periods: [{name: Q1, start: 2025-01-01, end: 2025-03-31}]
`

func TestDecodeProblems(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // every problem, in order
	}{
		{"syntax error stops the parse", "version: 1\nunits:\n  - name: [A\n", []string{
			"test.yaml:3:11: sequence end token ']' not found",
		}},
		{"empty file", "# nothing\n", []string{
			`test.yaml:1:1: the file is empty; it must start with "version: 1"`,
		}},
		{"missing version", "units: []\n", []string{
			`test.yaml:1:1: version: version is required: start the file with "version: 1"`,
		}},
		{"unsupported version stops", "version: 2\nfoo: bar\n", []string{
			"test.yaml:1:10: version: unsupported version 2: this program reads version 1",
			`test.yaml:2:1: foo: unknown field "foo" in the file`,
		}},
		{"version as text", "version: one\n", []string{
			`test.yaml:1:10: version: must be a whole number, got text "one"`,
		}},
		{"two documents", base + "---\nversion: 1\n", []string{
			`test.yaml:6:1: a file holds one YAML document; remove the extra "---" and what follows`,
		}},
		{"mapping where a list belongs", base + "objectives:\n  title: x\n", []string{
			"test.yaml:6:3: objectives: must be a list, got a mapping (fields)",
		}},
		{"list where an object belongs", base + "objectives:\n  - [a, b]\n", []string{
			"test.yaml:6:5: objectives[0]: must be a mapping of objective fields, got a list",
		}},
		{"a list as the whole file", "- version: 1\n", []string{
			"test.yaml:1:1: must be a mapping of fields, starting with version: 1, got a list",
		}},
		{"empty list item", base + "objectives:\n  -\n", []string{
			"test.yaml:6:3: objectives[0]: empty list item",
		}},
		{"wrong scalar types", base + "objectives:\n  - title: [a]\n    owner: acme\n    archived: maybe\n    weight: .inf\n", []string{
			"test.yaml:6:12: objectives[0].title: must be text, got a list",
			`test.yaml:8:15: objectives[0].archived: must be true or false, got text "maybe"`,
			"test.yaml:9:13: objectives[0].weight: must be a finite number, got .inf",
		}},
		{"required fields", base + "objectives:\n  - title: T\n    key_results:\n      - title: K\n        metric: decrease\n        check_ins: [{value: 1}]\n        target_changes: [{at: 2025-01-02}]\n        grade: {note: n}\n", []string{
			"test.yaml:6:5: objectives[0].owner: owner is required: a unit key or a person's e-mail address",
			"test.yaml:8:9: objectives[0].key_results[0].target: target is required for a decrease key result",
			"test.yaml:10:21: objectives[0].key_results[0].check_ins[0].at: at is required: when the check-in was made",
			"test.yaml:11:26: objectives[0].key_results[0].target_changes[0].old_target: old_target is required: the target before the change",
			`test.yaml:12:16: objectives[0].key_results[0].grade.score: score is required: 0 to 1, or a percentage such as "50%"`,
		}},
		{"period needed when there are several", "version: 1\nunits: [{key: acme, name: Acme}]\nperiods:\n  - {name: Q1, start: 2025-01-01, end: 2025-03-31}\n  - {name: Q2, start: 2025-04-01, end: 2025-06-30}\nobjectives:\n  - {title: T, owner: acme}\n", []string{
			"test.yaml:7:5: objectives[0].period: period is required: the file has 2 periods",
		}},
		{"references", base + "kpis: [{name: Besøk, owner: nowhere}]\nobjectives:\n  - title: T\n    owner: sales\n    parent: t\n    contributes_to: [t, x]\n    key_results:\n      - {title: K, target: 1, kpi: salg}\n      - title: L\n        initiatives: [{title: I, owner: acme}]\n", []string{
			`test.yaml:5:29: kpis[0].owner: unknown unit "nowhere" (a KPI is owned by a unit)`,
			`test.yaml:8:12: objectives[0].owner: unknown unit "sales" (a person owner is written as an e-mail address)`,
			"test.yaml:9:13: objectives[0].parent: an objective cannot be its own parent",
			"test.yaml:10:22: objectives[0].contributes_to[0]: an objective cannot contribute to itself",
			`test.yaml:10:25: objectives[0].contributes_to[1]: unknown objective "x"`,
			`test.yaml:12:36: objectives[0].key_results[0].kpi: unknown KPI "salg"`,
			`test.yaml:14:41: objectives[0].key_results[1].initiatives[0].owner: the owner of an initiative is a person: write their e-mail address, got "acme"`,
		}},
		{"duplicates and bad keys", "version: 1\nunits: [{key: acme, name: A}, {key: Acme Corp, name: B, parent: acme}]\npeople: [{email: kari@acme.no, name: K}, {email: KARI@acme.no, name: K2}]\nperiods: [{name: Q1, start: 2025-01-01, end: 2025-03-31}, {name: Q1, start: 2025-04-01, end: 2025-06-30}]\nobjectives:\n  - {title: A, owner: acme, period: Q1, key_results: [{key: k, title: K}]}\n  - {title: B, owner: acme, period: Q1, key_results: [{key: k, title: K}]}\n", []string{
			`test.yaml:2:37: units[1].key: invalid key "Acme Corp": use letters, digits, '-', '_' and '.', starting with a letter or digit`,
			`test.yaml:3:50: people[1].email: duplicate person "KARI@acme.no" (first at line 3)`,
			`test.yaml:4:66: periods[1].name: duplicate period "Q1" (first at line 4)`,
			`test.yaml:7:61: objectives[1].key_results[0].key: duplicate key result key "k" (first at line 6)`,
		}},
		{"two roots", "version: 1\nunits:\n  - {key: a, name: A}\n  - {key: b, name: B}\n", []string{
			`test.yaml:4:5: units[1].parent: unit "b" has no parent: choose a parent unit: "A" is already the top of the organisation, and the units form one tree under it ("a", line 3)`,
		}},
		{"metric rules", base + "objectives:\n  - title: T\n    owner: acme\n    key_results:\n      - {title: A, metric: boolean, milestones: [{title: x}], check_ins: [{at: 2025-01-02, value: 2}]}\n      - {title: B, target: 5, unit: currency}\n      - {title: C, target: 5, check_ins: [{at: 2025-01-02, value: 1, milestones_done: [x]}]}\n      - {title: D, metric: grow, unit: kg}\n", []string{
			"test.yaml:9:49: objectives[0].key_results[0].milestones: milestones apply only to a key result of the kind milestones, not boolean",
			"test.yaml:9:99: objectives[0].key_results[0].check_ins[0].value: a yes/no key result is checked in with 1 (done) or 0 (not done), got 2",
			"test.yaml:10:9: objectives[0].key_results[1].unit_code: a currency needs its three-letter ISO 4217 code, such as NOK or SEK",
			"test.yaml:11:87: objectives[0].key_results[2].check_ins[0].milestones_done: milestones_done applies only to a key result with metric: milestones",
			"test.yaml:12:28: objectives[0].key_results[3].metric: metric must be one of increase, decrease, stay_above, stay_below, boolean, milestones",
			"test.yaml:12:40: objectives[0].key_results[3].unit: unit must be one of number, percent, currency, custom",
		}},
		{"grades", base + "objectives:\n  - title: T\n    owner: acme\n    key_results:\n      - {title: A, grade: {score: 150%}}\n      - {title: B, grade: {score: lots%}}\n      - {title: C, grade: {score: 0.5, suggested: -1}}\n", []string{
			"test.yaml:9:35: objectives[0].key_results[0].grade.score: score must be between 0 and 100 %",
			`test.yaml:10:35: objectives[0].key_results[1].grade.score: must be a number (0.57) or a percentage ("57%"), got "lots%"`,
			"test.yaml:11:51: objectives[0].key_results[2].grade.suggested: suggested must be between 0 and 100 %, got -1",
		}},
		{"anchors, x- fields and merge keys", base + "x-owner: &o acme\nobjectives:\n  - {title: T, owner: *o, x-note: ignored}\n  - {title: U, owner: *nope}\n  - <<: {title: V}\n    owner: acme\n", []string{
			"test.yaml:8:23: objectives[1].owner: undefined alias *nope",
			"test.yaml:9:5: objectives[2]: merge keys (<<) are not supported; write the fields out",
			"test.yaml:9:5: objectives[2].title: title is required",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probs := decodeProblems(t, tt.src)
			got := make([]string, len(probs))
			for i, p := range probs {
				got[i] = p.Error()
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n%s\n\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// Aliases cannot blow a small file up into a huge document.
func TestDecodeBoundsAliasExpansion(t *testing.T) {
	var b strings.Builder
	b.WriteString(base + "x-kr: &kr {title: K, check_ins: [")
	for i := range 200 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("{at: 2025-01-02, value: 1}")
	}
	b.WriteString("]}\nx-o: &o {title: O, owner: acme, key_results: [")
	b.WriteString(strings.TrimSuffix(strings.Repeat("*kr, ", 200), ", "))
	b.WriteString("]}\nobjectives: [")
	b.WriteString(strings.TrimSuffix(strings.Repeat("*o, ", 200), ", "))
	b.WriteString("]\n")
	probs := decodeProblems(t, b.String())
	if !strings.Contains(probs.Error(), "aliases expand the file to more than") {
		t.Errorf("problems = %v, want the expansion limit", probs)
	}
}
