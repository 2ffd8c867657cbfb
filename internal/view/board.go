package view

import (
	"slices"
	"sort"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// Board is a set of objectives of one period with their key results and
// every number the pages show, computed once per request from a fixed
// number of queries (objectives, key results, units, people) whatever the
// number of rows. A board belongs to the request that built it.
type Board struct {
	Period okr.Period
	Now    time.Time
	Dir    *Directory
	Objs   []*ObjView // sorted by owner rank, then id
	ByID   map[int64]*ObjView
	KRByID map[int64]*KRView
	extra  []*ObjView // not listed: only their figures and links count (NewScopedBoard)
}

// ObjView is an objective with what the pages show about it.
type ObjView struct {
	O         okr.Objective
	Owner     Owner
	KRs       []*KRView
	Progress  float64 // own progress from its key results
	HasKRs    bool
	Rollup    float64 // weighted mean of its children (aligned below)
	HasRollup bool
	Status    okr.Status
	Expected  float64 // along the objective's expected line (okr.ObjectiveExpected)
	// Final reports that the objective is graded or closed and has key
	// results (okr.OwnFigure): it shows Score with Verdict and no pace,
	// and its parent's roll-up counts Score instead of Progress.
	Final    bool
	Score    float64
	Verdict  okr.Verdict
	Parent   *ObjView   // nil when none or outside the board
	Children []*ObjView // aligned below, inside the board
	Contribs []*ObjView // "contributes to", inside the board
	// ContribBy are the board's objectives that contribute to this one.
	ContribBy []*ObjView
}

// Shown is the progress figure that represents the objective: its own
// progress, or its roll-up when it has no key results of its own.
func (o *ObjView) Shown() float64 {
	v, _ := okr.Contribution(o.O.State, o.own(), o.HasKRs, o.Rollup, o.HasRollup)
	return v
}

// own is the figure of the objective's own key results: its final score
// once final, else its progress.
func (o *ObjView) own() float64 {
	if o.Final {
		return o.Score
	}
	return o.Progress
}

// Counts reports whether the objective counts in averages and roll-ups
// (okr.CountsInAverages: a draft does not).
func (o *ObjView) Counts() bool { return okr.CountsInAverages(o.O.State) }

// Draft reports whether the objective is not published yet.
func (o *ObjView) Draft() bool { return o.O.State == okr.StateDraft }

// KRView is a key result with what the pages show about it.
type KRView struct {
	KR       okr.KeyResult
	Obj      *ObjView
	Owner    Owner // the KR's own owner, else the objective's
	Progress float64
	Status   okr.Status
	Expected float64
	// Final reports that the key result is graded or its objective closed
	// (okr.KRFigure): it shows Score with Verdict instead of its pace.
	Final   bool
	Score   float64
	Verdict okr.Verdict
}

// Stale reports whether the KR needs a check-in.
func (k *KRView) Stale() bool { return k.Status == okr.StatusStale }

// NewBoard computes progress, status, roll-ups and links of objs and krs
// at now.
func NewBoard(period okr.Period, now time.Time, dir *Directory, objs []okr.Objective, krs []okr.KeyResult) *Board {
	return NewScopedBoard(period, now, dir, objs, nil, krs)
}

// NewScopedBoard is NewBoard for objs and extra, the objectives that the
// figures and links of objs need (store.ListObjectiveContext): extra ones
// get figures and links too but are not listed in Objs.
func NewScopedBoard(period okr.Period, now time.Time, dir *Directory, objs, extra []okr.Objective, krs []okr.KeyResult) *Board {
	return newScopedBoard(period, now, dir, objs, extra, [][]okr.KeyResult{krs})
}

// newScopedBoard is NewScopedBoard with the key results in groups (as
// Model.keyResultGroups returns them), copied once into the board.
func newScopedBoard(period okr.Period, now time.Time, dir *Directory, objs, extra []okr.Objective, groups [][]okr.KeyResult) *Board {
	nKRs := 0
	for _, g := range groups {
		nKRs += len(g)
	}
	b := &Board{Period: period, Now: now, Dir: dir, ByID: make(map[int64]*ObjView, len(objs)+len(extra)),
		KRByID: make(map[int64]*KRView, nKRs), Objs: make([]*ObjView, 0, len(objs))}
	// The views in two arrays rather than one allocation each: the
	// alignment map's board holds 600 objectives and 1,800 key results,
	// and the collector's work grows with the number of objects.
	views := make([]ObjView, len(objs)+len(extra))
	for i := range objs {
		o := &views[i]
		*o = ObjView{O: objs[i], Owner: dir.Owner(objs[i].Owner)}
		b.Objs = append(b.Objs, o)
		b.ByID[o.O.ID] = o
	}
	for i := range extra {
		if b.ByID[extra[i].ID] != nil {
			continue
		}
		o := &views[len(objs)+i]
		*o = ObjView{O: extra[i], Owner: dir.Owner(extra[i].Owner)}
		b.extra = append(b.extra, o)
		b.ByID[o.O.ID] = o
	}
	krViews := make([]KRView, 0, nKRs)
	for _, krs := range groups {
		for i := range krs {
			o := b.ByID[krs[i].ObjectiveID]
			if o == nil {
				continue
			}
			krViews = append(krViews, KRView{KR: krs[i], Obj: o})
			k := &krViews[len(krViews)-1]
			b.KRByID[k.KR.ID] = k
			o.KRs = append(o.KRs, k)
		}
	}
	for _, o := range b.Objs {
		b.computeOwn(o)
	}
	for _, o := range b.extra {
		b.computeOwn(o)
	}
	b.link()
	b.computeRollups()
	sort.SliceStable(b.Objs, func(i, j int) bool {
		ri, ni := dir.Rank(b.Objs[i].O.Owner)
		rj, nj := dir.Rank(b.Objs[j].O.Owner)
		if ri != rj {
			return ri < rj
		}
		if ni != nj {
			return ni < nj
		}
		return b.Objs[i].O.ID < b.Objs[j].O.ID
	})
	return b
}

// computeOwn sets the KRs' and the objective's own progress, status and,
// once final, score and verdict, by the organisation's pace and band
// (Directory.Settings).
func (b *Board) computeOwn(o *ObjView) {
	set := &b.Dir.Settings
	pace := set.Pace()
	ptrs := make([]*okr.KeyResult, len(o.KRs))
	for i, k := range o.KRs {
		ptrs[i] = &k.KR
		k.Progress = k.KR.Progress()
		k.Status = okr.KRStatus(&k.KR, &o.O, &b.Period, pace, b.Now)
		k.Expected = okr.KRExpected(&k.KR, &o.O, &b.Period, pace, b.Now)
		if k.Score, k.Final = okr.KRFigure(&k.KR, &o.O); k.Final {
			k.Verdict = okr.VerdictFor(k.Score, set.BandLow, set.BandHigh)
		}
		k.Owner = o.Owner
		if k.KR.Owner.PersonID != nil || k.KR.Owner.UnitID != nil {
			k.Owner = b.Dir.Owner(k.KR.Owner)
		}
	}
	o.Progress, o.HasKRs = okr.ObjectiveProgress(&o.O, ptrs)
	var own float64
	if own, _, o.Final = okr.OwnFigure(&o.O, ptrs); o.Final {
		o.Score, o.Verdict = own, okr.VerdictFor(own, set.BandLow, set.BandHigh)
	}
	o.Expected = okr.ObjectiveExpected(&o.O, &b.Period, pace, b.Now)
	o.Status = okr.ObjectiveStatus(&o.O, ptrs, &b.Period, pace, b.Now)
}

// link fills Parent, Children, Contribs and ContribBy within the board.
func (b *Board) link() {
	for _, o := range slices.Concat(b.Objs, b.extra) {
		if o.O.ParentID != nil {
			if p := b.ByID[*o.O.ParentID]; p != nil {
				o.Parent = p
				p.Children = append(p.Children, o)
			}
		}
		for _, id := range o.O.Contributes {
			if t := b.ByID[id]; t != nil {
				o.Contribs = append(o.Contribs, t)
				t.ContribBy = append(t.ContribBy, o)
			}
		}
	}
}

// computeRollups sets each objective's roll-up from its children, bottom
// up: a child counts with its own progress, or with its roll-up when it has
// no key results (okr.ExplainRollup). A parent cycle (which the store
// forbids) is cut rather than looped.
func (b *Board) computeRollups() {
	state := map[int64]int{} // 0 new, 1 in progress, 2 done
	var visit func(o *ObjView)
	visit = func(o *ObjView) {
		if state[o.O.ID] != 0 {
			return
		}
		state[o.O.ID] = 1
		for _, c := range o.Children {
			visit(c)
		}
		e := b.ExplainRollup(o)
		o.Rollup, o.HasRollup = e.Result, len(e.Terms) > 0
		if o.HasRollup && !o.HasKRs && !o.Status.Final() {
			o.Status = okr.PaceStatus(o.Rollup, o.Expected, false)
		}
		state[o.O.ID] = 2
	}
	for _, o := range b.Objs {
		visit(o)
	}
}

// ExplainRollup explains o's roll-up from its children on the board: a
// graded or closed child counts with its final score.
func (b *Board) ExplainRollup(o *ObjView) okr.Explanation {
	children := make([]*okr.Objective, 0, len(o.Children))
	figures := map[int64]okr.ChildFigure{}
	for _, c := range o.Children {
		children = append(children, &c.O)
		if v, ok := okr.Contribution(c.O.State, c.own(), c.HasKRs, c.Rollup, c.HasRollup); ok {
			figures[c.O.ID] = okr.ChildFigure{Value: v, Final: c.Final && c.HasKRs}
		}
	}
	return okr.ExplainRollup(children, figures)
}

// Summary counts a list of objectives by status for the summary tiles.
type Summary struct {
	Objectives, KeyResults        int
	Counted                       int     // objectives in Mean: not drafts
	Mean                          float64 // mean shown progress of the objectives that count
	Ahead, OnTrack, Behind, Stale int     // key results of the objectives that count, by status
	NotStarted, Final             int     // … not started yet; graded or closed
	Expected                      float64
}

// Summarize counts objs, with expected as the expected progress. Drafts
// are counted among the objectives and key results but left out of the
// mean and the statuses (okr.CountsInAverages).
func Summarize(objs []*ObjView, expected float64) Summary {
	s := Summary{Objectives: len(objs), Expected: expected}
	for _, o := range objs {
		s.KeyResults += len(o.KRs)
		if !o.Counts() {
			continue
		}
		s.Counted++
		s.Mean += o.Shown()
		for _, k := range o.KRs {
			switch k.Status {
			case okr.StatusAhead:
				s.Ahead++
			case okr.StatusOnTrack:
				s.OnTrack++
			case okr.StatusBehind:
				s.Behind++
			case okr.StatusStale:
				s.Stale++
			case okr.StatusNotStarted:
				s.NotStarted++
			case okr.StatusGraded, okr.StatusClosed:
				s.Final++
			}
		}
	}
	if s.Counted > 0 {
		s.Mean /= float64(s.Counted)
	}
	return s
}
