package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/okr-dev/okr/internal/coach"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// reviewObj is an objective at the period review: its key results with
// their grades, its score (ungraded key results count with their suggested
// score) and the verdict against the organisation's band.
type reviewObj struct {
	*view.ObjView
	KRs      []*reviewKR
	Score    float64
	HasScore bool
	Verdict  okr.Verdict
	Graded   int
	WhyScore Why
	CanGrade bool
}

// reviewKR is a key result at the review.
type reviewKR struct {
	*view.KRView
	Grade     *okr.Grade
	Suggested float64
}

// Score is the KR's grade, else its suggested score.
func (k *reviewKR) Score() float64 {
	if k.Grade != nil {
		return k.Grade.Score
	}
	return k.Suggested
}

// AllGraded reports whether every key result of the objective is graded.
func (o *reviewObj) AllGraded() bool { return o.Graded == len(o.KRs) }

// review is a period's review: every published or closed objective with
// its score, and the totals.
type review struct {
	Period   okr.Period
	Periods  []okr.Period
	Objs     []*reviewObj
	Mean     float64 // mean objective score
	HasMean  bool
	Verdict  okr.Verdict
	Verdicts map[string]int // objectives per verdict
	KRs      int
	Graded   int
	Band     [2]float64
	Ended    bool // the period is over
	Findings []coach.Finding
	// Calibration compares the period's confidences with its grades, once
	// the period has ended.
	Calibration *calibrationView
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	p := s.newPage(r, "review", "review.title", nil)
	period, periods, err := s.reviewPeriod(ctx, r, v.Org.ID)
	if err != nil {
		return err
	}
	rv := &review{Period: period, Periods: periods}
	if period.ID != 0 {
		if rv, err = s.loadReview(ctx, p, period); err != nil {
			return err
		}
		rv.Periods = periods
	}
	return s.page(w, r, http.StatusOK, p, ReviewPage(p, rv))
}

// reviewPeriod returns the period of the "period" query parameter, else
// the latest period that has ended (the one to review), else the current
// one.
func (s *Server) reviewPeriod(ctx context.Context, r *http.Request, orgID int64) (okr.Period, []okr.Period, error) {
	if r.URL.Query().Get("period") != "" {
		return s.pickPeriod(ctx, r, orgID)
	}
	periods, err := s.listPeriods(ctx, orgID)
	if err != nil || len(periods) == 0 {
		return okr.Period{}, periods, err
	}
	now := s.now()
	var best *okr.Period
	for i := range periods {
		pr := &periods[i]
		if pr.Archived || !pr.End.Add(24*time.Hour).Before(now) {
			continue
		}
		if best == nil || pr.End.After(best.End) {
			best = pr
		}
	}
	if best != nil {
		return *best, periods, nil
	}
	return s.pickPeriod(ctx, r, orgID)
}

// loadReview reads the period's objectives, key results and grades (a fixed
// number of queries) and computes scores and verdicts. Drafts are not part
// of a review.
func (s *Server) loadReview(ctx context.Context, p *Page, period okr.Period) (*review, error) {
	v := p.Viewer
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return nil, err
	}
	b, _, err := s.loadBoard(ctx, v.Org.ID, period, dir, store.ObjectiveFilter{})
	if err != nil {
		return nil, err
	}
	var krIDs []int64
	for _, o := range b.Objs {
		for _, k := range o.KRs {
			krIDs = append(krIDs, k.KR.ID)
		}
	}
	grades, err := s.DB.ListGrades(ctx, v.Org.ID, krIDs)
	if err != nil {
		return nil, err
	}
	set := v.Org.Settings
	rv := &review{Period: period, Verdicts: map[string]int{}, Band: [2]float64{set.BandLow, set.BandHigh},
		Ended: period.End.Add(24 * time.Hour).Before(p.Now)}
	var sum float64
	for _, o := range b.Objs {
		if o.O.State == okr.StateDraft {
			continue
		}
		ro := p.reviewObjective(o, grades)
		ro.CanGrade = mayEditObjective(v, dir, &o.O)
		rv.Objs = append(rv.Objs, ro)
		rv.KRs += len(ro.KRs)
		rv.Graded += ro.Graded
		if ro.HasScore {
			sum += ro.Score
			rv.Verdicts[string(ro.Verdict)]++
		}
	}
	if n := len(rv.Verdicts); n > 0 {
		count := 0
		for _, c := range rv.Verdicts {
			count += c
		}
		rv.Mean, rv.HasMean = sum/float64(count), true
		rv.Verdict = okr.VerdictFor(rv.Mean, set.BandLow, set.BandHigh)
	}
	rv.Findings = s.reviewFindings(p, dir, b, grades)
	if rv.Ended {
		if rv.Calibration, err = s.reviewCalibration(ctx, p, dir, period); err != nil {
			return nil, err
		}
	}
	return rv, nil
}

