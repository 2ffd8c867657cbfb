package web

import (
	"net/http"
	"strings"
)

// registerPages mounts the HTML pages (the table in routes.go) and the
// static files. Pages run inside the session middleware, which loads the
// signed-in viewer.
func (s *Server) registerPages(mux *http.ServeMux) {
	mux.Handle("GET /static/", s.assets)
	mux.Handle("GET /favicon.ico", http.RedirectHandler(s.assets.URL("favicon.svg"), http.StatusMovedPermanently))

	pages := http.NewServeMux()
	for _, r := range s.pageRoutes() {
		pages.Handle(r.Pattern, s.wrap(r.Access, r.handler))
	}
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
