package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/a-h/templ"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// objectiveData is the objective page: the objective with its numbers and
// explanations, its neighbours in the alignment, and each key result in
// detail.
type objectiveData struct {
	O           *view.ObjView
	Period      okr.Period
	CanEdit     bool
	WhyOwn      Why
	WhyRollup   Why
	WhyExpected Why
	WhyScore    Why // once final: the score from the key results' scores
	// Panels are the key results' panels rendered (KRPanels in objective.templ), from the
	// cache while the objective, the directory, the period and the minute
	// stay the same (objcache_page.go).
	Panels string
	// KRs are the key results in detail that Panels were written from in
	// this request; nil when Panels came from the cache.
	KRs []*krDetail
	// Carry are the objective's carry-over links: where it came from and
	// where its work went on.
	Carry store.CarryLinks
	// Discussion is the comments on the objective, its key results and
	// their check-ins (comments.templ).
	Discussion *discussion
}

// krDetail is one key result on the objective page.
type krDetail struct {
	*view.KRView
	// Its picture (krVisual): Chart is the line chart of a numeric KR with
	// two check-ins or more, Compact the badge of a yes/no KR or the steps
	// of a milestones KR, and ChartNote says why a numeric KR has no chart.
	Chart       templ.Component
	Compact     templ.Component
	ChartNote   string
	ExpectedNow string // the value expected today, for numeric KRs
	// CheckIns are the latest check-ins, newest first (latestCheckIns of
	// them); AllCheckIns counts them all. The others come behind "show
	// all", from krCheckIns when the panel opens them.
	CheckIns    []historyRow
	AllCheckIns int
	Changes     []changeRow
	Initiatives []initiativeRow
	WhyProgress Why
	WhyStatus   Why
}

// krBodyClass is the class of a key result panel's body: two columns on
// wide screens when there is a picture beside the check-ins.
func krBodyClass(d *krDetail) string {
	if d.Chart != nil || d.Compact != nil {
		return "kr-panel-body kr-body-split"
	}
	return "kr-panel-body"
}

// latestCheckIns is how many check-ins a key result's panel shows: those
// view.Details holds in full. The others are behind "show all" and come
// when it opens (krCheckIns), so a first view of an objective neither
// writes nor sends them: most of a panel's rows in an organisation that
// has checked in for a while.
const latestCheckIns = view.LatestCheckIns

// MoreCheckIns reports whether d has check-ins besides those shown.
func (d *krDetail) MoreCheckIns() bool { return d.AllCheckIns > len(d.CheckIns) }

type historyRow struct {
	CheckIn okr.CheckIn
	Value   string
	Author  string
	For     string // the owner the author checked in for (okr.CheckIn.OnBehalfOf), "" for their own
	// CommentURL opens the objective's comment form on this check-in.
	CommentURL templ.SafeURL
}

type changeRow struct {
	Change   okr.TargetChange
	From, To string
	Author   string
}

type initiativeRow struct {
	I     okr.Initiative
	Owner string
}

func (s *Server) objectivePage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.objectivePageData(r)
	if err != nil {
		return err
	}
	return s.page(w, r, http.StatusOK, p, ObjectivePage(p, p.Data.(*objectiveData)))
}

// objectivePageData computes the objective page of the request.
func (s *Server) objectivePageData(r *http.Request) (*Page, error) {
	ctx := r.Context()
	v := mustViewer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, notFound()
	}
	obj, err := s.DB.GetObjective(ctx, v.Org.ID, id)
	if err != nil {
		return nil, err
	}
	period, err := s.periodOf(ctx, v.Org.ID, obj.PeriodID)
	if err != nil {
		return nil, err
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return nil, err
	}
	b, err := s.objectiveBoard(ctx, v.Org.ID, period, dir, obj)
	if err != nil {
		return nil, err
	}
	o := b.ByID[obj.ID]
	canEdit, err := s.mayEditObjective(ctx, v, dir, &obj)
	if err != nil {
		return nil, err
	}
	p := s.newPage(r, "", "", nil)
	p.Title = obj.Title
	carry, err := s.DB.GetCarryLinks(ctx, v.Org.ID, obj.ID)
	if err != nil {
		return nil, err
	}
	data := &objectiveData{O: o, Period: period, CanEdit: canEdit, Carry: carry}
	p.Data = data
	s.setQuick(p, dir, &period, []*view.ObjView{o}, quickPanel, string(objURL(o.O.ID)))
	if err := s.krPanels(ctx, p, b, dir, o, data); err != nil {
		return nil, err
	}
	if data.Discussion, err = s.loadDiscussion(ctx, p, dir, o, r.URL.Query().Get("on")); err != nil {
		return nil, err
	}
	data.WhyOwn = p.whyObjective(o)
	data.WhyRollup = p.whyRollup(b, o)
	data.WhyExpected = p.whyExpected(&o.O, &period, dir.Settings.Pace())
	if o.Final {
		data.WhyScore = p.whyFinalScore(o)
	}
	return p, nil
}

