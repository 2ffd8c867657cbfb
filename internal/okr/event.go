package okr

import (
	"net/url"
	"slices"
	"strings"
)

// Event types: what happened that notifications, webhooks, Slack and Teams
// hear about. Their names are part of the webhook payload format
// (docs/webhooks.md): never rename one.
const (
	EventCheckIn       = "check_in.created"
	EventStatusChanged = "objective.status_changed"
	EventPublished     = "objective.published"
	EventGraded        = "objective.graded"
	EventComment       = "comment.created"
)

// EventTypes lists the event types in the order the admin pages show them.
func EventTypes() []string {
	return []string{EventCheckIn, EventStatusChanged, EventPublished, EventGraded, EventComment}
}

// ObjectiveEvent returns the event a change of an objective's state from
// before to after is ("" for none): published when a draft (or a new
// objective, before "") is published, status changed for any other change
// of state.
func ObjectiveEvent(before, after State) string {
	switch {
	case before == after:
		return ""
	case after == StatePublished && (before == StateDraft || before == ""):
		return EventPublished
	case before == "":
		return ""
	}
	return EventStatusChanged
}

// Hook kinds: a generic signed webhook of the organisation, or a unit's
// Slack or Microsoft Teams incoming webhook.
const (
	HookWebhook = "webhook"
	HookSlack   = "slack"
	HookTeams   = "teams"
)

// Hook is where deliveries of events go.
type Hook struct {
	ID     int64
	OrgID  int64
	Kind   string
	UnitID *int64 // Slack and Teams: the unit whose objectives it hears about
	URL    string
	Events []string
	// Secret signs webhook bodies; shown once when the hook is made, never
	// again.
	Secret   string
	Archived bool
	Version  int64
}

// KeyURL is the key of the error for a hook URL that is not an absolute
// http(s) URL.
const KeyURL = "err.url"

// Validate checks a hook: a known kind, an absolute http or https URL,
// one or more known events, and a unit for Slack and Teams.
func (h *Hook) Validate() error {
	var v validator
	oneOf(&v, "kind", h.Kind, HookWebhook, HookSlack, HookTeams)
	u, err := url.Parse(strings.TrimSpace(h.URL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		v.add("url", KeyURL, "url must be an absolute http or https address", map[string]any{"Field": "url"})
	}
	if len(h.Events) == 0 {
		v.add("events", KeyRequired, "events is required", map[string]any{"Field": "events"})
	}
	for _, e := range h.Events {
		if !slices.Contains(EventTypes(), e) {
			v.add("events", KeyInvalidChoice, "events holds an unknown event "+e, map[string]any{"Field": "events"})
		}
	}
	if h.Kind != HookWebhook && h.UnitID == nil {
		v.add("unit", KeyRequired, "unit is required", map[string]any{"Field": "unit"})
	}
	return v.errs.Err()
}

// Hears reports whether the hook takes events of type typ.
func (h *Hook) Hears(typ string) bool { return slices.Contains(h.Events, typ) }
