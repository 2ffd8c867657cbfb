package web

import (
	"sort"

	"github.com/okr-dev/okr/internal/coach"
)

// healthPanel is the "OKR health" panel: the coach's findings on a set of
// objectives, counted by severity, the most serious listed first.
type healthPanel struct {
	Checked  int
	Errors   int
	Warnings int
	Infos    int
	Items    []healthItem // the first maxHealthItems findings
	More     int          // findings not listed
}

type healthItem struct {
	Obj     *ObjView
	KR      *KRView // nil when the finding is about the objective
	Finding coach.Finding
}

const maxHealthItems = 8

// health runs the coach over the board's objectives in the viewer's
// language. It is pure computation on what the board already holds.
func (s *Server) health(p *Page, v *Viewer, b *board) *healthPanel {
	c := coach.New(v.Org.Settings).WithLanguage(p.Lang)
	hp := &healthPanel{}
	var items []healthItem
	for _, o := range b.objs {
		d := coach.Draft{Title: o.O.Title, Description: o.O.Description}
		for _, k := range o.KRs {
			m := k.KR.Metric
			d.KeyResults = append(d.KeyResults, coach.KRDraft{Title: k.KR.Title, Metric: &m})
		}
		hp.Checked++
		for _, f := range c.CheckObjective(d) {
			it := healthItem{Obj: o, Finding: f}
			if f.Target.Kind == coach.TargetKeyResult && f.Target.Index < len(o.KRs) {
				it.KR = o.KRs[f.Target.Index]
			}
			switch f.Severity {
			case coach.SeverityError:
				hp.Errors++
			case coach.SeverityWarning:
				hp.Warnings++
			default:
				hp.Infos++
			}
			items = append(items, it)
		}
	}
	rank := map[coach.Severity]int{coach.SeverityError: 0, coach.SeverityWarning: 1, coach.SeverityInfo: 2}
	sort.SliceStable(items, func(i, j int) bool { return rank[items[i].Finding.Severity] < rank[items[j].Finding.Severity] })
	if len(items) > maxHealthItems {
		hp.More = len(items) - maxHealthItems
		items = items[:maxHealthItems]
	}
	hp.Items = items
	return hp
}
