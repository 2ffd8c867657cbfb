package web

import "testing"

// The review of an ended period shows how well the confidences foretold
// the grades: a verdict, the Brier score, the reliability chart with its
// table for screen readers, and units; readable at 390 px.
func TestReviewCalibrationBrowser(t *testing.T) {
	ctx := browserTest(t)
	signIn(t, ctx, saraEmail, saraPW)
	visit(t, ctx, "/review?lang=en")
	verdict := evalString(t, ctx, `(document.querySelector(".calibration-verdict")||{}).textContent||""`)
	sentence := evalString(t, ctx, `(document.querySelector(".calibration-sentence")||{}).textContent||""`)
	if verdict == "" || sentence == "" {
		t.Errorf("calibration verdict %q, sentence %q", verdict, sentence)
	}
	if n := evalInt(t, ctx, `document.querySelectorAll("svg.chart-bars rect.bar").length`); n == 0 {
		t.Errorf("the reliability chart has no bars")
	}
	if n := evalInt(t, ctx, `document.querySelectorAll(".calibration .visually-hidden table tbody tr").length`); n != evalInt(t, ctx, `document.querySelectorAll("svg.chart-bars rect.bar").length`) {
		t.Errorf("the table for screen readers has %d rows, the chart other bars", n)
	}
	if n := evalInt(t, ctx, `document.querySelectorAll("#calibration-units tbody tr").length`); n == 0 {
		t.Errorf("no unit rows in the calibration")
	}
	shot(t, ctx, "review-calibration-1280")
	phone(t, ctx)
	visit(t, ctx, "/review?lang=en")
	if w := evalInt(t, ctx, `document.documentElement.scrollWidth`); w > phoneWidth {
		t.Errorf("the review is %d px wide at %d px", w, phoneWidth)
	}
	evalString(t, ctx, `document.querySelector("#calibration-h").scrollIntoView(), ""`)
	shot(t, ctx, "review-calibration-390")
}
