package web

import (
	"context"
	"net/http"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// The read model (boards, roll-ups, the directory, the period index and
// their caches) lives in internal/view. This file is where the pages meet
// it: the server's model, and thin calls that keep the names the pages
// have used.
//
// view returns the server's read model, made on first use with the
// pages' own caches.
func (s *Server) view() *view.Model {
	s.viewOnce.Do(func() {
		s.model = view.New(s.DB, s.now)
		s.pasts = view.NewPasts(s.DB)
		s.cards = newCardCache()
		s.panels = newPanelsCache()
	})
	return s.model
}

// withMemo gives GET and HEAD requests a memo of the organisation's state
// (view.WithMemo). Requests that write read it afresh each time, so that
// they see their own changes.
func withMemo(r *http.Request) *http.Request {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return r
	}
	return r.WithContext(view.WithMemo(r.Context()))
}

// orgState returns the organisation's state (view.Model.OrgState).
func (s *Server) orgState(ctx context.Context, orgID int64) (*view.OrgState, error) {
	return s.view().OrgState(ctx, orgID)
}

// loadDirectory returns the organisation's non-archived units and people.
func (s *Server) loadDirectory(ctx context.Context, orgID int64) (*view.Directory, error) {
	return s.view().Directory(ctx, orgID)
}

// listPeriods returns the organisation's periods that are not archived,
// latest start first (view.Model.Periods).
func (s *Server) listPeriods(ctx context.Context, orgID int64) ([]okr.Period, error) {
	return s.view().Periods(ctx, orgID)
}

// currentPeriod returns the period to show by default now, or ENOTFOUND.
func (s *Server) currentPeriod(ctx context.Context, orgID int64) (okr.Period, error) {
	return s.view().CurrentPeriod(ctx, orgID)
}

// loadBoard is view.Model.LoadBoard.
func (s *Server) loadBoard(ctx context.Context, orgID int64, period okr.Period, dir *view.Directory, f store.ObjectiveFilter) (*view.Board, int, error) {
	return s.view().LoadBoard(ctx, orgID, period, dir, f)
}

// loadIndexedBoard is view.Model.LoadIndexedBoard.
func (s *Server) loadIndexedBoard(ctx context.Context, orgID int64, period okr.Period, dir *view.Directory, f store.ObjectiveFilter) (*view.Board, int, error) {
	return s.view().LoadIndexedBoard(ctx, orgID, period, dir, f)
}

// scopedBoard is view.Model.ScopedBoard.
func (s *Server) scopedBoard(ctx context.Context, orgID int64, period okr.Period, dir *view.Directory, objs []okr.Objective) (*view.Board, error) {
	return s.view().ScopedBoard(ctx, orgID, period, dir, objs)
}
