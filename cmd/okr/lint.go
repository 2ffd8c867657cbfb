package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/coach"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/okrfile"
)

func init() {
	register(&command{name: "lint", summary: "check OKRs against the coach's rules (a file, or one statement)", run: runLint})
}

var lintUsage = `FILE.yaml | --objective TEXT | --key-result TEXT ... [--format text|json] [--lang ` + strings.Join(okr.Languages(), "|") + `]

Checks OKRs against the OKR coach's rules and reports every finding with its
rule, why, and how to rewrite it.

  okr lint FILE.yaml               checks a whole OKR file (docs/okr-file.md;
                                   - reads it from standard input):
                                   every objective and key result, counts per
                                   owner and period, alignment, check-ins and
                                   grades, with the organisation's settings
  okr lint --objective TEXT        checks one objective statement
  okr lint --key-result TEXT       checks one key result; repeat the flag for
                                   several; with --objective, checks the
                                   objective with these key results (and
                                   their number)

Text output reads like a compiler's, one finding per line with its hint
indented below:

  FILE:LINE:COL: SEVERITY RULE-ID: message
      hint

Messages are in the file's organisation language (organization.settings.
language) unless --lang is given; for statements given with flags, in the
language --lang or $LANG names. Statements given with flags are named
<objective> and <key-result N>.
--format json prints {"findings": [...], "errors": N, "warnings": N,
"infos": N} for tools.

Exit status: 0 when no finding is a warning or an error, 1 when at least
one is, 2 when the input cannot be read (a missing file, YAML or format
errors, which are printed as FILE:LINE:COL: message) or the flags are wrong.

Rules (default severity; tune them with --rule or the file's
organization.settings.rules):
%s
Flags:`

// lintFlags are the parsed flags of okr lint.
type lintFlags struct {
	objective string
	krs       []string
	format    string
	lang      string
	// langGiven is whether --lang (or its environment variable) was set:
	// a file's organisation language is the default otherwise.
	langGiven bool
	now       time.Time
	rules     map[string]string
}

func runLint(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "lint", "")
	fs.Usage = func() {
		fmt.Fprintf(env.stdout, "Usage: okr lint "+lintUsage+"\n", ruleList())
		fs.PrintDefaults()
		fmt.Fprintln(env.stdout, envHelp)
	}
	lf := lintFlags{rules: map[string]string{}}
	fs.StringVar(&lf.objective, "objective", "", "check this objective statement")
	fs.Func("key-result", "check this key-result statement (repeatable)", func(s string) error {
		lf.krs = append(lf.krs, s)
		return nil
	})
	fs.StringVar(&lf.format, "format", "text", "output format: text or json")
	fs.StringVar(&lf.lang, "lang", defaultLintLang(env), "language of messages: "+orList(okr.Languages())+"; the default is a file's organisation language (organization.settings.language), else $LANG (English when it names none of them)")
	now := fs.String("now", "", "check as of this time, RFC 3339 (default: the current time); decides which key results are stale")
	fs.Func("rule", "set a rule's severity, `ID=off|info|warning|error` (repeatable)", func(s string) error {
		id, sev, ok := strings.Cut(s, "=")
		if !ok {
			return errors.New("want ID=off|info|warning|error")
		}
		lf.rules[id] = sev
		return coach.ValidateRules(map[string]string{id: sev})
	})
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	fs.Visit(func(f *flag.Flag) { lf.langGiven = lf.langGiven || f.Name == "lang" })
	if err := lf.check(fs, *now); err != nil {
		return usagef(fs, "%v", err)
	}
	var findings []located
	if fs.NArg() == 1 {
		var err error
		if findings, err = lintFile(env, fs.Arg(0), lf); err != nil {
			return err
		}
	} else {
		findings = lintStatements(lf)
	}
	if err := printFindings(env.stdout, findings, lf.format); err != nil {
		return err
	}
	if blocking(findings) {
		return exitError{1}
	}
	return nil
}

// check validates the combination of flags and arguments.
func (lf *lintFlags) check(fs *flag.FlagSet, now string) error {
	statements := lf.objective != "" || len(lf.krs) > 0
	switch {
	case fs.NArg() > 1:
		return errors.New("give one file")
	case fs.NArg() == 1 && statements:
		return errors.New("give a file or --objective/--key-result, not both")
	case fs.NArg() == 0 && !statements:
		return errors.New("give a file, --objective TEXT or --key-result TEXT (see okr lint --help)")
	case lf.format != "text" && lf.format != "json":
		return fmt.Errorf("--format %q: want text or json", lf.format)
	case !okr.IsLanguage(lf.lang):
		return fmt.Errorf("--lang %q: want %s", lf.lang, orList(okr.Languages()))
	}
	lf.now = time.Now()
	if now != "" {
		t, err := time.Parse(time.RFC3339, now)
		if err != nil {
			return fmt.Errorf("--now: %v", err)
		}
		lf.now = t
	}
	return nil
}

