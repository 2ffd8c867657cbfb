package web

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
	"github.com/okr-dev/okr/internal/view"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// cardPages returns a page per language.
func cardPages(t testing.TB) []*Page {
	t.Helper()
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	var pages []*Page
	for _, lang := range i18n.Languages {
		pages = append(pages, &Page{L: b.Localizer(lang), Lang: lang})
	}
	if len(pages) < 3 {
		t.Fatalf("got %d languages, want at least nb, sv and en", len(pages))
	}
	return pages
}

// cardCoverage counts the kinds of card a test checked, so that a test
// can require that every kind came up.
type cardCoverage struct {
	cards, drafts, noKRs, parents, rollups, rollupOnly, otherKROwner, confidence, noHref, h2 int
}

// checkCard renders o's card and checks it as a document: labelled by its
// heading (h2 or h3), the title linking to the objective, the owner's
// level and name (linked when they have a page), the parent, one item per
// key result with its link, figures, owner when not the objective's, and
// confidence; status pills unless a draft; a progress bar each; the
// roll-up note.
func checkCard(t *testing.T, p *Page, o *view.ObjView, h string, cov *cardCoverage) {
	t.Helper()
	doc := document(t, renderString(ObjCard(p, o, h)))
	where := fmt.Sprintf("card of objective %d (%s, %s)", o.O.ID, p.Lang, h)
	art := one(t, doc, "article.card.obj")
	id := fmt.Sprintf("obj-%d-t", o.O.ID)
	if v, _ := art.Attr("aria-labelledby"); v != id {
		t.Errorf("%s: labelled by %q, want %q", where, v, id)
	}
	tag := "h3"
	if h == "h2" {
		tag = "h2"
	}
	head := one(t, art, tag+".obj-title#"+id)
	if got, want := head.Text(), clean(o.O.Title); got != want {
		t.Errorf("%s: title %q, want %q", where, got, want)
	}
	if v, _ := head.Find("a").Attr("href"); v != fmt.Sprintf("/objectives/%d", o.O.ID) {
		t.Errorf("%s: title links to %q", where, v)
	}
	if got := textOf(art, ".obj-meta .badge"); got != p.L.T("level."+string(o.Owner.Level)) {
		t.Errorf("%s: level badge %q", where, got)
	}
	owner := art.Find(".obj-meta > span").Eq(1)
	if got := owner.Text(); got != clean(o.Owner.Name) {
		t.Errorf("%s: owner %q, want %q", where, got, clean(o.Owner.Name))
	}
	href, linked := owner.Find("a").Attr("href")
	switch {
	case o.Owner.Href == "" && linked:
		t.Errorf("%s: owner linked to %q without a page", where, href)
	case o.Owner.Href != "" && !linked:
		t.Errorf("%s: owner not linked", where)
	case strings.HasPrefix(strings.ToLower(href), "javascript:"):
		t.Errorf("%s: owner link %q runs script", where, href)
	}
	if o.Parent != nil {
		if v := attrOf(art, ".obj-meta a[href^='/objectives/']", "href"); v != fmt.Sprintf("/objectives/%d", o.Parent.O.ID) {
			t.Errorf("%s: parent link %q", where, v)
		}
		cov.parents++
	}
	draft := o.Draft()
	if got := art.Find(".obj-side .pill-draft").Length(); (got == 1) != draft {
		t.Errorf("%s: draft pill %d, draft %v", where, got, draft)
	}
	if got := strings.Contains(textOf(art, ".obj-side"), p.L.T("word.rollup")); got != (o.HasRollup && o.HasKRs) {
		t.Errorf("%s: roll-up note %v", where, got)
	}
	items := art.Find("li.kr")
	if items.Length() != len(o.KRs) {
		t.Fatalf("%s: %d key result items, want %d", where, items.Length(), len(o.KRs))
	}
	if len(o.KRs) == 0 && textOf(art, "p.kr") != p.L.T("obj.no_krs") {
		t.Errorf("%s: no key results and no note", where)
	}
	otherOwner, confidence := false, false
	for i, k := range o.KRs {
		li := items.Eq(i)
		if v := attrOf(li, ".kr-title a", "href"); v != fmt.Sprintf("/objectives/%d#kr-%d", o.O.ID, k.KR.ID) {
			t.Errorf("%s: key result %d links to %q", where, k.KR.ID, v)
		}
		if got := li.Find(".kr-title").Text(); got != clean(k.KR.Title) {
			t.Errorf("%s: key result title %q", where, got)
		}
		if got := li.Find(".val").Text(); got != p.Current(&k.KR) {
			t.Errorf("%s: key result %d value %q, want %q", where, k.KR.ID, got, p.Current(&k.KR))
		}
		facts := li.Find(".kr-facts").Text()
		if !strings.Contains(facts, p.Goal(&k.KR)) {
			t.Errorf("%s: key result %d facts %q lack the goal %q", where, k.KR.ID, facts, p.Goal(&k.KR))
		}
		if k.Owner.Name != o.Owner.Name {
			otherOwner = true
			if !strings.Contains(facts, clean(k.Owner.Name)) {
				t.Errorf("%s: key result %d facts %q lack its owner", where, k.KR.ID, facts)
			}
		}
		if k.KR.Confidence != "" {
			confidence = true
			if li.Find(".conf.conf-"+string(k.KR.Confidence)).Length() != 1 {
				t.Errorf("%s: key result %d without its confidence", where, k.KR.ID)
			}
		}
		if got := li.Find(".kr-side .pill").Length(); (got == 1) == draft {
			t.Errorf("%s: key result %d has %d status pills (draft %v)", where, k.KR.ID, got, draft)
		}
		if li.Find(".kr-side .progress svg.bar").Length() != 1 {
			t.Errorf("%s: key result %d without a progress bar", where, k.KR.ID)
		}
	}
	if art.Find("b, script").Length() > 0 {
		t.Errorf("%s: text became markup", where)
	}
	cov.cards++
	if h == "h2" {
		cov.h2++
	}
	if draft {
		cov.drafts++
	}
	if len(o.KRs) == 0 {
		cov.noKRs++
		if o.HasRollup {
			cov.rollupOnly++
		}
	} else if o.HasRollup {
		cov.rollups++
	}
	if o.Owner.Href == "" {
		cov.noHref++
	}
	if otherOwner {
		cov.otherKROwner++
	}
	if confidence {
		cov.confidence++
	}
}

