// Package gen builds large, realistic organisations for performance work: a
// company of departments, teams and people with a quarter of objectives,
// key results of every metric kind, initiatives, KPIs, weekly check-ins with
// comments and alignment links. The same seed and the same day give the
// same organisation. Generate writes straight into the database in one
// transaction through store.Loader, so a failed run leaves nothing behind.
package gen

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	mrand "math/rand/v2"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/password"
	"github.com/okr-dev/okr/internal/store"
)

// Spec is the shape of a generated organisation.
type Spec struct {
	Name, Slug  string
	Departments int // under the company
	Teams       int // in all, spread evenly over the departments
	People      int // in all: leadership, department staff and team members
	// ObjectivesPerOwner is how many objectives the company, each
	// department, each team and each person writes for the quarter.
	ObjectivesPerOwner int
	// CheckIns is the number of weekly check-ins of each key result (at most
	// 13, the weeks of the quarter so far).
	CheckIns int
}

// Sizes are the named sizes of SpecFor ("small" is the hand-written demo
// organisation of package demo, not a Spec).
var Sizes = []string{"medium", "large"}

// SpecFor returns the spec of a named size: "medium" is 1,000 people in 100
// teams under 10 departments; "large" is 10,000 people in 1,000 teams under
// 50 departments (about 33,000 objectives, 105,000 key results and 1.3
// million check-ins). Other names are EINVALID.
func SpecFor(size string) (Spec, error) {
	switch size {
	case "medium":
		return Spec{Name: "Brattli AS", Slug: "brattli", Departments: 10, Teams: 100, People: 1000, ObjectivesPerOwner: 3, CheckIns: 13}, nil
	case "large":
		return Spec{Name: "Nordvik Gruppen", Slug: "nordvik", Departments: 50, Teams: 1000, People: 10000, ObjectivesPerOwner: 3, CheckIns: 13}, nil
	}
	return Spec{}, okr.Errorf(okr.EINVALID, "unknown size %q: use small, medium or large", size)
}

// leaders returns how many people sit in the company unit (the leadership),
// and validate checks that the spec leaves every team at least two people.
func (s Spec) leaders() int { return min(10, max(2, s.People/1000)) }

func (s Spec) validate() error {
	switch {
	case s.Departments < 1 || s.Teams < s.Departments:
		return okr.Errorf(okr.EINVALID, "a spec needs at least one department and a team per department")
	case s.People < s.leaders()+3*s.Departments+2*s.Teams:
		return okr.Errorf(okr.EINVALID, "%d people are too few for %d departments and %d teams", s.People, s.Departments, s.Teams)
	case s.ObjectivesPerOwner < 1 || s.CheckIns < 0 || s.CheckIns > weeksSoFar:
		return okr.Errorf(okr.EINVALID, "a spec needs 1 or more objectives per owner and 0 to %d check-ins", weeksSoFar)
	}
	return nil
}

// Options control one Generate run.
type Options struct {
	Spec
	Seed int64
	// Now places the quarter: its 13th week is the one of the last Friday
	// before Now, so every check-in lies in the past. Zero means time.Now.
	Now time.Time
	// Password signs in every generated person; "" draws a random one.
	Password string
	// Progress, when set, is called now and then with the rows written so
	// far and an estimate of the total.
	Progress func(done, total int64)
}

// Counts are the rows Generate wrote, by kind.
type Counts struct {
	Units, People, Objectives, KeyResults, Milestones, CheckIns int
	Initiatives, TargetChanges, KPIs, KPIValues, Links          int
}

// Rows returns the sum of all counts.
func (c Counts) Rows() int {
	return c.Units + c.People + c.Objectives + c.KeyResults + c.Milestones + c.CheckIns + c.Initiatives + c.TargetChanges + c.KPIs + c.KPIValues + c.Links
}

// Result is what Generate made: the organisation, how to sign in (as the
// chief executive, an admin; every person shares the password), and counts.
type Result struct {
	Org      okr.Org
	Period   okr.Period
	AdminID  int64 // the chief executive's person id
	Email    string
	Password string
	Counts   Counts
	Elapsed  time.Duration
}

// Generate writes the organisation described by opts. An organisation with
// the slug already present is ECONFLICT. The whole organisation is written in
// one transaction; on PostgreSQL the planner's statistics are refreshed
// after it.
func Generate(ctx context.Context, db *store.DB, opts Options) (Result, error) {
	began := time.Now()
	res := Result{Password: opts.Password}
	if err := opts.Spec.validate(); err != nil {
		return res, err
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if res.Password == "" {
		res.Password = randomPassword()
	}
	hash, err := password.Hash(res.Password)
	if err != nil {
		return res, err
	}
	g := newGenerator(opts, hash)
	settings := okr.DefaultSettings()
	res.Org, err = db.LoadNewOrg(ctx, opts.Name, opts.Slug, &settings, false, func(l *store.Loader) error { return g.run(l) })
	if err != nil {
		return res, fmt.Errorf("generate %s: %w", opts.Slug, err)
	}
	if err := db.Analyze(ctx); err != nil {
		return res, err
	}
	g.report(true)
	res.Period, res.AdminID, res.Email, res.Counts = g.period, g.people[0].ID, g.people[0].Email, g.counts
	res.Elapsed = time.Since(began)
	return res, nil
}

// randomPassword returns 16 random characters, URL-safe.
func randomPassword() string {
	b := make([]byte, 12)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// generator carries one run. Everything random comes from rng, drawn in a
// fixed order, so a seed gives the same organisation.
type generator struct {
	opts   Options
	rng    *mrand.Rand
	hash   string
	l      sink
	now    time.Time
	period okr.Period
	weeks  []time.Time // the Fridays with check-ins, oldest first
	units  []*unitPlan // company first, then departments, then teams
	people []okr.Person
	unitOf []int          // person index → unit index
	emails map[string]int // e-mail local part → times used
	teams  map[*unitPlan][]*unitPlan
	links  []link
	counts Counts
	meter  meter
}

func newGenerator(opts Options, hash string) *generator {
	return &generator{
		opts: opts, hash: hash, now: opts.Now.UTC(), emails: map[string]int{},
		rng:   mrand.New(mrand.NewPCG(uint64(opts.Seed), 0x6f6b722d67656e)),
		meter: meter{report: opts.Progress, every: 100 * time.Millisecond},
	}
}

// run writes everything into l: the tree and people, the periods, the KPIs,
// then the objectives level by level so that parents exist before their
// children.
func (g *generator) run(l sink) error {
	g.l = l
	g.meter.total = g.estimate()
	steps := []func() error{g.writeTree, g.writePeriods, g.writeKPIs, g.writeObjectives}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// estimate returns the expected number of rows, for the progress meter.
func (g *generator) estimate() int64 {
	s := g.opts.Spec
	owners := int64(1 + s.Departments + s.Teams + s.People)
	objs := owners * int64(s.ObjectivesPerOwner)
	krs := objs * 32 / 10
	return owners + objs + krs*int64(1+s.CheckIns) + krs/2
}

// report passes progress on; final forces a last report.
func (g *generator) report(final bool) {
	g.meter.tick(int64(g.counts.Rows()), final)
}
