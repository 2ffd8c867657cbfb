package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// conflictView is what an editor shows when its save lost a race: someone
// else saved the object after the form was opened. It names who and when
// (from the audit log) and puts their saved version beside the one just
// submitted, field by field. The form is shown again with the submitted
// values and the current version, so saving again overwrites knowingly;
// nothing is overwritten silently.
type conflictView struct {
	Who  string
	At   time.Time
	Rows []conflictRow
}

// conflictRow is one field of both versions.
type conflictRow struct {
	Label   string
	Theirs  string
	Mine    string
	Differs bool
}

// saveResult is how saving a versioned object from a form ended (see
// saveVersioned). When the form has errors, or the save failed validation,
// it is the zero value.
type saveResult[T any] struct {
	Saved    bool // the save went through; Stored is what it returned
	Lost     bool // the save lost a race; Stored is the version stored now
	Stored   T
	Conflict *conflictView // after a lost race, both versions side by side
}

// saveVersioned saves an object edited on form f, unless the form already
// has errors, and sorts out how that went. When save loses a race (ESTALE:
// someone else saved since the form was shown) it reads the version stored
// now with current and, unless compare is nil, compares it with the
// submitted one. A validation error of save goes onto the form under its
// field, renamed by alias. Any other error of save, current or compare is
// returned.
//
// The handler then redirects when Saved, or shows the form again with the
// submitted values, the version of Stored when Lost (so that saving again
// overwrites knowingly), Conflict, and status.
func saveVersioned[T any](f *form, alias map[string]string, save, current func() (T, error), compare func(theirs T) (*conflictView, error)) (saveResult[T], error) {
	var out saveResult[T]
	if !f.ok() {
		return out, nil
	}
	stored, err := save()
	switch {
	case err == nil:
		out.Saved, out.Stored = true, stored
		return out, nil
	case okr.ErrorCode(err) == okr.ESTALE:
		out.Lost = true
		if out.Stored, err = current(); err != nil {
			return out, err
		}
		if compare != nil {
			out.Conflict, err = compare(out.Stored)
		}
		return out, err
	case f.addError(err, alias):
		return out, nil
	}
	return out, err
}

// status is the status of the form shown again after a save that did not
// go through; see conflictStatus.
func (sr saveResult[T]) status(r *http.Request) int { return conflictStatus(r, sr.Conflict) }

// conflictStatus is the status of a form shown again: 409 when it shows
// both versions after a lost race (200 to htmx, which swaps only
// successful and 422 answers), else 422.
func conflictStatus(r *http.Request, c *conflictView) int {
	switch {
	case c == nil:
		return formStatus
	case isHX(r):
		return http.StatusOK
	}
	return http.StatusConflict
}

// lastChange returns who made the latest change to the object and when,
// from the audit log ("" and zero when unknown).
func (s *Server) lastChange(ctx context.Context, dir *view.Directory, orgID int64, objectType string, id int64) (string, time.Time, error) {
	entries, err := s.DB.ListAudit(ctx, orgID, store.AuditFilter{ObjectType: objectType, ObjectID: id, Limit: 1})
	if err != nil || len(entries) == 0 {
		return "", time.Time{}, err
	}
	e := entries[0]
	who := ""
	if e.ActorID != nil {
		if person := dir.People[*e.ActorID]; person != nil {
			who = person.Name
		}
	}
	return who, e.At, nil
}

// row adds a field to the comparison.
func (c *conflictView) row(label, theirs, mine string) {
	c.Rows = append(c.Rows, conflictRow{Label: label, Theirs: theirs, Mine: mine, Differs: strings.TrimSpace(theirs) != strings.TrimSpace(mine)})
}

// objectiveConflict compares the stored objective with the submitted one.
func (s *Server) objectiveConflict(ctx context.Context, p *Page, theirs, mine okr.Objective) (*conflictView, error) {
	dir, err := s.loadDirectory(ctx, theirs.OrgID)
	if err != nil {
		return nil, err
	}
	c := &conflictView{}
	if c.Who, c.At, err = s.lastChange(ctx, dir, theirs.OrgID, "objective", theirs.ID); err != nil {
		return nil, err
	}
	titles, err := s.objectiveTitles(ctx, theirs.OrgID, theirs.PeriodID, append(append([]int64{}, theirs.Contributes...), mine.Contributes...), theirs.ParentID, mine.ParentID)
	if err != nil {
		return nil, err
	}
	c.row(p.L.T("edit.f_title"), theirs.Title, mine.Title)
	c.row(p.L.T("edit.f_description"), theirs.Description, mine.Description)
	c.row(p.L.T("word.owner"), dir.Owner(theirs.Owner).Name, dir.Owner(mine.Owner).Name)
	c.row(p.L.T("word.parent"), titleOf(titles, theirs.ParentID), titleOf(titles, mine.ParentID))
	c.row(p.L.T("word.contributes"), titlesOf(titles, theirs.Contributes), titlesOf(titles, mine.Contributes))
	c.row(p.L.T("word.weight"), p.L.Number(theirs.Weight, 2), p.L.Number(mine.Weight, 2))
	c.row(p.L.T("status.label"), p.L.T("state."+string(theirs.State)), p.L.T("state."+string(mine.State)))
	return c, nil
}

// objectiveTitles reads the titles of the given objectives: those of the
// period in one query (links stay within a period), any other one by
// itself.
func (s *Server) objectiveTitles(ctx context.Context, orgID, periodID int64, ids []int64, more ...*int64) (map[int64]string, error) {
	for _, id := range more {
		if id != nil {
			ids = append(ids, *id)
		}
	}
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	objs, _, err := s.DB.ListObjectives(ctx, orgID, store.ObjectiveFilter{PeriodID: periodID, IncludeArchived: true})
	if err != nil {
		return nil, err
	}
	for _, o := range objs {
		out[o.ID] = o.Title
	}
	for _, id := range ids {
		if _, ok := out[id]; ok {
			continue
		}
		o, err := s.DB.GetObjective(ctx, orgID, id)
		if err != nil && okr.ErrorCode(err) != okr.ENOTFOUND {
			return nil, err
		}
		if err == nil {
			out[id] = o.Title
		}
	}
	return out, nil
}

func titleOf(titles map[int64]string, id *int64) string {
	if id == nil {
		return "–"
	}
	if t, ok := titles[*id]; ok {
		return t
	}
	return "–"
}

func titlesOf(titles map[int64]string, ids []int64) string {
	if len(ids) == 0 {
		return "–"
	}
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		parts = append(parts, titleOf(titles, &id))
	}
	return strings.Join(parts, "; ")
}
