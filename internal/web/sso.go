package web

// Single sign-on with OpenID Connect: the authorization code flow with
// PKCE, state and nonce, against the provider an organisation's admin
// configured (okr.SSOConfig). go-oidc does discovery and verifies the ID
// token (signature from the provider's keys, issuer, audience, expiry);
// x/oauth2 builds the authorization URL and exchanges the code. The flow's
// secrets live in the visitor's session (in the database), one flow at a
// time, for ssoFlowTTL.

import (
	"context"
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/okr-dev/okr/internal/okr"
)

// Session keys of a single sign-on flow in progress.
const (
	sessSSOState    = "sso_state"
	sessSSONonce    = "sso_nonce"
	sessSSOVerifier = "sso_verifier"
	sessSSOOrg      = "sso_org"
	sessSSONext     = "sso_next"
	sessSSOAt       = "sso_at"
)

const (
	// ssoFlowTTL is how long a sign-in may stay at the provider.
	ssoFlowTTL = 10 * time.Minute
	// ssoTimeout bounds each call to the provider.
	ssoTimeout = 10 * time.Second
	// ssoDiscoveryTTL is how long a provider's discovery document is kept.
	ssoDiscoveryTTL = time.Hour
	// ssoCallbackPath is the redirect URL's path, the same for every
	// organisation: the one address to register at the provider.
	ssoCallbackPath = "/sso/callback"
)

// ssoProviders caches discovered providers by issuer.
type ssoProviders struct {
	mu sync.Mutex
	m  map[string]ssoProvider
}

type ssoProvider struct {
	p  *oidc.Provider
	at time.Time
}

// ssoHTTP is the client for calls to providers.
var ssoHTTP = &http.Client{Timeout: ssoTimeout}

// provider returns the discovered provider of issuer: the discovery
// document is fetched at most once an hour (and again after a failure).
func (s *Server) provider(ctx context.Context, issuer string) (*oidc.Provider, error) {
	s.ssoOnce.Do(func() { s.sso = &ssoProviders{m: map[string]ssoProvider{}} })
	s.sso.mu.Lock()
	c, ok := s.sso.m[issuer]
	s.sso.mu.Unlock()
	if ok && s.now().Sub(c.at) < ssoDiscoveryTTL {
		return c.p, nil
	}
	// The provider keeps the context's client (not its deadline) for
	// fetching the provider's keys later; they are cached with it.
	dctx, cancel := context.WithTimeout(oidc.ClientContext(ctx, ssoHTTP), ssoTimeout)
	defer cancel()
	p, err := oidc.NewProvider(dctx, issuer)
	if err != nil {
		return nil, err
	}
	s.sso.mu.Lock()
	s.sso.m[issuer] = ssoProvider{p: p, at: s.now()}
	s.sso.mu.Unlock()
	return p, nil
}

// ssoRedirectURL is the redirect URL: from the configured base URL only.
func (s *Server) ssoRedirectURL() string {
	if s.BaseURL == "" {
		return ""
	}
	return strings.TrimRight(s.BaseURL, "/") + ssoCallbackPath
}

// oauthConfig is the OAuth 2 client of cfg at provider p.
func (s *Server) oauthConfig(cfg *okr.SSOConfig, p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: s.ssoRedirectURL(), Scopes: cfg.RequestScopes()}
}

// ssoFail shows the sign-in page with a message the person can act on.
func (s *Server) ssoFail(w http.ResponseWriter, r *http.Request, status int, key string, kv ...any) error {
	p := s.newPage(r, "", "signin.title", nil)
	p.Error = p.L.T(key, kv...)
	d := signInData{Next: "/"}
	s.signInOptions(r, &d)
	return s.page(w, r, status, p, SignInPage(p, d))
}

// ssoStartOrg starts single sign-on for the organisation with the slug.
func (s *Server) ssoStartOrg(w http.ResponseWriter, r *http.Request) error {
	org, err := s.DB.GetOrgBySlug(r.Context(), r.PathValue("slug"))
	if okr.ErrorCode(err) == okr.ENOTFOUND {
		return s.ssoFail(w, r, http.StatusNotFound, "sso.disabled")
	} else if err != nil {
		return err
	}
	return s.ssoStart(w, r, org.ID, safeNext(r.URL.Query().Get("next")), "")
}

