package web

import (
	"context"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
	"github.com/okr-dev/okr/internal/web/ops"
)

// Session keys.
const (
	sessPerson = "person_id"
	sessOrg    = "org_id"
	sessLang   = "lang"
	// sessEpoch is the person's session epoch at sign-in; the session ends
	// when the person's epoch moves (their password was set).
	sessEpoch = "epoch"
)

// newSessions returns the session manager: sessions live in the database
// (shared by every node on one PostgreSQL), cookies are HttpOnly,
// SameSite=Lax and Secure when s.SecureCookies.
func (s *Server) newSessions() *scs.SessionManager {
	sm := scs.New()
	sm.Codec = sessionCodec{}                           // not gob: see session_codec.go
	sm.Store = newTouchStore(s.DB.Sessions(), sm.Codec) // no write per page view: see session_touch.go
	sm.Lifetime = 30 * 24 * time.Hour
	sm.IdleTimeout = 14 * 24 * time.Hour
	sm.Cookie.Name = "okr_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = s.SecureCookies
	sm.Cookie.Path = "/"
	sm.Cookie.Persist = true
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		// No session to read the language from: a plain answer.
		if store.IsUnavailable(err) {
			s.Log.WarnContext(r.Context(), "web: session store unavailable", "path", safePath(r), "err", err)
			w.Header().Set("Retry-After", "5")
			http.Error(w, "The service is unavailable for a moment; please try again shortly.", http.StatusServiceUnavailable)
			return
		}
		s.Log.ErrorContext(r.Context(), "web: session store failed", "path", safePath(r), "err", err)
		http.Error(w, "Internal error.", http.StatusInternalServerError)
	}
	return sm
}

// Viewer is the signed-in person and their organisation.
type Viewer struct {
	Person okr.Person
	Org    okr.Org
	// unread is the number of notifications the person has not read, as
	// read with the organisation's stamp (store.ViewerStamp); nil when it
	// was not (requests that write), for the bell to count itself.
	unread *int
}

// Actor returns the store actor for the viewer's writes.
func (v *Viewer) Actor() store.Actor { return store.PersonActor(v.Person) }

// IsAdmin reports whether the viewer is an organisation admin.
func (v *Viewer) IsAdmin() bool { return v != nil && v.Person.Role == okr.RoleAdmin }

type viewerKey struct{}

// viewerFrom returns the signed-in viewer of ctx, or nil.
func viewerFrom(ctx context.Context) *Viewer {
	v, _ := ctx.Value(viewerKey{}).(*Viewer)
	return v
}

// withViewer loads the signed-in person and their organisation for every
// request that carries a session. A session whose person was archived or
// removed is treated as signed out.
func (s *Server) withViewer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		pid, oid := s.sessions.GetInt64(ctx, sessPerson), s.sessions.GetInt64(ctx, sessOrg)
		if pid == 0 || oid == 0 {
			next.ServeHTTP(w, r)
			return
		}
		var unread *int
		if view.Memoizing(ctx) {
			// The stamp and the bell's count in one statement; the state
			// below then reads no stamp of its own.
			if seq, n, err := s.DB.ViewerStamp(ctx, oid, pid); err == nil {
				view.PrimeStamp(ctx, oid, seq)
				unread = &n
			}
		}
		st, err := s.orgState(ctx, oid)
		if err != nil {
			if okr.ErrorCode(err) != okr.ENOTFOUND {
				s.renderError(w, r, err)
				return
			}
			st = nil
		}
		var p *okr.Person
		if st != nil {
			// The directory holds the people who are not archived.
			p = st.Dir.People[pid]
		}
		if p == nil || p.SessionEpoch != s.sessions.GetInt64(ctx, sessEpoch) {
			// Archived, gone, or signed in before the password was set.
			s.sessions.Remove(ctx, sessPerson)
			s.sessions.Remove(ctx, sessOrg)
			s.sessions.Remove(ctx, sessEpoch)
			next.ServeHTTP(w, r)
			return
		}
		org := st.Org
		v := &Viewer{Person: *p, Org: org, unread: unread}
		ops.SetUser(ctx, org.ID, p.ID)
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, viewerKey{}, v)))
	})
}

// member wraps a page that needs a signed-in viewer: visitors are sent to
// sign in and come back afterwards.
func (s *Server) member(h handlerFunc) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if viewerFrom(r.Context()) == nil {
			s.redirectToSignIn(w, r)
			return nil
		}
		return h(w, r)
	})
}

// mustViewer returns the viewer of a request wrapped by member.
func mustViewer(r *http.Request) *Viewer {
	v := viewerFrom(r.Context())
	if v == nil {
		panic("web: mustViewer outside member")
	}
	return v
}

// startSession signs person in on this request's session: a fresh token
// (no fixation) holding the person, the organisation and the person's
// session epoch.
func (s *Server) startSession(ctx context.Context, person okr.Person) error {
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessPerson, person.ID)
	s.sessions.Put(ctx, sessOrg, person.OrgID)
	s.sessions.Put(ctx, sessEpoch, person.SessionEpoch)
	return nil
}
