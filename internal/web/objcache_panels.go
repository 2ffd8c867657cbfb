package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// The key result panels are most of the objective page: for each key
// result its figures, a chart, its explanations, milestones, initiatives,
// check-ins and target changes, some 10 KB each. Executed as templates they
// took most of the page's time (a dict, a template call and reflective
// lookups per value); these functions write the same bytes directly, and
// objcache_test.go holds them to the template they replace
// (testdata/objective_reference.html).

// writeKRPanel writes one key result's panel of objective o, as the
// "krpanel" template did.
func (p *Page) writeKRPanel(b *strings.Builder, k *krDetail, o *ObjView) {
	kr := &k.KR
	b.WriteString("\n<article class=\"card kr-panel\" id=\"kr-")
	b.WriteString(strconv.FormatInt(kr.ID, 10))
	b.WriteString(`" aria-labelledby="kr-`)
	b.WriteString(strconv.FormatInt(kr.ID, 10))
	b.WriteString("-t\">\n  <div class=\"kr-panel-head\">\n    <div>\n      <h3 id=\"kr-")
	b.WriteString(strconv.FormatInt(kr.ID, 10))
	b.WriteString(`-t">`)
	writeHTML(b, kr.Title)
	b.WriteString(`</h3>` + "\n      " + `<p class="kr-facts mb-0"><span class="val">`)
	writeHTML(b, p.Current(kr))
	b.WriteString(`</span><span>`)
	if Numeric(kr) {
		writeHTML(b, p.L.T("metric."+string(kr.Metric.Kind)))
		b.WriteString(": ")
	}
	writeHTML(b, p.Goal(kr))
	b.WriteString(`</span>`)
	if k.ExpectedNow != "" {
		b.WriteString(`<span>`)
		writeHTML(b, p.L.T("obj.expected_now", "Value", k.ExpectedNow))
		b.WriteString(`</span>`)
	}
	b.WriteString(`<span>`)
	writeHTML(b, p.L.T("word.owner"))
	b.WriteString(": ")
	writeHTML(b, k.Owner.Name)
	b.WriteString(`</span>`)
	p.writeConf(b, kr.Confidence)
	b.WriteString("</p>\n    </div>\n    <div class=\"kr-side\">\n      ")
	if !o.Draft() {
		p.writePill(b, k.Status)
	}
	b.WriteString("\n      ")
	p.writeBar(b, k.Progress, k.Expected, k.Status, true)
	b.WriteString("\n      ")
	p.writeWhy(b, &k.WhyProgress)
	b.WriteString("\n      ")
	p.writeWhy(b, &k.WhyStatus)
	b.WriteString("\n    </div>\n  </div>\n  <div class=\"kr-panel-body\">\n    <figure class=\"mt-0 mb-0\">\n      <div class=\"chart-wrap\">")
	b.WriteString(string(k.Chart))
	p.writeLegend(b, k)
	p.writeMilestones(b, kr)
	p.writeInitiatives(b, k.Initiatives)
	p.writeCheckIns(b, kr.ID, k.CheckIns)
	p.writeChanges(b, k.Changes)
	b.WriteString("\n  </div>\n</article>")
}

// writeLegend closes the chart's figure with its legend.
func (p *Page) writeLegend(b *strings.Builder, k *krDetail) {
	b.WriteString("</div>\n      <figcaption>\n        <ul class=\"legend\">\n          <li><span class=\"sw\" aria-hidden=\"true\"></span>")
	writeHTML(b, p.L.T("chart.actual"))
	b.WriteString("</li>\n          ")
	if m := k.KR.Metric.Kind; m == okr.MetricStayAbove || m == okr.MetricStayBelow {
		b.WriteString(`<li><span class="sw sw-target" aria-hidden="true"></span>`)
		writeHTML(b, p.L.T("chart.threshold"))
	} else {
		b.WriteString(`<li><span class="sw sw-expected" aria-hidden="true"></span>`)
		writeHTML(b, p.L.T("chart.expected"))
	}
	b.WriteString("</li>\n          <li><span class=\"sw sw-today\" aria-hidden=\"true\"></span>")
	writeHTML(b, p.L.T("chart.today"))
	b.WriteString("</li>\n          ")
	if len(k.Changes) > 0 {
		b.WriteString(`<li><span class="sw sw-change" aria-hidden="true"></span>`)
		writeHTML(b, p.L.T("chart.changed"))
		b.WriteString(`</li>`)
	}
	b.WriteString("\n        </ul>\n      </figcaption>\n    </figure>\n\n    ")
}

// writeMilestones writes a milestones key result's checklist.
func (p *Page) writeMilestones(b *strings.Builder, kr *okr.KeyResult) {
	if len(kr.Milestones) > 0 {
		b.WriteString(`<h4 class="subhead">`)
		writeHTML(b, p.L.T("metric.milestones"))
		b.WriteString("</h4>\n    <ul class=\"milestones\">")
		done, open := p.L.T("word.done"), p.L.T("word.not_done")
		for _, m := range kr.Milestones {
			state := open
			if m.Done {
				b.WriteString(`<li class="ms-done"><span>`)
				state = done
			} else {
				b.WriteString(`<li class="ms-open"><span>`)
			}
			writeHTML(b, m.Title)
			b.WriteString(`</span><span class="visually-hidden"> (`)
			writeHTML(b, state)
			b.WriteString(`)</span></li>`)
		}
		b.WriteString(`</ul>`)
	}
	b.WriteString("\n\n    <h4 class=\"subhead\">")
	writeHTML(b, p.L.T("word.initiatives"))
	b.WriteString("</h4>\n    ")
}

