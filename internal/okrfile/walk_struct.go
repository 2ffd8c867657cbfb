package okrfile

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/goccy/go-yaml/ast"
)

// fieldInfo is one field of a document struct.
type fieldInfo struct {
	name      string // the YAML key
	index     int
	omitEmpty bool
}

var fieldCache sync.Map // reflect.Type → []fieldInfo

// fieldsOf returns the YAML fields of struct type t in declaration order.
func fieldsOf(t reflect.Type) []fieldInfo {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]fieldInfo)
	}
	var fs []fieldInfo
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" || name == "-" {
			continue
		}
		fs = append(fs, fieldInfo{name: name, index: i, omitEmpty: opts == "omitempty"})
	}
	fieldCache.Store(t, fs)
	return fs
}

// pairs returns the key/value pairs of a mapping node, or ok false when n is
// not a mapping.
func pairs(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch x := n.(type) {
	case *ast.MappingNode:
		return x.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{x}, true
	}
	return nil, false
}

func (w *walker) decodeStruct(n ast.Node, v reflect.Value, path string) {
	kvs, ok := pairs(n)
	what := objectName[v.Type().Name()]
	if !ok {
		if v.Type() == reflect.TypeOf(docFile{}) {
			w.wrongType(n, path, "a mapping of fields, starting with version: 1")
		} else {
			w.wrongType(n, path, "a mapping of "+what+" fields")
		}
		return
	}
	fields := fieldsOf(v.Type())
	seen := map[string]Pos{}
	for _, kv := range kvs {
		kp := nodePos(kv.Key)
		if _, merge := kv.Key.(*ast.MergeKeyNode); merge {
			w.rep.at(kp, path, "merge keys (<<) are not supported; write the fields out")
			continue
		}
		name, ok := scalarText(w.resolve(kv.Key, path))
		if !ok {
			w.rep.at(kp, path, "a field name must be text")
			continue
		}
		fpath := field(path, name)
		if first, dup := seen[name]; dup {
			w.rep.add(kp, fpath, "duplicate field %q (first at line %d)", name, first.Line)
			continue
		}
		seen[name] = kp
		fi, ok := findField(fields, name)
		if !ok && strings.HasPrefix(name, "x-") {
			continue // an extension field: a place for anchors and notes
		}
		if !ok {
			w.rep.at(kp, fpath, "unknown field %q in %s%s", name, what, suggest(name, fields))
			continue
		}
		if kv.Value == nil {
			continue
		}
		w.decode(kv.Value, v.Field(fi.index), fpath)
		if _, has := w.pos[fpath]; !has {
			w.pos[fpath] = kp
		}
	}
}

func findField(fs []fieldInfo, name string) (fieldInfo, bool) {
	for _, f := range fs {
		if f.name == name {
			return f, true
		}
	}
	return fieldInfo{}, false
}

// suggest returns `; did you mean "x"?` for the known field closest to an
// unknown one (at most two edits away, ignoring case), or "".
func suggest(name string, fs []fieldInfo) string {
	best, bestD := "", 3
	for _, f := range fs {
		if d := editDistance(strings.ToLower(name), f.name); d < bestD && d < len(f.name) {
			best, bestD = f.name, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

func (w *walker) decodeSlice(n ast.Node, v reflect.Value, path string) {
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		if v.Type().Elem().Kind() == reflect.String {
			if _, scalar := scalarText(n); scalar {
				// A single value where a list is expected: "leads: kari@x.no"
				// is read as a list of one.
				elem := reflect.New(v.Type().Elem()).Elem()
				w.decode(n, elem, index(path, 0))
				v.Set(reflect.Append(v, elem))
				return
			}
		}
		w.wrongType(n, path, "a list")
		return
	}
	out := reflect.MakeSlice(v.Type(), 0, len(seq.Values))
	for i, item := range seq.Values {
		ipath := index(path, i)
		elem := reflect.New(v.Type().Elem()).Elem()
		if _, null := item.(*ast.NullNode); null || item == nil {
			p := posOfToken(seq.GetToken())
			if i < len(seq.Entries) && seq.Entries[i] != nil {
				p = posOfToken(seq.Entries[i].Start) // the "-"
			}
			w.pos[ipath] = p
			w.rep.at(p, ipath, "empty list item")
		} else {
			w.decode(item, elem, ipath)
		}
		out = reflect.Append(out, elem)
	}
	v.Set(out)
}

// decodeMap reads a mapping of text to text (settings rules).
func (w *walker) decodeMap(n ast.Node, v reflect.Value, path string) {
	kvs, ok := pairs(n)
	if !ok {
		w.wrongType(n, path, "a mapping")
		return
	}
	m := reflect.MakeMapWithSize(v.Type(), len(kvs))
	for _, kv := range kvs {
		kp := nodePos(kv.Key)
		name, ok := scalarText(w.resolve(kv.Key, path))
		if !ok {
			w.rep.at(kp, path, "a key must be text")
			continue
		}
		fpath := field(path, name)
		if m.MapIndex(reflect.ValueOf(name)).IsValid() {
			w.rep.at(kp, fpath, "duplicate key %q", name)
			continue
		}
		val := reflect.New(v.Type().Elem()).Elem()
		w.decode(kv.Value, val, fpath)
		m.SetMapIndex(reflect.ValueOf(name), val)
	}
	v.Set(m)
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
