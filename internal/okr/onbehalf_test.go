package okr

import "testing"

// TestOnBehalfOf walks the owners a check-in can be made for: the owner
// person and a member of the owning unit check in for themselves; another
// person, a lead from outside the unit and an admin check in on the
// owner's behalf; a key result without an owner of its own belongs to its
// objective's owner.
func TestOnBehalfOf(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	team, person := Owner{UnitID: n(5)}, Owner{PersonID: n(7)}
	member := Actor{PersonID: 8, MemberOf: map[int64]bool{5: true}}
	lead := Actor{PersonID: 9, Leads: map[int64]bool{5: true}, MemberOf: map[int64]bool{4: true}}
	admin := Actor{PersonID: 10, Role: RoleAdmin}
	cases := []struct {
		name  string
		a     Actor
		kr, o Owner
		want  *Owner
	}{
		{"owner person", Actor{PersonID: 7}, person, team, nil},
		{"lead for a person", lead, person, team, &person},
		{"admin for a person", admin, person, team, &person},
		{"member for the unit", member, team, team, nil},
		{"lead from outside the unit", lead, team, team, &team},
		{"admin for a unit", admin, team, team, &team},
		{"objective's owner", Actor{PersonID: 7}, Owner{}, person, nil},
		{"objective's owner, another person", member, Owner{}, person, &person},
		{"the system", Actor{Role: RoleAdmin}, person, team, nil},
	}
	for _, c := range cases {
		got := c.a.OnBehalfOf(&KeyResult{Owner: c.kr}, &Objective{Owner: c.o})
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("%s: OnBehalfOf = %v, want %v", c.name, got, c.want)
		}
	}
}
