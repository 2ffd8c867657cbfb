package web

import (
	"context"
	"net/http"
	"sync"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// orgState is what nearly every request needs of its organisation and
// what changes seldom: the organisation, its periods and its directory of
// units and people. Reading 10,000 people and 1,000 units costs tens of
// milliseconds, and the organisation and its periods one statement each;
// checking that none of them changed costs one statement
// (store.ChangeStamp). A state is shared by concurrent requests, so pages
// treat it as read-only.
type orgState struct {
	stamp   string
	org     okr.Org
	periods []okr.Period // not archived, latest start first (store.ListPeriods)
	dir     *directory
}

// orgStateTypes are the audit object types a state is read from: every
// write of one of them writes an audit entry, which moves the stamp.
var orgStateTypes = []string{"unit", "person", "org", "period"}

// orgCache keeps each organisation's state between requests.
type orgCache struct {
	mu    sync.Mutex
	byOrg map[int64]*orgState
}

// reqMemo holds, for one GET request, the state it read first: a page asks
// for it several times (the viewer, the period, the directory) and one
// stamp per request is enough. Requests that write read it afresh each time,
// so that they see their own changes.
type reqMemo struct{ state *orgState }

type reqMemoKey struct{}

// withMemo gives GET and HEAD requests a reqMemo.
func withMemo(r *http.Request) *http.Request {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), reqMemoKey{}, &reqMemo{}))
}

// orgState returns the organisation's state, from the request's memo or
// the cache unless something in it changed since it was read.
func (s *Server) orgState(ctx context.Context, orgID int64) (*orgState, error) {
	memo, _ := ctx.Value(reqMemoKey{}).(*reqMemo)
	if memo != nil && memo.state != nil && memo.state.org.ID == orgID {
		return memo.state, nil
	}
	stamp, err := s.DB.ChangeStamp(ctx, orgID, orgStateTypes...)
	if err != nil {
		return nil, err
	}
	c := &s.orgs
	c.mu.Lock()
	st := c.byOrg[orgID]
	c.mu.Unlock()
	if st == nil || st.stamp != stamp {
		if st, err = s.readOrgState(ctx, orgID, stamp); err != nil {
			return nil, err
		}
		c.mu.Lock()
		if c.byOrg == nil {
			c.byOrg = map[int64]*orgState{}
		}
		c.byOrg[orgID] = st
		c.mu.Unlock()
	}
	if memo != nil {
		memo.state = st
	}
	return st, nil
}

// readOrgState reads the organisation, its periods, and every non-archived
// unit and person. The stamp was taken first, so the state is at least as
// new as it.
func (s *Server) readOrgState(ctx context.Context, orgID int64, stamp string) (*orgState, error) {
	org, err := s.DB.GetOrg(ctx, orgID)
	if err != nil {
		return nil, err
	}
	periods, err := s.DB.ListPeriods(ctx, orgID)
	if err != nil {
		return nil, err
	}
	units, err := s.DB.ListUnits(ctx, orgID, store.UnitFilter{})
	if err != nil {
		return nil, err
	}
	people, _, err := s.DB.ListPeople(ctx, orgID, store.PersonFilter{})
	if err != nil {
		return nil, err
	}
	return &orgState{stamp: stamp, org: org, periods: periods, dir: newDirectory(units, people)}, nil
}

// loadDirectory returns the organisation's non-archived units and people.
func (s *Server) loadDirectory(ctx context.Context, orgID int64) (*directory, error) {
	st, err := s.orgState(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return st.dir, nil
}

// listPeriods returns the organisation's periods that are not archived,
// latest start first, as store.ListPeriods does.
func (s *Server) listPeriods(ctx context.Context, orgID int64) ([]okr.Period, error) {
	st, err := s.orgState(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return st.periods, nil
}

// currentPeriod returns the period to show by default now, as
// store.CurrentPeriod does, or ENOTFOUND.
func (s *Server) currentPeriod(ctx context.Context, orgID int64) (okr.Period, error) {
	periods, err := s.listPeriods(ctx, orgID)
	if err != nil {
		return okr.Period{}, err
	}
	p, ok := okr.CurrentPeriod(periods, s.now())
	if !ok {
		return p, &okr.Error{Code: okr.ENOTFOUND, Message: "the organisation has no period yet", Key: "err.no_period"}
	}
	return p, nil
}
