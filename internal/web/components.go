package web

import (
	"bytes"
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
)

// Pages are templ components (*.templ, compiled to *_templ.go by `go tool
// templ generate`). A page's handler builds its data and calls page with
// the component that renders the page's main content; the layout around
// it is Layout in layout.templ.

// bufPool holds the buffers pages are rendered into: a page is rendered
// whole before its status is written, so that an error yields a clean
// error page instead of half a page. Buffers up to maxPooledBuf go back:
// the alignment map's first screen is about 700 KB, and a buffer grown
// to it anew on every request cost the page a tenth of its time.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledBuf = 4 << 20

// page renders content inside the layout and writes it with status.
func (s *Server) page(w http.ResponseWriter, r *http.Request, status int, p *Page, content templ.Component) error {
	return s.writeComponent(w, r, status, p, Layout(p, content))
}

// fragment renders c alone, for htmx requests that replace part of a page.
func (s *Server) fragment(w http.ResponseWriter, r *http.Request, status int, p *Page, c templ.Component) error {
	return s.writeComponent(w, r, status, p, c)
}

func (s *Server) writeComponent(w http.ResponseWriter, r *http.Request, status int, p *Page, c templ.Component) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBuf {
			bufPool.Put(buf)
		}
	}()
	if err := c.Render(r.Context(), buf); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", p.Lang)
	h.Set("Cache-Control", "no-store")
	h.Add("Vary", "HX-Request")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// renderString renders c to a string (for pieces kept in caches).
func renderString(c templ.Component) string {
	var b strings.Builder
	if err := c.Render(context.Background(), &b); err != nil {
		// Components here write to memory and return no errors of their
		// own; an error is a defect.
		panic(err)
	}
	return b.String()
}

// asset is the fingerprinted URL of a static file.
func (p *Page) asset(name string) templ.SafeURL {
	if p.assets == nil {
		return templ.SafeURL("/static/" + name)
	}
	return templ.SafeURL(p.assets.URL(name))
}

// boolAttr is "true" or "false", for ARIA states.
func boolAttr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// htmxConfig is the htmx configuration in every page's head: no eval, no
// script tags, and 422 answers (forms with errors) are swapped in.
const htmxConfig = `{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"422","swap":true},{"code":"[45]..","swap":false,"error":true}]}`

// barWidth is a fraction as a bar width in percent, 0..100 ("57.0%").
func barWidth(f float64) string {
	if math.IsNaN(f) {
		f = 0
	}
	return strconv.FormatFloat(math.Max(0, math.Min(1, f))*100, 'f', 1, 64) + "%"
}

// action is where the follow button posts.
func (b followButton) action() string {
	if b.Following {
		return "/unfollow"
	}
	return "/follow"
}

func itoa(n int) string { return strconv.Itoa(n) }

// objURL is the address of an objective's page; krURL of a key result on it.
func objURL(id int64) templ.SafeURL { return templ.SafeURL("/objectives/" + idStr(id)) }

func krURL(obj, kr int64) templ.SafeURL {
	return templ.SafeURL("/objectives/" + idStr(obj) + "#kr-" + idStr(kr))
}

// isoTime is a time for a datetime attribute.
func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// orDash is s, or a dash when s is empty.
func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
