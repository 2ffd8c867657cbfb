package view

import (
	"slices"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// mapWorld is a company with a department and a team, a person in the
// team and one in the company, and objectives: company (1) ← department
// (2) ← team (3) ← person (4); a second company objective (5); a team
// objective aligned under nothing (6); a person's draft aligned under
// nothing (7); a parent cycle 8 ⇄ 9; and one whose parent is gone (10).
func mapWorld() ([]MapEntry, *Directory) {
	id := func(n int64) *int64 { return &n }
	units := []okr.Unit{
		{ID: 1, Name: "Co", Kind: okr.UnitCompany},
		{ID: 2, Name: "Dept", Kind: okr.UnitDepartment, ParentID: id(1)},
		{ID: 3, Name: "Team", Kind: okr.UnitTeam, ParentID: id(2)},
	}
	people := []okr.Person{{ID: 10, Name: "Pia", UnitID: id(3)}, {ID: 11, Name: "Per", UnitID: id(1)}}
	unit := func(u int64) okr.Owner { return okr.Owner{UnitID: id(u)} }
	person := func(p int64) okr.Owner { return okr.Owner{PersonID: id(p)} }
	pub := okr.StatePublished
	// Out of order, as the index gives them.
	return []MapEntry{
		{ID: 4, Parent: 3, Owner: person(10), State: pub},
		{ID: 3, Parent: 2, Owner: unit(3), State: pub},
		{ID: 5, Owner: unit(1), State: pub},
		{ID: 2, Parent: 1, Owner: unit(2), State: pub},
		{ID: 1, Owner: unit(1), State: pub},
		{ID: 6, Owner: unit(3), State: pub},
		{ID: 7, Owner: person(11), State: okr.StateDraft},
		{ID: 9, Parent: 8, Owner: unit(2), State: pub},
		{ID: 8, Parent: 9, Owner: unit(2), State: pub},
		{ID: 10, Parent: 99, Owner: unit(2), State: pub},
	}, NewDirectory(units, people)
}

func nodeIDs(ns []*MapNode) []int64 {
	var out []int64
	for _, n := range ns {
		out = append(out, n.ID)
	}
	return out
}

func TestObjMapTree(t *testing.T) {
	entries, dir := mapWorld()
	m := BuildObjMap(entries, dir, nil, 0)
	if got := nodeIDs(m.Roots); !slices.Equal(got, []int64{1, 5}) {
		t.Errorf("roots %v, want the company's objectives [1 5]", got)
	}
	// Loose ones in board order: department, team, then people; the cycle
	// is cut once.
	if got := nodeIDs(m.Loose); !slices.Equal(got, []int64{10, 6, 7, 8}) {
		t.Errorf("loose %v, want [10 6 7 8]", got)
	}
	for child, parent := range map[int64]int64{2: 1, 3: 2, 4: 3, 9: 8} {
		n := m.ByID[child]
		if n.Parent == nil || n.Parent.ID != parent || !slices.Contains(n.Parent.Children, n) {
			t.Errorf("objective %d is not a child of %d", child, parent)
		}
	}
	if n := m.ByID[4]; n.Depth != 3 || n.Level != okr.LevelIndividual {
		t.Errorf("the person's objective is at depth %d, level %s; want 3, individual", n.Depth, n.Level)
	}
	if m.Total != 10 || m.Shown != 10 || m.Matches != 10 {
		t.Errorf("got total %d shown %d matches %d, want 10 each without a filter", m.Total, m.Shown, m.Matches)
	}
}

func TestObjMapFilterKeepsThePath(t *testing.T) {
	entries, dir := mapWorld()
	pia := func(e *MapEntry) bool { return e.Owner.PersonID != nil && *e.Owner.PersonID == 10 }
	m := BuildObjMap(entries, dir, pia, 0)
	if got := nodeIDs(m.Roots); !slices.Equal(got, []int64{1}) {
		t.Errorf("roots %v, want only the company objective above the match", got)
	}
	if len(m.Loose) != 0 {
		t.Errorf("loose %v, want none", nodeIDs(m.Loose))
	}
	for _, id := range []int64{1, 2, 3} {
		if n := m.ByID[id]; !n.Context() || len(n.Children) != 1 {
			t.Errorf("objective %d: context %v with %d children, want the path to the match", id, n.Context(), len(n.Children))
		}
	}
	if n := m.ByID[4]; !n.Match || n.Context() {
		t.Errorf("the match is not shown as one")
	}
	if m.ByID[5].Shown || m.ByID[6].Shown {
		t.Errorf("objectives off the path are shown")
	}
	if m.Shown != 4 || m.Matches != 1 {
		t.Errorf("got shown %d matches %d, want 4 and 1", m.Shown, m.Matches)
	}
}

func TestObjMapRoot(t *testing.T) {
	entries, dir := mapWorld()
	m := BuildObjMap(entries, dir, nil, 2)
	if got := nodeIDs(m.Roots); !slices.Equal(got, []int64{1}) || !m.ByID[1].Context() {
		t.Errorf("roots %v, want the company objective as the path", got)
	}
	for _, id := range []int64{2, 3, 4} {
		if !m.ByID[id].Match {
			t.Errorf("objective %d under the root does not match", id)
		}
	}
	if m.ByID[5].Shown || len(m.Loose) != 0 || m.Shown != 4 {
		t.Errorf("got %d shown and loose %v, want the root's subtree and its path only", m.Shown, nodeIDs(m.Loose))
	}
}
