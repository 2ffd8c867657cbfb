package web

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// smtpSink is an in-process SMTP server on loopback that keeps what it
// receives. It accepts PLAIN authentication for user "okr", password
// "s3cret" and refuses mail from unauthenticated sessions when
// requireAuth is set.
type smtpSink struct {
	srv         *smtp.Server
	addr        string
	requireAuth bool
	// hold, when set, keeps each message's DATA waiting until it is
	// closed: an SMTP server that is slow to accept.
	hold chan struct{}
	// refuse, while set, answers every message with a temporary failure
	// (451): a mail server that is down.
	refuse atomic.Bool

	mu   sync.Mutex
	msgs []sinkMsg
}

type sinkMsg struct {
	from string
	to   []string
	data []byte
	tls  bool
}

// startSink starts the server. mode is "none" (plain), "starttls" or "tls"
// (implicit TLS); the TLS modes use a fresh self-signed certificate for
// 127.0.0.1, returned as a pool the client can trust.
func startSink(tb testing.TB, mode string, requireAuth bool) (*smtpSink, *x509.CertPool) {
	tb.Helper()
	sink := &smtpSink{requireAuth: requireAuth}
	sink.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		_, isTLS := c.TLSConnectionState()
		return &sinkSession{sink: sink, tls: isTLS, conn: c}, nil
	}))
	sink.srv.Domain = "localhost"
	sink.srv.AllowInsecureAuth = mode == "none"
	sink.srv.ReadTimeout, sink.srv.WriteTimeout = 5*time.Second, 5*time.Second
	var pool *x509.CertPool
	var ln net.Listener
	var err error
	if mode != "none" {
		var cert tls.Certificate
		cert, pool = selfSigned(tb)
		sink.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	}
	if mode == "tls" {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", sink.srv.TLSConfig)
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		tb.Fatal(err)
	}
	sink.addr = ln.Addr().String()
	go sink.srv.Serve(ln)
	tb.Cleanup(func() { sink.srv.Close() })
	return sink, pool
}

func (s *smtpSink) received() []sinkMsg {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sinkMsg(nil), s.msgs...)
}

type sinkSession struct {
	sink   *smtpSink
	conn   *smtp.Conn
	tls    bool
	authed bool
	msg    sinkMsg
}

func (s *sinkSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *sinkSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != "okr" || pass != "s3cret" {
			return errors.New("invalid credentials")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.sink.requireAuth && !s.authed {
		return smtp.ErrAuthRequired
	}
	_, isTLS := s.conn.TLSConnectionState()
	s.msg = sinkMsg{from: from, tls: isTLS || s.tls}
	return nil
}

func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.msg.to = append(s.msg.to, to)
	return nil
}

func (s *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.msg.data = b
	if s.sink.refuse.Load() {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "mail system down for maintenance"}
	}
	if s.sink.hold != nil {
		select {
		case <-s.sink.hold:
		case <-time.After(20 * time.Second):
		}
	}
	s.sink.mu.Lock()
	s.sink.msgs = append(s.sink.msgs, s.msg)
	s.sink.mu.Unlock()
	return nil
}

func (s *sinkSession) Reset()        { s.msg = sinkMsg{} }
func (s *sinkSession) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(tb testing.TB) (tls.Certificate, *x509.CertPool) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "okr test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{"localhost"},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

func mustMailer(tb testing.TB, smtpURL, from string, pool *x509.CertPool) *smtpMailer {
	tb.Helper()
	m, err := NewSMTPMailer(smtpURL, from)
	if err != nil {
		tb.Fatalf("NewSMTPMailer(%q): %v", smtpURL, err)
	}
	sm := m.(*smtpMailer)
	if pool != nil {
		sm.tlsConfig = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
	}
	sm.timeout = 5 * time.Second
	return sm
}

// TestSMTPMailerSends sends a message through each transport security and
// checks what arrives: sender, recipient, subject (with non-ASCII letters),
// a text part and an HTML alternative, and encryption where asked for.
func TestSMTPMailerSends(t *testing.T) {
	for _, mode := range []string{"none", "starttls", "tls"} {
		t.Run(mode, func(t *testing.T) {
			sink, pool := startSink(t, mode, true)
			m := mustMailer(t, "smtp://okr:s3cret@"+sink.addr+"?tls="+mode, "OKR <okr@example.com>", pool)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			subject := "Tilbakestill passordet ditt – Åse"
			if err := m.Send(ctx, "ase@example.com", subject, "Hei Åse\nLenke: https://okr.example.com/reset/abc", "<p>Hei <b>Åse</b></p>"); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := sink.received()
			if len(got) != 1 {
				t.Fatalf("got %d messages, want 1", len(got))
			}
			msg := got[0]
			if msg.from != "okr@example.com" {
				t.Errorf("got MAIL FROM %q, want okr@example.com", msg.from)
			}
			if len(msg.to) != 1 || msg.to[0] != "ase@example.com" {
				t.Errorf("got RCPT TO %v, want [ase@example.com]", msg.to)
			}
			if wantTLS := mode != "none"; msg.tls != wantTLS {
				t.Errorf("got encrypted %v, want %v", msg.tls, wantTLS)
			}
			checkMessage(t, msg.data, subject, "Lenke: https://okr.example.com/reset/abc", "<b>Åse</b>")
		})
	}
}

