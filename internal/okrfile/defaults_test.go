package okrfile

import (
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// A minimal hand-written file gets the documented defaults.
func TestDefaults(t *testing.T) {
	src := base + `kpis: [{name: Besøk}]
objectives:
  - title: Bli synlig
    owner: KARI@acme.no
    key_results:
      - title: Lansere
      - title: Kutte kostnad
        start: 24
        target: 4
      - title: Sjekkliste
        milestones: [{title: a}, {title: b}]
        check_ins: [{at: "2025-01-10T16:00:00+01:00", milestones_done: [b]}]
        grade: {score: "57 %"}
`
	f := mustDecode(t, []byte(src), "defaults.yaml")
	o := f.Objectives[0]
	if o.PeriodName != "Q1" || o.Objective.State != okr.StateDraft || o.Objective.Weight != 1 {
		t.Errorf("objective defaults: period %q, state %q, weight %v; want Q1, draft, 1", o.PeriodName, o.Objective.State, o.Objective.Weight)
	}
	if o.Owner.Email != "kari@acme.no" || *o.Objective.Owner.PersonID != f.Person("kari@acme.no").Person.ID {
		t.Errorf("owner = %+v, want the person kari@acme.no as the people list spells it", o.Owner)
	}
	yes, cut, list := o.KeyResults[0].KeyResult, o.KeyResults[1].KeyResult, o.KeyResults[2]
	if yes.Metric.Kind != okr.MetricBoolean || yes.Metric.Unit.Kind != okr.MeasureNumber || yes.Weight != 1 || yes.Current != nil {
		t.Errorf("bare KR = %+v, want a boolean number KR of weight 1 without a current value", yes)
	}
	if cut.Metric.Kind != okr.MetricDecrease {
		t.Errorf("start 24, target 4 gives metric %q, want decrease", cut.Metric.Kind)
	}
	ci := list.CheckIns[0].CheckIn
	if ci.Value != 1 || ci.Confidence != okr.OnTrack || !ci.At.Equal(time.Date(2025, 1, 10, 15, 0, 0, 0, time.UTC)) || ci.At.Location() != time.UTC {
		t.Errorf("check-in = %+v, want value 1 (one milestone), on_track, 15:00 UTC", ci)
	}
	if g := list.Grade.Grade; g.Score != 0.57 || g.Suggested != 0.57 || !g.At.Equal(time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf(`grade "57 %%" = %+v, want score and suggested 0.57 at the end of Q1`, g)
	}
	k := f.KPIs[0]
	if k.Key != "besok" || k.KPI.Direction != okr.HigherIsBetter || k.KPI.Frequency != okr.Monthly || k.KPI.Unit.Kind != okr.MeasureNumber {
		t.Errorf("KPI defaults = %q %+v", k.Key, k.KPI)
	}
	if p := f.Periods[0].Period; p.Kind != okr.PeriodQuarter {
		t.Errorf("period kind = %q, want quarter", p.Kind)
	}
	if f.Org != nil {
		t.Errorf("Org = %+v, want nil without an organization section", f.Org)
	}
}

// Encode leaves defaults out and writes inferred fields, and the result
// reads back to the same values.
func TestEncodeDefaults(t *testing.T) {
	src := base + "objectives:\n  - title: T\n    owner: acme\n    key_results: [{title: K, target: 3}]\n"
	f := mustDecode(t, []byte(src), "in.yaml")
	want := `version: 1
units:
  - key: acme
    name: Acme
    kind: company
people:
  - email: kari@acme.no
    name: Kari
periods:
  - name: Q1
    start: 2025-01-01
    end: 2025-03-31
objectives:
  - key: t
    title: T
    period: Q1
    owner: acme
    key_results:
      - key: k
        title: K
        metric: increase
        start: 0
        target: 3
`
	if got := string(mustEncode(t, f)); got != want {
		t.Errorf("Encode:\n%s\nwant:\n%s", got, want)
	}
}
