package web

import (
	"bytes"
	"context"
	"html/template"
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

// mailHTML lays out every e-mail: a greeting, paragraphs, a button with
// the link, the link in full for mail clients that hide buttons, and a
// footer. Inline styles are the only styles mail clients read.
var mailHTML = template.Must(template.New("mail").Parse(`<!doctype html>
<html><body style="margin:0;padding:24px;background:#f6f7f9;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#16191f">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #d5d9e0;border-radius:8px;padding:24px">
<p style="margin:0 0 16px;font-size:16px">{{.Greeting}}</p>
{{range .Lines}}<p style="margin:0 0 16px;font-size:16px;line-height:1.5">{{.}}</p>{{end}}
<p style="margin:24px 0"><a href="{{.Link}}" style="display:inline-block;background:#3340b0;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:5px">{{.Button}}</a></p>
<p style="margin:0 0 16px;font-size:14px;color:#4b5563">{{.Expires}}</p>
<p style="margin:0 0 16px;font-size:13px;color:#4b5563;word-break:break-all"><a href="{{.Link}}" style="color:#2b37a3">{{.Link}}</a></p>
<p style="margin:24px 0 0;font-size:13px;color:#4b5563">{{.Footer}}</p>
</div></body></html>`))

// render writes the message in both forms.
func (m linkMail) render(subject string) (mailMessage, error) {
	var text strings.Builder
	text.WriteString(m.Greeting + "\n\n")
	for _, l := range m.Lines {
		text.WriteString(l + "\n\n")
	}
	text.WriteString(m.Button + ":\n" + m.Link + "\n\n" + m.Expires + "\n\n-- \n" + m.Footer + "\n")
	var html bytes.Buffer
	if err := mailHTML.Execute(&html, m); err != nil {
		return mailMessage{}, err
	}
	return mailMessage{Subject: subject, Text: text.String(), HTML: html.String()}, nil
}

// baseURL is the public address of the application for links: the
// configured one, else the request's own scheme and host.
func (s *Server) baseURL(r *http.Request) string {
	if s.BaseURL != "" {
		return strings.TrimRight(s.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil || s.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// oneTimeLink creates a ticket of kind for the person and returns the link
// that redeems it.
func (s *Server) oneTimeLink(r *http.Request, kind string, person okr.Person) (string, error) {
	ttl := resetTTL
	path := "/reset/"
	if kind == store.TicketInvite {
		ttl, path = inviteTTL, "/invite/"
	}
	token, err := s.DB.CreateTicket(r.Context(), kind, person.ID, ttl)
	if err != nil {
		return "", err
	}
	return s.baseURL(r) + path + token, nil
}

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
	if s.Mail == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := s.Mail.Send(ctx, to, msg.Subject, msg.Text, msg.HTML); err != nil {
		s.Log.Error("web: sending e-mail failed", "to", to, "subject", msg.Subject, "err", err)
		return false
	}
	return true
}
