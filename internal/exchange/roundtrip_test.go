package exchange_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/exchange"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/okrfile"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

func mustDecode(t *testing.T, name string, data []byte) *okrfile.File {
	t.Helper()
	f, err := okrfile.Decode(bytes.NewReader(data), name)
	if err != nil {
		t.Fatalf("Decode(%s): %v", name, err)
	}
	return f
}

func mustExport(t *testing.T, db *store.DB, orgID int64) []byte {
	t.Helper()
	f, err := exchange.Export(context.Background(), db, orgID, "")
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	var buf bytes.Buffer
	if err := okrfile.Encode(&buf, f); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return buf.Bytes()
}

// The format round-trips through the database: export → import into an
// empty database → export gives the same file, on both dialects.
func TestRoundTripThroughDatabase(t *testing.T) {
	example, err := os.ReadFile("../../docs/examples/artbyx.yaml")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org, sum, err := exchange.Import(ctx, db, mustDecode(t, "artbyx.yaml", example), "")
		if err != nil {
			t.Fatalf("Import(example): %v", err)
		}
		if sum.Objectives == 0 || sum.CheckIns == 0 {
			t.Fatalf("Import(example) wrote %v, want objectives and check-ins", sum)
		}
		first := mustExport(t, db, org.ID)

		empty := storetest.Open(t, db.Dialect())
		org2, _, err := exchange.Import(ctx, empty, mustDecode(t, "export.yaml", first), "")
		if err != nil {
			t.Fatalf("Import(export): %v", err)
		}
		second := mustExport(t, empty, org2.ID)
		if !bytes.Equal(first, second) {
			t.Errorf("export → import → export differs:\n--- first\n%s\n--- second\n%s", first, second)
		}
	})
}

// An import that clashes with the database reports every clash at once,
// each with its line and column, and writes nothing, not even the new
// organisation.
func TestImportReportsDatabaseClashesWithPositions(t *testing.T) {
	example, err := os.ReadFile("../../docs/examples/artbyx.yaml")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustDecode(t, "a.yaml", example)
		org, _, err := exchange.Import(ctx, db, f, "")
		if err != nil {
			t.Fatalf("first Import: %v", err)
		}
		// The same people again under another slug: every e-mail address
		// is taken.
		_, _, err = exchange.Import(ctx, db, mustDecode(t, "a.yaml", example), "second-org")
		var probs okrfile.Problems
		if !errors.As(err, &probs) || len(probs) != len(f.People) {
			t.Fatalf("second Import error = %v, want %d problems, one per person", err, len(f.People))
		}
		for i, p := range probs {
			want := f.Pos(fmt.Sprintf("people[%d].email", i))
			if p.File != "a.yaml" || p.Line != want.Line || p.Col != want.Col || !strings.Contains(p.Message, f.People[i].Person.Email) {
				t.Errorf("problem %d = %v, want a.yaml:%s about %s", i, p, want, f.People[i].Person.Email)
			}
		}
		_, err = db.GetOrgBySlug(ctx, "second-org")
		if code := okr.ErrorCode(err); code != okr.ENOTFOUND {
			t.Errorf("after a failed import GetOrgBySlug error code = %q, want %q", code, okr.ENOTFOUND)
		}
		// Into the existing organisation without its people: import would
		// add every unit again, the company included (issue 14); it is
		// refused, pointing to okr apply, and nothing is written.
		before := mustExport(t, db, org.ID)
		f2 := mustDecode(t, "a.yaml", example)
		f2.People = nil
		_, _, err = exchange.Import(ctx, db, f2, "")
		if okr.ErrorCode(err) != okr.ECONFLICT || !strings.Contains(err.Error(), "okr apply") {
			t.Fatalf("Import into the same organisation: %v, want a conflict pointing to okr apply", err)
		}
		if after := mustExport(t, db, org.ID); !bytes.Equal(before, after) {
			t.Errorf("a refused import changed the organisation")
		}
	})
}

