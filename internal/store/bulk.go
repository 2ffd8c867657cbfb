package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// Loader writes many objects of one organisation in a single transaction:
// imports (all or nothing) and generated data. It inserts rows as given,
// keeping their times, authors and cached values, and assigns ids into the
// values passed in. References (parent, owner, period, KR …) must name rows
// already written, so callers load parents first. Validation of the domain
// values is the caller's job (the YAML format validates every object); the
// database still enforces references and uniqueness.
//
// With audit on, every object created gets an "import" audit entry; history
// rows (check-ins, KPI readings, target changes, grades) are themselves
// records of who did what when and get none.
type Loader struct {
	t     *tx
	sqlTx *sql.Tx
	audit bool
	stmts map[string]*sql.Stmt
}

// ActionImport is the audit action of objects created by a Loader.
const ActionImport = "import"

// Load runs fn with a Loader in one write transaction on behalf of actor,
// who must be an admin or the system. It commits when fn returns nil and
// rolls everything back otherwise.
func (db *DB) Load(ctx context.Context, actor Actor, withAudit bool, fn func(l *Loader) error) error {
	return db.write(ctx, actor, "load", func(t *tx) error {
		if err := t.requireAdmin("import data"); err != nil {
			return err
		}
		sqlTx, err := t.sqlTx(t.ctx)
		if err != nil {
			return fmt.Errorf("load: %w", err)
		}
		l := &Loader{t: t, sqlTx: sqlTx, audit: withAudit, stmts: map[string]*sql.Stmt{}}
		defer l.close()
		return fn(l)
	})
}

func (l *Loader) close() {
	for _, s := range l.stmts {
		s.Close()
	}
}

// insert runs a prepared INSERT … RETURNING id (prepared once per Load).
func (l *Loader) insert(query string, args ...any) (int64, error) {
	s, err := l.stmt(query + " RETURNING id")
	if err != nil {
		return 0, err
	}
	countStatement(l.t.ctx)
	var id int64
	err = s.QueryRowContext(l.t.ctx, args...).Scan(&id)
	return id, err
}

// exec runs a prepared statement without a result.
func (l *Loader) exec(query string, args ...any) error {
	s, err := l.stmt(query)
	if err != nil {
		return err
	}
	countStatement(l.t.ctx)
	_, err = s.ExecContext(l.t.ctx, args...)
	return err
}

func (l *Loader) stmt(query string) (*sql.Stmt, error) {
	if s, ok := l.stmts[query]; ok {
		return s, nil
	}
	s, err := l.sqlTx.PrepareContext(l.t.ctx, l.t.db.rebind(query))
	if err != nil {
		return nil, err
	}
	l.stmts[query] = s
	return s, nil
}

// created writes the "import" audit entry of an object when the loader
// audits, with the record that record returns (made only then).
func (l *Loader) created(objectType string, id int64, record func() audit.Record) error {
	if !l.audit {
		return nil
	}
	return l.t.audit(objectType, id, ActionImport, nil, record())
}

// createdAt returns t, or the transaction's clock when t is zero.
func (l *Loader) createdAt(t int64) int64 {
	if t == 0 {
		return micros(l.t.now)
	}
	return t
}

// Org returns the organisation the loader writes into.
func (l *Loader) Org() int64 { return l.t.org() }

// Settings replaces the organisation's settings.
func (l *Loader) Settings(s okr.OrgSettings) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return l.exec(`UPDATE orgs SET settings = ?, version = version + 1 WHERE id = ?`, string(b), l.Org())
}

// Unit writes u (without its leads: see Leads) and sets u.ID.
func (l *Loader) Unit(u *okr.Unit) (err error) {
	u.OrgID, u.Version = l.Org(), 1
	u.ID, err = l.insert(`INSERT INTO units (org_id, parent_id, name, kind, archived_at, version, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)`,
		u.OrgID, nullID(u.ParentID), u.Name, string(u.Kind), l.archivedAt(u.Archived), micros(l.t.now))
	if err != nil {
		return fmt.Errorf("unit %q: %w", u.Name, err)
	}
	return l.created("unit", u.ID, func() audit.Record { return audit.FromUnit(u) })
}

// Leads makes people the leads of unit id.
func (l *Loader) Leads(unitID int64, people []int64) error {
	for _, p := range people {
		if err := l.exec(`INSERT INTO unit_leads (org_id, unit_id, person_id) VALUES (?, ?, ?)`, l.Org(), unitID, p); err != nil {
			return fmt.Errorf("unit lead: %w", err)
		}
	}
	return nil
}

