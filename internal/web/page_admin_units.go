package web

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// unitRow is a unit in the admin list.
type unitRow struct {
	U       okr.Unit
	Indent  string // em spaces by depth in the tree
	Parent  string
	Leads   []string
	Members int
}

// unitForm is a unit's fields as the form shows them.
type unitForm struct {
	New      bool
	Action   string
	U        okr.Unit
	Kinds    []Choice
	Parents  []Choice
	People   []Choice // leads, as checkboxes
	Errs     FieldErrors
	Conflict *conflictView
}

// leadsSummary is the summary of the leads' checkboxes: "Leads (2)".
func (f *unitForm) leadsSummary(p *Page) string {
	if len(f.U.LeadIDs) == 0 {
		return p.L.T("admin.f_leads")
	}
	return p.L.T("admin.f_leads") + " (" + strconv.Itoa(len(f.U.LeadIDs)) + ")"
}

// adminUnitsData is the list of units with the form to add one.
type adminUnitsData struct {
	Units    []unitRow
	Archived []unitRow
	Form     unitForm
}

func (s *Server) adminUnitsPage(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "admin", "admin.units_title", nil)
	f := unitForm{New: true, Action: "/admin/units", U: okr.Unit{Kind: okr.UnitTeam}, Errs: FieldErrors{}}
	return s.renderAdminUnits(w, r, p, f, http.StatusOK)
}

