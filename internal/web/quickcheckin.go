package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
)

// The quick check-in: a key result checked in where a page shows it (its
// panel on the objective page, its row among "needs check-in" on My OKRs,
// its line in a card on a unit's page) with the fields, the parser
// (checkInRow) and the store write (store.DB.CreateCheckIns) of the weekly
// check-in. It posts to /krs/{id}/checkin; htmx swaps the key result's
// panel, row or card with the updated one and announces the result in the
// page's status region, and without JavaScript the answer is a redirect
// back to the page (or, on an error, a page with the form and what was
// typed).

// Where a quick check-in is shown, and so what htmx swaps after a save.
const (
	quickPanel = "panel" // the objective page's KR panel
	quickDue   = "due"   // a row of "needs check-in" on My OKRs
	quickCard  = "card-" // a key result in an objective card, + its heading ("card-h3")
)

// quickState is a page's quick check-ins: the key results the viewer may
// check in on, where on the page they are shown, and the page to return to.
type quickState struct {
	may  map[int64]bool
	at   string // quickPanel, quickDue or quickCard
	back string
}

// quickCheckIn is one key result's quick check-in form.
type quickCheckIn struct {
	Row    *checkInRow
	At     string   // where it is shown: quickPanel, quickDue or quickCard + heading
	Back   string   // the local path the form returns to without JavaScript
	Error  string   // a problem with the whole form, translated
	Errors []string // each field with an error, named, and what is wrong
	Open   bool     // open the disclosure (it holds an error)
}

// quickFor is the quick check-in of k on a page that shows k at at, nil
// when the page has none there or the viewer may not check in on k.
func (p *Page) quickFor(k *view.KRView, at string) *quickCheckIn {
	q := p.quick
	if q == nil || !q.may[k.KR.ID] || !strings.HasPrefix(at, q.at) {
		return nil
	}
	row := quickRow(p, k)
	row.fillFromKR()
	return &quickCheckIn{Row: row, At: at, Back: q.back}
}

// quickRow is the check-in row of k for a quick check-in: one key result,
// so an empty value keeps the current one rather than skipping.
func quickRow(p *Page, k *view.KRView) *checkInRow {
	row := &checkInRow{K: k, Milestones: map[int64]bool{}, ValueHint: p.L.T("qci.value_first")}
	if k.KR.Current != nil {
		row.ValueHint = p.L.T("qci.value_hint")
	}
	return row
}

// errorList names each field of row with an error and says what is wrong,
// in the page's language ("New value: enter a number…").
func (row *checkInRow) errorList(p *Page) []string {
	var out []string
	if row.StaleErr != "" {
		out = append(out, row.StaleErr)
	}
	for _, e := range []struct{ label, err string }{
		{"checkin.new_value", row.ValueErr}, {"checkin.done_q", row.DoneErr},
		{"confidence.label", row.ConfidenceErr}, {"word.comment", row.CommentErr},
	} {
		if e.err != "" {
			out = append(out, p.L.T(e.label)+": "+e.err)
		}
	}
	return out
}

// quickSignature says which of o's key results carry a quick check-in on
// p ("" for none): part of the key of the objective page's cached panels,
// which hold the forms.
func (p *Page) quickSignature(o *view.ObjView) string {
	if p.quick == nil {
		return ""
	}
	var b strings.Builder
	for _, k := range o.KRs {
		if p.quick.may[k.KR.ID] {
			b.WriteString(idStr(k.KR.ID))
			b.WriteByte(',')
		}
	}
	return b.String()
}

// setQuick gives page p quick check-ins at at, returning to back, on every
// key result of objs the viewer may check in on: those okr.Actor.MayCheckIn
// allows (the store's rule, asked with the viewer's leads from the
// directory) in published objectives of an open period.
func (s *Server) setQuick(p *Page, dir *view.Directory, period *okr.Period, objs []*view.ObjView, at, back string) {
	v := p.Viewer
	q := &quickState{may: map[int64]bool{}, at: at, back: back}
	p.quick = q
	if v == nil || period.Closed {
		return
	}
	a := okr.Actor{PersonID: v.Person.ID, Role: v.Person.Role, Leads: map[int64]bool{},
		MembersCheckIn: v.Org.Settings.MembersCheckIn, MemberOf: map[int64]bool{}}
	if v.Person.UnitID != nil {
		a.MemberOf[*v.Person.UnitID] = true
	}
	lead := func(o okr.Owner) {
		if u := o.UnitID; u != nil && o.PersonID == nil {
			if _, asked := a.Leads[*u]; !asked {
				a.Leads[*u], _ = dir.LeadsUp(v.Person.ID, *u) // a unit not in the directory: not led
			}
		}
	}
	for _, o := range objs {
		if o.O.State != okr.StatePublished || o.O.Archived || o.Final {
			continue // a graded objective is final: nothing to check in
		}
		lead(o.O.Owner)
		for _, k := range o.KRs {
			lead(k.KR.Owner)
			if !k.KR.Archived && !k.Final && a.MayCheckIn(&k.KR, &o.O) {
				q.may[k.KR.ID] = true
			}
		}
	}
}

