package web

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// The weekly check-in form (templates/checkin.html) has a section per
// objective and some forty fields per key result; executed by html/template
// the sections took most of the request. CheckInGroup writes the same
// bytes as the template's loop over the groups did (render_pages_test.go
// holds it and compares).

// CheckInGroup is one objective's section of the check-in form: a heading
// and, per key result, its figures and its fields as row holds them.
func (p *Page) CheckInGroup(g *checkInGroup) template.HTML {
	var b strings.Builder
	b.Grow(600 + 3200*len(g.Rows))
	o := g.O
	id := strconv.FormatInt(o.O.ID, 10)
	b.WriteString("\n  <section class=\"card ci\" aria-labelledby=\"ci-obj-")
	b.WriteString(id)
	b.WriteString("\">\n    <div class=\"ci-head\">\n      <p class=\"obj-meta\"><span class=\"badge\">")
	writeHTML(&b, p.L.T("level."+string(o.Owner.Level)))
	b.WriteString(`</span><span>`)
	writeHTML(&b, o.Owner.Name)
	b.WriteString("</span></p>\n      <h2 id=\"ci-obj-")
	b.WriteString(id)
	b.WriteString(`"><a href="/objectives/`)
	b.WriteString(id)
	b.WriteString(`">`)
	writeHTML(&b, o.O.Title)
	b.WriteString("</a></h2>\n    </div>\n    <ul class=\"krs\">\n    ")
	for _, row := range g.Rows {
		p.writeCheckInRow(&b, row)
	}
	b.WriteString("\n    </ul>\n  </section>\n  ")
	return template.HTML(b.String())
}

