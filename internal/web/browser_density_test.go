package web

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/okr-dev/okr/internal/gen"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// The density tests (issue 10, point 10) run in an organisation of their
// own, generated beside the demo in the shared database: 200 people in 12
// teams under 4 departments with a quarter of objectives. Nothing the demo's
// tests read changes. Its dense objective has 8 key results of every kind
// with 10 check-ins each; a second objective has key results with one and
// with no check-in.
type densityWorld struct {
	org        gen.Result
	admin      okr.Person
	dense      okr.Objective
	krs        []okr.KeyResult // the dense objective's, in order
	boolKR     okr.KeyResult
	msKR       okr.KeyResult
	sparse     okr.Objective
	oneKR      okr.KeyResult // one check-in
	noneKR     okr.KeyResult // no check-in
	somePerson okr.Person    // someone in a team, for the picker
}

var (
	dw     densityWorld
	dwOnce sync.Once
	dwErr  error
)

// densityPassword signs in every person of the density organisation.
const densityPassword = "density-test-2026"

func densityOrg(t *testing.T) *densityWorld {
	t.Helper()
	app := appTest(t)
	dwOnce.Do(func() { dwErr = buildDensityWorld(app) })
	if dwErr != nil {
		t.Fatalf("build the density organisation: %v", dwErr)
	}
	return &dw
}

