package web

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// checkInData is the weekly check-in form: every key result the viewer
// checks in, grouped by objective.
type checkInData struct {
	Period  okr.Period
	Groups  []*checkInGroup
	Count   int
	Error   string // a page-level problem, already translated
	Saved   int    // key results saved by the last submit
	Skipped int    // key results the last submit left untouched
	Invalid bool
	// UnitID narrows the list to what a unit owns; nil for the viewer's own.
	UnitID *int64
	// Units are the choices of the unit filter, offered to admins only.
	Units []Choice
	// Hint is the coach's word on the viewer's past confidences
	// (view.Model.CallHint); its Kind is "" when there is none.
	Hint okr.CallHint
}

type checkInGroup struct {
	O    *view.ObjView
	Rows []*checkInRow
}

// checkInRow is one key result's part of the form: what its fields hold
// (the key result's state, or what was typed) and what they held when the
// form was shown (the Shown fields, posted back in hidden fields). A row
// whose fields still hold what was shown is untouched: it is neither
// required nor saved.
type checkInRow struct {
	K          *view.KRView
	Value      string
	Done       string // yes/no: "1", "0", or "" when nothing is chosen
	Milestones map[int64]bool
	Confidence string // "" when nothing is chosen
	Comment    string

	ShownDone       string
	ShownConfidence string
	ShownMilestones string // the ids of the milestones shown done, comma-separated
	// ShownLast is the KR's last check-in when the form was shown
	// (lastStamp): a check-in someone saved since makes the row stale.
	ShownLast string
	// ValueHint replaces the value field's hint when set.
	ValueHint string

	ValueErr      string
	DoneErr       string
	ConfidenceErr string
	CommentErr    string
	// StaleErr says that someone checked in on the KR after the form was
	// shown: the row keeps what was typed and is saved on the next submit.
	StaleErr string
	// Doubt asks whether a new value is right (okr.DoubtValue: a jump to
	// done, a step off the key result's trend, far out of range); the row
	// is saved once Confirmed, the box by the question, is ticked.
	Doubt     string
	Confirmed bool
}

func (s *Server) checkInPage(w http.ResponseWriter, r *http.Request) error {
	p, data, err := s.checkInForm(r)
	if err != nil {
		return err
	}
	if data.Period.ID != 0 {
		for _, g := range data.Groups {
			for _, row := range g.Rows {
				row.fillFromKR()
			}
		}
	}
	s.popCheckInResult(r, data)
	return s.page(w, r, http.StatusOK, p, CheckInPage(p, data))
}

// checkInForm loads the key results of the form: those the store lists
// for the viewer (store.DB.KeyResultsToCheckIn, the rule of
// okr.Actor.MayCheckIn), of published objectives that are not closed,
// grouped by objective. The "unit" parameter narrows the list to what a
// unit owns; admins pick it on the page to check in for any unit.
func (s *Server) checkInForm(r *http.Request) (*Page, *checkInData, error) {
	ctx := r.Context()
	v := mustViewer(r)
	data := &checkInData{}
	p := s.newPage(r, "checkin", "checkin.title", data)
	period, _, err := s.pickPeriod(ctx, r, v.Org.ID)
	if err != nil || period.ID == 0 {
		return p, data, err
	}
	data.Period = period
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return nil, nil, err
	}
	if id, err := strconv.ParseInt(r.URL.Query().Get("unit"), 10, 64); err == nil && dir.Units[id] != nil {
		data.UnitID = &id
	}
	if v.Person.Role == okr.RoleAdmin {
		data.Units = unitChoices(dir, data.UnitID, p.L.T("checkin.unit_mine"))
	}
	periods, err := s.listPeriods(ctx, v.Org.ID)
	if err != nil {
		return nil, nil, err
	}
	if data.Hint, err = s.view().CallHint(ctx, v.Org.ID, v.Person.ID, periods, p.Now); err != nil {
		return nil, nil, err
	}
	list, err := s.DB.KeyResultsToCheckIn(ctx, v.Actor(), period.ID, data.UnitID)
	if err != nil || len(list) == 0 {
		return p, data, err
	}
	krs := make(map[int64]bool, len(list))
	var objIDs []int64
	for _, k := range list {
		krs[k.KeyResultID] = true
		if n := len(objIDs); n == 0 || objIDs[n-1] != k.ObjectiveID {
			objIDs = append(objIDs, k.ObjectiveID)
		}
	}
	f := store.ObjectiveFilter{PeriodID: period.ID, IDs: objIDs, State: okr.StatePublished}
	b, _, err := s.loadIndexedBoard(ctx, v.Org.ID, period, dir, f)
	if err != nil {
		return nil, nil, err
	}
	for _, o := range b.Objs {
		var g *checkInGroup
		for _, k := range o.KRs {
			if !krs[k.KR.ID] {
				continue
			}
			if g == nil {
				g = &checkInGroup{O: o}
				data.Groups = append(data.Groups, g)
			}
			g.Rows = append(g.Rows, &checkInRow{K: k, Milestones: map[int64]bool{}})
			data.Count++
		}
	}
	return p, data, nil
}

