package okr

import (
	"fmt"
	"time"
)

// The status of a key result and of an objective: one rule, here, which
// boards, the API, explanations and the coach all call with the
// organisation's Pace.
//
//	graded       the key result has a grade (its score is final)
//	closed       its objective is closed (its figure is final: its score,
//	             or its progress as the suggested score when ungraded)
//	not started  no check-in yet, and the check-in interval has not passed
//	             since it was published (the later of its objective's publish
//	             date and its own creation)
//	stale        published, the period not over, and no check-in for longer
//	             than the check-in interval (since the last check-in, or since
//	             it was published when it never had one)
//	ahead, on track, behind
//	             progress against the expected line, which runs from the
//	             period's start (or, by default, the later of the period's
//	             start and the objective's publish date) to the period's end
//
// An objective is closed when closed, graded when every active key result
// is graded, not started when every active key result is not started,
// stale when published and every active key result is stale, else its
// progress against its expected line.

// Status is a KR's or objective's pace against the period, or that it is
// not started yet, or final (graded or closed).
type Status string

const (
	StatusAhead      Status = "ahead"
	StatusOnTrack    Status = "on_track"
	StatusBehind     Status = "behind"
	StatusStale      Status = "stale"
	StatusNotStarted Status = "not_started"
	StatusGraded     Status = "graded"
	StatusClosed     Status = "closed"
)

// Statuses lists every status, for enums and messages.
func Statuses() []Status {
	return []Status{StatusNotStarted, StatusAhead, StatusOnTrack, StatusBehind, StatusStale, StatusGraded, StatusClosed}
}

// Final reports whether s is an end-of-period status: the figure is a
// score, not live progress, and there is no pace.
func (s Status) Final() bool { return s == StatusGraded || s == StatusClosed }

// PaceTolerance is how far (as a fraction) progress may lag or lead the
// expected progress and still be "on track".
const PaceTolerance = 0.10

// DefaultCheckInDays is the check-in interval of a new organisation;
// MaxCheckInDays the longest one may set.
const (
	DefaultCheckInDays = 7
	MaxCheckInDays     = 92
)

// LineStart is where an objective's expected line starts.
type LineStart string

const (
	// LineFromPublish starts the line at the later of the period's start
	// and the objective's publish date: a team that publishes in week 2
	// does not start behind. The default.
	LineFromPublish LineStart = "publish"
	// LineFromPeriodStart starts every objective's line at the period's
	// start: an objective published late starts behind.
	LineFromPeriodStart LineStart = "period_start"
)

// LineStarts lists the choices of OrgSettings.ExpectedFrom.
func LineStarts() []LineStart { return []LineStart{LineFromPublish, LineFromPeriodStart} }

// Pace is what statuses are measured with: the organisation's check-in
// interval and where expected lines start (OrgSettings.Pace).
type Pace struct {
	CheckInEvery time.Duration
	LineFrom     LineStart
	// Holidays stop the "not updated" clock (CheckInDue): only working
	// time counts towards CheckInEvery.
	Holidays Calendar
}

// Pace returns the settings' pace; a missing or invalid value counts as
// its default (7 days, from the publish date).
func (s OrgSettings) Pace() Pace {
	days := s.CheckInDays
	if days <= 0 || days > MaxCheckInDays {
		days = DefaultCheckInDays
	}
	from := s.ExpectedFrom
	if from != LineFromPeriodStart {
		from = LineFromPublish
	}
	return Pace{CheckInEvery: time.Duration(days) * 24 * time.Hour, LineFrom: from, Holidays: s.Calendar()}
}

// DefaultPace is the pace of the default settings.
func DefaultPace() Pace { return DefaultSettings().Pace() }

// Days is the check-in interval in whole days.
func (pace Pace) Days() int { return int(pace.CheckInEvery / (24 * time.Hour)) }

// LineStart returns when o's expected line starts in period p: the period's
// start, or with LineFromPublish the later of it and o's publish date (o
// unpublished: the period's start).
func (pace Pace) LineStart(o *Objective, p *Period) time.Time {
	start := p.Start
	if pace.LineFrom != LineFromPeriodStart && o != nil && o.PublishedAt != nil && o.PublishedAt.After(start) {
		start = *o.PublishedAt
	}
	return start
}

// ObjectiveExpected returns the progress o is expected to have at now: the
// share of its expected line, from pace.LineStart to the end of the
// period, gone by.
func ObjectiveExpected(o *Objective, p *Period, pace Pace, now time.Time) float64 {
	return expectedBetween(pace.LineStart(o, p), p.End.Add(24*time.Hour), now)
}

func expectedBetween(start, end, now time.Time) float64 {
	if !end.After(start) {
		return 1
	}
	return clamp01(float64(now.Sub(start)) / float64(end.Sub(start)))
}