func buildDensityWorld(app *harness) error {
	ctx := context.Background()
	now := app.srv.now()
	res, err := gen.Generate(ctx, app.db, gen.Options{
		Spec: gen.Spec{Name: "Tetthet AS", Slug: "tetthet", Departments: 4, Teams: 12, People: 200, ObjectivesPerOwner: 1, CheckIns: 4},
		Seed: 10, Now: now, Password: densityPassword,
	})
	if err != nil {
		return err
	}
	dw.org = res
	if dw.admin, err = app.db.GetPersonByEmail(ctx, res.Email); err != nil {
		return err
	}
	people, _, err := app.db.ListPeople(ctx, res.Org.ID, store.PersonFilter{})
	if err != nil {
		return err
	}
	// The last of a team whose name is in no one else's (typing it finds
	// only them).
	for _, p := range people {
		own := p.UnitID != nil && p.ID != dw.admin.ID
		for _, q := range people {
			if q.ID != p.ID && strings.Contains(strings.ToLower(q.Name), strings.ToLower(p.Name)) {
				own = false
			}
		}
		if own {
			dw.somePerson = p
		}
	}
	actor := store.PersonActor(dw.admin)
	company := dw.admin.UnitID
	mk := func(title string) (okr.Objective, error) {
		return app.db.CreateObjective(ctx, actor, okr.Objective{PeriodID: res.Period.ID, Title: title,
			Owner: okr.Owner{UnitID: company}, State: okr.StatePublished})
	}
	if dw.dense, err = mk("Bli førstevalget for kundene våre i Norden"); err != nil {
		return err
	}
	num := func(kind okr.MetricKind, start, target float64) okr.Metric {
		return okr.Metric{Kind: kind, Start: start, Target: target, Unit: okr.Measure{Kind: okr.MeasureNumber}}
	}
	specs := []okr.KeyResult{
		{Title: "Øke NPS fra 20 til 45", Metric: num(okr.MetricIncrease, 20, 45)},
		{Title: "Redusere svartid i kundeservice fra 48 til 12 timer", Metric: num(okr.MetricDecrease, 48, 12)},
		{Title: "Øke gjenkjøpsraten fra 30 til 40", Metric: num(okr.MetricIncrease, 30, 40)},
		{Title: "Holde oppetiden over 99", Metric: num(okr.MetricStayAbove, 0, 99)},
		{Title: "Holde klagene under 15 i måneden", Metric: num(okr.MetricStayBelow, 0, 15)},
		{Title: "Øke antall anmeldelser fra 100 til 400", Metric: num(okr.MetricIncrease, 100, 400)},
		{Title: "Lansere kundeklubben", Metric: okr.Metric{Kind: okr.MetricBoolean}},
		{Title: "Fullføre den nye kundereisen", Metric: okr.Metric{Kind: okr.MetricMilestones},
			Milestones: []okr.Milestone{{Title: "Kartlegge dagens reise"}, {Title: "Intervjue 20 kunder"}, {Title: "Prototype"}, {Title: "Teste med kunder"}, {Title: "Lansere"}}},
	}
	for i, s := range specs {
		s.ObjectiveID = dw.dense.ID
		kr, err := app.db.CreateKeyResult(ctx, actor, s)
		if err != nil {
			return fmt.Errorf("key result %d: %w", i, err)
		}
		dw.krs = append(dw.krs, kr)
	}
	dw.boolKR, dw.msKR = dw.krs[6], dw.krs[7]
	// Ten check-ins each, spread from the period's start to now.
	from := res.Period.Start
	step := now.Sub(from) / 11
	var cis []okr.CheckIn
	for n := 1; n <= 10; n++ {
		at := from.Add(time.Duration(n) * step)
		f := float64(n) / 10
		for i, kr := range dw.krs {
			c := okr.CheckIn{KeyResultID: kr.ID, At: at, Confidence: okr.OnTrack, Comment: fmt.Sprintf("Uke %d: jevn fremgang, se notatet fra teammøtet", n)}
			m := kr.Metric
			switch i {
			case 6:
				if n >= 9 {
					c.Value = 1
				}
			case 7:
				for j := 0; j < n*3/10 && j < len(kr.Milestones); j++ {
					c.MilestonesDone = append(c.MilestonesDone, kr.Milestones[j].ID)
				}
			case 3:
				c.Value = 99.2 + f/2
			case 4:
				c.Value = 14 - f*3
			default:
				c.Value = m.Start + (m.Target-m.Start)*f*0.8
			}
			cis = append(cis, c)
		}
	}
	if _, err := app.db.CreateCheckIns(ctx, actor, cis); err != nil {
		return fmt.Errorf("check-ins: %w", err)
	}
	if dw.sparse, err = mk("Gjøre onboarding av nye kunder enklere"); err != nil {
		return err
	}
	if dw.oneKR, err = app.db.CreateKeyResult(ctx, actor, okr.KeyResult{ObjectiveID: dw.sparse.ID, Title: "Halvere tiden til første kjøp", Metric: num(okr.MetricDecrease, 10, 5)}); err != nil {
		return err
	}
	if dw.noneKR, err = app.db.CreateKeyResult(ctx, actor, okr.KeyResult{ObjectiveID: dw.sparse.ID, Title: "Øke aktiveringsgraden fra 40 til 60", Metric: num(okr.MetricIncrease, 40, 60)}); err != nil {
		return err
	}
	_, err = app.db.CreateCheckIns(ctx, actor, []okr.CheckIn{{KeyResultID: dw.oneKR.ID, Value: 9, Confidence: okr.OnTrack, At: now.Add(-24 * time.Hour)}})
	return err
}

// pageHeight is the height of the whole document in CSS pixels.
func pageHeight(t *testing.T, ctx context.Context) int {
	t.Helper()
	return evalInt(t, ctx, `Math.ceil(document.documentElement.scrollHeight)`)
}