// checkMessage parses a received message and checks its subject and that
// it is multipart/alternative with the given text in the plain part and
// the HTML part.
func checkMessage(t *testing.T, data []byte, subject, inText, inHTML string) {
	t.Helper()
	pm, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the message does not parse: %v\n%s", err, data)
	}
	dec := new(mime.WordDecoder)
	if got, err := dec.DecodeHeader(pm.Header.Get("Subject")); err != nil || got != subject {
		t.Errorf("got subject %q (%v), want %q", got, err, subject)
	}
	if pm.Header.Get("Date") == "" || pm.Header.Get("Message-Id") == "" {
		t.Errorf("got Date %q and Message-ID %q, want both set", pm.Header.Get("Date"), pm.Header.Get("Message-Id"))
	}
	mt, params, err := mime.ParseMediaType(pm.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("got content type %q (%v), want multipart/alternative", mt, err)
	}
	parts := map[string]string{}
	mr := multipart.NewReader(pm.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(p) // quoted-printable is decoded by NextPart
		if err != nil {
			t.Fatal(err)
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		parts[ct] = string(body)
	}
	if !strings.Contains(parts["text/plain"], inText) {
		t.Errorf("got text part %q, want it to contain %q", parts["text/plain"], inText)
	}
	if !strings.Contains(parts["text/html"], inHTML) {
		t.Errorf("got HTML part %q, want it to contain %q", parts["text/html"], inHTML)
	}
}

func TestSMTPMailerFails(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	t.Run("wrong password", func(t *testing.T) {
		sink, _ := startSink(t, "none", true)
		m := mustMailer(t, "smtp://okr:wrong@"+sink.addr+"?tls=none", "okr@example.com", nil)
		err := m.Send(ctx, "a@example.com", "s", "t", "")
		if err == nil {
			t.Fatal("Send with a wrong password succeeded, want an error")
		}
		if strings.Contains(err.Error(), "wrong") {
			t.Errorf("the error %q shows the password", err)
		}
		if n := len(sink.received()); n != 0 {
			t.Errorf("got %d messages delivered, want 0", n)
		}
	})
	t.Run("starttls required but not offered", func(t *testing.T) {
		sink, _ := startSink(t, "none", false)
		m := mustMailer(t, "smtp://"+sink.addr, "okr@example.com", nil)
		if err := m.Send(ctx, "a@example.com", "s", "t", ""); err == nil {
			t.Fatal("Send over a server without STARTTLS succeeded with tls=starttls, want an error")
		}
		if n := len(sink.received()); n != 0 {
			t.Errorf("got %d messages delivered in clear text, want 0", n)
		}
	})
	t.Run("untrusted certificate", func(t *testing.T) {
		sink, _ := startSink(t, "starttls", false)
		m := mustMailer(t, "smtp://"+sink.addr+"?tls=starttls", "okr@example.com", nil)
		m.tlsConfig = &tls.Config{ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12} // system roots only
		if err := m.Send(ctx, "a@example.com", "s", "t", ""); err == nil {
			t.Fatal("Send to a server with a self-signed certificate succeeded, want an error")
		}
	})
	t.Run("bad recipient", func(t *testing.T) {
		sink, _ := startSink(t, "none", false)
		m := mustMailer(t, "smtp://"+sink.addr+"?tls=none", "okr@example.com", nil)
		if err := m.Send(ctx, "not an address", "s", "t", ""); err == nil {
			t.Fatal("Send to a malformed address succeeded, want an error")
		}
	})
}

func TestNewSMTPMailer(t *testing.T) {
	tests := []struct {
		url, from  string
		host       string
		port       int
		security   string
		user, pass string
		wantErr    bool
	}{
		{url: "smtp://mail.example.com", from: "okr@example.com", host: "mail.example.com", port: 587, security: "starttls"},
		{url: "smtps://u:p%40ss@mail.example.com", from: "okr@example.com", host: "mail.example.com", port: 465, security: "tls", user: "u", pass: "p@ss"},
		{url: "smtp://mail.example.com:2525?tls=none", from: "OKR <okr@example.com>", host: "mail.example.com", port: 2525, security: "none"},
		{url: "smtp://localhost?tls=none", from: "okr@localhost", host: "localhost", port: 25, security: "none"},
		{url: "smtp://[::1]:1025?tls=tls", from: "okr@example.com", host: "::1", port: 1025, security: "tls"},
		{url: "http://mail.example.com", from: "okr@example.com", wantErr: true},
		{url: "smtp://mail.example.com?tls=maybe", from: "okr@example.com", wantErr: true},
		{url: "smtp://mail.example.com:99999", from: "okr@example.com", wantErr: true},
		{url: "smtp://", from: "okr@example.com", wantErr: true},
		{url: "smtp://mail.example.com", from: "not an address", wantErr: true},
	}
	for _, tt := range tests {
		m, err := NewSMTPMailer(tt.url, tt.from)
		if tt.wantErr {
			if err == nil {
				t.Errorf("NewSMTPMailer(%q, %q) succeeded, want an error", tt.url, tt.from)
			}
			continue
		}
		if err != nil {
			t.Errorf("NewSMTPMailer(%q, %q): %v", tt.url, tt.from, err)
			continue
		}
		sm := m.(*smtpMailer)
		got := sm.host + " " + strconv.Itoa(sm.port) + " " + sm.security + " " + sm.user + " " + sm.pass
		want := tt.host + " " + strconv.Itoa(tt.port) + " " + tt.security + " " + tt.user + " " + tt.pass
		if got != want {
			t.Errorf("NewSMTPMailer(%q) = %q, want %q", tt.url, got, want)
		}
		if strings.Contains(sm.String(), tt.pass) && tt.pass != "" {
			t.Errorf("String() = %q shows the password", sm.String())
		}
	}
}
