package web

import (
	"sync"

	"github.com/a-h/templ"

	"github.com/okr-dev/okr/internal/okr"
)

// StatusPill is statusPill's markup, rendered once per language and
// status and then reused: a list page shows hundreds of pills, and templ
// builds each dynamic class attribute anew (a twelfth of the bytes the
// mix allocated went to class attributes). The domain is the languages
// times the statuses, so the memo is bounded without eviction.
func StatusPill(p *Page, s okr.Status) templ.Component {
	key := pillKey{p.L.Lang, s}
	if html, ok := pillMemo.Load(key); ok {
		return templ.Raw(html.(string))
	}
	html := renderString(statusPill(p, s))
	pillMemo.Store(key, html)
	return templ.Raw(html)
}

type pillKey struct {
	lang   string
	status okr.Status
}

// pillMemo holds StatusPill's markup by pillKey.
var pillMemo sync.Map

// barClass is the class attribute of a progress bar of status s, made once
// per status: as a class expression templ built it anew for every bar
// (hundreds on a list page).
func barClass(s okr.Status) templ.Attributer {
	if a, ok := barClasses[s]; ok {
		return a
	}
	return templ.OrderedAttributes{{Key: "class", Value: "bar bar-" + string(s)}}
}

// barClasses holds barClass's attribute for each status.
var barClasses = func() map[okr.Status]templ.OrderedAttributes {
	m := map[okr.Status]templ.OrderedAttributes{}
	for _, s := range okr.Statuses() {
		m[s] = templ.OrderedAttributes{{Key: "class", Value: "bar bar-" + string(s)}}
	}
	return m
}()