// TestBrowserDenseObjective opens an objective with 8 key results of 10
// check-ins each as its owner unit's admin: each key result shows its 3
// latest check-ins and "show all" reveals the rest, the page is well under
// half the height it had (6,000 px and more), and on a phone nothing
// scrolls sideways.
func TestBrowserDenseObjective(t *testing.T) {
	w := densityOrg(t)
	ctx := browserTest(t)
	signIn(t, ctx, w.org.Email, densityPassword)
	path := "/objectives/" + strconv.FormatInt(w.dense.ID, 10)
	visit(t, ctx, path)
	height := pageHeight(t, ctx)
	t.Logf("objective with 8 key results × 10 check-ins: %d px tall at 1280 px", height)
	shot(t, ctx, "1280")
	axeCheck(t, ctx, "dense objective")

	for _, kr := range w.krs {
		panel := "#kr-" + strconv.FormatInt(kr.ID, 10)
		if n := evalInt(t, ctx, `Array.from(document.querySelectorAll("`+panel+` table.history tbody tr")).filter(r => r.checkVisibility()).length`); n != 3 {
			t.Errorf("%s (%s): got %d check-in rows shown, want the latest 3", panel, kr.Metric.Kind, n)
		}
	}
	// 9,224 px before; each panel now also carries its folded quick
	// check-in (about 55 px), so the budget is 45 % of before. The comments
	// at the end of the page (issue 13) are not part of that budget.
	height -= evalInt(t, ctx, `Math.ceil(document.querySelector("#discussion").getBoundingClientRect().height)`)
	if height > 4150 {
		t.Errorf("got the objective %d px tall at 1280 px, want well under half of the 9,224 px it had", height)
	}

	// "Show all" on the first key result fetches and reveals its other 7
	// check-ins.
	first := "#kr-" + strconv.FormatInt(w.krs[0].ID, 10)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(first+" .history-more summary")),
		chromedp.WaitVisible(chromedp.CSS(first+" .history-older table.history tbody tr"))); err != nil {
		t.Fatalf("click show all: %v", err)
	}
	if n := evalInt(t, ctx, `Array.from(document.querySelectorAll("`+first+` table.history tbody tr")).filter(r => r.checkVisibility()).length`); n != 10 {
		t.Errorf("got %d check-in rows after show all, want 10", n)
	}
	axeCheck(t, ctx, "dense objective, all check-ins of one key result")

}

// TestBrowserHistoryStacksOnPhone: at 390 px the objective's check-in
// tables and the history page's tables stack: no frame scrolls sideways,
// and the page is no wider than the screen.
func TestBrowserHistoryStacksOnPhone(t *testing.T) {
	w := densityOrg(t)
	ctx := browserTest(t)
	signIn(t, ctx, w.org.Email, densityPassword)
	phone(t, ctx)
	path := "/objectives/" + strconv.FormatInt(w.dense.ID, 10)
	for _, p := range []string{path, "/history/objective/" + strconv.FormatInt(w.dense.ID, 10), "/history/key_result/" + strconv.FormatInt(w.krs[0].ID, 10)} {
		visit(t, ctx, p)
		if p == path {
			t.Logf("objective at 390 px: %d px tall", pageHeight(t, ctx))
			if n := count(t, ctx, "table.history"); n == 0 {
				t.Fatalf("no check-in table on %s", p)
			}
			// Open every "show all": the older check-ins stack too.
			if err := chromedp.Do(ctx, js(`document.querySelectorAll("details.history-more").forEach(d => d.open = true)`),
				chromedp.Poll[chromedp.Void](`Array.from(document.querySelectorAll(".history-older")).every(d => d.querySelector("table.history"))`)); err != nil {
				t.Fatal(err)
			}
		}
		if got := evalInt(t, ctx, `document.documentElement.scrollWidth`); got > phoneWidth {
			t.Errorf("%s: got %d px wide at %d px, want no sideways scrolling", p, got, phoneWidth)
		}
		if n := evalInt(t, ctx, `Array.from(document.querySelectorAll(".table-wrap")).filter(w => w.scrollWidth > w.clientWidth + 1).length`); n != 0 {
			t.Errorf("%s: got %d tables scrolling sideways at %d px, want none", p, n, phoneWidth)
		}
		shot(t, ctx, strings.NewReplacer("/", "-").Replace(p[1:]))
		axeCheck(t, ctx, p+" at 390 px")
	}
}