// KRExpected returns the progress KRStatus expects of kr at now: its
// objective's expected progress (ObjectiveExpected), or for a threshold KR
// (stay above or below), which should hold all along, 1 − PaceTolerance.
func KRExpected(kr *KeyResult, o *Objective, p *Period, pace Pace, now time.Time) float64 {
	if kr.Metric.Kind.IsThreshold() {
		return 1 - PaceTolerance
	}
	return ObjectiveExpected(o, p, pace, now)
}

// PublishedSince returns when kr went live: the later of its objective's
// publish date and its own creation (a key result added to a published
// objective is published when added). ok is false while o is a draft.
func PublishedSince(kr *KeyResult, o *Objective) (time.Time, bool) {
	if o.State == StateDraft {
		return time.Time{}, false
	}
	since := kr.CreatedAt
	if o.PublishedAt != nil && o.PublishedAt.After(since) {
		since = *o.PublishedAt
	}
	return since, !since.IsZero()
}

// CheckInDue returns since when kr has waited for a check-in, its last
// check-in or else PublishedSince, and whether it is overdue at now: o
// published, the period not over, kr neither archived nor graded, and
// longer than the check-in interval since then, counting only working time
// (the organisation's holidays and days off stop the clock).
func CheckInDue(kr *KeyResult, o *Objective, p *Period, pace Pace, now time.Time) (since time.Time, overdue bool) {
	if kr.LastCheckInAt != nil {
		since = *kr.LastCheckInAt
	} else if s, ok := PublishedSince(kr, o); ok {
		since = s
	} else {
		return time.Time{}, false
	}
	if o.State != StatePublished || kr.Archived || kr.Score != nil || PeriodOver(p, now) {
		return since, false
	}
	return since, pace.Holidays.WorkingTimeOver(since, now, pace.CheckInEvery)
}

// NotStarted reports whether kr has never been checked in.
func (kr *KeyResult) NotStarted() bool { return kr.LastCheckInAt == nil && kr.Current == nil }

// PaceStatus compares progress with expected progress: ahead when progress
// leads by more than PaceTolerance, behind when it lags by more, else on
// track. Stale overrides everything.
func PaceStatus(progress, expected float64, stale bool) Status {
	switch {
	case stale:
		return StatusStale
	case progress > expected+PaceTolerance:
		return StatusAhead
	case progress < expected-PaceTolerance:
		return StatusBehind
	}
	return StatusOnTrack
}

// KRStatus returns the status of kr, a key result of o, at now in period p.
// Threshold KRs (stay above/below) are expected to hold all along, so they
// are on track while they hold and behind when they do not.
func KRStatus(kr *KeyResult, o *Objective, p *Period, pace Pace, now time.Time) Status {
	switch {
	case kr.Score != nil:
		return StatusGraded
	case o.State == StateClosed:
		return StatusClosed
	}
	_, stale := CheckInDue(kr, o, p, pace, now)
	if kr.NotStarted() && !stale {
		return StatusNotStarted
	}
	return PaceStatus(kr.progress(), KRExpected(kr, o, p, pace, now), stale)
}

type statusExplanation struct {
	Explanation
	status Status
}

// Status returns the status string of a status explanation.
func (s statusExplanation) Status() Status { return s.status }

// ExplainKRStatus explains KRStatus.
func ExplainKRStatus(kr *KeyResult, o *Objective, p *Period, pace Pace, now time.Time) statusExplanation {
	prog := kr.Progress()
	exp := KRExpected(kr, o, p, pace, now)
	since, stale := CheckInDue(kr, o, p, pace, now)
	st := KRStatus(kr, o, p, pace, now)
	in := map[string]any{"progress": prog, "expected": exp, "stale": stale, "status": string(st),
		"check_in_days": pace.Days(), "expected_from": string(pace.LineFrom),
		"line_start": pace.LineStart(o, p).UTC().Format(time.RFC3339), "now": now.UTC().Format(time.RFC3339)}
	if !since.IsZero() {
		in["waiting_since"] = since.UTC().Format(time.RFC3339)
	}
	if kr.Score != nil {
		in["score"] = *kr.Score
	}
	e := Explanation{
		Quantity: "kr_status",
		Formula: fmt.Sprintf("graded once it has a grade; closed when its objective is closed; "+
			"not started until its first check-in, unless %d days (the check-in interval) have passed since it was published: then stale; "+
			"stale if published and no check-in for more than %d days; else ahead if progress > expected + %.0f pp, behind if progress < expected − %.0f pp, else on track; "+
			"expected = time elapsed since the line start / time from the line start to the period's end, the line start being %s",
			pace.Days(), pace.Days(), PaceTolerance*100, PaceTolerance*100, lineStartWords(pace)),
		Inputs: in,
		Result: prog,
	}
	if kr.Metric.Kind.IsThreshold() {
		e.Note = "a threshold key result is expected to hold all along: expected = 100 % − the tolerance"
	}
	return statusExplanation{e, st}
}

