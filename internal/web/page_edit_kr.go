package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/okr-dev/okr/internal/coach"
	"github.com/okr-dev/okr/internal/view"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// krForm is a key result's fields as a form shows them.
type krForm struct {
	New         bool
	Pre         string // prefix of the fields' ids, unique on the page
	Action      string
	KR          okr.KeyResult
	Start       string // numbers as typed
	Target      string
	Weight      string
	Milestones  []milestoneRow
	Reason      string
	Kinds       []Choice
	Units       []Choice
	Owners      []ChoiceGroup
	KPIs        []Choice
	Errs        FieldErrors
	Conflict    *conflictView
	ObjectiveID int64
}

// milestoneRow is one milestone input; ID is 0 for a new one.
type milestoneRow struct {
	ID    int64
	Title string
	Done  bool
}

// krAlias maps the store's and the domain's field names to the form's.
// The metric's fields are metric.kind and so on there; the prefix is
// spelled apart so that the message-id test does not take the quoted names
// for messages of the metric area.
var krAlias = map[string]string{
	"objective": "_", "kpi": "kpi",
	metricField + "kind": "kind", metricField + "start": "start", metricField + "target": "target",
	metricField + "unit": "unit", metricField + "unit_code": "unit_code",
}

const metricField = "metric."

// extraMilestoneRows is how many empty milestone inputs a form offers.
const extraMilestoneRows = 3

// blankKRForm is the editor's form to add a key result to o.
func (s *Server) blankKRForm(o okr.Objective, v *Viewer) krForm {
	kr := okr.KeyResult{ObjectiveID: o.ID, Weight: 1, Metric: okr.Metric{Kind: okr.MetricIncrease, Unit: okr.Measure{Kind: okr.MeasureNumber}}}
	return krForm{New: true, Pre: "newkr-", Action: "/objectives/" + strconv.FormatInt(o.ID, 10) + "/krs", KR: kr, Weight: "1",
		Milestones: make([]milestoneRow, extraMilestoneRows+1), Errs: FieldErrors{}, ObjectiveID: o.ID}
}

// fillKRChoices adds the choices of the KR form's selects.
func (s *Server) fillKRChoices(ctx context.Context, p *Page, dir *view.Directory, f *krForm) error {
	m := f.KR.Metric
	f.Kinds = enumChoices(p, "metric", m.Kind, okr.MetricKinds()...)
	for i := range f.Kinds {
		f.Kinds[i].Attrs = metricKindAttrs(okr.MetricKind(f.Kinds[i].Value))
	}
	f.Units = enumChoices(p, "measure", m.Unit.Kind, okr.MeasureNumber, okr.MeasurePercent, okr.MeasureCurrency, okr.MeasureCustom)
	cur := ownerValue(f.KR.Owner)
	units := ChoiceGroup{Label: p.L.T("edit.owner_units")}
	for _, c := range unitChoices(dir, f.KR.Owner.UnitID, "") {
		val := "unit:" + c.Value
		units.Choices = append(units.Choices, Choice{Value: val, Label: c.Label, Selected: val == cur})
	}
	f.Owners = []ChoiceGroup{{Choices: []Choice{{Value: "", Label: p.L.T("edit.kr_owner_same"), Selected: cur == ""}}}, units}
	f.Owners = append(f.Owners, peopleGroups(p, dir, cur, func(*okr.Person) bool { return true })...)
	kpis, err := s.DB.ListKPIs(ctx, p.Viewer.Org.ID, false)
	if err != nil {
		return err
	}
	f.KPIs = []Choice{{Value: "", Label: p.L.T("edit.kr_no_kpi"), Selected: f.KR.KPIID == nil}}
	for _, k := range kpis {
		f.KPIs = append(f.KPIs, Choice{Value: strconv.FormatInt(k.ID, 10), Label: k.Name, Selected: f.KR.KPIID != nil && *f.KR.KPIID == k.ID})
	}
	return nil
}

// krFormOf shows a stored key result in the form.
func krFormOf(p *Page, kr okr.KeyResult) krForm {
	f := krForm{Pre: "kr-", Action: "/krs/" + strconv.FormatInt(kr.ID, 10) + "/edit", KR: kr, Errs: FieldErrors{}, ObjectiveID: kr.ObjectiveID}
	f.Start, f.Target, f.Weight = p.InputValue(&kr.Metric.Start), p.InputValue(&kr.Metric.Target), p.InputValue(&kr.Weight)
	for _, m := range kr.Milestones {
		f.Milestones = append(f.Milestones, milestoneRow{ID: m.ID, Title: m.Title, Done: m.Done})
	}
	f.Milestones = append(f.Milestones, make([]milestoneRow, extraMilestoneRows)...)
	return f
}

