package web

import (
	"context"
	"html/template"
	"net/http"
	"sort"
	"strconv"

	"github.com/okr-dev/okr/internal/okr"
)

func init() {
	addPageRoutes(func(s *Server, mux *pageMux) {
		mux.Handle("GET /objectives/{id}", s.member(s.objectivePage))
	})
}

// objectiveData is the objective page: the objective with its numbers and
// explanations, its neighbours in the alignment, and each key result in
// detail.
type objectiveData struct {
	O           *ObjView
	Period      okr.Period
	CanEdit     bool
	WhyOwn      Why
	WhyRollup   Why
	WhyExpected Why
	KRs         []*krDetail
}

// krDetail is one key result on the objective page.
type krDetail struct {
	*KRView
	Chart       template.HTML
	ExpectedNow string // the value expected today, for numeric KRs
	CheckIns    []historyRow
	Changes     []changeRow
	Initiatives []initiativeRow
	WhyProgress Why
	WhyStatus   Why
}

type historyRow struct {
	CheckIn okr.CheckIn
	Value   string
	Author  string
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
	ctx := r.Context()
	v := mustViewer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound()
	}
	obj, err := s.DB.GetObjective(ctx, v.Org.ID, id)
	if err != nil {
		return err
	}
	period, err := s.DB.GetPeriod(ctx, v.Org.ID, obj.PeriodID)
	if err != nil {
		return err
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	b, err := s.objectiveBoard(ctx, v.Org.ID, period, dir, obj)
	if err != nil {
		return err
	}
	o := b.byID[obj.ID]
	canEdit, err := s.DB.CanEdit(ctx, v.Actor(), "objective", obj.ID)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "", nil)
	p.Title = obj.Title
	data := &objectiveData{O: o, Period: period, CanEdit: canEdit}
	p.Data = data
	if err := s.loadKRDetails(ctx, p, b, dir, o, data); err != nil {
		return err
	}
	data.WhyOwn = p.whyObjective(o)
	data.WhyRollup = p.whyRollup(b, o)
	data.WhyExpected = p.whyExpected(&period)
	return s.render(w, r, http.StatusOK, "objective", p)
}

// objectiveBoard loads the objective with what its figures and links need:
// its parent, children (and below a child without key results, its
// children), and contributes-to links both ways; not the whole period. An
// archived objective gets a board of its own.
func (s *Server) objectiveBoard(ctx context.Context, orgID int64, period okr.Period, dir *directory, obj okr.Objective) (*board, error) {
	if obj.Archived {
		krs, err := s.DB.ListKeyResults(ctx, orgID, []int64{obj.ID}, false)
		if err != nil {
			return nil, err
		}
		return newBoard(period, s.now(), dir, []okr.Objective{obj}, krs), nil
	}
	return s.scopedBoard(ctx, orgID, period, dir, []okr.Objective{obj})
}

// loadKRDetails reads the check-ins, target changes and initiatives of the
// objective's key results in one query each and builds their charts.
func (s *Server) loadKRDetails(ctx context.Context, p *Page, b *board, dir *directory, o *ObjView, data *objectiveData) error {
	ids := make([]int64, len(o.KRs))
	for i, k := range o.KRs {
		ids[i] = k.KR.ID
	}
	checkIns, err := s.DB.ListCheckIns(ctx, o.O.OrgID, ids, nil)
	if err != nil {
		return err
	}
	changes, err := s.DB.ListTargetChanges(ctx, o.O.OrgID, ids)
	if err != nil {
		return err
	}
	inits, err := s.DB.ListInitiatives(ctx, o.O.OrgID, ids)
	if err != nil {
		return err
	}
	byKR := map[int64]*krDetail{}
	for _, k := range o.KRs {
		d := &krDetail{KRView: k}
		byKR[k.KR.ID] = d
		data.KRs = append(data.KRs, d)
	}
	name := func(id int64) string {
		if person := dir.people[id]; person != nil {
			return person.Name
		}
		return "–"
	}
	var ciByKR = map[int64][]okr.CheckIn{}
	for _, c := range checkIns {
		ciByKR[c.KeyResultID] = append(ciByKR[c.KeyResultID], c)
	}
	var tcByKR = map[int64][]okr.TargetChange{}
	for _, c := range changes {
		tcByKR[c.KeyResultID] = append(tcByKR[c.KeyResultID], c)
	}
	for _, in := range inits {
		if d := byKR[in.KeyResultID]; d != nil {
			row := initiativeRow{I: in}
			if in.OwnerPersonID != nil {
				row.Owner = name(*in.OwnerPersonID)
			}
			d.Initiatives = append(d.Initiatives, row)
		}
	}
	published := o.O.State == okr.StatePublished
	for _, d := range data.KRs {
		cis, tcs := ciByKR[d.KR.ID], tcByKR[d.KR.ID]
		sort.Slice(cis, func(i, j int) bool { return cis[i].At.Before(cis[j].At) })
		sort.Slice(tcs, func(i, j int) bool { return tcs[i].At.Before(tcs[j].At) })
		d.Chart = p.krChart(&b.period, d.KRView, cis, tcs)
		d.ExpectedNow = p.expectedNow(&b.period, &d.KR)
		for i := len(cis) - 1; i >= 0; i-- { // newest first
			d.CheckIns = append(d.CheckIns, historyRow{CheckIn: cis[i], Value: p.checkInValue(&d.KR, cis[i]), Author: name(cis[i].AuthorID)})
		}
		for i := len(tcs) - 1; i >= 0; i-- {
			c := tcs[i]
			d.Changes = append(d.Changes, changeRow{
				Change: c, Author: name(c.AuthorID),
				From: p.Val(d.KR.Metric.Unit, c.OldStart) + " → " + p.Val(d.KR.Metric.Unit, c.OldTarget),
				To:   p.Val(d.KR.Metric.Unit, c.NewStart) + " → " + p.Val(d.KR.Metric.Unit, c.NewTarget),
			})
		}
		d.WhyProgress = p.whyKRProgress(&d.KR)
		d.WhyStatus = p.whyKRStatus(d.KRView, &b.period, published)
	}
	return nil
}

// checkInValue formats the value reported by one check-in.
func (p *Page) checkInValue(kr *okr.KeyResult, c okr.CheckIn) string {
	switch kr.Metric.Kind {
	case okr.MetricBoolean:
		if c.Value >= 1 {
			return p.L.T("word.yes")
		}
		return p.L.T("word.no")
	case okr.MetricMilestones:
		return p.L.T("kr.of", "Done", p.L.Number(c.Value, 0), "Total", len(kr.Milestones))
	}
	return p.Val(kr.Metric.Unit, c.Value)
}

// expectedNow is the value a numeric start→target KR should have today if
// it moves evenly over the period; "" for other kinds.
func (p *Page) expectedNow(period *okr.Period, kr *okr.KeyResult) string {
	m := kr.Metric
	if m.Kind != okr.MetricIncrease && m.Kind != okr.MetricDecrease {
		return ""
	}
	f := okr.ExpectedProgress(period, p.Now)
	return p.Val(m.Unit, m.Start+(m.Target-m.Start)*f)
}
