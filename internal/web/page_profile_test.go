package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// A person pauses reminders, turns the digest off and keeps the rest on
// their profile; the choices are stored, and the page shows them ticked.
func TestProfileNotifications(t *testing.T) {
	app := appTest(t)
	ctx := context.Background()
	c := signedIn(t, app)
	setLang(t, c, app, "en")
	res, body := get(t, c, app.url+"/profile")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /profile: %d", res.StatusCode)
	}
	doc := document(t, body)
	if _, on := one(t, doc, "#f-kind-digest").Attr("checked"); !on {
		t.Error("the digest is not ticked by default")
	}
	version, _ := one(t, doc, `input[name=version]`).Attr("value")
	me, err := app.db.GetPersonByEmail(ctx, demo.Email)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cur, err := app.db.GetPerson(ctx, app.orgID, me.ID)
		if err == nil {
			_, err = app.db.SetNotifyPrefs(ctx, store.SystemActor(app.orgID), me.ID, okr.NotifyPrefs{}, cur.Version)
		}
		if err != nil {
			t.Errorf("restore: %v", err)
		}
	})
	form := url.Values{"version": {version}, "channel": {"email"}, "pause_reminders": {"1"}, "language": {"en"}}
	for _, k := range okr.NotifyKinds() {
		if k != okr.NotifyDigest {
			form.Set("kind."+k, "1")
		}
	}
	if res, _ := post(t, c, app.url+"/profile", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d, want 303", res.StatusCode)
	}
	got, err := app.db.GetPerson(ctx, app.orgID, me.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Notify.PauseReminders || !slices.Equal(got.Notify.Off, []string{okr.NotifyDigest}) || got.Notify.WantsEmail(okr.NotifyDigest) ||
		got.Notify.WantsEmail(okr.NotifyReminder) || !got.Notify.WantsEmail(okr.NotifyComment) {
		t.Errorf("stored choices %+v", got.Notify)
	}
	_, body = get(t, c, app.url+"/profile")
	doc = document(t, body)
	if _, on := one(t, doc, "#f-kind-digest").Attr("checked"); on {
		t.Error("the digest is still ticked")
	}
	if _, on := one(t, doc, "#f-pause_reminders").Attr("checked"); !on {
		t.Error("pause is not ticked")
	}
	// A stale form is refused.
	form.Set("version", strconv.FormatInt(got.Version-1, 10))
	if res, _ := post(t, c, app.url+"/profile", form); res.StatusCode < 400 {
		t.Errorf("stale save: %d, want an error", res.StatusCode)
	}
}
