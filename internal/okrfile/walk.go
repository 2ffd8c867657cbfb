package okrfile

import (
	"fmt"
	"math"
	"reflect"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// walker decodes a parsed YAML node tree into the document structs of
// schema.go. Unlike a plain unmarshal it never stops at the first problem:
// it reports every unknown field, duplicate field and value of the wrong
// type, and records the position of every value it visits by field path.
type walker struct {
	rep     *report
	pos     map[string]Pos
	anchors map[string]ast.Node
	depth   int // aliases being expanded
	visits  int // values decoded
	budget  int // the most values the file may expand to
}

// Aliases let a small file stand for a huge document ("billion laughs").
// These bound the expansion: the nesting of aliases, and the number of
// values decoded, to the values written in the file plus aliasAllowance.
const (
	maxAliasDepth  = 32
	aliasAllowance = 100_000
)

// newWalker returns a walker for the document body. It collects every
// anchor first, so that an alias may name an anchor in a part of the file
// the walker does not decode (an x- field).
func newWalker(rep *report, body ast.Node) *walker {
	w := &walker{rep: rep, pos: rep.pos, anchors: map[string]ast.Node{}}
	c := &anchorCollector{anchors: w.anchors}
	ast.Walk(c, body)
	w.budget = c.nodes + aliasAllowance
	return w
}

// anchorCollector records every anchor and counts the nodes of the file.
type anchorCollector struct {
	anchors map[string]ast.Node
	nodes   int
}

func (a *anchorCollector) Visit(n ast.Node) ast.Visitor {
	a.nodes++
	if x, ok := n.(*ast.AnchorNode); ok {
		a.anchors[x.Name.GetToken().Value] = x.Value
	}
	return a
}

// exceeded reports whether decoding stopped at the expansion limit.
func (w *walker) exceeded() bool { return w.visits > w.budget }

func isMapping(n ast.Node) bool {
	_, ok := pairs(n)
	return ok
}

func posOfToken(tk *token.Token) Pos {
	if tk == nil || tk.Position == nil {
		return Pos{}
	}
	return Pos{Line: tk.Position.Line, Col: tk.Position.Column}
}

// nodePos is where a human sees node n start: for a block mapping that is
// its first key, not the colon the parser files it under.
func nodePos(n ast.Node) Pos {
	switch x := n.(type) {
	case *ast.MappingNode:
		if !x.IsFlowStyle && len(x.Values) > 0 {
			return posOfToken(x.Values[0].Key.GetToken())
		}
	case *ast.MappingValueNode:
		return posOfToken(x.Key.GetToken())
	case *ast.AnchorNode:
		return nodePos(x.Value)
	case *ast.TagNode:
		return nodePos(x.Value)
	}
	return posOfToken(n.GetToken())
}

// resolve strips anchors, tags and aliases, returning the node that holds
// the value. It returns nil for an undefined alias (after reporting it).
func (w *walker) resolve(n ast.Node, path string) ast.Node {
	for {
		switch x := n.(type) {
		case *ast.AnchorNode:
			n = x.Value
		case *ast.TagNode:
			n = x.Value
		case *ast.AliasNode:
			name := x.Value.GetToken().Value
			target, ok := w.anchors[name]
			if !ok {
				w.rep.at(nodePos(x), path, "undefined alias *%s", name)
				return nil
			}
			n = target
		default:
			return n
		}
	}
}

// decode stores node n into v (a settable value of a document type),
// recording n's position under path.
func (w *walker) decode(n ast.Node, v reflect.Value, path string) {
	if n == nil || w.exceeded() {
		return
	}
	if w.visits++; w.exceeded() {
		w.rep.at(nodePos(n), path, "the aliases expand the file to more than %d values; repeat less with them", w.budget)
		return
	}
	w.pos[path] = nodePos(n)
	orig := n
	if n = w.resolve(n, path); n == nil {
		return
	}
	if _, isAlias := orig.(*ast.AliasNode); isAlias {
		if w.depth >= maxAliasDepth {
			w.rep.at(nodePos(orig), path, "aliases nested too deeply")
			return
		}
		w.depth++
		defer func() { w.depth-- }()
	}
	if _, isNull := n.(*ast.NullNode); isNull {
		return // an empty value is the same as a missing field
	}
	if ts, ok := v.Addr().Interface().(textScalar); ok {
		w.decodeText(n, ts, path)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		// A scalar that could not be read stays missing, so that it is not
		// reported again as absent or used as its zero value. An object
		// with problems inside is kept, so its other fields are checked.
		elem, before := reflect.New(v.Type().Elem()), len(w.rep.probs)
		w.decode(n, elem.Elem(), path)
		if len(w.rep.probs) == before || isMapping(w.resolve(n, path)) {
			v.Set(elem)
		}
	case reflect.Struct:
		w.decodeStruct(n, v, path)
	case reflect.Slice:
		w.decodeSlice(n, v, path)
	case reflect.Map:
		w.decodeMap(n, v, path)
	case reflect.String:
		if s, ok := scalarText(n); ok {
			v.SetString(s)
		} else {
			w.wrongType(n, path, "text")
		}
	case reflect.Bool:
		if b, ok := n.(*ast.BoolNode); ok {
			v.SetBool(b.Value)
		} else {
			w.wrongType(n, path, "true or false")
		}
	case reflect.Int:
		w.decodeInt(n, v, path)
	case reflect.Float64:
		if x, ok := w.number(n, path); ok {
			v.SetFloat(x)
		}
	default:
		panic(fmt.Sprintf("okrfile: no decoder for %s", v.Type()))
	}
}

// scalarText returns the text of a scalar: the value of a string or block
// literal, the source text of a number or boolean (so that "name: 2025"
// is the text "2025").
func scalarText(n ast.Node) (string, bool) {
	switch x := n.(type) {
	case *ast.StringNode:
		return x.Value, true
	case *ast.LiteralNode:
		return x.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return x.GetToken().Value, true
	}
	return "", false
}

func (w *walker) decodeText(n ast.Node, ts textScalar, path string) {
	if f, ok := ts.(*fraction); ok && isNumber(n) {
		if x, ok := w.number(n, path); ok {
			*f = fraction(x)
		}
		return
	}
	s, ok := scalarText(n)
	if !ok {
		w.wrongType(n, path, "a single value")
		return
	}
	if err := ts.parseText(s); err != nil {
		w.rep.at(nodePos(n), path, "%v, got %q", err, s)
	}
}

func isNumber(n ast.Node) bool {
	switch n.(type) {
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return true
	}
	return false
}

// number reads a finite float from an integer or float node.
func (w *walker) number(n ast.Node, path string) (float64, bool) {
	switch x := n.(type) {
	case *ast.IntegerNode:
		switch i := x.Value.(type) {
		case int64:
			return float64(i), true
		case uint64:
			return float64(i), true
		}
	case *ast.FloatNode:
		return x.Value, true
	case *ast.InfinityNode, *ast.NanNode:
		w.rep.at(nodePos(n), path, "must be a finite number, got %s", x.GetToken().Value)
		return 0, false
	}
	w.wrongType(n, path, "a number")
	return 0, false
}

func (w *walker) decodeInt(n ast.Node, v reflect.Value, path string) {
	x, ok := n.(*ast.IntegerNode)
	if !ok {
		w.wrongType(n, path, "a whole number")
		return
	}
	var i int64
	switch x := x.Value.(type) {
	case int64:
		i = x
	case uint64:
		i = math.MaxInt64
		if x <= math.MaxInt32 {
			i = int64(x)
		}
	}
	if i > math.MaxInt32 || i < math.MinInt32 {
		w.rep.at(nodePos(n), path, "number %s is out of range", x.GetToken().Value)
		return
	}
	v.SetInt(i)
}

// wrongType reports that n is not what the field holds.
func (w *walker) wrongType(n ast.Node, path, want string) {
	w.rep.at(nodePos(n), path, "must be %s, got %s", want, describe(n))
}

// describe says what a node is, for "must be X, got Y" messages.
func describe(n ast.Node) string {
	switch x := n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping (fields)"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode:
		return fmt.Sprintf("text %q", x.Value)
	case *ast.LiteralNode:
		return "a block of text"
	case *ast.BoolNode:
		return fmt.Sprintf("boolean %s", x.GetToken().Value)
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return fmt.Sprintf("number %s", x.GetToken().Value)
	}
	return strings.ToLower(n.Type().String())
}
