package web

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// objectiveContent writes the objective page's content: the head, the
// facts, the numbers with their explanations, the children and the key
// results' panels (d.Panels). Executed as a template, this part alone cost
// more than the cached panels it wraps; objcache_test.go holds the output
// to the template it replaces (testdata/objective_reference.html).
func (p *Page) objectiveContent(d *objectiveData) template.HTML {
	b := &strings.Builder{}
	b.Grow(len(d.Panels) + 8*1024 + 600*len(d.O.Children))
	p.writeObjectiveHead(b, d)
	p.writeObjectiveFacts(b, d)
	p.writeObjectiveNumbers(b, d)
	o := d.O
	if len(o.Children) > 0 {
		b.WriteString("\n<section class=\"section\" aria-labelledby=\"children-h\">\n  <div class=\"section-head\"><h2 id=\"children-h\">")
		writeHTML(b, p.L.T("word.children"))
		b.WriteString(`</h2><p>`)
		writeHTML(b, p.L.T("obj.children_note"))
		b.WriteString("</p></div>\n  <div class=\"card\"><ul class=\"krs\">")
		p.writeObjectiveChildren(b, o)
		b.WriteString("</ul></div>\n</section>\n")
	}
	b.WriteString("\n\n<section class=\"section\" aria-labelledby=\"krs-h\">\n  <div class=\"section-head\"><h2 id=\"krs-h\">")
	writeHTML(b, p.L.T("word.key_results"))
	b.WriteString(`</h2>`)
	if !o.Draft() {
		b.WriteString(`<a class="btn btn-secondary btn-small" href="/checkin">`)
		writeHTML(b, p.L.T("nav.checkin"))
		b.WriteString(`</a>`)
	}
	b.WriteString("</div>\n  ")
	if len(o.KRs) > 0 {
		b.WriteString(string(d.Panels))
	} else {
		b.WriteString(`<p class="empty">`)
		writeHTML(b, p.L.T("obj.no_krs"))
		b.WriteString(`</p>`)
	}
	b.WriteString("\n</section>\n")
	return template.HTML(b.String())
}

// writeObjectiveHead writes the period, level, owner, title, status and
// buttons.
func (p *Page) writeObjectiveHead(b *strings.Builder, d *objectiveData) {
	o := d.O
	b.WriteString("\n<div class=\"page-head\">\n  <div>\n    <p class=\"eyebrow\"><a href=\"/overview?period=")
	b.WriteString(strconv.FormatInt(d.Period.ID, 10))
	b.WriteString(`">`)
	writeHTML(b, d.Period.Name)
	b.WriteString(`</a> · `)
	writeHTML(b, p.L.T("level."+string(o.Owner.Level)))
	b.WriteString(` · `)
	p.writeOwner(b, &o.Owner)
	b.WriteString("</p>\n    <h1>")
	writeHTML(b, o.O.Title)
	b.WriteString("</h1>\n    <p class=\"lede row\">")
	if o.Draft() {
		p.writeDraftPill(b)
	} else {
		p.writePill(b, o.Status)
	}
	if o.O.State == okr.StateClosed {
		b.WriteString(`<span class="pill pill-plain">`)
		writeHTML(b, p.L.T("state.closed"))
		b.WriteString(`</span>`)
	}
	if o.O.Archived {
		b.WriteString(`<span class="pill pill-plain">`)
		writeHTML(b, p.L.T("obj.archived"))
		b.WriteString(`</span>`)
	}
	b.WriteString("</p>\n  </div>\n  <div class=\"row\">\n    ")
	if d.CanEdit {
		b.WriteString(`<a class="btn" href="/objectives/`)
		b.WriteString(strconv.FormatInt(o.O.ID, 10))
		b.WriteString(`/edit">`)
		writeHTML(b, p.L.T("word.edit"))
		b.WriteString(`</a>`)
	}
	b.WriteString("\n    <a class=\"btn btn-secondary\" href=\"/history/objective/")
	b.WriteString(strconv.FormatInt(o.O.ID, 10))
	b.WriteString(`">`)
	writeHTML(b, p.L.T("obj.history"))
	b.WriteString("</a>\n  </div>\n</div>\n\n")
}

// writeOwner writes an owner's name, linked to their page when they have
// one.
func (p *Page) writeOwner(b *strings.Builder, o *Owner) {
	if o.Href == "" {
		writeHTML(b, o.Name)
		return
	}
	b.WriteString(`<a href="`)
	writeURLAttr(b, o.Href)
	b.WriteString(`">`)
	writeHTML(b, o.Name)
	b.WriteString(`</a>`)
}