// reviewObjective scores one objective of the board.
func (p *Page) reviewObjective(o *view.ObjView, grades map[int64]*okr.Grade) *reviewObj {
	ro := &reviewObj{ObjView: o}
	krs := make([]*okr.KeyResult, len(o.KRs))
	for i, k := range o.KRs {
		krs[i] = &k.KR
		rk := &reviewKR{KRView: k, Grade: grades[k.KR.ID], Suggested: okr.SuggestedScore(&k.KR)}
		if rk.Grade != nil {
			ro.Graded++
		}
		ro.KRs = append(ro.KRs, rk)
	}
	e := okr.ExplainObjectiveScore(krs, grades)
	ro.Score, ro.HasScore = e.Result, len(e.Terms) > 0
	set := p.Viewer.Org.Settings
	ro.Verdict = okr.VerdictFor(ro.Score, set.BandLow, set.BandHigh)
	ro.WhyScore = p.whyScore(e, len(krs)-ro.Graded)
	return ro
}

// whyScore explains an objective's score.
func (p *Page) whyScore(e okr.Explanation, ungraded int) Why {
	w := Why{Summary: p.L.T("why.label", "Value", p.L.Pct(e.Result)), Formula: p.L.T("review.why_score"), Result: p.L.Pct(e.Result)}
	for _, t := range e.Terms {
		w.Terms = append(w.Terms, WhyTerm{Title: t.Title, Href: "#kr-" + strconv.FormatInt(t.ID, 10), Value: p.L.Pct(t.Value), Weight: p.L.Number(t.Weight, 2)})
	}
	if ungraded > 0 {
		w.Note = p.L.N("review.why_ungraded", ungraded)
	}
	return w
}

// mayEditObjective applies okr.Actor.MayEditObjective for buttons on lists,
// where asking the store per objective would be a query per row: admins,
// the owner person, and leads of the owner unit or a unit above it. The
// store still checks every write.
func mayEditObjective(v *Viewer, dir *view.Directory, o *okr.Objective) bool {
	a := okr.Actor{PersonID: v.Person.ID, Role: v.Person.Role}
	if u := o.Owner.UnitID; u != nil && o.Owner.PersonID == nil && !v.IsAdmin() {
		a.Leads = map[int64]bool{*u: dir.Leads(v.Person.ID, dir.Units[*u])}
	}
	return a.MayEditObjective(o)
}

// reviewFindings are the coach's grading findings for the period: all
// scores perfect, or the mean below the band.
func (s *Server) reviewFindings(p *Page, dir *view.Directory, b *view.Board, grades map[int64]*okr.Grade) []coach.Finding {
	set := coach.Set{Now: p.Now, Periods: []*okr.Period{&b.Period}}
	for _, o := range b.Objs {
		set.Objectives = append(set.Objectives, &o.O)
		for _, k := range o.KRs {
			set.KeyResults = append(set.KeyResults, &k.KR)
		}
	}
	for _, u := range dir.Units {
		set.Units = append(set.Units, u)
	}
	for _, g := range grades {
		set.Grades = append(set.Grades, g)
	}
	var out []coach.Finding
	for _, f := range coachFor(p).CheckSet(set) {
		if f.RuleID == coach.RuleGradingAllPerfect || f.RuleID == coach.RuleGradingTooLow {
			out = append(out, f)
		}
	}
	return out
}

// reviewReport is the read-only review of a period, to share with the
// whole company: scores, verdicts, every key result's grade and note, and
// each objective's reflection.
func (s *Server) reviewReport(w http.ResponseWriter, r *http.Request) error {
	p, rv, err := s.loadReport(r.Context(), r)
	if err != nil {
		return err
	}
	return s.page(w, r, http.StatusOK, p, ReviewReportPage(p, rv))
}

// levelRank orders levels from the company down.
func levelRank(l okr.Level) int {
	switch l {
	case okr.LevelCompany:
		return 0
	case okr.LevelDepartment:
		return 1
	case okr.LevelTeam:
		return 2
	}
	return 3
}
