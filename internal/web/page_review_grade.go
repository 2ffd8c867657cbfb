package web

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// gradeTolerance is how far a score may differ from the suggested one
// without a note: half a percentage point, as the store checks.
const gradeTolerance = 0.005

// gradeData is the grading form of one objective: each key result with
// its suggested score prefilled (or its grade), a note where the score
// differs, the objective's score and verdict as they stand, and the
// reflection.
type gradeData struct {
	Obj        *reviewObj
	Period     okr.Period
	Rows       []*gradeRow
	Reflection string
	Close      bool
	Errs       FieldErrors
	Conflict   *conflictView
	Action     string
}

// gradeRow is one key result of the form.
type gradeRow struct {
	K     *reviewKR
	Score string // as typed, in percent
	Note  string
	// Version is the version of the grade the form was shown with (0 for
	// none): saving replaces only that grade.
	Version int64
}

// ScoreField, NoteField and VersionField are the form names of a row's
// fields.
func (g *gradeRow) ScoreField() string   { return "score-" + strconv.FormatInt(g.K.KR.ID, 10) }
func (g *gradeRow) NoteField() string    { return "note-" + strconv.FormatInt(g.K.KR.ID, 10) }
func (g *gradeRow) VersionField() string { return "grade-version-" + strconv.FormatInt(g.K.KR.ID, 10) }

// gradeContext loads the objective of the path in the period of the path,
// scored, and checks that the viewer may grade it.
func (s *Server) gradeContext(r *http.Request, p *Page) (*reviewObj, okr.Period, error) {
	ctx := r.Context()
	v := mustViewer(r)
	pid, err1 := strconv.ParseInt(r.PathValue("pid"), 10, 64)
	id, err2 := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err1 != nil || err2 != nil {
		return nil, okr.Period{}, notFound()
	}
	obj, err := s.editableObjective(r)
	if err != nil {
		return nil, okr.Period{}, err
	}
	if obj.PeriodID != pid || obj.ID != id {
		return nil, okr.Period{}, notFound()
	}
	period, err := s.DB.GetPeriod(ctx, v.Org.ID, pid)
	if err != nil {
		return nil, period, err
	}
	ro, err := s.scoredObjective(ctx, p, period, obj)
	return ro, period, err
}

// scoredObjective builds the review view of one objective: its key results
// (one query), their grades (one query) and its score.
func (s *Server) scoredObjective(ctx context.Context, p *Page, period okr.Period, obj okr.Objective) (*reviewObj, error) {
	v := p.Viewer
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return nil, err
	}
	krs, err := s.DB.ListKeyResults(ctx, v.Org.ID, []int64{obj.ID}, false)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(krs))
	for i := range krs {
		ids[i] = krs[i].ID
	}
	grades, err := s.DB.ListGrades(ctx, v.Org.ID, ids)
	if err != nil {
		return nil, err
	}
	b := view.NewBoard(period, s.now(), dir, []okr.Objective{obj}, krs)
	ro := p.reviewObjective(b.ByID[obj.ID], grades)
	ro.CanGrade = true
	return ro, nil
}

func (s *Server) gradePage(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "review", "review.grade_title", nil)
	ro, period, err := s.gradeContext(r, p)
	if err != nil {
		return err
	}
	data := &gradeData{Obj: ro, Period: period, Reflection: ro.O.Reflection, Close: ro.O.State == okr.StateClosed, Errs: FieldErrors{}}
	data.Action = reviewObjHref(period.ID, ro.O.ID)
	for _, k := range ro.KRs {
		row := &gradeRow{K: k, Score: p.L.Number(k.Score()*100, 1)}
		if k.Grade != nil {
			row.Note, row.Version = k.Grade.Note, k.Grade.Version
		}
		data.Rows = append(data.Rows, row)
	}
	return s.page(w, r, http.StatusOK, p, GradePage(p, data))
}

func reviewObjHref(pid, id int64) string {
	return "/review/" + strconv.FormatInt(pid, 10) + "/objectives/" + strconv.FormatInt(id, 10)
}

