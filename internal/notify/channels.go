package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/event"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// Headers of a generic webhook delivery (docs/webhooks.md).
const (
	HeaderEvent     = "X-OKR-Event"
	HeaderVersion   = "X-OKR-Event-Version"
	HeaderDelivery  = "X-OKR-Delivery"
	HeaderTimestamp = "X-OKR-Timestamp"
	HeaderSignature = "X-OKR-Signature"
)

// Sign returns the X-OKR-Signature of body sent at unix time ts:
// "sha256=" and the hex HMAC-SHA256, keyed by the hook's secret, of the
// timestamp, a full stop and the body.
func Sign(secret string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether sig is the signature of body at ts under secret,
// comparing in constant time. Receivers do this (docs/webhooks.md); the
// tests use it as a receiver would.
func Verify(secret string, ts int64, body []byte, sig string) bool {
	return hmac.Equal([]byte(Sign(secret, ts, body)), []byte(sig))
}

// slackEscape escapes the three characters Slack's mrkdwn gives meaning
// to in text it links or shows.
var slackEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Slack returns the body of a Slack incoming-webhook message for p: a
// plain "text" for notifications and clients without blocks, and Block
// Kit blocks (a section with the linked summary and the detail, and a
// context line with the organisation).
func Slack(l *i18n.Localizer, p *event.Payload) ([]byte, error) {
	summary, detail, link := Summary(l, p), Detail(l, p), Link(p)
	text := "*<" + slackEscape.Replace(link) + "|" + slackEscape.Replace(summary) + ">*"
	if detail != "" {
		text += "\n" + slackEscape.Replace(detail)
	}
	context := slackEscape.Replace(p.Organisation.Name + " · " + p.Objective.Title)
	msg := map[string]any{
		"text": slackEscape.Replace(summary),
		"blocks": []any{
			map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": text}},
			map[string]any{"type": "context", "elements": []any{map[string]any{"type": "mrkdwn", "text": context}}},
		},
	}
	return json.Marshal(msg)
}

// Teams returns the body of a Microsoft Teams incoming-webhook (Workflows)
// message for p: one Adaptive Card with the summary, the detail, the
// objective and a button that opens it.
func Teams(l *i18n.Localizer, p *event.Payload) ([]byte, error) {
	body := []any{
		map[string]any{"type": "TextBlock", "text": Summary(l, p), "weight": "Bolder", "size": "Medium", "wrap": true},
	}
	if d := Detail(l, p); d != "" {
		body = append(body, map[string]any{"type": "TextBlock", "text": d, "wrap": true})
	}
	body = append(body, map[string]any{"type": "FactSet", "facts": []any{
		map[string]any{"title": l.T("notify.objective"), "value": p.Objective.Title},
		map[string]any{"title": l.T("notify.organisation"), "value": p.Organisation.Name},
	}})
	card := map[string]any{
		"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
		"type":    "AdaptiveCard",
		"version": "1.4",
		"body":    body,
		"actions": []any{map[string]any{"type": "Action.OpenUrl", "title": l.T("notify.open"), "url": Link(p)}},
	}
	msg := map[string]any{
		"type": "message",
		"attachments": []any{map[string]any{
			"contentType": "application/vnd.microsoft.card.adaptive",
			"contentUrl":  nil,
			"content":     card,
		}},
	}
	return json.Marshal(msg)
}
