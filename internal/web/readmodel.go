package web

import (
	"context"
	"net/http"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// The read model (boards, roll-ups, the directory, the period index and
// their caches) lives in internal/view. This file is where the pages meet
// it: the server's model, and thin calls that keep the names the pages
// have used.
//
// Transition: the aliases, and the directory and board types with their
// lower-case fields, keep pages written before the move compiling while
// their templates are being converted. New code uses view's names
// (b.Objs, dir.Units, dir.Owner …); remove these once every page does.
type (
	ObjView = view.ObjView
	KRView  = view.KRView
	Owner   = view.Owner
	summary = view.Summary
)

// view returns the server's read model, made on first use with the
// pages' own caches.
func (s *Server) view() *view.Model {
	s.viewOnce.Do(func() {
		s.model = view.New(s.DB, s.now)
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

// directory is a view.Directory under the names the pages have used.
type directory struct {
	*view.Directory
	units    map[int64]*okr.Unit
	people   map[int64]*okr.Person
	children map[int64][]*okr.Unit
	members  map[int64][]*okr.Person
	order    map[int64]int
	root     *okr.Unit
}

func wrapDirectory(d *view.Directory) *directory {
	return &directory{Directory: d, units: d.Units, people: d.People, children: d.Children, members: d.Members, order: d.Order, root: d.Root}
}

// newDirectory indexes units and people (view.NewDirectory).
func newDirectory(units []okr.Unit, people []okr.Person) *directory {
	return wrapDirectory(view.NewDirectory(units, people))
}

func (d *directory) owner(o okr.Owner) Owner                { return d.Owner(o) }
func (d *directory) rank(o okr.Owner) (int, string)         { return d.Rank(o) }
func (d *directory) leads(personID int64, u *okr.Unit) bool { return d.Leads(personID, u) }
func (d *directory) path(u *okr.Unit) []*okr.Unit           { return d.Path(u) }

// board is a view.Board under the names the pages have used.
type board struct {
	*view.Board
	period okr.Period
	objs   []*ObjView
	byID   map[int64]*ObjView
	dir    *directory
}

func wrapBoard(b *view.Board, dir *directory) *board {
	return &board{Board: b, period: b.Period, objs: b.Objs, byID: b.ByID, dir: dir}
}

// newBoard computes progress, status, roll-ups and links (view.NewBoard).
func newBoard(period okr.Period, now time.Time, dir *directory, objs []okr.Objective, krs []okr.KeyResult) *board {
	return wrapBoard(view.NewBoard(period, now, dir.Directory, objs, krs), dir)
}

// newScopedBoard is view.NewScopedBoard.
func newScopedBoard(period okr.Period, now time.Time, dir *directory, objs, extra []okr.Objective, krs []okr.KeyResult) *board {
	return wrapBoard(view.NewScopedBoard(period, now, dir.Directory, objs, extra, krs), dir)
}

// orgState returns the organisation's state (view.Model.OrgState).
func (s *Server) orgState(ctx context.Context, orgID int64) (*view.OrgState, error) {
	return s.view().OrgState(ctx, orgID)
}

// loadDirectory returns the organisation's non-archived units and people.
func (s *Server) loadDirectory(ctx context.Context, orgID int64) (*directory, error) {
	d, err := s.view().Directory(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return wrapDirectory(d), nil
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
func (s *Server) loadBoard(ctx context.Context, orgID int64, period okr.Period, dir *directory, f store.ObjectiveFilter) (*board, int, error) {
	b, total, err := s.view().LoadBoard(ctx, orgID, period, dir.Directory, f)
	if err != nil {
		return nil, 0, err
	}
	return wrapBoard(b, dir), total, nil
}

// loadIndexedBoard is view.Model.LoadIndexedBoard.
func (s *Server) loadIndexedBoard(ctx context.Context, orgID int64, period okr.Period, dir *directory, f store.ObjectiveFilter) (*board, int, error) {
	b, total, err := s.view().LoadIndexedBoard(ctx, orgID, period, dir.Directory, f)
	if err != nil {
		return nil, 0, err
	}
	return wrapBoard(b, dir), total, nil
}

// scopedBoard is view.Model.ScopedBoard.
func (s *Server) scopedBoard(ctx context.Context, orgID int64, period okr.Period, dir *directory, objs []okr.Objective) (*board, error) {
	b, err := s.view().ScopedBoard(ctx, orgID, period, dir.Directory, objs)
	if err != nil {
		return nil, err
	}
	return wrapBoard(b, dir), nil
}