// ssoStartEmail starts single sign-on for the organisation of the e-mail
// address the person typed: the organisation whose allowed domains hold
// its domain, else the organisation of the person with that address.
func (s *Server) ssoStartEmail(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return okr.Errorf(okr.EBADREQUEST, "unreadable form")
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	next := safeNext(r.PostForm.Get("next"))
	_, opts, err := s.DB.SSOOptions(r.Context())
	if err != nil {
		return err
	}
	domain := okr.EmailDomain(email)
	var orgID int64
	for _, o := range opts {
		for _, d := range o.Domains {
			if d == domain && domain != "" {
				orgID = o.OrgID
			}
		}
	}
	if orgID == 0 && domain != "" {
		if person, err := s.DB.GetPersonByEmail(r.Context(), email); err == nil {
			for _, o := range opts {
				if o.OrgID == person.OrgID {
					orgID = o.OrgID
				}
			}
		}
	}
	if orgID == 0 {
		p := s.newPage(r, "", "signin.title", nil)
		p.Error = p.L.T("sso.no_org")
		d := signInData{Email: email, Next: next}
		s.signInOptions(r, &d)
		return s.page(w, r, http.StatusUnprocessableEntity, p, SignInPage(p, d))
	}
	return s.ssoStart(w, r, orgID, next, email)
}

// ssoStart sends the visitor to the organisation's provider.
func (s *Server) ssoStart(w http.ResponseWriter, r *http.Request, orgID int64, next, hint string) error {
	ctx := r.Context()
	cfg, err := s.DB.GetSSOConfig(ctx, orgID)
	if okr.ErrorCode(err) == okr.ENOTFOUND || (err == nil && !cfg.Enabled) {
		return s.ssoFail(w, r, http.StatusNotFound, "sso.disabled")
	} else if err != nil {
		return err
	}
	if s.BaseURL == "" {
		s.Log.Warn("web: single sign-on needs --base-url for its redirect URL", "org", orgID)
		return s.ssoFail(w, r, http.StatusServiceUnavailable, "sso.no_base_url")
	}
	p, err := s.provider(ctx, cfg.Issuer)
	if err != nil {
		s.Log.Warn("web: single sign-on provider unreachable", "org", orgID, "issuer", cfg.Issuer, "err", err)
		return s.ssoFail(w, r, http.StatusBadGateway, "sso.unreachable", "Name", cfg.Name)
	}
	state, nonce, verifier := oauth2.GenerateVerifier(), oauth2.GenerateVerifier(), oauth2.GenerateVerifier()
	sm := s.sessions
	sm.Put(ctx, sessSSOState, state)
	sm.Put(ctx, sessSSONonce, nonce)
	sm.Put(ctx, sessSSOVerifier, verifier)
	sm.Put(ctx, sessSSOOrg, orgID)
	sm.Put(ctx, sessSSONext, next)
	sm.Put(ctx, sessSSOAt, s.now().Unix())
	opts := []oauth2.AuthCodeOption{oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)}
	if hint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", hint))
	}
	http.Redirect(w, r, s.oauthConfig(&cfg, p).AuthCodeURL(state, opts...), http.StatusSeeOther)
	return nil
}

