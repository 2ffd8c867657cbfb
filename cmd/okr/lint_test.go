package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// lintFile is an OKR file with two objectives: a company objective with
// good key results, and a marketing objective that carries a metric, with a
// vague and an activity KR.
const lintFileYAML = `version: 1
organization:
  name: Art By X
  slug: artbyx
  settings:
    language: nb
units:
  - key: artbyx
    name: Art By X
  - key: marketing
    name: Markedsføring
    parent: artbyx
periods:
  - name: 2025 Q1
    start: 2025-01-01
    end: 2025-03-31
objectives:
  - key: nettbutikk
    title: Bli førstevalget for kunstkjøpere på nett i Norden
    period: 2025 Q1
    owner: artbyx
    key_results:
      - title: Oppnå 1000 besøkende på nettbutikken den første måneden
        target: 1000
      - title: Oppnå 10 salg den første måneden
        target: 10
  - key: salg
    title: "Øke salget med 30%"
    period: 2025 Q1
    owner: marketing
    parent: nettbutikk
    key_results:
      - title: Jobbe med kundeopplevelsen
      - title: Lage en kampanje på Instagram
`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLintExitStatus(t *testing.T) {
	good := writeFile(t, "good.yaml", strings.SplitAfter(lintFileYAML, "        target: 10\n")[0])
	bad := writeFile(t, "bad.yaml", lintFileYAML)
	broken := writeFile(t, "broken.yaml", "version: 1\nobjectives:\n  - title: [unclosed\n")
	invalid := writeFile(t, "invalid.yaml", "version: 1\nobjectives:\n  - title: Mål\n    owner: nobody\n")
	badRules := writeFile(t, "rules.yaml", strings.Replace(lintFileYAML, "    language: nb\n", "    language: nb\n    rules:\n      kr-stael: off\n", 1))
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"good file", []string{good}, 0},
		{"file with warnings", []string{bad}, 1},
		{"missing file", []string{filepath.Join(t.TempDir(), "nope.yaml")}, 2},
		{"YAML syntax error", []string{broken}, 2},
		{"unknown reference", []string{invalid}, 2},
		{"unknown rule in the file's settings", []string{badRules}, 2},
		{"good objective", []string{"--objective", "Dominere kioskbransjen i Oslo"}, 0},
		{"objective too long: info only", []string{"--objective", "Sørge for at alle avdelingene i selskapet har en felles forståelse av strategien og vet hvordan de bidrar"}, 0},
		{"vague key result", []string{"--key-result", "Jobbe med kundeopplevelsen"}, 1},
		{"rule switched off", []string{"--rule", "objective-has-metric=off", "--objective", "Øke salget med 30%"}, 0},
		{"no input", nil, 2},
		{"file and statement", []string{"--objective", "x", good}, 2},
		{"bad format", []string{"--format", "xml", good}, 2},
		{"bad rule", []string{"--rule", "kr-stale=loud", good}, 2},
		{"help", []string{"--help"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := run(t, nil, append([]string{"lint"}, tc.args...)...)
			if code != tc.want {
				t.Errorf("okr lint %v: got exit %d, want %d\nstdout:\n%s\nstderr:\n%s", tc.args, code, tc.want, out, errOut)
			}
		})
	}
	// Problems are counted in words, not "2 problem(s)".
	if _, _, errOut := run(t, nil, "lint", invalid); !strings.Contains(errOut, ": 2 problems; the file cannot be checked") {
		t.Errorf("unknown reference: got\n%s\nwant it to count 2 problems", errOut)
	}
}

func TestLintFileText(t *testing.T) {
	bad := writeFile(t, "bad.yaml", lintFileYAML)
	code, out, _ := run(t, map[string]string{"LANG": "nb_NO.UTF-8"}, "lint", "--now", "2025-02-01T12:00:00Z", bad)
	if code != 1 {
		t.Fatalf("got exit %d, want 1:\n%s", code, out)
	}
	for _, want := range []string{
		// "Øke salget med 30%" is on line 28; the text starts after `title: "` at column 13; 30% is at offset 15.
		bad + ":28:28: warning objective-has-metric: Målet inneholder et måltall («30%»): det er et nøkkelresultat i forkledning.\n    La målet si",
		bad + ":33:16: warning kr-vague-verb: «Jobbe med» er et ullent verb",
		bad + ":33:16: error kr-not-measurable: Nøkkelresultatet er ikke målbart",
		bad + ":34:16: warning kr-is-activity: Nøkkelresultatet er en aktivitet («Lage»)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q; got:\n%s", want, out)
		}
	}
	if strings.Contains(out, "kr-stale") {
		t.Errorf("draft objectives are never stale; got:\n%s", out)
	}
}

