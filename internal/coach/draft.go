package coach

import (
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// Draft is an objective as it is being written: its text and its key
// results. It is what the objective editor and POST /api/v1/coach send.
type Draft struct {
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	KeyResults  []KRDraft `json:"key_results"`
}

// KRDraft is a key result as it is being written. Metric is optional: with
// a numeric metric (increase, decrease, stay above/below, milestones) the
// coach checks the target structurally and takes the KR as measurable
// whatever its text says; without one, or with a boolean metric, it reads the
// text for a number or a yes/no end state.
type KRDraft struct {
	Title  string      `json:"title"`
	Metric *okr.Metric `json:"metric,omitempty"`
}

// CheckObjective checks a draft objective with its key results: the
// objective's text (metric, generic, length, dependency), each key result's
// text and metric, and the number of key results. Key results whose language
// cannot be told are read in the objective's language. Findings come
// ordered: the objective's first, then each key result's in order.
func (c *Coach) CheckObjective(d Draft) []Finding {
	r := &report{c: c}
	lang := c.checkObjective(r, d.Title, d.Description, Target{Kind: TargetObjective})
	for i, kr := range d.KeyResults {
		c.checkKeyResult(r, kr, lang, Target{Kind: TargetKeyResult, Index: i})
	}
	c.checkKRCount(r, len(d.KeyResults), Target{Kind: TargetObjective})
	sortFindings(r.out)
	return r.out
}

// CheckObjectiveText checks one objective statement on its own, with the
// rules that apply to a single statement (not the key-result count).
func (c *Coach) CheckObjectiveText(title string) []Finding {
	r := &report{c: c}
	c.checkObjective(r, title, "", Target{Kind: TargetObjective})
	sortFindings(r.out)
	return r.out
}

// CheckKeyResult checks one key result on its own.
func (c *Coach) CheckKeyResult(kr KRDraft) []Finding {
	r := &report{c: c}
	c.checkKeyResult(r, kr, c.settings.Language, Target{Kind: TargetKeyResult})
	sortFindings(r.out)
	return r.out
}

// checkObjective applies the objective rules to title and description and
// returns the language the title was read in.
func (c *Coach) checkObjective(r *report, title, description string, t Target) string {
	a := analyze(title, c.settings.Language)
	if s, e, q, ok := objectiveMetric(a); ok {
		r.add(spec{rule: RuleObjectiveHasMetric, key: RuleObjectiveHasMetric, target: t, field: "title",
			start: s, end: e, textLang: a.lang, args: map[string]string{"match": q}, suggestion: suggestWithoutMetric(a, s, e)})
	}
	if objectiveGeneric(a) {
		r.add(spec{rule: RuleObjectiveGeneric, key: RuleObjectiveGeneric, target: t, field: "title", textLang: a.lang,
			suggestion: suggestSpecific(a)})
	}
	if n := runeLen(strings.TrimSpace(title)); n > c.settings.MaxObjectiveLength {
		r.add(spec{rule: RuleObjectiveTooLong, key: RuleObjectiveTooLong, target: t, field: "title", textLang: a.lang,
			args: map[string]string{"n": strconv.Itoa(n), "max": strconv.Itoa(c.settings.MaxObjectiveLength)}})
	}
	c.checkDependency(r, a, "title", t)
	if strings.TrimSpace(description) != "" {
		c.checkDependency(r, analyze(description, a.lang), "description", t)
	}
	return a.lang
}

func (c *Coach) checkDependency(r *report, a *analysis, field string, t Target) {
	if i, j, ok := dependency(a); ok {
		s, e := a.span(i, j)
		r.add(spec{rule: RuleObjectiveDependency, key: RuleObjectiveDependency, target: t, field: field,
			start: s, end: e, textLang: a.lang, args: map[string]string{"match": a.quote(i, j)},
			suggestion: suggestWithoutClause(a, i, j)})
	}
}

// checkKRCount reports too few or too many key results.
func (c *Coach) checkKRCount(r *report, n int, t Target) {
	args := map[string]string{"n": strconv.Itoa(n), "min": strconv.Itoa(c.settings.MinKRs), "max": strconv.Itoa(c.settings.MaxKRs)}
	switch {
	case n < c.settings.MinKRs:
		r.add(spec{rule: RuleKRCount, key: RuleKRCount + ".few", target: t, field: "key_results", args: args})
	case n > c.settings.MaxKRs:
		r.add(spec{rule: RuleKRCount, key: RuleKRCount + ".many", target: t, field: "key_results", args: args})
	}
}

// checkKeyResult applies the key-result rules; fallback is the language for
// a text too short to tell.
func (c *Coach) checkKeyResult(r *report, kr KRDraft, fallback string, t Target) {
	a := analyze(kr.Title, fallback)
	add := func(rule, key, field string, i, j int, args map[string]string, suggestion string) {
		s, e := a.span(i, j)
		if args == nil && j > i {
			args = map[string]string{"match": a.quote(i, j)}
		}
		r.add(spec{rule: rule, key: key, target: t, field: field, start: s, end: e, textLang: a.lang, args: args,
			suggestion: suggestion})
	}
	act, actOK := activity(a)
	vagueSug := ""
	if h, ok := a.first(cVague); ok {
		if helpVerbs[at(a.toks, h.i).s] {
			h.j = h.i + 1 // "Help the sales team …": the verb, not its object
		}
		sug := ""
		if !actOK {
			sug = suggestWithout(a, h.i, h.j)
		}
		vagueSug = sug
		add(RuleKRVagueVerb, RuleKRVagueVerb, "title", h.i, h.j, nil, sug)
	}
	if actOK {
		add(RuleKRIsActivity, RuleKRIsActivity, "title", act.i, act.j, nil, suggestOutcome(a, act))
	}
	if m := kr.Metric; m != nil && m.Kind != "" && m.Kind != okr.MetricBoolean {
		if m.Kind.HasStart() && m.Start == m.Target {
			add(RuleKRNoTarget, RuleKRNoTarget+".metric", "metric", 0, 0,
				map[string]string{"start": strconv.FormatFloat(m.Start, 'f', -1, 64)}, "")
		} else if tt, ok := statedTarget(a); ok && m.Kind.IsNumeric() && !tt.agrees(m.Target) {
			add(RuleKRTargetMismatch, RuleKRTargetMismatch, "title", tt.i, tt.j,
				map[string]string{"stated": a.quote(tt.i, tt.j), "target": formatNumber(m.Target, a.lang)},
				suggestNumber(a, tt, m.Target))
		}
		return // a number to count makes the KR measurable whatever the text says
	}
	// A yes/no metric does not make a statement answerable: "Fornøyde
	// kunder" is no clearer as a boolean, so the text must name the end state.
	if measurable(a) || actOK {
		return // an activity is reported as such, not again as unmeasurable
	}
	if h, ok := a.first(cChange); ok {
		sug := suggestTarget(a)
		if vagueSug != "" {
			sug = vagueSug // one rewrite that mends both
		}
		add(RuleKRNoTarget, RuleKRNoTarget, "title", h.i, h.j, nil, sug)
		return
	}
	add(RuleKRNotMeasurable, RuleKRNotMeasurable, "title", 0, 0, nil, suggestMeasured(a))
}