// defaultLintLang picks the message language from the locale: LC_ALL,
// LC_MESSAGES, then LANG ("nb_NO.UTF-8" gives nb; nn and no give nb too);
// English when none names one of okr.Languages.
func defaultLintLang(env *cliEnv) string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		loc := env.getenv(v)
		if loc == "" {
			continue
		}
		lang, _, _ := strings.Cut(strings.ToLower(loc), "_")
		if lang == "nn" || lang == "no" {
			lang = "nb" // Norwegian reads bokmål
		}
		if okr.IsLanguage(lang) {
			return lang
		}
		return okr.FallbackLanguage
	}
	return okr.FallbackLanguage
}

// orList writes xs as "a, b or c".
func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

func ruleList() string {
	var b strings.Builder
	for _, r := range coach.Rules() {
		fmt.Fprintf(&b, "  %-28s %-8s %s\n", r.ID, r.Severity, r.Description["en"])
	}
	return b.String()
}

// located is a finding with the place it points at.
type located struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
	coach.Finding
}

// lintStatements checks the statements given with flags.
func lintStatements(lf lintFlags) []located {
	settings := okr.DefaultSettings()
	settings.Language, settings.Rules = lf.lang, lf.rules
	c := coach.New(settings)
	var fs []coach.Finding
	switch {
	case lf.objective != "" && len(lf.krs) > 0:
		d := coach.Draft{Title: lf.objective}
		for _, kr := range lf.krs {
			d.KeyResults = append(d.KeyResults, coach.KRDraft{Title: kr})
		}
		fs = c.CheckObjective(d)
	case lf.objective != "":
		fs = c.CheckObjectiveText(lf.objective)
	default:
		for i, kr := range lf.krs {
			for _, f := range c.CheckKeyResult(coach.KRDraft{Title: kr}) {
				f.Target.Index = i
				fs = append(fs, f)
			}
		}
	}
	out := make([]located, len(fs))
	for i, f := range fs {
		name := "<objective>"
		if f.Target.Kind == coach.TargetKeyResult {
			name = fmt.Sprintf("<key-result %d>", f.Target.Index+1)
		}
		out[i] = located{File: name, Line: 1, Col: f.Start + 1, Finding: f}
	}
	return out
}

// lintFile checks an OKR file, or standard input when name is "-". When the
// file cannot be read or decoded it prints why and returns exitError{2}.
func lintFile(env *cliEnv, name string, lf lintFlags) ([]located, error) {
	var data []byte
	var err error
	if name == "-" {
		name = "<stdin>"
		data, err = io.ReadAll(env.stdin)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		fmt.Fprintf(env.stderr, "okr lint: %v\n", err)
		return nil, exitError{2}
	}
	f, err := okrfile.Decode(bytes.NewReader(data), name)
	if err != nil {
		var problems okrfile.Problems
		if errors.As(err, &problems) {
			fmt.Fprintln(env.stderr, problems.Error())
			noun := "problems"
			if len(problems) == 1 {
				noun = "problem"
			}
			fmt.Fprintf(env.stderr, "%s: %d %s; the file cannot be checked\n", name, len(problems), noun)
		} else {
			fmt.Fprintf(env.stderr, "okr lint: %v\n", err)
		}
		return nil, exitError{2}
	}
	settings := okr.DefaultSettings()
	if f.Org != nil {
		settings = f.Org.Settings
	}
	if err := coach.ValidateRules(settings.Rules); err != nil {
		var ve okr.ValidationErrors
		errors.As(err, &ve)
		pos := f.Pos("organization.settings.rules")
		for _, e := range ve {
			fmt.Fprintf(env.stderr, "%s:%d:%d: organization.settings.%s: %s\n", name, pos.Line, pos.Col, e.Field, e.Message)
		}
		return nil, exitError{2}
	}
	if settings.Rules == nil {
		settings.Rules = map[string]string{}
	}
	for id, sev := range lf.rules {
		settings.Rules[id] = sev
	}
	c := coach.New(settings)
	if lf.langGiven || f.Org == nil || f.Org.Settings.Language == "" {
		c = c.WithLanguage(lf.lang)
	}
	out := locate(f, data, c.CheckAll(fileSet(f, lf.now)))
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Col < out[j].Col
	})
	return out, nil
}

// blocking reports whether any finding is a warning or an error.
func blocking(fs []located) bool {
	for _, f := range fs {
		if f.Severity == coach.SeverityWarning || f.Severity == coach.SeverityError {
			return true
		}
	}
	return false
}

func printFindings(w io.Writer, fs []located, format string) error {
	if format == "json" {
		n := map[coach.Severity]int{}
		for _, f := range fs {
			n[f.Severity]++
		}
		if fs == nil {
			fs = []located{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Findings []located `json:"findings"`
			Errors   int       `json:"errors"`
			Warnings int       `json:"warnings"`
			Infos    int       `json:"infos"`
		}{fs, n[coach.SeverityError], n[coach.SeverityWarning], n[coach.SeverityInfo]})
	}
	for _, f := range fs {
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s %s: %s\n", f.File, f.Line, f.Col, f.Severity, f.RuleID, f.Message); err != nil {
			return err
		}
		if f.Hint != "" {
			fmt.Fprintf(w, "    %s\n", f.Hint)
		}
	}
	return nil
}