func lineStartWords(pace Pace) string {
	if pace.LineFrom == LineFromPeriodStart {
		return "the period's start"
	}
	return "the later of the period's start and the objective's publish date"
}

// ObjectiveFinal reports whether o's figures are final: it is closed, or it
// is published and every one of its active key results (at least one) has
// a grade. A final objective shows its score (FinalScore) with the verdict
// and no pace; its parent's roll-up counts the score.
func ObjectiveFinal(o *Objective, krs []*KeyResult) bool {
	switch o.State {
	case StateClosed:
		return true
	case StateDraft:
		return false
	}
	n := 0
	for _, kr := range krs {
		if kr.Archived || kr.ObjectiveID != o.ID {
			continue
		}
		if kr.Score == nil {
			return false
		}
		n++
	}
	return n > 0
}

// FinalScore returns the objective score of krs from the grades they carry
// (ObjectiveScore: an ungraded key result counts with its suggested score,
// its progress). ok is false without key results.
func FinalScore(krs []*KeyResult) (float64, bool) { return ObjectiveScore(krs, nil) }

// OwnFigure returns the figure o shows from its own key results and adds to
// its parent's roll-up: its final score (FinalScore) once it is final
// (ObjectiveFinal), else its progress. hasKRs is false without active key
// results.
func OwnFigure(o *Objective, krs []*KeyResult) (v float64, hasKRs, final bool) {
	v, hasKRs = objectiveProgress(o, krs)
	if hasKRs && ObjectiveFinal(o, krs) {
		v, _ = FinalScore(krs)
		return v, true, true
	}
	return v, hasKRs, false
}

// KRFigure returns the figure kr, a key result of o, shows: its grade's
// score once graded, its progress as its final (suggested) score when o is
// closed, else its live progress (final false).
func KRFigure(kr *KeyResult, o *Objective) (v float64, final bool) {
	switch {
	case kr.Score != nil:
		return *kr.Score, true
	case o.State == StateClosed:
		return kr.progress(), true
	}
	return kr.progress(), false
}

// ObjectiveStatus returns the objective's status (see the rules above).
func ObjectiveStatus(o *Objective, krs []*KeyResult, p *Period, pace Pace, now time.Time) Status {
	st, _, _ := objectiveStatus(o, krs, p, pace, now)
	return st
}

func objectiveStatus(o *Objective, krs []*KeyResult, p *Period, pace Pace, now time.Time) (st Status, prog, exp float64) {
	prog, ok := objectiveProgress(o, krs)
	exp = ObjectiveExpected(o, p, pace, now)
	switch {
	case o.State == StateClosed:
		return StatusClosed, prog, exp
	case ObjectiveFinal(o, krs):
		return StatusGraded, prog, exp
	}
	allNotStarted, allStale := true, ok // no key results: nothing started
	for _, kr := range krs {
		if kr.Archived || kr.ObjectiveID != o.ID {
			continue
		}
		switch KRStatus(kr, o, p, pace, now) {
		case StatusNotStarted:
			allStale = false
		case StatusStale:
			allNotStarted = false
		default:
			allStale, allNotStarted = false, false
		}
	}
	if allNotStarted {
		return StatusNotStarted, prog, exp
	}
	return PaceStatus(prog, exp, allStale), prog, exp
}

// ExplainObjectiveStatus explains ObjectiveStatus.
func ExplainObjectiveStatus(o *Objective, krs []*KeyResult, p *Period, pace Pace, now time.Time) Explanation {
	st, prog, exp := objectiveStatus(o, krs, p, pace, now)
	return Explanation{
		Quantity: "objective_status",
		Formula: fmt.Sprintf("closed when closed; graded when every key result is graded; not started when no key result has a check-in yet "+
			"(and the check-in interval of %d days has not passed since publishing); stale if published and every key result is stale; "+
			"else ahead if progress > expected + %.0f pp, behind if progress < expected − %.0f pp, else on track; "+
			"expected = time elapsed since the line start / time from the line start to the period's end, the line start being %s",
			pace.Days(), PaceTolerance*100, PaceTolerance*100, lineStartWords(pace)),
		Inputs: map[string]any{"progress": prog, "expected": exp, "status": string(st),
			"all_key_results_stale": st == StatusStale, "check_in_days": pace.Days(), "expected_from": string(pace.LineFrom),
			"line_start": pace.LineStart(o, p).UTC().Format(time.RFC3339), "now": now.UTC().Format(time.RFC3339)},
		Result: prog,
	}
}
