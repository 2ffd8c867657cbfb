package web

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/password"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// handlerFunc is the shape of every page handler: it writes a response or
// returns an error, which handle renders as a translated error page.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// Page is what every page template gets as its root value ($).
type Page struct {
	L      *i18n.Localizer
	Lang   string
	Title  string  // the page's own title, already translated
	Nav    string  // the main navigation entry to mark as current
	Viewer *Viewer // nil when signed out
	Path   string  // the request's path and query, for return links
	Now    time.Time
	Notice string // a one-time message after a redirect (already translated)
	Error  string // a page-level error message (already translated)
	Data   any    // the page's own data
	// Unread is the viewer's count of unread notifications, for the bell.
	Unread int
	// AsOf is the time-travel bar of a page that can show a past day
	// (asof.go); nil on other pages.
	AsOf *AsOfBar

	// cards caches parts of objective cards while the organisation's
	// state is at stamp (cardcache.go); nil or "" for no caching.
	cards *cardCache
	stamp string
	// quick is the page's quick check-ins (quickcheckin.go); nil for none.
	quick *quickState
	// assets gives the fingerprinted URLs of static files.
	assets *assets
}

// IsHX reports whether the page is being rendered for an htmx request.
func isHX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// newPage starts the root value of a page for r: language, viewer, clock
// and the one-time notice from the session.
func (s *Server) newPage(r *http.Request, nav, titleKey string, data any) *Page {
	v := viewerFrom(r.Context())
	lang := s.language(r, v)
	l := s.i18n.Localizer(lang)
	p := &Page{L: l, Lang: lang, Nav: nav, Viewer: v, Path: r.URL.RequestURI(), Now: s.now(), Data: data, assets: s.assets,
		AsOf: asOfFrom(r.Context())}
	if v != nil {
		if st, ok := view.Memoized(r.Context(), v.Org.ID); ok {
			s.view()
			p.cards, p.stamp = s.cards, st.Stamp
		}
	}
	if titleKey != "" {
		p.Title = l.T(titleKey)
	}
	if s.sessions != nil {
		if key := s.sessions.PopString(r.Context(), "notice"); key != "" {
			p.Notice = l.T(key)
		}
	}
	s.unreadCount(r, p)
	return p
}

// setNotice stores a message id to show once on the next page.
func (s *Server) setNotice(r *http.Request, key string) {
	if s.sessions != nil {
		s.sessions.Put(r.Context(), "notice", key)
	}
}

// language picks the page language: the language chosen in this session
// with the switcher, else the viewer's own setting, else Accept-Language,
// else the organisation's language.
func (s *Server) language(r *http.Request, v *Viewer) string {
	setting, fallback := "", ""
	if s.sessions != nil {
		setting = s.sessions.GetString(r.Context(), sessLang)
	}
	if v != nil {
		if setting == "" {
			setting = v.Person.Language
		}
		fallback = v.Org.Settings.Language
	}
	return s.i18n.Negotiate(setting, r.Header.Get("Accept-Language"), fallback)
}

// handle adapts a handlerFunc to http.Handler and renders its error.
func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.renderError(w, r, err)
		}
	})
}

// errorData is what the error page shows.
type errorData struct {
	Status  int
	Message string
}

// renderError turns err into a response: unauthorized sends the visitor to
// sign in (and back afterwards); every other coded error becomes a
// translated error page with its status; anything else is an internal error
// whose detail is logged and never shown.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	code := errorCode(err)
	if code == okr.EUNAUTHORIZED {
		s.redirectToSignIn(w, r)
		return
	}
	status := okr.HTTPStatus(code)
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
		s.Log.WarnContext(r.Context(), "web: unavailable", "method", r.Method, "path", safePath(r), "err", err)
	}
	if status == http.StatusInternalServerError {
		code = okr.EINTERNAL
		s.Log.ErrorContext(r.Context(), "web: request failed", "method", r.Method, "path", safePath(r), "err", err)
	}
	p := s.newPage(r, "", "error.title", nil)
	msg := p.L.T("error." + code)
	var oe *okr.Error
	if code != okr.EINTERNAL && errors.As(err, &oe) && oe.Key != "" && p.L.Has(oe.Key) {
		msg = p.L.T(oe.Key, argsKV(oe.Args)...)
	}
	if rerr := s.page(w, r, status, p, ErrorPage(p, errorData{Status: status, Message: msg})); rerr != nil {
		s.Log.ErrorContext(r.Context(), "web: rendering the error page failed", "err", rerr, "original", err)
		http.Error(w, http.StatusText(status), status)
	}
}

func argsKV(m map[string]any) []any {
	kv := make([]any, 0, 2*len(m))
	for k, v := range m {
		kv = append(kv, k, v)
	}
	return kv
}

// redirectToSignIn sends the visitor to the sign-in page with a return
// address. htmx requests get an HX-Redirect header, since a 303 inside an
// htmx swap would put the sign-in page into a fragment.
func (s *Server) redirectToSignIn(w http.ResponseWriter, r *http.Request) {
	next := r.URL.RequestURI()
	if r.Method != http.MethodGet {
		next = "/"
	}
	target := "/signin?next=" + url.QueryEscape(next)
	if isHX(r) {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// redirect answers a successful form POST: 303 to target, or for htmx an
// HX-Location-free plain redirect header so that htmx follows it.
func redirect(w http.ResponseWriter, r *http.Request, target string) error {
	if isHX(r) {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// errorCode is okr.ErrorCode, also reading okr.ValidationErrors as invalid.
func errorCode(err error) string {
	var ve okr.ValidationErrors
	if errors.As(err, &ve) {
		return okr.EINVALID
	}
	if errors.Is(err, password.ErrBusy) || store.IsUnavailable(err) {
		return okr.EUNAVAILABLE
	}
	return okr.ErrorCode(err)
}