func (l *Loader) archivedAt(archived bool) any {
	if archived {
		return micros(l.t.now)
	}
	return nil
}

// Person writes p with an optional password hash and sets p.ID. An e-mail
// address already in use (in any organisation) is ECONFLICT.
func (l *Loader) Person(p *okr.Person, passwordHash string) (err error) {
	p.OrgID, p.Version = l.Org(), 1
	var hash any
	if passwordHash != "" {
		hash = passwordHash
	}
	p.ID, err = l.insert(`INSERT INTO people (org_id, email, email_key, name, search, role, unit_id, language, password_hash, archived_at, version, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		p.OrgID, p.Email, emailKey(p.Email), p.Name, personSearch(p), string(p.Role), nullID(p.UnitID), p.Language, hash, l.archivedAt(p.Archived), micros(l.t.now))
	if isUniqueViolation(err) {
		return &okr.Error{Code: okr.ECONFLICT, Field: "email", Message: fmt.Sprintf("the e-mail address %s is in use already", p.Email)}
	} else if err != nil {
		return fmt.Errorf("person %s: %w", p.Email, err)
	}
	return l.created("person", p.ID, func() audit.Record { return audit.FromPerson(p) })
}

// Period writes p and sets p.ID.
func (l *Loader) Period(p *okr.Period) (err error) {
	p.OrgID, p.Version = l.Org(), 1
	p.ID, err = l.insert(`INSERT INTO periods (org_id, name, kind, start_date, end_date, closed, archived_at, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		p.OrgID, p.Name, string(p.Kind), dateString(p.Start), dateString(p.End), boolInt(p.Closed), l.archivedAt(p.Archived), micros(l.t.now))
	if err != nil {
		return fmt.Errorf("period %q: %w", p.Name, err)
	}
	return l.created("period", p.ID, func() audit.Record { return audit.FromPeriod(p) })
}

// Objective writes o (without its contributes-to links: see Contributes)
// and sets o.ID. Zero CreatedAt/UpdatedAt mean now.
func (l *Loader) Objective(o *okr.Objective) (err error) {
	o.OrgID, o.Version = l.Org(), 1
	created := l.createdAt(micros0(o.CreatedAt))
	updated := l.createdAt(micros0(o.UpdatedAt))
	o.ID, err = l.insert(insertObjective, objectiveValues(make([]any, 0, objectiveInsertCount), o.OrgID, o, l.archivedAt(o.Archived), created, updated)...)
	if err != nil {
		return fmt.Errorf("objective %q: %w", o.Title, err)
	}
	o.CreatedAt, o.UpdatedAt = fromMicros(created), fromMicros(updated)
	if o.State != okr.StateDraft && o.PublishedAt == nil {
		o.PublishedAt = &o.CreatedAt // as objectiveValues wrote it
	}
	return l.created("objective", o.ID, func() audit.Record { return audit.FromObjective(o) })
}

// Contributes adds "contributes to" links from objective id to targets.
func (l *Loader) Contributes(id int64, targets []int64) error {
	for _, target := range targets {
		if err := l.exec(`INSERT INTO objective_contributes (org_id, objective_id, target_id) VALUES (?, ?, ?)`, l.Org(), id, target); err != nil {
			return fmt.Errorf("contributes link: %w", err)
		}
	}
	return nil
}

// KeyResult writes kr with its milestones and its cached current value,
// confidence and last check-in time as given, and sets the ids.
func (l *Loader) KeyResult(kr *okr.KeyResult) (err error) {
	kr.OrgID, kr.Version = l.Org(), 1
	created := l.createdAt(micros0(kr.CreatedAt))
	var cur any
	if kr.Current != nil {
		cur = *kr.Current
	}
	m := kr.Metric
	kr.ID, err = l.insert(`INSERT INTO key_results (org_id, objective_id, title, owner_unit_id, owner_person_id, weight, metric_kind,
		metric_start, metric_target, unit_kind, unit_code, kpi_id, position, current_value, confidence, last_checkin_at, archived_at, version, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		kr.OrgID, kr.ObjectiveID, kr.Title, nullID(kr.Owner.UnitID), nullID(kr.Owner.PersonID), kr.Weight, string(m.Kind),
		m.Start, m.Target, string(m.Unit.Kind), m.Unit.Code, nullID(kr.KPIID), kr.Position, cur, string(kr.Confidence),
		nullMicros(kr.LastCheckInAt), l.archivedAt(kr.Archived), created)
	if err != nil {
		return fmt.Errorf("key result %q: %w", kr.Title, err)
	}
	kr.CreatedAt = fromMicros(created)
	for i := range kr.Milestones {
		ms := &kr.Milestones[i]
		ms.ID, err = l.insert(`INSERT INTO milestones (org_id, kr_id, title, done, position) VALUES (?, ?, ?, ?, ?)`,
			kr.OrgID, kr.ID, ms.Title, boolInt(ms.Done), i)
		if err != nil {
			return fmt.Errorf("milestone %q: %w", ms.Title, err)
		}
	}
	return l.created("key_result", kr.ID, func() audit.Record { return audit.FromKeyResult(kr) })
}

// ArchivedMilestones writes milestones that were removed from key result
// krID (see ListArchivedMilestones), in order, with their done flags, and
// sets their ids. They never count; check-ins may name them.
func (l *Loader) ArchivedMilestones(krID int64, ms []okr.Milestone) error {
	for i := range ms {
		m := &ms[i]
		var err error
		m.ID, err = l.insert(`INSERT INTO milestones (org_id, kr_id, title, done, position, archived_at) VALUES (?, ?, ?, ?, ?, ?)`,
			l.Org(), krID, m.Title, boolInt(m.Done), i, micros(l.t.now))
		if err != nil {
			return fmt.Errorf("archived milestone %q: %w", m.Title, err)
		}
	}
	return nil
}

// Initiative writes in and sets in.ID.
func (l *Loader) Initiative(in *okr.Initiative) (err error) {
	in.OrgID, in.Version = l.Org(), 1
	in.ID, err = l.insert(`INSERT INTO initiatives (org_id, kr_id, title, owner_person_id, status, due, archived_at, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		in.OrgID, in.KeyResultID, in.Title, nullID(in.OwnerPersonID), string(in.Status), nullDate(in.Due), l.archivedAt(in.Archived), micros(l.t.now))
	if err != nil {
		return fmt.Errorf("initiative %q: %w", in.Title, err)
	}
	return l.created("initiative", in.ID, func() audit.Record { return audit.FromInitiative(in) })
}

// CheckIn writes c as given (At, AuthorID, Late) and sets c.ID. It does
// not touch the KR's cached values: write the KR with them.
func (l *Loader) CheckIn(c *okr.CheckIn) (err error) {
	c.OrgID = l.Org()
	done := ""
	if len(c.MilestonesDone) > 0 {
		b, _ := json.Marshal(c.MilestonesDone)
		done = string(b)
	}
	c.ID, err = l.insert(`INSERT INTO checkins (org_id, kr_id, value, milestones_done, confidence, comment, author_id, at, late) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.OrgID, c.KeyResultID, c.Value, done, string(c.Confidence), c.Comment, idOrNull(c.AuthorID), micros(c.At), boolInt(c.Late))
	if err != nil {
		return fmt.Errorf("check-in: %w", err)
	}
	return nil
}

// CheckIns writes many check-ins with multi-row INSERTs, for generated data.
// It does not set their ids.
func (l *Loader) CheckIns(cs []okr.CheckIn) error {
	const cols = 9
	const batch = 100 // 900 parameters: under SQLite's limit of 32766 and PostgreSQL's 65535
	for len(cs) > 0 {
		n := min(batch, len(cs))
		q := l.valuesInsert(`INSERT INTO checkins (org_id, kr_id, value, milestones_done, confidence, comment, author_id, at, late) VALUES `, cols, n)
		args := make([]any, 0, n*cols)
		for _, c := range cs[:n] {
			done := ""
			if len(c.MilestonesDone) > 0 {
				b, _ := json.Marshal(c.MilestonesDone)
				done = string(b)
			}
			args = append(args, l.Org(), c.KeyResultID, c.Value, done, string(c.Confidence), c.Comment, idOrNull(c.AuthorID), micros(c.At), boolInt(c.Late))
		}
		if err := l.exec(q, args...); err != nil {
			return fmt.Errorf("check-ins: %w", err)
		}
		cs = cs[n:]
	}
	return nil
}

// valuesInsert returns prefix followed by n groups of cols placeholders.
func (l *Loader) valuesInsert(prefix string, cols, n int) string {
	group := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	var b strings.Builder
	b.Grow(len(prefix) + n*(len(group)+2))
	b.WriteString(prefix)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(group)
	}
	return b.String()
}

// TargetChange writes tc as given and sets tc.ID.
func (l *Loader) TargetChange(tc *okr.TargetChange) (err error) {
	tc.ID, err = l.insert(`INSERT INTO target_changes (org_id, kr_id, old_start, old_target, new_start, new_target, author_id, at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		l.Org(), tc.KeyResultID, tc.OldStart, tc.OldTarget, tc.NewStart, tc.NewTarget, idOrNull(tc.AuthorID), micros(tc.At), tc.Reason)
	if err != nil {
		return fmt.Errorf("target change: %w", err)
	}
	return nil
}

// KPI writes k and sets k.ID.
func (l *Loader) KPI(k *okr.KPI) (err error) {
	k.OrgID, k.Version = l.Org(), 1
	k.ID, err = l.insert(`INSERT INTO kpis (org_id, name, description, unit_kind, unit_code, direction, frequency, warn, critical, owner_unit_id, archived_at, version, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		k.OrgID, k.Name, k.Description, string(k.Unit.Kind), k.Unit.Code, string(k.Direction), string(k.Frequency), nullFloat(k.Warn), nullFloat(k.Critical),
		nullID(k.OwnerUnitID), l.archivedAt(k.Archived), micros(l.t.now))
	if err != nil {
		return fmt.Errorf("KPI %q: %w", k.Name, err)
	}
	return l.created("kpi", k.ID, func() audit.Record { return audit.FromKPI(k) })
}

// KPIValue writes v as given and sets v.ID.
func (l *Loader) KPIValue(v *okr.KPIValue) (err error) {
	v.ID, err = l.insert(`INSERT INTO kpi_values (org_id, kpi_id, value, at, author_id) VALUES (?, ?, ?, ?, ?)`,
		l.Org(), v.KPIID, v.Value, micros(v.At), idOrNull(v.AuthorID))
	if err != nil {
		return fmt.Errorf("KPI value: %w", err)
	}
	return nil
}

// Grade writes g as given.
func (l *Loader) Grade(g *okr.Grade) error {
	if err := l.exec(`INSERT INTO grades (kr_id, org_id, score, suggested, note, graded_by, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		g.KeyResultID, l.Org(), g.Score, g.Suggested, g.Note, idOrNull(g.GradedBy), micros(g.At)); err != nil {
		return fmt.Errorf("grade: %w", err)
	}
	return nil
}

// micros0 returns the stored form of t, or 0 for the zero time.
func micros0(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// LoadNewOrg creates an organisation and runs fn with a Loader into it, all
// in one transaction: when fn fails, not even the organisation remains.
// settings nil means okr.DefaultSettings. A slug in use is ECONFLICT.
func (db *DB) LoadNewOrg(ctx context.Context, name, slug string, settings *okr.OrgSettings, withAudit bool, fn func(l *Loader) error) (okr.Org, error) {
	o := okr.Org{Name: strings.TrimSpace(name), Slug: strings.TrimSpace(slug), Settings: okr.DefaultSettings(), Version: 1}
	if settings != nil {
		o.Settings = *settings
	}
	if o.Name == "" || len(o.Name) > okr.MaxTitleLen {
		return o, invalid("name", "the organisation needs a name of at most 200 characters")
	}
	if !slugPattern.MatchString(o.Slug) {
		return o, invalid("slug", "the slug may hold lower-case letters, digits and dashes (1–63 characters)")
	}
	b, err := json.Marshal(o.Settings)
	if err != nil {
		return o, err
	}
	o.CreatedAt = db.clock()
	err = db.transact(ctx, "load new org", func(c conn) error {
		var taken int
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM orgs WHERE slug = ?`, o.Slug).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return &okr.Error{Code: okr.ECONFLICT, Field: "slug", Message: "an organisation with this slug exists already"}
		}
		if o.ID, err = c.insert(ctx, `INSERT INTO orgs (name, slug, settings, version, created_at) VALUES (?, ?, ?, 1, ?)`,
			o.Name, o.Slug, string(b), micros(o.CreatedAt)); err != nil {
			return err
		}
		t := &tx{conn: c, ctx: ctx, actor: SystemActor(o.ID), role: okr.RoleAdmin, now: o.CreatedAt}
		if err := t.audit("org", o.ID, ActionCreate, nil, audit.FromOrg(&o)); err != nil {
			return err
		}
		sqlTx, err := c.sqlTx(ctx)
		if err != nil {
			return fmt.Errorf("load: %w", err)
		}
		l := &Loader{t: t, sqlTx: sqlTx, audit: withAudit, stmts: map[string]*sql.Stmt{}}
		defer l.close()
		return fn(l)
	})
	return o, err
}
