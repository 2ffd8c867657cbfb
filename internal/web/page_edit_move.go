package web

import (
	"context"
	"net/http"
	"sort"
	"strconv"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
)

// moveData is the page that moves an objective to another period or owner,
// with a one-click "lift" to the unit above, and the page that copies it
// into another period.
type moveData struct {
	O       okr.Objective
	Period  okr.Period
	Owner   view.Owner
	Periods []Choice
	Owners  []ChoiceGroup
	LiftTo  *okr.Unit
	Errs    FieldErrors
}

func (s *Server) moveObjectivePage(w http.ResponseWriter, r *http.Request) error {
	obj, err := s.editableObjective(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.move_title", nil)
	data, err := s.moveFormData(r.Context(), p, obj, obj)
	if err != nil {
		return err
	}
	return s.page(w, r, http.StatusOK, p, MovePage(p, data))
}

// moveFormData builds the move form of stored objective obj showing the
// values of shown.
func (s *Server) moveFormData(ctx context.Context, p *Page, obj, shown okr.Objective) (*moveData, error) {
	v := p.Viewer
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return nil, err
	}
	periods, err := s.DB.ListPeriods(ctx, v.Org.ID)
	if err != nil {
		return nil, err
	}
	data := &moveData{O: obj, Owner: dir.Owner(obj.Owner), Errs: FieldErrors{}}
	for _, pr := range periods {
		if pr.ID == obj.PeriodID {
			data.Period = pr
		}
	}
	data.Periods = periodChoices(periods, shown.PeriodID)
	data.Owners = ownerChoices(p, dir, shown.Owner)
	data.LiftTo = liftFor(v, dir, obj.Owner)
	return data, nil
}