// Archived periods (with their objectives) and archived initiatives are
// part of an export, marked archived, and survive the round trip: an
// export is a complete copy, nothing archived is lost.
func TestExportKeepsArchivedPeriodsAndInitiatives(t *testing.T) {
	example, err := os.ReadFile("../../docs/examples/artbyx.yaml")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org, _, err := exchange.Import(ctx, db, mustDecode(t, "artbyx.yaml", example), "")
		if err != nil {
			t.Fatalf("Import(example): %v", err)
		}
		sys := store.SystemActor(org.ID)
		periods, err := db.ListPeriods(ctx, org.ID)
		if err != nil || len(periods) == 0 {
			t.Fatalf("ListPeriods = %d, %v; want periods", len(periods), err)
		}
		p := periods[len(periods)-1]
		objs, _, err := db.ListObjectives(ctx, org.ID, store.ObjectiveFilter{PeriodID: p.ID})
		if err != nil || len(objs) == 0 {
			t.Fatalf("objectives of %s = %d, %v; want some", p.Name, len(objs), err)
		}
		if _, err := db.ArchivePeriod(ctx, sys, p.ID, p.Version); err != nil {
			t.Fatalf("ArchivePeriod: %v", err)
		}
		in := mustFirstInitiative(t, db, org.ID)
		if _, err := db.ArchiveInitiative(ctx, sys, in.ID, in.Version); err != nil {
			t.Fatalf("ArchiveInitiative: %v", err)
		}

		first := mustExport(t, db, org.ID)
		f := mustDecode(t, "export.yaml", first)
		var gotPeriod, gotInitiative bool
		for _, rec := range f.Periods {
			gotPeriod = gotPeriod || (rec.Period.Name == p.Name && rec.Period.Archived)
		}
		n := 0
		for _, o := range f.Objectives {
			if o.PeriodName == p.Name {
				n++
			}
			for _, kr := range o.KeyResults {
				for _, i := range kr.Initiatives {
					gotInitiative = gotInitiative || (i.Initiative.Title == in.Title && i.Initiative.Archived)
				}
			}
		}
		if !gotPeriod || n != len(objs) || !gotInitiative {
			t.Fatalf("export has archived period %s: %v with %d objectives (want %d); archived initiative %q: %v",
				p.Name, gotPeriod, n, len(objs), in.Title, gotInitiative)
		}
		empty := storetest.Open(t, db.Dialect())
		org2, _, err := exchange.Import(ctx, empty, f, "")
		if err != nil {
			t.Fatalf("Import(export): %v", err)
		}
		if second := mustExport(t, empty, org2.ID); !bytes.Equal(first, second) {
			t.Errorf("export → import → export differs:\n--- first\n%s\n--- second\n%s", first, second)
		}
	})
}

// mustFirstInitiative returns the first active initiative of the org.
func mustFirstInitiative(t *testing.T, db *store.DB, orgID int64) okr.Initiative {
	t.Helper()
	ctx := context.Background()
	objs, _, err := db.ListObjectives(ctx, orgID, store.ObjectiveFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(objs))
	for i, o := range objs {
		ids[i] = o.ID
	}
	krs, err := db.ListKeyResults(ctx, orgID, ids, false)
	if err != nil {
		t.Fatal(err)
	}
	krIDs := make([]int64, len(krs))
	for i, kr := range krs {
		krIDs[i] = kr.ID
	}
	ins, err := db.ListInitiatives(ctx, orgID, krIDs)
	if err != nil || len(ins) == 0 {
		t.Fatalf("ListInitiatives = %d, %v; want some", len(ins), err)
	}
	return ins[0]
}

