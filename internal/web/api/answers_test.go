package api

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// TestKeptObjectiveAnswersStayCurrent checks get-objective's kept answers
// (answers.go) against an API that keeps nothing, after each kind of change
// that shows in an objective: a check-in two levels below it, a new
// objective aligned below it, an objective moving away, a unit renamed; and
// that a kept answer costs one statement, never crosses organisations or
// outlives its token, and is made anew once answerMaxAge has passed.
func TestKeptObjectiveAnswersStayCurrent(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		var mu sync.Mutex
		now := time.Now().UTC()
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		serve := func(a *API) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				a.ServeHTTP(w, r.WithContext(view.WithMemo(r.Context())))
			})
		}
		kept := serve(New(Config{DB: e.db, Now: clock}))
		get := func(h http.Handler, role string, id int64) (int, []byte, http.Header, int64) {
			ctx, counter := store.WithQueryCounter(testCtx)
			req := httptest.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("/api/v1/objectives/%d", id), nil)
			req.Header.Set("Authorization", "Bearer "+e.tokens[role])
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec.Code, rec.Body.Bytes(), rec.Header(), counter.Count()
		}
		objective := func(title string, unit int64, parent *int64) okr.Objective {
			return must(e.db.CreateObjective(testCtx, e.sys, okr.Objective{PeriodID: e.period.ID, Title: title,
				Owner: okr.Owner{UnitID: &unit}, ParentID: parent, State: okr.StatePublished}))(t)
		}
		top := objective("Lead the Nordic market", e.company.ID, nil)
		mid := objective("Double the pipeline", e.dept.ID, &top.ID)
		low := objective("Book more demos", e.team.ID, &mid.ID)
		other := objective("Keep costs flat", e.company.ID, nil)
		kr := e.ownedKR(t, low.ID, "100 demos booked")
		e.ownedKR(t, top.ID, "Top KR")
		ids := []int64{top.ID, mid.ID, low.ID, other.ID}

		// current compares every objective's kept answer, asked twice, with
		// the answer of an API that keeps nothing.
		current := func(what string) {
			t.Helper()
			fresh := serve(New(Config{DB: e.db, Now: clock}))
			for _, id := range ids {
				_, want, wantHeader, _ := get(fresh, asMember, id)
				for i := range 2 {
					code, got, header, _ := get(kept, asMember, id)
					if code != http.StatusOK || !bytes.Equal(got, want) {
						t.Fatalf("%s: objective %d, request %d: %d %s\nwant %s", what, id, i+1, code, got, want)
					}
					for _, h := range []string{"Content-Type", "Etag", "Cache-Control"} {
						if header.Get(h) != wantHeader.Get(h) {
							t.Errorf("%s: objective %d: %s = %q, want %q", what, id, h, header.Get(h), wantHeader.Get(h))
						}
					}
				}
			}
		}
		current("at first")
		if _, _, _, n := get(kept, asMember, top.ID); n != 1 {
			t.Errorf("a kept answer took %d statements, want 1", n)
		}

		must(e.db.CreateCheckIns(testCtx, store.PersonActor(e.owner), []okr.CheckIn{{KeyResultID: kr.ID, Value: 60, Confidence: okr.OnTrack}}))(t)
		current("after a check-in two levels below")
		newer := objective("Answer every lead in a day", e.team.ID, &mid.ID)
		must(e.db.CreateCheckIns(testCtx, store.PersonActor(e.owner), []okr.CheckIn{{KeyResultID: e.ownedKR(t, newer.ID, "Replies").ID, Value: 10, Confidence: okr.OnTrack}}))(t)
		current("after an objective was aligned below")
		moved := must(e.db.GetObjective(testCtx, e.org.ID, low.ID))(t)
		moved.ParentID = &other.ID
		must(e.db.UpdateObjective(testCtx, e.sys, moved))(t)
		current("after an objective moved to another parent")
		company := e.company
		company.Name = "Acme Nordic"
		must(e.db.UpdateUnit(testCtx, e.sys, company))(t)
		current("after the company unit was renamed")

		// The clock: within answerMaxAge one statement, after it anew.
		mu.Lock()
		now = now.Add(answerMaxAge / 2)
		mu.Unlock()
		if _, _, _, n := get(kept, asMember, top.ID); n != 1 {
			t.Errorf("within answerMaxAge: %d statements, want 1 (kept)", n)
		}
		mu.Lock()
		now = now.Add(answerMaxAge)
		mu.Unlock()
		if _, _, _, n := get(kept, asMember, top.ID); n == 1 {
			t.Errorf("after answerMaxAge the answer was still the kept one")
		}
		mu.Lock()
		now = now.AddDate(0, 0, 20) // expected progress moves
		mu.Unlock()
		current("twenty days later")

		// Another organisation's token never gets it; a revoked one neither.
		if code, body, _, _ := get(kept, asOther, top.ID); code != http.StatusNotFound {
			t.Errorf("another organisation's token: %d %s, want 404", code, body)
		}
		tokens := must(e.db.ListTokens(testCtx, e.org.ID, e.mem.ID))(t)
		must(e.db.RevokeToken(testCtx, store.PersonActor(e.mem), tokens[0].ID))(t)
		if code, _, _, _ := get(kept, asMember, top.ID); code != http.StatusUnauthorized {
			t.Errorf("a revoked token: %d, want 401", code)
		}
	})
}
