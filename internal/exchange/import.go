// Package exchange moves OKRs between the YAML file format (internal/okrfile)
// and the store: import all-or-nothing, export in the canonical order that
// makes export → import → export give the same file.
package exchange

import (
	"context"
	"fmt"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/okrfile"
	"github.com/okr-dev/okr/internal/store"
)

// Summary counts what an import wrote.
type Summary struct {
	Units, People, Periods, KPIs, Objectives, KeyResults, Initiatives, CheckIns int
}

func (s Summary) String() string {
	return fmt.Sprintf("%d units, %d people, %d periods, %d KPIs, %d objectives, %d key results, %d initiatives, %d check-ins",
		s.Units, s.People, s.Periods, s.KPIs, s.Objectives, s.KeyResults, s.Initiatives, s.CheckIns)
}

// Import writes f into the store in one transaction: all of it or, on any
// error, nothing. When an organisation with the file's slug exists, it must
// be empty but for people (ECONFLICT otherwise: Apply syncs a file into an
// organisation in use), and the contents are added to it (e-mail addresses
// must not be in use); otherwise
// the organisation is created from the file's organisation section. slug,
// when not empty, overrides the file's.
//
// What in the file clashes with the database (e-mail addresses in use,
// period names the organisation has already) is reported before anything
// is written, all at once, as okrfile.Problems with the file's lines and
// columns.
func Import(ctx context.Context, db *store.DB, f *okrfile.File, slug string) (okr.Org, Summary, error) {
	var sum Summary
	name, settings := "", (*okr.OrgSettings)(nil)
	if f.Org != nil {
		name, settings = f.Org.Name, &f.Org.Settings
		if slug == "" {
			slug = f.Org.Slug
		}
	}
	if slug == "" {
		return okr.Org{}, sum, okr.FieldError("organization.slug", okr.KeyRequired, "the file has no organisation slug: add organization.slug or pass --org", nil)
	}
	existing, err := db.GetOrgBySlug(ctx, slug)
	if code := okr.ErrorCode(err); code != "" && code != okr.ENOTFOUND {
		return okr.Org{}, sum, err
	}
	var into *okr.Org
	if err == nil {
		into = &existing
		if err := importable(ctx, db, existing); err != nil {
			return okr.Org{}, sum, err
		}
	}
	if probs, err := conflicts(ctx, db, f, into); err != nil {
		return okr.Org{}, sum, err
	} else if len(probs) > 0 {
		return okr.Org{}, sum, probs
	}
	set := f.Set()
	load := func(l *store.Loader) error {
		var err error
		sum, err = importSet(l, set)
		return err
	}
	if into != nil {
		if settings != nil {
			err = db.Load(ctx, store.SystemActor(into.ID), true, func(l *store.Loader) error {
				if err := l.Settings(*settings); err != nil {
					return err
				}
				return load(l)
			})
		} else {
			err = db.Load(ctx, store.SystemActor(into.ID), true, load)
		}
		return *into, sum, err
	}
	if name == "" {
		name = slug
	}
	org, err := db.LoadNewOrg(ctx, name, slug, settings, true, load)
	return org, sum, err
}

// importable refuses an organisation that has units, periods or KPIs
// already: importing adds everything in the file, so it would have two of
// each unit, the company included. okr apply syncs a file into such an
// organisation. People alone (the first admin) are no obstacle.
func importable(ctx context.Context, db *store.DB, org okr.Org) error {
	units, err := db.ListUnits(ctx, org.ID, store.UnitFilter{IncludeArchived: true})
	if err != nil {
		return err
	}
	periods, err := db.ListAllPeriods(ctx, org.ID)
	if err != nil {
		return err
	}
	kpis, err := db.ListKPIs(ctx, org.ID, true)
	if err != nil {
		return err
	}
	if len(units)+len(periods)+len(kpis) == 0 {
		return nil
	}
	return okr.Errorf(okr.ECONFLICT, "%s (%s) has units, periods or KPIs already, and import would add the file's again: "+
		"use okr apply to sync the file into it (okr apply --plan shows what would change)", org.Name, org.Slug)
}