// clean is s as the HTML parser reads text back: without NUL.
func clean(s string) string { return strings.ReplaceAll(s, "\x00", "") }

// orgBoards builds a board of every period of the organisation, with all
// its objectives (drafts too) and key results.
func orgBoards(t testing.TB, db *store.DB, orgID int64, now time.Time) []*view.Board {
	t.Helper()
	ctx := context.Background()
	units, err := db.ListUnits(ctx, orgID, store.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	people, _, err := db.ListPeople(ctx, orgID, store.PersonFilter{})
	if err != nil {
		t.Fatal(err)
	}
	dir := view.NewDirectory(units, people)
	periods, err := db.ListPeriods(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	var boards []*view.Board
	for _, period := range periods {
		objs, _, err := db.ListObjectives(ctx, orgID, store.ObjectiveFilter{PeriodID: period.ID})
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]int64, len(objs))
		for i := range objs {
			ids[i] = objs[i].ID
		}
		krs, err := db.ListKeyResults(ctx, orgID, ids, false)
		if err != nil {
			t.Fatal(err)
		}
		boards = append(boards, view.NewBoard(period, now, dir, objs, krs))
	}
	return boards
}

// renderOrgs are the demo organisation and a generated medium one in one
// database, for the tests that compare Go renderers with the templates
// they replaced.
type renderOrgs struct {
	db     *store.DB
	demoID int64
	medium gen.Result
}