// ssoCallback finishes single sign-on: it checks the state against the
// session's flow, exchanges the code (with the PKCE verifier), verifies the
// ID token and its nonce, and signs the person in like a password sign-in.
// Every failure is a sign-in page with a message, never a 500 for what the
// provider did.
func (s *Server) ssoCallback(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sm := s.sessions
	state, nonce, verifier := sm.PopString(ctx, sessSSOState), sm.PopString(ctx, sessSSONonce), sm.PopString(ctx, sessSSOVerifier)
	orgID, next, at := sm.GetInt64(ctx, sessSSOOrg), safeNext(sm.PopString(ctx, sessSSONext)), sm.GetInt64(ctx, sessSSOAt)
	sm.Remove(ctx, sessSSOOrg)
	sm.Remove(ctx, sessSSOAt)
	q := r.URL.Query()
	switch {
	case state == "" || orgID == 0:
		return s.ssoFail(w, r, http.StatusBadRequest, "sso.expired")
	case s.now().Sub(time.Unix(at, 0)) > ssoFlowTTL:
		return s.ssoFail(w, r, http.StatusBadRequest, "sso.expired")
	case subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1:
		s.Log.Warn("web: single sign-on state mismatch", "org", orgID)
		return s.ssoFail(w, r, http.StatusBadRequest, "sso.state")
	case q.Get("error") == "access_denied":
		return s.ssoFail(w, r, http.StatusForbidden, "sso.cancelled")
	case q.Get("error") != "":
		s.Log.Warn("web: single sign-on provider error", "org", orgID, "error", q.Get("error"), "description", q.Get("error_description"))
		return s.ssoFail(w, r, http.StatusBadGateway, "sso.provider_error")
	case q.Get("code") == "":
		return s.ssoFail(w, r, http.StatusBadRequest, "sso.state")
	}
	cfg, err := s.DB.GetSSOConfig(ctx, orgID)
	if okr.ErrorCode(err) == okr.ENOTFOUND || (err == nil && !cfg.Enabled) {
		return s.ssoFail(w, r, http.StatusForbidden, "sso.disabled")
	} else if err != nil {
		return err
	}
	p, err := s.provider(ctx, cfg.Issuer)
	if err != nil {
		s.Log.Warn("web: single sign-on provider unreachable", "org", orgID, "issuer", cfg.Issuer, "err", err)
		return s.ssoFail(w, r, http.StatusBadGateway, "sso.unreachable", "Name", cfg.Name)
	}
	xctx, cancel := context.WithTimeout(oidc.ClientContext(ctx, ssoHTTP), ssoTimeout)
	defer cancel()
	tok, err := s.oauthConfig(&cfg, p).Exchange(xctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		var ne net.Error
		key := "sso.provider_error"
		if !errors.As(err, &re) && (errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded)) {
			key = "sso.unreachable"
		}
		s.Log.Warn("web: single sign-on code exchange failed", "org", orgID, "err", err)
		return s.ssoFail(w, r, http.StatusBadGateway, key, "Name", cfg.Name)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		s.Log.Warn("web: single sign-on answer without an ID token", "org", orgID)
		return s.ssoFail(w, r, http.StatusBadGateway, "sso.provider_error")
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: cfg.ClientID, Now: s.now}).Verify(xctx, raw)
	if err != nil {
		s.Log.Warn("web: single sign-on ID token refused", "org", orgID, "err", err)
		return s.ssoFail(w, r, http.StatusBadGateway, "sso.provider_error")
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		s.Log.Warn("web: single sign-on nonce mismatch", "org", orgID)
		return s.ssoFail(w, r, http.StatusBadRequest, "sso.state")
	}
	claims, err := ssoClaims(idt, cfg.Claim())
	if err != nil {
		s.Log.Warn("web: single sign-on claims unreadable", "org", orgID, "err", err)
		return s.ssoFail(w, r, http.StatusBadGateway, "sso.provider_error")
	}
	id, err := claims.Identity()
	if err == nil {
		var person okr.Person
		if person, err = s.DB.SSOSignIn(ctx, orgID, id); err == nil {
			if err := s.startSession(ctx, person); err != nil {
				return err
			}
			http.Redirect(w, r, next, http.StatusSeeOther)
			return nil
		}
	}
	var oe *okr.Error
	if errors.As(err, &oe) && oe.Code == okr.EFORBIDDEN && strings.HasPrefix(oe.Key, "sso.") {
		s.Log.Info("web: single sign-on refused", "org", orgID, "reason", oe.Key)
		return s.ssoFail(w, r, http.StatusForbidden, oe.Key, "Domain", okr.EmailDomain(id.Email), "Name", cfg.Name)
	}
	return err
}

// ssoClaims reads the claims sign-in uses from a verified ID token.
// email_verified may come as a boolean or, from some providers, a string;
// the groups claim as a list or a single string.
func ssoClaims(idt *oidc.IDToken, groupsClaim string) (okr.SSOClaims, error) {
	var m map[string]any
	if err := idt.Claims(&m); err != nil {
		return okr.SSOClaims{}, err
	}
	str := func(k string) string { v, _ := m[k].(string); return v }
	cl := okr.SSOClaims{Subject: idt.Subject, Email: str("email"), PreferredUsername: str("preferred_username"), UPN: str("upn"), Name: str("name")}
	switch v := m["email_verified"].(type) {
	case bool:
		cl.EmailVerified = &v
	case string:
		b := strings.EqualFold(v, "true")
		cl.EmailVerified = &b
	}
	switch v := m[groupsClaim].(type) {
	case []any:
		for _, g := range v {
			if s, ok := g.(string); ok {
				cl.Groups = append(cl.Groups, s)
			}
		}
	case string:
		cl.Groups = []string{v}
	}
	return cl, nil
}
