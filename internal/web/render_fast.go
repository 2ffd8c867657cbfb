package web

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/okr-dev/okr/internal/okr"
)

// The status pill, the progress bar and the confidence note appear once or
// twice per key result on every list page. As named templates called with
// dict they cost a map, a template call and a dozen reflective lookups
// each: most of the rendering time of a department's overview (60
// objectives, 200 key results). These methods write the same markup
// directly; the named templates "pill", "bar" and "conf" call them.
//
// Text and attribute values are escaped by writeHTML, which escapes the
// same characters as html/template does in those contexts (including "+"),
// so that Go-rendered pieces are byte for byte what the templates wrote.

// Pill is a status pill: <span class="pill pill-behind">Behind</span>.
func (p *Page) Pill(s okr.Status) template.HTML {
	var b strings.Builder
	p.writePill(&b, s)
	return template.HTML(b.String())
}

func (p *Page) writePill(b *strings.Builder, s okr.Status) {
	b.WriteString(`<span class="pill pill-`)
	writeHTML(b, string(s))
	b.WriteString(`">`)
	writeHTML(b, p.L.T("status."+string(s)))
	b.WriteString(`</span>`)
}

// Bar is a progress bar for progress v (0..1) against expected e (a
// negative e draws no expected line), coloured by status s; lg makes it
// larger.
func (p *Page) Bar(v, e float64, s okr.Status, lg bool) template.HTML {
	var b strings.Builder
	b.Grow(320)
	p.writeBar(&b, v, e, s, lg)
	return template.HTML(b.String())
}

func (p *Page) writeBar(b *strings.Builder, v, e float64, s okr.Status, lg bool) {
	b.WriteString(`<div class="progress`)
	if lg {
		b.WriteString(` progress-lg`)
	}
	b.WriteString("\">\n<svg class=\"bar bar-")
	writeHTML(b, string(s))
	b.WriteString(`" aria-hidden="true" focusable="false"><rect class="bar-track" width="100%" height="100%" rx="4"/><rect class="bar-fill" width="`)
	writeBarWidth(b, v)
	b.WriteString(`%" height="100%" rx="4"/>`)
	if e >= 0 {
		b.WriteString(`<line class="bar-expected" x1="`)
		writeBarWidth(b, e)
		b.WriteString(`%" x2="`)
		writeBarWidth(b, e)
		b.WriteString(`%" y1="-3" y2="130%"/>`)
	}
	b.WriteString("</svg>\n<span class=\"pct\">")
	writeHTML(b, p.pct(v))
	b.WriteString(`</span></div>`)
}

// Conf is a key result's confidence, empty when there is none.
func (p *Page) Conf(c okr.Confidence) template.HTML {
	if c == "" {
		return ""
	}
	var b strings.Builder
	p.writeConf(&b, c)
	return template.HTML(b.String())
}

func (p *Page) writeConf(b *strings.Builder, c okr.Confidence) {
	if c == "" {
		return
	}
	cs := string(c)
	b.WriteString(`<span class="conf conf-`)
	writeHTML(b, cs)
	b.WriteString(`">`)
	writeHTML(b, p.L.T("confidence.label"))
	b.WriteString(": ")
	writeHTML(b, p.L.T("confidence."+cs))
	b.WriteString(`</span>`)
}

// writeBarWidth writes a fraction as a bar width in percent, 0..100, as
// the barw template function does.
func writeBarWidth(b *strings.Builder, f float64) {
	if math.IsNaN(f) {
		f = 0
	}
	var buf [24]byte
	b.Write(strconv.AppendFloat(buf[:0], math.Max(0, math.Min(1, f))*100, 'f', 1, 64))
}

// htmlEscapes are the replacements html/template makes in text and in
// quoted attribute values. template.HTMLEscapeString makes the same ones
// except for "+".
var htmlEscapes = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// writeHTML writes s escaped for HTML text or a quoted attribute value,
// exactly as html/template escapes a string there.
func writeHTML(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if r := htmlEscapes[s[i]]; r != "" {
			b.WriteString(s[last:i])
			b.WriteString(r)
			last = i + 1
		}
	}
	b.WriteString(s[last:])
}

// writeURLAttr writes URL s as the whole value of a quoted href attribute,
// exactly as html/template does: the links the pages build ("/people/7",
// "/alignment?period=1&unit=2") need no more than attribute escaping; any
// other goes through html/template itself (which filters unsafe schemes
// and percent-encodes).
func writeURLAttr(b *strings.Builder, s string) {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '/' || c == '-' || c == '_' || c == '.' || c == '~' || c == '?' || c == '=' || c == '&' || c == '#'
	}
	if plain {
		writeHTML(b, s)
		return
	}
	var out strings.Builder
	if err := hrefTemplate.Execute(&out, s); err != nil {
		b.WriteString("#ZgotmplZ")
		return
	}
	v := out.String()
	b.WriteString(v[len(`<a href="`) : len(v)-len(`">`)])
}

// hrefTemplate escapes one href value the html/template way.
var hrefTemplate = template.Must(template.New("href").Parse(`<a href="{{.}}">`))

// pct is p.L.Pct(v), the whole percentage every progress bar shows,
// remembered per language for the usual figures (0 to 1000 %): formatting
// with golang.org/x/text costs a microsecond or two and a list page has
// hundreds of bars. A figure within 0.49 of a whole percentage rounds to it
// whatever the rounding rule, so it shares that percentage's text; figures
// nearer a half are formatted each time.
func (p *Page) pct(v float64) string {
	r := v * 100
	n := math.Round(r)
	if !(n >= 0 && n <= pctCacheMax && math.Abs(r-n) < 0.49) || v < 0 {
		return p.L.Pct(v)
	}
	key := pctKey{p.L.Lang, int(n)}
	if s, ok := pctCache.Load(key); ok {
		return s.(string)
	}
	s := p.L.Pct(n / 100)
	pctCache.Store(key, s)
	return s
}

const pctCacheMax = 1000

type pctKey struct {
	lang string
	n    int
}

// pctCache holds pct's texts by pctKey.
var pctCache sync.Map