// readGrades reads the form's scores and notes into grades (one per key
// result; Version is the version of the grade the form replaces) and
// reports each problem by its field: a score outside 0–100 %, or a score
// that differs from the suggestion without a note.
func readGrades(f *form, ro *reviewObj, data *gradeData) []okr.Grade {
	var out []okr.Grade
	for _, k := range ro.KRs {
		row := &gradeRow{K: k}
		row.Score, row.Note, row.Version = f.str(row.ScoreField()), f.str(row.NoteField()), f.id(row.VersionField())
		data.Rows = append(data.Rows, row)
		score, ok := f.percent(row.ScoreField(), true)
		if !ok {
			continue
		}
		if math.Abs(score-k.Suggested) > gradeTolerance && row.Note == "" {
			f.fail(row.NoteField(), "review.err_note", "Suggested", f.page.L.Pct(k.Suggested))
		}
		out = append(out, okr.Grade{KeyResultID: k.KR.ID, Score: score, Note: row.Note, Version: row.Version})
	}
	data.Reflection, data.Close = f.raw("reflection"), f.has("close")
	return out
}

func (s *Server) saveGrades(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	p := s.newPage(r, "review", "review.grade_title", nil)
	ro, period, err := s.gradeContext(r, p)
	if err != nil {
		return err
	}
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	data := &gradeData{Obj: ro, Period: period, Action: reviewObjHref(period.ID, ro.O.ID)}
	grades := readGrades(f, ro, data)
	if !f.ok() {
		p.withTypedScores(ro, grades) // show the score the typed grades give
	}
	if f.ok() {
		err := s.storeGrades(ctx, v.Actor(), ro, grades)
		gradeLost := okr.ErrorCode(err) == okr.ESTALE
		if err == nil {
			err = s.storeReflection(ctx, v.Actor(), ro.O, data.Reflection, data.Close, f.version())
		}
		switch {
		case err == nil:
			s.setNotice(r, "review.saved")
			return redirect(w, r, "/review?period="+strconv.FormatInt(period.ID, 10)+"#obj-"+strconv.FormatInt(ro.O.ID, 10))
		case gradeLost: // someone else graded a key result since the form was shown
			p.Error = p.L.T("review.grades_stale")
		case okr.ErrorCode(err) == okr.ESTALE:
			p.Error = p.L.T("review.stale")
		case !f.addError(err, map[string]string{"reflection": "reflection", "state": "_"}):
			return err
		}
		// Grades saved before the failure are in; show the state as stored.
		fresh, gerr := s.scoredObjective(ctx, p, period, ro.O)
		if gerr != nil {
			return gerr
		}
		data.Obj = fresh
		if gradeLost {
			if data.Conflict, err = s.gradeConflict(ctx, p, fresh, data.Rows); err != nil {
				return err
			}
		}
	}
	data.Errs = f.errs
	if p.Error == "" {
		p.Error = s.formProblem(p, f)
	}
	return s.page(w, r, conflictStatus(r, data.Conflict), p, GradePage(p, data))
}

// gradeConflict compares the grades stored now with the ones just typed,
// key result by key result, and moves each row to the stored grade's
// version, so that saving the form again replaces them knowingly.
func (s *Server) gradeConflict(ctx context.Context, p *Page, fresh *reviewObj, rows []*gradeRow) (*conflictView, error) {
	dir, err := s.loadDirectory(ctx, fresh.O.OrgID)
	if err != nil {
		return nil, err
	}
	c := &conflictView{}
	var latest time.Time
	for _, k := range fresh.KRs {
		if k.Grade != nil && k.Grade.At.After(latest) {
			latest = k.Grade.At
			c.At = k.Grade.At
			c.Who = ""
			if person := dir.People[k.Grade.GradedBy]; person != nil {
				c.Who = person.Name
			}
		}
	}
	byKR := map[int64]*reviewKR{}
	for _, k := range fresh.KRs {
		byKR[k.KR.ID] = k
	}
	for _, row := range rows {
		k := byKR[row.K.KR.ID]
		if k == nil {
			continue
		}
		theirs := p.L.Pct(k.Suggested) + " (" + p.L.T("review.suggested_short") + ")"
		row.Version = 0
		if k.Grade != nil {
			theirs = p.L.Pct(k.Grade.Score) + noteSuffix(k.Grade.Note)
			row.Version = k.Grade.Version
		}
		mine := row.Score
		if x, ok := parseNumber(row.Score, p.Lang); ok {
			mine = p.L.Percent(x/100, 1)
		}
		c.row(k.KR.Title, theirs, mine+noteSuffix(row.Note))
	}
	return c, nil
}

