package okrfile

import (
	"bytes"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// A file keeps milestones removed from a checklist as archived: they do not
// count, check-ins still name them, a former checklist keeps them, and the
// canonical form writes them after the active ones.
func TestArchivedMilestones(t *testing.T) {
	src := `version: 1
organization: {name: X, slug: x}
units:
  - {key: x, name: X}
periods:
  - {name: Q1, start: 2026-01-01, end: 2026-03-31}
objectives:
  - key: o
    title: Launch the shop
    period: Q1
    owner: x
    key_results:
      - key: launch
        title: The shop is live
        milestones:
          - {title: Design, archived: true, done: true}
          - {title: Payments, done: true}
          - {title: Live}
        check_ins:
          - {at: 2026-01-09T12:00:00Z, milestones_done: [Payments, Design]}
      - key: vipps
        title: Customers can pay with Vipps
        metric: boolean
        milestones:
          - {title: Contract, done: true, archived: true}
        check_ins:
          - {at: 2026-01-09T12:00:00Z, value: 1, milestones_done: [Contract]}
          - {at: 2026-01-16T12:00:00Z, value: 1}
`
	f := mustDecode(t, []byte(src), "test.yaml")
	launch, vipps := f.Objectives[0].KeyResults[0], f.Objectives[0].KeyResults[1]
	if got := titlesOf(launch.KeyResult.Milestones); got != "Payments,Live" {
		t.Errorf("active milestones = %s, want Payments,Live", got)
	}
	if got := titlesOf(launch.ArchivedMilestones); got != "Design" || !launch.ArchivedMilestones[0].Done {
		t.Errorf("archived milestones = %s %+v, want Design, done", got, launch.ArchivedMilestones)
	}
	if p := launch.KeyResult.Progress(); p != 0.5 {
		t.Errorf("progress = %v, want 0.5: the archived milestone does not count", p)
	}
	ci := launch.CheckIns[0].CheckIn
	if len(ci.MilestonesDone) != 2 || ci.MilestonesDone[1] != launch.ArchivedMilestones[0].ID || ci.Value != 2 {
		t.Errorf("check-in = %+v, want it to name Payments and the archived Design (id %d), value 2", ci, launch.ArchivedMilestones[0].ID)
	}
	if len(vipps.KeyResult.Milestones) != 0 || len(vipps.ArchivedMilestones) != 1 || len(vipps.CheckIns[0].CheckIn.MilestonesDone) != 1 {
		t.Errorf("former checklist = %+v / %+v, want no active and one archived milestone named by its first check-in", vipps.KeyResult.Milestones, vipps.ArchivedMilestones)
	}

	out := mustEncode(t, f)
	want := "          - title: Payments\n            done: true\n          - title: Live\n          - title: Design\n            done: true\n            archived: true\n"
	if !bytes.Contains(out, []byte(want)) {
		t.Errorf("encoding lacks the archived milestone after the active ones:\n%s", out)
	}
	if again := mustEncode(t, mustDecode(t, out, "out.yaml")); !bytes.Equal(again, out) {
		t.Errorf("encode → decode → encode differs:\n%s\n---\n%s", out, again)
	}
	set := f.Set()
	if ms := set.ArchivedMilestones[launch.KeyResult.ID]; len(ms) != 1 || ms[0].Title != "Design" {
		t.Errorf("Set().ArchivedMilestones = %+v, want Design for the launch key result", set.ArchivedMilestones)
	}
	back, err := FromSet(set)
	if err != nil {
		t.Fatalf("FromSet(Set()): %v", err)
	}
	if got := mustEncode(t, back); !bytes.Equal(got, out) {
		t.Errorf("FromSet(Set()) encodes differently:\n%s\n---\n%s", out, got)
	}

	// An active milestone on a key result that is not a checklist is still
	// an error, and so is a check-in naming an unknown milestone.
	probs := decodeProblems(t, strings.Replace(src, "{title: Contract, done: true, archived: true}", "{title: Contract, done: true}", 1))
	if len(probs) == 0 || !strings.Contains(probs.Error(), "milestones apply only to a key result of the kind milestones") {
		t.Errorf("problems = %v, want the active milestone on a yes/no key result reported", probs)
	}
}

func titlesOf(ms []okr.Milestone) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Title)
	}
	return strings.Join(out, ",")
}