// writeObjectiveFacts writes the description and the facts list.
func (p *Page) writeObjectiveFacts(b *strings.Builder, d *objectiveData) {
	o := d.O
	b.WriteString("<div class=\"grid-2 section\">\n  <div class=\"card card-pad\">\n    <h2 class=\"visually-hidden\">")
	writeHTML(b, p.L.T("obj.about"))
	b.WriteString("</h2>\n    ")
	if o.O.Description != "" {
		b.WriteString(`<p class="description">`)
		writeHTML(b, o.O.Description)
	} else {
		b.WriteString(`<p class="muted">`)
		writeHTML(b, p.L.T("obj.no_description"))
	}
	b.WriteString("</p>\n    <dl class=\"facts\">\n      <dt>")
	writeHTML(b, p.L.T("word.owner"))
	b.WriteString(`</dt><dd>`)
	p.writeOwner(b, &o.Owner)
	b.WriteString(` <span class="muted">(`)
	writeHTML(b, p.L.T("level."+string(o.Owner.Level)))
	b.WriteString(")</span></dd>\n      <dt>")
	writeHTML(b, p.L.T("word.period"))
	b.WriteString(`</dt><dd>`)
	writeHTML(b, d.Period.Name)
	b.WriteString(` <span class="muted">(`)
	writeHTML(b, p.L.Date(d.Period.Start))
	b.WriteString(` – `)
	writeHTML(b, p.L.Date(d.Period.End))
	b.WriteString(")</span></dd>\n      <dt>")
	writeHTML(b, p.L.T("word.parent"))
	b.WriteString(`</dt><dd>`)
	if o.Parent != nil {
		writeObjectiveLink(b, o.Parent)
	} else {
		b.WriteString(`<span class="muted">`)
		writeHTML(b, p.L.T("word.none"))
		b.WriteString(`</span>`)
	}
	b.WriteString("</dd>\n      <dt>")
	writeHTML(b, p.L.T("word.contributes"))
	b.WriteString(`</dt><dd>`)
	for i, c := range o.Contribs {
		if i > 0 {
			b.WriteString(", ")
		}
		writeObjectiveLink(b, c)
	}
	if len(o.Contribs) == 0 {
		b.WriteString(`<span class="muted">`)
		writeHTML(b, p.L.T("word.none"))
		b.WriteString(`</span>`)
	}
	b.WriteString("</dd>\n      ")
	if len(o.ContribBy) > 0 {
		b.WriteString(`<dt>`)
		writeHTML(b, p.L.T("obj.contributed_by"))
		b.WriteString(`</dt><dd>`)
		for i, c := range o.ContribBy {
			if i > 0 {
				b.WriteString(", ")
			}
			writeObjectiveLink(b, c)
		}
		b.WriteString(`</dd>`)
	}
	b.WriteString("\n      <dt>")
	writeHTML(b, p.L.T("word.weight"))
	b.WriteString(`</dt><dd>`)
	writeHTML(b, p.L.Number(o.O.Weight, 2))
	b.WriteString("</dd>\n    </dl>\n  </div>\n")
}

// writeObjectiveLink writes a link to objective o titled with its title.
func writeObjectiveLink(b *strings.Builder, o *ObjView) {
	b.WriteString(`<a href="/objectives/`)
	b.WriteString(strconv.FormatInt(o.O.ID, 10))
	b.WriteString(`">`)
	writeHTML(b, o.O.Title)
	b.WriteString(`</a>`)
}

// writeObjectiveNumbers writes own progress, roll-up and expected progress
// with their explanations.
func (p *Page) writeObjectiveNumbers(b *strings.Builder, d *objectiveData) {
	o := d.O
	b.WriteString("  <section class=\"card card-pad stack\" aria-labelledby=\"numbers-h\">\n    <h2 id=\"numbers-h\" class=\"mb-0\">")
	writeHTML(b, p.L.T("word.progress"))
	b.WriteString("</h2>\n    <div>\n      <p class=\"label\">")
	writeHTML(b, p.L.T("obj.own_progress"))
	b.WriteString("</p>\n      ")
	p.writeBar(b, o.Progress, o.Expected, o.Status, true)
	b.WriteString("\n      ")
	p.writeWhy(b, &d.WhyOwn)
	b.WriteString("\n    </div>\n    <div>\n      <p class=\"label\">")
	writeHTML(b, p.L.T("word.rollup"))
	b.WriteString("</p>\n      ")
	if o.HasRollup {
		p.writeBar(b, o.Rollup, o.Expected, o.Status, true)
	} else {
		b.WriteString(`<p class="muted small mb-0">`)
		writeHTML(b, p.L.T("why.no_children"))
		b.WriteString(`</p>`)
	}
	b.WriteString("\n      ")
	if o.HasRollup {
		p.writeWhy(b, &d.WhyRollup)
	}
	b.WriteString("\n    </div>\n    <div>\n      <p class=\"label\">")
	writeHTML(b, p.L.T("word.expected"))
	b.WriteString("</p>\n      <p class=\"mb-0 num\">")
	writeHTML(b, p.pct(o.Expected))
	b.WriteString("</p>\n      ")
	p.writeWhy(b, &d.WhyExpected)
	b.WriteString("\n    </div>\n  </section>\n</div>\n\n")
}

// writeObjectiveChildren writes the objectives aligned below o, each with
// its owner, status and progress.
func (p *Page) writeObjectiveChildren(b *strings.Builder, o *ObjView) {
	for _, c := range o.Children {
		b.WriteString("<li class=\"kr\">\n    <div><p class=\"kr-title\"><a href=\"/objectives/")
		b.WriteString(strconv.FormatInt(c.O.ID, 10))
		b.WriteString(`">`)
		writeHTML(b, c.O.Title)
		b.WriteString(`</a></p><p class="kr-facts mb-0"><span class="badge">`)
		writeHTML(b, p.L.T("level."+string(c.Owner.Level)))
		b.WriteString(`</span><span>`)
		writeHTML(b, c.Owner.Name)
		b.WriteString("</span></p></div>\n    <div class=\"kr-side\">")
		if c.Draft() {
			p.writeDraftPill(b)
		} else {
			p.writePill(b, c.Status)
		}
		p.writeBar(b, c.Shown(), c.Expected, c.Status, false)
		b.WriteString("</div>\n  </li>")
	}
}
