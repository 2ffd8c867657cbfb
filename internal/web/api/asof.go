package api

import (
	"context"
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
var noAsOf = map[string]bool{"list-tokens": true}

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
	day, err := time.Parse(time.DateOnly, raw)
	if err != nil {
		writeAPIError(w, &apiError{status: http.StatusUnprocessableEntity, Code: okr.EINVALID, Field: AsOfParam,
			Message: fmt.Sprintf("as_of must be a date as YYYY-MM-DD, not %q", raw)})
		return true
	}
	st, err := a.view.OrgState(r.Context(), p.OrgID)
	if err != nil {
		writeAPIError(w, internalError())
		return true
	}
	loc := st.Org.Settings.Location()
	today := a.now().In(loc).Format(time.DateOnly)
	switch {
	case raw > today:
		writeAPIError(w, &apiError{status: http.StatusUnprocessableEntity, Code: okr.EINVALID, Field: AsOfParam,
			Message: fmt.Sprintf("as_of %s is in the future; the latest day to look back to is today, %s", raw, today)})
		return true
	case raw == today:
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
