package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// adminPeopleData is the list of people.
type adminPeopleData struct {
	Query    string
	Archived bool
	People   []personRow
}

func (s *Server) adminPeoplePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	p := s.newPage(r, "admin", "admin.people_title", nil)
	q := r.URL.Query()
	data := &adminPeopleData{Query: strings.TrimSpace(q.Get("q")), Archived: q.Get("archived") == "1"}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	people, _, err := s.DB.ListPeople(ctx, v.Org.ID, store.PersonFilter{Query: data.Query, IncludeArchived: data.Archived, Limit: 500})
	if err != nil {
		return err
	}
	for _, person := range people {
		row := personRow{Person: person}
		if person.UnitID != nil {
			row.Unit = dir.Units[*person.UnitID]
		}
		data.People = append(data.People, row)
	}
	return s.page(w, r, http.StatusOK, p, AdminPeoplePage(p, data))
}

// personForm is a person's fields as the admin form shows them.
type personForm struct {
	New       bool
	Action    string
	P         okr.Person
	Roles     []Choice
	Units     []Choice
	Languages []Choice
	Errs      FieldErrors
	Conflict  *conflictView
}

// adminPersonData is the page that edits one person: the form, whether
// they have set a password yet, and a one-time link just created.
type adminPersonData struct {
	Form        personForm
	HasPassword bool
	Link        string // a sign-in link to hand over when e-mail is off or failed
	LinkInvite  bool
	Mail        bool
}

// fillPersonChoices offers roles, units and languages.
func fillPersonChoices(p *Page, dir *view.Directory, f *personForm) {
	f.Roles = enumChoices(p, "role", f.P.Role, okr.RoleMember, okr.RoleAdmin)
	f.Units = unitChoices(dir, f.P.UnitID, p.L.T("admin.no_unit"))
	f.Languages = []Choice{{Value: "", Label: p.L.T("admin.lang_browser"), Selected: f.P.Language == ""}}
	for _, l := range i18n.Languages {
		f.Languages = append(f.Languages, Choice{Value: l, Label: i18n.Name(l), Selected: f.P.Language == l})
	}
}

// readPersonFields reads the form into person.
func readPersonFields(f *form, person *okr.Person) {
	person.Name = f.str("name")
	person.Email = f.str("email")
	person.Role = okr.Role(f.str("role"))
	person.UnitID = f.idPtr("unit")
	person.Language = f.str("language")
	f.validate(person.Validate(), nil)
}

func (s *Server) adminPerson(r *http.Request) (okr.Person, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return okr.Person{}, notFound()
	}
	return s.DB.GetPerson(r.Context(), mustViewer(r).Org.ID, id)
}

func (s *Server) adminPersonPage(w http.ResponseWriter, r *http.Request) error {
	person, err := s.adminPerson(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "admin", "admin.person_edit", nil)
	f := personForm{Action: "/admin/people/" + strconv.FormatInt(person.ID, 10), P: person, Errs: FieldErrors{}}
	return s.renderAdminPerson(w, r, p, f, http.StatusOK, "", false)
}

func (s *Server) renderAdminPerson(w http.ResponseWriter, r *http.Request, p *Page, f personForm, status int, link string, invite bool) error {
	ctx := r.Context()
	dir, err := s.loadDirectory(ctx, p.Viewer.Org.ID)
	if err != nil {
		return err
	}
	fillPersonChoices(p, dir, &f)
	hash, err := s.DB.PasswordHash(ctx, f.P.ID)
	if err != nil && okr.ErrorCode(err) != okr.ENOTFOUND {
		return err
	}
	d := &adminPersonData{Form: f, HasPassword: hash != "", Link: link, LinkInvite: invite, Mail: s.mailOn()}
	return s.page(w, r, status, p, AdminPersonPage(p, d))
}

