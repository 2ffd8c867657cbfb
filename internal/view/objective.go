package view

import (
	"context"
	"slices"
	"time"
	"weak"

	"github.com/okr-dev/okr/internal/okr"
)

// Values computed from an objective and what it holds are cached under the
// objective's content revision (okr.Objective.Rev): the store bumps it in
// the same transaction as every change to the objective, its key results,
// check-ins, grades, target changes, milestones and initiatives, so reading
// the objective row tells whether a cached value is still right. The
// revision lives in the database, so each of several servers on one
// database keeps a correct cache of its own.
//
// A value must be read after the objective row it is stored under: then it
// is at least as new as that revision, and a write that lands in between
// only makes the next request, which sees the higher revision, compute it
// again.
//
// Values that also depend on something else carry it in their stamp: the
// organisation's directory (the names they show), the period (expected
// progress and status) and the minute (status and expected progress move
// with the clock; a value is reused within the minute it was computed in).

// Stamp is what a cached value of an objective was computed from; a value
// is used only by requests that compute the same stamp.
type Stamp struct {
	rev     int64
	created int64 // the objective's CreatedAt: an id reused after a restore differs
	// dir is the directory the value took names from, nil when it names no
	// one. A directory is replaced, never changed, when a unit or person
	// changes, so its identity stands for its content; the weak pointer
	// does not keep an old directory alive.
	dir    weak.Pointer[Directory]
	period periodStamp
	minute int64 // the clock's Unix minute, for values that move with it
}

// periodStamp is what the figures read of a period.
type periodStamp struct {
	id, version, start, end int64
	closed                  bool
}

// RevStamp is the stamp of a value that depends on the objective's content
// alone.
func RevStamp(o *okr.Objective) Stamp {
	return Stamp{rev: o.Rev, created: o.CreatedAt.UnixNano()}
}

// ShownStamp is the stamp of what a page shows of the objective at now in
// period, with names from dir.
func ShownStamp(o *okr.Objective, p *okr.Period, dir *Directory, now time.Time) Stamp {
	st := RevStamp(o)
	st.dir = weak.Make(dir)
	st.period = periodStamp{id: p.ID, version: p.Version, start: p.Start.UnixNano(), end: p.End.UnixNano(), closed: p.Closed}
	st.minute = now.Unix() / 60
	return st
}

// Details are what the objective page shows of an objective's active key
// results besides the board, by key result: every check-in's time and
// value, the latest check-ins in full, the target changes and the
// initiatives. Each call of Model.Details returns new values.
type Details struct {
	Points      map[int64][]Point            // every check-in, oldest first
	CheckIns    map[int64][]okr.CheckIn      // the latest LatestCheckIns, oldest first
	Changes     map[int64][]okr.TargetChange // oldest first
	Initiatives map[int64][]okr.Initiative   // as the store lists them
}

// Point is one check-in's time and value: what a key result's chart and
// its yes/no badge draw.
type Point struct {
	At    time.Time
	Value float64
}

// LatestCheckIns is how many of a key result's check-ins Details holds in
// full: those the objective page's panel shows; the others are behind
// "show all" and come from the store when it opens.
const LatestCheckIns = 3

// detailsEntryOverhead is what the details cache takes for an entry
// besides its encoded string: the key, the stamp, the string's header,
// the list links and the map's slot.
const detailsEntryOverhead = 160

func newDetails(n int) *Details {
	return &Details{Points: make(map[int64][]Point, n), CheckIns: make(map[int64][]okr.CheckIn, n),
		Changes: map[int64][]okr.TargetChange{}, Initiatives: map[int64][]okr.Initiative{}}
}

// Details returns the details of o's key results, from the cache while
// o's revision holds, else read in one statement each.
func (m *Model) Details(ctx context.Context, o *ObjView) (*Details, error) {
	key, st := objKey{o.O.OrgID, o.O.ID}, RevStamp(&o.O)
	if code, ok := m.details.Get(key, st); ok {
		if det, err := decodeDetails(o.O.OrgID, code); err == nil {
			return det, nil
		}
		// Not decoding is a defect (only encodeDetails writes entries):
		// read the details again rather than fail the page.
	}
	ids := make([]int64, len(o.KRs))
	for i, k := range o.KRs {
		ids[i] = k.KR.ID
	}
	det, err := m.readDetails(ctx, o.O.OrgID, ids)
	if err != nil {
		return nil, err
	}
	code := encodeDetails(ids, det)
	m.details.Put(key, st, code, int64(len(code))+detailsEntryOverhead)
	return det, nil
}