// readKRFields reads the form's key-result fields into kr and returns the
// form as typed, for showing it again.
func readKRFields(f *form, kr *okr.KeyResult, shown *krForm) {
	kr.Title = f.str("title")
	kr.Metric.Kind = okr.MetricKind(f.str("kind"))
	kr.Metric.Unit = okr.Measure{Kind: okr.UnitKindOfMeasure(f.str("unit")), Code: strings.ToUpper(f.str("unit_code"))}
	if kr.Metric.Unit.Kind == okr.MeasureCustom {
		kr.Metric.Unit.Code = f.str("unit_code") // a free unit keeps its case: "h", "visits"
	}
	if kr.Metric.Unit.Kind == okr.MeasureNumber || kr.Metric.Unit.Kind == okr.MeasurePercent {
		kr.Metric.Unit.Code = ""
	}
	kr.Metric.Start, kr.Metric.Target = 0, 0
	switch k := kr.Metric.Kind; {
	case k.HasStart():
		kr.Metric.Start, _ = f.num("start", true)
		kr.Metric.Target, _ = f.num("target", true)
	case k.IsThreshold():
		kr.Metric.Target, _ = f.num("target", true)
	}
	if w, ok := f.num("weight", true); ok {
		kr.Weight = w
	}
	kr.Owner = okr.Owner{}
	if v := f.str("owner"); v != "" {
		kr.Owner = f.owner("owner")
	}
	kr.KPIID = f.idPtr("kpi")
	shown.Milestones = nil
	kr.Milestones = []okr.Milestone{}
	ids, titles := f.r.PostForm["ms.id"], f.r.PostForm["ms.title"]
	for i, t := range titles {
		t = strings.TrimSpace(t)
		var id int64
		if i < len(ids) {
			id, _ = strconv.ParseInt(ids[i], 10, 64)
		}
		if t != "" {
			shown.Milestones = append(shown.Milestones, milestoneRow{ID: id, Title: t})
			if kr.Metric.Kind == okr.MetricMilestones {
				kr.Milestones = append(kr.Milestones, okr.Milestone{ID: id, Title: t})
			}
		}
	}
	shown.Milestones = append(shown.Milestones, make([]milestoneRow, extraMilestoneRows)...)
	shown.Start, shown.Target, shown.Weight = f.str("start"), f.str("target"), f.str("weight")
	shown.Reason = f.str("reason")
	f.validate(kr.Validate(), krAlias)
}