// writeCheckInRow writes one key result's item of the form.
func (p *Page) writeCheckInRow(b *strings.Builder, row *checkInRow) {
	kr := &row.K.KR
	id := strconv.FormatInt(kr.ID, 10)
	// hidden is the key result's title for screen readers after a label.
	hidden := func() {
		b.WriteString(`<span class="visually-hidden"> – `)
		writeHTML(b, kr.Title)
		b.WriteString(`</span>`)
	}
	b.WriteString("\n      <li class=\"ci-kr\" id=\"ci-kr-")
	b.WriteString(id)
	b.WriteString("\">\n        <div class=\"ci-kr-head\">\n          <h3 class=\"kr-title\" id=\"ci-kr-")
	b.WriteString(id)
	b.WriteString(`-t">`)
	writeHTML(b, kr.Title)
	b.WriteString("</h3>\n          <p class=\"kr-facts mb-0\"><span>")
	writeHTML(b, p.L.T("word.current"))
	b.WriteString(`: <span class="val">`)
	writeHTML(b, p.Current(kr))
	b.WriteString(`</span></span><span>`)
	writeHTML(b, p.Goal(kr))
	b.WriteString(`</span>`)
	p.writePill(b, row.K.Status)
	b.WriteString(`<span>`)
	if kr.LastCheckInAt != nil {
		writeHTML(b, p.L.T("checkin.last", "Date", p.L.Date(*kr.LastCheckInAt)))
	} else {
		writeHTML(b, p.L.T("checkin.never"))
	}
	b.WriteString("</span></p>\n        </div>\n        <div class=\"ci-body\">\n          ")
	switch kr.Metric.Kind {
	case okr.MetricBoolean:
		b.WriteString("\n          <fieldset class=\"mb-0\">\n            <legend>")
		writeHTML(b, p.L.T("checkin.done_q"))
		hidden()
		b.WriteString("</legend>\n            <div class=\"choices\">\n              <label class=\"choice\"><input type=\"radio\" name=\"done-")
		b.WriteString(id)
		b.WriteString(`" value="1"`)
		if row.Done {
			b.WriteString(` checked`)
		}
		b.WriteString(`> `)
		writeHTML(b, p.L.T("word.yes"))
		b.WriteString("</label>\n              <label class=\"choice\"><input type=\"radio\" name=\"done-")
		b.WriteString(id)
		b.WriteString(`" value="0"`)
		if !row.Done {
			b.WriteString(` checked`)
		}
		b.WriteString(`> `)
		writeHTML(b, p.L.T("word.no"))
		b.WriteString("</label>\n            </div>\n          </fieldset>\n          ")
	case okr.MetricMilestones:
		b.WriteString("\n          <fieldset class=\"mb-0\">\n            <legend>")
		writeHTML(b, p.L.T("metric.milestones"))
		hidden()
		b.WriteString("</legend>\n            <input type=\"hidden\" name=\"milestones-")
		b.WriteString(id)
		b.WriteString("\" value=\"1\">\n            ")
		for _, m := range kr.Milestones {
			b.WriteString(`<label class="check"><input type="checkbox" name="milestone-`)
			b.WriteString(id)
			b.WriteString(`" value="`)
			b.WriteString(strconv.FormatInt(m.ID, 10))
			b.WriteString(`"`)
			if row.Milestones[m.ID] {
				b.WriteString(` checked`)
			}
			b.WriteString(`> `)
			writeHTML(b, m.Title)
			b.WriteString(`</label>`)
		}
		b.WriteString("\n          </fieldset>\n          ")
	default:
		b.WriteString("\n          <div class=\"field\">\n            <label for=\"value-")
		b.WriteString(id)
		b.WriteString(`">`)
		writeHTML(b, p.L.T("checkin.new_value"))
		hidden()
		b.WriteString("</label>\n            <div class=\"input-unit\"><input id=\"value-")
		b.WriteString(id)
		b.WriteString(`" name="value-`)
		b.WriteString(id)
		b.WriteString(`" type="text" inputmode="decimal" autocomplete="off" value="`)
		writeHTML(b, row.Value)
		b.WriteString(`" placeholder="`)
		writeHTML(b, p.InputValue(kr.Current))
		b.WriteString(`" aria-describedby="value-`)
		b.WriteString(id)
		b.WriteString(`-hint`)
		if row.ValueErr != "" {
			b.WriteString(` value-`)
			b.WriteString(id)
			b.WriteString(`-err`)
		}
		b.WriteString(`"`)
		if row.ValueErr != "" {
			b.WriteString(` aria-invalid="true"`)
		}
		b.WriteString(`>`)
		if u := p.UnitSuffix(kr.Metric.Unit); u != "" {
			b.WriteString(`<span>`)
			writeHTML(b, u)
			b.WriteString(`</span>`)
		}
		b.WriteString("</div>\n            <span class=\"hint\" id=\"value-")
		b.WriteString(id)
		b.WriteString(`-hint">`)
		writeHTML(b, p.L.T("checkin.value_hint"))
		b.WriteString("</span>\n            ")
		if row.ValueErr != "" {
			b.WriteString(`<p class="field-error" id="value-`)
			b.WriteString(id)
			b.WriteString(`-err">`)
			writeHTML(b, row.ValueErr)
			b.WriteString(`</p>`)
		}
		b.WriteString("\n          </div>\n          ")
	}
	b.WriteString("\n          <fieldset class=\"mb-0\">\n            <legend>")
	writeHTML(b, p.L.T("confidence.label"))
	hidden()
	b.WriteString("</legend>\n            <div class=\"choices\">\n              ")
	for _, c := range []okr.Confidence{okr.OnTrack, okr.AtRisk, okr.OffTrack} {
		b.WriteString(`<label class="choice"><input type="radio" name="confidence-`)
		b.WriteString(id)
		b.WriteString(`" value="`)
		writeHTML(b, string(c))
		b.WriteString(`"`)
		if string(c) == row.Confidence {
			b.WriteString(` checked`)
		}
		b.WriteString(`> `)
		writeHTML(b, p.L.T("confidence."+string(c)))
		b.WriteString(`</label>`)
	}
	b.WriteString("\n            </div>\n          </fieldset>\n          <div class=\"field wide\">\n            <label for=\"comment-")
	b.WriteString(id)
	b.WriteString(`">`)
	writeHTML(b, p.L.T("word.comment"))
	hidden()
	b.WriteString("</label>\n            <textarea id=\"comment-")
	b.WriteString(id)
	b.WriteString(`" name="comment-`)
	b.WriteString(id)
	b.WriteString(`" rows="2"`)
	if row.CommentErr != "" {
		b.WriteString(` aria-invalid="true" aria-describedby="comment-`)
		b.WriteString(id)
		b.WriteString(`-err"`)
	}
	b.WriteString(`>`)
	writeHTML(b, row.Comment)
	b.WriteString("</textarea>\n            ")
	if row.CommentErr != "" {
		b.WriteString(`<p class="field-error" id="comment-`)
		b.WriteString(id)
		b.WriteString(`-err">`)
		writeHTML(b, row.CommentErr)
		b.WriteString(`</p>`)
	}
	b.WriteString("\n          </div>\n        </div>\n      </li>\n    ")
}
