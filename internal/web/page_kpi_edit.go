package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
)

// kpiForm is a KPI's fields as the form shows them.
type kpiForm struct {
	New         bool
	Action      string
	K           okr.KPI
	Warn        string // numbers as typed
	Critical    string
	Units       []Choice
	Directions  []Choice
	Frequencies []Choice
	Owners      []Choice
	Errs        FieldErrors
	Conflict    *conflictView
}

// kpiAlias maps the store's field names to the form's.
var kpiAlias = map[string]string{"owner": "owner_unit", "kpi": "_"}

func (s *Server) newKPIPage(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	p := s.newPage(r, "kpis", "kpi.new", nil)
	k := okr.KPI{Direction: okr.HigherIsBetter, Frequency: okr.Weekly, Unit: okr.Measure{Kind: okr.MeasureNumber}, OwnerUnitID: v.Person.UnitID}
	f := kpiForm{New: true, Action: "/kpis", K: k, Errs: FieldErrors{}}
	return s.renderKPIForm(w, r, p, f, http.StatusOK)
}

// readKPIFields reads the form into k and returns the thresholds as typed.
func readKPIFields(f *form, k *okr.KPI) (warn, critical string) {
	k.Name = f.str("name")
	k.Description = f.raw("description")
	k.Unit = okr.Measure{Kind: okr.UnitKindOfMeasure(f.str("unit")), Code: f.str("unit_code")}
	switch k.Unit.Kind {
	case okr.MeasureCurrency:
		k.Unit.Code = strings.ToUpper(k.Unit.Code)
	case okr.MeasureNumber, okr.MeasurePercent:
		k.Unit.Code = ""
	}
	k.Direction = okr.Direction(f.str("direction"))
	k.Frequency = okr.Frequency(f.str("frequency"))
	k.Warn, k.Critical = f.numPtr("warn"), f.numPtr("critical")
	k.OwnerUnitID = f.idPtr("owner_unit")
	f.validate(k.Validate(), kpiAlias)
	if k.Unit.Kind == okr.MeasureCurrency && len(k.Unit.Code) != 3 {
		f.fail("unit_code", "kpi.err_currency")
	}
	if k.Warn != nil && k.Critical != nil {
		if (k.Direction == okr.HigherIsBetter && *k.Critical > *k.Warn) || (k.Direction == okr.LowerIsBetter && *k.Critical < *k.Warn) {
			f.fail("critical", "kpi.err_critical_order")
		}
	}
	return f.str("warn"), f.str("critical")
}

func (s *Server) createKPI(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	p := s.newPage(r, "kpis", "kpi.new", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	k := okr.KPI{OrgID: v.Org.ID}
	warn, critical := readKPIFields(f, &k)
	if f.ok() {
		created, err := s.DB.CreateKPI(r.Context(), v.Actor(), k)
		if err == nil {
			s.setNotice(r, "kpi.created")
			return redirect(w, r, "/kpis/"+strconv.FormatInt(created.ID, 10))
		}
		if !f.addError(err, kpiAlias) {
			return err
		}
	}
	p.Error = s.formProblem(p, f)
	return s.renderKPIForm(w, r, p, kpiForm{New: true, Action: "/kpis", K: k, Warn: warn, Critical: critical, Errs: f.errs}, formStatus)
}

// editableKPI reads the KPI of the request's {id} and returns EFORBIDDEN
// unless the viewer may change it.
func (s *Server) editableKPI(r *http.Request) (okr.KPI, error) {
	v := mustViewer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return okr.KPI{}, notFound()
	}
	k, err := s.DB.GetKPI(r.Context(), v.Org.ID, id)
	if err != nil {
		return k, err
	}
	ok, err := s.DB.CanEdit(r.Context(), v.Actor(), "kpi", id)
	if err != nil {
		return k, err
	}
	if !ok {
		return k, okr.Errorf(okr.EFORBIDDEN, "you may not change this KPI")
	}
	return k, nil
}

func (s *Server) editKPIPage(w http.ResponseWriter, r *http.Request) error {
	k, err := s.editableKPI(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "kpis", "kpi.edit", nil)
	f := kpiForm{Action: "/kpis/" + strconv.FormatInt(k.ID, 10) + "/edit", K: k, Errs: FieldErrors{}}
	f.Warn, f.Critical = p.InputValue(k.Warn), p.InputValue(k.Critical)
	return s.renderKPIForm(w, r, p, f, http.StatusOK)
}