// writeInitiatives writes the table of initiatives.
func (p *Page) writeInitiatives(b *strings.Builder, rows []initiativeRow) {
	if len(rows) == 0 {
		b.WriteString(`<p class="muted small">`)
		writeHTML(b, p.L.T("obj.no_initiatives"))
		b.WriteString(`</p>`)
		return
	}
	b.WriteString("<div class=\"table-wrap\"><table>\n      <thead><tr>")
	for _, h := range []string{"word.initiative", "status.label", "word.owner", "word.due"} {
		b.WriteString(`<th scope="col">`)
		writeHTML(b, p.L.T(h))
		b.WriteString(`</th>`)
	}
	b.WriteString("</tr></thead>\n      <tbody>")
	for i := range rows {
		in := &rows[i]
		b.WriteString(`<tr><td>`)
		writeHTML(b, in.I.Title)
		b.WriteString(`</td><td>`)
		writeHTML(b, p.L.T("init."+string(in.I.Status)))
		b.WriteString(`</td><td>`)
		if in.Owner != "" {
			writeHTML(b, in.Owner)
		} else {
			b.WriteString("–")
		}
		b.WriteString(`</td><td class="nowrap">`)
		if in.I.Due != nil {
			writeHTML(b, p.L.Date(*in.I.Due))
		} else {
			b.WriteString("–")
		}
		b.WriteString(`</td></tr>`)
	}
	b.WriteString("</tbody>\n    </table></div>")
}

// writeCheckIns writes the check-in history of key result id, newest
// first.
func (p *Page) writeCheckIns(b *strings.Builder, id int64, rows []historyRow) {
	b.WriteString("\n\n    <h4 class=\"subhead\" id=\"kr-")
	b.WriteString(strconv.FormatInt(id, 10))
	b.WriteString(`-hist">`)
	writeHTML(b, p.L.T("obj.checkins"))
	b.WriteString("</h4>\n    ")
	if len(rows) == 0 {
		b.WriteString(`<p class="muted small">`)
		writeHTML(b, p.L.T("obj.no_checkins"))
		b.WriteString(`</p>`)
		return
	}
	b.WriteString(`<div class="table-wrap"><table class="history" aria-labelledby="kr-`)
	b.WriteString(strconv.FormatInt(id, 10))
	b.WriteString("-hist\">\n      <thead><tr><th scope=\"col\">")
	writeHTML(b, p.L.T("word.date"))
	b.WriteString(`</th><th scope="col" class="num">`)
	writeHTML(b, p.L.T("word.value"))
	for _, h := range []string{"confidence.label", "word.comment", "word.author"} {
		b.WriteString(`</th><th scope="col">`)
		writeHTML(b, p.L.T(h))
	}
	b.WriteString("</th></tr></thead>\n      <tbody>")
	late := ""
	for i := range rows {
		r := &rows[i]
		c := &r.CheckIn
		b.WriteString("<tr>\n        <td class=\"nowrap\"><time datetime=\"")
		writeHTML(b, c.At.UTC().Format(time.RFC3339))
		b.WriteString(`">`)
		writeHTML(b, p.L.Date(c.At))
		b.WriteString(`</time>`)
		if c.Late {
			if late == "" {
				late = p.L.T("word.late")
			}
			b.WriteString(` <span class="pill pill-plain">`)
			writeHTML(b, late)
			b.WriteString(`</span>`)
		}
		b.WriteString("</td>\n        <td class=\"num nowrap\">")
		writeHTML(b, r.Value)
		b.WriteString("</td>\n        <td>")
		if c.Confidence != "" {
			b.WriteString(`<span class="conf conf-`)
			writeHTML(b, string(c.Confidence))
			b.WriteString(`">`)
			writeHTML(b, p.L.T("confidence."+string(c.Confidence)))
			b.WriteString(`</span>`)
		}
		b.WriteString("</td>\n        <td class=\"comment\">")
		writeHTML(b, c.Comment)
		b.WriteString("</td>\n        <td>")
		writeHTML(b, r.Author)
		b.WriteString("</td>\n      </tr>")
	}
	b.WriteString("</tbody>\n    </table></div>")
}

// writeChanges writes the history of start and target changes, if any.
func (p *Page) writeChanges(b *strings.Builder, rows []changeRow) {
	b.WriteString("\n\n    ")
	if len(rows) == 0 {
		return
	}
	b.WriteString(`<h4 class="subhead">`)
	writeHTML(b, p.L.T("obj.target_changes"))
	b.WriteString("</h4>\n    <div class=\"table-wrap\"><table class=\"history\">\n      <thead><tr>")
	for _, h := range []string{"word.date", "obj.before", "obj.after", "obj.reason", "word.author"} {
		b.WriteString(`<th scope="col">`)
		writeHTML(b, p.L.T(h))
		b.WriteString(`</th>`)
	}
	b.WriteString("</tr></thead>\n      <tbody>")
	for i := range rows {
		r := &rows[i]
		b.WriteString(`<tr><td class="nowrap">`)
		writeHTML(b, p.L.Date(r.Change.At))
		b.WriteString(`</td><td class="nowrap">`)
		writeHTML(b, r.From)
		b.WriteString(`</td><td class="nowrap">`)
		writeHTML(b, r.To)
		b.WriteString(`</td><td class="comment">`)
		writeHTML(b, r.Change.Reason)
		b.WriteString(`</td><td>`)
		writeHTML(b, r.Author)
		b.WriteString(`</td></tr>`)
	}
	b.WriteString("</tbody>\n    </table></div>")
}
