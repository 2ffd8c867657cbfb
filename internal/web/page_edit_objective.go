package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// objectiveForm is the objective's own fields as the form shows them: the
// stored values, or what was posted when it is shown again with errors.
type objectiveForm struct {
	New         bool
	O           okr.Objective
	Weight      string // as typed
	Owners      []ChoiceGroup
	Periods     []Choice
	Parents     []ChoiceGroup
	Contributes []ChoiceGroup
	Errs        FieldErrors
	Conflict    *conflictView
	Saved       bool // shown after an in-place save
}

// objectiveEditData is the objective editor: the form, and for an existing
// objective its key results (each with its initiatives), a form to add a
// key result, the publish panel and the coach's findings.
type objectiveEditData struct {
	Form     objectiveForm
	Period   okr.Period
	Owner    view.Owner
	KRs      []*krEditRow
	KRAdded  bool         // a key result was just added in place
	Archived []*krEditRow // archived key results, to restore
	NewKR    krForm
	Coach    coachPanel
	LiftTo   *okr.Unit // the unit one level up, for the "lift" shortcut
	dir      *view.Directory
}

// krEditRow is a key result in the editor's list.
type krEditRow struct {
	KR          okr.KeyResult
	Owner       string
	Initiatives []initiativeRow
}

// objectiveAlias maps the store's field names to the form's.
var objectiveAlias = map[string]string{"state": "_", "contributes": "contributes"}

func (s *Server) newObjectivePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	period, periods, err := s.pickPeriod(ctx, r, v.Org.ID)
	if err != nil {
		return err
	}
	o := okr.Objective{PeriodID: period.ID, Weight: 1, Owner: okr.Owner{PersonID: &v.Person.ID}}
	q := r.URL.Query()
	if ow, ok := parseOwner(q.Get("owner")); ok {
		o.Owner = ow
	}
	if id, err := strconv.ParseInt(q.Get("parent"), 10, 64); err == nil && id > 0 {
		o.ParentID = &id
	}
	p := s.newPage(r, "", "edit.new_objective", nil)
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	data, err := s.objectiveFormData(ctx, p, dir, o, periods, true)
	if err != nil {
		return err
	}
	data.Form.Errs = FieldErrors{}
	if len(data.Form.Periods) == 0 {
		p.Error = p.L.T("edit.no_open_period")
	}
	return s.page(w, r, http.StatusOK, p, EditObjectivePage(p, data))
}