// fileSet turns a decoded file into the coach's view of stored OKRs.
func fileSet(f *okrfile.File, now time.Time) coach.Set {
	s := coach.Set{Now: now}
	for _, u := range f.Units {
		s.Units = append(s.Units, &u.Unit)
	}
	for _, p := range f.People {
		s.People = append(s.People, &p.Person)
	}
	for _, p := range f.Periods {
		s.Periods = append(s.Periods, &p.Period)
	}
	for _, o := range f.Objectives {
		s.Objectives = append(s.Objectives, &o.Objective)
		for _, kr := range o.KeyResults {
			s.KeyResults = append(s.KeyResults, &kr.KeyResult)
			if kr.Grade != nil {
				s.Grades = append(s.Grades, &kr.Grade.Grade)
			}
		}
	}
	return s
}

// locate gives each finding of a file the line and column it is about: the
// title (at the words concerned) or description of an objective or key
// result, the field a structural finding concerns, the first objective of an
// owner with too many, or the period.
func locate(f *okrfile.File, data []byte, fs []coach.Finding) []located {
	lines := strings.Split(string(data), "\n")
	type krAt struct{ i, j int }
	objs, krs := map[int64]int{}, map[int64]krAt{}
	for i, o := range f.Objectives {
		objs[o.Objective.ID] = i
		for j, kr := range o.KeyResults {
			krs[kr.KeyResult.ID] = krAt{i, j}
		}
	}
	out := make([]located, len(fs))
	for n, fd := range fs {
		var pos okrfile.Pos
		offset := fd.Field == "title" || fd.Field == "description"
		switch fd.Target.Kind {
		case coach.TargetObjective:
			i := objs[fd.Target.ID]
			pos = objectivePos(f, i, fd.Field)
		case coach.TargetKeyResult:
			at := krs[fd.Target.ID]
			pos = keyResultPos(f, at.i, at.j, fd.Field)
		case coach.TargetOwner:
			pos = ownerPos(f, fd.Target)
		case coach.TargetPeriod:
			for _, p := range f.Periods {
				if p.Period.ID == fd.Target.PeriodID {
					pos = p.Pos
				}
			}
		}
		if offset && fd.End > 0 {
			pos.Col = columnOf(lines, pos, fd.Start)
		}
		out[n] = located{File: f.Name, Line: pos.Line, Col: pos.Col, Finding: fd}
	}
	return out
}

func objectivePos(f *okrfile.File, i int, field string) okrfile.Pos {
	o := f.Objectives[i]
	switch field {
	case "title":
		return o.TitlePos
	case "description", "alignment", "key_results":
		name := map[string]string{"description": "description", "alignment": "parent", "key_results": "key_results"}[field]
		return f.Pos(fmt.Sprintf("objectives[%d].%s", i, name))
	}
	return o.Pos
}

func keyResultPos(f *okrfile.File, i, j int, field string) okrfile.Pos {
	kr := f.Objectives[i].KeyResults[j]
	switch field {
	case "title":
		return kr.TitlePos
	case "metric":
		return f.Pos(fmt.Sprintf("objectives[%d].key_results[%d].target", i, j))
	case "check_ins":
		// A stale key result is counted from its latest check-in: point
		// there, or at the key result when it has none.
		var latest *okrfile.CheckInRec
		for _, ci := range kr.CheckIns {
			if latest == nil || !ci.CheckIn.At.Before(latest.CheckIn.At) {
				latest = ci
			}
		}
		if latest != nil {
			return latest.Pos
		}
	}
	return kr.Pos
}

// ownerPos returns the position of the owner's first objective in the period.
func ownerPos(f *okrfile.File, t coach.Target) okrfile.Pos {
	for i, o := range f.Objectives {
		ob := o.Objective
		if ob.Archived || ob.PeriodID != t.PeriodID || t.Owner == nil {
			continue
		}
		if samePtr(ob.Owner.UnitID, t.Owner.UnitID) && samePtr(ob.Owner.PersonID, t.Owner.PersonID) {
			return f.Pos(fmt.Sprintf("objectives[%d].owner", i))
		}
	}
	return okrfile.Pos{}
}

func samePtr(a, b *int64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// columnOf returns the column of the rune at offset in the scalar that
// starts at pos: past an opening quote, and only when the scalar is on its
// line (a block scalar or a folded line keeps the scalar's column).
func columnOf(lines []string, pos okrfile.Pos, offset int) int {
	if pos.Line < 1 || pos.Line > len(lines) {
		return pos.Col
	}
	line := []rune(lines[pos.Line-1])
	start := pos.Col - 1
	if start < 0 || start >= len(line) {
		return pos.Col
	}
	if line[start] == '"' || line[start] == '\'' {
		start++
	} else if line[start] == '|' || line[start] == '>' {
		return pos.Col
	}
	if start+offset >= len(line) {
		return pos.Col
	}
	return start + offset + 1
}