// conflicts returns what in f clashes with the database, each problem with
// its position in the file: e-mail addresses that belong to someone
// already (they are unique across organisations) and, when the file goes
// into the existing organisation into, period names it has already.
func conflicts(ctx context.Context, db *store.DB, f *okrfile.File, into *okr.Org) (okrfile.Problems, error) {
	var probs okrfile.Problems
	at := func(path string, fallback okrfile.Pos, format string, args ...any) {
		p := f.Pos(path)
		if !p.IsValid() {
			p = fallback
		}
		probs = append(probs, okrfile.Problem{File: f.Name, Line: p.Line, Col: p.Col, Path: path, Message: fmt.Sprintf(format, args...)})
	}
	for i, rec := range f.People {
		_, err := db.GetPersonByEmail(ctx, rec.Person.Email)
		switch okr.ErrorCode(err) {
		case "":
			at(fmt.Sprintf("people[%d].email", i), rec.Pos, "the e-mail address %s belongs to someone already (e-mail addresses are unique across organisations)", rec.Person.Email)
		case okr.ENOTFOUND:
		default:
			return nil, err
		}
	}
	if into == nil {
		return probs, nil
	}
	periods, err := db.ListAllPeriods(ctx, into.ID)
	if err != nil {
		return nil, err
	}
	// Period names are unique per organisation regardless of case.
	taken := map[string]bool{}
	for _, p := range periods {
		taken[strings.ToLower(p.Name)] = true
	}
	for i, rec := range f.Periods {
		if taken[strings.ToLower(rec.Period.Name)] {
			at(fmt.Sprintf("periods[%d].name", i), rec.Pos, "%s already has a period named %q", into.Name, rec.Period.Name)
		}
	}
	return probs, nil
}

// ids maps the file-local ids of one kind to the ids the store assigned.
type ids map[int64]int64

func (m ids) ptr(p *int64) *int64 {
	if p == nil {
		return nil
	}
	v, ok := m[*p]
	if !ok {
		return nil
	}
	return &v
}

func (m ids) of(id int64) int64 { return m[id] }

type importer struct {
	set                                                 *okrfile.Set
	l                                                   *store.Loader
	units, people, periods, kpis, objs, krs, milestones ids
}

func importSet(l *store.Loader, s *okrfile.Set) (Summary, error) {
	im := &importer{l: l, set: s, units: ids{}, people: ids{}, periods: ids{}, kpis: ids{}, objs: ids{}, krs: ids{}, milestones: ids{}}
	steps := []func(*okrfile.Set) error{im.orgTree, im.periodsAndKPIs, im.objectives, im.keyResults, im.history}
	for _, step := range steps {
		if err := step(s); err != nil {
			return Summary{}, err
		}
	}
	return Summary{Units: len(s.Units), People: len(s.People), Periods: len(s.Periods), KPIs: len(s.KPIs), Objectives: len(s.Objectives),
		KeyResults: len(s.KeyResults), Initiatives: len(s.Initiatives), CheckIns: len(s.CheckIns)}, nil
}

func (im *importer) orgTree(s *okrfile.Set) error {
	for _, u := range s.Units {
		fileID := u.ID
		u.ParentID = im.units.ptr(u.ParentID)
		if err := im.l.Unit(&u); err != nil {
			return err
		}
		im.units[fileID] = u.ID
		if err := im.key(store.KeyUnit, u.ID, im.set.UnitKeys[fileID]); err != nil {
			return err
		}
	}
	for _, p := range s.People {
		fileID := p.ID
		p.UnitID = im.units.ptr(p.UnitID)
		if err := im.l.Person(&p, ""); err != nil {
			return err
		}
		im.people[fileID] = p.ID
	}
	for _, u := range s.Units {
		leads := make([]int64, 0, len(u.LeadIDs))
		for _, id := range u.LeadIDs {
			leads = append(leads, im.people.of(id))
		}
		if err := im.l.Leads(im.units.of(u.ID), leads); err != nil {
			return err
		}
	}
	return nil
}

// key stores the file key of an object written (none for "").
func (im *importer) key(objectType string, id int64, key string) error {
	if key == "" {
		return nil
	}
	return im.l.Key(objectType, id, key)
}

