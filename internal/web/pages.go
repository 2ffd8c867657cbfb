package web

import (
	"net/http"
	"strings"
)

// pageRoutes mount the routes of one page file each. A page file
// (page_*.go) adds its function in an init with addPageRoutes, so that
// pages can be added without editing this file.
var pageRoutes []func(s *Server, mux *pageMux)

// addPageRoutes registers a function that mounts page routes. Call it from
// an init function.
func addPageRoutes(f func(s *Server, mux *pageMux)) {
	pageRoutes = append(pageRoutes, f)
}

// pageMux is the pages' ServeMux that also keeps the table of its patterns,
// so tests can walk every page route (a ServeMux cannot list them).
type pageMux struct {
	*http.ServeMux
	patterns []string
}

// Handle registers h for pattern and records the pattern.
func (m *pageMux) Handle(pattern string, h http.Handler) {
	m.patterns = append(m.patterns, pattern)
	m.ServeMux.Handle(pattern, h)
}

// HandleFunc registers f for pattern and records the pattern.
func (m *pageMux) HandleFunc(pattern string, f func(http.ResponseWriter, *http.Request)) {
	m.Handle(pattern, http.HandlerFunc(f))
}

// PageRoutes returns the patterns of every page route, in registration
// order; Handler must have been called.
func (s *Server) PageRoutes() []string { return s.pagePatterns }

// registerPages mounts the HTML pages and static files. Pages run inside the
// session middleware, which loads the signed-in viewer.
func (s *Server) registerPages(mux *http.ServeMux) {
	mux.Handle("GET /static/", s.assets)
	mux.Handle("GET /favicon.ico", http.RedirectHandler(s.assets.URL("favicon.svg"), http.StatusMovedPermanently))

	pages := &pageMux{ServeMux: http.NewServeMux()}
	pages.Handle("GET /signin", s.handle(s.signInPage))
	pages.Handle("POST /signin", s.handle(s.signIn))
	pages.Handle("POST /signout", s.handle(s.signOut))
	pages.Handle("POST /language", s.handle(s.setLanguage))
	for _, f := range pageRoutes {
		f(s, pages)
	}
	s.pagePatterns = pages.patterns
	pages.Handle("/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return notFound()
	}))
	mux.Handle("/", s.sessions.LoadAndSave(s.withViewer(pages)))
}

// NavItem is one entry of the main navigation.
type NavItem struct {
	ID, Key, Href string
}

// navItems lists every page of the main navigation; Admin shows to admins
// only.
var navItems = []NavItem{
	{"home", "nav.home", "/"},
	{"overview", "nav.overview", "/overview"},
	{"alignment", "nav.alignment", "/alignment"},
	{"checkin", "nav.checkin", "/checkin"},
	{"kpis", "nav.kpis", "/kpis"},
	{"people", "nav.people", "/people"},
	{"review", "nav.review", "/review"},
	{"admin", "nav.admin", "/admin"},
}

// NavItems returns the navigation entries this viewer sees.
func (p *Page) NavItems() []NavItem {
	items := make([]NavItem, 0, len(navItems))
	for _, it := range navItems {
		if it.ID == "admin" && !p.Viewer.IsAdmin() {
			continue
		}
		items = append(items, it)
	}
	return items
}

// safeNext returns next when it is a local path ("/…" but not "//…" or
// "/\…", which browsers treat as another host), else "/".
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
