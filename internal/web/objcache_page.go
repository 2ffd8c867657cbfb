package web

import (
	"context"

	"github.com/okr-dev/okr/internal/view"
)

// panelsCache keeps the objective page's key result panels as rendered
// HTML, per language and set of key results the viewer may check in on
// (the panels hold their quick check-ins), under view.ShownStamp: the objective's revision, the
// directory that named owners, the period and the minute.
type panelsCache = view.Cache[panelsKey, view.Stamp, string]

type panelsKey struct {
	org, obj int64
	lang     string
	quick    string // the key results with a quick check-in (Page.quickSignature)
}

// panelsBudget bounds the rendered panels: 4 MB (internal/view's doc on
// why the caches are small). Rendered panels are about 20 KB an objective
// and live a minute, so they serve objectives viewed again and again (a
// team's, in its weekly meeting); a first view of any other objective
// takes its details from the details cache, which holds most of them.
const panelsBudget = 4 << 20

func newPanelsCache() *panelsCache {
	return view.NewCache[panelsKey, view.Stamp, string](panelsBudget, panelsBudget/8)
}

// krPanels sets data.Panels, the key results' panels of o. They come from
// the cache while the objective's revision, the directory, the period, the
// language and the minute are those they were written with; else they are
// written from the key results' details (view.Model.Details), which come
// from the read model's cache while the revision holds, and from three
// statements otherwise.
func (s *Server) krPanels(ctx context.Context, p *Page, b *view.Board, dir *view.Directory, o *view.ObjView, data *objectiveData) error {
	m := s.view()
	key := panelsKey{org: o.O.OrgID, obj: o.O.ID, lang: p.Lang, quick: p.quickSignature(o)}
	st := view.ShownStamp(&o.O, &b.Period, dir, p.Now)
	if v, ok := s.panels.Get(key, st); ok {
		data.Panels = v
		return nil
	}
	det, err := m.Details(ctx, o)
	if err != nil {
		return err
	}
	data.KRs = p.krDetails(b, dir, o, det)
	data.Panels = renderString(KRPanels(p, data.KRs, o))
	s.panels.Put(key, st, data.Panels, int64(len(data.Panels)))
	return nil
}