// A milestone removed after check-ins named it stays in the export,
// archived, and the check-ins keep naming it; so do the milestones of a key
// result that stopped being a checklist. The export imports again and
// round-trips.
func TestExportKeepsRemovedMilestones(t *testing.T) {
	example, err := os.ReadFile("../../docs/examples/artbyx.yaml")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org, _, err := exchange.Import(ctx, db, mustDecode(t, "artbyx.yaml", example), "")
		if err != nil {
			t.Fatalf("Import(example): %v", err)
		}
		sys := store.SystemActor(org.ID)
		launch := mustKRTitled(t, db, org.ID, "Nettbutikken er lansert med design, logistikk og betaling på plass")
		var kept []okr.Milestone
		for _, m := range launch.Milestones {
			if m.Title != "Logistikk avtalt" {
				kept = append(kept, m)
			}
		}
		launch.Milestones = append(kept, okr.Milestone{Title: "Lansert i Sverige"})
		if _, err := db.UpdateKeyResult(ctx, sys, launch, ""); err != nil {
			t.Fatalf("UpdateKeyResult(drop a milestone): %v", err)
		}
		vipps := mustKRTitled(t, db, org.ID, "Kundene kan betale med Vipps")
		vipps.Metric = okr.Metric{Kind: okr.MetricMilestones, Unit: vipps.Metric.Unit}
		vipps.Milestones = []okr.Milestone{{Title: "Avtale signert"}}
		if vipps, err = db.UpdateKeyResult(ctx, sys, vipps, "Vi følger det som en sjekkliste"); err != nil {
			t.Fatalf("UpdateKeyResult(to milestones): %v", err)
		}
		if _, err := db.CreateCheckIns(ctx, sys, []okr.CheckIn{{KeyResultID: vipps.ID, Confidence: okr.OnTrack,
			MilestonesDone: []int64{vipps.Milestones[0].ID}, At: time.Date(2025, 2, 1, 12, 0, 0, 0, time.UTC)}}); err != nil {
			t.Fatalf("CreateCheckIns: %v", err)
		}
		vipps = mustKRTitled(t, db, org.ID, "Kundene kan betale med Vipps")
		vipps.Metric = okr.Metric{Kind: okr.MetricBoolean, Unit: vipps.Metric.Unit}
		vipps.Milestones = nil
		if _, err := db.UpdateKeyResult(ctx, sys, vipps, "Tilbake til ja/nei"); err != nil {
			t.Fatalf("UpdateKeyResult(back to yes/no): %v", err)
		}

		first := mustExport(t, db, org.ID)
		for _, want := range []string{"title: Logistikk avtalt\n", "milestones_done: [Design ferdig, Logistikk avtalt]", "title: Avtale signert\n"} {
			if !bytes.Contains(first, []byte(want)) {
				t.Errorf("export lacks %q", want)
			}
		}
		if n := bytes.Count(first, []byte("archived: true")); n != 2 {
			t.Errorf("export has %d archived: true, want 2 (the two removed milestones)", n)
		}
		empty := storetest.Open(t, db.Dialect())
		org2, _, err := exchange.Import(ctx, empty, mustDecode(t, "export.yaml", first), "")
		if err != nil {
			t.Fatalf("Import(export): %v", err)
		}
		if second := mustExport(t, empty, org2.ID); !bytes.Equal(first, second) {
			t.Errorf("export → import → export differs:\n--- first\n%s\n--- second\n%s", first, second)
		}
		got := mustKRTitled(t, empty, org2.ID, "Nettbutikken er lansert med design, logistikk og betaling på plass")
		if len(got.Milestones) != 4 {
			t.Errorf("imported checklist = %+v, want the 4 active milestones", got.Milestones)
		}
	})
}

// mustKRTitled returns the org's key result with the title.
func mustKRTitled(t *testing.T, db *store.DB, orgID int64, title string) okr.KeyResult {
	t.Helper()
	ctx := context.Background()
	objs, _, err := db.ListObjectives(ctx, orgID, store.ObjectiveFilter{IncludeArchived: true})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(objs))
	for i, o := range objs {
		ids[i] = o.ID
	}
	krs, err := db.ListKeyResults(ctx, orgID, ids, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, kr := range krs {
		if kr.Title == title {
			return kr
		}
	}
	t.Fatalf("no key result %q", title)
	return okr.KeyResult{}
}