// dueObjectives are the objectives of krs, each once.
func dueObjectives(krs []*view.KRView) []*view.ObjView {
	var out []*view.ObjView
	seen := map[int64]bool{}
	for _, k := range krs {
		if !seen[k.Obj.O.ID] {
			seen[k.Obj.O.ID] = true
			out = append(out, k.Obj)
		}
	}
	return out
}

// localPath returns back when it is a path on this site ("/…", not "//…"
// and without a scheme or host), else def: the only places a form may send
// the browser back to.
func localPath(back, def string) string {
	if safeNext(back) != back {
		return def // safeNext's one rule for paths on this site
	}
	return back
}

// quickTarget is what a quick check-in's page shows of key result k: its
// objective as on the objective page (the board, the directory and the
// period), with the page's quick check-ins set.
type quickTarget struct {
	p      *Page
	board  *view.Board
	dir    *view.Directory
	o      *view.ObjView
	k      *view.KRView
	at     string
	back   string
	period okr.Period
}

// loadQuick loads key result id for a quick check-in posted from at.
func (s *Server) loadQuick(ctx context.Context, r *http.Request, id int64, at, back string) (*quickTarget, error) {
	v := mustViewer(r)
	kr, err := s.DB.GetKeyResult(ctx, v.Org.ID, id)
	if err != nil {
		return nil, err
	}
	obj, err := s.DB.GetObjective(ctx, v.Org.ID, kr.ObjectiveID)
	if err != nil {
		return nil, err
	}
	period, err := s.periodOf(ctx, v.Org.ID, obj.PeriodID)
	if err != nil {
		return nil, err
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return nil, err
	}
	b, err := s.objectiveBoard(ctx, v.Org.ID, period, dir, obj)
	if err != nil {
		return nil, err
	}
	t := &quickTarget{board: b, dir: dir, o: b.ByID[obj.ID], k: b.KRByID[id], at: at, back: back, period: period}
	if t.o == nil || t.k == nil {
		return nil, notFound()
	}
	t.p = s.newPage(r, "", "", nil)
	t.p.Title = kr.Title
	scope := at
	if strings.HasPrefix(at, quickCard) {
		scope = quickCard
	}
	s.setQuick(t.p, dir, &period, []*view.ObjView{t.o}, scope, back)
	return t, nil
}

