package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
)

// homeData is My OKRs: the viewer's objectives and key results in the
// current period, what needs a check-in this week, their teams' objectives
// and those of what they follow.
type homeData struct {
	Period      okr.Period
	Periods     []okr.Period
	Mine        []*view.ObjView
	Teams       []*view.ObjView
	OtherKRs    []*view.KRView // KRs the viewer owns in someone else's objectives
	Due         []*view.KRView // the viewer's KRs without a check-in this week
	CheckIns    int            // the viewer's key results to check in weekly
	Follows     int            // what the viewer follows, in any period
	Following   []*view.Followed
	Summary     view.Summary
	WhyExpected Why
}

func (s *Server) homePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	period, periods, err := s.pickPeriod(ctx, r, v.Org.ID)
	if err != nil {
		return err
	}
	p := s.newPage(r, "home", "nav.home", nil)
	data := &homeData{Period: period, Periods: periods}
	p.Data = data
	if period.ID == 0 {
		return s.page(w, r, http.StatusOK, p, HomePage(p, data))
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	f, follows, err := s.view().ViewerFilter(ctx, v.Org.ID, v.Person, dir, period, true)
	if err != nil {
		return err
	}
	b, _, err := s.loadIndexedBoard(ctx, v.Org.ID, period, dir, f)
	if err != nil {
		return err
	}
	me := v.Person.ID
	led, teams := dir.TeamUnits(v.Person)
	shown := map[int64]bool{} // objectives in Mine and Teams
	for _, o := range b.Objs {
		switch {
		case o.O.Owner.PersonID != nil && *o.O.Owner.PersonID == me,
			o.O.Owner.UnitID != nil && led[*o.O.Owner.UnitID]:
			data.Mine = append(data.Mine, o)
			shown[o.O.ID] = true
		case o.O.Owner.UnitID != nil && teams[*o.O.Owner.UnitID]:
			data.Teams = append(data.Teams, o)
			shown[o.O.ID] = true
		default:
			for _, k := range o.KRs {
				if k.KR.Owner.PersonID != nil && *k.KR.Owner.PersonID == me {
					data.OtherKRs = append(data.OtherKRs, k)
				}
			}
		}
	}
	data.Follows = len(follows)
	data.Following = view.Following(follows, dir, b, func(o *view.ObjView) bool { return shown[o.O.ID] })
	weekStart := startOfWeek(p.Now)
	for _, k := range checkInKRs(b, dir, me) {
		if k.Obj.O.State != okr.StatePublished {
			continue
		}
		data.CheckIns++
		if k.KR.LastCheckInAt == nil || k.KR.LastCheckInAt.Before(weekStart) {
			data.Due = append(data.Due, k)
		}
	}
	s.setQuick(p, dir, &period, dueObjectives(data.Due), quickDue, p.Path)
	data.Summary = view.Summarize(data.Mine, okr.ExpectedProgress(&period, p.Now))
	data.WhyExpected = p.whyExpected(nil, &period, okr.Pace{LineFrom: okr.LineFromPeriodStart}) // the share of the period gone
	return s.page(w, r, http.StatusOK, p, HomePage(p, data))
}

// checkInKRs returns the key results the person checks in weekly, in board
// order: the ones they own, and the ones without an owner of their own in
// objectives the person owns or whose unit they lead.
func checkInKRs(b *view.Board, dir *view.Directory, personID int64) []*view.KRView {
	var out []*view.KRView
	for _, o := range b.Objs {
		if o.O.State == okr.StateClosed {
			continue
		}
		ownsObj := o.O.Owner.PersonID != nil && *o.O.Owner.PersonID == personID
		if o.O.Owner.UnitID != nil {
			if u := dir.Units[*o.O.Owner.UnitID]; u != nil && containsID(u.LeadIDs, personID) {
				ownsObj = true
			}
		}
		for _, k := range o.KRs {
			own := k.KR.Owner.PersonID != nil && *k.KR.Owner.PersonID == personID
			unowned := k.KR.Owner.PersonID == nil && k.KR.Owner.UnitID == nil
			if own || (unowned && ownsObj) {
				out = append(out, k)
			}
		}
	}
	return out
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// startOfWeek returns Monday 00:00 UTC of t's week.
func startOfWeek(t time.Time) time.Time {
	t = t.UTC()
	d := (int(t.Weekday()) + 6) % 7
	return time.Date(t.Year(), t.Month(), t.Day()-d, 0, 0, 0, 0, time.UTC)
}

// pickPeriod returns the period chosen by the "period" query parameter, else
// the current period, and all periods for the picker. A zero period means
// the organisation has none yet.
func (s *Server) pickPeriod(ctx context.Context, r *http.Request, orgID int64) (okr.Period, []okr.Period, error) {
	periods, err := s.listPeriods(ctx, orgID)
	if err != nil {
		return okr.Period{}, nil, err
	}
	if id, err := strconv.ParseInt(r.URL.Query().Get("period"), 10, 64); err == nil {
		for _, p := range periods {
			if p.ID == id {
				return p, periods, nil
			}
		}
		return okr.Period{}, nil, notFound()
	}
	if len(periods) == 0 {
		return okr.Period{}, nil, nil
	}
	cur, ok := okr.CurrentPeriod(periods, s.now())
	if !ok {
		return periods[len(periods)-1], periods, nil
	}
	return cur, periods, nil
}

// meanOrDash is the summary's mean progress, or "–" when there is no key
// result to average.
func meanOrDash(p *Page, s view.Summary) string {
	if s.KeyResults == 0 || s.Counted == 0 {
		return "–"
	}
	return p.L.Pct(s.Mean)
}