func (s *Server) updatePerson(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	stored, err := s.adminPerson(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "admin", "admin.person_edit", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	mine := stored
	mine.Version = f.version()
	readPersonFields(f, &mine)
	shown := personForm{Action: "/admin/people/" + strconv.FormatInt(stored.ID, 10), P: mine}
	res, err := saveVersioned(f, nil,
		func() (okr.Person, error) { return s.DB.UpdatePerson(ctx, v.Actor(), mine) },
		func() (okr.Person, error) { return s.DB.GetPerson(ctx, v.Org.ID, stored.ID) },
		func(theirs okr.Person) (*conflictView, error) { return s.personConflict(ctx, p, theirs, mine) })
	if err != nil {
		return err
	}
	if res.Saved {
		s.setNotice(r, "edit.saved")
		return redirect(w, r, "/admin/people")
	}
	if res.Lost {
		shown.P.Version = res.Stored.Version
	}
	shown.Conflict, shown.Errs = res.Conflict, f.errs
	p.Error = s.formProblem(p, f)
	return s.renderAdminPerson(w, r, p, shown, res.status(r), "", false)
}

// personConflict compares the stored person with the submitted one.
func (s *Server) personConflict(ctx context.Context, p *Page, theirs, mine okr.Person) (*conflictView, error) {
	dir, err := s.loadDirectory(ctx, theirs.OrgID)
	if err != nil {
		return nil, err
	}
	c := &conflictView{}
	if c.Who, c.At, err = s.lastChange(ctx, dir, theirs.OrgID, "person", theirs.ID); err != nil {
		return nil, err
	}
	unit := func(id *int64) string {
		if id == nil || dir.Units[*id] == nil {
			return "–"
		}
		return dir.Units[*id].Name
	}
	c.row(p.L.T("people.name"), theirs.Name, mine.Name)
	c.row(p.L.T("signin.email"), theirs.Email, mine.Email)
	c.row(p.L.T("admin.f_role"), p.L.T("role."+string(theirs.Role)), p.L.T("role."+string(mine.Role)))
	c.row(p.L.T("word.unit"), unit(theirs.UnitID), unit(mine.UnitID))
	return c, nil
}

func (s *Server) archivePerson(w http.ResponseWriter, r *http.Request) error {
	return s.archiveOrRestorePerson(w, r, true)
}

func (s *Server) restorePerson(w http.ResponseWriter, r *http.Request) error {
	return s.archiveOrRestorePerson(w, r, false)
}

func (s *Server) archiveOrRestorePerson(w http.ResponseWriter, r *http.Request, archive bool) error {
	person, err := s.adminPerson(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "admin", "", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	actor := mustViewer(r).Actor()
	if archive {
		_, err = s.DB.ArchivePerson(r.Context(), actor, person.ID, f.version())
	} else {
		_, err = s.DB.RestorePerson(r.Context(), actor, person.ID, f.version())
	}
	switch code := okr.ErrorCode(err); {
	case err == nil && archive:
		s.setNotice(r, "admin.person_archived")
	case err == nil:
		s.setNotice(r, "admin.person_restored")
	case code == okr.ESTALE:
		s.setNotice(r, "admin.stale")
	case code == okr.ECONFLICT:
		s.setNotice(r, "err.last_admin")
	default:
		return err
	}
	return redirect(w, r, "/admin/people/"+strconv.FormatInt(person.ID, 10))
}

// sendPersonLink makes a one-time sign-in link for someone: an invitation
// for who never set a password, else a password reset. It is e-mailed when
// e-mail is on; the page shows it too, for the admin to hand over.
func (s *Server) sendPersonLink(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	person, err := s.adminPerson(r)
	if err != nil {
		return err
	}
	if person.Archived {
		return okr.Errorf(okr.EBADREQUEST, "the person is archived")
	}
	p := s.newPage(r, "admin", "admin.person_edit", nil)
	hash, err := s.DB.PasswordHash(r.Context(), person.ID)
	if err != nil && okr.ErrorCode(err) != okr.ENOTFOUND {
		return err
	}
	invite := hash == ""
	link, sent, err := s.mailLink(r, v, person, invite)
	if err != nil {
		return err
	}
	if sent {
		p.Notice = p.L.T("admin.link_sent", "Email", person.Email)
	}
	f := personForm{Action: "/admin/people/" + strconv.FormatInt(person.ID, 10), P: person, Errs: FieldErrors{}}
	return s.renderAdminPerson(w, r, p, f, http.StatusOK, link, invite)
}

// mailLink creates a one-time invitation or reset link for person and
// e-mails it when e-mail is on. sent says whether the e-mail went out.
func (s *Server) mailLink(r *http.Request, v *Viewer, person okr.Person, invite bool) (link string, sent bool, err error) {
	kind := store.TicketReset
	if invite {
		kind = store.TicketInvite
	}
	path, err := s.oneTimeLink(r.Context(), kind, person)
	if err != nil {
		return "", false, err
	}
	link = s.shownURL(r, path)
	if !s.mailOn() {
		return link, false, nil
	}
	var msg mailMessage
	if invite {
		msg, err = s.inviteMessage(person, v.Org, v.Person.Name, s.mailURL(path))
	} else {
		msg, err = s.resetMessage(person, v.Org, s.mailURL(path))
	}
	if err != nil {
		return "", false, err
	}
	return link, s.send(r.Context(), person.Email, msg), nil
}

// inviteData is the invitation form and, after sending, its result.
type inviteData struct {
	Form personForm
	Mail bool
	Done *okr.Person // the person just invited
	Link string
	Sent bool
}

func (s *Server) invitePage(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "admin", "admin.invite_title", nil)
	f := personForm{New: true, Action: "/admin/invitations", P: okr.Person{Role: okr.RoleMember}, Errs: FieldErrors{}}
	return s.renderInvite(w, r, p, &inviteData{Form: f}, http.StatusOK)
}

func (s *Server) renderInvite(w http.ResponseWriter, r *http.Request, p *Page, data *inviteData, status int) error {
	dir, err := s.loadDirectory(r.Context(), p.Viewer.Org.ID)
	if err != nil {
		return err
	}
	fillPersonChoices(p, dir, &data.Form)
	data.Mail = s.mailOn()
	return s.page(w, r, status, p, AdminInvitePage(p, data))
}

// invite adds a person and sends them a link that sets their first
// password; it works once and expires after a week. Without e-mail the
// page shows the link for the admin to hand over.
func (s *Server) invite(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	p := s.newPage(r, "admin", "admin.invite_title", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	person := okr.Person{OrgID: v.Org.ID}
	readPersonFields(f, &person)
	if f.ok() {
		created, err := s.DB.CreatePerson(r.Context(), v.Actor(), person)
		if err == nil {
			link, sent, err := s.mailLink(r, v, created, true)
			if err != nil {
				return err
			}
			blank := personForm{New: true, Action: "/admin/invitations", P: okr.Person{Role: okr.RoleMember, UnitID: created.UnitID}, Errs: FieldErrors{}}
			return s.renderInvite(w, r, p, &inviteData{Form: blank, Done: &created, Link: link, Sent: sent}, http.StatusOK)
		}
		if !f.addError(err, nil) {
			return err
		}
	}
	p.Error = s.formProblem(p, f)
	return s.renderInvite(w, r, p, &inviteData{Form: personForm{New: true, Action: "/admin/invitations", P: person, Errs: f.errs}}, formStatus)
}
