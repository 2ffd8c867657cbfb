package store

import (
	"slices"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

func TestPeriods(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		// Dates keep their calendar day whatever the time zone they come in.
		oslo := time.FixedZone("CET", 3600)
		p := must(db.CreatePeriod(ctx, as(f.admin), okr.Period{Name: " 2026 ", Kind: okr.PeriodYear,
			Start: time.Date(2026, 1, 1, 0, 30, 0, 0, oslo), End: time.Date(2026, 12, 31, 23, 0, 0, 0, oslo)}))(t)
		got := must(db.GetPeriod(ctx, f.org.ID, p.ID))(t)
		if got.Name != "2026" || !got.Start.Equal(date(2026, 1, 1)) || !got.End.Equal(date(2026, 12, 31)) || got.Closed {
			t.Fatalf("GetPeriod = %+v, want 2026-01-01..2026-12-31 open", got)
		}
		_, err := db.CreatePeriod(ctx, as(f.lead), okr.Period{Name: "x", Kind: okr.PeriodQuarter, Start: date(2026, 1, 1), End: date(2026, 3, 31)})
		wantCode(t, err, okr.EFORBIDDEN)
		_, err = db.CreatePeriod(ctx, f.sys, okr.Period{Name: "x", Kind: okr.PeriodQuarter, Start: date(2026, 3, 1), End: date(2026, 1, 31)})
		wantField(t, err, "end")

		q2 := must(db.CreatePeriod(ctx, f.sys, okr.Period{Name: "Q2 2026", Kind: okr.PeriodQuarter, Start: date(2026, 4, 1), End: date(2026, 6, 30)}))(t)
		list := must(db.ListPeriods(ctx, f.org.ID))(t)
		if len(list) != 3 || list[0].ID != q2.ID {
			t.Fatalf("ListPeriods = %+v, want 3 with Q2 (latest start) first", list)
		}

		cur := func(y int, m time.Month, d int) int64 {
			return must(db.CurrentPeriod(ctx, f.org.ID, time.Date(y, m, d, 12, 0, 0, 0, time.UTC)))(t).ID
		}
		if got := cur(2026, 2, 10); got != f.period.ID {
			t.Fatalf("CurrentPeriod(Feb) = %d, want Q1 %d (the quarter beats the year)", got, f.period.ID)
		}
		if got := cur(2026, 3, 31); got != f.period.ID {
			t.Fatalf("CurrentPeriod(31 March) = %d, want Q1 (the end day is inclusive)", got)
		}
		if got := cur(2026, 9, 1); got != p.ID {
			t.Fatalf("CurrentPeriod(Sep) = %d, want the year %d (no quarter)", got, p.ID)
		}
		if got := cur(2030, 1, 1); got != q2.ID {
			t.Fatalf("CurrentPeriod(2030) = %d, want the latest-starting %d", got, q2.ID)
		}
		q1 := f.period
		q1.Closed = true
		q1 = must(db.UpdatePeriod(ctx, f.sys, q1))(t)
		if got := cur(2026, 2, 10); got != p.ID {
			t.Fatalf("CurrentPeriod(Feb) with Q1 closed = %d, want the year %d", got, p.ID)
		}
		arch := must(db.ArchivePeriod(ctx, f.sys, p.ID, p.Version))(t)
		if got := cur(2026, 9, 1); got != q2.ID {
			t.Fatalf("CurrentPeriod(Sep) with the year archived = %d, want %d", got, q2.ID)
		}
		if list := must(db.ListPeriods(ctx, f.org.ID))(t); len(list) != 2 {
			t.Fatalf("ListPeriods after archive = %d, want 2", len(list))
		}
		if list := must(db.ListAllPeriods(ctx, f.org.ID))(t); len(list) != 3 || !slices.ContainsFunc(list, func(x okr.Period) bool { return x.ID == p.ID && x.Archived }) {
			t.Fatalf("ListAllPeriods after archive = %+v, want all 3 with the year archived", list)
		}
		_, err = db.UpdatePeriod(ctx, f.sys, p)
		wantCode(t, err, okr.ESTALE)
		must(db.RestorePeriod(ctx, f.sys, p.ID, arch.Version))(t)

		empty := must(db.CreateOrg(ctx, "Empty", "empty"))(t)
		_, err = db.CurrentPeriod(ctx, empty.ID, time.Now())
		wantCode(t, err, okr.ENOTFOUND)
	})
}