func noteSuffix(note string) string {
	if note == "" {
		return ""
	}
	return " — " + note
}

// storeGrades saves the grades that changed, each replacing the version
// it was read at (ESTALE when someone else graded it since).
func (s *Server) storeGrades(ctx context.Context, actor store.Actor, ro *reviewObj, grades []okr.Grade) error {
	byKR := map[int64]*reviewKR{}
	for _, k := range ro.KRs {
		byKR[k.KR.ID] = k
	}
	for _, g := range grades {
		if old := byKR[g.KeyResultID].Grade; old != nil && math.Abs(old.Score-g.Score) < 1e-9 && old.Note == g.Note {
			continue
		}
		if _, err := s.DB.SetGrade(ctx, actor, g, g.Version); err != nil {
			if fieldOf(err) == "note" {
				// The progress moved since the form was shown.
				return okr.FieldError("note-"+strconv.FormatInt(g.KeyResultID, 10), "review.err_note_moved", "a note is needed", nil)
			}
			return err
		}
	}
	return nil
}

// fieldOf returns the field of a validation error, or "".
func fieldOf(err error) string {
	var e *okr.Error
	if okr.ErrorCode(err) == okr.EINVALID && errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// storeReflection saves the reflection and, when asked, closes the
// objective (or reopens it), when either changed.
func (s *Server) storeReflection(ctx context.Context, actor store.Actor, o okr.Objective, reflection string, closeIt bool, version int64) error {
	state := o.State
	switch {
	case closeIt && o.State == okr.StatePublished:
		state = okr.StateClosed
	case !closeIt && o.State == okr.StateClosed:
		state = okr.StatePublished
	}
	if reflection == o.Reflection && state == o.State {
		return nil
	}
	o.Reflection, o.State, o.Version = reflection, state, version
	_, err := s.DB.UpdateObjective(ctx, actor, o)
	return err
}

// previewGrades answers the form's debounced requests while scores are
// typed: the objective's score and verdict with the typed scores.
func (s *Server) previewGrades(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "review", "", nil)
	ro, period, err := s.gradeContext(r, p)
	if err != nil {
		return err
	}
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	p.withTypedScores(ro, readGrades(f, ro, &gradeData{Obj: ro, Period: period}))
	return s.fragment(w, r, http.StatusOK, p, GradeScore(p, ro))
}

// withTypedScores recomputes the objective's score and verdict as if the
// typed grades were saved (a key result with no valid typed score keeps
// its stored grade or suggestion).
func (p *Page) withTypedScores(ro *reviewObj, typed []okr.Grade) {
	grades := map[int64]*okr.Grade{}
	for i := range typed {
		grades[typed[i].KeyResultID] = &typed[i]
	}
	krs := make([]*okr.KeyResult, len(ro.KRs))
	for i, k := range ro.KRs {
		krs[i] = &k.KR
		if _, ok := grades[k.KR.ID]; !ok && k.Grade != nil {
			grades[k.KR.ID] = k.Grade
		}
	}
	e := okr.ExplainObjectiveScore(krs, grades)
	set := p.Viewer.Org.Settings
	ro.Score, ro.HasScore = e.Result, len(e.Terms) > 0
	ro.Verdict = okr.VerdictFor(ro.Score, set.BandLow, set.BandHigh)
	ro.WhyScore = p.whyScore(e, 0)
}
