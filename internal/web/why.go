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

// whyKRStatus explains a KR's status (okr.KRStatus) by the
// organisation's pace: not started, not updated, its pace against its
// objective's expected line, or final.
func (p *Page) whyKRStatus(k *view.KRView, o *okr.Objective, period *okr.Period, pace okr.Pace) Why {
	e := okr.ExplainKRStatus(&k.KR, o, period, pace, p.Now)
	st := e.Status()
	args := []any{"Tolerance", p.L.Number(okr.PaceTolerance*100, 0), "Days", pace.Days(), "From", p.lineStartWords(pace)}
	w := Why{
		Summary: p.L.T("why.status_label", "Status", p.L.T("status."+string(st))),
		Formula: p.L.T("why.kr_status", args...),
		Result:  p.L.T("status." + string(st)),
	}
	switch {
	case st.Final():
		w.Formula = p.L.T("why.kr_status_final")
	case k.KR.Metric.Kind.IsThreshold():
		w.Formula = p.L.T("why.kr_status_threshold", args...)
	}
	last := p.L.T("why.never")
	if k.KR.LastCheckInAt != nil {
		last = p.L.Date(*k.KR.LastCheckInAt)
	}
	if st.Final() {
		w.Inputs = []WhyRow{{p.L.T("word.score"), p.pct(k.Score)}, {p.L.T("word.progress"), p.pct(k.Progress)}}
		return w
	}
	w.Inputs = []WhyRow{
		{p.L.T("word.progress"), p.pct(k.Progress)},
		{p.L.T("word.expected"), p.pct(k.Expected)},
		{p.L.T("why.last_checkin"), last},
	}
	if since, ok := okr.PublishedSince(&k.KR, o); ok && k.KR.LastCheckInAt == nil {
		w.Inputs = append(w.Inputs, WhyRow{p.L.T("why.published"), p.L.Date(since)})
	}
	w.Inputs = append(w.Inputs, WhyRow{p.L.T("why.check_in_every"), p.L.N("why.days", pace.Days())})
	return w
}

// lineStartWords says where expected lines start by the pace.
func (p *Page) lineStartWords(pace okr.Pace) string {
	if pace.LineFrom == okr.LineFromPeriodStart {
		return p.L.T("why.line_period_start")
	}
	return p.L.T("why.line_publish")
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
		v := p.pct(t.Value)
		if t.Final {
			v = p.L.T("why.final_value", "Value", v) // a graded or closed child counts with its score
		}
		w.Terms = append(w.Terms, WhyTerm{Title: t.Title, Href: objHref(t.ID), Value: v, Weight: p.L.Number(t.Weight, 2)})
	}
	for _, t := range e.LeftOut {
		w.LeftOut = append(w.LeftOut, WhyTerm{Title: t.Title, Href: objHref(t.ID)})
	}
	if len(e.Terms) == 0 && len(e.LeftOut) == 0 {
		w.Note = p.L.T("why.no_children")
	}
	return w
}

// whyExpected explains an objective's expected progress: the share of its
// expected line gone (okr.ObjectiveExpected), the line starting where the
// organisation's pace says.
func (p *Page) whyExpected(o *okr.Objective, period *okr.Period, pace okr.Pace) Why {
	v := okr.ObjectiveExpected(o, period, pace, p.Now)
	return Why{
		Summary: p.L.T("why.label", "Value", p.pct(v)),
		Formula: p.L.T("why.expected", "From", p.lineStartWords(pace)),
		Inputs: []WhyRow{
			{p.L.T("word.start"), p.L.Date(pace.LineStart(o, period))},
			{p.L.T("why.end"), p.L.Date(period.End)},
			{p.L.T("why.today"), p.L.Date(p.Now)},
		},
		Result: p.pct(v),
	}
}

// whyFinalScore explains a final objective's score from the scores its key
// results carry (okr.ExplainObjectiveScore).
func (p *Page) whyFinalScore(o *view.ObjView) Why {
	krs := make([]*okr.KeyResult, len(o.KRs))
	ungraded := 0
	for i, k := range o.KRs {
		krs[i] = &k.KR
		if k.KR.Score == nil {
			ungraded++
		}
	}
	return p.whyScore(okr.ExplainObjectiveScore(krs, nil), ungraded)
}

func objHref(id int64) string { return "/objectives/" + strconv.FormatInt(id, 10) }
