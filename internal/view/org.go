package view

import (
	"context"
	"strconv"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// OrgState is what nearly every request needs of its organisation and what
// changes seldom: the organisation, its periods and its directory of units
// and people. Reading 10,000 people and 1,000 units costs tens of
// milliseconds, and the organisation and its periods one statement each;
// checking that none of them changed costs one primary-key read
// (store.StateStamp). A state is shared by concurrent requests: read-only.
type OrgState struct {
	Stamp   string // the state stamp (store.StateStamp) it was read at
	Org     okr.Org
	Periods []okr.Period // not archived, latest start first (store.ListPeriods)
	Dir     *Directory
}

// memo holds, for one request, the state it read first: a page asks for it
// several times (the viewer, the period, the directory) and one stamp per
// request is enough.
type memo struct {
	state *OrgState
	// org and seq are a stamp read in this request before any state
	// (PrimeStamp), for OrgState to take instead of reading it.
	org, seq int64
	primed   bool
}

type memoKey struct{}

// WithMemo returns a context under which OrgState checks the stamp once
// and then answers from the state it read. Give it to requests that only
// read; requests that write should see their own changes and go without.
func WithMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoKey{}, &memo{})
}

// Memoizing reports whether ctx has a memo that holds no state yet: a
// request that may read the stamp along with something else for
// PrimeStamp.
func Memoizing(ctx context.Context) bool {
	m, _ := ctx.Value(memoKey{}).(*memo)
	return m != nil && m.state == nil && !m.primed
}

// PrimeStamp gives ctx's memo, if it has one and holds no state yet, the
// organisation's state stamp seq (store.StateStamp) that the request has
// just read along with something else (the API reads it with the token),
// so that OrgState need not read it again.
func PrimeStamp(ctx context.Context, orgID, seq int64) {
	if m, _ := ctx.Value(memoKey{}).(*memo); m != nil && m.state == nil {
		m.org, m.seq, m.primed = orgID, seq, true
	}
}

// Memoized returns the state ctx's memo holds for the organisation, if
// any: what a request already read, without a statement.
func Memoized(ctx context.Context, orgID int64) (*OrgState, bool) {
	m, _ := ctx.Value(memoKey{}).(*memo)
	if m == nil || m.state == nil || m.state.Org.ID != orgID {
		return nil, false
	}
	return m.state, true
}

// OrgState returns the organisation's state, from ctx's memo or the cache
// unless something in it changed since it was read.
func (m *Model) OrgState(ctx context.Context, orgID int64) (*OrgState, error) {
	if st, ok := Memoized(ctx, orgID); ok {
		return st, nil
	}
	var seq int64
	var err error
	if memo, _ := ctx.Value(memoKey{}).(*memo); memo != nil && memo.primed && memo.org == orgID {
		seq = memo.seq
	} else if seq, err = m.db.StateStamp(ctx, orgID); err != nil {
		return nil, err
	}
	stamp := strconv.FormatInt(seq, 10)
	st, ok := m.orgs.Get(orgID, stamp)
	if !ok {
		if st, err = m.readOrgState(ctx, orgID, stamp); err != nil {
			return nil, err
		}
		m.orgs.Put(orgID, stamp, st, st.Dir.size()+int64(400*len(st.Periods)))
	}
	if memo, _ := ctx.Value(memoKey{}).(*memo); memo != nil {
		memo.state = st
	}
	return st, nil
}

// readOrgState reads the organisation, its periods, and every non-archived
// unit and person. The stamp was taken first, so the state is at least as
// new as it.
func (m *Model) readOrgState(ctx context.Context, orgID int64, stamp string) (*OrgState, error) {
	org, err := m.db.GetOrg(ctx, orgID)
	if err != nil {
		return nil, err
	}
	periods, err := m.db.ListPeriods(ctx, orgID)
	if err != nil {
		return nil, err
	}
	units, err := m.db.ListUnits(ctx, orgID, store.UnitFilter{})
	if err != nil {
		return nil, err
	}
	people, _, err := m.db.ListPeople(ctx, orgID, store.PersonFilter{})
	if err != nil {
		return nil, err
	}
	dir := NewDirectory(units, people)
	dir.Settings = org.Settings
	return &OrgState{Stamp: stamp, Org: org, Periods: periods, Dir: dir}, nil
}

// Directory returns the organisation's non-archived units and people.
func (m *Model) Directory(ctx context.Context, orgID int64) (*Directory, error) {
	st, err := m.OrgState(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return st.Dir, nil
}

// Periods returns the organisation's periods that are not archived, latest
// start first, as store.ListPeriods does. Shared: read-only.
func (m *Model) Periods(ctx context.Context, orgID int64) ([]okr.Period, error) {
	st, err := m.OrgState(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return st.Periods, nil
}

// CurrentPeriod returns the period to show by default now, as
// store.CurrentPeriod does, or ENOTFOUND.
func (m *Model) CurrentPeriod(ctx context.Context, orgID int64) (okr.Period, error) {
	periods, err := m.Periods(ctx, orgID)
	if err != nil {
		return okr.Period{}, err
	}
	p, ok := okr.CurrentPeriod(periods, m.now())
	if !ok {
		return p, &okr.Error{Code: okr.ENOTFOUND, Message: "the organisation has no period yet", Key: "err.no_period"}
	}
	return p, nil
}