func (s *Server) createKR(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	obj, err := s.editableObjective(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.edit_objective", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	shown := s.blankKRForm(obj, v)
	kr := okr.KeyResult{OrgID: v.Org.ID, ObjectiveID: obj.ID}
	readKRFields(f, &kr, &shown)
	shown.KR = kr
	if f.ok() {
		_, err := s.DB.CreateKeyResult(ctx, v.Actor(), kr)
		if err == nil {
			if !isHX(r) {
				s.setNotice(r, "edit.kr_added")
				return redirect(w, r, "/objectives/"+strconv.FormatInt(obj.ID, 10)+"/edit#krs")
			}
			return s.renderObjectiveEditorWith(w, r, p, obj, http.StatusOK, func(data *objectiveEditData) error {
				data.KRAdded = true
				return nil
			})
		}
		if !f.addError(err, krAlias) {
			return err
		}
	}
	shown.Errs = f.errs
	p.Error = s.formProblem(p, f)
	return s.renderObjectiveEditor(w, r, p, obj, formStatus, &shown)
}

// renderObjectiveEditor renders the editor of o, with newKR as the add
// form when it is being shown again.
func (s *Server) renderObjectiveEditor(w http.ResponseWriter, r *http.Request, p *Page, o okr.Objective, status int, newKR *krForm) error {
	return s.renderObjectiveEditorWith(w, r, p, o, status, func(data *objectiveEditData) error {
		if newKR != nil {
			data.NewKR = *newKR
		}
		return nil
	})
}

// renderObjectiveEditorWith renders the editor of stored objective o after
// adjust has changed what the page shows (the form as submitted, errors).
func (s *Server) renderObjectiveEditorWith(w http.ResponseWriter, r *http.Request, p *Page, o okr.Objective, status int, adjust func(*objectiveEditData) error) error {
	ctx := r.Context()
	data, err := s.objectiveEditorData(ctx, p, o)
	if err != nil {
		return err
	}
	data.Form.Errs = FieldErrors{}
	data.NewKR = s.blankKRForm(o, p.Viewer)
	if err := adjust(data); err != nil {
		return err
	}
	if err := s.fillKRChoices(ctx, p, data.dir, &data.NewKR); err != nil {
		return err
	}
	return s.page(w, r, status, p, EditObjectivePage(p, data))
}

// krEditData is the key-result editor: the form, the move form, the
// initiatives and the coach's findings about the stored key result.
type krEditData struct {
	Form          krForm
	Objective     okr.Objective
	Period        okr.Period
	MoveTo        []ChoiceGroup // objectives of the period it may move to
	MoveErr       string
	Initiatives   []initiativeRow
	NewInitiative initiativeForm
	Coach         []coach.Finding
	// ToInitiative, when the coach finds the key result an activity, are
	// the other key results of the objective it can become an initiative
	// of; ToInitiativeErr says why the last try failed.
	ToInitiative    []Choice
	ToInitiativeErr string
}

// editableKR reads the key result of the request's {id} and its objective
// and returns EFORBIDDEN unless the viewer may change it.
func (s *Server) editableKR(r *http.Request) (okr.KeyResult, okr.Objective, error) {
	v := mustViewer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return okr.KeyResult{}, okr.Objective{}, notFound()
	}
	kr, err := s.DB.GetKeyResult(r.Context(), v.Org.ID, id)
	if err != nil {
		return kr, okr.Objective{}, err
	}
	ok, err := s.DB.CanEdit(r.Context(), v.Actor(), "key_result", id)
	if err != nil {
		return kr, okr.Objective{}, err
	}
	if !ok {
		return kr, okr.Objective{}, okr.Errorf(okr.EFORBIDDEN, "you may not change this key result")
	}
	o, err := s.DB.GetObjective(r.Context(), v.Org.ID, kr.ObjectiveID)
	return kr, o, err
}

