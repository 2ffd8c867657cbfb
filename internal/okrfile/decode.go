package okrfile

import (
	"errors"
	"fmt"
	"io"
	"reflect"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
)

// Decode reads a version 1 OKR file. filename is used in problem messages.
//
// When the input is not a valid file, the error is Problems: every problem
// found, in source order, each with its line, column and field path. That
// covers unknown fields, values of the wrong type, duplicate fields and
// keys, references to objects that do not exist, parent cycles and the
// okr Validate rules. A YAML syntax error stops the parse, so it is reported
// alone. Decode returns a nil File whenever it returns an error; other
// errors are failures to read r.
//
// Missing fields take their documented defaults (weight 1, state draft,
// confidence on_track, unit number …); missing keys are generated from
// titles and names with Slug.
func Decode(r io.Reader, filename string) (*File, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("okrfile: reading %s: %w", filename, err)
	}
	rep := newReport(filename, map[string]Pos{})
	doc := parseDoc(data, rep)
	if doc == nil {
		rep.probs.sortByPos()
		return nil, rep.probs
	}
	f := convert(doc, rep)
	if len(rep.probs) > 0 {
		rep.probs.sortByPos()
		return nil, rep.probs
	}
	f.Name = filename
	f.positions = rep.pos
	if err := f.Link(); err != nil {
		return nil, fmt.Errorf("okrfile: %s: internal error: %w", filename, err)
	}
	return f, nil
}

// parseDoc parses data into the document structs, reporting problems. It
// returns nil when there is nothing more to check: a syntax error, an empty
// file or an unsupported version.
func parseDoc(data []byte, rep *report) *docFile {
	ast, err := parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) {
			rep.at(posOfToken(ye.GetToken()), "", "%s", ye.GetMessage())
		} else {
			rep.at(Pos{Line: 1, Col: 1}, "", "%v", err)
		}
		return nil
	}
	var docs []int
	for i, d := range ast.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, i)
		}
	}
	if len(docs) == 0 {
		rep.at(Pos{Line: 1, Col: 1}, "", "the file is empty; it must start with \"version: %d\"", Version)
		return nil
	}
	body := ast.Docs[docs[0]].Body
	for _, i := range docs[1:] {
		rep.at(nodePos(ast.Docs[i].Body), "", "a file holds one YAML document; remove the extra \"---\" and what follows")
	}
	rep.pos[""] = nodePos(body)
	var doc docFile
	w := newWalker(rep, body)
	w.decode(body, reflect.ValueOf(&doc).Elem(), "")
	if w.exceeded() {
		return nil
	}
	switch {
	case doc.Version == nil:
		if isMapping(body) && !rep.bad["version"] {
			rep.errorf("version", "version is required: start the file with \"version: %d\"", Version)
		}
	case *doc.Version != Version:
		rep.errorf("version", "unsupported version %d: this program reads version %d", *doc.Version, Version)
		return nil
	}
	return &doc
}
