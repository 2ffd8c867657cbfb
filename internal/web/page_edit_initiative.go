package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// initiativeForm is an initiative's fields as a form shows them.
type initiativeForm struct {
	New      bool
	Action   string
	I        okr.Initiative
	Due      string // YYYY-MM-DD as typed
	Owners   []Choice
	Statuses []Choice
	Errs     FieldErrors
	Conflict *conflictView
}

// initiativeEditData is the page of one initiative.
type initiativeEditData struct {
	Form      initiativeForm
	KR        okr.KeyResult
	Objective okr.Objective
}

// blankInitiativeForm is the form to add an initiative to kr, owned by the
// viewer by default.
func blankInitiativeForm(p *Page, dir *view.Directory, kr okr.KeyResult) initiativeForm {
	in := okr.Initiative{KeyResultID: kr.ID, Status: okr.InitiativePlanned, OwnerPersonID: &p.Viewer.Person.ID}
	f := initiativeForm{New: true, Action: "/krs/" + strconv.FormatInt(kr.ID, 10) + "/initiatives", I: in, Errs: FieldErrors{}}
	fillInitiativeChoices(p, dir, &f)
	return f
}

func fillInitiativeChoices(p *Page, dir *view.Directory, f *initiativeForm) {
	f.Owners = personChoices(dir, f.I.OwnerPersonID, p.L.T("edit.nobody"))
	f.Statuses = enumChoices(p, "init", f.I.Status, okr.InitiativePlanned, okr.InitiativeInProgress, okr.InitiativeDone, okr.InitiativeDropped)
}

// readInitiativeFields reads the form into in.
func readInitiativeFields(f *form, in *okr.Initiative) string {
	in.Title = f.str("title")
	in.OwnerPersonID = f.idPtr("owner")
	in.Status = okr.InitiativeStatus(f.str("status"))
	in.Due = nil
	if d := f.date("due", false); !d.IsZero() {
		in.Due = &d
	}
	f.validate(in.Validate(), nil)
	return f.str("due")
}

func (s *Server) createInitiative(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	kr, o, err := s.editableKR(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.edit_kr", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	in := okr.Initiative{OrgID: v.Org.ID, KeyResultID: kr.ID}
	due := readInitiativeFields(f, &in)
	if f.ok() {
		_, err := s.DB.CreateInitiative(ctx, v.Actor(), in)
		if err == nil {
			s.setNotice(r, "edit.initiative_added")
			return redirect(w, r, krHref(kr.ID)+"#initiatives")
		}
		if !f.addError(err, nil) {
			return err
		}
	}
	p.Error = s.formProblem(p, f)
	shown := initiativeForm{New: true, Action: "/krs/" + strconv.FormatInt(kr.ID, 10) + "/initiatives", I: in, Due: due, Errs: f.errs}
	return s.renderKREditor(w, r, p, kr, o, krFormOf(p, kr), formStatus, krEditorExtras{Initiative: &shown})
}

// editableInitiative reads the initiative of the request's {id} and
// returns EFORBIDDEN unless the viewer may change it.
func (s *Server) editableInitiative(r *http.Request) (okr.Initiative, error) {
	v := mustViewer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return okr.Initiative{}, notFound()
	}
	in, err := s.DB.GetInitiative(r.Context(), v.Org.ID, id)
	if err != nil {
		return in, err
	}
	ok, err := s.DB.CanEdit(r.Context(), v.Actor(), "initiative", id)
	if err != nil {
		return in, err
	}
	if !ok {
		return in, okr.Errorf(okr.EFORBIDDEN, "you may not change this initiative")
	}
	return in, nil
}

