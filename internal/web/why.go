package web

import (
	"strconv"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
)

// Why is a translated "why this number?" explanation, built from the okr
// package's Explain functions: the formula in words, the inputs, and for
// means each weighted term.
type Why struct {
	Summary string // the disclosure's label, e.g. "Why 57 %?"
	Formula string
	Inputs  []WhyRow
	Terms   []WhyTerm
	LeftOut []WhyTerm // inputs left out of the mean: drafts
	Result  string
	Note    string
}

// WhyRow is one named input.
type WhyRow struct{ Label, Value string }

// WhyTerm is one weighted term of a mean.
type WhyTerm struct {
	Title, Href, Value, Weight string
}

// whyKRProgress explains a KR's progress.
func (p *Page) whyKRProgress(kr *okr.KeyResult) Why {
	e := kr.ExplainProgress()
	w := Why{Summary: p.L.T("why.label", "Value", p.pct(e.Result)), Result: p.pct(e.Result)}
	m := kr.Metric
	kind := string(m.Kind)
	switch k := m.Kind; {
	case k.HasStart():
		if kr.Current == nil {
			w.Formula = p.L.T("why.kr_progress.none")
		} else if m.Start == m.Target {
			w.Formula = p.L.T("why.kr_progress.equal")
		} else {
			w.Formula = p.L.T("why.kr_progress." + kind)
		}
		w.Inputs = []WhyRow{
			{p.L.T("word.start"), p.Val(m.Unit, m.Start)},
			{p.L.T("word.target"), p.Val(m.Unit, m.Target)},
			{p.L.T("word.current"), p.Current(kr)},
		}
	case k.IsThreshold():
		w.Formula = p.L.T("why.kr_progress."+kind, "Target", p.Val(m.Unit, m.Target))
		w.Inputs = []WhyRow{{p.L.T("word.target"), p.Val(m.Unit, m.Target)}, {p.L.T("word.current"), p.Current(kr)}}
	case k == okr.MetricBoolean:
		w.Formula = p.L.T("why.kr_progress.boolean")
		w.Inputs = []WhyRow{{p.L.T("word.current"), p.Current(kr)}}
	case k == okr.MetricMilestones:
		w.Formula = p.L.T("why.kr_progress.milestones")
		done, _ := e.Inputs["done"].(int)
		total, _ := e.Inputs["total"].(int)
		w.Inputs = []WhyRow{{p.L.T("why.done"), strconv.Itoa(done)}, {p.L.T("why.total"), strconv.Itoa(total)}}
	}
	return w
}

// whyKRStatus explains a KR's status against the time elapsed.
func (p *Page) whyKRStatus(k *view.KRView, period *okr.Period, published bool) Why {
	e := okr.ExplainKRStatus(&k.KR, period, published, p.Now)
	st := e.Status()
	w := Why{
		Summary: p.L.T("why.status_label", "Status", p.L.T("status."+string(st))),
		Formula: p.L.T("why.kr_status", "Tolerance", p.L.Number(okr.PaceTolerance*100, 0)),
		Result:  p.L.T("status." + string(st)),
	}
	if k.KR.Metric.Kind.IsThreshold() {
		w.Formula = p.L.T("why.kr_status_threshold", "Tolerance", p.L.Number(okr.PaceTolerance*100, 0))
	}
	last := p.L.T("why.never")
	if k.KR.LastCheckInAt != nil {
		last = p.L.Date(*k.KR.LastCheckInAt)
	}
	w.Inputs = []WhyRow{
		{p.L.T("word.progress"), p.pct(k.Progress)},
		{p.L.T("word.expected"), p.pct(k.Expected)},
		{p.L.T("why.last_checkin"), last},
	}
	return w
}

// whyObjective explains an objective's own progress from its KRs.
func (p *Page) whyObjective(o *view.ObjView) Why {
	krs := make([]*okr.KeyResult, len(o.KRs))
	for i, k := range o.KRs {
		krs[i] = &k.KR
	}
	e := okr.ExplainObjectiveProgress(&o.O, krs)
	w := Why{Summary: p.L.T("why.label", "Value", p.pct(e.Result)), Formula: p.L.T("why.objective"), Result: p.pct(e.Result)}
	for _, t := range e.Terms {
		w.Terms = append(w.Terms, WhyTerm{Title: t.Title, Href: "#kr-" + strconv.FormatInt(t.ID, 10), Value: p.pct(t.Value), Weight: p.L.Number(t.Weight, 2)})
	}
	if len(e.Terms) == 0 {
		w.Note = p.L.T("why.no_krs")
	}
	return w
}

// whyRollup explains an objective's roll-up from its children.
func (p *Page) whyRollup(b *view.Board, o *view.ObjView) Why {
	e := b.ExplainRollup(o)
	w := Why{Summary: p.L.T("why.label", "Value", p.pct(e.Result)), Formula: p.L.T("why.rollup"), Result: p.pct(e.Result)}
	for _, t := range e.Terms {
		w.Terms = append(w.Terms, WhyTerm{Title: t.Title, Href: objHref(t.ID), Value: p.pct(t.Value), Weight: p.L.Number(t.Weight, 2)})
	}
	for _, t := range e.LeftOut {
		w.LeftOut = append(w.LeftOut, WhyTerm{Title: t.Title, Href: objHref(t.ID)})
	}
	if len(e.Terms) == 0 && len(e.LeftOut) == 0 {
		w.Note = p.L.T("why.no_children")
	}
	return w
}

// whyExpected explains the expected progress: the share of the period gone.
func (p *Page) whyExpected(period *okr.Period) Why {
	v := okr.ExpectedProgress(period, p.Now)
	return Why{
		Summary: p.L.T("why.label", "Value", p.pct(v)),
		Formula: p.L.T("why.expected"),
		Inputs: []WhyRow{
			{p.L.T("word.start"), p.L.Date(period.Start)},
			{p.L.T("why.end"), p.L.Date(period.End)},
			{p.L.T("why.today"), p.L.Date(p.Now)},
		},
		Result: p.pct(v),
	}
}

func objHref(id int64) string { return "/objectives/" + strconv.FormatInt(id, 10) }
