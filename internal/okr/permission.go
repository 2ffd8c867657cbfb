package okr

// Actor describes a person for the question "may they change this?": who
// they are, their role, the units they lead and are members of, and
// whether their organisation lets members check in. The store fills it
// from its tables; the rule is MayEditObjective and MayCheckIn below, and
// the store's own queries must answer as they do (the store's permission
// test holds both to the same table of actors).
type Actor struct {
	PersonID int64 // 0 for no person
	Role     Role
	// Leads holds the units the person leads and every unit below them: a
	// lead of a unit leads its whole subtree.
	Leads map[int64]bool
	// MemberOf holds the units the person is a member of.
	MemberOf map[int64]bool
	// MembersCheckIn is the organisation's setting that lets members of the
	// unit owning a key result (or its objective) check in on it.
	MembersCheckIn bool
}

// MayChange reports whether a may change what owner owns: an admin, the
// owner person, or a lead of the owner unit or one of its ancestors.
func (a Actor) MayChange(owner Owner) bool {
	switch {
	case a.Role == RoleAdmin:
		return true
	case owner.PersonID != nil:
		return a.PersonID != 0 && *owner.PersonID == a.PersonID
	case owner.UnitID != nil:
		return a.Leads[*owner.UnitID]
	}
	return false
}

// MayEditObjective reports whether a may change objective o (and add or
// remove its key results).
func (a Actor) MayEditObjective(o *Objective) bool { return a.MayChange(o.Owner) }

// MayEditKR reports whether a may change key result kr of objective o:
// whoever may change o, or whoever may change what the KR's own owner owns.
func (a Actor) MayEditKR(kr *KeyResult, o *Objective) bool {
	return a.MayEditObjective(o) || a.MayChange(kr.Owner)
}

// MayCheckIn reports whether a may check in on key result kr of objective
// o: whoever may change the KR, and, when the organisation allows it, the
// members of the unit that owns the KR or the objective.
func (a Actor) MayCheckIn(kr *KeyResult, o *Objective) bool {
	if a.MayEditKR(kr, o) {
		return true
	}
	return a.MembersCheckIn && (a.memberOf(kr.Owner) || a.memberOf(o.Owner))
}

func (a Actor) memberOf(owner Owner) bool {
	return owner.UnitID != nil && a.MemberOf[*owner.UnitID]
}

// OnBehalfOf reports for whom a check-in by a on key result kr of
// objective o is made when it is not a's own: the KR's owner (the
// objective's when the KR has none) when that is another person, or a unit
// a is not a member of (a lead or an admin checking in for a team they do
// not belong to). Nil when a checks in on their own or their own unit's
// key result, and for the system (no person). A check-in made on someone's
// behalf is shown as "registered by" its author.
func (a Actor) OnBehalfOf(kr *KeyResult, o *Objective) *Owner {
	owner := kr.Owner
	if owner.PersonID == nil && owner.UnitID == nil {
		owner = o.Owner
	}
	switch {
	case a.PersonID == 0:
		return nil
	case owner.PersonID != nil:
		if *owner.PersonID == a.PersonID {
			return nil
		}
	case owner.UnitID != nil:
		if a.MemberOf[*owner.UnitID] {
			return nil
		}
	default:
		return nil
	}
	return &owner
}
