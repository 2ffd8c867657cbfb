package web

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// Tests assert on pages as documents: elements, attributes and text found
// by CSS selector, not on bytes.

// document parses an HTML page or fragment.
func document(t testing.TB, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse the page: %v", err)
	}
	return doc
}

// one is the only element sel finds in s; the test fails when there is
// not exactly one.
func one(t testing.TB, s interface {
	Find(string) *goquery.Selection
}, sel string) *goquery.Selection {
	t.Helper()
	found := s.Find(sel)
	if found.Length() != 1 {
		t.Fatalf("%q: found %d elements, want 1", sel, found.Length())
	}
	return found
}

// textOf is the text of what sel finds, with runs of white space made one
// space and trimmed.
func textOf(s interface {
	Find(string) *goquery.Selection
}, sel string) string {
	return strings.Join(strings.Fields(s.Find(sel).Text()), " ")
}

// attrOf is attribute name of the first element sel finds, "" when none.
func attrOf(s interface {
	Find(string) *goquery.Selection
}, sel, name string) string {
	v, _ := s.Find(sel).First().Attr(name)
	return v
}
