package exchange

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/okrfile"
	"github.com/okr-dev/okr/internal/store"
)

// ApplyOptions are the choices of okr apply.
type ApplyOptions struct {
	// Slug names the organisation; "" takes the file's organization.slug,
	// or the only organisation there is (the caller resolves that).
	Slug string
	// Prune archives what the organisation has and the file does not.
	Prune bool
	// Plan only plans: nothing is written.
	Plan bool
}

// Apply brings an existing organisation to what the file f says, in one
// transaction, and returns the plan of what it changed (okrfile.Diff):
// objects are matched by their stable identities, new ones are created,
// changed ones updated, check-ins and KPI readings appended, and with
// opt.Prune what the file no longer has is archived. With opt.Plan it only
// plans. Every change goes through the same store methods, and so the same
// rules, as the product's pages and API.
//
// The file's problems against the organisation (an e-mail address of
// another organisation, a check-in that would rewrite one made) and a
// change the organisation refuses come back as okrfile.Problems with the
// file's positions; then nothing was written.
func Apply(ctx context.Context, db *store.DB, f *okrfile.File, opt ApplyOptions) (okr.Org, *okrfile.Plan, error) {
	slug := opt.Slug
	if slug == "" && f.Org != nil {
		slug = f.Org.Slug
	}
	if slug == "" {
		return okr.Org{}, nil, okr.FieldError("organization.slug", okr.KeyRequired, "the file has no organisation slug: add organization.slug or pass --org", nil)
	}
	org, err := db.GetOrgBySlug(ctx, slug)
	if okr.ErrorCode(err) == okr.ENOTFOUND {
		return okr.Org{}, nil, okr.Errorf(okr.ENOTFOUND, "there is no organisation %q: create it from the file with okr import", slug)
	} else if err != nil {
		return okr.Org{}, nil, err
	}
	s, err := exportSet(ctx, db, org.ID, "")
	if err != nil {
		return org, nil, err
	}
	stored := map[string]map[int64]string{store.KeyUnit: s.UnitKeys, store.KeyKPI: s.KPIKeys, store.KeyObjective: s.ObjectiveKeys, store.KeyKR: s.KeyResultKeys}
	cur, err := okrfile.FromSet(s)
	if err != nil {
		return org, nil, fmt.Errorf("read the organisation: %w", err)
	}
	plan := okrfile.Diff(cur, f, opt.Prune)
	a := newApplier(db, org, s, f, plan)
	a.stored = stored
	if err := a.conflicts(ctx); err != nil {
		return org, plan, err
	}
	if len(plan.Problems) > 0 {
		return org, plan, plan.Problems
	}
	if opt.Plan || len(plan.Changes) == 0 {
		return org, plan, nil
	}
	err = db.Atomic(ctx, a.sys, "apply", a.run)
	var probs okrfile.Problems
	if errors.As(err, &probs) {
		return org, plan, probs
	}
	return org, plan, err
}

// applier carries out a plan: the organisation as read (ids and versions by
// the file's keys), the file, and which changes the plan has.
type applier struct {
	db   *store.DB
	org  okr.Org
	sys  store.Actor
	f    *okrfile.File
	plan *okrfile.Plan
	has  map[string]okrfile.Change // kind + "\x00" + key

	units      map[string]okr.Unit // by key
	people     map[string]okr.Person
	periods    map[string]okr.Period
	kpis       map[string]okr.KPI
	objs       map[string]okr.Objective
	krs        map[string]okr.KeyResult
	inits      map[int64]map[string]okr.Initiative // by KR id and title
	grades     map[int64]okr.Grade
	tcAt       map[int64]map[string]bool // target changes made, by KR id and time
	personByID map[int64]okr.Person
	// stored are the keys the organisation had stored, by object type
	// and id: keys writes only the others.
	stored map[string]map[int64]string
}