// fillFromKR shows the KR's latest state: an empty value field (blank means
// "skip"), yes/no and milestones as they are, and the latest confidence as
// the starting point. A KR never checked in has no yes/no and no confidence
// chosen: nothing is chosen for the person that they did not choose.
func (row *checkInRow) fillFromKR() {
	kr := &row.K.KR
	row.Done = ""
	if kr.Current != nil {
		row.Done = boolField(*kr.Current >= 1)
	}
	for _, m := range kr.Milestones {
		row.Milestones[m.ID] = m.Done
	}
	row.Confidence = string(kr.Confidence)
	row.ShownDone, row.ShownConfidence, row.ShownMilestones = row.Done, row.Confidence, row.milestonesDone()
	row.ShownLast = lastStamp(kr)
}

// lastStamp is when kr was last checked in, in microseconds ("" for
// never): what a form remembers to notice a check-in saved meanwhile.
func lastStamp(kr *okr.KeyResult) string {
	if kr.LastCheckInAt == nil {
		return ""
	}
	return strconv.FormatInt(kr.LastCheckInAt.UnixMicro(), 10)
}

// milestonesDone lists the ids of the milestones the row holds done, in the
// KR's order.
func (row *checkInRow) milestonesDone() string {
	var ids []string
	for _, m := range row.K.KR.Milestones {
		if row.Milestones[m.ID] {
			ids = append(ids, strconv.FormatInt(m.ID, 10))
		}
	}
	return strings.Join(ids, ",")
}

