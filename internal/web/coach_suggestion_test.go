package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/coach"
)

// TestCoachSuggestionWithoutJS: the live coach's answer shows the rewritten
// statement as text (the apply button is hidden until app.js shows it), and
// the organisation settings name the coach's rules by name, never by id.
func TestCoachSuggestionWithoutJS(t *testing.T) {
	app := appTest(t)
	c := signedIn(t, app)
	setLang(t, c, app, "en")
	_, body := post(t, c, app.url+"/coach/key-result", url.Values{"title": {"Øke trafikken"}, "coach_id": {"newkr-coach"}}, "HX-Request", "true")
	doc := document(t, body)
	if got := strings.TrimSpace(one(t, doc, "#newkr-coach .suggestion-text").Text()); got != "Øke trafikken fra X til Y innen periodens slutt" {
		t.Errorf("suggestion: got %q", got)
	}
	if lang, _ := one(t, doc, "#newkr-coach .suggestion-text").Attr("lang"); lang != "nb" {
		t.Errorf("suggestion marked as language %q, want nb (the text's)", lang)
	}
	btn := one(t, doc, "#newkr-coach button.apply-suggestion")
	if to, _ := btn.Attr("data-apply-to"); to != "newkr-title" {
		t.Errorf("apply button targets %q, want newkr-title", to)
	}
	if _, hidden := btn.Attr("hidden"); !hidden {
		t.Errorf("the apply button shows without JavaScript")
	}

	_, body = get(t, c, app.url+"/admin/settings")
	for _, r := range coach.Rules() {
		if strings.Contains(body, ">"+r.ID+"<") || strings.Contains(body, ": "+r.ID+"<") {
			t.Errorf("settings page shows the rule id %s", r.ID)
		}
		if !strings.Contains(body, r.Name["en"]) {
			t.Errorf("settings page lacks the rule name %q", r.Name["en"])
		}
	}
}
