package web

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/coach"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/web/i18n"
)

var quoted = regexp.MustCompile(`"([a-z][a-z_0-9]*(?:\.[a-z_0-9]+)+)"`)

// TestUsedKeysExist finds every string that looks like a message id
// ("area.word") in the templ and Go files of this package and checks it
// exists in every language. Strings whose first part is not a message area
// (e.g. file names such as "app.css") are ignored.
func TestUsedKeysExist(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	areas := map[string]bool{}
	for _, id := range b.IDs("en") {
		areas[strings.SplitN(id, ".", 2)[0]] = true
	}
	gofiles, _ := filepath.Glob("*.go")
	templfiles, _ := filepath.Glob("*.templ")
	files := append(gofiles, templfiles...)
	used := map[string][]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, "_templ.go") {
			continue
		}
		buf, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range quoted.FindAllStringSubmatch(string(buf), -1) {
			id := m[1]
			if strings.HasSuffix(id, "_") {
				continue // a prefix completed at run time (TestEnumKeysExist)
			}
			if areas[strings.SplitN(id, ".", 2)[0]] {
				used[id] = append(used[id], f)
			}
		}
	}
	if len(used) < 20 {
		t.Fatalf("found %d message ids in templates and code, want many more: is the pattern broken?", len(used))
	}
	var missing []string
	for id, where := range used {
		for _, lang := range i18n.Languages {
			if !b.Has(lang, id) {
				missing = append(missing, lang+" "+id+" (used in "+where[0]+")")
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("missing message %s", m)
	}
}

// TestEnumKeysExist checks the messages built at run time from domain
// values (status.<status>, confidence.<confidence>, …).
func TestEnumKeysExist(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range okr.Statuses() {
		ids = append(ids, "status."+string(s))
	}
	for _, c := range []okr.Confidence{okr.OnTrack, okr.AtRisk, okr.OffTrack} {
		ids = append(ids, "confidence."+string(c))
	}
	for _, from := range okr.LineStarts() {
		ids = append(ids, "admin.expected_from_"+string(from))
	}
	for _, s := range []okr.State{okr.StateDraft, okr.StatePublished, okr.StateClosed} {
		ids = append(ids, "state."+string(s))
	}
	for _, l := range []okr.Level{okr.LevelCompany, okr.LevelDepartment, okr.LevelTeam, okr.LevelIndividual} {
		ids = append(ids, "level."+string(l))
	}
	for _, m := range []okr.MetricKind{okr.MetricIncrease, okr.MetricDecrease, okr.MetricStayAbove, okr.MetricStayBelow, okr.MetricBoolean, okr.MetricMilestones} {
		ids = append(ids, "metric."+string(m))
	}
	for _, s := range []okr.InitiativeStatus{okr.InitiativePlanned, okr.InitiativeInProgress, okr.InitiativeDone, okr.InitiativeDropped} {
		ids = append(ids, "init."+string(s))
	}
	for _, c := range []string{okr.ECONFLICT, okr.EINTERNAL, okr.EINVALID, okr.EBADREQUEST, okr.ENOTFOUND, okr.EFORBIDDEN, okr.ESTALE} {
		ids = append(ids, "error."+c)
	}
	for _, sev := range []coach.Severity{coach.SeverityInfo, coach.SeverityWarning, coach.SeverityError} {
		ids = append(ids, "edit.sev_"+string(sev), "health."+string(sev))
	}
	for _, it := range navItems {
		ids = append(ids, it.Key)
	}
	for _, e := range okr.EventTypes() {
		ids = append(ids, "hooks.event_"+eventKey(e))
	}
	for _, k := range []string{okr.HookWebhook, okr.HookSlack, okr.HookTeams} {
		ids = append(ids, "hooks.kind_"+k)
	}
	for _, st := range []string{store.DeliveryPending, store.DeliveryDelivered, store.DeliveryFailed} {
		ids = append(ids, "hooks.state_"+st)
	}
	for _, k := range okr.NotifyKinds() {
		ids = append(ids, "notifications.kind_"+k, "notifications.about_"+k)
	}
	for _, c := range okr.Channels() {
		ids = append(ids, "notifications.channel_"+c)
	}
	for _, k := range []string{okr.NotifyMention, okr.NotifyComment, okr.NotifyFollow} {
		ids = append(ids, "notify.mail_why_"+k)
	}
	ids = append(ids, "notify.someone", "notify.check_in", "notify.status_changed", "notify.published", "notify.graded",
		"notify.comment", "notify.comment_kr", "notify.value", "notify.objective", "notify.organisation", "notify.open")
	for _, id := range ids {
		for _, lang := range i18n.Languages {
			if !b.Has(lang, id) {
				t.Errorf("missing message %s %s", lang, id)
			}
		}
	}
}
