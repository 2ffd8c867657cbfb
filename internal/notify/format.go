// Package notify sends deliveries of events (store.FanOutEvents) to their
// hooks: generic webhooks get the versioned payload (internal/event,
// docs/webhooks.md) signed with HMAC-SHA256; a unit's Slack and Microsoft
// Teams incoming webhooks get a message written for each, in the
// organisation's language. One Attempt is one try; the job engine retries
// with backoff.
package notify

import (
	"strings"

	"github.com/okr-dev/okr/internal/event"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// Summary is one line saying what happened, in l's language: the text of
// an in-app notification, the head of a Slack or Teams message.
func Summary(l *i18n.Localizer, p *event.Payload) string {
	actor := l.T("notify.someone")
	if p.Actor != nil && p.Actor.Name != "" {
		actor = p.Actor.Name
	}
	switch p.Type {
	case okr.EventCheckIn:
		return l.T("notify.check_in", "Actor", actor, "KeyResult", krTitle(p))
	case okr.EventStatusChanged:
		return l.T("notify.status_changed", "Actor", actor, "Objective", p.Objective.Title,
			"From", stateName(l, p.Change.From), "To", stateName(l, p.Change.To))
	case okr.EventPublished:
		return l.T("notify.published", "Actor", actor, "Objective", p.Objective.Title)
	case okr.EventGraded:
		return l.T("notify.graded", "Actor", actor, "Objective", p.Objective.Title)
	case okr.EventComment:
		if p.KeyResult != nil {
			return l.T("notify.comment_kr", "Actor", actor, "Title", p.KeyResult.Title)
		}
		return l.T("notify.comment", "Actor", actor, "Title", p.Objective.Title)
	}
	return p.Type
}

func krTitle(p *event.Payload) string {
	if p.KeyResult != nil {
		return p.KeyResult.Title
	}
	return p.Objective.Title
}

func stateName(l *i18n.Localizer, s string) string {
	switch okr.State(s) {
	case okr.StateDraft:
		return l.T("state.draft")
	case okr.StatePublished:
		return l.T("state.published")
	case okr.StateClosed:
		return l.T("state.closed")
	}
	return s
}

// Detail is what a message says under its summary: the check-in's figure,
// confidence and comment, or the comment's text ("" for none).
func Detail(l *i18n.Localizer, p *event.Payload) string {
	switch {
	case p.CheckIn != nil:
		s := l.T("notify.value", "Value", l.Number(p.CheckIn.Value, 2))
		if p.CheckIn.Confidence != "" {
			s += " · " + l.T("confidence."+p.CheckIn.Confidence)
		}
		if p.CheckIn.Comment != "" {
			s += "\n" + p.CheckIn.Comment
		}
		return s
	case p.Comment != nil:
		return plainMentions(p.Comment.Body)
	}
	return ""
}

// plainMentions writes a comment's mentions as "@Name", without the
// brackets of the syntax.
func plainMentions(body string) string {
	var b strings.Builder
	for _, s := range okr.CommentSegments(body) {
		if s.Mention {
			b.WriteString("@")
		}
		b.WriteString(s.Text)
	}
	return b.String()
}

// Link is where a message's reader goes: the comment, the key result or
// the objective.
func Link(p *event.Payload) string {
	switch {
	case p.Comment != nil && p.Comment.URL != "":
		return p.Comment.URL
	case p.KeyResult != nil:
		return p.KeyResult.URL
	}
	return p.Objective.URL
}
