// Package coach is the OKR coach: deterministic, explainable quality rules
// for objectives and key results, drawn from the OKR practice the product
// follows (shared/okr-practice.md §2).
//
// Every finding names its rule, says why in the user's language (bokmål,
// Swedish or English) and suggests how to rewrite. Statement rules read the
// text in its own language, detected per text (bokmål/nynorsk, Swedish,
// Danish, English), so a Swedish objective in a Norwegian organisation gets
// Swedish rules. Set rules look at many objectives at once: counts per owner,
// alignment, check-ins and grades. Organisations tune rules with
// okr.OrgSettings.
//
// The package is pure: it imports only the domain package okr, the
// standard library and golang.org/x/text (plural rules), keeps no state between calls, and a *Coach is safe for
// concurrent use.
package coach

import (
	"sort"

	"github.com/okr-dev/okr/internal/okr"
)

// Coach checks OKRs against the rules with one organisation's settings.
type Coach struct {
	settings okr.OrgSettings
	lang     string              // language of messages
	severity map[string]Severity // effective severity per rule id
}

// New returns a coach for an organisation. Zero or negative limits in
// settings take the defaults of okr.DefaultSettings (so MinKRs 0 means 2);
// settings.Language is the language of messages and the language assumed for
// a text too short to tell; settings.Rules sets a rule's severity or switches
// it off ("off"), and ignores unknown ids and values (see ValidateRules).
func New(settings okr.OrgSettings) *Coach {
	s := withDefaults(settings)
	c := &Coach{settings: s, lang: messageLang(s.Language), severity: map[string]Severity{}}
	for _, r := range ruleTable {
		sev := r.Severity
		if v, ok := s.Rules[r.ID]; ok && validSeverity(Severity(v)) {
			sev = Severity(v)
		}
		c.severity[r.ID] = sev
	}
	return c
}

func withDefaults(s okr.OrgSettings) okr.OrgSettings {
	d := okr.DefaultSettings()
	if s.Language == "" {
		s.Language = d.Language
	}
	if s.BandLow <= 0 && s.BandHigh <= 0 {
		s.BandLow, s.BandHigh = d.BandLow, d.BandHigh
	}
	if s.MaxObjectives <= 0 {
		s.MaxObjectives = d.MaxObjectives
	}
	if s.MaxObjectivesHard < s.MaxObjectives {
		s.MaxObjectivesHard = max(d.MaxObjectivesHard, s.MaxObjectives)
	}
	if s.MinKRs <= 0 {
		s.MinKRs = d.MinKRs
	}
	if s.MaxKRs < s.MinKRs || s.MaxKRs <= 0 {
		s.MaxKRs = max(d.MaxKRs, s.MinKRs)
	}
	if s.MaxObjectiveLength <= 0 {
		s.MaxObjectiveLength = d.MaxObjectiveLength
	}
	return s
}

func validSeverity(s Severity) bool {
	switch s {
	case SeverityInfo, SeverityWarning, SeverityError, SeverityOff:
		return true
	}
	return false
}

// ValidateRules checks an organisation's rule settings: every id must be a
// rule of Rules() and every value one of off, info, warning, error. It
// returns okr.ValidationErrors with one EINVALID error per bad entry, in id
// order, with Field "rules.ID", or nil.
func ValidateRules(rules map[string]string) error {
	var errs okr.ValidationErrors
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		v, field := rules[id], "rules."+id
		if _, ok := ruleByID(id); !ok {
			errs = append(errs, okr.FieldError(field, okr.KeyInvalidChoice, "unknown coach rule "+id,
				map[string]any{"Field": field, "Choices": "a rule id"}))
		} else if !validSeverity(Severity(v)) {
			errs = append(errs, okr.FieldError(field, okr.KeyInvalidChoice, "must be one of off, info, warning, error",
				map[string]any{"Field": field, "Choices": "off, info, warning, error"}))
		}
	}
	return errs.Err()
}

// WithLanguage returns a coach that writes messages in lang (nb, sv or en;
// nn gives nb, anything else en), for a user whose UI language differs from
// the organisation's. Texts too short to tell their language are still read
// in the organisation's language.
func (c *Coach) WithLanguage(lang string) *Coach {
	cc := *c
	cc.lang = messageLang(lang)
	return &cc
}

// Severity returns the severity rule id has for this organisation, or
// SeverityOff when it is switched off or unknown.
func (c *Coach) Severity(id string) Severity {
	if s, ok := c.severity[id]; ok {
		return s
	}
	return SeverityOff
}
