package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// registerPages mounts the HTML pages (the table in routes.go) and the
// static files. Pages run inside the session middleware, which loads the
// signed-in viewer.
func (s *Server) registerPages(mux *http.ServeMux) {
	handleRoute(mux, "GET /static/", s.assets)
	handleRoute(mux, "GET /favicon.ico", http.RedirectHandler(s.assets.URL("favicon.svg"), http.StatusMovedPermanently))

	pages := http.NewServeMux()
	for _, r := range s.pageRoutes() {
		handleRoute(pages, r.Pattern, s.wrap(r.Access, r.handler))
	}
	pages.Handle("/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return notFound()
	}))
	// Until the pages' mux has matched, the route is "/" (every page).
	handleRoute(mux, "/", s.sessions.LoadAndSave(s.withViewer(s.travel(pages))))
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

// maxNextLen bounds a return path; longer ones are not paths we made.
const maxNextLen = 2048

// safeNext returns next when it is a path on this site, else "/". It must
// start with one "/", hold no control character, space or backslash
// (browsers drop tabs and newlines and read "\" as "/", so "/\t/evil" and
// "/\\evil" lead to another host) and parse as a bare path, query and
// fragment: no scheme, no host, no user.
func safeNext(next string) string {
	if len(next) == 0 || len(next) > maxNextLen || next[0] != '/' || strings.HasPrefix(next, "//") {
		return "/"
	}
	for _, c := range next {
		if c <= ' ' || c == 0x7f || c == '\\' || (c >= 0x80 && c <= 0x9f) || c == utf8.RuneError || unicode.IsSpace(c) {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}
