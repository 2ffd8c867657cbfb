package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/password"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// signInData is the sign-in form.
type signInData struct {
	Email string
	Next  string
	// SSO are the buttons "Sign in with <provider>": the organisation's
	// when the deployment has one organisation or the address names one
	// (?org=slug).
	SSO []ssoButton
	// SSOByEmail offers "Continue with single sign-on" for the typed
	// e-mail address (its domain finds the organisation).
	SSOByEmail bool
	// PasswordOff hides the password form: the one organisation shown
	// signs in through its provider only.
	PasswordOff bool
}

// ssoButton is a provider's sign-in button.
type ssoButton struct {
	Name, Href string
}

// signInOptions fills in the single sign-on choices of the sign-in page.
func (s *Server) signInOptions(r *http.Request, d *signInData) {
	orgs, opts, err := s.DB.SSOOptions(r.Context())
	if err != nil {
		s.Log.Warn("web: single sign-on options unavailable", "err", err)
		return
	}
	slug := r.URL.Query().Get("org")
	for _, o := range opts {
		if (orgs == 1 && len(opts) == 1) || (slug != "" && o.Slug == slug) {
			href := "/sso/start/" + url.PathEscape(o.Slug)
			if d.Next != "" && d.Next != "/" {
				href += "?next=" + url.QueryEscape(d.Next)
			}
			d.SSO = append(d.SSO, ssoButton{Name: o.Name, Href: href})
			d.PasswordOff = o.PasswordOff
		}
	}
	d.SSOByEmail = len(opts) > 0 && len(d.SSO) == 0
}

func (s *Server) signInPage(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("next"))
	if viewerFrom(r.Context()) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	p := s.newPage(r, "", "signin.title", nil)
	d := signInData{Next: next}
	s.signInOptions(r, &d)
	return s.page(w, r, http.StatusOK, p, SignInPage(p, d))
}

// signIn checks the e-mail and password. Failed attempts are recorded per
// e-mail and per client address and slow down (then lock out for a while)
// further attempts; the answer never says whether the e-mail exists.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return okr.Errorf(okr.EBADREQUEST, "unreadable form")
	}
	ctx := r.Context()
	email := strings.TrimSpace(r.PostForm.Get("email"))
	pw := r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	data := signInData{Email: email, Next: next}
	fail := func(status int, key string, kv ...any) error {
		p := s.newPage(r, "", "signin.title", nil)
		p.Error = p.L.T(key, kv...)
		s.signInOptions(r, &data)
		return s.page(w, r, status, p, SignInPage(p, data))
	}

	th, attempt, err := s.throttle(r, email)
	if err != nil {
		return err
	}
	if th.locked {
		return fail(http.StatusTooManyRequests, "signin.locked", "Minutes", th.minutes())
	}
	th.wait(ctx)

	person, ok, err := s.checkPassword(r, email, pw)
	if err != nil {
		return err
	}
	if !ok {
		return fail(http.StatusUnauthorized, "signin.failed") // the attempt stays counted
	}
	// Checked after the password, so that the answer tells nothing about
	// an address to someone who does not know its password.
	if allowed, err := s.DB.PasswordSignIn(ctx, person.OrgID); err != nil {
		return err
	} else if !allowed {
		if err := s.DB.Forget(ctx, attempt); err != nil {
			return err
		}
		return fail(http.StatusForbidden, okr.SSOPassword)
	}
	if err := s.DB.Forget(ctx, attempt); err != nil {
		return err
	}
	if err := s.startSession(ctx, person); err != nil {
		return err
	}
	if lang := i18n.Supported(s.sessions.GetString(ctx, sessLang)); lang != "" && person.Language == "" {
		// Keep the language chosen on the sign-in page.
		person.Language = lang
		s.saveLanguage(r, person)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// dummyHash is verified against when the e-mail is unknown, so that the
// answer takes as long as for a known e-mail.
var dummyHash, _ = password.Hash("not a real password, only for timing")

// checkPassword returns the active person with that e-mail and whether pw is
// theirs. It rehashes the password when its parameters are outdated.
func (s *Server) checkPassword(r *http.Request, email, pw string) (okr.Person, bool, error) {
	ctx := r.Context()
	person, err := s.DB.GetPersonByEmail(ctx, email)
	hash := dummyHash
	switch code := okr.ErrorCode(err); {
	case err == nil:
		if h, herr := s.DB.PasswordHash(ctx, person.ID); herr == nil && h != "" {
			hash = h
		} else if herr != nil && okr.ErrorCode(herr) != okr.ENOTFOUND {
			return person, false, herr
		}
	case code != okr.ENOTFOUND:
		return person, false, err
	}
	ok, rehash, verr := password.VerifyCtx(ctx, pw, hash)
	if errors.Is(verr, password.ErrBusy) {
		return person, false, verr
	}
	if verr != nil {
		s.Log.ErrorContext(ctx, "web: stored password hash is unreadable", "person", person.ID, "err", verr)
		ok = false
	}
	if err != nil || hash == dummyHash || person.Archived {
		return person, false, nil
	}
	if ok && rehash {
		if h, err := password.HashCtx(ctx, pw); err == nil {
			if err := s.DB.RehashPassword(ctx, person.ID, hash, h); err != nil {
				s.Log.WarnContext(ctx, "web: could not store a rehashed password", "err", err)
			}
		}
	}
	return person, ok, nil
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
	return nil
}

// setLanguage switches the page language: it is stored on the signed-in
// person (so it follows them to other devices) and in the session.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return okr.Errorf(okr.EBADREQUEST, "unreadable form")
	}
	lang := i18n.Supported(r.PostForm.Get("lang"))
	if lang == "" {
		return okr.Errorf(okr.EBADREQUEST, "unsupported language")
	}
	ctx := r.Context()
	s.sessions.Put(ctx, sessLang, lang)
	if v := viewerFrom(ctx); v != nil && v.Person.Language != lang {
		p := v.Person
		p.Language = lang
		s.saveLanguage(r, p)
	}
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
	return nil
}

// saveLanguage stores p's language setting. The session keeps the choice
// anyway, so a failure (e.g. the store allowing only admins to change
// people) is logged, not shown.
func (s *Server) saveLanguage(r *http.Request, p okr.Person) {
	if _, err := s.DB.UpdatePerson(r.Context(), store.PersonActor(p), p); err != nil {
		s.Log.InfoContext(r.Context(), "web: language setting not saved on the person", "person", p.ID, "err", err)
	}
}

func notFound() error { return okr.Errorf(okr.ENOTFOUND, "not found") }