func (s *Server) editKRPage(w http.ResponseWriter, r *http.Request) error {
	kr, o, err := s.editableKR(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.edit_kr", nil)
	return s.renderKREditor(w, r, p, kr, o, krFormOf(p, kr), http.StatusOK, krEditorExtras{})
}

func (s *Server) updateKR(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	stored, o, err := s.editableKR(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "", "edit.edit_kr", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	shown := krFormOf(p, stored)
	mine := stored
	mine.Version = f.version()
	readKRFields(f, &mine, &shown)
	res, err := saveVersioned(f, krAlias,
		func() (okr.KeyResult, error) { return s.DB.UpdateKeyResult(ctx, v.Actor(), mine, shown.Reason) },
		func() (okr.KeyResult, error) { return s.DB.GetKeyResult(ctx, v.Org.ID, stored.ID) },
		func(theirs okr.KeyResult) (*conflictView, error) { return s.krConflict(ctx, p, theirs, mine) })
	if err != nil {
		return err
	}
	if res.Saved {
		s.setNotice(r, "edit.saved")
		return redirect(w, r, "/objectives/"+strconv.FormatInt(o.ID, 10)+"/edit#kr-"+strconv.FormatInt(stored.ID, 10))
	}
	if res.Lost {
		mine.Version = res.Stored.Version
	}
	shown.KR, shown.Errs, shown.Conflict = mine, f.errs, res.Conflict
	p.Error = s.formProblem(p, f)
	return s.renderKREditor(w, r, p, stored, o, shown, res.status(r), krEditorExtras{})
}

// krEditorExtras are the parts of the key-result editor shown again after
// a failed move or initiative form; the zero value shows them fresh.
type krEditorExtras struct {
	MoveErr         string
	ToInitiativeErr string
	Initiative      *initiativeForm
}

// renderKREditor renders the key-result editor with form.
func (s *Server) renderKREditor(w http.ResponseWriter, r *http.Request, p *Page, kr okr.KeyResult, o okr.Objective, form krForm, status int, extras krEditorExtras) error {
	ctx := r.Context()
	v := p.Viewer
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	if err := s.fillKRChoices(ctx, p, dir, &form); err != nil {
		return err
	}
	period, err := s.DB.GetPeriod(ctx, v.Org.ID, o.PeriodID)
	if err != nil {
		return err
	}
	inits, err := s.DB.ListInitiatives(ctx, v.Org.ID, []int64{kr.ID})
	if err != nil {
		return err
	}
	objs, _, err := s.DB.ListObjectives(ctx, v.Org.ID, store.ObjectiveFilter{PeriodID: o.PeriodID})
	if err != nil {
		return err
	}
	data := &krEditData{Form: form, Objective: o, Period: period, MoveTo: objectiveChoices(p, dir, objs, idSet(o.ID), nil), MoveErr: extras.MoveErr}
	data.NewInitiative = blankInitiativeForm(p, dir, kr)
	if extras.Initiative != nil {
		data.NewInitiative = *extras.Initiative
		fillInitiativeChoices(p, dir, &data.NewInitiative)
	}
	for _, in := range inits {
		row := initiativeRow{I: in}
		if in.OwnerPersonID != nil && dir.People[*in.OwnerPersonID] != nil {
			row.Owner = dir.People[*in.OwnerPersonID].Name
		}
		data.Initiatives = append(data.Initiatives, row)
	}
	m := kr.Metric
	data.Coach = coachFor(p).CheckKeyResult(coachKRDraft(kr.Title, &m))
	data.ToInitiativeErr = extras.ToInitiativeErr
	if !kr.Archived && slices.ContainsFunc(data.Coach, func(f coach.Finding) bool { return f.RuleID == coach.RuleKRIsActivity }) {
		siblings, err := s.DB.ListKeyResults(ctx, v.Org.ID, []int64{kr.ObjectiveID}, false)
		if err != nil {
			return err
		}
		for _, sb := range siblings {
			if sb.ID != kr.ID {
				data.ToInitiative = append(data.ToInitiative, Choice{Value: strconv.FormatInt(sb.ID, 10), Label: sb.Title})
			}
		}
	}
	return s.page(w, r, status, p, EditKRPage(p, data))
}

// krConflict compares the stored key result with the submitted one.
func (s *Server) krConflict(ctx context.Context, p *Page, theirs, mine okr.KeyResult) (*conflictView, error) {
	dir, err := s.loadDirectory(ctx, theirs.OrgID)
	if err != nil {
		return nil, err
	}
	c := &conflictView{}
	if c.Who, c.At, err = s.lastChange(ctx, dir, theirs.OrgID, "key_result", theirs.ID); err != nil {
		return nil, err
	}
	owner := func(o okr.Owner) string {
		if o.UnitID == nil && o.PersonID == nil {
			return p.L.T("edit.kr_owner_same")
		}
		return dir.Owner(o).Name
	}
	c.row(p.L.T("edit.f_title"), theirs.Title, mine.Title)
	c.row(p.L.T("edit.f_metric"), p.L.T("metric."+string(theirs.Metric.Kind)), p.L.T("metric."+string(mine.Metric.Kind)))
	c.row(p.L.T("word.start"), p.Val(theirs.Metric.Unit, theirs.Metric.Start), p.Val(mine.Metric.Unit, mine.Metric.Start))
	c.row(p.L.T("word.target"), p.Val(theirs.Metric.Unit, theirs.Metric.Target), p.Val(mine.Metric.Unit, mine.Metric.Target))
	c.row(p.L.T("word.owner"), owner(theirs.Owner), owner(mine.Owner))
	c.row(p.L.T("word.weight"), p.L.Number(theirs.Weight, 2), p.L.Number(mine.Weight, 2))
	c.row(p.L.T("edit.f_milestones"), milestoneTitles(theirs.Milestones), milestoneTitles(mine.Milestones))
	return c, nil
}

func milestoneTitles(ms []okr.Milestone) string {
	if len(ms) == 0 {
		return "–"
	}
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.Title
	}
	return strings.Join(parts, "; ")
}

// metricKindAttrs mark a metric kind's option with what the key result
// form does not ask for it, from the kind's own predicates: no number
// (start, target and unit hidden), no start, and milestones (their rows
// shown). The stylesheet hides and shows the fields by these attributes.
func metricKindAttrs(k okr.MetricKind) templ.Attributes {
	a := templ.Attributes{}
	if !k.IsNumeric() {
		a["data-no-number"] = true
	}
	if !k.HasStart() {
		a["data-no-start"] = true
	}
	if k == okr.MetricMilestones {
		a["data-milestones"] = true
	}
	return a
}
