package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/password"
	"github.com/okr-dev/okr/internal/store"
)

// forgotData is the "forgot your password" page.
type forgotData struct {
	Email string
	Sent  bool
	Mail  bool // e-mail is on
	Errs  FieldErrors
}

func (s *Server) forgotPage(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "", "forgot.title", nil)
	return s.page(w, r, http.StatusOK, p, ForgotPage(p, &forgotData{Mail: s.Mail != nil, Errs: FieldErrors{}}))
}

// resetRequestsPerHour caps the reset e-mails one address gets, so that the
// form cannot be used to flood someone's inbox.
const resetRequestsPerHour = 3

// forgot sends a one-time link to set a new password. The answer is the
// same whether or not the address belongs to someone, so the form does not
// tell who has an account.
func (s *Server) forgot(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	data := &forgotData{Mail: s.Mail != nil, Errs: FieldErrors{}}
	p := s.newPage(r, "", "forgot.title", nil)
	show := func(status int) error { return s.page(w, r, status, p, ForgotPage(p, data)) }
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	data.Email = f.str("email")
	if data.Email == "" || !strings.Contains(data.Email, "@") {
		f.fail("email", "err.email")
		data.Errs = f.errs
		return show(formStatus)
	}
	if s.Mail == nil {
		return show(http.StatusOK)
	}
	key := "reset:" + emailKey(data.Email)
	recent, err := s.DB.RecentSignInFailures(ctx, key, time.Hour)
	if err != nil {
		return err
	}
	data.Sent = true
	if recent >= resetRequestsPerHour {
		return show(http.StatusOK)
	}
	if err := s.DB.RecordSignInFailure(ctx, key); err != nil {
		return err
	}
	person, err := s.DB.GetPersonByEmail(ctx, data.Email)
	switch {
	case okr.ErrorCode(err) == okr.ENOTFOUND:
		return show(http.StatusOK)
	case err != nil:
		return err
	case person.Archived:
		return show(http.StatusOK)
	}
	org, err := s.DB.GetOrg(ctx, person.OrgID)
	if err != nil {
		return err
	}
	link, err := s.oneTimeLink(r, store.TicketReset, person)
	if err != nil {
		return err
	}
	msg, err := s.resetMessage(person, org, link)
	if err != nil {
		return err
	}
	s.send(ctx, person.Email, msg) // failures are logged; the answer stays the same
	return show(http.StatusOK)
}

// setPasswordData is the page that sets a password from a one-time link:
// a new account's first password (invite) or a new one (reset).
type setPasswordData struct {
	Invite    bool
	Action    string
	Invalid   bool // the link is used, expired or unknown
	MinLength int
	Errs      FieldErrors
}

func (s *Server) passwordLinkKind(r *http.Request) (kind string, data *setPasswordData) {
	invite := strings.HasPrefix(r.URL.Path, "/invite/")
	data = &setPasswordData{Invite: invite, Action: passwordAction(invite, r.PathValue("token")), MinLength: password.MinLength, Errs: FieldErrors{}}
	if invite {
		return store.TicketInvite, data
	}
	return store.TicketReset, data
}

// passwordAction is where the form of a one-time link posts: the link's
// own path, with the token escaped.
func passwordAction(invite bool, token string) string {
	if invite {
		return "/invite/" + url.PathEscape(token)
	}
	return "/reset/" + url.PathEscape(token)
}

func passwordTitle(d *setPasswordData) string {
	if d.Invite {
		return "invite.title"
	}
	return "reset.title"
}

// setPasswordPage shows the form. The link is checked (and used up) only
// when the form is sent, so that opening it in a mail client's preview does
// not spend it.
func (s *Server) setPasswordPage(w http.ResponseWriter, r *http.Request) error {
	_, data := s.passwordLinkKind(r)
	p := s.newPage(r, "", passwordTitle(data), nil)
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.page(w, r, http.StatusOK, p, PasswordSetPage(p, data))
}

// setPassword checks the new password, redeems the link, stores the
// password and signs the person in.
func (s *Server) setPassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	kind, data := s.passwordLinkKind(r)
	p := s.newPage(r, "", passwordTitle(data), nil)
	w.Header().Set("Referrer-Policy", "no-referrer")
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	pw, again := f.raw("password"), f.raw("password2")
	switch password.Check(pw) {
	case "too_short":
		f.fail("password", "reset.too_short", "Min", password.MinLength)
	case "too_long":
		f.fail("password", "reset.too_long", "Max", password.MaxLength)
	}
	if f.ok() && pw != again {
		f.fail("password2", "reset.mismatch")
	}
	if !f.ok() {
		data.Errs = f.errs
		p.Error = s.formProblem(p, f)
		return s.page(w, r, formStatus, p, PasswordSetPage(p, data))
	}
	person, err := s.DB.UseTicket(ctx, kind, r.PathValue("token"))
	if okr.ErrorCode(err) == okr.EUNAUTHORIZED {
		data.Invalid = true
		return s.page(w, r, http.StatusGone, p, PasswordSetPage(p, data))
	} else if err != nil {
		return err
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	if err := s.DB.SetPassword(ctx, person.ID, hash); err != nil {
		return err
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessPerson, person.ID)
	s.sessions.Put(ctx, sessOrg, person.OrgID)
	if data.Invite {
		s.setNotice(r, "invite.welcome")
	} else {
		s.setNotice(r, "reset.done")
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