func newApplier(db *store.DB, org okr.Org, s *okrfile.Set, f *okrfile.File, plan *okrfile.Plan) *applier {
	a := &applier{db: db, org: org, sys: store.SystemActor(org.ID), f: f, plan: plan, has: map[string]okrfile.Change{},
		units: map[string]okr.Unit{}, people: map[string]okr.Person{}, periods: map[string]okr.Period{}, kpis: map[string]okr.KPI{},
		objs: map[string]okr.Objective{}, krs: map[string]okr.KeyResult{}, inits: map[int64]map[string]okr.Initiative{},
		grades: map[int64]okr.Grade{}, tcAt: map[int64]map[string]bool{}, personByID: map[int64]okr.Person{}}
	for _, c := range plan.Changes {
		a.has[c.Kind+"\x00"+c.Key] = c
	}
	for _, u := range s.Units {
		a.units[s.UnitKeys[u.ID]] = u
	}
	for _, p := range s.People {
		a.people[emailKey(p.Email)], a.personByID[p.ID] = p, p
	}
	for _, p := range s.Periods {
		a.periods[p.Name] = p
	}
	for _, k := range s.KPIs {
		a.kpis[s.KPIKeys[k.ID]] = k
	}
	for _, o := range s.Objectives {
		a.objs[s.ObjectiveKeys[o.ID]] = o
	}
	for _, kr := range s.KeyResults {
		a.krs[s.KeyResultKeys[kr.ID]] = kr
	}
	// Initiatives by key result and item key (okrfile.ItemKeys: titles,
	// numbered when repeated), in the order an export lists them.
	byKR := map[int64][]*okr.Initiative{}
	for i := range s.Initiatives {
		in := &s.Initiatives[i]
		byKR[in.KeyResultID] = append(byKR[in.KeyResultID], in)
	}
	for krID, ins := range byKR {
		slices.SortFunc(ins, okrfile.CompareInitiatives)
		titles := make([]string, len(ins))
		for i, in := range ins {
			titles[i] = in.Title
		}
		a.inits[krID] = map[string]okr.Initiative{}
		for i, k := range okrfile.ItemKeys(titles) {
			a.inits[krID][k] = *ins[i]
		}
	}
	for _, g := range s.Grades {
		a.grades[g.KeyResultID] = g
	}
	for _, tc := range s.TargetChanges {
		if a.tcAt[tc.KeyResultID] == nil {
			a.tcAt[tc.KeyResultID] = map[string]bool{}
		}
		a.tcAt[tc.KeyResultID][tc.At.UTC().Format("2006-01-02T15:04:05.999999Z07:00")] = true
	}
	return a
}

