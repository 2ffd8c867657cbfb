package okrfile

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// emitter writes the document structs as block-style YAML: two-space
// indentation, list items indented under their key, fields in declaration
// order. It is the inverse of the walker.
type emitter struct {
	w   *bufio.Writer
	err error
}

func (e *emitter) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

// line writes lead (indentation, or indentation and "- ") and s.
func (e *emitter) line(lead, s string) {
	if e.err == nil {
		_, e.err = e.w.WriteString(strings.TrimRight(lead+s, " ") + "\n")
	}
}

// emitted reports whether field value v is written at all.
func emitted(fi fieldInfo, v reflect.Value) bool {
	switch {
	case v.Kind() == reflect.Pointer && v.IsNil():
		return false
	case (v.Kind() == reflect.Slice || v.Kind() == reflect.Map) && v.Len() == 0:
		return !fi.omitEmpty
	}
	return !fi.omitEmpty || !v.IsZero()
}

// mapping writes the fields of struct v as a block mapping whose keys start
// at column indent. The first line starts with lead instead of spaces, which
// is how a list item gets its "- ".
func (e *emitter) mapping(v reflect.Value, indent int, lead string) {
	if lead == "" {
		lead = strings.Repeat(" ", indent)
	}
	n := 0
	for _, fi := range fieldsOf(v.Type()) {
		fv := v.Field(fi.index)
		if !emitted(fi, fv) {
			continue
		}
		e.value(lead, fi.name, fv, indent)
		lead = strings.Repeat(" ", indent)
		n++
	}
	if n == 0 {
		e.line(lead, "{}")
	}
}

// value writes "name: value" at indent, the first line led by lead.
func (e *emitter) value(lead, name string, v reflect.Value, indent int) {
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if ts, ok := v.Addr().Interface().(textScalar); ok {
		e.line(lead, name+": "+ts.text())
		return
	}
	switch v.Kind() {
	case reflect.String:
		e.scalar(lead, name+":", v.String(), indent+2)
	case reflect.Bool:
		e.line(lead, name+": "+strconv.FormatBool(v.Bool()))
	case reflect.Int:
		e.line(lead, name+": "+strconv.FormatInt(v.Int(), 10))
	case reflect.Float64:
		x := v.Float()
		if math.IsNaN(x) || math.IsInf(x, 0) {
			e.fail(fmt.Errorf("okrfile: %s is %v; the format holds only finite numbers", name, x))
			return
		}
		e.line(lead, name+": "+formatFloat(x))
	case reflect.Struct:
		e.line(lead, name+":")
		e.mapping(v, indent+2, "")
	case reflect.Slice:
		e.list(lead, name, v, indent)
	case reflect.Map:
		e.line(lead, name+":")
		pad := strings.Repeat(" ", indent+2)
		for _, k := range sortedKeys(v.Interface().(map[string]string)) {
			e.scalar(pad, keyText(k)+":", v.MapIndex(reflect.ValueOf(k)).String(), indent+4)
		}
	default:
		e.fail(fmt.Errorf("okrfile: cannot write %s", v.Type()))
	}
}

// list writes a list field: short lists of plain text in flow style
// ([a, b]), everything else as a block sequence.
func (e *emitter) list(lead, name string, v reflect.Value, indent int) {
	if v.Type().Elem().Kind() == reflect.String {
		if flow, ok := flowList(v.Interface().([]string)); ok && len(lead)+len(name)+2+len(flow) <= 100 {
			e.line(lead, name+": "+flow)
			return
		}
	}
	e.line(lead, name+":")
	itemLead := strings.Repeat(" ", indent+2) + "- "
	for i := range v.Len() {
		item := v.Index(i)
		switch item.Kind() {
		case reflect.String:
			e.scalar(itemLead, "", item.String(), indent+4)
		case reflect.Pointer:
			e.mapping(item.Elem(), indent+4, itemLead)
		default:
			e.fail(fmt.Errorf("okrfile: cannot write a list of %s", item.Type()))
		}
	}
}

// scalar writes text s after prefix ("name:" or "" for a list item): plain
// when YAML reads it back unchanged, as a literal block when it has several
// lines, else double-quoted. The lines of a literal block are indented to
// column indent.
func (e *emitter) scalar(lead, prefix, s string, indent int) {
	sep := " "
	if prefix == "" {
		sep = ""
	}
	if !validText(s) {
		e.fail(errors.New("okrfile: text is not valid UTF-8: " + strconv.Quote(s)))
		return
	}
	if plainOK(s) {
		e.line(lead, prefix+sep+s)
		return
	}
	if header, lines, ok := literal(s, indent); ok {
		e.line(lead, prefix+sep+header)
		for _, l := range lines {
			e.line("", l)
		}
		return
	}
	e.line(lead, prefix+sep+doubleQuote(s))
}

// keyText is a map key as written: plain when safe, else double-quoted
// ("<<" would be a merge key).
func keyText(k string) string {
	if plainOK(k) && k != "<<" {
		return k
	}
	return doubleQuote(k)
}
