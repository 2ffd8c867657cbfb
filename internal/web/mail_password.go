package web

import (
	"context"
	"errors"
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
	return s.page(w, r, http.StatusOK, p, ForgotPage(p, &forgotData{Mail: s.mailOn(), Errs: FieldErrors{}}))
}

// resetRequestsPerHour caps the reset e-mails one address gets, so that the
// form cannot be used to flood someone's inbox.
const resetRequestsPerHour = 3

// forgot sends a one-time link to set a new password. The answer is the
// same, and takes the same time, whether or not the address belongs to
// someone: the request is counted (at most resetRequestsPerHour e-mails to
// one address), then looking the person up and sending happen after the
// answer, so the form does not tell who has an account.
func (s *Server) forgot(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	data := &forgotData{Mail: s.mailOn(), Errs: FieldErrors{}}
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
	if !s.mailOn() {
		return show(http.StatusOK)
	}
	a, err := s.DB.BeginAttempt(ctx, []string{"reset:" + emailKey(data.Email)}, time.Hour)
	if err != nil {
		return err
	}
	data.Sent = true
	if a.Counts[0] <= resetRequestsPerHour {
		email := data.Email
		s.goBackground(r, "password_reset_mail", func(ctx context.Context) error { return s.sendReset(ctx, email) })
	}
	return show(http.StatusOK)
}

// sendReset e-mails a reset link to the active person with that address,
// if there is one. Failures are logged, as nobody is waiting for an answer,
// and returned for the job's metrics.
func (s *Server) sendReset(ctx context.Context, email string) error {
	person, err := s.DB.GetPersonByEmail(ctx, email)
	switch {
	case okr.ErrorCode(err) == okr.ENOTFOUND:
		return nil
	case err != nil:
		s.Log.ErrorContext(ctx, "web: password reset: looking up the person failed", "err", err)
		return err
	case person.Archived:
		return nil
	}
	err = func() error {
		org, err := s.DB.GetOrg(ctx, person.OrgID)
		if err != nil {
			return err
		}
		path, err := s.oneTimeLink(ctx, store.TicketReset, person)
		if err != nil {
			return err
		}
		msg, err := s.resetMessage(person, org, s.mailURL(path))
		if err != nil {
			return err
		}
		if !s.send(ctx, person.Email, msg) {
			return errMailNotSent // logged by send
		}
		return nil
	}()
	if err != nil && !errors.Is(err, errMailNotSent) {
		s.Log.ErrorContext(ctx, "web: password reset e-mail failed", "person", person.ID, "err", err)
	}
	return err
}

// errMailNotSent is a message send refused or could not send.
var errMailNotSent = errors.New("web: e-mail not sent")

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
	// Hash first: a busy server must not spend the link.
	hash, err := password.HashCtx(ctx, pw)
	if err != nil {
		return err
	}
	person, err := s.DB.UseTicket(ctx, kind, r.PathValue("token"))
	if okr.ErrorCode(err) == okr.EUNAUTHORIZED {
		data.Invalid = true
		return s.page(w, r, http.StatusGone, p, PasswordSetPage(p, data))
	} else if err != nil {
		return err
	}
	if err := s.DB.SetPassword(ctx, person.ID, hash); err != nil {
		return err
	}
	// Setting the password ended every other session of the person; this
	// one starts with the new epoch.
	if person, err = s.DB.GetPerson(ctx, person.OrgID, person.ID); err != nil {
		return err
	}
	if err := s.startSession(ctx, person); err != nil {
		return err
	}
	if data.Invite {
		s.setNotice(r, "invite.welcome")
	} else {
		s.setNotice(r, "reset.done")
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
