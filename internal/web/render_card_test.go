package web

import (
	"context"
	"html/template"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// objcardTemplate is the "objcard" template of templates/_okr.html as it
// was before Page.Card replaced it: the reference Card must match byte for
// byte.
const objcardTemplate = `{{define "draftpill"}}<span class="pill pill-draft">{{.P.L.T "state.draft"}}</span>{{end}}

{{/* objcard: P page, O *ObjView, H heading level tag ("h2"/"h3") */}}
{{define "objcard"}}{{$p := .P}}{{$o := .O}}
<article class="card obj" aria-labelledby="obj-{{$o.O.ID}}-t">
  <div class="obj-head">
    <div>
      <p class="obj-meta"><span class="badge">{{$p.L.T (key "level" $o.Owner.Level)}}</span><span>{{if $o.Owner.Href}}<a href="{{$o.Owner.Href}}">{{$o.Owner.Name}}</a>{{else}}{{$o.Owner.Name}}{{end}}</span>{{if $o.Parent}}<span>↑ <a href="/objectives/{{$o.Parent.O.ID}}">{{$o.Parent.O.Title}}</a></span>{{end}}</p>
      {{if eq .H "h2"}}<h2 class="obj-title" id="obj-{{$o.O.ID}}-t">{{else}}<h3 class="obj-title" id="obj-{{$o.O.ID}}-t">{{end}}<a href="/objectives/{{$o.O.ID}}">{{$o.O.Title}}</a>{{if eq .H "h2"}}</h2>{{else}}</h3>{{end}}
    </div>
    <div class="obj-side">
      {{if $o.Draft}}{{template "draftpill" (dict "P" $p)}}{{else}}{{$p.Pill $o.Status}}{{end}}
      {{$p.Bar $o.Shown $o.Expected $o.Status false}}
      {{if and $o.HasRollup $o.HasKRs}}<span class="small muted">{{$p.L.T "word.rollup"}}: {{$p.L.Pct $o.Rollup}}</span>{{end}}
    </div>
  </div>
  {{if $o.KRs}}<ul class="krs" aria-label="{{$p.L.T "word.key_results"}}">
    {{range $o.KRs}}<li class="kr">
      <div>
        <p class="kr-title"><a href="/objectives/{{$o.O.ID}}#kr-{{.KR.ID}}">{{.KR.Title}}</a></p>
        <p class="kr-facts mb-0"><span class="val">{{$p.Current .KR}}</span><span>{{$p.Goal .KR}}</span>{{if ne .Owner.Name $o.Owner.Name}}<span>{{.Owner.Name}}</span>{{end}}{{$p.Conf .KR.Confidence}}</p>
      </div>
      <div class="kr-side">
        {{if not $o.Draft}}{{$p.Pill .Status}}{{end}}
        {{$p.Bar .Progress .Expected .Status false}}
      </div>
    </li>{{end}}
  </ul>{{else}}<p class="kr muted small mb-0">{{$p.L.T "obj.no_krs"}}</p>{{end}}
</article>{{end}}`

// The reference implementations of the pieces the old templates called
// as templates: "pill", "bar" and "conf" before render_fast.go.
const piecesTemplate = `{{define "pill"}}<span class="pill pill-{{.S}}">{{.P.L.T (key "status" .S)}}</span>{{end}}
{{define "conf"}}{{if .C}}<span class="conf conf-{{.C}}">{{.P.L.T "confidence.label"}}: {{.P.L.T (key "confidence" .C)}}</span>{{end}}{{end}}
{{define "bar"}}<div class="progress{{if .Lg}} progress-lg{{end}}">
<svg class="bar bar-{{.S}}" aria-hidden="true" focusable="false"><rect class="bar-track" width="100%" height="100%" rx="4"/><rect class="bar-fill" width="{{barw .V}}%" height="100%" rx="4"/>{{if ge .E 0.0}}<line class="bar-expected" x1="{{barw .E}}%" x2="{{barw .E}}%" y1="-3" y2="130%"/>{{end}}</svg>
<span class="pct">{{.P.L.Pct .V}}</span></div>{{end}}`

// cardRef renders cards through the old template text.
type cardRef struct {
	t *template.Template
}

func newCardRef(t testing.TB) *cardRef {
	t.Helper()
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	tm, err := template.New("").Funcs(templateFuncs(a)).Parse(objcardTemplate + piecesTemplate)
	if err != nil {
		t.Fatal(err)
	}
	return &cardRef{t: tm}
}

func (r *cardRef) exec(t testing.TB, name string, data map[string]any) string {
	t.Helper()
	var b strings.Builder
	if err := r.t.ExecuteTemplate(&b, name, data); err != nil {
		t.Fatalf("execute %s: %v", name, err)
	}
	return b.String()
}

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

// cardCoverage counts the kinds of card a test compared, so that a test
// can require that every kind came up.
type cardCoverage struct {
	cards, drafts, noKRs, parents, rollups, rollupOnly, otherKROwner, confidence, noHref, h2 int
}

// compareCard renders o through the template and through Card and
// reports the first difference.
func compareCard(t *testing.T, ref *cardRef, p *Page, o *ObjView, h string, cov *cardCoverage) {
	t.Helper()
	want := ref.exec(t, "objcard", map[string]any{"P": p, "O": o, "H": h})
	got := string(p.Card(o, h))
	if got != want {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("card of objective %d (%s, %s) differs at byte %d:\ngot  …%s…\nwant …%s…", o.O.ID, p.Lang, h, i, around(got, i), around(want, i))
	}
	cov.cards++
	if h == "h2" {
		cov.h2++
	}
	if o.Draft() {
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
	if o.Parent != nil {
		cov.parents++
	}
	if o.Owner.Href == "" {
		cov.noHref++
	}
	for _, k := range o.KRs {
		if k.Owner.Name != o.Owner.Name {
			cov.otherKROwner++
			break
		}
	}
	for _, k := range o.KRs {
		if k.KR.Confidence != "" {
			cov.confidence++
			break
		}
	}
}

func around(s string, i int) string {
	return s[max(0, i-80):min(len(s), i+80)]
}

// orgBoards builds a board of every period of the organisation, with all
// its objectives (drafts too) and key results.
func orgBoards(t testing.TB, db *store.DB, orgID int64, now time.Time) []*board {
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
	dir := newDirectory(units, people)
	periods, err := db.ListPeriods(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	var boards []*board
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
		boards = append(boards, newBoard(period, now, dir, objs, krs))
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

// TestRenderersMatchTemplates compares the Go renderers with the templates
// they replaced on the demo and a generated medium organisation: every
// objective card.
func TestRenderersMatchTemplates(t *testing.T) {
	orgs := loadRenderOrgs(t)
	t.Run("cards", func(t *testing.T) { testCardsMatchTemplate(t, orgs) })
}

// testCardsMatchTemplate renders every objective card of the demo
// organisation and of the generated one, in every language, through the
// old template and through Page.Card, and requires identical bytes.
func testCardsMatchTemplate(t *testing.T, orgs *renderOrgs) {
	ref := newCardRef(t)
	pages := cardPages(t)
	var demoCov cardCoverage
	for _, b := range orgBoards(t, orgs.db, orgs.demoID, perfDay) {
		for _, o := range b.objs {
			for _, p := range pages {
				compareCard(t, ref, p, o, "h3", &demoCov)
				compareCard(t, ref, p, o, "h2", &demoCov)
			}
		}
	}
	if demoCov.cards == 0 || demoCov.drafts == 0 || demoCov.otherKROwner == 0 || demoCov.parents == 0 || demoCov.rollups == 0 || demoCov.confidence == 0 {
		t.Errorf("demo: compared %+v, want drafts and cards with a parent, a roll-up, another KR owner and a confidence", demoCov)
	}
	var genCov cardCoverage
	for _, b := range orgBoards(t, orgs.db, orgs.medium.Org.ID, perfDay) {
		for i, o := range b.objs {
			// Every card in every language as h3; as h2 in one
			// language, in turn, since the heading is all that
			// changes.
			for _, p := range pages {
				compareCard(t, ref, p, o, "h3", &genCov)
			}
			compareCard(t, ref, pages[i%len(pages)], o, "h2", &genCov)
		}
	}
	if genCov.cards < 1000 || genCov.parents == 0 || genCov.rollups == 0 || genCov.otherKROwner == 0 {
		t.Errorf("medium: compared %+v, want over a thousand cards with parents, roll-ups and other KR owners", genCov)
	}
}

// TestCardEdgeCases compares cards the organisations do not have: text
// that needs escaping (including "+", which template.HTMLEscapeString
// leaves alone but html/template escapes), owners without a link or with
// links that need escaping, drafts, a roll-up without key results, figures
// out of range.
func TestCardEdgeCases(t *testing.T) {
	ref := newCardRef(t)
	pages := cardPages(t)
	ugly := `<b>"C++" & 'x' > y</b>` + "\x00 \xff æøå ✓"
	parent := &ObjView{O: okr.Objective{ID: 3, Title: ugly}}
	kr := func(id int64, title, owner string, c okr.Confidence, kind okr.MetricKind, status okr.Status, progress, expected float64) *KRView {
		cur := 1234.5
		return &KRView{
			KR: okr.KeyResult{ID: id, Title: title, Confidence: c, Current: &cur,
				Metric: okr.Metric{Kind: kind, Start: 0, Target: 2000, Unit: okr.Measure{Kind: okr.MeasureCustom, Code: "<kg+>"}}},
			Owner: Owner{Name: owner}, Progress: progress, Status: status, Expected: expected,
		}
	}
	objs := []*ObjView{
		{O: okr.Objective{ID: 1, Title: ugly, State: okr.StatePublished}, Owner: Owner{Name: ugly, Href: "/people/1", Level: okr.LevelIndividual},
			Parent: parent, Status: okr.StatusBehind, Progress: 0.333, Expected: 0.5, HasKRs: true, Rollup: 0.25, HasRollup: true,
			KRs: []*KRView{
				kr(10, ugly, ugly, okr.AtRisk, okr.MetricIncrease, okr.StatusBehind, 0.3, 0.5),
				kr(11, "plain", "Someone + else", "", okr.MetricStayAbove, okr.StatusAhead, 1.7, -1),
				kr(12, "m", ugly, okr.OnTrack, okr.MetricMilestones, okr.StatusStale, math.NaN(), math.NaN()),
				kr(13, "b", "", okr.OffTrack, okr.MetricBoolean, okr.StatusOnTrack, -0.2, 1.5),
			}},
		{O: okr.Objective{ID: 2, Title: "draft", State: okr.StateDraft}, Owner: Owner{Name: "–", Level: ""},
			Status: okr.StatusOnTrack, Expected: -1, HasKRs: true,
			KRs: []*KRView{kr(20, "d", "–", okr.OnTrack, okr.MetricDecrease, okr.StatusOnTrack, 0.5, 0.5)}},
		{O: okr.Objective{ID: 4, Title: "rolls up", State: okr.StatePublished}, Owner: Owner{Name: "Team", Href: "/units/ä ö?x=1&y=\"2\"", Level: okr.LevelTeam},
			Rollup: 0.61, HasRollup: true, Status: okr.StatusAhead, Expected: 0.4},
		{O: okr.Objective{ID: 5, Title: "unsafe link", State: okr.StateDraft}, Owner: Owner{Name: "X", Href: "javascript:alert(1)", Level: okr.LevelCompany},
			Parent: parent, Expected: 0.1},
		{O: okr.Objective{ID: 6, Title: "percent", State: okr.StatePublished}, Owner: Owner{Name: "Y", Href: "/people/%41%zz#frag", Level: okr.LevelDepartment}},
	}
	var cov cardCoverage
	for _, o := range objs {
		for _, k := range o.KRs {
			k.Obj = o
		}
		for _, p := range pages {
			for _, h := range []string{"h2", "h3", ""} {
				compareCard(t, ref, p, o, h, &cov)
			}
		}
	}
	if cov.drafts == 0 || cov.rollupOnly == 0 || cov.noHref == 0 || cov.otherKROwner == 0 {
		t.Errorf("compared %+v, want drafts, a roll-up without key results, an owner without a link and other KR owners", cov)
	}
}

// TestPiecesMatchTemplates compares Pill, Bar and Conf with the templates
// they replaced, for every status, confidence and some awkward figures.
func TestPiecesMatchTemplates(t *testing.T) {
	ref := newCardRef(t)
	statuses := []okr.Status{okr.StatusAhead, okr.StatusOnTrack, okr.StatusBehind, okr.StatusStale, "", `x"+<`}
	figures := []float64{0, 0.004, 0.5, 0.9999, 1, 1.5, -0.3, math.NaN(), math.Inf(1)}
	for _, p := range cardPages(t) {
		for _, s := range statuses {
			if got, want := string(p.Pill(s)), ref.exec(t, "pill", map[string]any{"P": p, "S": s}); got != want {
				t.Errorf("%s: Pill(%q) = %s, want %s", p.Lang, s, got, want)
			}
			for _, v := range figures {
				for _, e := range []float64{-1, 0, 0.42, 2} {
					for _, lg := range []bool{false, true} {
						got := string(p.Bar(v, e, s, lg))
						want := ref.exec(t, "bar", map[string]any{"P": p, "V": v, "E": e, "S": s, "Lg": lg})
						if got != want {
							t.Errorf("%s: Bar(%v, %v, %q, %v) = %s, want %s", p.Lang, v, e, s, lg, got, want)
						}
					}
				}
			}
		}
		for _, c := range []okr.Confidence{"", okr.OnTrack, okr.AtRisk, okr.OffTrack} {
			if got, want := string(p.Conf(c)), ref.exec(t, "conf", map[string]any{"P": p, "C": c}); got != want {
				t.Errorf("%s: Conf(%q) = %s, want %s", p.Lang, c, got, want)
			}
		}
	}
}

// TestURLAttrMatchesTemplate compares writeURLAttr with html/template for
// links the pages build and for ones that need filtering or encoding.
func TestURLAttrMatchesTemplate(t *testing.T) {
	for _, u := range []string{
		"", "/people/7", "/alignment?period=1&unit=2", "/objectives/3#kr-4", "?a=b&c=d", "#top",
		"https://example.com/a?b=c", "mailto:a@b.example", "javascript:alert(1)", "JavaScript:x", "data:text/html,x",
		"/a b", "/ä/ö", "/%41%zz%4", "/a+b", "/it's", "/(x)", `/"q"`, "/<t>", "/a\x00b", "/a:b", "a:b/c", "//host/p",
		"/a;b,c!d*e@f$g[h]", "\xff",
	} {
		var b strings.Builder
		writeURLAttr(&b, u)
		var want strings.Builder
		if err := template.Must(template.New("").Parse(`<a href="{{.}}">`)).Execute(&want, u); err != nil {
			t.Fatal(err)
		}
		if got := `<a href="` + b.String() + `">`; got != want.String() {
			t.Errorf("writeURLAttr(%q) gives %s, want %s", u, got, want.String())
		}
	}
}

// BenchmarkCard renders the demo organisation's cards (of its fullest
// period) through the old template and through Page.Card.
//
//	go test -run '^$' -bench Card -benchmem ./internal/web
func BenchmarkCard(b *testing.B) {
	db := storetest.Open(b, store.DialectSQLite)
	res, err := demo.Load(context.Background(), db, perfDay)
	if err != nil {
		b.Fatal(err)
	}
	boards := orgBoards(b, db, res.OrgID, perfDay)
	ref := newCardRef(b)
	p := cardPages(b)[0]
	var objs []*ObjView
	for _, bd := range boards {
		if len(bd.objs) > len(objs) {
			objs = bd.objs
		}
	}
	b.Run("template", func(b *testing.B) {
		for b.Loop() {
			for _, o := range objs {
				ref.exec(b, "objcard", map[string]any{"P": p, "O": o, "H": "h3"})
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(objs)), "ns/card")
	})
	b.Run("go", func(b *testing.B) {
		for b.Loop() {
			for _, o := range objs {
				p.Card(o, "h3")
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(objs)), "ns/card")
	})
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