func emailKey(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

func (a *applier) change(kind, key string) (okrfile.Change, bool) {
	c, ok := a.has[kind+"\x00"+key]
	return c, ok
}

// conflicts adds to the plan's problems the people to create whose e-mail
// address belongs to another organisation (addresses are unique across
// organisations).
func (a *applier) conflicts(ctx context.Context) error {
	for i, rec := range a.f.People {
		if _, ok := a.change(okrfile.KindPerson, emailKey(rec.Person.Email)); !ok || a.people[emailKey(rec.Person.Email)].ID != 0 {
			continue
		}
		p, err := a.db.GetPersonByEmail(ctx, rec.Person.Email)
		switch okr.ErrorCode(err) {
		case okr.ENOTFOUND:
			continue
		case "":
		default:
			return err
		}
		if p.OrgID != a.org.ID {
			path := fmt.Sprintf("people[%d].email", i)
			pos := a.f.Pos(path)
			a.plan.Problems = append(a.plan.Problems, okrfile.Problem{File: a.f.Name, Line: pos.Line, Col: pos.Col, Path: path,
				Message: fmt.Sprintf("the e-mail address %s belongs to someone in another organisation (e-mail addresses are unique across organisations)", rec.Person.Email)})
		}
	}
	return nil
}

// fail turns an error of the change at path into the file's problem there,
// at the field the error names when the file has it.
func (a *applier) fail(path string, err error) error {
	var e *okr.Error
	if !errors.As(err, &e) || path == "" {
		return err
	}
	p, fieldPath := a.f.Pos(path), path
	if e.Field != "" {
		fieldPath = path + "." + fileField(e.Field)
		p = a.f.Pos(fieldPath)
	}
	return okrfile.Problems{{File: a.f.Name, Line: p.Line, Col: p.Col, Path: fieldPath, Message: e.Message}}
}

// fileField is the file's name of a field the store names.
func fileField(f string) string {
	switch f {
	case "metric.kind":
		return "metric"
	case "metric.unit":
		return "unit"
	case "metric.start":
		return "start"
	case "metric.target":
		return "target"
	case "metric.unit_code":
		return "unit_code"
	case "contributes":
		return "contributes_to"
	}
	return f
}

func (a *applier) run(ctx context.Context) error {
	steps := []func(context.Context) error{a.settings, a.createUnits, a.applyPeople, a.updateUnits, a.applyPeriods, a.applyKPIs,
		a.applyObjectives, a.applyKeyResults, a.applyKRItems, a.prune, a.keys}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (a *applier) settings(ctx context.Context) error {
	if _, ok := a.change(okrfile.KindOrganization, a.org.Slug); !ok || a.f.Org == nil {
		return nil
	}
	_, err := a.db.UpdateOrgSettings(ctx, a.sys, a.f.Org.Settings, a.org.Version)
	return a.fail("organization.settings", err)
}

func (a *applier) unitRef(key string) *int64 {
	if key == "" {
		return nil
	}
	id := a.units[key].ID
	return &id
}

func (a *applier) personRef(email string) *int64 {
	if email == "" {
		return nil
	}
	id := a.people[emailKey(email)].ID
	return &id
}

func (a *applier) personID(email string) int64 {
	if p := a.personRef(email); p != nil {
		return *p
	}
	return 0
}

func (a *applier) owner(o okrfile.OwnerRef) okr.Owner {
	if o.Email != "" {
		return okr.Owner{PersonID: a.personRef(o.Email)}
	}
	return okr.Owner{UnitID: a.unitRef(o.UnitKey)}
}

// unitPaths returns the field path of every unit of the file by key.
func (a *applier) unitPaths() map[string]string {
	out := map[string]string{}
	for i, u := range a.f.Units {
		out[u.Key] = fmt.Sprintf("units[%d]", i)
	}
	return out
}

// createUnits creates the new units, parents first, without leads (the
// people may be new too: updateUnits sets them).
func (a *applier) createUnits(ctx context.Context) error {
	paths := a.unitPaths()
	pending := slices.Clone(a.f.Units)
	for len(pending) > 0 {
		var later []*okrfile.UnitRec
		for _, u := range pending {
			c, ok := a.change(okrfile.KindUnit, u.Key)
			if !ok || c.Action != okrfile.ActionCreate {
				continue
			}
			if u.ParentKey != "" && a.units[u.ParentKey].ID == 0 {
				later = append(later, u)
				continue
			}
			n, err := a.db.CreateUnit(ctx, a.sys, okr.Unit{Name: u.Unit.Name, Kind: u.Unit.Kind, ParentID: a.unitRef(u.ParentKey)})
			if err != nil {
				return a.fail(paths[u.Key], err)
			}
			a.units[u.Key] = n
		}
		if len(later) == len(pending) {
			return a.fail(paths[later[0].Key], okr.FieldError("parent", okr.KeyInvalidChoice, "the parent units form a cycle", nil))
		}
		pending = later
	}
	return nil
}

// updateUnits sets name, kind, parent and leads of the changed and new
// units, and archives or restores them as the file says.
func (a *applier) updateUnits(ctx context.Context) error {
	paths := a.unitPaths()
	for _, u := range a.f.Units {
		c, ok := a.change(okrfile.KindUnit, u.Key)
		if !ok {
			continue
		}
		cur := a.units[u.Key]
		want := cur
		want.Name, want.Kind, want.ParentID = u.Unit.Name, u.Unit.Kind, a.unitRef(u.ParentKey)
		want.LeadIDs = make([]int64, 0, len(u.LeadEmails))
		for _, e := range u.LeadEmails {
			want.LeadIDs = append(want.LeadIDs, a.personID(e))
		}
		if c.Action == okrfile.ActionUpdate && onlyArchived(c) {
			want = cur
		} else if c.Action == okrfile.ActionUpdate || len(want.LeadIDs) > 0 {
			n, err := a.db.UpdateUnit(ctx, a.sys, want)
			if err != nil {
				return a.fail(paths[u.Key], err)
			}
			want = n
		}
		n, err := setArchived(ctx, a, want, cur.Archived && c.Action != okrfile.ActionCreate, u.Unit.Archived, a.db.ArchiveUnit, a.db.RestoreUnit,
			func(x okr.Unit) (int64, int64) { return x.ID, x.Version })
		if err != nil {
			return a.fail(paths[u.Key], err)
		}
		a.units[u.Key] = n
	}
	return nil
}

// onlyArchived reports whether an update changes nothing but the archived
// flag.
func onlyArchived(c okrfile.Change) bool {
	for _, f := range c.Fields {
		if f.Field != "archived" {
			return false
		}
	}
	return true
}

// setArchived archives or restores x when was and want differ.
func setArchived[T any](ctx context.Context, a *applier, x T, was, want bool,
	archive, restore func(context.Context, store.Actor, int64, int64) (T, error), idv func(T) (int64, int64)) (T, error) {
	if was == want {
		return x, nil
	}
	id, v := idv(x)
	if want {
		return archive(ctx, a.sys, id, v)
	}
	return restore(ctx, a.sys, id, v)
}

func (a *applier) applyPeople(ctx context.Context) error {
	for i, rec := range a.f.People {
		k := emailKey(rec.Person.Email)
		c, ok := a.change(okrfile.KindPerson, k)
		if !ok {
			continue
		}
		path := fmt.Sprintf("people[%d]", i)
		cur := a.people[k]
		p := cur
		p.Email, p.Name, p.Role, p.UnitID, p.Language = rec.Person.Email, rec.Person.Name, rec.Person.Role, a.unitRef(rec.UnitKey), rec.Person.Language
		var err error
		switch {
		case c.Action == okrfile.ActionCreate:
			p, err = a.db.CreatePerson(ctx, a.sys, p)
		case !onlyArchived(c):
			p, err = a.db.UpdatePerson(ctx, a.sys, p)
		}
		if err != nil {
			return a.fail(path, err)
		}
		if p, err = setArchived(ctx, a, p, cur.Archived, rec.Person.Archived, a.db.ArchivePerson, a.db.RestorePerson,
			func(x okr.Person) (int64, int64) { return x.ID, x.Version }); err != nil {
			return a.fail(path, err)
		}
		a.people[k], a.personByID[p.ID] = p, p
	}
	return nil
}

func (a *applier) applyPeriods(ctx context.Context) error {
	for i, rec := range a.f.Periods {
		c, ok := a.change(okrfile.KindPeriod, rec.Period.Name)
		if !ok {
			continue
		}
		path := fmt.Sprintf("periods[%d]", i)
		cur := a.periods[rec.Period.Name]
		p := rec.Period
		p.ID, p.Version, p.Archived = cur.ID, cur.Version, cur.Archived
		var err error
		switch {
		case c.Action == okrfile.ActionCreate:
			p, err = a.db.CreatePeriod(ctx, a.sys, p)
		case !onlyArchived(c):
			p, err = a.db.UpdatePeriod(ctx, a.sys, p)
		}
		if err != nil {
			return a.fail(path, err)
		}
		if p, err = setArchived(ctx, a, p, cur.Archived, rec.Period.Archived, a.db.ArchivePeriod, a.db.RestorePeriod,
			func(x okr.Period) (int64, int64) { return x.ID, x.Version }); err != nil {
			return a.fail(path, err)
		}
		a.periods[rec.Period.Name] = p
	}
	return nil
}

// actorFor returns the actor that records a check-in, reading or grade of
// the person with the e-mail address: that person when they are active,
// else the system.
func (a *applier) actorFor(email string) store.Actor {
	if p, ok := a.people[emailKey(email)]; ok && email != "" && !p.Archived && p.ID != 0 {
		return store.Actor{OrgID: a.org.ID, PersonID: p.ID}
	}
	return a.sys
}

func (a *applier) applyKPIs(ctx context.Context) error {
	for i, rec := range a.f.KPIs {
		path := fmt.Sprintf("kpis[%d]", i)
		if c, ok := a.change(okrfile.KindKPI, rec.Key); ok {
			cur := a.kpis[rec.Key]
			k := rec.KPI
			k.ID, k.Version, k.Archived, k.OwnerUnitID = cur.ID, cur.Version, cur.Archived, a.unitRef(rec.OwnerUnitKey)
			var err error
			switch {
			case c.Action == okrfile.ActionCreate:
				k, err = a.db.CreateKPI(ctx, a.sys, k)
			case !onlyArchived(c):
				k, err = a.db.UpdateKPI(ctx, a.sys, k)
			}
			if err != nil {
				return a.fail(path, err)
			}
			if k, err = setArchived(ctx, a, k, cur.Archived, rec.KPI.Archived, a.db.ArchiveKPI, a.db.RestoreKPI,
				func(x okr.KPI) (int64, int64) { return x.ID, x.Version }); err != nil {
				return a.fail(path, err)
			}
			a.kpis[rec.Key] = k
		}
		for j, v := range rec.Values {
			if _, ok := a.change(okrfile.KindKPIValue, rec.Key+" / "+stampText(v.Value.At)); !ok {
				continue
			}
			actor := a.actorFor(v.AuthorEmail)
			_, err := a.db.AddKPIValue(ctx, actor, a.kpis[rec.Key].ID, v.Value.Value, v.Value.At)
			if okr.ErrorCode(err) == okr.EFORBIDDEN && !actor.System {
				// As for check-ins: the reading is kept, recorded by the
				// system when its author may not record it now.
				_, err = a.db.AddKPIValue(ctx, a.sys, a.kpis[rec.Key].ID, v.Value.Value, v.Value.At)
			}
			if err != nil {
				return a.fail(fmt.Sprintf("%s.values[%d]", path, j), err)
			}
		}
	}
	return nil
}

// stampText is a time as the file writes it (and the plan names it).
func stampText(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func (a *applier) objective(rec *okrfile.ObjectiveRec) okr.Objective {
	cur := a.objs[rec.Key]
	o := rec.Objective
	o.ID, o.Version, o.Archived, o.Contributes = cur.ID, cur.Version, cur.Archived, cur.Contributes
	o.PeriodID, o.Owner = a.periods[rec.PeriodName].ID, a.owner(rec.Owner)
	o.ParentID = nil
	if rec.ParentKey != "" {
		id := a.objs[rec.ParentKey].ID
		o.ParentID = &id
	}
	return o
}

// applyObjectives creates the new objectives parents first, updates the
// changed ones, then sets contributes-to links and archived flags.
func (a *applier) applyObjectives(ctx context.Context) error {
	pending := slices.Clone(a.f.Objectives)
	for len(pending) > 0 {
		var later []*okrfile.ObjectiveRec
		for _, rec := range pending {
			c, ok := a.change(okrfile.KindObjective, rec.Key)
			if !ok {
				continue
			}
			if rec.ParentKey != "" && a.objs[rec.ParentKey].ID == 0 {
				later = append(later, rec)
				continue
			}
			o := a.objective(rec)
			var err error
			switch {
			case c.Action == okrfile.ActionCreate:
				o.Contributes = nil
				o, err = a.db.CreateObjective(ctx, a.sys, o)
			case !onlyArchived(c) && !onlyFields(c, "archived", "contributes_to"):
				if cur := a.objs[rec.Key]; stateSteps(cur.State, o.State) == 2 {
					// States move one step at a time: through published.
					step := o
					step.State = okr.StatePublished
					if step, err = a.db.UpdateObjective(ctx, a.sys, step); err != nil {
						return a.fail(rec.Path, err)
					}
					o.Version = step.Version
				}
				o, err = a.db.UpdateObjective(ctx, a.sys, o)
			}
			if err != nil {
				return a.fail(rec.Path, err)
			}
			a.objs[rec.Key] = o
		}
		if len(later) == len(pending) {
			return a.fail(later[0].Path, okr.FieldError("parent", okr.KeyInvalidChoice, "the parent objectives form a cycle", nil))
		}
		pending = later
	}
	for _, rec := range a.f.Objectives {
		if _, ok := a.change(okrfile.KindObjective, rec.Key); !ok {
			continue
		}
		o := a.objs[rec.Key]
		targets := make([]int64, 0, len(rec.ContributesTo))
		for _, k := range rec.ContributesTo {
			targets = append(targets, a.objs[k].ID)
		}
		var err error
		if !slices.Equal(slices.Sorted(slices.Values(targets)), slices.Sorted(slices.Values(o.Contributes))) {
			if o, err = a.db.SetContributes(ctx, a.sys, o.ID, targets, o.Version); err != nil {
				return a.fail(rec.Path, err)
			}
		}
		if o, err = setArchived(ctx, a, o, o.Archived, rec.Objective.Archived, a.db.ArchiveObjective, a.db.RestoreObjective,
			func(x okr.Objective) (int64, int64) { return x.ID, x.Version }); err != nil {
			return a.fail(rec.Path, err)
		}
		a.objs[rec.Key] = o
	}
	return nil
}

// stateSteps is how many steps apart two objective states are.
func stateSteps(a, b okr.State) int {
	order := map[okr.State]int{okr.StateDraft: 0, okr.StatePublished: 1, okr.StateClosed: 2}
	d := order[a] - order[b]
	if d < 0 {
		d = -d
	}
	return d
}

// onlyFields reports whether a change touches no fields but those named.
func onlyFields(c okrfile.Change, names ...string) bool {
	for _, f := range c.Fields {
		if !slices.Contains(names, f.Field) {
			return false
		}
	}
	return true
}

func (a *applier) applyKeyResults(ctx context.Context) error {
	for _, o := range a.f.Objectives {
		for _, rec := range o.KeyResults {
			c, ok := a.change(okrfile.KindKeyResult, rec.Key)
			if !ok {
				continue
			}
			if err := a.keyResult(ctx, o, rec, c); err != nil {
				return a.fail(rec.Path, err)
			}
		}
	}
	return nil
}

func (a *applier) keyResult(ctx context.Context, o *okrfile.ObjectiveRec, rec *okrfile.KeyResultRec, c okrfile.Change) error {
	cur := a.krs[rec.Key]
	kr := rec.KeyResult
	kr.ID, kr.Version, kr.Archived, kr.Position, kr.ObjectiveID = cur.ID, cur.Version, cur.Archived, 0, 0
	kr.Owner, kr.KPIID = okr.Owner{}, nil
	if rec.Owner != (okrfile.OwnerRef{}) {
		kr.Owner = a.owner(rec.Owner)
	}
	if rec.KPIKey != "" {
		id := a.kpis[rec.KPIKey].ID
		kr.KPIID = &id
	}
	// Milestones keep their ids (and done flags) by title.
	kr.Milestones = make([]okr.Milestone, 0, len(rec.KeyResult.Milestones))
	for _, m := range rec.KeyResult.Milestones {
		nm := okr.Milestone{Title: m.Title}
		for _, cm := range cur.Milestones {
			if cm.Title == m.Title {
				nm = cm
			}
		}
		kr.Milestones = append(kr.Milestones, nm)
	}
	var err error
	switch {
	case c.Action == okrfile.ActionCreate:
		kr.ObjectiveID = a.objs[o.Key].ID
		kr, err = a.db.CreateKeyResult(ctx, a.sys, kr)
	default:
		if to := a.objs[o.Key].ID; to != cur.ObjectiveID {
			if cur, err = a.db.MoveKeyResult(ctx, a.sys, cur.ID, to, cur.Version); err != nil {
				return err
			}
			kr.Version = cur.Version
		}
		if !onlyFields(c, "archived", "objective") {
			kr, err = a.db.UpdateKeyResult(ctx, a.sys, kr, a.reason(rec, cur.ID))
		} else {
			kr = cur
		}
	}
	if err != nil {
		return err
	}
	if kr, err = setArchived(ctx, a, kr, cur.Archived && c.Action != okrfile.ActionCreate, rec.KeyResult.Archived, a.db.ArchiveKeyResult, a.db.RestoreKeyResult,
		func(x okr.KeyResult) (int64, int64) { return x.ID, x.Version }); err != nil {
		return err
	}
	a.krs[rec.Key] = kr
	return nil
}

// reason is the reason recorded with a change of start or target: that of
// the file's latest target change the organisation has not recorded.
func (a *applier) reason(rec *okrfile.KeyResultRec, krID int64) string {
	r := ""
	for _, tc := range rec.TargetChanges {
		if !a.tcAt[krID][tc.Change.At.UTC().Format("2006-01-02T15:04:05.999999Z07:00")] && strings.TrimSpace(tc.Change.Reason) != "" {
			r = tc.Change.Reason
		}
	}
	if r == "" {
		r = "okr apply"
	}
	return r
}

// applyKRItems creates and updates initiatives, appends check-ins and sets
// grades.
func (a *applier) applyKRItems(ctx context.Context) error {
	for _, o := range a.f.Objectives {
		for _, rec := range o.KeyResults {
			kr := a.krs[rec.Key]
			titles := make([]string, len(rec.Initiatives))
			for i, in := range rec.Initiatives {
				titles[i] = in.Initiative.Title
			}
			keys := okrfile.ItemKeys(titles)
			for i, in := range rec.Initiatives {
				if err := a.initiative(ctx, rec, kr, in, keys[i]); err != nil {
					return a.fail(fmt.Sprintf("%s.initiatives[%d]", rec.Path, i), err)
				}
			}
			for i, ci := range rec.CheckIns {
				if err := a.checkIn(ctx, rec, ci); err != nil {
					return a.fail(fmt.Sprintf("%s.check_ins[%d]", rec.Path, i), err)
				}
			}
			if g := rec.Grade; g != nil {
				if _, ok := a.change(okrfile.KindGrade, rec.Key); ok {
					want := okr.Grade{KeyResultID: kr.ID, Score: g.Grade.Score, Note: g.Grade.Note}
					actor := a.actorFor(g.AuthorEmail)
					_, err := a.db.SetGrade(ctx, actor, want, a.grades[kr.ID].Version)
					if okr.ErrorCode(err) == okr.EFORBIDDEN && !actor.System {
						_, err = a.db.SetGrade(ctx, a.sys, want, a.grades[kr.ID].Version)
					}
					if err != nil {
						return a.fail(rec.Path+".grade", err)
					}
				}
			}
		}
	}
	return nil
}

func (a *applier) initiative(ctx context.Context, rec *okrfile.KeyResultRec, kr okr.KeyResult, in *okrfile.InitiativeRec, key string) error {
	c, ok := a.change(okrfile.KindInitiative, rec.Key+" / "+key)
	if !ok {
		return nil
	}
	cur := a.inits[kr.ID][key]
	n := in.Initiative
	n.ID, n.Version, n.Archived, n.KeyResultID, n.OwnerPersonID = cur.ID, cur.Version, cur.Archived, kr.ID, a.personRef(in.OwnerEmail)
	var err error
	switch {
	case c.Action == okrfile.ActionCreate:
		n, err = a.db.CreateInitiative(ctx, a.sys, n)
	case !onlyArchived(c):
		n, err = a.db.UpdateInitiative(ctx, a.sys, n)
	}
	if err != nil {
		return err
	}
	_, err = setArchived(ctx, a, n, cur.Archived && c.Action != okrfile.ActionCreate, in.Initiative.Archived, a.db.ArchiveInitiative, a.db.RestoreInitiative,
		func(x okr.Initiative) (int64, int64) { return x.ID, x.Version })
	return err
}

func (a *applier) checkIn(ctx context.Context, rec *okrfile.KeyResultRec, ci *okrfile.CheckInRec) error {
	if _, ok := a.change(okrfile.KindCheckIn, rec.Key+" / "+stampText(ci.CheckIn.At)); !ok {
		return nil
	}
	kr := a.krs[rec.Key]
	c := ci.CheckIn
	c.KeyResultID, c.MilestonesDone = kr.ID, nil
	for _, t := range ci.MilestonesDone {
		i := slices.IndexFunc(kr.Milestones, func(m okr.Milestone) bool { return m.Title == t })
		if i < 0 {
			return okr.FieldError("milestones_done", okr.KeyInvalidChoice, fmt.Sprintf("%q is not on the checklist now: a new check-in names active milestones only", t), nil)
		}
		c.MilestonesDone = append(c.MilestonesDone, kr.Milestones[i].ID)
	}
	actor := a.actorFor(ci.AuthorEmail)
	_, err := a.db.CreateCheckIns(ctx, actor, []okr.CheckIn{c})
	if okr.ErrorCode(err) == okr.EFORBIDDEN && !actor.System {
		// The author may no longer check in on it (the owner changed):
		// the history is still theirs to keep, recorded by the system.
		_, err = a.db.CreateCheckIns(ctx, a.sys, []okr.CheckIn{c})
	}
	return stripIndex(err)
}

// stripIndex turns the field "checkins[0].value" of an error of
// CreateCheckIns into "value".
func stripIndex(err error) error {
	if err == nil {
		return nil
	}
	var e *okr.Error
	if errors.As(err, &e) {
		if _, f, ok := strings.Cut(e.Field, "]."); ok {
			c := *e
			c.Field = f
			return &c
		}
	}
	return err
}

// prune archives what the file no longer has, objects under others first.
func (a *applier) prune(ctx context.Context) error {
	var err error
	for _, c := range a.plan.Changes {
		if c.Action != okrfile.ActionArchive {
			continue
		}
		switch c.Kind {
		case okrfile.KindKeyResult:
			x := a.krs[c.Key]
			_, err = a.db.ArchiveKeyResult(ctx, a.sys, x.ID, x.Version)
		case okrfile.KindInitiative:
			krKey, title, _ := strings.Cut(c.Key, " / ")
			x := a.inits[a.krs[krKey].ID][title]
			_, err = a.db.ArchiveInitiative(ctx, a.sys, x.ID, x.Version)
		}
		if err != nil {
			return err
		}
	}
	order := []string{okrfile.KindObjective, okrfile.KindKPI, okrfile.KindPeriod, okrfile.KindPerson, okrfile.KindUnit}
	for _, kind := range order {
		for i := len(a.plan.Changes) - 1; i >= 0; i-- {
			c := a.plan.Changes[i]
			if c.Action != okrfile.ActionArchive || c.Kind != kind {
				continue
			}
			switch kind {
			case okrfile.KindObjective:
				x := a.objs[c.Key]
				_, err = a.db.ArchiveObjective(ctx, a.sys, x.ID, x.Version)
			case okrfile.KindKPI:
				x := a.kpis[c.Key]
				_, err = a.db.ArchiveKPI(ctx, a.sys, x.ID, x.Version)
			case okrfile.KindPeriod:
				x := a.periods[c.Key]
				_, err = a.db.ArchivePeriod(ctx, a.sys, x.ID, x.Version)
			case okrfile.KindPerson:
				x := a.people[c.Key]
				_, err = a.db.ArchivePerson(ctx, a.sys, x.ID, x.Version)
			case okrfile.KindUnit:
				x := a.units[c.Key]
				_, err = a.db.ArchiveUnit(ctx, a.sys, x.ID, x.Version)
			}
			if err != nil {
				return fmt.Errorf("archive %s %s: %w", kind, c.Key, err)
			}
		}
	}
	return nil
}

// keys stores the file's key of every unit, KPI, objective and key result,
// so that the next apply finds them again whatever their names become.
func (a *applier) keys(ctx context.Context) error {
	units, kpis, objs, krs := map[int64]string{}, map[int64]string{}, map[int64]string{}, map[int64]string{}
	for _, u := range a.f.Units {
		units[a.units[u.Key].ID] = u.Key
	}
	for _, k := range a.f.KPIs {
		kpis[a.kpis[k.Key].ID] = k.Key
	}
	for _, o := range a.f.Objectives {
		objs[a.objs[o.Key].ID] = o.Key
		for _, kr := range o.KeyResults {
			krs[a.krs[kr.Key].ID] = kr.Key
		}
	}
	for typ, m := range map[string]map[int64]string{store.KeyUnit: units, store.KeyKPI: kpis, store.KeyObjective: objs, store.KeyKR: krs} {
		for id, k := range m {
			if a.stored[typ][id] == k {
				delete(m, id)
			}
		}
		if len(m) == 0 {
			continue
		}
		if err := a.db.SetObjectKeys(ctx, a.sys, typ, m); err != nil {
			return err
		}
	}
	return nil
}