func (s *Server) editInitiativePage(w http.ResponseWriter, r *http.Request) error {
	in, err := s.editableInitiative(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.edit_initiative", nil)
	f := initiativeForm{Action: "/initiatives/" + strconv.FormatInt(in.ID, 10) + "/edit", I: in, Errs: FieldErrors{}}
	if in.Due != nil {
		f.Due = i18n.ISODate(*in.Due)
	}
	return s.renderInitiativeEditor(w, r, p, f, http.StatusOK)
}

func (s *Server) updateInitiative(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	stored, err := s.editableInitiative(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.edit_initiative", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	mine := stored
	mine.Version = f.version()
	due := readInitiativeFields(f, &mine)
	shown := initiativeForm{Action: "/initiatives/" + strconv.FormatInt(stored.ID, 10) + "/edit", I: mine, Due: due}
	res, err := saveVersioned(f, nil,
		func() (okr.Initiative, error) { return s.DB.UpdateInitiative(ctx, v.Actor(), mine) },
		func() (okr.Initiative, error) { return s.DB.GetInitiative(ctx, v.Org.ID, stored.ID) },
		func(theirs okr.Initiative) (*conflictView, error) { return s.initiativeConflict(ctx, p, theirs, mine) })
	if err != nil {
		return err
	}
	if res.Saved {
		s.setNotice(r, "edit.saved")
		return redirect(w, r, krHref(stored.KeyResultID)+"#initiatives")
	}
	if res.Lost {
		shown.I.Version = res.Stored.Version
	}
	shown.Conflict, shown.Errs = res.Conflict, f.errs
	p.Error = s.formProblem(p, f)
	return s.renderInitiativeEditor(w, r, p, shown, res.status(r))
}

func (s *Server) renderInitiativeEditor(w http.ResponseWriter, r *http.Request, p *Page, f initiativeForm, status int) error {
	ctx := r.Context()
	v := p.Viewer
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	fillInitiativeChoices(p, dir, &f)
	kr, err := s.DB.GetKeyResult(ctx, v.Org.ID, f.I.KeyResultID)
	if err != nil {
		return err
	}
	o, err := s.DB.GetObjective(ctx, v.Org.ID, kr.ObjectiveID)
	if err != nil {
		return err
	}
	return s.page(w, r, status, p, EditInitiativePage(p, &initiativeEditData{Form: f, KR: kr, Objective: o}))
}

// initiativeConflict compares the stored initiative with the submitted one.
func (s *Server) initiativeConflict(ctx context.Context, p *Page, theirs, mine okr.Initiative) (*conflictView, error) {
	dir, err := s.loadDirectory(ctx, theirs.OrgID)
	if err != nil {
		return nil, err
	}
	c := &conflictView{}
	if c.Who, c.At, err = s.lastChange(ctx, dir, theirs.OrgID, "initiative", theirs.ID); err != nil {
		return nil, err
	}
	person := func(id *int64) string {
		if id != nil && dir.People[*id] != nil {
			return dir.People[*id].Name
		}
		return "–"
	}
	due := func(d *okr.Initiative) string {
		if d.Due == nil {
			return "–"
		}
		return p.L.Date(*d.Due)
	}
	c.row(p.L.T("edit.f_title"), theirs.Title, mine.Title)
	c.row(p.L.T("word.owner"), person(theirs.OwnerPersonID), person(mine.OwnerPersonID))
	c.row(p.L.T("status.label"), p.L.T("init."+string(theirs.Status)), p.L.T("init."+string(mine.Status)))
	c.row(p.L.T("word.due"), due(&theirs), due(&mine))
	return c, nil
}

func (s *Server) archiveInitiative(w http.ResponseWriter, r *http.Request) error {
	in, err := s.editableInitiative(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.edit_initiative", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	if _, err := s.DB.ArchiveInitiative(r.Context(), mustViewer(r).Actor(), in.ID, f.version()); err != nil {
		if okr.ErrorCode(err) != okr.ESTALE {
			return err
		}
		s.setNotice(r, "edit.action_stale")
		return redirect(w, r, "/initiatives/"+strconv.FormatInt(in.ID, 10)+"/edit")
	}
	s.setNotice(r, "edit.initiative_archived")
	return redirect(w, r, krHref(in.KeyResultID)+"#initiatives")
}
