package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/coach"
	"github.com/okr-dev/okr/internal/okr"
)

// coachIn is a draft objective with its key results.
type coachIn struct {
	Title       string      `json:"title" maxLength:"1000"`
	Description string      `json:"description,omitempty" maxLength:"10000"`
	KeyResults  []coachKRIn `json:"key_results,omitempty" maxItems:"50"`
	Language    string      `json:"language,omitempty" doc:"Language of the messages; the caller's, else the organisation's, when left out"`
}

// coachKRIn is a draft key result; its metric is optional.
type coachKRIn struct {
	Title  string    `json:"title" maxLength:"1000"`
	Metric *metricIn `json:"metric,omitempty" doc:"With a numeric metric the coach checks the target and takes the key result as measurable"`
}

// coachOut is the coach's answer.
type coachOut struct {
	Worst    string       `json:"worst" enum:"off,info,warning,error" doc:"The most serious severity found; off when nothing was found"`
	Findings []findingOut `json:"findings"`
}

// findingOut is one thing the coach found.
type findingOut struct {
	Rule     string            `json:"rule" doc:"The rule's id"`
	Severity string            `json:"severity" enum:"info,warning,error"`
	Target   string            `json:"target" enum:"objective,key_result" doc:"What the finding is about"`
	Index    int               `json:"index" doc:"For a key result, its position in key_results (0-based)"`
	Field    string            `json:"field" doc:"The field concerned: title, description, metric or key_results"`
	Start    int               `json:"start" doc:"Rune offset in the field's text of the words concerned; 0 with end 0 for the whole"`
	End      int               `json:"end"`
	Message  string            `json:"message"`
	Hint     string            `json:"hint" doc:"How to rewrite"`
	Lang     string            `json:"lang" doc:"Language of message and hint"`
	TextLang string            `json:"text_lang" doc:"Language the text was read in"`
	Key      string            `json:"key" doc:"Message key, for clients that translate themselves"`
	Args     map[string]string `json:"args"`
	// Suggestion is the coach's rewrite of the field's text.
	Suggestion string `json:"suggestion,omitempty" doc:"The field's text rewritten to follow the rule, in the text's language, with placeholders (X, Y, [whom]) for what only the author knows; left out when the coach has none"`
}

func wireFinding(f coach.Finding) findingOut {
	args := f.Args
	if args == nil {
		args = map[string]string{}
	}
	return findingOut{Rule: f.RuleID, Severity: string(f.Severity), Target: string(f.Target.Kind), Index: f.Target.Index,
		Field: f.Field, Start: f.Start, End: f.End, Message: f.Message, Hint: f.Hint, Lang: f.Lang, TextLang: f.TextLang,
		Key: f.Key, Args: args, Suggestion: f.Suggestion}
}

func (b coachIn) draft() coach.Draft {
	d := coach.Draft{Title: b.Title, Description: b.Description, KeyResults: make([]coach.KRDraft, len(b.KeyResults))}
	for i, kr := range b.KeyResults {
		d.KeyResults[i] = coach.KRDraft{Title: kr.Title}
		if kr.Metric != nil {
			m := kr.Metric.domain()
			if m.Unit.Kind == "" {
				m.Unit.Kind = okr.MeasureNumber
			}
			d.KeyResults[i].Metric = &m
		}
	}
	return d
}

func (a *API) registerCoach() {
	op(a, huma.Operation{OperationID: "coach-objective", Method: http.MethodPost, Path: "/coach", Tags: []string{"Coach"},
		Summary: "Check a draft objective", Description: "The coach's findings on a draft objective and its key results, with the organisation's rule settings. Nothing is stored."},
		nil, a.coachObjective)
}

// coachObjectiveIn is the input of coach-objective.
type coachObjectiveIn struct{ Body coachIn }

// coachObjective answers POST /coach.
func (a *API) coachObjective(ctx context.Context, in *coachObjectiveIn) (*body[coachOut], error) {
	c := callerOf(ctx)
	org, err := a.db.GetOrg(ctx, c.org())
	if err != nil {
		return nil, err
	}
	lang := in.Body.Language
	if lang == "" {
		lang = c.person.Language
	}
	ch := coach.New(org.Settings)
	if lang != "" {
		ch = ch.WithLanguage(lang)
	}
	findings := ch.CheckObjective(in.Body.draft())
	return &body[coachOut]{Body: coachOut{Worst: string(coach.Worst(findings)), Findings: mapSlice(findings, wireFinding)}}, nil
}
