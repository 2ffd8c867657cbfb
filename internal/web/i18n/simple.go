package i18n

import (
	"regexp"
	"strconv"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// A simpleMsg is a message whose text only inserts values ("Vis målene
// under «{{.Name}}»"): T fills it in directly instead of running its
// template through go-i18n, which costs a microsecond or two and a few
// allocations per call, hundreds of times on a list page. The result is
// the same as text/template's for such a text: each {{.Key}} becomes
// the value given for Key, or "<no value>" without one
// (TestSimpleMessagesMatchGoI18n checks every message of every language).
type simpleMsg struct {
	lits []string // len(keys)+1 literal pieces around the keys
	keys []string
}

// simpleAction is the one kind of action a simple message may hold.
var simpleAction = regexp.MustCompile(`\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`)

// parseSimple returns m's text as a simpleMsg, or nil when m has plural
// forms, other delimiters or any action but {{.Key}}.
func parseSimple(m *goi18n.Message) *simpleMsg {
	if m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != "" ||
		(m.LeftDelim != "" && m.LeftDelim != "{{") || (m.RightDelim != "" && m.RightDelim != "}}") {
		return nil
	}
	text := m.Other
	s := &simpleMsg{}
	rest := 0
	for _, at := range simpleAction.FindAllStringSubmatchIndex(text, -1) {
		s.lits = append(s.lits, text[rest:at[0]])
		s.keys = append(s.keys, text[at[2]:at[3]])
		rest = at[1]
	}
	s.lits = append(s.lits, text[rest:])
	for _, l := range s.lits {
		if strings.Contains(l, "{{") || strings.Contains(l, "}}") {
			return nil // an action of another kind
		}
	}
	return s
}

// fill writes the message with the values of kv (key, value, key, value
// …), or returns false when kv holds a key that is not a string or a value
// that is neither a string nor an int: those go through go-i18n.
func (s *simpleMsg) fill(kv []any) (string, bool) {
	for i := 0; i+1 < len(kv); i += 2 {
		if _, ok := kv[i].(string); !ok {
			return "", false
		}
		switch kv[i+1].(type) {
		case string, int:
		default:
			return "", false
		}
	}
	var b strings.Builder
	for i, k := range s.keys {
		b.WriteString(s.lits[i])
		b.WriteString(valueOf(k, kv))
	}
	b.WriteString(s.lits[len(s.keys)])
	return b.String(), true
}

// valueOf is the text text/template prints for key's value in kv (the
// last one given, as in a map), whose values are strings and ints.
func valueOf(key string, kv []any) string {
	out := "<no value>"
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i].(string) != key {
			continue
		}
		switch v := kv[i+1].(type) {
		case string:
			out = v
		case int:
			out = strconv.Itoa(v)
		}
	}
	return out
}
