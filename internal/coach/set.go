package coach

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// Set is an organisation's OKRs as stored: plain okr values, linked by id.
// Units and People give levels and owner names; Periods, when given, stop
// the stale check once a period has ended or closed. Archived objects are
// ignored.
type Set struct {
	Now        time.Time
	Units      []*okr.Unit
	People     []*okr.Person
	Periods    []*okr.Period
	Objectives []*okr.Objective
	KeyResults []*okr.KeyResult
	Grades     []*okr.Grade
}

// setIndex is a Set looked up by id.
type setIndex struct {
	units   map[int64]*okr.Unit
	people  map[int64]*okr.Person
	periods map[int64]*okr.Period
	krs     map[int64][]*okr.KeyResult // by objective id, non-archived, by position
	grades  map[int64]*okr.Grade       // by KR id
}

func indexSet(s Set) *setIndex {
	ix := &setIndex{units: map[int64]*okr.Unit{}, people: map[int64]*okr.Person{}, periods: map[int64]*okr.Period{},
		krs: map[int64][]*okr.KeyResult{}, grades: map[int64]*okr.Grade{}}
	for _, u := range s.Units {
		ix.units[u.ID] = u
	}
	for _, p := range s.People {
		ix.people[p.ID] = p
	}
	for _, p := range s.Periods {
		ix.periods[p.ID] = p
	}
	for _, kr := range s.KeyResults {
		if !kr.Archived {
			ix.krs[kr.ObjectiveID] = append(ix.krs[kr.ObjectiveID], kr)
		}
	}
	for _, krs := range ix.krs {
		sort.SliceStable(krs, func(i, j int) bool { return krs[i].Position < krs[j].Position })
	}
	for _, g := range s.Grades {
		ix.grades[g.KeyResultID] = g
	}
	return ix
}

// CheckSet applies the rules that look at many objectives at once, for an
// "OKR health" view: the number of objectives per owner and period, periods
// with only company-level objectives, the number of key results of each
// objective, objectives that are not aligned, published key results without
// a recent check-in, and grading verdicts. It does not read texts; CheckAll
// does both. Findings about periods and owners come first, then those about
// each objective and its key results in the order of s.Objectives.
func (c *Coach) CheckSet(s Set) []Finding {
	ix := indexSet(s)
	r := &report{c: c}
	c.checkPeriods(r, s, ix)
	for _, o := range s.Objectives {
		if !o.Archived {
			c.checkKRCount(r, len(ix.krs[o.ID]), Target{Kind: TargetObjective, ID: o.ID})
			c.checkStored(r, s, ix, o)
		}
	}
	return r.out
}

// CheckAll checks stored OKRs completely: CheckSet, plus CheckObjective on
// every objective with its key results. Text findings carry the objective's
// and key results' ids in their targets (Index is the KR's position among
// its objective's non-archived key results).
func (c *Coach) CheckAll(s Set) []Finding {
	ix := indexSet(s)
	r := &report{c: c}
	c.checkPeriods(r, s, ix)
	for _, o := range s.Objectives {
		if o.Archived {
			continue
		}
		krs := ix.krs[o.ID]
		d := Draft{Title: o.Title, Description: o.Description}
		for _, kr := range krs {
			d.KeyResults = append(d.KeyResults, KRDraft{Title: kr.Title, Metric: &kr.Metric})
		}
		for _, f := range c.CheckObjective(d) {
			f.Target.ID, f.Target.ObjectiveID = o.ID, 0
			if f.Target.Kind == TargetKeyResult {
				f.Target.ID, f.Target.ObjectiveID = krs[f.Target.Index].ID, o.ID
			}
			r.out = append(r.out, f)
		}
		c.checkStored(r, s, ix, o)
	}
	return r.out
}

// checkPeriods reports objective counts per owner and period, and periods
// where every objective is at company level.
func (c *Coach) checkPeriods(r *report, s Set, ix *setIndex) {
	type group struct {
		owner  okr.Owner
		period int64
		n      int
	}
	groups := map[string]*group{}
	var keys []string
	company := map[int64]int{} // period -> company-level objectives, or -1 once another level is seen
	var periods []int64
	for _, o := range s.Objectives {
		if o.Archived {
			continue
		}
		k := fmt.Sprintf("%d/%s", o.PeriodID, ownerKey(o.Owner))
		if groups[k] == nil {
			groups[k] = &group{owner: o.Owner, period: o.PeriodID}
			keys = append(keys, k)
		}
		groups[k].n++
		if _, seen := company[o.PeriodID]; !seen {
			periods = append(periods, o.PeriodID)
		}
		if okr.LevelOf(o.Owner, ix.units) != okr.LevelCompany {
			company[o.PeriodID] = -1
		} else if company[o.PeriodID] >= 0 {
			company[o.PeriodID]++
		}
	}
	for _, p := range periods {
		if n := company[p]; n > 0 {
			r.add(spec{rule: RuleOnlyCompanyOKRs, key: RuleOnlyCompanyOKRs, field: "objectives",
				target: Target{Kind: TargetPeriod, PeriodID: p}, args: map[string]string{"n": strconv.Itoa(n)}})
		}
	}
	for _, k := range keys {
		g := groups[k]
		soft, hard := c.settings.MaxObjectives, c.settings.MaxObjectivesHard
		if g.n <= soft {
			continue
		}
		owner := g.owner
		sp := spec{rule: RuleObjectiveCount, key: RuleObjectiveCount + ".warning", field: "objectives",
			target: Target{Kind: TargetOwner, PeriodID: g.period, Owner: &owner},
			args:   map[string]string{"owner": ix.ownerName(g.owner), "n": strconv.Itoa(g.n), "max": strconv.Itoa(soft), "soft": strconv.Itoa(soft)}}
		if g.n > hard {
			sp.key, sp.escalate, sp.args["max"] = RuleObjectiveCount+".error", true, strconv.Itoa(hard)
		}
		r.add(sp)
	}
}

