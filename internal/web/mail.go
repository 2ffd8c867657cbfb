package web

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// smtpMailer sends e-mail through one SMTP server with go-mail. It keeps
// only settings: each Send dials, sends one message and hangs up, so that a
// server restarting between e-mails costs nothing and concurrent sends do
// not share a connection.
type smtpMailer struct {
	host     string
	port     int
	security string // "none", "starttls" or "tls"
	user     string
	pass     string
	from     string
	timeout  time.Duration
	// tlsConfig overrides the TLS settings (tests use it to trust their own
	// certificate); nil means the system roots and the host's name.
	tlsConfig *tls.Config
}

// NewSMTPMailer returns a Mailer that sends through the SMTP server at
// smtpURL, from the address from. The URL has the form
// smtp://user:pass@host:port?tls=none|starttls|tls (smtps://… means
// tls=tls). Without a port it uses 587 for starttls (the default), 465 for
// tls and 25 for none. User and password are optional; when given they
// authenticate with PLAIN, which over tls=none sends them unencrypted, so
// that choice is the operator's to make explicitly.
func NewSMTPMailer(smtpURL, from string) (Mailer, error) {
	u, err := url.Parse(smtpURL)
	if err != nil {
		return nil, fmt.Errorf("web: the SMTP address is not a URL: %w", err)
	}
	m := &smtpMailer{host: u.Hostname(), timeout: 15 * time.Second}
	switch u.Scheme {
	case "smtp":
		m.security = "starttls"
	case "smtps":
		m.security = "tls"
	default:
		return nil, fmt.Errorf("web: the SMTP address must start with smtp:// or smtps://, not %q", u.Scheme+"://")
	}
	if t := u.Query().Get("tls"); t != "" {
		if t != "none" && t != "starttls" && t != "tls" {
			return nil, fmt.Errorf("web: tls=%s in the SMTP address: want none, starttls or tls", t)
		}
		m.security = t
	}
	if m.host == "" {
		return nil, fmt.Errorf("web: the SMTP address %q has no host", smtpURL)
	}
	m.port = map[string]int{"none": 25, "starttls": 587, "tls": 465}[m.security]
	if p := u.Port(); p != "" {
		if m.port, err = strconv.Atoi(p); err != nil || m.port < 1 || m.port > 65535 {
			return nil, fmt.Errorf("web: the SMTP port %q is not a port number", p)
		}
	}
	if u.User != nil {
		m.user = u.User.Username()
		m.pass, _ = u.User.Password()
	}
	addr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("web: the sender address %q is not an e-mail address: %w", from, err)
	}
	m.from = addr.String()
	return m, nil
}

// String describes the mailer without its password, for logs.
func (m *smtpMailer) String() string {
	return fmt.Sprintf("SMTP %s (%s)", net.JoinHostPort(m.host, strconv.Itoa(m.port)), m.security)
}

// Send sends one message with a plain-text body and, when html is not
// empty, an HTML alternative. An error names what failed, never the
// password.
func (m *smtpMailer) Send(ctx context.Context, to, subject, text, html string) error {
	return m.send(ctx, "", to, subject, text, html)
}

// SendKeyed sends like Send with a Message-ID made from the idempotency
// key: the same key always gives the same Message-ID, so that a message
// sent again after a crash (SMTP cannot say whether the first went out) is
// the same message to the receiving mail system, which drops duplicates.
func (m *smtpMailer) SendKeyed(ctx context.Context, key, to, subject, text, html string) error {
	return m.send(ctx, key, to, subject, text, html)
}

func (m *smtpMailer) send(ctx context.Context, key, to, subject, text, html string) error {
	msg := gomail.NewMsg()
	if err := msg.From(m.from); err != nil {
		return fmt.Errorf("web: mail sender: %w", err)
	}
	if err := msg.To(to); err != nil {
		return fmt.Errorf("web: mail recipient %q: %w", to, err)
	}
	msg.Subject(subject)
	msg.SetDate()
	if key != "" {
		msg.SetMessageIDWithValue(keyedMessageID(key, m.from))
	} else {
		msg.SetMessageID()
	}
	msg.SetBodyString(gomail.TypeTextPlain, text)
	if html != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, html)
	}
	c, err := gomail.NewClient(m.host, m.options()...)
	if err != nil {
		return fmt.Errorf("web: mail client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("web: sending mail through %s: %w", m, err)
	}
	return nil
}

// keyedMessageID returns the Message-ID value (without brackets) of the
// idempotency key: a hash of it at the sender's domain.
func keyedMessageID(key, from string) string {
	sum := sha256.Sum256([]byte(key))
	domain := "okr.invalid"
	if at := strings.LastIndex(from, "@"); at >= 0 {
		domain = strings.Trim(from[at+1:], "> ")
	}
	return "okr." + hex.EncodeToString(sum[:16]) + "@" + domain
}

func (m *smtpMailer) options() []gomail.Option {
	opts := []gomail.Option{gomail.WithPort(m.port), gomail.WithTimeout(m.timeout)}
	switch m.security {
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if m.tlsConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(m.tlsConfig))
	}
	if m.user != "" {
		auth := gomail.SMTPAuthPlain
		if m.security == "none" {
			auth = gomail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(m.user), gomail.WithPassword(m.pass))
	}
	return opts
}