// TestBrowserKRPictures: a key result with one check-in has no chart but
// says it has one check-in; one with none has no chart either; a yes/no key
// result shows a done badge with its date and a milestones key result its
// steps with the count done, neither as a line chart.
func TestBrowserKRPictures(t *testing.T) {
	w := densityOrg(t)
	ctx := browserTest(t)
	signIn(t, ctx, w.org.Email, densityPassword)

	visit(t, ctx, "/objectives/"+strconv.FormatInt(w.sparse.ID, 10))
	one, none := "#kr-"+strconv.FormatInt(w.oneKR.ID, 10), "#kr-"+strconv.FormatInt(w.noneKR.ID, 10)
	for _, panel := range []string{one, none} {
		if n := count(t, ctx, panel+" svg.chart"); n != 0 {
			t.Errorf("%s: got %d charts, want none below two check-ins", panel, n)
		}
	}
	if got := text(t, ctx, one+" .chart-note"); got != "1 check-in. The chart shows from two check-ins on." {
		t.Errorf("got note %q beside a key result with one check-in", got)
	}
	if got := text(t, ctx, none+" .kr-log"); !strings.Contains(got, "No check-ins yet.") {
		t.Errorf("got %q for a key result without check-ins, want it to say there are none", got)
	}
	shot(t, ctx, "sparse")
	axeCheck(t, ctx, "objective with sparse key results")

	visit(t, ctx, "/objectives/"+strconv.FormatInt(w.dense.ID, 10))
	yes, ms := "#kr-"+strconv.FormatInt(w.boolKR.ID, 10), "#kr-"+strconv.FormatInt(w.msKR.ID, 10)
	if n := count(t, ctx, yes+" svg.chart, "+ms+" svg.chart"); n != 0 {
		t.Errorf("got %d line charts on the yes/no and milestones key results, want none", n)
	}
	if got := text(t, ctx, yes+" .kr-done"); !strings.Contains(got, "Done") || !strings.Contains(got, "since ") {
		t.Errorf("got yes/no badge %q, want done with its date", got)
	}
	if got := text(t, ctx, ms+" .steps-count"); got != "3 of 5 done" {
		t.Errorf("got milestones count %q, want 3 of 5 done", got)
	}
	if n := count(t, ctx, ms+" .steps-bar .step-seg"); n != 5 {
		t.Errorf("got %d segments in the milestones bar, want 5", n)
	}
	if n := count(t, ctx, ms+" .steps-bar .step-done"); n != 3 {
		t.Errorf("got %d done segments, want 3", n)
	}
	// Each numeric key result of the dense objective has its line chart.
	if n := count(t, ctx, "svg.chart"); n != 6 {
		t.Errorf("got %d line charts on the dense objective, want 6 (its numeric key results)", n)
	}
}

// visibleOptions is a script that lists the texts of the options of the
// select with that id that are not hidden by the picker's search.
func visibleOptions(id string) string {
	return `Array.from(document.getElementById("` + id + `").options).filter(o => !o.hidden && !(o.parentNode.hidden)).map(o => o.textContent.trim())`
}

