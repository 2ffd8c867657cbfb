package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// AsOfParam is the query parameter of every read operation that answers as
// the organisation stood at the end of a past day (time travel,
// docs/insight.md): a date, YYYY-MM-DD, in the organisation's time zone.
const AsOfParam = "as_of"

// noAsOf are the read operations that answer only about now: tokens are
// credentials, never copied into the past.
var noAsOf = map[string]bool{"list-tokens": true, "list-changes": true}

// addAsOf documents the as_of parameter on op when it is a read operation
// that takes it, and notes its route for serveAsOf.
func (a *API) addAsOf(op *huma.Operation) {
	if op.Method != http.MethodGet || noAsOf[op.OperationID] || strings.HasPrefix(op.Path, "/openapi") {
		return
	}
	for _, p := range op.Parameters {
		if p.Name == AsOfParam {
			return
		}
	}
	op.Parameters = append(op.Parameters, &huma.Param{Name: AsOfParam, In: "query",
		Description: "Answer as the organisation stood at the end of this day (YYYY-MM-DD, in its time zone): " +
			"objectives, key results, targets, owners, alignment, check-ins, statuses and roll-ups as they were then. " +
			"Today or no value: now. A future day is refused.",
		Schema: &huma.Schema{Type: huma.TypeString, Format: "date"}, Example: "2026-10-15"})
	a.asOfRoutes[http.MethodGet+" "+Prefix+op.Path] = true
}

// serveAsOf answers a read request with as_of: from the past made by
// view.Pasts, through an API over it whose caller is the one the live
// database authenticates. It reports false when the request is to be
// served as usual (no token, today, …): as_of is then dropped.
func (a *API) serveAsOf(w http.ResponseWriter, r *http.Request) bool {
	q := r.URL.Query()
	raw := q.Get(AsOfParam)
	q.Del(AsOfParam)
	r.URL.RawQuery = q.Encode()
	token, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok || a.pasts == nil {
		return false
	}
	p, _, err := a.db.Authenticate(r.Context(), token)
	if err != nil {
		return false // the usual way gives the usual answer (401, 503)
	}
	if raw == "" {
		return false
	}
	st, err := a.view.OrgState(r.Context(), p.OrgID)
	if err != nil {
		writeAPIError(w, internalError())
		return true
	}
	today := view.Today(st.Org.Settings, a.now())
	day, live, err := view.ParseDay(raw, today)
	switch {
	case errors.Is(err, view.ErrNotADate):
		writeAPIError(w, &apiError{status: http.StatusUnprocessableEntity, Code: okr.EINVALID, Field: AsOfParam,
			Message: fmt.Sprintf("as_of must be a date as YYYY-MM-DD, not %q", raw)})
		return true
	case errors.Is(err, view.ErrFuture):
		writeAPIError(w, &apiError{status: http.StatusUnprocessableEntity, Code: okr.EINVALID, Field: AsOfParam,
			Message: fmt.Sprintf("as_of %s is in the future; the latest day to look back to is today, %s", raw, today)})
		return true
	case live:
		return false
	}
	past, err := a.pasts.Get(r.Context(), p.OrgID, st.Org.Settings, day)
	if err != nil {
		a.log.ErrorContext(r.Context(), "api: as of", "day", raw, "err", err)
		writeAPIError(w, internalError())
		return true
	}
	pa := past.Attach(pastAPIKey{}, func() any { return pastAPI(a, past) }).(*API)
	ctx := context.WithValue(r.Context(), callerKey{}, &caller{person: p, actor: store.PersonActor(p)})
	w.Header().Set("X-OKR-As-Of", raw)
	pa.ServeHTTP(w, r.WithContext(ctx))
	return true
}

type pastAPIKey struct{}

// pastAPI returns an API over past whose clock stands at its end of day.
func pastAPI(live *API, past *view.Past) *API {
	at := past.At
	pa := New(Config{DB: past.DB, View: past.Model, Now: func() time.Time { return at }, Log: live.log})
	pa.isPast = true
	return pa
}

// changesIn selects the two days GET /changes compares.
type changesIn struct {
	From string `query:"from" required:"true" format:"date" example:"2026-10-01" doc:"The first day: the organisation at its end (YYYY-MM-DD, in the organisation's time zone)"`
	To   string `query:"to" format:"date" example:"2026-10-15" doc:"The second day, after the first; today (the organisation now) when left out"`
}

// changeOut is one difference between the two days.
type changeOut struct {
	Kind        string           `json:"kind" enum:"objective,key_result,unit,person,period" doc:"What kind of object changed"`
	ID          int64            `json:"id"`
	Title       string           `json:"title" doc:"Its title or name on the second day (the first when it is gone)"`
	ObjectiveID int64            `json:"objective_id,omitempty" doc:"A key result's objective"`
	What        string           `json:"what" enum:"created,archived,restored,removed,changed" doc:"What happened to it between the two days"`
	Fields      []fieldChangeOut `json:"fields" doc:"The fields that differ, each before and after (empty text: none)"`
}

type fieldChangeOut struct {
	Field  string `json:"field" doc:"title, state, period, owner, parent, contributes, weight, objective, start, target, value, confidence, grade, name, unit, role, leads or dates"`
	Before string `json:"before"`
	After  string `json:"after"`
}

type changesOut struct {
	From    string      `json:"from" format:"date"`
	To      string      `json:"to" format:"date"`
	Changes []changeOut `json:"changes"`
}

func (a *API) registerChanges() {
	op(a, huma.Operation{OperationID: "list-changes", Method: http.MethodGet, Path: "/changes", Tags: []string{"Insight"},
		Summary: "What changed between two days",
		Description: "Every difference between the organisation at the end of one day and at the end of a later one (or now): " +
			"objectives and key results created, archived, restored or moved, new titles, targets, owners and alignment, " +
			"values, confidences and grades, and changes to units, people and periods. See docs/insight.md."},
		nil, a.listChanges)
}

func (a *API) listChanges(ctx context.Context, in *changesIn) (*body[changesOut], error) {
	c := callerOf(ctx)
	st, err := a.view.OrgState(ctx, c.org())
	if err != nil {
		return nil, err
	}
	changes, to, err := a.pasts.Between(ctx, c.org(), st.Org.Settings, a.now(), in.From, in.To)
	if err != nil {
		return nil, err
	}
	out := changesOut{From: in.From, To: to, Changes: make([]changeOut, 0, len(changes))}
	for _, ch := range changes {
		co := changeOut{Kind: ch.Kind, ID: ch.ID, Title: ch.Title, ObjectiveID: ch.ObjectiveID, What: ch.What, Fields: make([]fieldChangeOut, 0, len(ch.Fields))}
		for _, fc := range ch.Fields {
			co.Fields = append(co.Fields, fieldChangeOut{Field: fc.Field, Before: fc.Before, After: fc.After})
		}
		out.Changes = append(out.Changes, co)
	}
	return &body[changesOut]{Body: out}, nil
}