// quickCheckInSave saves a quick check-in of one key result. Someone who
// may not check in on it gets 403 whatever they posted. A form with an
// error comes back with what was typed: for htmx in place of the form,
// else on a page of its own. A saved check-in answers htmx with the key
// result's panel, row or card as it is now and a status message, and
// redirects anyone else back to the page the form was on.
func (s *Server) quickCheckInSave(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return okr.Errorf(okr.EBADREQUEST, "unreadable form")
	}
	ctx := r.Context()
	v := mustViewer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound()
	}
	at := r.PostForm.Get("at")
	switch h, card := strings.CutPrefix(at, quickCard); {
	case card && h != "h2" && h != "h4":
		at = quickCard + "h3" // ObjCard's default heading
	case !card && at != quickDue:
		at = quickPanel
	}
	t, err := s.loadQuick(ctx, r, id, at, "")
	if err != nil {
		return err
	}
	t.back = localPath(r.PostForm.Get("back"), string(objURL(t.o.O.ID)))
	t.p.quick.back = t.back
	if !t.p.quick.may[id] {
		return okr.Errorf(okr.EFORBIDDEN, "you may not check in on this key result")
	}
	p := t.p
	row := quickRow(p, t.k)
	q := &quickCheckIn{Row: row, At: at, Back: t.back, Open: true}
	ci, touched := row.read(p, r.PostForm)
	switch {
	case row.hasError():
		q.Error, q.Errors = p.L.T("qci.fix"), row.errorList(p)
	case !touched:
		q.Error = p.L.T("qci.nothing")
	}
	if q.Error == "" {
		asked, err := s.askDoubts(ctx, p, v.Org.ID, []*checkInRow{row}, []okr.CheckIn{ci})
		if err != nil {
			return err
		}
		if asked {
			q.Error, q.Errors = p.L.T("checkin.confirm_needed"), []string{row.Doubt}
		}
	}
	if q.Error != "" {
		return s.quickAnswer(w, r, q, http.StatusUnprocessableEntity)
	}
	ci.AuthorID = v.Person.ID
	if _, err := s.DB.CreateCheckIns(ctx, v.Actor(), []okr.CheckIn{ci}); err != nil {
		code := errorCode(err)
		if code != okr.EINVALID {
			return err
		}
		q.Error = p.errorText(err)
		return s.quickAnswer(w, r, q, http.StatusUnprocessableEntity)
	}
	if !isHX(r) {
		s.setNotice(r, "qci.saved_plain")
		http.Redirect(w, r, t.back+"#"+quickAnchor(at, id), http.StatusSeeOther)
		return nil
	}
	// Reload what the page shows of the key result.
	t, err = s.loadQuick(ctx, r, id, at, t.back)
	if err != nil {
		return err
	}
	f, err := s.quickShown(ctx, t)
	if err != nil {
		return err
	}
	return s.fragment(w, r, http.StatusOK, t.p, QuickSaved(t.p, f, t.p.L.T("qci.saved", "Title", t.k.KR.Title)))
}

// quickAnchor is the element a page without JavaScript scrolls to after
// a save: the key result's panel, row or form.
func quickAnchor(at string, id int64) string {
	switch at {
	case quickPanel:
		return "kr-" + idStr(id)
	case quickDue:
		return "due-" + idStr(id)
	}
	return "qci-" + idStr(id)
}

// quickShown is the updated part of the page a quick check-in was made
// on: the KR's panel, its row or its objective's card.
func (s *Server) quickShown(ctx context.Context, t *quickTarget) (quickFragment, error) {
	switch {
	case t.at == quickDue:
		return quickFragment{due: t.k}, nil
	case strings.HasPrefix(t.at, quickCard):
		return quickFragment{card: t.o, heading: strings.TrimPrefix(t.at, quickCard)}, nil
	}
	det, err := s.view().Details(ctx, t.o)
	if err != nil {
		return quickFragment{}, err
	}
	for _, d := range t.p.krDetails(t.board, t.dir, t.o, det) {
		if d.KR.ID == t.k.KR.ID {
			return quickFragment{panel: d, obj: t.o}, nil
		}
	}
	return quickFragment{}, notFound()
}

// quickFragment is one of the parts QuickSaved draws.
type quickFragment struct {
	panel   *krDetail
	obj     *view.ObjView
	due     *view.KRView
	card    *view.ObjView
	heading string
}

// quickAnswer shows a quick check-in form with its errors: in place of
// the form for htmx (HX-Retarget), else on a page of its own.
func (s *Server) quickAnswer(w http.ResponseWriter, r *http.Request, q *quickCheckIn, status int) error {
	p := s.newPage(r, "", "", nil)
	p.Title = q.Row.K.KR.Title
	p.quick = &quickState{}
	if isHX(r) {
		w.Header().Set("HX-Retarget", "#qci-"+idStr(q.Row.K.KR.ID))
		w.Header().Set("HX-Reswap", "outerHTML")
		return s.fragment(w, r, status, p, QuickCheckInForm(p, q))
	}
	return s.page(w, r, status, p, QuickCheckInPage(p, q))
}

// registeredBy says that author registered a check-in for owner:
// "Registered by Julie Hansen for Erik Nilsen".
func (p *Page) registeredBy(author, owner string) string {
	return p.L.T("registered.by", "Name", author) + " " + p.L.T("registered.for", "Name", owner)
}

// ownerLabel is the name of a person or unit owner, "–" when the directory
// does not know it.
func ownerLabel(dir *view.Directory, o *okr.Owner) string {
	switch {
	case o == nil:
	case o.PersonID != nil && dir.People[*o.PersonID] != nil:
		return dir.People[*o.PersonID].Name
	case o.UnitID != nil && dir.Units[*o.UnitID] != nil:
		return dir.Units[*o.UnitID].Name
	}
	return "–"
}
