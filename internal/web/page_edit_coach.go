package web

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/okr-dev/okr/internal/coach"
	"github.com/okr-dev/okr/internal/okr"
)

// coachPanel is what the editor shows of the coach: the findings about the
// objective itself and, by key result id, those about each key result.
type coachPanel struct {
	Title []coach.Finding // about the objective's title, shown under it
	Other []coach.Finding // about the rest of the objective (description, key-result count)
	ByKR  map[int64][]coach.Finding
	Count int
}

// KR returns the findings about one key result.
func (c coachPanel) KR(id int64) []coach.Finding { return c.ByKR[id] }

// IsActivity reports whether the coach finds the key result an activity:
// the editor then links to the form that moves it to initiatives.
func (c coachPanel) IsActivity(id int64) bool {
	for _, f := range c.ByKR[id] {
		if f.RuleID == coach.RuleKRIsActivity {
			return true
		}
	}
	return false
}

// coachFor returns the organisation's coach writing in the page language.
func coachFor(p *Page) *coach.Coach {
	return coach.New(p.Viewer.Org.Settings).WithLanguage(p.Lang)
}

// coachObjective checks a stored objective with its key results (their
// titles and metrics, in position order).
func (s *Server) coachObjective(p *Page, o okr.Objective, krs []okr.KeyResult) coachPanel {
	d := coach.Draft{Title: o.Title, Description: o.Description}
	for i := range krs {
		m := krs[i].Metric
		d.KeyResults = append(d.KeyResults, coach.KRDraft{Title: krs[i].Title, Metric: &m})
	}
	panel := coachPanel{ByKR: map[int64][]coach.Finding{}}
	for _, f := range coachFor(p).CheckObjective(d) {
		panel.Count++
		if f.Target.Kind == coach.TargetKeyResult && f.Target.Index < len(krs) {
			id := krs[f.Target.Index].ID
			panel.ByKR[id] = append(panel.ByKR[id], f)
			continue
		}
		if f.Field == "title" {
			panel.Title = append(panel.Title, f)
		} else {
			panel.Other = append(panel.Other, f)
		}
	}
	return panel
}

// coachObjectiveLive answers the editor's debounced requests while the
// title or description is typed: the findings about the objective's text
// (not the key-result count, which the page shows on load).
func (s *Server) coachObjectiveLive(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return okr.Errorf(okr.EBADREQUEST, "unreadable form")
	}
	p := s.newPage(r, "", "", nil)
	title := strings.TrimSpace(r.PostForm.Get("title"))
	var fs []coach.Finding
	if title != "" {
		d := coach.Draft{Title: title, Description: r.PostForm.Get("description")}
		for _, f := range coachFor(p).CheckObjective(d) {
			if f.Target.Kind == coach.TargetObjective && f.Field != "key_results" {
				fs = append(fs, f)
			}
		}
	}
	return s.fragment(w, r, http.StatusOK, p, CoachList(p, fs, "coach-objective", true, "f-title"))
}

// coachKRLive answers the key-result form's debounced requests: the
// findings about the typed title and the chosen metric.
func (s *Server) coachKRLive(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return okr.Errorf(okr.EBADREQUEST, "unreadable form")
	}
	p := s.newPage(r, "", "", nil)
	f := &form{r: r, page: p, errs: FieldErrors{}}
	var fs []coach.Finding
	if title := f.str("title"); title != "" {
		var metric *okr.Metric
		if kind := okr.MetricKind(f.str("kind")); kind != "" {
			m := okr.Metric{Kind: kind}
			start, okS := f.num("start", false)
			target, okT := f.num("target", false)
			if okS && okT {
				m.Start, m.Target = start, target
				metric = &m
			} else if !kind.HasStart() {
				metric = &m
			}
		}
		fs = coachFor(p).CheckKeyResult(coachKRDraft(title, metric))
	}
	// The fragment replaces the list it was asked for, so it keeps that
	// list's id (one form per page prefix: "newkr-coach", "kr-coach").
	id := "kr-coach"
	if want := f.str("coach_id"); coachListID.MatchString(want) {
		id = want
	}
	return s.fragment(w, r, http.StatusOK, p, CoachList(p, fs, id, true, strings.TrimSuffix(id, "coach")+"title"))
}

var coachListID = regexp.MustCompile(`^[a-z]+-coach$`)

// coachKRDraft is a key result for the coach: its title and, when known,
// its metric.
func coachKRDraft(title string, m *okr.Metric) coach.KRDraft {
	return coach.KRDraft{Title: title, Metric: m}
}