func (im *importer) periodsAndKPIs(s *okrfile.Set) error {
	for _, p := range s.Periods {
		fileID := p.ID
		if err := im.l.Period(&p); err != nil {
			return err
		}
		im.periods[fileID] = p.ID
	}
	for _, k := range s.KPIs {
		fileID := k.ID
		k.OwnerUnitID = im.units.ptr(k.OwnerUnitID)
		if err := im.l.KPI(&k); err != nil {
			return err
		}
		im.kpis[fileID] = k.ID
		if err := im.key(store.KeyKPI, k.ID, im.set.KPIKeys[fileID]); err != nil {
			return err
		}
	}
	for _, v := range s.KPIValues {
		v.KPIID, v.AuthorID = im.kpis.of(v.KPIID), im.people.of(v.AuthorID)
		if err := im.l.KPIValue(&v); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) owner(o okr.Owner) okr.Owner {
	return okr.Owner{UnitID: im.units.ptr(o.UnitID), PersonID: im.people.ptr(o.PersonID)}
}

// objectives writes objectives parents first, then the contributes links.
func (im *importer) objectives(s *okrfile.Set) error {
	pending := s.Objectives
	for len(pending) > 0 {
		var later []okr.Objective
		for _, o := range pending {
			if o.ParentID != nil {
				if _, ok := im.objs[*o.ParentID]; !ok {
					later = append(later, o)
					continue
				}
			}
			fileID := o.ID
			o.PeriodID, o.Owner, o.ParentID = im.periods.of(o.PeriodID), im.owner(o.Owner), im.objs.ptr(o.ParentID)
			o.Contributes = nil
			if err := im.l.Objective(&o); err != nil {
				return err
			}
			im.objs[fileID] = o.ID
			if err := im.key(store.KeyObjective, o.ID, im.set.ObjectiveKeys[fileID]); err != nil {
				return err
			}
		}
		if len(later) == len(pending) {
			return okr.FieldError("objectives.parent", okr.KeyInvalidChoice, "the parent objectives form a cycle", nil)
		}
		pending = later
	}
	for _, o := range s.Objectives {
		targets := make([]int64, 0, len(o.Contributes))
		for _, t := range o.Contributes {
			targets = append(targets, im.objs.of(t))
		}
		if err := im.l.Contributes(im.objs.of(o.ID), targets); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) keyResults(s *okrfile.Set) error {
	for _, kr := range s.KeyResults {
		fileID := kr.ID
		fileMS := make([]int64, len(kr.Milestones))
		for i, m := range kr.Milestones {
			fileMS[i] = m.ID
		}
		kr.Milestones = append([]okr.Milestone(nil), kr.Milestones...)
		kr.ObjectiveID, kr.Owner, kr.KPIID = im.objs.of(kr.ObjectiveID), im.owner(kr.Owner), im.kpis.ptr(kr.KPIID)
		if err := im.l.KeyResult(&kr); err != nil {
			return err
		}
		im.krs[fileID] = kr.ID
		if err := im.key(store.KeyKR, kr.ID, im.set.KeyResultKeys[fileID]); err != nil {
			return err
		}
		for i, m := range kr.Milestones {
			im.milestones[fileMS[i]] = m.ID
		}
		if err := im.archivedMilestones(fileID, kr.ID, s.ArchivedMilestones[fileID]); err != nil {
			return err
		}
	}
	for _, in := range s.Initiatives {
		in.KeyResultID, in.OwnerPersonID = im.krs.of(in.KeyResultID), im.people.ptr(in.OwnerPersonID)
		if err := im.l.Initiative(&in); err != nil {
			return err
		}
	}
	return nil
}

// archivedMilestones writes the milestones removed from key result krID
// (fileID in the file), mapping their file ids.
func (im *importer) archivedMilestones(fileID, krID int64, ms []okr.Milestone) error {
	if len(ms) == 0 {
		return nil
	}
	ms = append([]okr.Milestone(nil), ms...)
	fileMS := make([]int64, len(ms))
	for i, m := range ms {
		fileMS[i] = m.ID
	}
	if err := im.l.ArchivedMilestones(krID, ms); err != nil {
		return err
	}
	for i, m := range ms {
		im.milestones[fileMS[i]] = m.ID
	}
	return nil
}

func (im *importer) history(s *okrfile.Set) error {
	for _, c := range s.CheckIns {
		c.KeyResultID, c.AuthorID = im.krs.of(c.KeyResultID), im.people.of(c.AuthorID)
		done := make([]int64, 0, len(c.MilestonesDone))
		for _, m := range c.MilestonesDone {
			done = append(done, im.milestones.of(m))
		}
		c.MilestonesDone = done
		if err := im.l.CheckIn(&c); err != nil {
			return err
		}
	}
	for _, tc := range s.TargetChanges {
		tc.KeyResultID, tc.AuthorID = im.krs.of(tc.KeyResultID), im.people.of(tc.AuthorID)
		if err := im.l.TargetChange(&tc); err != nil {
			return err
		}
	}
	for _, g := range s.Grades {
		g.KeyResultID, g.GradedBy = im.krs.of(g.KeyResultID), im.people.of(g.GradedBy)
		if err := im.l.Grade(&g); err != nil {
			return err
		}
	}
	return nil
}