func TestLintJSONAndLanguage(t *testing.T) {
	bad := writeFile(t, "bad.yaml", lintFileYAML)
	code, out, errOut := run(t, map[string]string{"LANG": "en_GB.UTF-8"}, "lint", "--format", "json", "--lang", "sv", bad)
	if code != 1 {
		t.Fatalf("got exit %d, want 1: %s", code, errOut)
	}
	var got struct {
		Findings []struct {
			File, Rule, Severity, Message, Lang string
			Line, Col                           int
			Target                              struct{ Kind string }
		}
		Errors, Warnings, Infos int
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if got.Errors != 1 || got.Warnings != 3 || len(got.Findings) != 4 {
		t.Errorf("got %d errors, %d warnings, %d findings, want 1, 3, 4:\n%s", got.Errors, got.Warnings, len(got.Findings), out)
	}
	f := got.Findings[0]
	if f.File != bad || f.Line != 28 || f.Col != 28 || f.Rule != "objective-has-metric" || f.Lang != "sv" ||
		!strings.HasPrefix(f.Message, "Målet innehåller ett mätetal") || f.Target.Kind != "objective" {
		t.Errorf("first finding: got %+v, want objective-has-metric at 28:28 in Swedish", f)
	}

	var stdout, stderr strings.Builder
	stdin := &cliEnv{stdout: &stdout, stderr: &stderr, stdin: strings.NewReader(lintFileYAML), getenv: func(string) string { return "" }}
	if code := runMain(context.Background(), stdin, []string{"lint", "-"}); code != 1 || !strings.HasPrefix(stdout.String(), "<stdin>:28:28: warning objective-has-metric") {
		t.Errorf("lint -: got exit %d and\n%s%s\nwant exit 1 and findings on <stdin>", code, stdout.String(), stderr.String())
	}

	_, out, _ = run(t, nil, "lint", "--lang", "en", "--key-result", "Run a webinar", "--key-result", "Øke organisk trafikk")
	for _, want := range []string{
		"<key-result 1>:1:1: warning kr-is-activity: The key result is an activity (“Run a webinar”)",
		"<key-result 2>:1:1: warning kr-no-target: The key result says which way (“Øke”)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("statements: output lacks %q; got:\n%s", want, out)
		}
	}
}

// TestLintExample lints the documented example file: seed 004's objective
// is flagged as a key result in disguise, at its line.
func TestLintExample(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "examples", "artbyx.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	line := 0
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, "title: Öka försäljningen av tillbehör till cyklar online med 1 MSEK") {
			line = i + 1
		}
	}
	code, out, errOut := run(t, nil, "lint", "--lang", "en", path)
	if code != 1 {
		t.Fatalf("got exit %d, want 1 (seed 004's objective carries a metric)\n%s%s", code, out, errOut)
	}
	if want := path + ":" + strconv.Itoa(line) + ":"; line == 0 || !strings.Contains(out, want) || !strings.Contains(out, "objective-has-metric: The objective carries a metric (“1 MSEK”)") {
		t.Errorf("want objective-has-metric on line %d quoting 1 MSEK; got:\n%s", line, out)
	}
}

func TestLintHelp(t *testing.T) {
	_, out, errOut := run(t, nil, "lint", "--help")
	help := out + errOut
	for _, want := range []string{"FILE:LINE:COL: SEVERITY RULE-ID: message", "Exit status: 0", "--format", "--lang", "kr-vague-verb", "grading-too-low"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q", want)
		}
	}
}

// staleFileYAML has a published objective whose key result was checked in
// twice, the latest listed second, on line 26; the file's organisation
// writes in Swedish.
const staleFileYAML = `version: 1
organization:
  name: Cykelbutiken
  slug: cykel
  settings:
    language: sv
units:
  - key: cykel
    name: Cykelbutiken
periods:
  - name: 2025 Q1
    start: 2025-01-01
    end: 2025-03-31
objectives:
  - key: webb
    title: Bli förstahandsvalet för cykelpendlare i Malmö
    period: 2025 Q1
    owner: cykel
    state: published
    key_results:
      - title: 400 nya kunder i webbshoppen
        start: 0
        target: 400
        check_ins:
          - {at: "2025-01-06T10:00:00+01:00", value: 40}
          - {at: "2025-01-20T10:00:00+01:00", value: 120}
      - title: Minst 30 % av kunderna handlar igen inom 60 dagar
        start: 10
        target: 30
        check_ins:
          - {at: "2025-02-25T10:00:00+01:00", value: 20}
`

// TestLintStaleAndOrgLanguage: kr-stale points at the key result's latest
// check-in (it used to point at the first one listed, while counting from
// the latest), and a file is linted in its organisation's language unless
// --lang says otherwise, whatever $LANG is.
func TestLintStaleAndOrgLanguage(t *testing.T) {
	path := writeFile(t, "stale.yaml", staleFileYAML)
	_, out, errOut := run(t, map[string]string{"LANG": "en_GB.UTF-8"}, "lint", "--now", "2025-03-01T12:00:00Z", path)
	want := path + ":26:13: warning kr-stale: Ingen avstämning på 40 dagar"
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q; got:\n%s%s", want, out, errOut)
	}
	if strings.Count(out, "kr-stale") != 1 {
		t.Errorf("want one stale key result; got:\n%s", out)
	}
	_, out, _ = run(t, map[string]string{"LANG": "sv_SE.UTF-8"}, "lint", "--lang", "en", "--now", "2025-03-01T12:00:00Z", path)
	if !strings.Contains(out, "kr-stale: No check-in for 40 days") {
		t.Errorf("--lang en: got:\n%s", out)
	}
}
