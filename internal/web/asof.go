package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/okr-dev/okr/internal/view"
)

// Time travel on the pages (docs/insight.md): every read page listed in
// asOfPages shows the organisation as it stood at the end of a past day
// when the visitor picks one. ?asof=YYYY-MM-DD picks it (and keeps it in
// the session, so links and filters stay in the past); ?asof= goes back
// to today. The page is then served by a Server over the past (view.Past):
// the same handlers and templates, on a copy of the data as it was, with
// the clock at the end of that day. A banner says so on every such page;
// the forms that would change something are not shown.

// asOfPages are the read pages that can be shown as of a past day.
var asOfPages = map[string]bool{
	"GET /{$}": true, "GET /overview": true, "GET /overview/export.csv": true, "GET /overview/export.xlsx": true,
	"GET /progress": true, "GET /alignment": true, "GET /alignment/children": true, "GET /alignment/units": true,
	"GET /alignment/node": true, "GET /objectives/{id}": true, "GET /units/{id}": true, "GET /people": true,
	"GET /people/{id}": true, "GET /kpis": true, "GET /kpis/{id}": true, "GET /review": true,
	"GET /review/{pid}/report": true, "GET /review/{pid}/report.md": true, "GET /review/{pid}/report.pdf": true,
	"GET /history/{type}/{id}": true, "GET /krs/{id}/checkins": true,
}

const (
	asOfQuery   = "asof"
	sessionAsOf = "asof"
)

// AsOfBar is what the layout shows of time travel on a page that can go
// back: the day shown (zero: today), the latest day one can pick
// (yesterday) and the page's other query values, kept by the picker.
type AsOfBar struct {
	Day    time.Time
	Max    string
	Path   string
	Keep   [][2]string
	Active bool
	// Born is the day the organisation was created in okr, when the day
	// shown is before it: there is nothing to show then.
	Born time.Time
}

// Value is the picked day as the date input wants it.
func (b *AsOfBar) Value() string {
	if !b.Active {
		return ""
	}
	return b.Day.Format(time.DateOnly)
}

// TodayURL is the page itself, back to today.
func (b *AsOfBar) TodayURL() string {
	q := url.Values{}
	for _, kv := range b.Keep {
		q.Add(kv[0], kv[1])
	}
	q.Set(asOfQuery, "")
	return b.Path + "?" + q.Encode()
}

type asOfKey struct{}

func asOfFrom(ctx context.Context) *AsOfBar {
	b, _ := ctx.Value(asOfKey{}).(*AsOfBar)
	return b
}

// travel serves the pages of asOfPages as of the day the visitor picked,
// and passes everything else on to next.
func (s *Server) travel(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := viewerFrom(r.Context())
		if v == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			next.ServeHTTP(w, r)
			return
		}
		_, pattern := s.pastMux().Handler(r)
		if !asOfPages[pattern] {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		q := r.URL.Query()
		if q.Has(asOfQuery) {
			raw := q.Get(asOfQuery)
			// Only a change is saved: a session written on every page
			// would cost a database write per request.
			if _, err := time.Parse(time.DateOnly, raw); err != nil {
				if s.sessions.Exists(ctx, sessionAsOf) {
					s.sessions.Remove(ctx, sessionAsOf)
				}
			} else if s.sessions.GetString(ctx, sessionAsOf) != raw {
				s.sessions.Put(ctx, sessionAsOf, raw)
			}
			q.Del(asOfQuery)
		}
		loc := v.Org.Settings.Location()
		today := s.now().In(loc)
		bar := &AsOfBar{Path: r.URL.Path, Max: today.AddDate(0, 0, -1).Format(time.DateOnly)}
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			for _, val := range q[k] {
				bar.Keep = append(bar.Keep, [2]string{k, val})
			}
		}
		day, live, err := view.ParseDay(s.sessions.GetString(ctx, sessionAsOf), today.Format(time.DateOnly))
		if err != nil || live {
			// None, today or later is now.
			next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, asOfKey{}, bar)))
			return
		}
		past, err := s.pasts.Get(ctx, v.Org.ID, v.Org.Settings, day)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		bar.Day, bar.Active = past.Day, true
		if created := v.Org.CreatedAt.In(loc); created.After(past.At) {
			bar.Born = time.Date(created.Year(), created.Month(), created.Day(), 0, 0, 0, 0, time.UTC)
		}
		ps := past.Attach(pastServerKey{}, func() any { return s.pastServer(past) }).(*Server)
		r2 := r.Clone(context.WithValue(ctx, asOfKey{}, bar))
		r2.URL.RawQuery = q.Encode()
		ps.pastMux().ServeHTTP(w, r2)
	})
}

type pastServerKey struct{}

// pastServer returns a Server over past: its database and read model, its
// clock at the end of the day, and the live server's sessions, messages
// and files. It serves the pages of asOfPages only.
func (s *Server) pastServer(past *view.Past) *Server {
	at := past.At
	p := &Server{DB: past.DB, Log: s.Log, BaseURL: s.BaseURL, SecureCookies: s.SecureCookies,
		Now: func() time.Time { return at }, TrustedProxies: s.TrustedProxies}
	p.i18n, p.assets, p.sessions, p.metrics, p.pasts = s.i18n, s.assets, s.sessions, s.metrics, s.pasts
	p.viewOnce.Do(func() {
		p.model = past.Model
		p.cards = newCardCache()
		p.panels = newPanelsCache()
	})
	return p
}

// pastMux is the mux of the pages that can be shown as of a past day, on
// this server (made once).
func (s *Server) pastMux() *http.ServeMux {
	s.pastOnce.Do(func() {
		s.pastPages = http.NewServeMux()
		for _, r := range s.pageRoutes() {
			if asOfPages[r.Pattern] {
				handleRoute(s.pastPages, r.Pattern, s.wrap(r.Access, r.handler))
			}
		}
	})
	return s.pastPages
}
