package web

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// periodForm is a period's fields as the form shows them.
type periodForm struct {
	New      bool
	Action   string
	P        okr.Period
	Start    string // YYYY-MM-DD as typed
	End      string
	Kinds    []Choice
	Errs     FieldErrors
	Conflict *conflictView
}

// adminPeriodsData is the list of periods with the form to add the next.
type adminPeriodsData struct {
	Periods []okr.Period // newest first
	Form    periodForm
}

// nextQuarter proposes the quarter after the latest period, or the
// current quarter when there is none.
func nextQuarter(periods []okr.Period, now time.Time) okr.Period {
	start := time.Date(now.Year(), time.Month((int(now.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
	for _, pr := range periods {
		if after := pr.End.AddDate(0, 0, 1); !pr.Archived && after.After(start) {
			start = time.Date(after.Year(), after.Month(), 1, 0, 0, 0, 0, time.UTC)
		}
	}
	q := (int(start.Month())-1)/3 + 1
	start = time.Date(start.Year(), time.Month((q-1)*3+1), 1, 0, 0, 0, 0, time.UTC)
	return okr.Period{Name: "Q" + strconv.Itoa(q) + " " + strconv.Itoa(start.Year()), Kind: okr.PeriodQuarter, Start: start, End: start.AddDate(0, 3, -1)}
}

func (s *Server) adminPeriodsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := s.newPage(r, "admin", "admin.periods_title", nil)
	periods, err := s.DB.ListPeriods(ctx, p.Viewer.Org.ID)
	if err != nil {
		return err
	}
	next := nextQuarter(periods, p.Now)
	f := periodForm{New: true, Action: "/admin/periods", P: next, Start: i18n.ISODate(next.Start), End: i18n.ISODate(next.End), Errs: FieldErrors{}}
	return s.renderAdminPeriods(w, r, p, periods, f, http.StatusOK)
}

func (s *Server) renderAdminPeriods(w http.ResponseWriter, r *http.Request, p *Page, periods []okr.Period, f periodForm, status int) error {
	sort.Slice(periods, func(i, j int) bool { return periods[i].Start.After(periods[j].Start) })
	f.Kinds = enumChoices(p, "periodkind", f.P.Kind, okr.PeriodQuarter, okr.PeriodYear, okr.PeriodCustom)
	return s.page(w, r, status, p, AdminPeriodsPage(p, &adminPeriodsData{Periods: periods, Form: f}))
}

// readPeriodFields reads the form into pr and returns the dates as typed.
func readPeriodFields(f *form, pr *okr.Period) (start, end string) {
	pr.Name = f.str("name")
	pr.Kind = okr.PeriodKind(f.str("kind"))
	pr.Start = f.date("start", true)
	pr.End = f.date("end", true)
	pr.Closed = f.has("closed")
	f.validate(pr.Validate(), nil)
	return f.str("start"), f.str("end")
}

func (s *Server) createPeriod(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	p := s.newPage(r, "admin", "admin.periods_title", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	pr := okr.Period{OrgID: v.Org.ID}
	start, end := readPeriodFields(f, &pr)
	if f.ok() {
		if _, err := s.DB.CreatePeriod(ctx, v.Actor(), pr); err == nil {
			s.setNotice(r, "admin.period_created")
			return redirect(w, r, "/admin/periods")
		} else if !f.addError(err, nil) {
			return err
		}
	}
	periods, err := s.DB.ListPeriods(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	p.Error = s.formProblem(p, f)
	return s.renderAdminPeriods(w, r, p, periods, periodForm{New: true, Action: "/admin/periods", P: pr, Start: start, End: end, Errs: f.errs}, formStatus)
}

func (s *Server) adminPeriod(r *http.Request) (okr.Period, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return okr.Period{}, notFound()
	}
	return s.DB.GetPeriod(r.Context(), mustViewer(r).Org.ID, id)
}

// adminPeriodData is the page that edits one period.
type adminPeriodData struct {
	Form periodForm
}

func (s *Server) adminPeriodPage(w http.ResponseWriter, r *http.Request) error {
	pr, err := s.adminPeriod(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "admin", "admin.period_edit", nil)
	f := periodForm{Action: "/admin/periods/" + strconv.FormatInt(pr.ID, 10), P: pr, Start: i18n.ISODate(pr.Start), End: i18n.ISODate(pr.End), Errs: FieldErrors{}}
	return s.renderAdminPeriod(w, r, p, f, http.StatusOK)
}

func (s *Server) renderAdminPeriod(w http.ResponseWriter, r *http.Request, p *Page, f periodForm, status int) error {
	f.Kinds = enumChoices(p, "periodkind", f.P.Kind, okr.PeriodQuarter, okr.PeriodYear, okr.PeriodCustom)
	return s.page(w, r, status, p, AdminPeriodPage(p, &adminPeriodData{Form: f}))
}

func (s *Server) updatePeriod(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	stored, err := s.adminPeriod(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "admin", "admin.period_edit", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	mine := stored
	mine.Version = f.version()
	start, end := readPeriodFields(f, &mine)
	shown := periodForm{Action: "/admin/periods/" + strconv.FormatInt(stored.ID, 10), P: mine, Start: start, End: end}
	res, err := saveVersioned(f, nil,
		func() (okr.Period, error) { return s.DB.UpdatePeriod(ctx, v.Actor(), mine) },
		func() (okr.Period, error) { return s.DB.GetPeriod(ctx, v.Org.ID, stored.ID) },
		func(theirs okr.Period) (*conflictView, error) { return s.periodConflict(ctx, p, theirs, mine) })
	if err != nil {
		return err
	}
	if res.Saved {
		s.setNotice(r, "edit.saved")
		return redirect(w, r, "/admin/periods")
	}
	if res.Lost {
		shown.P.Version = res.Stored.Version
	}
	shown.Conflict, shown.Errs = res.Conflict, f.errs
	p.Error = s.formProblem(p, f)
	return s.renderAdminPeriod(w, r, p, shown, res.status(r))
}

// periodConflict compares the stored period with the submitted one.
func (s *Server) periodConflict(ctx context.Context, p *Page, theirs, mine okr.Period) (*conflictView, error) {
	dir, err := s.loadDirectory(ctx, theirs.OrgID)
	if err != nil {
		return nil, err
	}
	c := &conflictView{}
	if c.Who, c.At, err = s.lastChange(ctx, dir, theirs.OrgID, "period", theirs.ID); err != nil {
		return nil, err
	}
	yesNo := func(b bool) string {
		if b {
			return p.L.T("word.yes")
		}
		return p.L.T("word.no")
	}
	c.row(p.L.T("people.name"), theirs.Name, mine.Name)
	c.row(p.L.T("word.start"), p.L.Date(theirs.Start), p.L.Date(mine.Start))
	c.row(p.L.T("admin.f_end"), p.L.Date(theirs.End), p.L.Date(mine.End))
	c.row(p.L.T("admin.f_closed"), yesNo(theirs.Closed), yesNo(mine.Closed))
	return c, nil
}

func (s *Server) archivePeriod(w http.ResponseWriter, r *http.Request) error {
	return s.archiveOrRestorePeriod(w, r, true)
}

func (s *Server) restorePeriod(w http.ResponseWriter, r *http.Request) error {
	return s.archiveOrRestorePeriod(w, r, false)
}

func (s *Server) archiveOrRestorePeriod(w http.ResponseWriter, r *http.Request, archive bool) error {
	pr, err := s.adminPeriod(r)
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
		_, err = s.DB.ArchivePeriod(r.Context(), actor, pr.ID, f.version())
	} else {
		_, err = s.DB.RestorePeriod(r.Context(), actor, pr.ID, f.version())
	}
	switch code := okr.ErrorCode(err); {
	case err == nil && archive:
		s.setNotice(r, "admin.period_archived")
	case err == nil:
		s.setNotice(r, "admin.period_restored")
	case code == okr.ESTALE:
		s.setNotice(r, "admin.stale")
	default:
		return err
	}
	return redirect(w, r, "/admin/periods")
}
