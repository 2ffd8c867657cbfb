package web

import (
	"net/http"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// admin wraps a page that only organisation admins may open: others get
// a "forbidden" page (the store checks every write again).
func (s *Server) admin(h handlerFunc) http.Handler {
	return s.member(func(w http.ResponseWriter, r *http.Request) error {
		if !mustViewer(r).IsAdmin() {
			return okr.Errorf(okr.EFORBIDDEN, "admins only")
		}
		return h(w, r)
	})
}

// AdminTab is one entry of the admin section's navigation.
type AdminTab struct{ ID, Key, Href string }

var adminTabs = []AdminTab{
	{"overview", "admin.tab_overview", "/admin"},
	{"people", "admin.tab_people", "/admin/people"},
	{"invite", "admin.tab_invite", "/admin/invitations"},
	{"units", "admin.tab_units", "/admin/units"},
	{"periods", "admin.tab_periods", "/admin/periods"},
	{"settings", "admin.tab_settings", "/admin/settings"},
	{"sso", "admin.tab_sso", "/admin/sso"},
	{"provisioning", "admin.tab_provisioning", "/admin/provisioning"},
	{"hooks", "admin.tab_hooks", "/admin/hooks"},
	{"jobs", "admin.tab_jobs", "/admin/jobs"},
}

// archiveForm is the box on an admin page that archives a person, unit
// or period, or restores it when it is archived.
type archiveForm struct {
	Path     string // the object's admin page: /admin/units/7
	Version  int64
	Archived bool
	// ArchiveKey names the archive action; ExplainKey explains it, and
	// RestoreExplainKey, when set, explains restoring.
	ArchiveKey, ExplainKey, RestoreExplainKey string
}

func (a archiveForm) title(p *Page) string {
	if a.Archived {
		return p.L.T("edit.restore")
	}
	return p.L.T(a.ArchiveKey)
}

func (a archiveForm) explainKey() string {
	if a.Archived && a.RestoreExplainKey != "" {
		return a.RestoreExplainKey
	}
	return a.ExplainKey
}

func (a archiveForm) action() string {
	if a.Archived {
		return a.Path + "/restore"
	}
	return a.Path + "/archive"
}

// adminDashboard is the admin section's first page: the organisation at a
// glance and what needs doing.
type adminDashboard struct {
	People   int
	Archived int
	Admins   int
	Units    int
	Periods  []okr.Period
	Current  okr.Period
	Settings okr.OrgSettings
	Mail     bool
}

func (s *Server) adminPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	p := s.newPage(r, "admin", "admin.title", nil)
	people, _, err := s.DB.ListPeople(ctx, v.Org.ID, store.PersonFilter{IncludeArchived: true})
	if err != nil {
		return err
	}
	units, err := s.DB.ListUnits(ctx, v.Org.ID, store.UnitFilter{})
	if err != nil {
		return err
	}
	periods, err := s.DB.ListPeriods(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	d := &adminDashboard{Units: len(units), Periods: periods, Settings: v.Org.Settings, Mail: s.mailOn()}
	for _, person := range people {
		switch {
		case person.Archived:
			d.Archived++
		default:
			d.People++
			if person.Role == okr.RoleAdmin {
				d.Admins++
			}
		}
	}
	if cur, err := s.DB.CurrentPeriod(ctx, v.Org.ID, p.Now); err == nil {
		d.Current = cur
	} else if okr.ErrorCode(err) != okr.ENOTFOUND {
		return err
	}
	return s.page(w, r, http.StatusOK, p, AdminPage(p, d))
}
