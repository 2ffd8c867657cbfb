package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
)

// checkInData is the weekly check-in form: every key result the viewer
// checks in, grouped by objective.
type checkInData struct {
	Period  okr.Period
	Groups  []*checkInGroup
	Count   int
	Error   string // a page-level problem, already translated
	Saved   int    // key results saved by the last submit (htmx answer)
	Invalid bool
}

type checkInGroup struct {
	O    *view.ObjView
	Rows []*checkInRow
}

// checkInRow is one key result's part of the form, with what the form
// shows in its fields (the latest check-in, or what was typed).
type checkInRow struct {
	K          *view.KRView
	Value      string
	Done       bool
	Milestones map[int64]bool
	Confidence string
	Comment    string
	ValueErr   string
	CommentErr string
}

func (s *Server) checkInPage(w http.ResponseWriter, r *http.Request) error {
	p, data, err := s.checkInForm(r)
	if err != nil {
		return err
	}
	if data.Period.ID != 0 {
		for _, g := range data.Groups {
			for _, row := range g.Rows {
				row.fillFromKR(p)
			}
		}
	}
	return s.page(w, r, http.StatusOK, p, CheckInPage(p, data))
}

// checkInForm loads the key results of the form.
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
	f, err := s.view().ViewerFilter(ctx, v.Org.ID, v.Person, dir, period, false)
	if err != nil {
		return nil, nil, err
	}
	f.State = okr.StatePublished
	b, _, err := s.loadIndexedBoard(ctx, v.Org.ID, period, dir, f)
	if err != nil {
		return nil, nil, err
	}
	var cur *checkInGroup
	for _, k := range checkInKRs(b, dir, v.Person.ID) {
		if cur == nil || cur.O != k.Obj {
			cur = &checkInGroup{O: k.Obj}
			data.Groups = append(data.Groups, cur)
		}
		cur.Rows = append(cur.Rows, &checkInRow{K: k, Milestones: map[int64]bool{}})
		data.Count++
	}
	return p, data, nil
}

// fillFromKR shows the KR's latest state: an empty value field (blank means
// "skip"), yes/no and milestones as they are, the latest confidence.
func (row *checkInRow) fillFromKR(p *Page) {
	kr := &row.K.KR
	row.Done = kr.Current != nil && *kr.Current >= 1
	for _, m := range kr.Milestones {
		row.Milestones[m.ID] = m.Done
	}
	row.Confidence = string(kr.Confidence)
	if row.Confidence == "" {
		row.Confidence = string(okr.OnTrack)
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
	for _, g := range data.Groups {
		for _, row := range g.Rows {
			ci, include := row.read(p, r.PostForm)
			if include && row.ValueErr == "" && row.CommentErr == "" {
				ci.AuthorID = v.Person.ID
				batch = append(batch, ci)
			}
			if row.ValueErr != "" || row.CommentErr != "" {
				data.Invalid = true
			}
		}
	}
	switch {
	case data.Invalid:
		data.Error = p.L.T("checkin.fix_errors")
	case len(batch) == 0:
		data.Error = p.L.T("checkin.nothing")
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
	if !isHX(r) {
		s.setNotice(r, "checkin.saved")
		http.Redirect(w, r, "/checkin"+periodQuery(r), http.StatusSeeOther)
		return nil
	}
	// Reload so that the form shows the saved state.
	p2, data2, err := s.checkInForm(r)
	if err != nil {
		return err
	}
	for _, g := range data2.Groups {
		for _, row := range g.Rows {
			row.fillFromKR(p2)
		}
	}
	data2.Saved = len(batch)
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

func periodQuery(r *http.Request) string {
	if id := r.URL.Query().Get("period"); id != "" {
		return "?period=" + url.QueryEscape(id)
	}
	return ""
}

// read takes the row's fields from the form, keeps them for re-display and
// says whether the KR gets a check-in: a typed value, a changed yes/no or
// milestone, a changed confidence or a comment.
func (row *checkInRow) read(p *Page, form url.Values) (okr.CheckIn, bool) {
	kr := &row.K.KR
	id := strconv.FormatInt(kr.ID, 10)
	row.Value = strings.TrimSpace(form.Get("value-" + id))
	row.Comment = strings.TrimSpace(form.Get("comment-" + id))
	row.Confidence = form.Get("confidence-" + id)
	ci := okr.CheckIn{KeyResultID: kr.ID, Comment: row.Comment, Confidence: okr.Confidence(row.Confidence)}
	switch row.Confidence {
	case string(okr.OnTrack), string(okr.AtRisk), string(okr.OffTrack):
	default: // not sent: keep the latest confidence
		ci.Confidence = kr.Confidence
		if ci.Confidence == "" {
			ci.Confidence = okr.OnTrack
		}
		row.Confidence = string(ci.Confidence)
	}
	if n := utf8.RuneCountInString(row.Comment); n > okr.MaxCommentLen {
		row.CommentErr = p.L.T("err.too_long", "Len", n, "Max", okr.MaxCommentLen)
	}
	talked := row.Comment != "" || ci.Confidence != kr.Confidence
	switch kr.Metric.Kind {
	case okr.MetricBoolean:
		was := kr.Current != nil && *kr.Current >= 1
		row.Done = was
		if v := form.Get("done-" + id); v != "" {
			row.Done = v == "1"
		}
		ci.Value = b2f(row.Done)
		return ci, talked || row.Done != was
	case okr.MetricMilestones:
		if form.Get("milestones-"+id) == "" { // the list was not in the form
			for _, m := range kr.Milestones {
				row.Milestones[m.ID] = m.Done
				if m.Done {
					ci.MilestonesDone = append(ci.MilestonesDone, m.ID)
					ci.Value++
				}
			}
			return ci, talked
		}
		checked := map[string]bool{}
		for _, s := range form["milestone-"+id] {
			checked[s] = true
		}
		changed := false
		for _, m := range kr.Milestones {
			done := checked[strconv.FormatInt(m.ID, 10)]
			row.Milestones[m.ID] = done
			if done {
				ci.MilestonesDone = append(ci.MilestonesDone, m.ID)
				ci.Value++
			}
			changed = changed || done != m.Done
		}
		return ci, talked || changed
	}
	if row.Value == "" {
		if !talked {
			return ci, false
		}
		if kr.Current == nil {
			row.ValueErr = p.L.T("err.required")
			return ci, true
		}
		ci.Value = *kr.Current
		return ci, true
	}
	val, ok := parseNumber(row.Value, p.Lang)
	if !ok {
		row.ValueErr = p.L.T("err.not_a_number")
		return ci, true
	}
	ci.Value = val
	return ci, true
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

// errorCode is okr.ErrorCode, also reading okr.ValidationErrors as invalid.
func errorCode(err error) string {
	var ve okr.ValidationErrors
	if errors.As(err, &ve) {
		return okr.EINVALID
	}
	return okr.ErrorCode(err)
}