func ownerKey(o okr.Owner) string {
	switch {
	case o.PersonID != nil:
		return "p" + strconv.FormatInt(*o.PersonID, 10)
	case o.UnitID != nil:
		return "u" + strconv.FormatInt(*o.UnitID, 10)
	}
	return "company"
}

// ownerName returns the name of a unit or person, or "" when unknown.
func (ix *setIndex) ownerName(o okr.Owner) string {
	if o.PersonID != nil {
		if p := ix.people[*o.PersonID]; p != nil {
			return p.Name
		}
	} else if o.UnitID != nil {
		if u := ix.units[*o.UnitID]; u != nil {
			return u.Name
		}
	}
	return ""
}

// checkStored applies the per-objective set rules to o: alignment, stale
// key results and grading.
func (c *Coach) checkStored(r *report, s Set, ix *setIndex, o *okr.Objective) {
	t := Target{Kind: TargetObjective, ID: o.ID}
	if okr.LevelOf(o.Owner, ix.units) != okr.LevelCompany && o.ParentID == nil && len(o.Contributes) == 0 {
		r.add(spec{rule: RuleObjectiveNotAligned, key: RuleObjectiveNotAligned, target: t, field: "alignment"})
	}
	krs := ix.krs[o.ID]
	if o.State == okr.StatePublished {
		for i, kr := range krs {
			if since, ok := ix.staleSince(kr, o, c.settings.Pace(), s.Now); ok {
				days := int(s.Now.Sub(since) / (24 * time.Hour))
				r.add(spec{rule: RuleKRStale, key: RuleKRStale, field: "check_ins",
					target: Target{Kind: TargetKeyResult, Index: i, ID: kr.ID, ObjectiveID: o.ID},
					args:   map[string]string{"days": strconv.Itoa(days)}})
			}
		}
	}
	c.checkGrades(r, krs, ix.grades, t)
}

// staleSince reports whether a published key result of o is stale at now
// by the organisation's pace (okr.CheckInDue, the rule the pages show), and
// since when it has waited for a check-in: its last check-in, else its
// publishing (the later of o's publish date and its creation), else (for
// KRs from a file, which carry neither) the start of its period. A KR in a
// period that has closed, ended or not yet begun is never stale, and
// neither is one with no known start.
func (ix *setIndex) staleSince(kr *okr.KeyResult, o *okr.Objective, pace okr.Pace, now time.Time) (time.Time, bool) {
	p := ix.periods[o.PeriodID]
	if p != nil && (p.Closed || now.Before(p.Start)) {
		return time.Time{}, false
	}
	k := *kr
	if k.CreatedAt.IsZero() && o.PublishedAt == nil && p != nil {
		k.CreatedAt = p.Start
	}
	if p == nil {
		p = &okr.Period{End: now.AddDate(1, 0, 0)} // no period: never over
	}
	since, due := okr.CheckInDue(&k, o, p, pace, now)
	return since, due && !since.IsZero()
}

// checkGrades gives the grading verdict of an objective whose key results
// are all graded: every score 100 % is not ambitious enough, a mean below
// the band is too ambitious.
func (c *Coach) checkGrades(r *report, krs []*okr.KeyResult, grades map[int64]*okr.Grade, t Target) {
	if len(krs) == 0 {
		return
	}
	perfect := true
	for _, kr := range krs {
		g, ok := grades[kr.ID]
		if !ok {
			return // not graded yet
		}
		perfect = perfect && g.Score >= 1
	}
	pct := func(x float64) string { return strconv.Itoa(int(math.Round(x * 100))) }
	args := map[string]string{"low": pct(c.settings.BandLow), "high": pct(c.settings.BandHigh)}
	if perfect {
		r.add(spec{rule: RuleGradingAllPerfect, key: RuleGradingAllPerfect, target: t, field: "grades", args: args})
		return
	}
	score, _ := okr.ObjectiveScore(krs, grades)
	if okr.VerdictFor(score, c.settings.BandLow, c.settings.BandHigh) == okr.VerdictTooAmbitious {
		args["score"] = pct(score)
		r.add(spec{rule: RuleGradingTooLow, key: RuleGradingTooLow, target: t, field: "grades", args: args})
	}
}
