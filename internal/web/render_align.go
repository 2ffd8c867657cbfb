package web

import (
	"html/template"
	"strconv"
	"strings"
)

// The alignment tree (templates/alignment.html) lists a node per unit and
// person with their objectives: a department's level is some 100 nodes and
// 60 objectives, and executed by html/template it spent four fifths of the
// request in the template. AlignNode and AlignContents write the same
// bytes as the "anode" and "anode-contents" templates did
// (render_pages_test.go holds them and compares).

// AlignNode is node n of the alignment tree: an <li> with a <details>
// whose body is n's contents when n is loaded, else a link to it.
func (p *Page) AlignNode(n *alignNode) template.HTML {
	var b strings.Builder
	b.Grow(1200 + 700*len(n.Objs) + 1100*len(n.Children))
	p.writeAlignNode(&b, n)
	return template.HTML(b.String())
}

// AlignContents is what node n holds: its objectives, then its children.
func (p *Page) AlignContents(n *alignNode) template.HTML {
	var b strings.Builder
	b.Grow(200 + 700*len(n.Objs) + 1100*len(n.Children))
	p.writeAlignContents(&b, n)
	return template.HTML(b.String())
}

func (p *Page) writeAlignNode(b *strings.Builder, n *alignNode) {
	b.WriteString("\n<li>\n  <details id=\"node-")
	writeHTML(b, n.ID)
	b.WriteString(`"`)
	if n.Depth == 0 {
		b.WriteString(` open`)
	}
	if !n.Loaded {
		b.WriteString(` hx-get="`)
		writeHTML(b, n.LoadURL)
		b.WriteString(`" hx-trigger="toggle once" hx-target="find .node-body" hx-swap="innerHTML"`)
	}
	b.WriteString(">\n    <summary>\n      <span class=\"node-name\"><span class=\"badge\">")
	writeHTML(b, p.L.T("level."+string(n.Level)))
	b.WriteString(`</span>`)
	writeHTML(b, n.Name)
	b.WriteString(`<span class="node-sub">`)
	writeHTML(b, p.L.N("overview.n_objectives", n.Count))
	b.WriteString("</span></span>\n      ")
	if n.Count != 0 {
		b.WriteString(`<span class="node-side">`)
		p.writePill(b, n.Status)
		p.writeBar(b, n.Rollup, n.Expected, n.Status, false)
		b.WriteString(`</span>`)
	} else {
		b.WriteString(`<span class="small muted">–</span>`)
	}
	b.WriteString("\n    </summary>\n    <div class=\"node-body\">\n      ")
	if n.Loaded {
		p.writeAlignContents(b, n)
	} else {
		b.WriteString(`<p class="more"><a href="`)
		writeURLAttr(b, n.Link)
		b.WriteString(`">`)
		writeHTML(b, p.L.T("alignment.open", "Name", n.Name))
		b.WriteString(`</a></p>`)
	}
	b.WriteString("\n    </div>\n  </details>\n</li>\n")
}

func (p *Page) writeAlignContents(b *strings.Builder, n *alignNode) {
	b.WriteString("\n")
	if len(n.Objs) > 0 {
		b.WriteString(`<ul class="node-objs" aria-label="`)
		writeHTML(b, p.L.T("alignment.objs_of", "Name", n.Name))
		b.WriteString(`">`)
		for _, o := range n.Objs {
			p.writeAlignObjective(b, o)
		}
		b.WriteString("\n</ul>")
	} else if len(n.Children) == 0 {
		b.WriteString(`<p class="small muted node-objs">`)
		writeHTML(b, p.L.T("alignment.no_objs"))
		b.WriteString(`</p>`)
	}
	b.WriteString("\n")
	if len(n.Children) > 0 {
		b.WriteString(`<ul>`)
		for _, c := range n.Children {
			p.writeAlignNode(b, c)
		}
		b.WriteString(`</ul>`)
	}
	b.WriteString("\n")
}

// writeAlignObjective writes one objective of a node: its title, draft
// pill and links, then its status and progress.
func (p *Page) writeAlignObjective(b *strings.Builder, o *ObjView) {
	draft := o.Draft()
	b.WriteString("\n  <li class=\"tree-obj\">\n    <span><a href=\"/objectives/")
	b.WriteString(strconv.FormatInt(o.O.ID, 10))
	b.WriteString(`">`)
	writeHTML(b, o.O.Title)
	b.WriteString(`</a>`)
	if draft {
		b.WriteString(` `)
		p.writeDraftPill(b)
	}
	b.WriteString("\n      ")
	if o.Parent != nil || len(o.Contribs) > 0 {
		b.WriteString(`<span class="links">`)
		if o.Parent != nil {
			b.WriteString(`↑ `)
			writeHTML(b, p.L.T("word.parent"))
			b.WriteString(`: <a href="/objectives/`)
			b.WriteString(strconv.FormatInt(o.Parent.O.ID, 10))
			b.WriteString(`">`)
			writeHTML(b, o.Parent.O.Title)
			b.WriteString(`</a>`)
		}
		if o.Parent != nil && len(o.Contribs) > 0 {
			b.WriteString(` · `)
		}
		if len(o.Contribs) > 0 {
			b.WriteString(`→ `)
			writeHTML(b, p.L.T("word.contributes"))
			b.WriteString(`: `)
			for i, c := range o.Contribs {
				if i > 0 {
					b.WriteString(`, `)
				}
				b.WriteString(`<a href="/objectives/`)
				b.WriteString(strconv.FormatInt(c.O.ID, 10))
				b.WriteString(`">`)
				writeHTML(b, c.O.Title)
				b.WriteString(`</a>`)
			}
		}
		b.WriteString(`</span>`)
	}
	b.WriteString("\n    </span>\n    <span class=\"node-side\">")
	if !draft {
		p.writePill(b, o.Status)
	}
	p.writeBar(b, o.Shown(), o.Expected, o.Status, false)
	b.WriteString("</span>\n  </li>")
}
