package okrfile

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// How text is quoted. Every choice is checked by parsing it back with the
// same parser Decode uses, so a quirk of the parser makes the emitter fall
// back to double quotes rather than write a file that reads differently.

// validText reports whether s can be written: valid UTF-8.
func validText(s string) bool { return utf8.ValidString(s) }

// special reports runes that only double quotes can carry.
func special(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 || r == 0xfeff
}

// plainOK reports whether s can be written as a plain (unquoted) scalar
// after "key: " and reads back as the same text.
func plainOK(s string) bool {
	if s == "" || s != strings.TrimSpace(s) || strings.ContainsFunc(s, special) {
		return false
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`", rune(s[0])) ||
		strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	v, ok := parseOne("k: " + s + "\n")
	return ok && isPlainString(v, s)
}

// flowList writes items as [a, b] when every item is plain and free of the
// characters that end a flow item.
func flowList(items []string) (string, bool) {
	for _, s := range items {
		if !plainOK(s) || strings.ContainsAny(s, ",[]{}") {
			return "", false
		}
	}
	flow := "[" + strings.Join(items, ", ") + "]"
	v, ok := parseOne("k: " + flow + "\n")
	seq, isSeq := v.(*ast.SequenceNode)
	if !ok || !isSeq || len(seq.Values) != len(items) {
		return "", false
	}
	for i, n := range seq.Values {
		if !isPlainString(n, items[i]) {
			return "", false
		}
	}
	return flow, true
}

// literal writes multi-line text as a literal block ("|-" or "|" and its
// lines indented to column indent). ok is false when the text has a form a
// literal block cannot carry exactly: leading blank lines, a first line
// starting with a space, lines with trailing blanks, several trailing
// newlines, or characters only double quotes can hold.
func literal(s string, indent int) (header string, lines []string, ok bool) {
	if !strings.Contains(strings.TrimSuffix(s, "\n"), "\n") || strings.HasPrefix(s, "\n") ||
		strings.HasPrefix(s, " ") || strings.HasPrefix(s, "\t") || strings.HasSuffix(s, "\n\n") {
		return "", nil, false
	}
	body, header := s, "|-"
	if strings.HasSuffix(s, "\n") {
		body, header = strings.TrimSuffix(s, "\n"), "|"
	}
	var check strings.Builder
	check.WriteString("k: " + header + "\n")
	pad := strings.Repeat(" ", indent)
	for l := range strings.SplitSeq(body, "\n") {
		if strings.ContainsFunc(l, func(r rune) bool { return special(r) && r != '\t' }) || l != strings.TrimRight(l, " \t") {
			return "", nil, false
		}
		if l == "" {
			lines = append(lines, "")
			check.WriteString("\n")
		} else {
			lines = append(lines, pad+l)
			check.WriteString("  " + l + "\n")
		}
	}
	v, parsed := parseOne(check.String())
	if lit, isLit := v.(*ast.LiteralNode); !parsed || !isLit || lit.Value.Value != s {
		return "", nil, false
	}
	return header, lines, true
}

// doubleQuote writes s as a YAML double-quoted scalar, escaping what must
// be escaped and nothing else.
func doubleQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if special(r) {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// parseOne parses src, a one-key mapping "k: …", and returns the value.
func parseOne(src string) (ast.Node, bool) {
	f, err := parser.ParseBytes([]byte(src), 0)
	if err != nil || len(f.Docs) != 1 || f.Docs[0].Body == nil {
		return nil, false
	}
	kvs, ok := pairs(f.Docs[0].Body)
	if !ok || len(kvs) != 1 {
		return nil, false
	}
	return kvs[0].Value, true
}

// isPlainString reports whether n is an unquoted string scalar holding s.
func isPlainString(n ast.Node, s string) bool {
	str, ok := n.(*ast.StringNode)
	return ok && str.Value == s && str.Token.Type == token.StringType
}
