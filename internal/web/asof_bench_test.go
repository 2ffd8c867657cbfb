package web

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkAsOf compares each read view of the organisation as of two
// weeks ago with the same view today (docs/insight.md, time travel): the
// past is built once (BenchmarkAsOfBuild measures that), then served like
// the present. The budget is 3× the live view.
//
//	OKR_BENCH_SIZE=large go test -run '^$' -bench AsOf -benchtime 100x ./internal/web
func BenchmarkAsOf(b *testing.B) {
	p := benchOrg(b)
	period := p.period.ID
	day := perfDay.AddDate(0, 0, -14).Format(time.DateOnly)
	for _, bm := range []struct {
		name string
		path func(i int) string
	}{
		{"objective/team", func(i int) string { return fmt.Sprintf("/objectives/%d?", pick(p.team, i).ID) }},
		{"api-objective", func(i int) string { return fmt.Sprintf("/api/v1/objectives/%d?", pick(p.team, i).ID) }},
		{"api-team-objectives", func(i int) string {
			return fmt.Sprintf("/api/v1/objectives?period_id=%d&owner_unit_id=%d&", period, pick(p.teams, i))
		}},
		{"unit/team", func(i int) string { return fmt.Sprintf("/units/%d?period=%d&", pick(p.teams, i), period) }},
		{"overview/department", func(i int) string { return fmt.Sprintf("/overview?period=%d&unit=%d&", period, pick(p.depts, i)) }},
		{"overview/company", func(int) string { return fmt.Sprintf("/overview?period=%d&", period) }},
		{"alignment-map", func(int) string { return fmt.Sprintf("/alignment?period=%d&", period) }},
		{"home", func(int) string { return fmt.Sprintf("/?period=%d&", period) }},
	} {
		param := "asof="
		if len(bm.name) > 4 && bm.name[:4] == "api-" {
			param = "as_of="
		}
		b.Run("live/"+bm.name, func(b *testing.B) {
			benchGet(b, p, func(i int) string {
				if param == "asof=" {
					return bm.path(i) + param // back to today
				}
				return bm.path(i)[:len(bm.path(i))-1]
			})
		})
		b.Run("asof/"+bm.name, func(b *testing.B) {
			benchGet(b, p, func(i int) string { return bm.path(i) + param + day })
		})
	}
	p.get("/?asof=")
}

// BenchmarkAsOfBuild is the first look at a past day: the organisation's
// copy as of two weeks ago (store.DB.AsOf).
func BenchmarkAsOfBuild(b *testing.B) {
	p := benchOrg(b)
	orgID := p.person.OrgID
	at := perfDay.AddDate(0, 0, -14)
	for b.Loop() {
		past, err := p.db.AsOf(context.Background(), orgID, at)
		if err != nil {
			b.Fatal(err)
		}
		past.Close()
	}
}
