package web

import "testing"

// Progress over time: the company's mean progress week by week, statuses
// per week with their table, and the grades of an ended quarter against
// the band; accessible, and readable at 390 px.
func TestProgressOverTimeBrowser(t *testing.T) {
	ctx := browserTest(t)
	signIn(t, ctx, saraEmail, saraPW)
	visit(t, ctx, "/overview")
	href := evalString(t, ctx, `(document.querySelector('a[href^="/progress?"]')||{getAttribute(){return ""}}).getAttribute("href")`)
	if href == "" {
		t.Fatal("no link to progress over time on the overview")
	}
	visit(t, ctx, href)
	if n := evalInt(t, ctx, `document.querySelectorAll("#chart-history ~ * , svg.chart path.actual").length`); n == 0 {
		t.Errorf("no line of mean progress")
	}
	cols := evalInt(t, ctx, `document.querySelectorAll("svg.chart-stack rect.stack").length`)
	rows := evalInt(t, ctx, `document.querySelectorAll(".progress-table tbody tr").length`)
	if cols == 0 || rows == 0 {
		t.Errorf("statuses per week: %d parts, %d table rows", cols, rows)
	}
	axeCheck(t, ctx, "progress")
	shot(t, ctx, "progress-1280")
	// The ended quarter: grades against the band.
	visit(t, ctx, "/review")
	pid := evalString(t, ctx, `document.querySelector('a[href$="/carry"]').getAttribute("href").split("/")[2]`)
	visit(t, ctx, "/progress?period="+pid)
	if n := evalInt(t, ctx, `document.querySelectorAll("svg.chart-bars rect.bar").length`); n != 10 {
		t.Errorf("grade distribution has %d bars, want 10", n)
	}
	phone(t, ctx)
	visit(t, ctx, href)
	if w := evalInt(t, ctx, `document.documentElement.scrollWidth`); w > phoneWidth {
		t.Errorf("progress over time is %d px wide at %d px", w, phoneWidth)
	}
	shot(t, ctx, "progress-390")
}