// readDetails reads the details of the key results ids.
func (m *Model) readDetails(ctx context.Context, org int64, ids []int64) (*Details, error) {
	checkIns, err := m.db.ListCheckIns(ctx, org, ids, nil)
	if err != nil {
		return nil, err
	}
	changes, err := m.db.ListTargetChanges(ctx, org, ids)
	if err != nil {
		return nil, err
	}
	inits, err := m.db.ListInitiatives(ctx, org, ids)
	if err != nil {
		return nil, err
	}
	det := newDetails(len(ids))
	all := map[int64][]okr.CheckIn{}
	for _, c := range checkIns {
		all[c.KeyResultID] = append(all[c.KeyResultID], c)
	}
	for id, cis := range all {
		slices.SortStableFunc(cis, func(a, b okr.CheckIn) int { return a.At.Compare(b.At) })
		pts := make([]Point, len(cis))
		for i, c := range cis {
			pts[i] = Point{At: c.At.Truncate(time.Second), Value: c.Value} // as the cache keeps them
		}
		det.Points[id] = pts
		det.CheckIns[id] = cis[max(0, len(cis)-LatestCheckIns):]
	}
	for _, c := range changes {
		det.Changes[c.KeyResultID] = append(det.Changes[c.KeyResultID], c)
	}
	for _, in := range inits {
		det.Initiatives[in.KeyResultID] = append(det.Initiatives[in.KeyResultID], in)
	}
	for _, tcs := range det.Changes {
		slices.SortStableFunc(tcs, func(a, b okr.TargetChange) int { return a.At.Compare(b.At) })
	}
	return det, nil
}

// Grades are the grades and the archived milestones of an objective's
// active key results, by key result id: what the API's objects show of its
// key results besides the key results themselves. Shared by requests once
// cached: read-only.
type Grades struct {
	Grades   map[int64]*okr.Grade
	Archived map[int64][]okr.Milestone
}

// AddGrades adds to out's maps the grades and archived milestones of the
// active key results of objs, krs by objective id. With fresh (objs were
// read first in this request), those of each objective whose revision
// holds come from the cache; the others are read in two statements and,
// with fresh, cached.
func (m *Model) AddGrades(ctx context.Context, orgID int64, objs []okr.Objective, krs map[int64][]*okr.KeyResult, fresh bool, out *Grades) error {
	var missing []*okr.Objective
	for i := range objs {
		o := &objs[i]
		if fresh {
			if g, ok := m.grades.Get(objKey{orgID, o.ID}, RevStamp(o)); ok {
				for id, gr := range g.Grades {
					out.Grades[id] = gr
				}
				for id, ms := range g.Archived {
					out.Archived[id] = ms
				}
				continue
			}
		}
		missing = append(missing, o)
	}
	if len(missing) == 0 {
		return nil
	}
	var krIDs []int64
	for _, o := range missing {
		for _, kr := range krs[o.ID] {
			krIDs = append(krIDs, kr.ID)
		}
	}
	grades, err := m.db.ListGrades(ctx, orgID, krIDs)
	if err != nil {
		return err
	}
	archived, err := m.db.ListArchivedMilestones(ctx, orgID, krIDs)
	if err != nil {
		return err
	}
	for id, g := range grades {
		out.Grades[id] = g
	}
	for id, ms := range archived {
		out.Archived[id] = ms
	}
	if fresh {
		for _, o := range missing {
			m.putGrades(orgID, o, krs[o.ID], grades, archived)
		}
	}
	return nil
}

// putGrades caches the grades and archived milestones of o's key results.
func (m *Model) putGrades(orgID int64, o *okr.Objective, krs []*okr.KeyResult, grades map[int64]*okr.Grade, archived map[int64][]okr.Milestone) {
	g := &Grades{Grades: map[int64]*okr.Grade{}, Archived: map[int64][]okr.Milestone{}}
	var size int64
	for _, kr := range krs {
		if gr := grades[kr.ID]; gr != nil {
			g.Grades[kr.ID] = gr
			size += 120 + int64(len(gr.Note))
		}
		if ms := archived[kr.ID]; ms != nil {
			g.Archived[kr.ID] = ms
			for _, m := range ms {
				size += 64 + int64(len(m.Title))
			}
		}
	}
	m.grades.Put(objKey{orgID, o.ID}, RevStamp(o), g, size)
}
