package api

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// How long a kept answer holds on the clock. Besides its stamps (answers.go),
// an answer about objectives depends on the clock only through their
// clock figures (clockFigures): the expected progress, to the 0.1 pp the
// wire form shows, and the statuses of each objective and its key results.
// Within a period each of them is a step function that moves one way
// only as time passes and nothing is written:
//
//   - the expected progress grows (a line clamped to 0–100 %);
//   - a key result's status goes from not started or its pace (ahead, on
//     track, behind, in that order as the expected progress grows) to stale
//     once the check-in interval of working time has passed, and stays
//     stale;
//   - an objective's status follows its key results' the same way: not
//     started while all of them are, then its pace, then stale once all of
//     them are.
//
// So figures that are the same at two instants of a period are the same at
// every instant between them (TestSteadyFiguresHoldBetweenTheirEnds). The
// end of the period breaks the rule: nothing is stale after it. An answer
// is therefore kept up to the last instant, before the period's end and
// within steadyHorizon, at which its figures are still those it was made
// with: found by halving, to steadyStep.
const (
	steadyHorizon = 24 * time.Hour
	steadyStep    = 30 * time.Second
)

// steadiness is what a request whose answer serveKept keeps learns of the
// clock: the answer's figures are those of every instant from from to last
// (set: the operation reported it; an answer nothing reported of is not
// kept).
type steadiness struct {
	mu         sync.Mutex
	set        bool
	from, last time.Time
}

type steadyKey struct{}

// withSteadiness returns ctx with a steadiness for the operation to report
// to.
func withSteadiness(ctx context.Context) (context.Context, *steadiness) {
	s := &steadiness{}
	return context.WithValue(ctx, steadyKey{}, s), s
}

// steadinessOf returns the steadiness of ctx, or nil when its answer is not
// kept.
func steadinessOf(ctx context.Context) *steadiness {
	s, _ := ctx.Value(steadyKey{}).(*steadiness)
	return s
}

// narrow records that the answer holds from from to last at most.
func (s *steadiness) narrow(from, last time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.set || from.After(s.from) {
		s.from = from
	}
	if !s.set || last.Before(s.last) {
		s.last = last
	}
	s.set = true
}

// clockFigure is one objective's or key result's clock figures.
type clockFigure struct {
	expected float64 // percent, as the wire form rounds it
	status   okr.Status
}

// clockFigures appends the clock figures of o and its active key results
// at t to dst.
func (n *numbers) clockFigures(dst []clockFigure, o *okr.Objective, p *okr.Period, pace okr.Pace, t time.Time) []clockFigure {
	krs := n.krs[o.ID]
	dst = append(dst, clockFigure{pct(okr.ObjectiveExpected(o, p, pace, t)), okr.ObjectiveStatus(o, krs, p, pace, t)})
	for _, kr := range krs {
		dst = append(dst, clockFigure{pct(okr.KRExpected(kr, o, p, pace, t)), okr.KRStatus(kr, o, p, pace, t)})
	}
	return dst
}

// steadyUntil returns the last instant up to which o's clock figures stay
// what they are at n.now, within steadyHorizon and, when the period has
// not ended at n.now, before its end; to steadyStep. The expected progress
// alone, plain arithmetic, is followed first: it moves every two hours or
// so in a quarter, mostly before any status does, and the statuses are
// then checked at once up to there.
func (n *numbers) steadyUntil(o *okr.Objective) time.Time {
	p, pace := n.period(o), n.pace()
	lo, hi := n.now, n.now.Add(steadyHorizon)
	if end := p.End.Add(24 * time.Hour); lo.Before(end) && !hi.Before(end) {
		hi = end.Add(-time.Nanosecond) // okr.PeriodOver
	}
	expected := pct(okr.ObjectiveExpected(o, p, pace, lo))
	hi = lastSteady(lo, hi, func(t time.Time) bool { return pct(okr.ObjectiveExpected(o, p, pace, t)) == expected })
	at := n.clockFigures(nil, o, p, pace, lo)
	var buf []clockFigure
	return lastSteady(lo, hi, func(t time.Time) bool {
		buf = n.clockFigures(buf[:0], o, p, pace, t)
		return slices.Equal(buf, at)
	})
}

// lastSteady returns hi if same(hi), and otherwise, by halving, an
// instant from lo (where same holds) towards hi that same holds at and
// that is less than steadyStep before one it does not hold at.
func lastSteady(lo, hi time.Time, same func(time.Time) bool) time.Time {
	if same(hi) {
		return hi
	}
	for hi.Sub(lo) > steadyStep { // same(lo), !same(hi)
		mid := lo.Add(hi.Sub(lo) / 2)
		if same(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// noteSteady reports to the request's steadiness, if its answer is kept,
// how long o's figures hold.
func (n *numbers) noteSteady(o *okr.Objective) {
	if n.steady != nil {
		n.steady.narrow(n.now, n.steadyUntil(o))
	}
}

// steadyWindow is the instants a kept answer holds at: from from to last.
type steadyWindow struct{ from, last time.Time }

// window returns what s learnt, and false when the operation reported
// nothing; call it once the operation is done.
func (s *steadiness) window() (steadyWindow, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return steadyWindow{s.from, s.last}, s.set
}

// holds reports whether the answer holds at now.
func (w steadyWindow) holds(now time.Time) bool {
	return !now.Before(w.from) && !now.After(w.last)
}
