package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/a-h/templ"

	"github.com/okr-dev/okr/internal/notify"
	"github.com/okr-dev/okr/internal/store"
)

// notificationsPageSize is how many notifications a page lists.
const notificationsPageSize = 50

// notificationRow is one notification as listed.
type notificationRow struct {
	N      store.Notification
	Text   string
	Detail string
	Link   templ.SafeURL
}

// notificationsData is the list of the viewer's notifications.
type notificationsData struct {
	Rows []notificationRow
	// Older opens the page of older notifications; "" when there are none.
	Older templ.SafeURL
}

// unreadCount fills the bell's count of the page's viewer. A failure to
// count leaves the bell without a number rather than failing the page.
func (s *Server) unreadCount(r *http.Request, p *Page) {
	if p.Viewer == nil || isHX(r) {
		return
	}
	if p.Viewer.unread != nil {
		p.Unread = *p.Viewer.unread
		return
	}
	n, err := s.DB.UnreadNotifications(r.Context(), p.Viewer.Org.ID, p.Viewer.Person.ID)
	if err != nil {
		s.Log.ErrorContext(r.Context(), "count unread notifications", "err", err)
		return
	}
	p.Unread = n
}

// notificationsPage lists the viewer's notifications, newest first, and
// marks those it shows read: opening the list reads them.
func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	ns, err := s.DB.ListNotifications(r.Context(), v.Org.ID, v.Person.ID, before, notificationsPageSize+1)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "notifications.title", nil)
	d := &notificationsData{}
	if len(ns) > notificationsPageSize {
		ns = ns[:notificationsPageSize]
		d.Older = templ.SafeURL("/notifications?before=" + idStr(ns[len(ns)-1].ID))
	}
	for _, n := range ns {
		d.Rows = append(d.Rows, p.notificationRow(n))
	}
	if len(ns) > 0 && !allRead(ns) {
		if err := s.DB.MarkNotificationsRead(r.Context(), v.Actor(), ns[0].ID); err != nil {
			return err
		}
		v.unread = nil // read before the marking: count again
		s.unreadCount(r, p)
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.page(w, r, http.StatusOK, p, NotificationsPage(p, d))
}

func allRead(ns []store.Notification) bool {
	for _, n := range ns {
		if !n.Read {
			return false
		}
	}
	return true
}

// notificationRow says what a notification is about, in the page's
// language, and where it leads (a path of this site).
func (p *Page) notificationRow(n store.Notification) notificationRow {
	row := notificationRow{N: n, Link: "/checkin", Text: p.L.T("notifications.checkin_due")} // a reminder
	if n.Event == nil {
		return row
	}
	row.Text, row.Detail = notify.Summary(p.L, n.Event), notify.Detail(p.L, n.Event)
	row.Link = localLink(notify.Link(n.Event))
	return row
}

// localLink is the path, query and fragment of a link an event carries,
// so that in-app links stay on the site that shows them.
func localLink(s string) templ.SafeURL {
	u, err := url.Parse(s)
	if err != nil || u.Path == "" || u.Path[0] != '/' {
		return "/"
	}
	out := u.EscapedPath()
	if u.RawQuery != "" {
		out += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		out += "#" + u.EscapedFragment()
	}
	return templ.SafeURL(out)
}

// notificationChoicesMoved sends the address of the notification choices
// that earlier e-mails carry to the profile, where the choices are made.
func (s *Server) notificationChoicesMoved(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, "/profile", http.StatusMovedPermanently)
	return nil
}
