package coach

import (
	"sort"

	"github.com/okr-dev/okr/internal/okr"
)

// TargetKind is the kind of thing a finding is about.
type TargetKind string

const (
	TargetObjective TargetKind = "objective"
	TargetKeyResult TargetKind = "key_result"
	TargetOwner     TargetKind = "owner"  // an owner's objectives in one period
	TargetPeriod    TargetKind = "period" // all objectives of one period
)

// Target says what a finding is about.
type Target struct {
	Kind TargetKind `json:"kind"`
	// Index is, for a key result, its position among the objective's key
	// results in the draft (0-based); 0 for other kinds.
	Index int `json:"index"`
	// ID is the objective's or key result's id when the coach checked stored
	// OKRs (CheckSet, CheckAll); 0 for drafts.
	ID int64 `json:"id,omitempty"`
	// ObjectiveID is, for a stored key result, the id of its objective.
	ObjectiveID int64 `json:"objective_id,omitempty"`
	// PeriodID is set for owner and period targets.
	PeriodID int64 `json:"period_id,omitempty"`
	// Owner is set for owner targets.
	Owner *okr.Owner `json:"owner,omitempty"`
}

// Finding is one thing the coach found: which rule, how serious, about what,
// and why in words.
type Finding struct {
	RuleID   string   `json:"rule"`
	Severity Severity `json:"severity"`
	Target   Target   `json:"target"`
	// Field is the field the finding concerns: "title" or "description" of
	// an objective or key result, "metric" of a key result, "key_results",
	// "alignment", "check_ins" or "grades" of an objective, "objectives" of
	// an owner or a period.
	Field string `json:"field"`
	// Start and End are the rune offsets, in Field's text, of the words the
	// finding is about ("jobbe med"); both are 0 when it is about the whole.
	Start int `json:"start"`
	End   int `json:"end"`
	// Message says what is wrong and Hint how to rewrite, in Lang.
	Message string `json:"message"`
	Hint    string `json:"hint"`
	Lang    string `json:"lang"`
	// TextLang is the language the coach read the text in ("nb", "nn",
	// "sv", "da", "en"); empty for findings not about a text.
	TextLang string `json:"text_lang,omitempty"`
	// Key and Args are the message key and its arguments, for callers that
	// translate findings themselves; Localize uses them.
	Key  string            `json:"key"`
	Args map[string]string `json:"args,omitempty"`
	// Suggestion is the statement rewritten to follow the rule, built from
	// the user's own words and written in TextLang, with placeholders (X, Y,
	// [hvem]) for what only the user knows; empty when the coach has none
	// (a count, a length, a check-in). It replaces the text of Field.
	Suggestion string `json:"suggestion,omitempty"`
}

// Localize returns the findings with Message, Hint and Lang in lang (nb, sv
// or en; see Coach.WithLanguage). It does not modify fs.
func Localize(fs []Finding, lang string) []Finding {
	out := make([]Finding, len(fs))
	for i, f := range fs {
		f.Lang = messageLang(lang)
		f.Message, f.Hint = render(f.Key, f.Lang, f.Args)
		out[i] = f
	}
	return out
}

// Worst returns the most serious severity among fs, or SeverityOff when fs
// is empty.
func Worst(fs []Finding) Severity {
	worst := SeverityOff
	for _, f := range fs {
		if severityRank(f.Severity) > severityRank(worst) {
			worst = f.Severity
		}
	}
	return worst
}

func severityRank(s Severity) int {
	switch s {
	case SeverityInfo:
		return 1
	case SeverityWarning:
		return 2
	case SeverityError:
		return 3
	}
	return 0
}

// report collects the findings of one check.
type report struct {
	c   *Coach
	out []Finding
}

// spec is a finding before its severity and words are settled.
type spec struct {
	rule, key  string
	target     Target
	field      string
	start, end int
	textLang   string
	args       map[string]string
	suggestion string
	// escalate reports the finding as an error rather than at the rule's
	// default severity, unless the organisation set the rule's severity
	// (objective-count above the hard limit).
	escalate bool
}

// add records a finding unless the organisation switched its rule off.
func (r *report) add(s spec) {
	sev := r.c.Severity(s.rule)
	if sev == SeverityOff {
		return
	}
	if v, set := r.c.settings.Rules[s.rule]; s.escalate && !(set && validSeverity(Severity(v))) {
		sev = SeverityError
	}
	msg, hint := render(s.key, r.c.lang, s.args)
	r.out = append(r.out, Finding{
		RuleID: s.rule, Severity: sev, Target: s.target, Field: s.field, Start: s.start, End: s.end,
		Message: msg, Hint: hint, Lang: r.c.lang, TextLang: s.textLang, Key: s.key, Args: s.args,
		Suggestion: s.suggestion,
	})
}

// sortFindings orders findings by target (objectives before their key
// results, key results by position), then by position in the text, then by
// rule order, so output is stable.
func sortFindings(fs []Finding) {
	if len(fs) < 2 {
		return
	}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Target.Kind != b.Target.Kind {
			return kindRank(a.Target.Kind) < kindRank(b.Target.Kind)
		}
		if a.Target.Index != b.Target.Index {
			return a.Target.Index < b.Target.Index
		}
		if a.Field != b.Field {
			return a.Field > b.Field // title before description and metric
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return ruleOrder[a.RuleID] < ruleOrder[b.RuleID]
	})
}

func kindRank(k TargetKind) int {
	switch k {
	case TargetPeriod:
		return 0
	case TargetOwner:
		return 1
	case TargetObjective:
		return 2
	}
	return 3
}

// ruleOrder is each rule's position in ruleTable.
var ruleOrder = func() map[string]int {
	m := map[string]int{}
	for i, r := range ruleTable {
		m[r.ID] = i
	}
	return m
}()
