package api

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/klauspost/compress/s2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// TestKeptObjectiveAnswersStayCurrent checks the kept answers of
// get-objective and of units' lists (answers.go) against an API that keeps
// nothing, after each kind of change that shows in them: a check-in two
// levels below, a new objective aligned below, an objective moving away or
// to another unit or archived, a unit renamed; and
// that a kept answer costs one statement, never crosses organisations or
// outlives its token, and shows at every instant the figures that move
// with the clock alone as a new answer would.
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
		keptAPI := New(Config{DB: e.db, Now: clock})
		kept := serve(keptAPI)
		var getPath func(h http.Handler, role, path string) (int, []byte, http.Header, int64)
		get := func(h http.Handler, role string, id int64) (int, []byte, http.Header, int64) {
			return getPath(h, role, fmt.Sprintf("/api/v1/objectives/%d", id))
		}
		getPath = func(h http.Handler, role, path string) (int, []byte, http.Header, int64) {
			ctx, counter := store.WithQueryCounter(testCtx)
			req := httptest.NewRequestWithContext(ctx, http.MethodGet, path, nil)
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

		// current compares every objective's kept answer and each unit's
		// list, asked twice, with the answer of an API that keeps nothing.
		lists := []string{
			fmt.Sprintf("/api/v1/objectives?period_id=%d&owner_unit_id=%d", e.period.ID, e.team.ID),
			fmt.Sprintf("/api/v1/objectives?period_id=%d&owner_unit_id=%d", e.period.ID, e.dept.ID),
			fmt.Sprintf("/api/v1/objectives?owner_unit_id=%d&owner_unit_id=%d&period_id=%d", e.company.ID, e.dept.ID, e.period.ID),
		}
		current := func(what string) {
			t.Helper()
			fresh := serve(New(Config{DB: e.db, Now: clock}))
			paths := slices.Clone(lists)
			for _, id := range ids {
				paths = append(paths, fmt.Sprintf("/api/v1/objectives/%d", id))
			}
			for _, path := range paths {
				_, want, wantHeader, _ := getPath(fresh, asMember, path)
				for i := range 2 {
					code, got, header, _ := getPath(kept, asMember, path)
					if code != http.StatusOK || !bytes.Equal(got, want) {
						t.Fatalf("%s: %s, request %d: %d %s\nwant %s", what, path, i+1, code, got, want)
					}
					for _, h := range []string{"Content-Type", "Etag", "Cache-Control"} {
						if header.Get(h) != wantHeader.Get(h) {
							t.Errorf("%s: %s: %s = %q, want %q", what, path, h, header.Get(h), wantHeader.Get(h))
						}
					}
				}
			}
		}
		current("at first")
		if _, _, _, n := get(kept, asMember, top.ID); n != 1 {
			t.Errorf("a kept answer took %d statements, want 1", n)
		}
		if _, _, _, n := getPath(kept, asMember, lists[0]); n != 1 {
			t.Errorf("a kept list took %d statements, want 1", n)
		}

		must(e.db.CreateCheckIns(testCtx, store.PersonActor(e.owner), []okr.CheckIn{{KeyResultID: kr.ID, Value: 60, Confidence: okr.OnTrack}}))(t)
		// A miss checks the token once, with the stamps (the operation
		// takes the caller from the organisation's state, not a second
		// read): 7 statements here, 8 when it read the token again.
		if _, _, _, miss := get(kept, asMember, top.ID); miss > 7 {
			t.Errorf("a miss of the kept answers ran %d statements, want at most 7", miss)
		}
		current("after a check-in two levels below")
		newer := objective("Answer every lead in a day", e.team.ID, &mid.ID)
		must(e.db.CreateCheckIns(testCtx, store.PersonActor(e.owner), []okr.CheckIn{{KeyResultID: e.ownedKR(t, newer.ID, "Replies").ID, Value: 10, Confidence: okr.OnTrack}}))(t)
		current("after an objective was aligned below")
		moved := must(e.db.GetObjective(testCtx, e.org.ID, low.ID))(t)
		moved.ParentID = &other.ID
		must(e.db.UpdateObjective(testCtx, e.sys, moved))(t)
		current("after an objective moved to another parent")
		given := must(e.db.GetObjective(testCtx, e.org.ID, newer.ID))(t)
		given.Owner = okr.Owner{UnitID: &e.dept.ID}
		must(e.db.UpdateObjective(testCtx, e.sys, given))(t)
		current("after an objective was given to the department")
		must(e.db.ArchiveObjective(testCtx, e.sys, given.ID, must(e.db.GetObjective(testCtx, e.org.ID, given.ID))(t).Version))(t)
		current("after an objective was archived")
		company := e.company
		company.Name = "Acme Nordic"
		must(e.db.UpdateUnit(testCtx, e.sys, company))(t)
		current("after the company unit was renamed")

		// A HEAD request (which the GET routes answer too) keeps nothing: the
		// next GET still has its body.
		headReq := httptest.NewRequestWithContext(testCtx, http.MethodHead, fmt.Sprintf("/api/v1/objectives/%d", other.ID), nil)
		headReq.Header.Set("Authorization", "Bearer "+e.tokens[asMember])
		must(e.db.CreateCheckIns(testCtx, store.PersonActor(e.owner), []okr.CheckIn{{KeyResultID: kr.ID, Value: 70, Confidence: okr.OnTrack}}))(t)
		kept.ServeHTTP(httptest.NewRecorder(), headReq)
		current("after a HEAD request")

		// The clock: the answer is kept while its figures hold (steady.go),
		// and every instant shows what a new answer would. The walk
		// passes the steps of the expected progress (0.1 pp every two
		// hours or so of a quarter), the key results turning stale a week
		// after their last check-in, and the period's end.
		mu.Lock()
		now = now.Add(time.Minute)
		mu.Unlock()
		if _, _, _, n := get(kept, asMember, top.ID); n != 1 {
			t.Errorf("a minute later: %d statements, want 1 (kept)", n)
		}
		made := 0
		for _, step := range []time.Duration{37 * time.Minute, 3 * time.Hour, 11 * time.Hour, 26 * time.Hour} {
			for range 6 {
				mu.Lock()
				now = now.Add(step)
				mu.Unlock()
				if _, _, _, n := get(kept, asMember, top.ID); n > 1 {
					made++
				}
				current(fmt.Sprintf("at %s", now.Format(time.RFC3339)))
			}
		}
		if made == 0 {
			t.Errorf("the kept answer was never made anew as the clock moved its figures")
		}
		mu.Lock()
		now = e.period.End.Add(24*time.Hour - time.Second)
		mu.Unlock()
		current("a second before the period ends")
		mu.Lock()
		now = now.Add(2 * time.Second)
		mu.Unlock()
		current("a second after the period ended")
		mu.Lock()
		now = now.AddDate(0, 0, 20)
		mu.Unlock()
		current("twenty days later")
		for _, list := range []bool{false, true} {
			if d := keptAPI.dicts.orgs[answerDictKey{org: e.org.ID, list: list}]; d == nil || d.dict == nil {
				t.Errorf("no dictionary was made of the organisation's answers (lists: %t): the answers above were kept without one", list)
			}
		}

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

// TestAnswerDictionariesAreEachOrganisations checks that an organisation's
// dictionary is made of its own answers only, of one kind (single
// objectives or lists), once it has enough of them, that it compresses and
// decompresses them exactly, and that no more than maxAnswerDicts are
// made.
func TestAnswerDictionariesAreEachOrganisations(t *testing.T) {
	var ds answerDicts
	one := func(org int64) answerDictKey { return answerDictKey{org: org} }
	list := answerDictKey{org: 1, list: true}
	ds.dict(list, []byte(`{"items":[{"id":1,"title":"A listed objective"}]}`))
	body := func(org int64, i int) []byte {
		return fmt.Appendf(nil, `{"id":%d,"title":"Objective %d of organisation %d","state":"published","key_results":[{"id":%d,"metric":{"kind":"increase"}}]}`, i, i, org, i*7)
	}
	for i := range answerDictSamples - 1 {
		if ds.dict(one(1), body(1, i)) != nil || ds.dict(one(2), body(2, i)) != nil {
			t.Fatalf("a dictionary after %d answers, want none before %d", i+1, answerDictSamples)
		}
	}
	ds.dict(one(1), body(1, answerDictSamples-1)) // the last sample
	d1 := ds.dict(one(1), body(1, 100))
	if d1 == nil {
		t.Fatalf("no dictionary after %d answers", answerDictSamples)
	}
	if bytes.Contains(d1.Bytes(), []byte("organisation 2")) {
		t.Errorf("organisation 1's dictionary holds organisation 2's answers")
	}
	if !bytes.Contains(d1.Bytes(), []byte("organisation 1")) {
		t.Errorf("organisation 1's dictionary is not made of its answers")
	}
	if bytes.Contains(d1.Bytes(), []byte("A listed objective")) {
		t.Errorf("organisation 1's dictionary of single objectives holds a list")
	}
	if ds.orgs[list].dict != nil || ds.orgs[list].n != 1 {
		t.Errorf("the dictionary of lists took single objectives as samples")
	}
	b := body(1, 12345)
	enc := d1.Encode(nil, b)
	ans := &answer{dict: d1, body: enc}
	if got, err := ans.decode(nil); err != nil || !bytes.Equal(got, b) {
		t.Fatalf("decode = %q, %v; want %q", got, err, b)
	}
	if plain := s2Len(b); len(enc) >= plain {
		t.Errorf("with the dictionary %d bytes, without %d: want fewer", len(enc), plain)
	}
	for org := int64(3); org < maxAnswerDicts+10; org++ {
		ds.dict(one(org), body(org, 0))
	}
	if len(ds.orgs) != maxAnswerDicts {
		t.Errorf("%d dictionaries are made or being made, want at most %d", len(ds.orgs), maxAnswerDicts)
	}
}

func s2Len(b []byte) int { return len(s2.Encode(nil, b)) }
