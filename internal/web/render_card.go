package web

import (
	"html/template"
	"strconv"
	"strings"
)

// An objective's card ("objcard") is the unit of every list page: the
// company overview, a unit's and a person's page, My OKRs. Executed by
// html/template it cost about 200 µs per card (reflection and an escaper
// call per action), half the time of a department's overview. Card writes
// the same bytes directly; render_card_test.go holds the template it
// replaces and requires identical output.
//
// The card is written in two kinds of pieces. cardKRs is what follows from
// the objective and its key results alone, for a given language; writeCard
// adds the rest around it: the owner's badge and link, the parent, the
// status pills, progress bars and the roll-up.

// Card is the card of objective o with its title as heading h ("h2" or
// "h3"; anything else is "h3").
func (p *Page) Card(o *ObjView, h string) template.HTML {
	var b strings.Builder
	b.Grow(900 + 1100*len(o.KRs))
	p.writeCard(&b, o, h, p.cachedCardKRs(o))
	return template.HTML(b.String())
}

// Cards are the cards of objs one after another, each as Card writes it:
// one call from a template instead of one per objective.
func (p *Page) Cards(objs []*ObjView, h string) template.HTML {
	var b strings.Builder
	n := 0
	for _, o := range objs {
		n += 900 + 1100*len(o.KRs)
	}
	b.Grow(n)
	for _, o := range objs {
		p.writeCard(&b, o, h, p.cachedCardKRs(o))
	}
	return template.HTML(b.String())
}

// cardParts is the part of an objective's card that depends only on the
// objective, its key results and the page's language: the title link and
// each key result's list item up to where its status goes. Nothing in it
// depends on the clock (key results' status and expected progress), the
// objective's place on a board (parent, roll-up) or the owner's link, so
// it may be kept per objective, language and content revision
// (okr.Objective.Rev). One exception to keep in mind: the names of key
// result owners other than the objective's owner come from the directory,
// and a renamed person or unit does not change the revision.
type cardParts struct {
	title string   // <a href="/objectives/7">Title</a>
	krs   []string // per key result, in order: its <li> up to its status pill
}

// cardKRs renders the parts of o's card that follow from the objective and
// its key results (see cardParts).
func (p *Page) cardKRs(o *ObjView) cardParts {
	id := strconv.FormatInt(o.O.ID, 10)
	var b strings.Builder
	b.Grow(40 + len(o.O.Title))
	b.WriteString(`<a href="/objectives/`)
	b.WriteString(id)
	b.WriteString(`">`)
	writeHTML(&b, o.O.Title)
	b.WriteString(`</a>`)
	parts := cardParts{title: b.String()}
	if len(o.KRs) == 0 {
		return parts
	}
	parts.krs = make([]string, len(o.KRs))
	for i, k := range o.KRs {
		var b strings.Builder
		b.Grow(420 + len(k.KR.Title))
		b.WriteString("<li class=\"kr\">\n      <div>\n        <p class=\"kr-title\"><a href=\"/objectives/")
		b.WriteString(id)
		b.WriteString(`#kr-`)
		b.WriteString(strconv.FormatInt(k.KR.ID, 10))
		b.WriteString(`">`)
		writeHTML(&b, k.KR.Title)
		b.WriteString("</a></p>\n        <p class=\"kr-facts mb-0\"><span class=\"val\">")
		writeHTML(&b, p.Current(&k.KR))
		b.WriteString(`</span><span>`)
		writeHTML(&b, p.Goal(&k.KR))
		b.WriteString(`</span>`)
		if k.Owner.Name != o.Owner.Name {
			b.WriteString(`<span>`)
			writeHTML(&b, k.Owner.Name)
			b.WriteString(`</span>`)
		}
		p.writeConf(&b, k.KR.Confidence)
		b.WriteString("</p>\n      </div>\n      <div class=\"kr-side\">\n        ")
		parts.krs[i] = b.String()
	}
	return parts
}

// writeCard writes o's card around parts, which is p.cardKRs(o) (parts
// that do not fit o's key results are made again).
func (p *Page) writeCard(b *strings.Builder, o *ObjView, h string, parts cardParts) {
	if len(parts.krs) != len(o.KRs) {
		parts = p.cardKRs(o)
	}
	id := strconv.FormatInt(o.O.ID, 10)
	if h != "h2" {
		h = "h3"
	}
	b.WriteString("\n<article class=\"card obj\" aria-labelledby=\"obj-")
	b.WriteString(id)
	b.WriteString("-t\">\n  <div class=\"obj-head\">\n    <div>\n      <p class=\"obj-meta\"><span class=\"badge\">")
	writeHTML(b, p.L.T("level."+string(o.Owner.Level)))
	b.WriteString(`</span><span>`)
	if o.Owner.Href != "" {
		b.WriteString(`<a href="`)
		writeURLAttr(b, o.Owner.Href)
		b.WriteString(`">`)
		writeHTML(b, o.Owner.Name)
		b.WriteString(`</a>`)
	} else {
		writeHTML(b, o.Owner.Name)
	}
	b.WriteString(`</span>`)
	if o.Parent != nil {
		b.WriteString(`<span>↑ <a href="/objectives/`)
		b.WriteString(strconv.FormatInt(o.Parent.O.ID, 10))
		b.WriteString(`">`)
		writeHTML(b, o.Parent.O.Title)
		b.WriteString(`</a></span>`)
	}
	b.WriteString("</p>\n      <")
	b.WriteString(h)
	b.WriteString(` class="obj-title" id="obj-`)
	b.WriteString(id)
	b.WriteString(`-t">`)
	b.WriteString(parts.title)
	b.WriteString(`</`)
	b.WriteString(h)
	b.WriteString(">\n    </div>\n    <div class=\"obj-side\">\n      ")
	draft := o.Draft()
	if draft {
		p.writeDraftPill(b)
	} else {
		p.writePill(b, o.Status)
	}
	b.WriteString("\n      ")
	p.writeBar(b, o.Shown(), o.Expected, o.Status, false)
	b.WriteString("\n      ")
	if o.HasRollup && o.HasKRs {
		b.WriteString(`<span class="small muted">`)
		writeHTML(b, p.L.T("word.rollup"))
		b.WriteString(`: `)
		writeHTML(b, p.L.Pct(o.Rollup))
		b.WriteString(`</span>`)
	}
	b.WriteString("\n    </div>\n  </div>\n  ")
	if len(o.KRs) == 0 {
		b.WriteString(`<p class="kr muted small mb-0">`)
		writeHTML(b, p.L.T("obj.no_krs"))
		b.WriteString(`</p>`)
	} else {
		b.WriteString(`<ul class="krs" aria-label="`)
		writeHTML(b, p.L.T("word.key_results"))
		b.WriteString("\">\n    ")
		for i, k := range o.KRs {
			b.WriteString(parts.krs[i])
			if !draft {
				p.writePill(b, k.Status)
			}
			b.WriteString("\n        ")
			p.writeBar(b, k.Progress, k.Expected, k.Status, false)
			b.WriteString("\n      </div>\n    </li>")
		}
		b.WriteString("\n  </ul>")
	}
	b.WriteString("\n</article>")
}

// writeDraftPill writes the pill of an unpublished objective.
func (p *Page) writeDraftPill(b *strings.Builder) {
	b.WriteString(`<span class="pill pill-draft">`)
	writeHTML(b, p.L.T("state.draft"))
	b.WriteString(`</span>`)
}
