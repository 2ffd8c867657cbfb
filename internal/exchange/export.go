package exchange

import (
	"context"
	"fmt"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/okrfile"
	"github.com/okr-dev/okr/internal/store"
)

// Export reads an organisation's OKRs into a File ready for okrfile.Encode:
// units, people, periods, KPIs with their readings, and objectives with their
// key results, initiatives, check-ins, target changes and grades, archived
// ones included. period, when not empty, keeps only that period (by name)
// and its objectives. Every list is read in a constant number of queries.
//
// Objects made in the product have no stored key: the export makes theirs
// from their names and titles and stores them, so that the keys it writes
// stay theirs when they are renamed and okr apply of the file finds them.
func Export(ctx context.Context, db *store.DB, orgID int64, period string) (*okrfile.File, error) {
	s, err := exportSet(ctx, db, orgID, period)
	if err != nil {
		return nil, err
	}
	stored := [...]map[int64]string{s.UnitKeys, s.KPIKeys, s.ObjectiveKeys, s.KeyResultKeys}
	f, err := okrfile.FromSet(s)
	if err != nil {
		return nil, err
	}
	given := [...]map[int64]string{s.UnitKeys, s.KPIKeys, s.ObjectiveKeys, s.KeyResultKeys}
	for i, typ := range [...]string{store.KeyUnit, store.KeyKPI, store.KeyObjective, store.KeyKR} {
		made := map[int64]string{}
		for id, k := range given[i] {
			if _, ok := stored[i][id]; !ok {
				made[id] = k
			}
		}
		if len(made) == 0 {
			continue
		}
		if err := db.SetObjectKeys(ctx, store.SystemActor(orgID), typ, made); err != nil {
			return nil, fmt.Errorf("store the keys the export made: %w", err)
		}
	}
	return f, nil
}

// exportSet reads what Export exports, with the objects' ids and versions.
func exportSet(ctx context.Context, db *store.DB, orgID int64, period string) (*okrfile.Set, error) {
	org, err := db.GetOrg(ctx, orgID)
	if err != nil {
		return nil, err
	}
	s := &okrfile.Set{Org: &org}
	if s.Units, err = db.ListUnits(ctx, orgID, store.UnitFilter{IncludeArchived: true}); err != nil {
		return nil, err
	}
	if s.People, _, err = db.ListPeople(ctx, orgID, store.PersonFilter{IncludeArchived: true, Limit: -1}); err != nil {
		return nil, err
	}
	if err := exportPeriods(ctx, db, s, orgID, period); err != nil {
		return nil, err
	}
	if err := exportKPIs(ctx, db, s, orgID); err != nil {
		return nil, err
	}
	if err := exportObjectives(ctx, db, s, orgID); err != nil {
		return nil, err
	}
	if err := exportKeys(ctx, db, s, orgID); err != nil {
		return nil, err
	}
	return s, nil
}

func exportPeriods(ctx context.Context, db *store.DB, s *okrfile.Set, orgID int64, name string) error {
	periods, err := db.ListAllPeriods(ctx, orgID)
	if err != nil {
		return err
	}
	for _, p := range periods {
		if name == "" || p.Name == name {
			s.Periods = append(s.Periods, p)
		}
	}
	if name != "" && len(s.Periods) == 0 {
		return okr.FieldError("period", okr.KeyInvalidChoice, "there is no period named "+name, nil)
	}
	return nil
}

func exportKPIs(ctx context.Context, db *store.DB, s *okrfile.Set, orgID int64) error {
	kpis, err := db.ListKPIs(ctx, orgID, true)
	if err != nil {
		return err
	}
	s.KPIs = kpis
	ids := make([]int64, len(kpis))
	for i, k := range kpis {
		ids[i] = k.ID
	}
	s.KPIValues, err = db.ListKPIValues(ctx, orgID, ids, nil)
	return err
}

func exportObjectives(ctx context.Context, db *store.DB, s *okrfile.Set, orgID int64) error {
	inPeriod := map[int64]bool{}
	for _, p := range s.Periods {
		inPeriod[p.ID] = true
	}
	objs, _, err := db.ListObjectives(ctx, orgID, store.ObjectiveFilter{IncludeArchived: true, Limit: -1})
	if err != nil {
		return err
	}
	var objIDs []int64
	for _, o := range objs {
		if inPeriod[o.PeriodID] {
			s.Objectives = append(s.Objectives, o)
			objIDs = append(objIDs, o.ID)
		}
	}
	// A parent or contributes-to target in another period is left out of a
	// one-period export: drop the links that would dangle.
	kept := map[int64]bool{}
	for _, id := range objIDs {
		kept[id] = true
	}
	for i := range s.Objectives {
		o := &s.Objectives[i]
		if o.ParentID != nil && !kept[*o.ParentID] {
			o.ParentID = nil
		}
		var cs []int64
		for _, c := range o.Contributes {
			if kept[c] {
				cs = append(cs, c)
			}
		}
		o.Contributes = cs
	}
	if s.KeyResults, err = db.ListKeyResults(ctx, orgID, objIDs, true); err != nil {
		return err
	}
	krIDs := make([]int64, len(s.KeyResults))
	for i, kr := range s.KeyResults {
		krIDs[i] = kr.ID
	}
	if s.Initiatives, err = db.ListAllInitiatives(ctx, orgID, krIDs); err != nil {
		return err
	}
	if s.ArchivedMilestones, err = db.ListArchivedMilestones(ctx, orgID, krIDs); err != nil {
		return err
	}
	if s.CheckIns, err = db.ListCheckIns(ctx, orgID, krIDs, nil); err != nil {
		return err
	}
	if s.TargetChanges, err = db.ListTargetChanges(ctx, orgID, krIDs); err != nil {
		return err
	}
	grades, err := db.ListGrades(ctx, orgID, krIDs)
	if err != nil {
		return err
	}
	for _, id := range krIDs {
		if g, ok := grades[id]; ok {
			s.Grades = append(s.Grades, *g)
		}
	}
	return nil
}

// exportKeys gives the Set the keys the objects were imported or applied
// with, so that an export names them as the file did; objects without a
// stored key get one made from their name.
func exportKeys(ctx context.Context, db *store.DB, s *okrfile.Set, orgID int64) error {
	var err error
	for _, k := range []struct {
		typ string
		dst *map[int64]string
	}{{store.KeyUnit, &s.UnitKeys}, {store.KeyKPI, &s.KPIKeys}, {store.KeyObjective, &s.ObjectiveKeys}, {store.KeyKR, &s.KeyResultKeys}} {
		if *k.dst, err = db.ObjectKeys(ctx, orgID, k.typ); err != nil {
			return err
		}
	}
	return nil
}
