package web

import (
	"net/http"
	"strconv"

	"github.com/okr-dev/okr/internal/okr"
)

// setObjectiveState publishes a draft ("state=published") or takes a
// published objective back to draft ("state=draft"). Closing happens in the
// period review.
func (s *Server) setObjectiveState(w http.ResponseWriter, r *http.Request) error {
	obj, err := s.editableObjective(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.edit_objective", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	to := okr.State(f.str("state"))
	if to != okr.StatePublished && to != okr.StateDraft {
		return okr.Errorf(okr.EBADREQUEST, "unknown state %q", to)
	}
	o := obj
	o.State, o.Version = to, f.version()
	if _, err := s.DB.UpdateObjective(r.Context(), mustViewer(r).Actor(), o); err != nil {
		return s.editorActionFailed(w, r, p, obj, err)
	}
	notice := "edit.published"
	if to == okr.StateDraft {
		notice = "edit.unpublished"
	}
	s.setNotice(r, notice)
	if to == okr.StatePublished {
		return redirect(w, r, objHref(obj.ID))
	}
	return redirect(w, r, objHref(obj.ID)+"/edit")
}

// editorActionFailed shows the objective editor again after a button's
// action failed with a coded error the viewer can act on (someone else
// saved first, a field is not valid); anything else is an error page.
func (s *Server) editorActionFailed(w http.ResponseWriter, r *http.Request, p *Page, obj okr.Objective, err error) error {
	code := okr.ErrorCode(err)
	if code != okr.ESTALE && code != okr.EINVALID {
		return err
	}
	current, gerr := s.DB.GetObjective(r.Context(), obj.OrgID, obj.ID)
	if gerr != nil {
		return gerr
	}
	p.Error = p.L.T("edit.action_stale")
	status := http.StatusConflict
	if code == okr.EINVALID {
		p.Error, status = p.L.T("err.invalid"), formStatus
		if msg := validationMessage(p, err); msg != "" {
			p.Error = msg
		}
	}
	if isHX(r) {
		status = http.StatusOK
	}
	return s.renderObjectiveEditor(w, r, p, current, status, nil)
}

// validationMessage translates the first validation error of err.
func validationMessage(p *Page, err error) string {
	f := &form{page: p, errs: FieldErrors{}}
	if !f.addError(err, nil) {
		return ""
	}
	for _, m := range f.errs {
		return m
	}
	return ""
}

func (s *Server) archiveObjective(w http.ResponseWriter, r *http.Request) error {
	return s.archiveOrRestoreObjective(w, r, true)
}

func (s *Server) restoreObjective(w http.ResponseWriter, r *http.Request) error {
	return s.archiveOrRestoreObjective(w, r, false)
}

// archiveOrRestoreObjective archives or restores the objective and shows
// its editor, which offers the way back.
func (s *Server) archiveOrRestoreObjective(w http.ResponseWriter, r *http.Request, archive bool) error {
	obj, err := s.editableObjective(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.edit_objective", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	actor := mustViewer(r).Actor()
	if archive {
		_, err = s.DB.ArchiveObjective(r.Context(), actor, obj.ID, f.version())
	} else {
		_, err = s.DB.RestoreObjective(r.Context(), actor, obj.ID, f.version())
	}
	if err != nil {
		return s.editorActionFailed(w, r, p, obj, err)
	}
	if archive {
		s.setNotice(r, "edit.archived_notice")
	} else {
		s.setNotice(r, "edit.restored")
	}
	return redirect(w, r, objHref(obj.ID)+"/edit")
}

func (s *Server) archiveKR(w http.ResponseWriter, r *http.Request) error {
	return s.archiveOrRestoreKR(w, r, true)
}

func (s *Server) restoreKR(w http.ResponseWriter, r *http.Request) error {
	return s.archiveOrRestoreKR(w, r, false)
}

// archiveOrRestoreKR archives or restores a key result and goes back to
// its objective's editor, where archived key results can be restored.
func (s *Server) archiveOrRestoreKR(w http.ResponseWriter, r *http.Request, archive bool) error {
	kr, o, err := s.editableKR(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.edit_objective", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	actor := mustViewer(r).Actor()
	if archive {
		_, err = s.DB.ArchiveKeyResult(r.Context(), actor, kr.ID, f.version())
	} else {
		_, err = s.DB.RestoreKeyResult(r.Context(), actor, kr.ID, f.version())
	}
	if err != nil {
		return s.editorActionFailed(w, r, p, o, err)
	}
	if archive {
		s.setNotice(r, "edit.kr_archived")
	} else {
		s.setNotice(r, "edit.kr_restored")
	}
	return redirect(w, r, objHref(o.ID)+"/edit#krs")
}

// krHref is the editor of a key result.
func krHref(id int64) string { return "/krs/" + strconv.FormatInt(id, 10) + "/edit" }
