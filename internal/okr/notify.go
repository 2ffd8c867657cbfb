package okr

import "slices"

// NotifyPrefs are a person's choices about what reaches them and how.
// The zero value is the default: everything, by e-mail.
type NotifyPrefs struct {
	// PauseReminders stops check-in reminders (and escalations about the
	// person's key results) until turned off again.
	PauseReminders bool `json:"pause_reminders,omitempty"`
	// Channel is where notifications go: ChannelEmail (the default, also
	// shown in the app), ChannelInApp (only in the app) or ChannelNone.
	Channel string `json:"channel,omitempty"`
	// Off lists the kinds of notification the person turned off
	// (NotifyKinds).
	Off []string `json:"off,omitempty"`
}

// Channels of NotifyPrefs.Channel.
const (
	ChannelEmail = "email"
	ChannelInApp = "in_app"
	ChannelNone  = "none"
)

// Channels lists the choices of NotifyPrefs.Channel.
func Channels() []string { return []string{ChannelEmail, ChannelInApp, ChannelNone} }

// Kinds of notification a person can turn off.
const (
	NotifyReminder   = "reminder"   // check-in reminders
	NotifyEscalation = "escalation" // key results in my units that went without check-ins
	NotifyDigest     = "digest"     // the weekly digest
	NotifyPeriod     = "period"     // the period's milestones
	NotifyComment    = "comment"    // comments on my OKRs
	NotifyMention    = "mention"    // @mentions of me
	NotifyFollow     = "follow"     // changes on what I follow
)

// NotifyKinds lists the kinds of notification in the order the profile
// shows them.
func NotifyKinds() []string {
	return []string{NotifyReminder, NotifyEscalation, NotifyDigest, NotifyPeriod, NotifyComment, NotifyMention, NotifyFollow}
}

// ChannelOrDefault returns the channel, ChannelEmail when unset.
func (p NotifyPrefs) ChannelOrDefault() string {
	if p.Channel == "" {
		return ChannelEmail
	}
	return p.Channel
}

// Wants reports whether the person wants notifications of the kind at all
// (in any channel).
func (p NotifyPrefs) Wants(kind string) bool {
	if p.ChannelOrDefault() == ChannelNone || slices.Contains(p.Off, kind) {
		return false
	}
	return !(p.PauseReminders && (kind == NotifyReminder))
}

// WantsEmail reports whether a notification of the kind goes to the person
// by e-mail.
func (p NotifyPrefs) WantsEmail(kind string) bool {
	return p.Wants(kind) && p.ChannelOrDefault() == ChannelEmail
}

// Validate checks the choices.
func (p *NotifyPrefs) Validate() error {
	var v validator
	if p.Channel != "" {
		oneOf(&v, "channel", p.Channel, Channels()...)
	}
	for _, k := range p.Off {
		oneOf(&v, "off", k, NotifyKinds()...)
	}
	return v.errs.Err()
}
