package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// carryData is the bulk carry-over of a period's unfinished objectives
// into a later period: the objectives the viewer may carry, each with its
// key results and the choice to keep or restart them.
type carryData struct {
	From    okr.Period
	Periods []Choice
	Objs    []*carryObj
	Errs    FieldErrors
}

// carryObj is an objective that may be carried over.
type carryObj struct {
	*view.ObjView
	Checked bool
	// Restart holds the key results chosen to restart from their current
	// value (after a failed post, so nothing chosen is lost).
	Restart map[int64]bool
}

// unfinished reports whether an objective still has work left: a key
// result below 100 % (its grade once graded).
func unfinished(o *view.ObjView) bool {
	for _, k := range o.KRs {
		if k.Final && k.Score < 1 || !k.Final && k.Progress < 1 {
			return true
		}
	}
	return false
}

// carryFormData reads the period's objectives the viewer may carry over.
func (s *Server) carryFormData(ctx context.Context, p *Page, r *http.Request, selected int64) (*carryData, error) {
	v := p.Viewer
	pid, err := strconv.ParseInt(r.PathValue("pid"), 10, 64)
	if err != nil {
		return nil, notFound()
	}
	from, err := s.DB.GetPeriod(ctx, v.Org.ID, pid)
	if err != nil {
		return nil, err
	}
	periods, err := s.DB.ListPeriods(ctx, v.Org.ID)
	if err != nil {
		return nil, err
	}
	if selected == 0 {
		selected = nextPeriod(periods, from)
	}
	var targets []okr.Period
	for _, pr := range periods {
		if pr.ID != from.ID {
			targets = append(targets, pr)
		}
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return nil, err
	}
	b, _, err := s.loadBoard(ctx, v.Org.ID, from, dir, store.ObjectiveFilter{})
	if err != nil {
		return nil, err
	}
	d := &carryData{From: from, Periods: periodChoices(targets, selected), Errs: FieldErrors{}}
	for _, o := range b.Objs {
		if o.O.State == okr.StateDraft || !unfinished(o) || !mayEditObjective(v, dir, &o.O) {
			continue
		}
		d.Objs = append(d.Objs, &carryObj{ObjView: o, Restart: map[int64]bool{}})
	}
	return d, nil
}

func (s *Server) carryPage(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "review", "carry.title", nil)
	d, err := s.carryFormData(r.Context(), p, r, 0)
	if err != nil {
		return err
	}
	return s.page(w, r, http.StatusOK, p, CarryPage(p, d))
}

// carrySave carries the chosen objectives over, all of them or none.
func (s *Server) carrySave(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := s.newPage(r, "review", "carry.title", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	to := f.id("period")
	d, err := s.carryFormData(ctx, p, r, to)
	if err != nil {
		return err
	}
	if to == 0 {
		f.fail("period", "err.no_period")
	}
	chosen := map[int64]bool{}
	for _, id := range f.ids("objective") {
		chosen[id] = true
	}
	var items []store.CarryItem
	for _, o := range d.Objs {
		o.Checked = chosen[o.O.ID]
		for _, k := range o.KRs {
			if f.raw("kr-"+strconv.FormatInt(k.KR.ID, 10)) == "restart" {
				o.Restart[k.KR.ID] = true
			}
		}
		if o.Checked {
			items = append(items, store.CarryItem{ObjectiveID: o.O.ID, Restart: o.Restart})
		}
	}
	if len(items) == 0 {
		f.fail("objectives", "carry.none_chosen")
	}
	if f.ok() {
		copies, err := s.DB.CarryOver(ctx, mustViewer(r).Actor(), to, items)
		if err == nil {
			s.setNotice(r, "carry.done")
			_ = copies
			return redirect(w, r, "/overview?period="+strconv.FormatInt(to, 10))
		}
		if !f.addError(err, nil) {
			return err
		}
	}
	d.Errs = f.errs
	p.Error = s.formProblem(p, f)
	return s.page(w, r, formStatus, p, CarryPage(p, d))
}
