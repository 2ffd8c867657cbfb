package gen

import (
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// owner is who writes a set of objectives: a unit, or a person (person ≥ 0)
// in unit.
type owner struct {
	unit   *unitPlan
	person int
}

func (o owner) okrOwner(g *generator) okr.Owner {
	if o.person >= 0 {
		return okr.Owner{PersonID: &g.people[o.person].ID}
	}
	return okr.Owner{UnitID: &o.unit.unit.ID}
}

// chunk is how many owners' objectives are built and written together.
const chunk = 500

// writeObjectives writes the objectives level by level (company,
// departments, teams, people), so that each level's parents exist, and the
// contributes-to links last.
func (g *generator) writeObjectives() error {
	var levels [4][]owner
	for _, u := range g.units {
		lvl := map[okr.UnitKind]int{okr.UnitCompany: 0, okr.UnitDepartment: 1, okr.UnitTeam: 2}[u.unit.Kind]
		levels[lvl] = append(levels[lvl], owner{unit: u, person: -1})
	}
	for i := range g.people {
		levels[3] = append(levels[3], owner{unit: g.units[g.unitOf[i]], person: i})
	}
	for _, owners := range levels {
		for len(owners) > 0 {
			n := min(chunk, len(owners))
			if err := g.writeChunk(owners[:n]); err != nil {
				return err
			}
			owners = owners[n:]
		}
	}
	return g.writeLinks()
}

// writeChunk builds and writes the objectives of owners with their key
// results, check-ins, initiatives and target changes, a few statements for
// the whole chunk.
func (g *generator) writeChunk(owners []owner) error {
	var objs []okr.Objective
	var of []int // objs[i] belongs to owners[of[i]]
	for i, o := range owners {
		for _, obj := range g.planObjectives(o) {
			if err := obj.Validate(); err != nil {
				return err
			}
			objs, of = append(objs, obj), append(of, i)
		}
	}
	if err := g.l.Objectives(objs); err != nil {
		return err
	}
	g.counts.Objectives += len(objs)
	var b batch
	nth := 0
	for i := range objs {
		o := owners[of[i]]
		if i > 0 && of[i] != of[i-1] {
			nth = 0
		}
		if o.person < 0 {
			o.unit.objs = append(o.unit.objs, objs[i].ID)
		}
		g.planKRs(o, &objs[i], nth, &b)
		g.planLink(o, &objs[i])
		nth++
	}
	return g.flush(&b)
}

// descriptions are the optional descriptions of objectives.
var descriptions = []string{
	"Vi følger opp hver fredag og justerer innsatsen underveis.",
	"Dette er vårt viktigste bidrag til selskapets mål dette kvartalet.",
	"Kundene skal merke forskjellen før kvartalet er omme.",
	"Vi gjør dette sammen med de andre teamene i avdelingen.",
	"Målet er ambisiøst; 70 % vil være et godt resultat.",
}

// planObjectives returns one owner's objectives, aligned to the objectives
// of the level above.
func (g *generator) planObjectives(o owner) []okr.Objective {
	titles := g.objectiveTitles(o)
	created := g.period.Start.Add(-time.Duration(72+g.rng.IntN(96)) * time.Hour)
	out := make([]okr.Objective, 0, len(titles))
	for i, title := range titles {
		obj := okr.Objective{PeriodID: g.period.ID, Title: title, Owner: o.okrOwner(g), Weight: 1,
			State: okr.StatePublished, CreatedAt: created, UpdatedAt: created}
		obj.ParentID = g.parentFor(o, i)
		if g.rng.IntN(10) < 3 {
			obj.Description = descriptions[g.rng.IntN(len(descriptions))]
		}
		if o.person >= 0 && g.rng.IntN(100) < 3 {
			obj.State = okr.StateDraft
		}
		out = append(out, obj)
	}
	return out
}

// objectiveTitles picks the owner's objective titles, without repeats: the
// company's own, a unit's from its area, and for a person their area's
// followed by a personal one.
func (g *generator) objectiveTitles(o owner) []string {
	n := g.opts.ObjectivesPerOwner
	var pool []string
	switch {
	case o.unit.area < 0:
		pool = companyObjectives
	default:
		pool = areas[o.unit.area].objectives
	}
	out := g.pick(pool, n)
	if o.person >= 0 && n > 1 {
		out[n-1] = personalObjectives[g.rng.IntN(len(personalObjectives))]
	}
	for i, t := range out {
		out[i] = strings.ReplaceAll(t, "{region}", regions[max(0, o.unit.region)])
	}
	return out
}

// pick returns n strings from pool, distinct while the pool lasts.
func (g *generator) pick(pool []string, n int) []string {
	idx := g.rng.Perm(len(pool))
	out := make([]string, n)
	for i := range out {
		out[i] = pool[idx[i%len(idx)]]
	}
	return out
}

// parentFor aligns objective i of o: a unit's objectives sit under one of
// its parent unit's (one team objective in six stands alone); a person's
// objectives sit under their unit's, except the personal last one.
func (g *generator) parentFor(o owner, i int) *int64 {
	var up *unitPlan
	switch {
	case o.person >= 0:
		if i == g.opts.ObjectivesPerOwner-1 && i > 0 {
			return nil
		}
		up = o.unit
	case o.unit.parent != nil:
		if o.unit.unit.Kind == okr.UnitTeam && g.rng.IntN(6) == 0 {
			return nil
		}
		up = o.unit.parent
	}
	if up == nil || len(up.objs) == 0 {
		return nil
	}
	id := up.objs[g.rng.IntN(len(up.objs))]
	return &id
}

// planLink makes about one team objective in ten, and one person's
// objective in thirty, contribute to an objective of a sibling team.
func (g *generator) planLink(o owner, obj *okr.Objective) {
	team := o.unit
	if team.unit.Kind != okr.UnitTeam || team.parent == nil {
		return
	}
	odds := 10
	if o.person >= 0 {
		odds = 30
	}
	if g.rng.IntN(odds) != 0 {
		return
	}
	g.links = append(g.links, link{from: obj.ID, team: team, pick: g.rng.IntN(1 << 20)})
}

// link is a planned contributes-to link, resolved once every team has its
// objectives: from an objective to one of a sibling team's.
type link struct {
	from int64
	team *unitPlan
	pick int
}

func (g *generator) writeLinks() error {
	siblings := map[*unitPlan][]*unitPlan{}
	for _, u := range g.units {
		if u.unit.Kind == okr.UnitTeam {
			siblings[u.parent] = append(siblings[u.parent], u)
		}
	}
	for _, ln := range g.links {
		sib := siblings[ln.team.parent]
		if len(sib) < 2 {
			continue
		}
		to := sib[ln.pick%len(sib)]
		if to == ln.team {
			to = sib[(ln.pick+1)%len(sib)]
		}
		if len(to.objs) == 0 {
			continue
		}
		if err := g.l.Contributes(ln.from, []int64{to.objs[ln.pick%len(to.objs)]}); err != nil {
			return err
		}
		g.counts.Links++
	}
	return nil
}