func boolField(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// sessCheckIn* carry the counts of a check-in saved without JavaScript to
// the form shown after the redirect.
const (
	sessCheckInSaved   = "checkin_saved"
	sessCheckInSkipped = "checkin_skipped"
)

func (s *Server) putCheckInResult(r *http.Request, saved, skipped int) {
	if s.sessions != nil {
		s.sessions.Put(r.Context(), sessCheckInSaved, saved)
		s.sessions.Put(r.Context(), sessCheckInSkipped, skipped)
	}
}

func (s *Server) popCheckInResult(r *http.Request, data *checkInData) {
	if s.sessions != nil && s.sessions.Exists(r.Context(), sessCheckInSaved) {
		data.Saved = s.sessions.PopInt(r.Context(), sessCheckInSaved)
		data.Skipped = s.sessions.PopInt(r.Context(), sessCheckInSkipped)
	}
}

// checkInSave saves every key result of the form that has something new in
// one request (one transaction). Without JavaScript it redirects back to the
// form with a notice; for htmx it answers with the refreshed form.
func (s *Server) checkInSave(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return okr.Errorf(okr.EBADREQUEST, "unreadable form")
	}
	p, data, err := s.checkInForm(r)
	if err != nil {
		return err
	}
	v := mustViewer(r)
	var batch []okr.CheckIn
	var batchRows []*checkInRow
	for _, g := range data.Groups {
		for _, row := range g.Rows {
			ci, touched := row.read(p, r.PostForm)
			switch {
			case row.hasError():
				data.Invalid = true
			case touched:
				ci.AuthorID = v.Person.ID
				batch = append(batch, ci)
				batchRows = append(batchRows, row)
			}
		}
	}
	switch {
	case data.Invalid:
		data.Error = p.L.T("checkin.fix_errors")
	case len(batch) == 0:
		data.Error = p.L.T("checkin.nothing")
	default:
		asked, err := s.askDoubts(r.Context(), p, v.Org.ID, batchRows, batch)
		if err != nil {
			return err
		}
		if asked {
			data.Error = p.L.T("checkin.confirm_needed")
		}
	}
	if data.Error != "" {
		return s.checkInAnswer(w, r, p, data, http.StatusUnprocessableEntity)
	}
	if _, err := s.DB.CreateCheckIns(r.Context(), v.Actor(), batch); err != nil {
		code := errorCode(err)
		if code != okr.EINVALID && code != okr.EFORBIDDEN {
			return err
		}
		data.Error = p.errorText(err)
		return s.checkInAnswer(w, r, p, data, okr.HTTPStatus(code))
	}
	skipped := data.Count - len(batch)
	if !isHX(r) {
		s.putCheckInResult(r, len(batch), skipped)
		http.Redirect(w, r, "/checkin"+checkInQuery(r), http.StatusSeeOther)
		return nil
	}
	// Reload so that the form shows the saved state.
	p2, data2, err := s.checkInForm(r)
	if err != nil {
		return err
	}
	for _, g := range data2.Groups {
		for _, row := range g.Rows {
			row.fillFromKR()
		}
	}
	data2.Saved, data2.Skipped = len(batch), skipped
	return s.fragment(w, r, http.StatusOK, p2, CheckInForm(p2, data2))
}

// checkInAnswer re-shows the form with its errors: the fragment for htmx,
// the whole page otherwise.
func (s *Server) checkInAnswer(w http.ResponseWriter, r *http.Request, p *Page, data *checkInData, status int) error {
	if isHX(r) {
		return s.fragment(w, r, status, p, CheckInForm(p, data))
	}
	return s.page(w, r, status, p, CheckInPage(p, data))
}