func (s *Server) updateKPI(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	stored, err := s.editableKPI(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "kpis", "kpi.edit", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	mine := stored
	mine.Version = f.version()
	warn, critical := readKPIFields(f, &mine)
	shown := kpiForm{Action: "/kpis/" + strconv.FormatInt(stored.ID, 10) + "/edit", K: mine, Warn: warn, Critical: critical}
	res, err := saveVersioned(f, kpiAlias,
		func() (okr.KPI, error) { return s.DB.UpdateKPI(ctx, v.Actor(), mine) },
		func() (okr.KPI, error) { return s.DB.GetKPI(ctx, v.Org.ID, stored.ID) },
		func(theirs okr.KPI) (*conflictView, error) { return s.kpiConflict(ctx, p, theirs, mine) })
	if err != nil {
		return err
	}
	if res.Saved {
		s.setNotice(r, "edit.saved")
		return redirect(w, r, "/kpis/"+strconv.FormatInt(stored.ID, 10))
	}
	if res.Lost {
		shown.K.Version = res.Stored.Version
	}
	shown.Conflict, shown.Errs = res.Conflict, f.errs
	p.Error = s.formProblem(p, f)
	return s.renderKPIForm(w, r, p, shown, res.status(r))
}

func (s *Server) renderKPIForm(w http.ResponseWriter, r *http.Request, p *Page, f kpiForm, status int) error {
	dir, err := s.loadDirectory(r.Context(), p.Viewer.Org.ID)
	if err != nil {
		return err
	}
	f.Units = enumChoices(p, "measure", f.K.Unit.Kind, okr.MeasureNumber, okr.MeasurePercent, okr.MeasureCurrency, okr.MeasureCustom)
	f.Directions = enumChoices(p, "direction", f.K.Direction, okr.HigherIsBetter, okr.LowerIsBetter)
	f.Frequencies = enumChoices(p, "frequency", f.K.Frequency, okr.Daily, okr.Weekly, okr.Monthly, okr.Quarterly)
	f.Owners = s.kpiOwnerChoices(p, dir, f.K.OwnerUnitID)
	return s.page(w, r, status, p, KPIEditPage(p, &f))
}

// kpiOwnerChoices offers the units a KPI may belong to: every unit for
// admins, else the units the viewer leads (and those below them), and
// always the current one.
func (s *Server) kpiOwnerChoices(p *Page, dir *view.Directory, selected *int64) []Choice {
	var out []Choice
	if p.Viewer.IsAdmin() {
		out = append(out, Choice{Value: "", Label: p.L.T("kpi.no_owner"), Selected: selected == nil})
	}
	for _, c := range unitChoices(dir, selected, "") {
		id, _ := strconv.ParseInt(c.Value, 10, 64)
		if p.Viewer.IsAdmin() || c.Selected || dir.Leads(p.Viewer.Person.ID, dir.Units[id]) {
			out = append(out, c)
		}
	}
	return out
}

// kpiConflict compares the stored KPI with the submitted one.
func (s *Server) kpiConflict(ctx context.Context, p *Page, theirs, mine okr.KPI) (*conflictView, error) {
	dir, err := s.loadDirectory(ctx, theirs.OrgID)
	if err != nil {
		return nil, err
	}
	c := &conflictView{}
	if c.Who, c.At, err = s.lastChange(ctx, dir, theirs.OrgID, "kpi", theirs.ID); err != nil {
		return nil, err
	}
	unit := func(id *int64) string {
		if id == nil {
			return "–"
		}
		return dir.Owner(okr.Owner{UnitID: id}).Name
	}
	c.row(p.L.T("kpi.f_name"), theirs.Name, mine.Name)
	c.row(p.L.T("edit.f_description"), theirs.Description, mine.Description)
	c.row(p.L.T("kpi.thresholds"), p.Thresholds(&theirs), p.Thresholds(&mine))
	c.row(p.L.T("kpi.f_frequency"), p.L.T("frequency."+string(theirs.Frequency)), p.L.T("frequency."+string(mine.Frequency)))
	c.row(p.L.T("word.unit"), unit(theirs.OwnerUnitID), unit(mine.OwnerUnitID))
	return c, nil
}

func (s *Server) archiveKPI(w http.ResponseWriter, r *http.Request) error {
	return s.archiveOrRestoreKPI(w, r, true)
}

func (s *Server) restoreKPI(w http.ResponseWriter, r *http.Request) error {
	return s.archiveOrRestoreKPI(w, r, false)
}

func (s *Server) archiveOrRestoreKPI(w http.ResponseWriter, r *http.Request, archive bool) error {
	k, err := s.editableKPI(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "kpis", "", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	actor := mustViewer(r).Actor()
	if archive {
		_, err = s.DB.ArchiveKPI(r.Context(), actor, k.ID, f.version())
	} else {
		_, err = s.DB.RestoreKPI(r.Context(), actor, k.ID, f.version())
	}
	if okr.ErrorCode(err) == okr.ESTALE {
		s.setNotice(r, "kpi.stale")
		return redirect(w, r, "/kpis/"+strconv.FormatInt(k.ID, 10))
	} else if err != nil {
		return err
	}
	if archive {
		s.setNotice(r, "kpi.archived_notice")
		return redirect(w, r, "/kpis")
	}
	s.setNotice(r, "kpi.restored")
	return redirect(w, r, "/kpis/"+strconv.FormatInt(k.ID, 10))
}

// addKPIValue records a reading, which also checks in the linked key
// results. htmx swaps the page's numbers and readings in place.
func (s *Server) addKPIValue(w http.ResponseWriter, r *http.Request) error {
	k, err := s.editableKPI(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "kpis", "", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	value, _ := f.num("value", true)
	at := f.date("date", true)
	if !at.IsZero() {
		if at.After(p.Now) {
			f.fail("date", "kpi.err_future")
		} else if isoDay(at) == isoDay(p.Now) {
			at = p.Now // a reading of today is taken now, after today's earlier ones
		} else {
			at = at.Add(12 * time.Hour)
		}
	}
	if f.ok() {
		_, err := s.DB.AddKPIValue(r.Context(), mustViewer(r).Actor(), k.ID, value, at)
		if err == nil {
			s.setNotice(r, "kpi.reading_added")
			return redirect(w, r, "/kpis/"+strconv.FormatInt(k.ID, 10))
		}
		if !f.addError(err, map[string]string{"at": "date"}) {
			return err
		}
	}
	p.Error = s.formProblem(p, f)
	return s.renderKPIPage(w, r, p, formStatus, &kpiReadingForm{Value: f.str("value"), Date: f.str("date"), Errs: f.errs})
}
