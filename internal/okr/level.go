package okr

// LevelOf returns the level an owner gives: a person owns individual OKRs;
// the root unit owns company OKRs; other units give their kind (department
// or team). units maps id to unit.
func LevelOf(o Owner, units map[int64]*Unit) Level {
	if o.PersonID != nil {
		return LevelIndividual
	}
	if o.UnitID == nil {
		return LevelCompany
	}
	u, ok := units[*o.UnitID]
	if !ok || u.ParentID == nil || u.Kind == UnitCompany {
		return LevelCompany
	}
	if u.Kind == UnitDepartment {
		return LevelDepartment
	}
	return LevelTeam
}
