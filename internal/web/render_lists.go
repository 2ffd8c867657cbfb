package web

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// Smaller lists of the overview, home and person pages, written in Go for
// the reason render_card.go gives: the overview's unit and person pickers
// (a few hundred options), the key results due for a check-in and the key
// results someone owns in others' objectives. Each writes the bytes its
// template loop wrote (render_pages_test.go holds the loops and compares).

// UnitOptions are the <option>s of a unit picker, selected marked.
func (p *Page) UnitOptions(units []unitOption, selected int64) template.HTML {
	var b strings.Builder
	b.Grow(60 * len(units))
	for _, u := range units {
		writeOption(&b, u.Unit.ID, selected, u.Label)
	}
	return template.HTML(b.String())
}

// PersonOptions are the <option>s of a person picker, selected marked.
func (p *Page) PersonOptions(people []*okr.Person, selected int64) template.HTML {
	var b strings.Builder
	b.Grow(50 * len(people))
	for _, person := range people {
		writeOption(&b, person.ID, selected, person.Name)
	}
	return template.HTML(b.String())
}

func writeOption(b *strings.Builder, id, selected int64, label string) {
	b.WriteString(`<option value="`)
	b.WriteString(strconv.FormatInt(id, 10))
	b.WriteString(`"`)
	if id == selected {
		b.WriteString(` selected`)
	}
	b.WriteString(`>`)
	writeHTML(b, label)
	b.WriteString(`</option>`)
}

// DueRows are the table rows of key results due for a check-in: the key
// result with its objective, its latest value and its latest check-in.
func (p *Page) DueRows(krs []*KRView) template.HTML {
	var b strings.Builder
	b.Grow(400 * len(krs))
	for _, k := range krs {
		b.WriteString("<tr>\n      <td>")
		writeKRLink(&b, k)
		b.WriteString(`<span class="hint">`)
		writeHTML(&b, k.Obj.O.Title)
		b.WriteString("</span></td>\n      <td class=\"nowrap\">")
		writeHTML(&b, p.Current(&k.KR))
		b.WriteString("</td>\n      <td class=\"nowrap\">")
		if k.KR.LastCheckInAt != nil {
			writeHTML(&b, p.L.Date(*k.KR.LastCheckInAt))
		} else {
			writeHTML(&b, p.L.T("home.never"))
		}
		b.WriteString("</td>\n    </tr>")
	}
	return template.HTML(b.String())
}

// OtherKRs are the list items of key results someone owns in objectives
// they do not own: figures, the objective's title, status and progress.
func (p *Page) OtherKRs(krs []*KRView) template.HTML {
	var b strings.Builder
	b.Grow(900 * len(krs))
	for _, k := range krs {
		b.WriteString("<li class=\"kr\">\n    <div><p class=\"kr-title\">")
		writeKRLink(&b, k)
		b.WriteString("</p>\n    <p class=\"kr-facts mb-0\"><span class=\"val\">")
		writeHTML(&b, p.Current(&k.KR))
		b.WriteString(`</span><span>`)
		writeHTML(&b, p.Goal(&k.KR))
		b.WriteString(`</span><span>`)
		writeHTML(&b, p.L.T("word.objective"))
		b.WriteString(`: `)
		writeHTML(&b, k.Obj.O.Title)
		b.WriteString("</span></p></div>\n    <div class=\"kr-side\">")
		p.writePill(&b, k.Status)
		p.writeBar(&b, k.Progress, k.Expected, k.Status, false)
		b.WriteString("</div>\n  </li>")
	}
	return template.HTML(b.String())
}

// writeKRLink writes the link to key result k on its objective's page.
func writeKRLink(b *strings.Builder, k *KRView) {
	b.WriteString(`<a href="/objectives/`)
	b.WriteString(strconv.FormatInt(k.Obj.O.ID, 10))
	b.WriteString(`#kr-`)
	b.WriteString(strconv.FormatInt(k.KR.ID, 10))
	b.WriteString(`">`)
	writeHTML(b, k.KR.Title)
	b.WriteString(`</a>`)
}
