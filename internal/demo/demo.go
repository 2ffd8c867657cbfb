// Package demo loads the demo organisation: "Art By X", an online art shop
// built from the seed examples, with company, marketing and sales units,
// individual OKRs, a quarter of weekly Friday check-ins, KPIs and the
// previous quarter's bicycle-accessories objective (seed 004) graded.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/password"
	"github.com/okr-dev/okr/internal/store"
)

// Slug is the demo organisation's slug; Load does nothing when it exists.
const Slug = "artbyx"

// The demo sign-in. The password is public by design: the demo is for
// trying the product on one's own machine.
const (
	Email    = "ingrid@artbyx.example"
	Password = "okr-demo-2026"
)

// passwordOf is the demo password of the person with key and email: the
// admin's is Password, everyone else's "demo-<key>-2026".
func passwordOf(key, email string) string {
	if email == Email {
		return Password
	}
	return "demo-" + key + "-2026"
}

// Account is a demo person to sign in as.
type Account struct {
	Kind     string // what the account shows: admin, team lead, member
	Name     string
	Email    string
	Password string
	Unit     string
}

// Accounts are one sign-in per experience: the admin (who leads the
// company), the lead of a team, and a member of a team who leads nothing.
func Accounts() []Account {
	return []Account{
		{"admin", "Ingrid Berg", Email, Password, "Art By X"},
		{"team lead", "Julie Hansen", "julie@artbyx.example", passwordOf("julie", "julie@artbyx.example"), "Innhold og SoMe"},
		{"member", "Erik Nilsen", "erik@artbyx.example", passwordOf("erik", "erik@artbyx.example"), "Nettbutikk"},
	}
}

// Result says what Load did and how to sign in.
type Result struct {
	Created  bool
	OrgID    int64
	Email    string
	Password string
}

// Load creates the demo organisation unless it exists already, with periods
// and check-ins placed relative to now so the current quarter is under way.
func Load(ctx context.Context, db *store.DB, now time.Time) (Result, error) {
	res := Result{Email: Email, Password: Password}
	if org, err := db.GetOrgBySlug(ctx, Slug); err == nil {
		res.OrgID = org.ID
		return res, nil
	} else if okr.ErrorCode(err) != okr.ENOTFOUND {
		return res, err
	}
	b := &builder{ctx: ctx, db: db, now: now.UTC()}
	if err := b.build(); err != nil {
		return res, fmt.Errorf("demo: %w", err)
	}
	res.Created, res.OrgID = true, b.org.ID
	return res, nil
}

// builder carries the state of one Load and stops at the first error.
type builder struct {
	ctx    context.Context
	db     *store.DB
	now    time.Time
	org    okr.Org
	sys    store.Actor
	err    error
	units  map[string]int64
	people map[string]int64
}

func (b *builder) build() error {
	org, err := b.db.CreateOrg(b.ctx, "Art By X", Slug)
	if err != nil {
		return err
	}
	b.org, b.sys = org, store.SystemActor(org.ID)
	b.units, b.people = map[string]int64{}, map[string]int64{}
	b.orgTree()
	if b.err != nil {
		return b.err
	}
	cur, prev := quarterOf(b.now), quarterOf(quarterOf(b.now).Start.AddDate(0, 0, -1))
	next := quarterOf(cur.End.AddDate(0, 0, 1))
	curP := b.period(cur)
	prevP := b.period(prev)
	b.period(next)
	b.lastQuarter(prevP)
	b.thisQuarter(curP)
	b.kpis()
	if b.err != nil {
		return b.err
	}
	return b.closePeriod(prevP)
}

func (b *builder) fail(err error) {
	if err != nil && b.err == nil {
		b.err = err
	}
}

func (b *builder) unit(key, name string, kind okr.UnitKind, parent string) {
	if b.err != nil {
		return
	}
	u := okr.Unit{OrgID: b.org.ID, Name: name, Kind: kind}
	if parent != "" {
		id := b.units[parent]
		u.ParentID = &id
	}
	u, err := b.db.CreateUnit(b.ctx, b.sys, u)
	b.fail(err)
	b.units[key] = u.ID
}

func (b *builder) person(key, name, email string, role okr.Role, unit, lang string) {
	if b.err != nil {
		return
	}
	uid := b.units[unit]
	p, err := b.db.CreatePerson(b.ctx, b.sys, okr.Person{OrgID: b.org.ID, Name: name, Email: email, Role: role, UnitID: &uid, Language: lang})
	if err != nil {
		b.fail(err)
		return
	}
	b.people[key] = p.ID
	h, err := password.Hash(passwordOf(key, email))
	b.fail(err)
	b.fail(b.db.SetPassword(b.ctx, p.ID, h))
}

func (b *builder) lead(unit string, people ...string) {
	if b.err != nil {
		return
	}
	u, err := b.db.GetUnit(b.ctx, b.org.ID, b.units[unit])
	if err != nil {
		b.fail(err)
		return
	}
	for _, p := range people {
		u.LeadIDs = append(u.LeadIDs, b.people[p])
	}
	_, err = b.db.UpdateUnit(b.ctx, b.sys, u)
	b.fail(err)
}

func (b *builder) orgTree() {
	b.unit("company", "Art By X", okr.UnitCompany, "")
	b.unit("marketing", "Markedsføring", okr.UnitDepartment, "company")
	b.unit("sales", "Salg", okr.UnitDepartment, "company")
	b.unit("content", "Innhold og SoMe", okr.UnitTeam, "marketing")
	b.unit("webshop", "Nettbutikk", okr.UnitTeam, "sales")
	b.person("ingrid", "Ingrid Berg", Email, okr.RoleAdmin, "company", "nb")
	b.person("karoline", "Karoline Gjerdingen", "karoline@artbyx.example", okr.RoleMember, "marketing", "nb")
	b.person("kristo", "Kristo Douvros", "kristo@artbyx.example", okr.RoleMember, "sales", "nb")
	b.person("julie", "Julie Hansen", "julie@artbyx.example", okr.RoleMember, "content", "nb")
	b.person("sara", "Sara Lindqvist", "sara@artbyx.example", okr.RoleMember, "webshop", "sv")
	b.person("erik", "Erik Nilsen", "erik@artbyx.example", okr.RoleMember, "webshop", "en")
	b.lead("company", "ingrid")
	b.lead("marketing", "karoline")
	b.lead("sales", "kristo")
	b.lead("content", "julie")
	b.lead("webshop", "sara")
}

// quarterOf returns the calendar quarter containing t as a period.
func quarterOf(t time.Time) okr.Period {
	q := (int(t.Month()) - 1) / 3
	start := time.Date(t.Year(), time.Month(q*3+1), 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 3, -1)
	return okr.Period{Name: fmt.Sprintf("Q%d %d", q+1, t.Year()), Kind: okr.PeriodQuarter, Start: start, End: end}
}

func (b *builder) period(p okr.Period) okr.Period {
	if b.err != nil {
		return p
	}
	p.OrgID = b.org.ID
	p, err := b.db.CreatePeriod(b.ctx, b.sys, p)
	b.fail(err)
	return p
}

func (b *builder) closePeriod(p okr.Period) error {
	p.Closed = true
	_, err := b.db.UpdatePeriod(b.ctx, b.sys, p)
	return err
}

// as returns the actor of a demo person, so check-ins and grades carry
// their authors; quiet, as the demo's history is no news to notify.
func (b *builder) as(person string) store.Actor {
	return store.Actor{OrgID: b.org.ID, PersonID: b.people[person], Quiet: true}
}