// checkInQuery is the request's choice of period and unit as a query
// string, "" for neither.
func checkInQuery(r *http.Request) string {
	q := url.Values{}
	for _, name := range []string{"period", "unit"} {
		if v := r.URL.Query().Get(name); v != "" {
			q.Set(name, v)
		}
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// read takes the row's fields from the form, keeps them for re-display and
// says whether the person touched the row: typed a value or a comment, or
// chose a confidence, a yes/no or milestones other than the form showed.
// An untouched row is skipped whatever it holds. A touched row becomes a
// check-in, with an error by each field it still lacks (a first check-in
// needs a value and a confidence).
func (row *checkInRow) read(p *Page, form url.Values) (okr.CheckIn, bool) {
	kr := &row.K.KR
	id := strconv.FormatInt(kr.ID, 10)
	row.fillFromKR() // the shown state of a post without it
	row.readShown(form, id)
	row.Value = strings.TrimSpace(form.Get("value-" + id))
	row.Comment = strings.TrimSpace(form.Get("comment-" + id))
	row.Confirmed = form.Get(confirmField(kr.ID)) == "1"
	if c := okr.Confidence(form.Get("confidence-" + id)); slices.Contains(okr.Confidences, c) {
		row.Confidence = string(c)
	}
	touched := row.Value != "" || row.Comment != "" || row.Confidence != row.ShownConfidence
	switch kr.Metric.Kind {
	case okr.MetricBoolean:
		if v := form.Get("done-" + id); v == "1" || v == "0" {
			row.Done = v
		}
		touched = touched || row.Done != row.ShownDone
	case okr.MetricMilestones:
		if _, ok := form["milestones-"+id]; ok { // the list was in the form
			for _, m := range kr.Milestones {
				row.Milestones[m.ID] = slices.Contains(form["milestone-"+id], strconv.FormatInt(m.ID, 10))
			}
		}
		touched = touched || row.milestonesDone() != row.ShownMilestones
	}
	if !touched {
		return okr.CheckIn{}, false
	}
	if shown, ok := form["shown-last-"+id]; ok && shown[0] != lastStamp(kr) {
		// Someone checked in since the form was shown: what they saved
		// would be overwritten unseen. Keep what was typed, show the KR as
		// it is now, and save on the next submit.
		row.StaleErr = p.L.T("checkin.changed_meanwhile", "Value", p.Current(kr))
		done, confidence, milestones := row.Done, row.Confidence, maps.Clone(row.Milestones)
		row.fillFromKR()
		row.Done, row.Confidence, row.Milestones = done, confidence, milestones
	}
	return row.checkIn(p), true
}

// readShown takes what the form showed from its hidden fields, when posted.
func (row *checkInRow) readShown(form url.Values, id string) {
	if v, ok := form["shown-confidence-"+id]; ok {
		row.ShownConfidence = v[0]
		row.Confidence = v[0]
	}
	if v, ok := form["shown-done-"+id]; ok {
		row.ShownDone = v[0]
		row.Done = v[0]
	}
	if v, ok := form["shown-milestones-"+id]; ok {
		row.ShownMilestones = v[0]
	}
}

// checkIn is the check-in of a touched row, noting each missing or bad
// field in the row.
func (row *checkInRow) checkIn(p *Page) okr.CheckIn {
	kr := &row.K.KR
	ci := okr.CheckIn{KeyResultID: kr.ID, Comment: row.Comment, Confidence: okr.Confidence(row.Confidence)}
	if row.Confidence == "" {
		row.ConfidenceErr = p.L.T("checkin.choose_confidence")
	}
	if n := utf8.RuneCountInString(row.Comment); n > okr.MaxCommentLen {
		row.CommentErr = p.L.T("err.too_long", "Len", n, "Max", okr.MaxCommentLen)
	}
	switch kr.Metric.Kind {
	case okr.MetricBoolean:
		if row.Done == "" {
			row.DoneErr = p.L.T("checkin.choose_done")
		}
		ci.Value = b2f(row.Done == "1")
		return ci
	case okr.MetricMilestones:
		for _, m := range kr.Milestones {
			if row.Milestones[m.ID] {
				ci.MilestonesDone = append(ci.MilestonesDone, m.ID)
				ci.Value++
			}
		}
		return ci
	}
	switch {
	case row.Value != "":
		val, ok := parseNumber(row.Value, p.Lang)
		if !ok {
			row.ValueErr = p.L.T("err.not_a_number")
		}
		ci.Value = val
	case kr.Current != nil: // a new confidence or comment on the same value
		ci.Value = *kr.Current
	default:
		row.ValueErr = p.L.T("err.required")
	}
	return ci
}

func (row *checkInRow) hasError() bool {
	return row.ValueErr != "" || row.DoneErr != "" || row.ConfidenceErr != "" || row.CommentErr != "" || row.StaleErr != ""
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// errorText translates an okr.Error for the page: its own message key when
// translated, else the generic message of its code.
func (p *Page) errorText(err error) string {
	var oe *okr.Error
	var ve okr.ValidationErrors
	if errors.As(err, &ve) && len(ve) > 0 {
		oe = ve[0]
	} else if !errors.As(err, &oe) {
		oe = nil
	}
	if oe != nil && oe.Key != "" && p.L.Has(oe.Key) {
		return p.L.T(oe.Key, argsKV(oe.Args)...)
	}
	return p.L.T("error." + errorCode(err))
}

// hintScores are the grades a coach hint rests on, as percentages.
func hintScores(p *Page, h okr.CallHint) string {
	parts := make([]string, len(h.Calls))
	for i, c := range h.Calls {
		parts[i] = p.L.Percent(c.Score, 0)
	}
	return strings.Join(parts, ", ")
}