// paceLine is where o's progress bars draw the expected line: nowhere
// (-1) once o is graded or closed, as there is no pace then.
func paceLine(o *view.ObjView) float64 {
	if o.Status.Final() {
		return -1
	}
	return o.Expected
}

// periodOf returns the organisation's period id: from the cached
// organisation state (view.Model.OrgState), which the request checks once, or from
// the store when the period is archived (the state lists only the others).
func (s *Server) periodOf(ctx context.Context, orgID, id int64) (okr.Period, error) {
	periods, err := s.listPeriods(ctx, orgID)
	if err != nil {
		return okr.Period{}, err
	}
	for _, p := range periods {
		if p.ID == id {
			return p, nil
		}
	}
	return s.DB.GetPeriod(ctx, orgID, id)
}

// mayEditObjective reports what store.CanEdit reports for the viewer and
// the objective, from the directory when it can: admins, the owner person
// and the leads of the owner unit or a unit above it may edit. When the
// directory lacks a unit on the way up (an archived one), the store
// answers.
func (s *Server) mayEditObjective(ctx context.Context, v *Viewer, dir *view.Directory, o *okr.Objective) (bool, error) {
	a := okr.Actor{PersonID: v.Person.ID, Role: v.Person.Role}
	if u := o.Owner.UnitID; u != nil && o.Owner.PersonID == nil && !v.IsAdmin() {
		led, known := dir.LeadsUp(v.Person.ID, *u)
		if !known {
			return s.DB.CanEdit(ctx, v.Actor(), "objective", o.ID)
		}
		a.Leads = map[int64]bool{*u: led}
	}
	return a.MayEditObjective(o), nil
}

// objectiveBoard loads the objective with what its figures and links need:
// its parent, children (and below a child without key results, its
// children), and contributes-to links both ways; not the whole period. An
// archived objective gets a board of its own.
func (s *Server) objectiveBoard(ctx context.Context, orgID int64, period okr.Period, dir *view.Directory, obj okr.Objective) (*view.Board, error) {
	if obj.Archived {
		krs, err := s.DB.ListKeyResults(ctx, orgID, []int64{obj.ID}, false)
		if err != nil {
			return nil, err
		}
		return view.NewBoard(period, s.now(), dir, []okr.Objective{obj}, krs), nil
	}
	return s.scopedBoard(ctx, orgID, period, dir, []okr.Objective{obj})
}

// krDetails builds the key results of o in detail from their check-ins,
// target changes and initiatives.
func (p *Page) krDetails(b *view.Board, dir *view.Directory, o *view.ObjView, det *view.Details) []*krDetail {
	name := func(id int64) string {
		if person := dir.People[id]; person != nil {
			return person.Name
		}
		return "–"
	}
	pace := b.Dir.Settings.Pace()
	out := make([]*krDetail, len(o.KRs))
	for i, k := range o.KRs {
		d := &krDetail{KRView: k}
		out[i] = d
		pts, cis, tcs := det.Points[k.KR.ID], det.CheckIns[k.KR.ID], det.Changes[k.KR.ID]
		val := p.valMemo(k.KR.Metric.Unit)
		p.krVisual(d, &b.Period, pts, tcs, val)
		d.ExpectedNow = p.expectedNow(&o.O, &b.Period, pace, &k.KR)
		d.AllCheckIns = len(pts)
		d.CheckIns = p.historyRows(dir, &k.KR, cis, val)
		for i := len(tcs) - 1; i >= 0; i-- {
			c := tcs[i]
			d.Changes = append(d.Changes, changeRow{
				Change: c, Author: name(c.AuthorID),
				From: p.Val(k.KR.Metric.Unit, c.OldStart) + " → " + p.Val(k.KR.Metric.Unit, c.OldTarget),
				To:   p.Val(k.KR.Metric.Unit, c.NewStart) + " → " + p.Val(k.KR.Metric.Unit, c.NewTarget),
			})
		}
		for _, in := range det.Initiatives[k.KR.ID] {
			row := initiativeRow{I: in}
			if in.OwnerPersonID != nil {
				row.Owner = name(*in.OwnerPersonID)
			}
			d.Initiatives = append(d.Initiatives, row)
		}
		d.WhyProgress = p.whyKRProgress(&k.KR)
		d.WhyStatus = p.whyKRStatus(k, &o.O, &b.Period, pace)
	}
	return out
}

