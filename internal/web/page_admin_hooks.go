package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// hookRow is a hook as the admin pages list it.
type hookRow struct {
	H    okr.Hook
	Unit string // Slack and Teams: the unit's name
	Host string // where it goes, without the path (which may hold a secret)
}

// hookForm is the form that registers a hook.
type hookForm struct {
	H      okr.Hook
	Units  []Choice
	Errs   FieldErrors
	Events []string // every event type, in order
}

// adminHooksData is the page of the organisation's webhooks and its
// units' Slack and Teams channels.
type adminHooksData struct {
	Hooks []hookRow
	Form  hookForm
	// NewSecret is the secret of a webhook just registered, shown once.
	NewSecret string
	NewHook   int64
}

// adminHookData is one hook with its delivery log.
type adminHookData struct {
	Hook       hookRow
	Deliveries []store.Delivery
	// Attempts are the tries of the delivery Shown (0 for none).
	Shown    int64
	Attempts []store.DeliveryAttempt
}

func hookRowOf(dir *view.Directory, h okr.Hook) hookRow {
	r := hookRow{H: h, Host: h.URL}
	if u, err := url.Parse(h.URL); err == nil {
		r.Host = u.Scheme + "://" + u.Host + "/…"
	}
	if h.UnitID != nil {
		if u := dir.Units[*h.UnitID]; u != nil {
			r.Unit = u.Name
		}
	}
	return r
}

func (s *Server) adminHooksPage(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "admin", "hooks.title", nil)
	f := hookForm{H: okr.Hook{Kind: okr.HookWebhook, Events: okr.EventTypes()}, Errs: FieldErrors{}}
	return s.renderAdminHooks(w, r, p, &adminHooksData{Form: f}, http.StatusOK)
}

func (s *Server) renderAdminHooks(w http.ResponseWriter, r *http.Request, p *Page, d *adminHooksData, status int) error {
	v := p.Viewer
	hooks, err := s.DB.ListHooks(r.Context(), v.Org.ID)
	if err != nil {
		return err
	}
	dir, err := s.loadDirectory(r.Context(), v.Org.ID)
	if err != nil {
		return err
	}
	for _, h := range hooks {
		d.Hooks = append(d.Hooks, hookRowOf(dir, h))
	}
	d.Form.Units = unitChoices(dir, d.Form.H.UnitID, p.L.T("hooks.no_unit"))
	d.Form.Events = okr.EventTypes()
	if d.NewSecret != "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	return s.page(w, r, status, p, AdminHooksPage(p, d))
}

// createHook registers a webhook (and shows its secret once) or a unit's
// Slack or Teams channel.
func (s *Server) createHook(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	p := s.newPage(r, "admin", "hooks.title", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	h := okr.Hook{Kind: f.str("kind"), URL: f.str("url"), UnitID: f.idPtr("unit")}
	for _, e := range f.r.PostForm["events"] {
		if !slices.Contains(h.Events, e) {
			h.Events = append(h.Events, e)
		}
	}
	if h.Kind == okr.HookWebhook {
		h.UnitID = nil
	}
	if f.ok() {
		created, err := s.DB.CreateHook(r.Context(), v.Actor(), h)
		if err == nil {
			if created.Secret == "" {
				s.setNotice(r, "hooks.created")
				http.Redirect(w, r, "/admin/hooks", http.StatusSeeOther)
				return nil
			}
			p.Notice = p.L.T("hooks.created")
			return s.renderAdminHooks(w, r, p, &adminHooksData{NewSecret: created.Secret, NewHook: created.ID,
				Form: hookForm{H: okr.Hook{Kind: okr.HookWebhook, Events: okr.EventTypes()}, Errs: FieldErrors{}}}, http.StatusOK)
		}
		if !f.addError(err, nil) {
			return err
		}
	}
	p.Error = p.L.T("hooks.problem")
	return s.renderAdminHooks(w, r, p, &adminHooksData{Form: hookForm{H: h, Errs: f.errs}}, formStatus)
}

// adminHookPage is one hook with its latest deliveries and, for the
// delivery asked for (?delivery=ID), every attempt with its response code.
func (s *Server) adminHookPage(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound()
	}
	h, err := s.DB.GetHook(r.Context(), v.Org.ID, id)
	if err != nil {
		return err
	}
	dir, err := s.loadDirectory(r.Context(), v.Org.ID)
	if err != nil {
		return err
	}
	d := &adminHookData{Hook: hookRowOf(dir, h)}
	if d.Deliveries, err = s.DB.ListDeliveries(r.Context(), v.Org.ID, h.ID, 50); err != nil {
		return err
	}
	if shown, _ := strconv.ParseInt(r.URL.Query().Get("delivery"), 10, 64); shown != 0 {
		for _, dl := range d.Deliveries {
			if dl.ID == shown {
				d.Shown = shown
			}
		}
		if d.Shown != 0 {
			if d.Attempts, err = s.DB.ListDeliveryAttempts(r.Context(), v.Org.ID, d.Shown); err != nil {
				return err
			}
		}
	}
	p := s.newPage(r, "admin", "hooks.log_title", nil)
	return s.page(w, r, http.StatusOK, p, AdminHookPage(p, d))
}

// archiveHook stops a hook; its delivery log stays.
func (s *Server) archiveHook(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound()
	}
	p := s.newPage(r, "admin", "", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	if err := s.DB.ArchiveHook(r.Context(), v.Actor(), id, f.version()); err != nil {
		return err
	}
	s.setNotice(r, "hooks.archived")
	http.Redirect(w, r, "/admin/hooks", http.StatusSeeOther)
	return nil
}

// hookKindChoices are the kinds of hook an admin may register.
func (p *Page) hookKindChoices(selected string) []Choice {
	var out []Choice
	for _, k := range []string{okr.HookWebhook, okr.HookSlack, okr.HookTeams} {
		out = append(out, Choice{Value: k, Label: p.L.T("hooks.kind_" + k), Selected: k == selected})
	}
	return out
}

// eventKey is the message key part of an event type: "check_in.created"
// → "check_in_created".
func eventKey(typ string) string {
	b := []byte(typ)
	for i, c := range b {
		if c == '.' {
			b[i] = '_'
		}
	}
	return string(b)
}
