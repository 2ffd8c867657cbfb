package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
)

// changesData is the "what changed between two dates" page (time travel,
// asof.go): the two days, what is wrong with them, and the differences.
type changesData struct {
	From, To, Max string
	Problem       string // a message key: the dates cannot be compared
	Changes       []view.Change
}

// changesPage answers GET /changes?from=&to=: the organisation at the end
// of one day against the end of a later one (today: now). From defaults to
// a week ago, to to today.
func (s *Server) changesPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	now := s.now()
	today := view.Today(v.Org.Settings, now)
	q := r.URL.Query()
	d := &changesData{From: q.Get("from"), To: q.Get("to"), Max: today}
	if d.From == "" {
		d.From = now.In(v.Org.Settings.Location()).AddDate(0, 0, -7).Format(time.DateOnly)
	}
	if d.To == "" {
		d.To = today
	}
	p := s.newPage(r, "overview", "changes.title", d)
	changes, _, err := s.pasts.Between(ctx, v.Org.ID, v.Org.Settings, now, d.From, d.To)
	if e := (*okr.Error)(nil); errors.As(err, &e) && e.Field != "" {
		d.Problem = e.Key
		return s.page(w, r, http.StatusUnprocessableEntity, p, ChangesPage(p, d))
	} else if err != nil {
		return err
	}
	d.Changes = changes
	return s.page(w, r, http.StatusOK, p, ChangesPage(p, d))
}

// changeHref links a change to its object's page today.
func changeHref(c view.Change) string {
	id := strconv.FormatInt(c.ID, 10)
	switch c.Kind {
	case "objective":
		return "/objectives/" + id
	case "key_result":
		return "/objectives/" + strconv.FormatInt(c.ObjectiveID, 10) + "#kr-" + id
	case "unit":
		return "/units/" + id
	case "person":
		return "/people/" + id
	}
	return "/admin/periods/" + id
}