// historyRows are the rows of kr's check-ins cis (oldest first), newest
// first; val formats the KR's values.
func (p *Page) historyRows(dir *view.Directory, kr *okr.KeyResult, cis []okr.CheckIn, val func(float64) string) []historyRow {
	rows := make([]historyRow, 0, len(cis))
	for i := len(cis) - 1; i >= 0; i-- {
		c := cis[i]
		row := historyRow{CheckIn: c, Value: p.checkInValue(kr, c, val), Author: "–",
			CommentURL: templ.SafeURL("/objectives/" + idStr(kr.ObjectiveID) + "?on=checkin:" + idStr(c.ID) + "#comment-form")}
		if person := dir.People[c.AuthorID]; person != nil {
			row.Author = person.Name
		}
		if b := c.OnBehalfOf; b != nil {
			row.For = ownerLabel(dir, b)
		}
		rows = append(rows, row)
	}
	return rows
}

// krCheckIns answers a key result panel's "show all" (KRPanel): the
// check-ins the panel does not show, the latest latestCheckIns left out,
// as a fragment for htmx. Other requests go to the key result's history.
func (s *Server) krCheckIns(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound()
	}
	kr, err := s.DB.GetKeyResult(ctx, v.Org.ID, id)
	if err != nil {
		return err
	}
	if !isHX(r) {
		http.Redirect(w, r, "/history/key_result/"+idStr(id), http.StatusSeeOther)
		return nil
	}
	cis, err := s.DB.ListCheckIns(ctx, v.Org.ID, []int64{id}, nil)
	if err != nil {
		return err
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "", nil)
	rows := p.historyRows(dir, &kr, cis[:max(0, len(cis)-latestCheckIns)], p.valMemo(kr.Metric.Unit))
	return s.fragment(w, r, http.StatusOK, p, checkInTable(p, rows, "kr-"+idStr(id)+"-hist"))
}

// valMemo returns p.Val for unit, formatting each value once: a key
// result's chart and check-in table show the same values, and formatting
// a number in the page's language costs a microsecond or two.
func (p *Page) valMemo(unit okr.Measure) func(float64) string {
	done := map[float64]string{}
	return func(v float64) string {
		s, ok := done[v]
		if !ok {
			s = p.Val(unit, v)
			done[v] = s
		}
		return s
	}
}

// checkInValue formats the value reported by one check-in; val formats a
// number in the key result's unit.
func (p *Page) checkInValue(kr *okr.KeyResult, c okr.CheckIn, val func(float64) string) string {
	switch kind := kr.Metric.Kind; {
	case kind.IsYesNo():
		if c.Value >= 1 {
			return p.L.T("word.yes")
		}
		return p.L.T("word.no")
	case kind.IsChecklist():
		return p.L.T("kr.of", "Done", p.L.Number(c.Value, 0), "Total", len(kr.Milestones))
	}
	return val(c.Value)
}

// expectedNow is the value a numeric start→target KR of o should have
// today if it moves evenly along o's expected line; "" for other kinds and
// once it is graded or o closed (there is no pace then).
func (p *Page) expectedNow(o *okr.Objective, period *okr.Period, pace okr.Pace, kr *okr.KeyResult) string {
	m := kr.Metric
	if !m.Kind.HasStart() || kr.Score != nil || o.State == okr.StateClosed {
		return ""
	}
	f := okr.ObjectiveExpected(o, period, pace, p.Now)
	return p.Val(m.Unit, m.Start+(m.Target-m.Start)*f)
}