func (s *Server) renderAdminUnits(w http.ResponseWriter, r *http.Request, p *Page, f unitForm, status int) error {
	ctx := r.Context()
	v := p.Viewer
	all, err := s.DB.ListUnits(ctx, v.Org.ID, store.UnitFilter{IncludeArchived: true})
	if err != nil {
		return err
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	data := &adminUnitsData{}
	for _, u := range dir.TreeOrder() {
		data.Units = append(data.Units, unitRowOf(dir, *u))
	}
	for _, u := range all {
		if u.Archived {
			data.Archived = append(data.Archived, unitRowOf(dir, u))
		}
	}
	if f.New && f.U.ParentID == nil && status == http.StatusOK {
		// A new unit goes under the company by default: the units form
		// one tree (okr.Unit.ValidatePlace).
		for _, u := range dir.TreeOrder() {
			if u.ParentID == nil {
				id := u.ID
				f.U.ParentID = &id
				break
			}
		}
	}
	fillUnitChoices(p, dir, &f)
	data.Form = f
	return s.page(w, r, status, p, AdminUnitsPage(p, data))
}

func unitRowOf(dir *view.Directory, u okr.Unit) unitRow {
	row := unitRow{U: u, Members: len(dir.Members[u.ID])}
	if _, ok := dir.Units[u.ID]; ok {
		row.Indent = strings.Repeat("\u2003", dir.Depth(dir.Units[u.ID]))
	}
	if u.ParentID != nil && dir.Units[*u.ParentID] != nil {
		row.Parent = dir.Units[*u.ParentID].Name
	}
	for _, id := range u.LeadIDs {
		if person := dir.People[id]; person != nil {
			row.Leads = append(row.Leads, person.Name)
		}
	}
	return row
}

// fillUnitChoices offers kinds, parents (every active unit but the unit
// itself and those below it) and people as leads.
func fillUnitChoices(p *Page, dir *view.Directory, f *unitForm) {
	f.Kinds = enumChoices(p, "unitkind", f.U.Kind, okr.UnitCompany, okr.UnitDepartment, okr.UnitTeam)
	exclude := map[int64]bool{}
	if u := dir.Units[f.U.ID]; u != nil {
		for _, c := range dir.Subtree(u) {
			exclude[c.ID] = true
		}
	}
	for _, c := range unitChoices(dir, f.U.ParentID, p.L.T("admin.no_parent")) {
		id, _ := strconv.ParseInt(c.Value, 10, 64)
		if !exclude[id] {
			f.Parents = append(f.Parents, c)
		}
	}
	leads := idSet(f.U.LeadIDs...)
	for _, person := range dir.PeopleByName() {
		f.People = append(f.People, Choice{Value: strconv.FormatInt(person.ID, 10), Label: person.Name, Selected: leads[person.ID]})
	}
}

// readUnitFields reads the form into u.
func readUnitFields(f *form, u *okr.Unit) {
	u.Name = f.str("name")
	u.Kind = okr.UnitKind(f.str("kind"))
	u.ParentID = f.idPtr("parent")
	u.LeadIDs = f.ids("leads")
	if u.LeadIDs == nil {
		u.LeadIDs = []int64{}
	}
	sort.Slice(u.LeadIDs, func(i, j int) bool { return u.LeadIDs[i] < u.LeadIDs[j] })
	f.validate(u.Validate(), nil)
}

func (s *Server) createUnit(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	p := s.newPage(r, "admin", "admin.units_title", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	u := okr.Unit{OrgID: v.Org.ID}
	readUnitFields(f, &u)
	if f.ok() {
		created, err := s.DB.CreateUnit(r.Context(), v.Actor(), u)
		if err == nil {
			s.setNotice(r, "admin.unit_created")
			return redirect(w, r, "/admin/units#unit-"+strconv.FormatInt(created.ID, 10))
		}
		if !f.addError(err, map[string]string{"parent_id": "parent", "lead_ids": "leads"}) {
			return err
		}
	}
	p.Error = s.formProblem(p, f)
	return s.renderAdminUnits(w, r, p, unitForm{New: true, Action: "/admin/units", U: u, Errs: f.errs}, formStatus)
}

// adminUnitData is the page that edits one unit.
type adminUnitData struct {
	Form unitForm
}

func (s *Server) adminUnit(r *http.Request) (okr.Unit, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return okr.Unit{}, notFound()
	}
	return s.DB.GetUnit(r.Context(), mustViewer(r).Org.ID, id)
}

func (s *Server) adminUnitPage(w http.ResponseWriter, r *http.Request) error {
	u, err := s.adminUnit(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "admin", "admin.unit_edit", nil)
	f := unitForm{Action: "/admin/units/" + strconv.FormatInt(u.ID, 10), U: u, Errs: FieldErrors{}}
	return s.renderAdminUnit(w, r, p, f, http.StatusOK)
}

func (s *Server) renderAdminUnit(w http.ResponseWriter, r *http.Request, p *Page, f unitForm, status int) error {
	dir, err := s.loadDirectory(r.Context(), p.Viewer.Org.ID)
	if err != nil {
		return err
	}
	fillUnitChoices(p, dir, &f)
	return s.page(w, r, status, p, AdminUnitPage(p, &adminUnitData{Form: f}))
}

func (s *Server) updateUnit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	stored, err := s.adminUnit(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "admin", "admin.unit_edit", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	mine := stored
	mine.Version = f.version()
	readUnitFields(f, &mine)
	shown := unitForm{Action: "/admin/units/" + strconv.FormatInt(stored.ID, 10), U: mine}
	res, err := saveVersioned(f, map[string]string{"parent_id": "parent", "lead_ids": "leads"},
		func() (okr.Unit, error) { return s.DB.UpdateUnit(ctx, v.Actor(), mine) },
		func() (okr.Unit, error) { return s.DB.GetUnit(ctx, v.Org.ID, stored.ID) },
		func(theirs okr.Unit) (*conflictView, error) { return s.unitConflict(ctx, p, theirs, mine) })
	if err != nil {
		return err
	}
	if res.Saved {
		s.setNotice(r, "edit.saved")
		return redirect(w, r, "/admin/units")
	}
	if res.Lost {
		shown.U.Version = res.Stored.Version
	}
	shown.Conflict, shown.Errs = res.Conflict, f.errs
	p.Error = s.formProblem(p, f)
	return s.renderAdminUnit(w, r, p, shown, res.status(r))
}

// unitConflict compares the stored unit with the submitted one.
func (s *Server) unitConflict(ctx context.Context, p *Page, theirs, mine okr.Unit) (*conflictView, error) {
	dir, err := s.loadDirectory(ctx, theirs.OrgID)
	if err != nil {
		return nil, err
	}
	c := &conflictView{}
	if c.Who, c.At, err = s.lastChange(ctx, dir, theirs.OrgID, "unit", theirs.ID); err != nil {
		return nil, err
	}
	names := func(ids []int64) string {
		var out []string
		for _, id := range ids {
			if person := dir.People[id]; person != nil {
				out = append(out, person.Name)
			}
		}
		if len(out) == 0 {
			return "–"
		}
		sort.Strings(out)
		return joinNames(out)
	}
	parent := func(id *int64) string {
		if id == nil || dir.Units[*id] == nil {
			return "–"
		}
		return dir.Units[*id].Name
	}
	c.row(p.L.T("people.name"), theirs.Name, mine.Name)
	c.row(p.L.T("admin.f_kind"), p.L.T("unitkind."+string(theirs.Kind)), p.L.T("unitkind."+string(mine.Kind)))
	c.row(p.L.T("admin.f_parent"), parent(theirs.ParentID), parent(mine.ParentID))
	c.row(p.L.T("admin.f_leads"), names(theirs.LeadIDs), names(mine.LeadIDs))
	return c, nil
}

func joinNames(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s
}

func (s *Server) archiveUnit(w http.ResponseWriter, r *http.Request) error {
	return s.archiveOrRestoreUnit(w, r, true)
}

func (s *Server) restoreUnit(w http.ResponseWriter, r *http.Request) error {
	return s.archiveOrRestoreUnit(w, r, false)
}

func (s *Server) archiveOrRestoreUnit(w http.ResponseWriter, r *http.Request, archive bool) error {
	u, err := s.adminUnit(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "admin", "", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	actor := mustViewer(r).Actor()
	if archive {
		_, err = s.DB.ArchiveUnit(r.Context(), actor, u.ID, f.version())
	} else {
		_, err = s.DB.RestoreUnit(r.Context(), actor, u.ID, f.version())
	}
	switch code := okr.ErrorCode(err); {
	case err == nil && archive:
		s.setNotice(r, "admin.unit_archived")
	case err == nil:
		s.setNotice(r, "admin.unit_restored")
	case code == okr.ESTALE:
		s.setNotice(r, "admin.stale")
	case code == okr.EINVALID || code == okr.ECONFLICT:
		s.setNotice(r, "admin.unit_in_use")
	default:
		return err
	}
	return redirect(w, r, "/admin/units")
}