func (s *Server) createObjective(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	p := s.newPage(r, "", "edit.new_objective", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	o := okr.Objective{OrgID: v.Org.ID, State: okr.StateDraft}
	readObjectiveFields(f, &o, true)
	if f.ok() {
		created, err := s.DB.CreateObjective(ctx, v.Actor(), o)
		if err == nil {
			s.setNotice(r, "edit.created_objective")
			return redirect(w, r, "/objectives/"+strconv.FormatInt(created.ID, 10)+"/edit#krs")
		}
		if !f.addError(err, objectiveAlias) {
			return err
		}
	}
	periods, err := s.DB.ListPeriods(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	data, err := s.objectiveFormData(ctx, p, dir, o, periods, true)
	if err != nil {
		return err
	}
	data.Form.Errs, data.Form.Weight = f.errs, f.str("weight")
	p.Error = s.formProblem(p, f)
	return s.page(w, r, formStatus, p, EditObjectivePage(p, data))
}

// readObjectiveFields reads the form's objective fields into o. Owner and
// period are read only for a new objective; moving is a page of its own.
func readObjectiveFields(f *form, o *okr.Objective, isNew bool) {
	o.Title = f.str("title")
	o.Description = f.raw("description")
	if isNew {
		o.Owner = f.owner("owner")
		o.PeriodID = f.id("period")
		if o.PeriodID == 0 {
			f.fail("period", "err.no_period")
		}
	}
	o.ParentID = f.idPtr("parent")
	o.Contributes = f.ids("contributes")
	if o.Contributes == nil {
		o.Contributes = []int64{}
	}
	if w, ok := f.num("weight", true); ok {
		o.Weight = w
	}
	f.validate(o.Validate(), objectiveAlias)
}

// formProblem is the message at the top of a form shown again with errors:
// the general problem, or how many fields need attention.
func (s *Server) formProblem(p *Page, f *form) string {
	if g := f.general(); g != "" {
		return g
	}
	n := len(f.errs)
	if n == 0 {
		return ""
	}
	return p.L.N("edit.fix_fields", n)
}

func (s *Server) editObjectivePage(w http.ResponseWriter, r *http.Request) error {
	obj, err := s.editableObjective(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.edit_objective", nil)
	return s.renderObjectiveEditor(w, r, p, obj, http.StatusOK, nil)
}

// editableObjective reads the objective of the request's {id} and returns
// EFORBIDDEN unless the viewer may change it.
func (s *Server) editableObjective(r *http.Request) (okr.Objective, error) {
	v := mustViewer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return okr.Objective{}, notFound()
	}
	obj, err := s.DB.GetObjective(r.Context(), v.Org.ID, id)
	if err != nil {
		return obj, err
	}
	ok, err := s.DB.CanEdit(r.Context(), v.Actor(), "objective", id)
	if err != nil {
		return obj, err
	}
	if !ok {
		return obj, okr.Errorf(okr.EFORBIDDEN, "you may not change this objective")
	}
	return obj, nil
}

func (s *Server) updateObjective(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	stored, err := s.editableObjective(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.edit_objective", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	mine := stored
	mine.Version = f.version()
	readObjectiveFields(f, &mine, false)
	res, err := saveVersioned(f, objectiveAlias,
		func() (okr.Objective, error) { return s.saveObjective(ctx, v.Actor(), stored, mine) },
		func() (okr.Objective, error) { return s.DB.GetObjective(ctx, v.Org.ID, stored.ID) },
		func(theirs okr.Objective) (*conflictView, error) { return s.objectiveConflict(ctx, p, theirs, mine) })
	if err != nil {
		return err
	}
	if res.Saved && !isHX(r) {
		s.setNotice(r, "edit.saved")
		return redirect(w, r, "/objectives/"+strconv.FormatInt(res.Stored.ID, 10)+"/edit")
	}
	if res.Saved {
		return s.renderObjectiveEditorWith(w, r, p, res.Stored, http.StatusOK, func(data *objectiveEditData) error {
			data.Form.Saved = true
			return nil
		})
	}
	if res.Lost {
		mine.Version = res.Stored.Version // submitting again overwrites, knowingly
	}
	p.Error = s.formProblem(p, f)
	return s.renderObjectiveEditorWith(w, r, p, stored, res.status(r), func(data *objectiveEditData) error {
		data.Form.O, data.Form.Weight, data.Form.Errs, data.Form.Conflict = mine, f.str("weight"), f.errs, res.Conflict
		var err error
		data.Form.Parents, data.Form.Contributes, err = s.linkChoices(ctx, p, data.dir, mine)
		return err
	})
}

// saveObjective writes the edited fields and, when they changed, the
// contributes-to links (a separate store call with its own version).
func (s *Server) saveObjective(ctx context.Context, actor store.Actor, stored, mine okr.Objective) (okr.Objective, error) {
	contributes := mine.Contributes
	saved, err := s.DB.UpdateObjective(ctx, actor, mine)
	if err != nil {
		return saved, err
	}
	if !sameIDs(stored.Contributes, contributes) {
		return s.DB.SetContributes(ctx, actor, saved.ID, contributes, saved.Version)
	}
	return saved, nil
}

// sameIDs reports whether a and b hold the same ids, in any order.
func sameIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	set := idSet(a...)
	for _, id := range b {
		if !set[id] {
			return false
		}
	}
	return true
}

// objectiveFormData builds the form of a new objective or of o's own
// fields, with the choices of owner, period, parent and contributes-to.
func (s *Server) objectiveFormData(ctx context.Context, p *Page, dir *view.Directory, o okr.Objective, periods []okr.Period, isNew bool) (*objectiveEditData, error) {
	var err error
	data := &objectiveEditData{Form: objectiveForm{New: isNew, O: o, Weight: p.InputValue(&o.Weight)}, dir: dir}
	for _, pr := range periods {
		if pr.ID == o.PeriodID {
			data.Period = pr
		}
	}
	data.Owner = dir.Owner(o.Owner)
	if isNew {
		data.Form.Owners = ownerChoices(p, dir, o.Owner)
		data.Form.Periods = periodChoices(periods, o.PeriodID)
	}
	data.Form.Parents, data.Form.Contributes, err = s.linkChoices(ctx, p, dir, o)
	return data, err
}

// linkChoices lists the objectives of o's period that o may have as parent
// or contribute to.
func (s *Server) linkChoices(ctx context.Context, p *Page, dir *view.Directory, o okr.Objective) ([]ChoiceGroup, []ChoiceGroup, error) {
	if o.PeriodID == 0 {
		return nil, nil, nil
	}
	objs, _, err := s.DB.ListObjectives(ctx, p.Viewer.Org.ID, store.ObjectiveFilter{PeriodID: o.PeriodID})
	if err != nil {
		return nil, nil, err
	}
	var parentSel map[int64]bool
	if o.ParentID != nil {
		parentSel = idSet(*o.ParentID)
	}
	exclude := map[int64]bool{}
	if o.ID != 0 {
		exclude = descendants(objs, o.ID)
	}
	parents := objectiveChoices(p, dir, objs, exclude, parentSel)
	contributes := objectiveChoices(p, dir, objs, idSet(o.ID), idSet(o.Contributes...))
	return parents, contributes, nil
}

// objectiveEditorData builds the whole editor of a stored objective.
func (s *Server) objectiveEditorData(ctx context.Context, p *Page, o okr.Objective) (*objectiveEditData, error) {
	v := p.Viewer
	period, err := s.DB.GetPeriod(ctx, v.Org.ID, o.PeriodID)
	if err != nil {
		return nil, err
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return nil, err
	}
	data, err := s.objectiveFormData(ctx, p, dir, o, []okr.Period{period}, false)
	if err != nil {
		return nil, err
	}
	all, err := s.DB.ListKeyResults(ctx, v.Org.ID, []int64{o.ID}, true)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(all))
	var krs []okr.KeyResult
	for i := range all {
		ids[i] = all[i].ID
		if !all[i].Archived {
			krs = append(krs, all[i])
		}
	}
	inits, err := s.DB.ListInitiatives(ctx, v.Org.ID, ids)
	if err != nil {
		return nil, err
	}
	byKR := map[int64]*krEditRow{}
	for _, kr := range all {
		row := &krEditRow{KR: kr, Owner: dir.Owner(o.Owner).Name}
		if kr.Owner.PersonID != nil || kr.Owner.UnitID != nil {
			row.Owner = dir.Owner(kr.Owner).Name
		}
		byKR[kr.ID] = row
		if kr.Archived {
			data.Archived = append(data.Archived, row)
		} else {
			data.KRs = append(data.KRs, row)
		}
	}
	for _, in := range inits {
		if row := byKR[in.KeyResultID]; row != nil {
			ir := initiativeRow{I: in}
			if in.OwnerPersonID != nil && dir.People[*in.OwnerPersonID] != nil {
				ir.Owner = dir.People[*in.OwnerPersonID].Name
			}
			row.Initiatives = append(row.Initiatives, ir)
		}
	}
	data.LiftTo = liftFor(v, dir, o.Owner)
	data.Coach = s.coachObjective(p, o, krs)
	data.dir = dir
	return data, nil
}
