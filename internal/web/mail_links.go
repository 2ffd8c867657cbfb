package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// How long e-mailed links work. Each works once.
const (
	inviteTTL = 7 * 24 * time.Hour
	resetTTL  = time.Hour
)

// mailMessage is one e-mail in plain text and HTML.
type mailMessage struct {
	Subject, Text, HTML string
}

// linkMail is the data of an e-mail that carries a one-time link.
type linkMail struct {
	Greeting string
	Lines    []string
	Button   string
	Link     string
	Expires  string
	Footer   string
}

// render writes the message in both forms.
func (m linkMail) render(subject string) (mailMessage, error) {
	var text strings.Builder
	text.WriteString(m.Greeting + "\n\n")
	for _, l := range m.Lines {
		text.WriteString(l + "\n\n")
	}
	text.WriteString(m.Button + ":\n" + m.Link + "\n\n" + m.Expires + "\n\n-- \n" + m.Footer + "\n")
	var html strings.Builder
	if err := MailHTML(m).Render(context.Background(), &html); err != nil {
		return mailMessage{}, err
	}
	return mailMessage{Subject: subject, Text: text.String(), HTML: html.String()}, nil
}

// mailOn reports whether e-mail goes out: a mailer and a configured base
// URL for the links in it.
func (s *Server) mailOn() bool { return s.Mail != nil && s.BaseURL != "" }

// mailURL is the address of path in e-mail: only ever under the
// configured base URL.
func (s *Server) mailURL(path string) string { return strings.TrimRight(s.BaseURL, "/") + path }

// shownURL is the address of path shown on a page to the signed-in admin
// who asked for it (to hand over when e-mail is off): the base URL when
// set, else the address the admin's own browser used.
func (s *Server) shownURL(r *http.Request, path string) string {
	if s.BaseURL != "" {
		return s.mailURL(path)
	}
	scheme := "http"
	if r.TLS != nil || s.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// oneTimeLink creates a ticket of kind for the person and returns the path
// that redeems it.
func (s *Server) oneTimeLink(ctx context.Context, kind string, person okr.Person) (string, error) {
	ttl := resetTTL
	path := "/reset/"
	if kind == store.TicketInvite {
		ttl, path = inviteTTL, "/invite/"
	}
	token, err := s.DB.CreateTicket(ctx, kind, person.ID, ttl)
	if err != nil {
		return "", err
	}
	return path + token, nil
}

// goBackground runs fn after the handler has answered, with a context that
// outlives the request (bounded to a minute) and keeps its request id for
// the log; Wait waits for such work. The metrics count it as job.
func (s *Server) goBackground(r *http.Request, job string, fn func(ctx context.Context) error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), time.Minute)
	done := s.metrics.Job(job)
	s.bg.Go(func() {
		defer cancel()
		done(fn(ctx))
	})
}

// Wait waits for the work handlers left running (e-mail being sent).
func (s *Server) Wait() { s.bg.Wait() }

// mailLocalizer returns the localizer for e-mail to the person: their own
// language, else the organisation's.
func (s *Server) mailLocalizer(person okr.Person, org okr.Org) *i18n.Localizer {
	return s.i18n.Localizer(s.i18n.Negotiate(person.Language, "", org.Settings.Language))
}

// inviteMessage is the invitation e-mail.
func (s *Server) inviteMessage(person okr.Person, org okr.Org, inviter, link string) (mailMessage, error) {
	l := s.mailLocalizer(person, org)
	m := linkMail{
		Greeting: l.T("mail.hello", "Name", person.Name),
		Lines:    []string{l.T("mail.invite_body", "Inviter", inviter, "Org", org.Name), l.T("mail.invite_body2")},
		Button:   l.T("mail.invite_button"),
		Link:     link,
		Expires:  l.T("mail.invite_expires", "Days", int(inviteTTL.Hours()/24)),
		Footer:   l.T("mail.footer", "Org", org.Name),
	}
	return m.render(l.T("mail.invite_subject", "Org", org.Name))
}

// resetMessage is the password-reset e-mail.
func (s *Server) resetMessage(person okr.Person, org okr.Org, link string) (mailMessage, error) {
	l := s.mailLocalizer(person, org)
	m := linkMail{
		Greeting: l.T("mail.hello", "Name", person.Name),
		Lines:    []string{l.T("mail.reset_body"), l.T("mail.reset_ignore")},
		Button:   l.T("mail.reset_button"),
		Link:     link,
		Expires:  l.T("mail.reset_expires", "Minutes", int(resetTTL.Minutes())),
		Footer:   l.T("mail.footer", "Org", org.Name),
	}
	return m.render(l.T("mail.reset_subject", "Org", org.Name))
}

// send sends msg to the person. It reports false, having logged why, when
// e-mail is off or the server refused it.
func (s *Server) send(ctx context.Context, to string, msg mailMessage) bool {
	if !s.mailOn() {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := s.Mail.Send(ctx, to, msg.Subject, msg.Text, msg.HTML); err != nil {
		s.Log.ErrorContext(ctx, "web: sending e-mail failed", "to", to, "subject", msg.Subject, "err", err)
		return false
	}
	return true
}