// TestBrowserOwnerPicker: in an organisation of 200 people, the owner
// picker of a new objective groups people by their unit, and typing a
// name in its search box leaves the matching people under their unit's
// group; Arrow Down moves to the list and Enter on the only match picks it.
// The parent picker filters objectives, grouped by unit, the same way.
func TestBrowserOwnerPicker(t *testing.T) {
	w := densityOrg(t)
	app := appTest(t)
	ctx := browserTest(t)
	signIn(t, ctx, w.org.Email, densityPassword)
	visit(t, ctx, "/objectives/new")
	unit := ""
	if units, err := app.db.ListUnits(t.Context(), w.org.Org.ID, store.UnitFilter{}); err == nil {
		for _, u := range units {
			if u.ID == *w.somePerson.UnitID {
				unit = u.Name
			}
		}
	}
	if n := count(t, ctx, "#f-owner option"); n < 200 {
		t.Fatalf("got %d owners offered to an admin of 200 people, want every unit and person", n)
	}
	groups := evalString(t, ctx, `Array.from(document.querySelectorAll("#f-owner optgroup")).map(g => g.label).join("|")`)
	if !strings.Contains(groups, "People in "+unit) || strings.Count(groups, "People in ") < 12 {
		t.Errorf("got owner groups %q, want people grouped by unit (People in %s among them)", groups, unit)
	}
	if !evalBool(t, ctx, `document.getElementById("f-owner-q").checkVisibility()`) {
		t.Fatalf("the owner picker has no visible search box")
	}
	shot(t, ctx, "new")

	// Type the person's name: only matching owners are left, under their unit.
	name := w.somePerson.Name
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#f-owner-q"), name)); err != nil {
		t.Fatal(err)
	}
	var left []string
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](visibleOptions("f-owner"))); err != nil {
		t.Fatal(err)
	}
	left, _ = chromedp.Run(ctx, chromedp.Evaluate[[]string](visibleOptions("f-owner")))
	found := false
	for _, o := range left {
		if o == name {
			found = true
		}
	}
	// The viewer (the chosen owner) stays shown; anyone else must match.
	if !found || len(left) > 3 {
		t.Errorf("after typing %q got owners %q, want %q and few others", name, left, name)
	}
	shownGroups := evalString(t, ctx, `Array.from(document.querySelectorAll("#f-owner optgroup")).filter(g => !g.hidden).map(g => g.label).join("|")`)
	if !strings.Contains(shownGroups, "People in "+unit) {
		t.Errorf("after typing %q the groups shown are %q, want People in %s", name, shownGroups, unit)
	}
	if got := text(t, ctx, "#f-owner-n"); !strings.Contains(got, "match") {
		t.Errorf("got match count %q, want it said", got)
	}
	axeCheck(t, ctx, "owner picker filtered")
	shot(t, ctx, "filtered")

	// Keyboard: Arrow Down goes to the list; Enter in the box takes the only match.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, ctx, `document.activeElement.id`); got != "f-owner" {
		t.Errorf("Arrow Down from the search box focused #%s, want #f-owner", got)
	}
	pid := strconv.FormatInt(w.somePerson.ID, 10)
	err := chromedp.Do(ctx,
		js(`document.getElementById("f-owner").value = ""`), // nothing chosen: the only match is the person
		js(`document.getElementById("f-owner-q").value = ""`),
		chromedp.Focus(chromedp.CSS("#f-owner-q")),
		chromedp.SendKeys(chromedp.CSS("#f-owner-q"), name),
	)
	if err != nil {
		t.Fatal(err)
	}
	if n := evalInt(t, ctx, `Array.from(document.getElementById("f-owner").options).filter(o => !o.hidden && o.value === "person:`+pid+`").length`); n != 1 {
		t.Fatalf("the person is not among the matches")
	}
	if n := evalInt(t, ctx, `Array.from(document.getElementById("f-owner").options).filter(o => !o.hidden && o.value !== "").length`); n != 1 {
		t.Fatalf("got %d matches of a name of one person, want 1: %q", n, evalString(t, ctx, visibleOptions("f-owner")+`.join("|")`))
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#f-owner-q")), chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, ctx, `document.getElementById("f-owner").value`); got != "person:"+pid {
		t.Errorf("Enter on the only match chose %q, want person:%s", got, pid)
	}
	if got := evalString(t, ctx, `document.activeElement.id`); got != "f-owner" {
		t.Errorf("after Enter focus is on #%s, want the owner list", got)
	}

	// A unit's name finds its people.
	err = chromedp.Do(ctx, js(`document.getElementById("f-owner-q").value = ""`), chromedp.SendKeys(chromedp.CSS("#f-owner-q"), unit))
	if err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, ctx, `Array.from(document.querySelectorAll("#f-owner optgroup")).filter(g => !g.hidden).map(g => g.label).join("|")`); !strings.Contains(got, "People in "+unit) {
		t.Errorf("typing the unit %q shows groups %q, want its people", unit, got)
	}

	// The parent picker of an objective: grouped by unit, filtered by title.
	visit(t, ctx, "/objectives/"+strconv.FormatInt(w.sparse.ID, 10)+"/edit")
	if n := count(t, ctx, "#f-parent option"); n < 200 {
		t.Errorf("got %d parents offered, want the period's objectives (200 and more)", n)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#f-parent-q"), "kundene våre i Norden")); err != nil {
		t.Fatal(err)
	}
	left, _ = chromedp.Run(ctx, chromedp.Evaluate[[]string](visibleOptions("f-parent")))
	if !slicesContains(left, w.dense.Title) || len(left) > 3 {
		t.Errorf("after typing a word of a title the parents shown are %q, want %q (and the empty choice)", left, w.dense.Title)
	}
	axeCheck(t, ctx, "parent picker filtered")
	shot(t, ctx, "parent")
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