func loadRenderOrgs(t *testing.T) *renderOrgs {
	t.Helper()
	ctx := context.Background()
	o := &renderOrgs{db: storetest.Open(t, store.DialectSQLite)}
	res, err := demo.Load(ctx, o.db, perfDay)
	if err != nil {
		t.Fatal(err)
	}
	o.demoID = res.OrgID
	spec, err := gen.SpecFor("medium")
	if err != nil {
		t.Fatal(err)
	}
	if o.medium, err = gen.Generate(ctx, o.db, gen.Options{Spec: spec, Seed: 1, Now: perfDay, Password: perfPassword}); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestCards checks every objective card of the demo organisation and of
// a generated medium one, in every language, as documents (checkCard).
func TestCards(t *testing.T) {
	orgs := loadRenderOrgs(t)
	pages := cardPages(t)
	var demoCov cardCoverage
	for _, b := range orgBoards(t, orgs.db, orgs.demoID, perfDay) {
		for _, o := range b.Objs {
			for _, p := range pages {
				checkCard(t, p, o, "h3", &demoCov)
				checkCard(t, p, o, "h2", &demoCov)
			}
		}
	}
	if demoCov.cards == 0 || demoCov.drafts == 0 || demoCov.otherKROwner == 0 || demoCov.parents == 0 || demoCov.rollups == 0 || demoCov.confidence == 0 {
		t.Errorf("demo: checked %+v, want drafts and cards with a parent, a roll-up, another KR owner and a confidence", demoCov)
	}
	var genCov cardCoverage
	for _, b := range orgBoards(t, orgs.db, orgs.medium.Org.ID, perfDay) {
		for i, o := range b.Objs {
			checkCard(t, pages[i%len(pages)], o, []string{"h2", "h3"}[i%2], &genCov)
		}
	}
	if genCov.cards < 300 || genCov.parents == 0 || genCov.rollups == 0 || genCov.otherKROwner == 0 {
		t.Errorf("medium: checked %+v, want hundreds of cards with parents, roll-ups and other KR owners", genCov)
	}
}

// TestCardEdgeCases checks cards the organisations do not have: text that
// needs escaping, owners without a link or with links that need escaping
// or would run script, drafts, a roll-up without key results, figures out
// of range.
func TestCardEdgeCases(t *testing.T) {
	pages := cardPages(t)
	ugly := `<b>"C++" & 'x' > y</b>` + "\x00 \xff æøå ✓"
	parent := &view.ObjView{O: okr.Objective{ID: 3, Title: ugly}}
	kr := func(id int64, title, owner string, c okr.Confidence, kind okr.MetricKind, status okr.Status, progress, expected float64) *view.KRView {
		cur := 1234.5
		return &view.KRView{
			KR: okr.KeyResult{ID: id, Title: title, Confidence: c, Current: &cur,
				Metric: okr.Metric{Kind: kind, Start: 0, Target: 2000, Unit: okr.Measure{Kind: okr.MeasureCustom, Code: "<kg+>"}}},
			Owner: view.Owner{Name: owner}, Progress: progress, Status: status, Expected: expected,
		}
	}
	objs := []*view.ObjView{
		{O: okr.Objective{ID: 1, Title: ugly, State: okr.StatePublished}, Owner: view.Owner{Name: ugly, Href: "/people/1", Level: okr.LevelIndividual},
			Parent: parent, Status: okr.StatusBehind, Progress: 0.333, Expected: 0.5, HasKRs: true, Rollup: 0.25, HasRollup: true,
			KRs: []*view.KRView{
				kr(10, ugly, ugly, okr.AtRisk, okr.MetricIncrease, okr.StatusBehind, 0.3, 0.5),
				kr(11, "plain", "Someone + else", "", okr.MetricStayAbove, okr.StatusAhead, 1.7, -1),
				kr(12, "m", ugly, okr.OnTrack, okr.MetricMilestones, okr.StatusStale, math.NaN(), math.NaN()),
				kr(13, "b", "", okr.OffTrack, okr.MetricBoolean, okr.StatusOnTrack, -0.2, 1.5),
			}},
		{O: okr.Objective{ID: 2, Title: "draft", State: okr.StateDraft}, Owner: view.Owner{Name: "–", Level: ""},
			Status: okr.StatusOnTrack, Expected: -1, HasKRs: true,
			KRs: []*view.KRView{kr(20, "d", "–", okr.OnTrack, okr.MetricDecrease, okr.StatusOnTrack, 0.5, 0.5)}},
		{O: okr.Objective{ID: 4, Title: "rolls up", State: okr.StatePublished}, Owner: view.Owner{Name: "Team", Href: "/units/ä ö?x=1&y=\"2\"", Level: okr.LevelTeam},
			Rollup: 0.61, HasRollup: true, Status: okr.StatusAhead, Expected: 0.4},
		{O: okr.Objective{ID: 5, Title: "unsafe link", State: okr.StateDraft}, Owner: view.Owner{Name: "X", Href: "javascript:alert(1)", Level: okr.LevelCompany},
			Parent: parent, Expected: 0.1},
		{O: okr.Objective{ID: 6, Title: "percent", State: okr.StatePublished}, Owner: view.Owner{Name: "Y", Href: "/people/%41%zz#frag", Level: okr.LevelDepartment}},
	}
	var cov cardCoverage
	for _, o := range objs {
		for _, k := range o.KRs {
			k.Obj = o
		}
		for _, p := range pages {
			for _, h := range []string{"h2", "h3", ""} {
				checkCard(t, p, o, h, &cov)
			}
		}
	}
	if cov.drafts == 0 || cov.rollupOnly == 0 || cov.noHref == 0 || cov.otherKROwner == 0 {
		t.Errorf("checked %+v, want drafts, a roll-up without key results, an owner without a link and other KR owners", cov)
	}
	// Bars stay inside 0..100 % whatever the figure.
	for _, f := range []float64{math.NaN(), math.Inf(1), -0.3, 1.5} {
		if w := barWidth(f); w != "0.0%" && w != "100.0%" {
			t.Errorf("barWidth(%v) = %s", f, w)
		}
	}
}

// BenchmarkCard renders the demo organisation's cards (of its fullest
// period) in English, without the card cache.
func BenchmarkCard(b *testing.B) {
	db := storetest.Open(b, store.DialectSQLite)
	res, err := demo.Load(context.Background(), db, perfDay)
	if err != nil {
		b.Fatal(err)
	}
	boards := orgBoards(b, db, res.OrgID, perfDay)
	p := cardPages(b)[0]
	var objs []*view.ObjView
	for _, bd := range boards {
		if len(bd.Objs) > len(objs) {
			objs = bd.Objs
		}
	}
	var sb strings.Builder
	for b.Loop() {
		sb.Reset()
		if err := ObjCards(p, objs, "h3").Render(context.Background(), &sb); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(objs)), "ns/card")
}

// TestPctMatchesLocalizer compares the remembered percentages with
// Localizer.Pct on a fine grid, around every half percent and at awkward
// figures.
func TestPctMatchesLocalizer(t *testing.T) {
	var figures []float64
	for i := -200; i <= 12000; i++ {
		figures = append(figures, float64(i)/10000)
	}
	for i := 0; i <= 1001; i++ {
		h := (float64(i) + 0.5) / 100
		figures = append(figures, h, math.Nextafter(h, 0), math.Nextafter(h, 2), h-0.00005, h+0.00005)
	}
	figures = append(figures, 0, math.Copysign(0, -1), -0.004, -0.005, -0.006, 10, 10.004, 10.01, 25, math.NaN(), math.Inf(1), math.Inf(-1), 1e300)
	for _, p := range cardPages(t) {
		for _, v := range figures {
			for range 2 { // the second time from the cache
				if got, want := p.pct(v), p.L.Pct(v); got != want {
					t.Fatalf("%s: pct(%v) = %q, want %q", p.Lang, v, got, want)
				}
			}
		}
	}
}
