package web

import (
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// The status pill, the progress bar and the confidence note appear once or
// twice per key result on every list page. As named templates called with
// dict they cost a map, a template call and a dozen reflective lookups
// each: most of the rendering time of a department's overview (60
// objectives, 200 key results). These methods write the same markup
// directly; the named templates "pill", "bar" and "conf" call them.

// Pill is a status pill: <span class="pill pill-behind">Behind</span>.
func (p *Page) Pill(s okr.Status) template.HTML {
	var b strings.Builder
	b.WriteString(`<span class="pill pill-`)
	b.WriteString(template.HTMLEscapeString(string(s)))
	b.WriteString(`">`)
	b.WriteString(template.HTMLEscapeString(p.L.T("status." + string(s))))
	b.WriteString(`</span>`)
	return template.HTML(b.String())
}

// Bar is a progress bar for progress v (0..1) against expected e (a
// negative e draws no expected line), coloured by status s; lg makes it
// larger.
func (p *Page) Bar(v, e float64, s okr.Status, lg bool) template.HTML {
	var b strings.Builder
	b.Grow(320)
	b.WriteString(`<div class="progress`)
	if lg {
		b.WriteString(` progress-lg`)
	}
	b.WriteString("\">\n<svg class=\"bar bar-")
	b.WriteString(template.HTMLEscapeString(string(s)))
	b.WriteString(`" aria-hidden="true" focusable="false"><rect class="bar-track" width="100%" height="100%" rx="4"/><rect class="bar-fill" width="`)
	b.WriteString(barWidth(v))
	b.WriteString(`%" height="100%" rx="4"/>`)
	if e >= 0 {
		w := barWidth(e)
		b.WriteString(`<line class="bar-expected" x1="`)
		b.WriteString(w)
		b.WriteString(`%" x2="`)
		b.WriteString(w)
		b.WriteString(`%" y1="-3" y2="130%"/>`)
	}
	b.WriteString("</svg>\n<span class=\"pct\">")
	b.WriteString(template.HTMLEscapeString(p.L.Pct(v)))
	b.WriteString(`</span></div>`)
	return template.HTML(b.String())
}

// Conf is a key result's confidence, empty when there is none.
func (p *Page) Conf(c okr.Confidence) template.HTML {
	if c == "" {
		return ""
	}
	cs := string(c)
	return template.HTML(`<span class="conf conf-` + template.HTMLEscapeString(cs) + `">` +
		template.HTMLEscapeString(p.L.T("confidence.label")) + ": " + template.HTMLEscapeString(p.L.T("confidence."+cs)) + `</span>`)
}

// barWidth turns a fraction into a bar width in percent, 0..100, as the
// barw template function does.
func barWidth(f float64) string {
	if math.IsNaN(f) {
		f = 0
	}
	return strconv.FormatFloat(math.Max(0, math.Min(1, f))*100, 'f', 1, 64)
}
