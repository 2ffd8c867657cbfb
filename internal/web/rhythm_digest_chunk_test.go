package web

import (
	"context"
	"io"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// TestDigestWeekReadsInChunks checks that the week a digest tells of is
// the same whether digestWeek reads the check-ins of one key result at a
// time or of all at once: each key result looks at its own check-ins
// however the chunks fall.
func TestDigestWeekReadsInChunks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res, err := gen.Generate(ctx, db, gen.Options{Spec: statementSpec, Seed: 3, Now: perfDay, Password: perfPassword})
		if err != nil {
			t.Fatal(err)
		}
		srv := &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return perfDay }}
		to := perfDay
		from := to.AddDate(0, 0, -7)
		week := func(chunk int) *digestWeek {
			t.Helper()
			old := digestChunk
			digestChunk = chunk
			defer func() { digestChunk = old }()
			snap, err := srv.snapshot(ctx, res.Org.ID, to, func(p okr.Period) bool { return !to.Before(p.Start) && !okr.PeriodOver(&p, from) })
			if err != nil {
				t.Fatal(err)
			}
			w, err := srv.digestWeek(ctx, snap, from, to)
			if err != nil {
				t.Fatal(err)
			}
			return w
		}
		one, all := week(1), week(1<<30)
		if len(all.checkIns) == 0 || len(all.news) == 0 {
			t.Fatalf("the generated week has %d key results with check-ins and %d objectives with news: nothing to compare", len(all.checkIns), len(all.news))
		}
		for _, c := range []struct {
			what      string
			got, want any
		}{{"check-ins", one.checkIns, all.checkIns}, {"turned worse", one.worse, all.worse}, {"news", one.news, all.news},
			{"new objectives", one.newObjs, all.newObjs}, {"graded", one.graded, all.graded}} {
			if !reflect.DeepEqual(c.got, c.want) {
				t.Errorf("%s read one key result at a time: %v, all at once: %v", c.what, c.got, c.want)
			}
		}
	})
}