// moveObjective gives the objective another period and owner. Moving to
// another period drops its parent and contributes-to links, which point to
// objectives of the old period.
func (s *Server) moveObjective(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	obj, err := s.editableObjective(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.move_title", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	o := obj
	o.Version = f.version()
	o.Owner = f.owner("owner")
	o.PeriodID = f.id("period")
	if o.PeriodID == 0 {
		f.fail("period", "err.no_period")
	}
	// A lost race shows the objective as stored now and a message, not
	// both versions: the form has only the two fields it moves.
	res, err := saveVersioned(f, map[string]string{"parent": "_", "contributes": "_"},
		func() (okr.Objective, error) { return okr.Objective{}, s.saveMove(ctx, v, obj, o) },
		func() (okr.Objective, error) { return s.DB.GetObjective(ctx, v.Org.ID, obj.ID) },
		nil)
	if err != nil {
		return err
	}
	if res.Saved {
		s.setNotice(r, "edit.moved")
		return redirect(w, r, objHref(obj.ID)+"/edit")
	}
	if res.Lost {
		obj, p.Error = res.Stored, p.L.T("edit.action_stale")
	}
	data, err := s.moveFormData(ctx, p, obj, o)
	if err != nil {
		return err
	}
	data.Errs = f.errs
	if p.Error == "" {
		p.Error = s.formProblem(p, f)
	}
	return s.page(w, r, formStatus, p, MovePage(p, data))
}

// saveMove writes the new period and owner, dropping links into the old
// period when the period changes.
func (s *Server) saveMove(ctx context.Context, v *Viewer, before, o okr.Objective) error {
	periodChanged := o.PeriodID != before.PeriodID
	if periodChanged {
		o.ParentID = nil
	}
	saved, err := s.DB.UpdateObjective(ctx, v.Actor(), o)
	if err != nil {
		return err
	}
	if periodChanged && len(before.Contributes) > 0 {
		_, err = s.DB.SetContributes(ctx, v.Actor(), saved.ID, []int64{}, saved.Version)
	}
	return err
}

// cloneData is the page that copies an objective into another period.
type cloneData struct {
	O       okr.Objective
	Period  okr.Period
	Periods []Choice
	Errs    FieldErrors
}

func (s *Server) cloneObjectivePage(w http.ResponseWriter, r *http.Request) error {
	obj, err := s.editableObjective(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.clone_title", nil)
	data, err := s.cloneFormData(r.Context(), p, obj, 0)
	if err != nil {
		return err
	}
	return s.page(w, r, http.StatusOK, p, ClonePage(p, data))
}

// cloneFormData offers the open periods, the one after the objective's own
// period chosen unless selected says otherwise.
func (s *Server) cloneFormData(ctx context.Context, p *Page, obj okr.Objective, selected int64) (*cloneData, error) {
	periods, err := s.DB.ListPeriods(ctx, p.Viewer.Org.ID)
	if err != nil {
		return nil, err
	}
	data := &cloneData{O: obj, Errs: FieldErrors{}}
	for _, pr := range periods {
		if pr.ID == obj.PeriodID {
			data.Period = pr
		}
	}
	if selected == 0 {
		selected = nextPeriod(periods, data.Period)
	}
	data.Periods = periodChoices(periods, selected)
	return data, nil
}

// nextPeriod returns the id of the first open period that starts after
// cur ends, else the first open period other than cur, else 0.
func nextPeriod(periods []okr.Period, cur okr.Period) int64 {
	sorted := append([]okr.Period(nil), periods...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Start.Before(sorted[j].Start) })
	var other int64
	for _, pr := range sorted {
		if pr.Closed || pr.Archived || pr.ID == cur.ID {
			continue
		}
		if pr.Start.After(cur.End) {
			return pr.ID
		}
		if other == 0 {
			other = pr.ID
		}
	}
	return other
}

func (s *Server) cloneObjective(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	obj, err := s.editableObjective(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.clone_title", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	to := f.id("period")
	if to == 0 {
		f.fail("period", "err.no_period")
	}
	if f.ok() {
		clone, err := s.DB.CloneObjective(ctx, mustViewer(r).Actor(), obj.ID, to)
		if err == nil {
			s.setNotice(r, "edit.cloned")
			return redirect(w, r, objHref(clone.ID)+"/edit")
		}
		if !f.addError(err, nil) {
			return err
		}
	}
	data, err := s.cloneFormData(ctx, p, obj, to)
	if err != nil {
		return err
	}
	data.Errs = f.errs
	p.Error = s.formProblem(p, f)
	return s.page(w, r, formStatus, p, ClonePage(p, data))
}

// moveKR moves a key result to another objective of the period and opens
// that objective's editor.
func (s *Server) moveKR(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	kr, o, err := s.editableKR(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.edit_kr", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	to := f.id("objective")
	if to == 0 {
		f.fail("objective", "err.required")
	}
	if f.ok() {
		moved, err := s.DB.MoveKeyResult(ctx, mustViewer(r).Actor(), kr.ID, to, f.version())
		if err == nil {
			s.setNotice(r, "edit.kr_moved")
			return redirect(w, r, objHref(moved.ObjectiveID)+"/edit#kr-"+strconv.FormatInt(kr.ID, 10))
		}
		switch okr.ErrorCode(err) {
		case okr.ESTALE:
			f.fail("objective", "edit.action_stale")
		case okr.EFORBIDDEN:
			f.fail("objective", "edit.move_forbidden")
		default:
			if !f.addError(err, map[string]string{"objective": "objective"}) {
				return err
			}
		}
	}
	if current, gerr := s.DB.GetKeyResult(ctx, kr.OrgID, kr.ID); gerr == nil {
		kr = current
	}
	p.Error = s.formProblem(p, f)
	form := krFormOf(p, kr)
	return s.renderKREditor(w, r, p, kr, o, form, formStatus, krEditorExtras{MoveErr: f.errs.Get("objective")})
}

// krToInitiative turns the key result into an initiative of the chosen key
// result of the same objective and archives it (store.MoveKRToInitiative),
// then shows that key result's initiatives.
func (s *Server) krToInitiative(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	kr, o, err := s.editableKR(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.edit_kr", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	under := f.id("under")
	if under == 0 {
		f.fail("under", "err.required")
	}
	if f.ok() {
		in, err := s.DB.MoveKRToInitiative(ctx, mustViewer(r).Actor(), kr.ID, f.version(), under)
		if err == nil {
			s.setNotice(r, "edit.to_initiative_done")
			return redirect(w, r, krHref(in.KeyResultID)+"#initiatives")
		}
		switch okr.ErrorCode(err) {
		case okr.ESTALE:
			f.fail("under", "edit.action_stale")
		case okr.EFORBIDDEN:
			f.fail("under", "edit.to_initiative_forbidden")
		default:
			if !f.addError(err, map[string]string{"under": "under"}) {
				return err
			}
		}
	}
	if current, gerr := s.DB.GetKeyResult(ctx, kr.OrgID, kr.ID); gerr == nil {
		kr = current
	}
	p.Error = s.formProblem(p, f)
	return s.renderKREditor(w, r, p, kr, o, krFormOf(p, kr), formStatus, krEditorExtras{ToInitiativeErr: f.errs.Get("under")})
}
