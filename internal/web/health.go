package web

import (
	"sort"

	"github.com/okr-dev/okr/internal/coach"
	"github.com/okr-dev/okr/internal/view"
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

// healthItem is one finding with what it is about: a key result (and its
// objective), an objective, an owner, or the whole period (all nil).
type healthItem struct {
	Obj     *view.ObjView
	KR      *view.KRView
	Owner   *view.Owner
	Finding coach.Finding
}

const maxHealthItems = 8

// health runs the coach over the board's objectives (view.Board.CoachSet)
// in the viewer's language: the text rules on every objective and key
// result, and the set rules (objectives per owner, only company OKRs,
// alignment, key results without a recent check-in).
func (s *Server) health(p *Page, v *Viewer, b *view.Board) *healthPanel {
	c := coach.New(v.Org.Settings).WithLanguage(p.Lang)
	set := b.CoachSet()
	hp := &healthPanel{Checked: len(b.Objs)}
	var items []healthItem
	for _, f := range c.CheckAll(set) {
		it := healthItem{Finding: f}
		switch f.Target.Kind {
		case coach.TargetObjective:
			it.Obj = b.ByID[f.Target.ID]
		case coach.TargetKeyResult:
			if it.KR = b.KRByID[f.Target.ID]; it.KR != nil {
				it.Obj = it.KR.Obj
			}
		case coach.TargetOwner:
			if f.Target.Owner != nil {
				o := b.Dir.Owner(*f.Target.Owner)
				it.Owner = &o
			}
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
	rank := map[coach.Severity]int{coach.SeverityError: 0, coach.SeverityWarning: 1, coach.SeverityInfo: 2}
	sort.SliceStable(items, func(i, j int) bool { return rank[items[i].Finding.Severity] < rank[items[j].Finding.Severity] })
	if len(items) > maxHealthItems {
		hp.More = len(items) - maxHealthItems
		items = items[:maxHealthItems]
	}
	hp.Items = items
	return hp
}
