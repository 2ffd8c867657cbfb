package okrfile

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in the source file: 1-based line and column. The zero
// Pos means "unknown" (a File built by FromSet has no positions).
type Pos struct{ Line, Col int }

// IsValid reports whether p is a known position.
func (p Pos) IsValid() bool { return p.Line > 0 }

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Problem is one thing wrong with an input file. Path is the field path in
// the document, such as "objectives[2].key_results[0].target"; it is empty
// for problems with the file as a whole (syntax errors).
type Problem struct {
	File      string
	Line, Col int
	Path      string
	Message   string
}

// Error formats the problem as FILE:LINE:COL: PATH: MESSAGE, leaving out the
// parts that are unknown.
func (p Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		b.WriteByte(':')
	}
	if p.Line > 0 {
		fmt.Fprintf(&b, "%d:%d:", p.Line, p.Col)
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems is every problem found in a file, in source order. Decode returns
// it as its error, so callers get all problems at once:
//
//	var probs okrfile.Problems
//	if errors.As(err, &probs) { … }
type Problems []Problem

// Error prints one problem per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// sortByPos orders problems by line and column, keeping the order of
// problems at the same position.
func (ps Problems) sortByPos() {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Col < ps[j].Col
	})
}

// report collects problems with positions looked up by field path.
type report struct {
	file  string
	pos   map[string]Pos
	probs Problems
	bad   map[string]bool // paths that already have a problem
}

func newReport(file string, pos map[string]Pos) *report {
	return &report{file: file, pos: pos, bad: map[string]bool{}}
}

// at records a problem at an explicit position and marks path as bad, so
// that later checks of the same field stay quiet.
func (r *report) at(p Pos, path, format string, args ...any) {
	r.add(p, path, format, args...)
	if path != "" {
		r.bad[path] = true
	}
}

// add records a problem without marking its path: the field's value is
// still fine to check (a duplicate field keeps its first value).
func (r *report) add(p Pos, path, format string, args ...any) {
	r.probs = append(r.probs, Problem{File: r.file, Line: p.Line, Col: p.Col, Path: path, Message: fmt.Sprintf(format, args...)})
}

// errorf records a problem at path, positioned at the path's value or, when
// the field is absent, at the nearest enclosing object.
func (r *report) errorf(path, format string, args ...any) {
	r.at(r.posOf(path), path, format, args...)
}

// posOf returns the position of path, walking up to the parent object when
// path itself does not occur in the source.
func (r *report) posOf(path string) Pos {
	for {
		if p, ok := r.pos[path]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[")
		if i <= 0 {
			return r.pos[""]
		}
		path = path[:i]
	}
}

func field(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }
