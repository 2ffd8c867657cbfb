package api

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// TestAPICheckInFilters lists check-ins by objective, period, author and
// time window, paged with a total.
func TestAPICheckInFilters(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		other := e.teamObjective(t, "Keep customers longer")
		kr2 := e.ownedKR(t, other.ID, "Churn below 2 %")
		next := must(e.db.CreateObjective(testCtx, e.sys, okr.Objective{PeriodID: e.nextPeriod.ID, Title: "Next quarter's plan",
			Owner: okr.Owner{UnitID: &e.team.ID}}))(t)
		kr3 := e.ownedKR(t, next.ID, "Next quarter's KR")
		now := e.now.Truncate(time.Second)
		checkIn := func(role string, kr okr.KeyResult, daysAgo int) int64 {
			var out checkInsOut
			e.do(t, role, http.MethodPost, "/api/v1/check-ins", map[string]any{"check_ins": []map[string]any{{"key_result_id": kr.ID, "value": 10,
				"confidence": "on_track", "at": now.AddDate(0, 0, -daysAgo)}}}).want(t, http.StatusCreated).decode(t, &out)
			return out.CheckIns[0].ID
		}
		a1, a2 := checkIn(asOwner, e.kr, 6), checkIn(asLead, e.kr, 2)
		b1 := checkIn(asOwner, kr2, 4)
		c1 := checkIn(asLead, kr3, 1)

		listed := func(query string) ([]int64, int) {
			t.Helper()
			var page list[checkInOut]
			e.do(t, asMember, http.MethodGet, "/api/v1/check-ins?"+query, nil).want(t, http.StatusOK).decode(t, &page)
			var ids []int64
			for _, c := range page.Items {
				ids = append(ids, c.ID)
			}
			return ids, page.Total
		}
		at := func(daysAgo int) string { return url.QueryEscape(now.AddDate(0, 0, -daysAgo).Format(time.RFC3339)) }
		for _, tc := range []struct {
			query string
			want  []int64
			total int
		}{
			{"", []int64{a1, a2, b1}, 3}, // the current period
			{fmt.Sprintf("key_result_id=%d", e.kr.ID), []int64{a1, a2}, 2},
			{fmt.Sprintf("objective_id=%d&objective_id=%d", other.ID, next.ID), []int64{b1, c1}, 2},
			{fmt.Sprintf("objective_id=%d", e.otherObjective.ID), nil, 0},
			{fmt.Sprintf("period_id=%d", e.nextPeriod.ID), []int64{c1}, 1},
			{fmt.Sprintf("period_id=%d&author_id=%d", e.period.ID, e.owner.ID), []int64{a1, b1}, 2},
			{fmt.Sprintf("author_id=%d", e.lead.ID), []int64{a2}, 1},
			{"since=" + at(5) + "&until=" + at(2), []int64{b1}, 1},
			{"since=" + at(5), []int64{a2, b1}, 2},
			{"limit=2&offset=1", []int64{a2, b1}, 3},
			{"limit=1&offset=5", nil, 3},
		} {
			if ids, total := listed(tc.query); !slices.Equal(ids, tc.want) || total != tc.total {
				t.Errorf("GET /check-ins?%s = %v of %d, want %v of %d", tc.query, ids, total, tc.want, tc.total)
			}
		}
		e.do(t, asMember, http.MethodGet, "/api/v1/check-ins?since="+at(1)+"&until="+at(3), nil).wantError(t, http.StatusUnprocessableEntity, "invalid", "until")
		var theirs list[checkInOut]
		e.do(t, asOther, http.MethodGet, fmt.Sprintf("/api/v1/check-ins?period_id=%d&key_result_id=%d", e.period.ID, e.kr.ID), nil).
			want(t, http.StatusOK).decode(t, &theirs)
		if theirs.Total != 0 || len(theirs.Items) != 0 {
			t.Errorf("another organisation lists Acme's check-ins: %+v", theirs)
		}
	})
}

// TestAPICheckInListCostsConstantQueries checks that listing a period's
// check-ins runs as many statements for 12 key results as for 2.
func TestAPICheckInListCostsConstantQueries(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, "sqlite")
	count := func() int64 {
		ctx, counter := store.WithQueryCounter(testCtx)
		e.doCtx(t, ctx, asMember, http.MethodGet, fmt.Sprintf("/api/v1/check-ins?period_id=%d&author_id=%d", e.period.ID, e.owner.ID), nil).want(t, http.StatusOK)
		return counter.Count()
	}
	addKRs := func(n int) {
		for i := range n {
			kr := e.ownedKR(t, e.objective.ID, fmt.Sprintf("KR %d", i))
			must(e.db.CreateCheckIns(testCtx, store.PersonActor(e.owner), []okr.CheckIn{{KeyResultID: kr.ID, Value: 1, Confidence: okr.OnTrack}}))(t)
		}
	}
	addKRs(1)
	count() // the first request of a token records its use
	small := count()
	addKRs(10)
	if big := count(); big != small {
		t.Errorf("listing the check-ins of 12 key results ran %d statements, of 2 ran %d: want the same", big, small)
	}
}

// TestAPICheckInCostsConstantStatements checks that a weekly check-in
// through the API runs as many statements for 12 key results as for 2, on
// both databases: authentication, then the store's constant few.
func TestAPICheckInCostsConstantStatements(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		krs := []okr.KeyResult{e.kr}
		for i := range 11 {
			krs = append(krs, e.ownedKR(t, e.objective.ID, fmt.Sprintf("KR %d", i)))
		}
		value := 0
		post := func(krs []okr.KeyResult) int64 {
			value++
			var checkIns []map[string]any
			for _, kr := range krs {
				checkIns = append(checkIns, map[string]any{"key_result_id": kr.ID, "value": value, "confidence": "at_risk"})
			}
			ctx, counter := store.WithQueryCounter(testCtx)
			var out checkInsOut
			e.doCtx(t, ctx, asOwner, http.MethodPost, "/api/v1/check-ins", map[string]any{"check_ins": checkIns}).
				want(t, http.StatusCreated).decode(t, &out)
			if len(out.CheckIns) != len(krs) || out.CheckIns[len(krs)-1].KeyResultID != krs[len(krs)-1].ID || out.CheckIns[0].Value != float64(value) {
				t.Fatalf("POST /check-ins = %+v, want %d check-ins of value %d in the order sent", out.CheckIns, len(krs), value)
			}
			return counter.Count()
		}
		post(krs[:1]) // the first request of a token records its use
		small, large := post(krs[:2]), post(krs)
		// 14: one read of the key results' values for okr.DoubtValue
		// (store.ValueHistories) before the store's write, and the store's
		// (store.maxCheckInStatements, with the token's and the stamp's).
		if small != large || large > 14 {
			t.Errorf("a check-in of 2 key results ran %d statements, of 12 ran %d: want the same, at most 14", small, large)
		}
		for _, kr := range must(e.db.ListKeyResults(testCtx, e.org.ID, []int64{e.objective.ID}, false))(t) {
			if kr.Current == nil || *kr.Current != float64(value) || kr.Confidence != okr.AtRisk {
				t.Errorf("KR %q after the check-in = %v %q, want %d at risk", kr.Title, kr.Current, kr.Confidence, value)
			}
		}
	})
}

// TestAPICheckInDoubt: a value that takes a key result from its start to
// its target in one step is refused with 422 and the doubt's code on its
// field, nothing saved, and saved when sent with confirm: true; a value on
// course is saved at once.
func TestAPICheckInDoubt(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		kr := e.ownedKR(t, e.objective.ID, "Paying customers in Norway") // 0 → 100
		send := func(value float64, confirm bool) *response {
			return e.do(t, asOwner, http.MethodPost, "/api/v1/check-ins", map[string]any{"check_ins": []map[string]any{
				{"key_result_id": e.kr.ID, "value": 5, "confidence": "on_track"},
				{"key_result_id": kr.ID, "value": value, "confidence": "on_track", "confirm": confirm}}})
		}
		eb := send(100, false).wantError(t, http.StatusUnprocessableEntity, "invalid", "check_ins[1].value")
		if len(eb.Errors) != 1 || eb.Errors[0].Code != "doubt_jump_to_done" || !strings.Contains(eb.Message, "confirm: true") {
			t.Errorf("got %+v, want one error coded doubt_jump_to_done that says how to confirm", eb)
		}
		if got := must(e.db.GetKeyResult(testCtx, e.org.ID, kr.ID))(t); got.Current != nil {
			t.Fatalf("saved %v before it was confirmed", *got.Current)
		}
		send(100, true).want(t, http.StatusCreated)
		if got := must(e.db.GetKeyResult(testCtx, e.org.ID, kr.ID))(t); got.Current == nil || *got.Current != 100 {
			t.Fatalf("confirmed: current %v, want 100", got.Current)
		}
		send(120, false).want(t, http.StatusCreated) // past the target, but not far
	})
}
