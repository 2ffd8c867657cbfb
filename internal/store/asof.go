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

// AsOf returns a new private database (":memory:", see Open) holding
// organisation orgID as it stood at t, for time travel: every read of the
// store, the read model and the pages then works on the past unchanged.
// The caller closes it and must not write to it.
//
// The past is rebuilt from the history the database keeps:
//
//   - Rows of objects (units, people, periods, objectives, key results,
//     initiatives, KPIs) created at or before t are copied as they are now;
//     each object changed after t is then set back to the "before" record
//     of its first audit entry after t, which is the whole object as it
//     was at t (a "create" entry after t has none: the object did not
//     exist). "import" entries are not changes: an imported object existed
//     since the created_at of its row.
//   - History rows (check-ins, target changes, KPI readings, grades, carry
//     overs, comments, follows, audit entries) are copied when dated at or
//     before t; a grade replaced after t comes back from its audit entry.
//   - Each key result's cached current value, confidence, last check-in and
//     done milestones come from its latest check-in at or before t, as the
//     live store sets them on every check-in.
//
// Credentials (password hashes, sessions, tokens) and outgoing messages
// are not copied. The copy's clock stands at t.
func (db *DB) AsOf(ctx context.Context, orgID int64, t time.Time) (*DB, error) {
	past, err := Open(ctx, ":memory:")
	if err != nil {
		return nil, err
	}
	if err := db.copyAsOf(ctx, past, orgID, t); err != nil {
		past.Close()
		return nil, fmt.Errorf("store: as of %s: %w", t.Format(time.RFC3339), err)
	}
	past.SetClock(func() time.Time { return t })
	return past, nil
}

// asOfTable is one table copied by AsOf: rows of the organisation (orgs:
// the organisation itself), those of objects created by t, or of history
// dated by t.
type asOfTable struct {
	name, where string
	// clear names columns copied as NULL (credentials).
	clear []string
}

var asOfTables = []asOfTable{
	{name: "orgs", where: "id = ?"},
	{name: "units", where: "org_id = ? AND created_at <= ?"},
	{name: "people", where: "org_id = ? AND created_at <= ?", clear: []string{"password_hash", "sso_subject"}},
	{name: "unit_leads", where: "org_id = ?"},
	{name: "periods", where: "org_id = ? AND created_at <= ?"},
	{name: "objectives", where: "org_id = ? AND created_at <= ?"},
	{name: "objective_contributes", where: "org_id = ?"},
	{name: "kpis", where: "org_id = ? AND created_at <= ?"},
	{name: "key_results", where: "org_id = ? AND created_at <= ?"},
	{name: "milestones", where: "org_id = ?"},
	{name: "initiatives", where: "org_id = ? AND created_at <= ?"},
	{name: "checkins", where: "org_id = ? AND at <= ?"},
	{name: "target_changes", where: "org_id = ? AND at <= ?"},
	{name: "kpi_values", where: "org_id = ? AND at <= ?"},
	{name: "grades", where: "org_id = ? AND at <= ?"},
	{name: "object_keys", where: "org_id = ?"},
	{name: "carry_overs", where: "org_id = ? AND at <= ?"},
	{name: "follows", where: "org_id = ? AND created_at <= ?"},
	{name: "comments", where: "org_id = ? AND created_at <= ?"},
	{name: "comment_mentions", where: "org_id = ?"},
	{name: "audit", where: "org_id = ? AND at <= ?"},
}

// asOfOrphans removes rows whose parent the past did not have, in order
// (children of removed rows go too).
var asOfOrphans = []string{
	`DELETE FROM unit_leads WHERE unit_id NOT IN (SELECT id FROM units) OR person_id NOT IN (SELECT id FROM people)`,
	`DELETE FROM key_results WHERE objective_id NOT IN (SELECT id FROM objectives)`,
	`DELETE FROM objective_contributes WHERE objective_id NOT IN (SELECT id FROM objectives) OR target_id NOT IN (SELECT id FROM objectives)`,
	`DELETE FROM milestones WHERE kr_id NOT IN (SELECT id FROM key_results)`,
	`DELETE FROM initiatives WHERE kr_id NOT IN (SELECT id FROM key_results)`,
	`DELETE FROM checkins WHERE kr_id NOT IN (SELECT id FROM key_results)`,
	`DELETE FROM target_changes WHERE kr_id NOT IN (SELECT id FROM key_results)`,
	`DELETE FROM grades WHERE kr_id NOT IN (SELECT id FROM key_results)`,
	`DELETE FROM kpi_values WHERE kpi_id NOT IN (SELECT id FROM kpis)`,
	`DELETE FROM carry_overs WHERE from_id NOT IN (SELECT id FROM objectives) OR to_id NOT IN (SELECT id FROM objectives)`,
	`DELETE FROM comments WHERE objective_id NOT IN (SELECT id FROM objectives)`,
	`DELETE FROM comment_mentions WHERE comment_id NOT IN (SELECT id FROM comments)`,
	`DELETE FROM object_keys WHERE
		(object_type = 'objective' AND object_id NOT IN (SELECT id FROM objectives)) OR
		(object_type = 'key_result' AND object_id NOT IN (SELECT id FROM key_results))`,
	// What a key result showed at t follows from its check-ins by then.
	`UPDATE key_results SET
		current_value = (SELECT c.value FROM checkins c WHERE c.org_id = key_results.org_id AND c.kr_id = key_results.id ORDER BY c.at DESC, c.id DESC LIMIT 1),
		confidence = COALESCE((SELECT c.confidence FROM checkins c WHERE c.org_id = key_results.org_id AND c.kr_id = key_results.id ORDER BY c.at DESC, c.id DESC LIMIT 1), ''),
		last_checkin_at = (SELECT MAX(c.at) FROM checkins c WHERE c.org_id = key_results.org_id AND c.kr_id = key_results.id)`,
	`UPDATE milestones SET done = 0`,
}

func (db *DB) copyAsOf(ctx context.Context, past *DB, orgID int64, t time.Time) error {
	at := micros(t)
	opts := &sql.TxOptions{ReadOnly: true}
	if db.dialect == DialectPostgres {
		opts.Isolation = sql.LevelRepeatableRead // one snapshot for every table
	}
	src, err := db.r.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer src.Rollback()
	// The copy is private and thrown away: no need to wait for the disk,
	// and rows arrive before the rows they refer to are set back.
	pc, err := past.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer pc.Close()
	for _, p := range []string{"PRAGMA foreign_keys = OFF", "PRAGMA synchronous = OFF"} {
		if _, err := pc.ExecContext(ctx, p); err != nil {
			return err
		}
	}
	dst, err := pc.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer dst.Rollback()
	for _, tb := range asOfTables {
		if err := copyTable(ctx, db, src, dst, tb, orgID, at); err != nil {
			return fmt.Errorf("copy %s: %w", tb.name, err)
		}
	}
	if err := db.setBack(ctx, src, dst, orgID, at); err != nil {
		return err
	}
	for _, q := range asOfOrphans {
		if _, err := dst.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	if err := doneMilestones(ctx, dst); err != nil {
		return err
	}
	// A checklist counts its done milestones (as an edit of the list sets it).
	if _, err := dst.ExecContext(ctx, `UPDATE key_results SET current_value =
		(SELECT COUNT(*) FROM milestones m WHERE m.org_id = key_results.org_id AND m.kr_id = key_results.id AND m.done = 1)
		WHERE metric_kind = ? AND current_value IS NOT NULL`, string(okr.MetricMilestones)); err != nil {
		return err
	}
	if err := dst.Commit(); err != nil {
		return err
	}
	_, err = pc.ExecContext(ctx, "PRAGMA foreign_keys = ON")
	return err
}

// copyTable copies the rows of tb selected for the organisation at `at`,
// column by column as far as both databases have the column.
func copyTable(ctx context.Context, db *DB, src *sql.Tx, dst *sql.Tx, tb asOfTable, orgID, at int64) error {
	args := []any{orgID}
	if strings.Count(tb.where, "?") == 2 {
		args = append(args, at)
	}
	rows, err := src.QueryContext(ctx, db.rebind(`SELECT * FROM `+tb.name+` WHERE `+tb.where), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	have, err := sqliteColumns(ctx, dst, tb.name)
	if err != nil {
		return err
	}
	var keep []int
	var names []string
	for i, c := range cols {
		if have[c] {
			keep, names = append(keep, i), append(names, c)
		}
	}
	cleared := map[int]bool{}
	for j, n := range names {
		for _, c := range tb.clear {
			if n == c {
				cleared[j] = true
			}
		}
	}
	ins, err := dst.PrepareContext(ctx, `INSERT INTO `+tb.name+` (`+strings.Join(names, ", ")+`) VALUES (`+
		strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ")+`)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	out := make([]any, len(keep))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for j, i := range keep {
			out[j] = vals[i]
			if cleared[j] {
				out[j] = nil
			}
		}
		if _, err := ins.ExecContext(ctx, out...); err != nil {
			return err
		}
	}
	return rows.Err()
}

func sqliteColumns(ctx context.Context, tx *sql.Tx, table string) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out[n] = true
	}
	return out, rows.Err()
}

// setBack sets every object changed after at back to the record its first
// later audit entry holds as "before", and grades replaced after at back
// to the grade they replaced.
func (db *DB) setBack(ctx context.Context, src, dst *sql.Tx, orgID, at int64) error {
	rows, err := src.QueryContext(ctx, db.rebind(`SELECT object_type, object_id, action, before_json, at FROM audit
		WHERE org_id = ? AND at > ? AND object_type IN ('org', 'unit', 'person', 'period', 'objective', 'key_result', 'initiative', 'kpi')
		AND action NOT IN ('check_in', 'reading', 'target_change', 'password_set', 'sso_config')
		ORDER BY id`), orgID, at)
	if err != nil {
		return err
	}
	defer rows.Close()
	type key struct {
		typ   string
		id    int64
		grade bool
	}
	seen := map[key]bool{}
	type entry struct {
		typ, action, before string
		id, at              int64
	}
	var first []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.typ, &e.id, &e.action, &e.before, &e.at); err != nil {
			return err
		}
		k := key{e.typ, e.id, e.action == ActionGrade}
		if seen[k] {
			continue
		}
		seen[k] = true
		first = append(first, e)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	for _, e := range first {
		if e.action == ActionImport {
			continue // the row's created_at says since when it existed
		}
		rec, err := audit.Decode(e.typ, e.action, e.before)
		if err != nil {
			return fmt.Errorf("audit %s %d: %w", e.typ, e.id, err)
		}
		if err := setBackOne(ctx, dst, orgID, e.typ, e.id, e.at, rec); err != nil {
			return fmt.Errorf("set back %s %d: %w", e.typ, e.id, err)
		}
	}
	return nil
}

// asOfObjectTables are the tables of the object types setBack sets back.
var asOfObjectTables = map[string]string{"org": "orgs", "unit": "units", "person": "people", "period": "periods",
	"objective": "objectives", "key_result": "key_results", "initiative": "initiatives", "kpi": "kpis"}

// setBackOne writes rec, the record of object typ/id at the time asked
// for, over its row in the copy; nil: the object did not exist then.
func setBackOne(ctx context.Context, dst *sql.Tx, orgID int64, typ string, id, changedAt int64, rec audit.Record) error {
	exec := func(q string, args ...any) error {
		_, err := dst.ExecContext(ctx, q, args...)
		return err
	}
	table := asOfObjectTables[typ]
	if rec == nil {
		if typ == "org" {
			return nil
		}
		return exec(`DELETE FROM `+table+` WHERE id = ?`, id)
	}
	// archived: keep the row's own archiving time when it was archived then.
	archived := func(a bool) any {
		if !a {
			return nil
		}
		return changedAt
	}
	archivedSet := `archived_at = CASE WHEN ? IS NULL THEN NULL ELSE COALESCE(archived_at, ?) END`
	switch r := rec.(type) {
	case *audit.Grade:
		return exec(`INSERT INTO grades (kr_id, org_id, score, suggested, note, graded_by, at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (kr_id) DO UPDATE SET score = excluded.score, suggested = excluded.suggested, note = excluded.note,
			graded_by = excluded.graded_by, at = excluded.at`,
			r.KeyResultID, orgID, r.Score, r.Suggested, r.Note, nullID(nonZero(r.GradedBy)), micros(r.At))
	case *audit.Org:
		o := r.Domain()
		js, err := json.Marshal(o.Settings)
		if err != nil {
			return err
		}
		return exec(`UPDATE orgs SET name = ?, settings = ?, version = ? WHERE id = ?`, o.Name, string(js), o.Version, id)
	case *audit.Unit:
		u := r.Domain()
		if err := exec(`UPDATE units SET parent_id = ?, name = ?, kind = ?, version = ?, `+archivedSet+` WHERE id = ?`,
			nullID(u.ParentID), u.Name, string(u.Kind), u.Version, archived(u.Archived), changedAt, id); err != nil {
			return err
		}
		if err := exec(`DELETE FROM unit_leads WHERE unit_id = ?`, id); err != nil {
			return err
		}
		for _, p := range u.LeadIDs {
			if err := exec(`INSERT INTO unit_leads (org_id, unit_id, person_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, orgID, id, p); err != nil {
				return err
			}
		}
		return nil
	case *audit.Person:
		p := r.Domain()
		return exec(`UPDATE people SET email = ?, email_key = ?, name = ?, search = ?, role = ?, unit_id = ?, language = ?, version = ?, `+
			archivedSet+` WHERE id = ?`, p.Email, emailKey(p.Email), p.Name, personSearch(&p), string(p.Role), nullID(p.UnitID),
			p.Language, p.Version, archived(p.Archived), changedAt, id)
	case *audit.Period:
		p := r.Domain()
		return exec(`UPDATE periods SET name = ?, kind = ?, start_date = ?, end_date = ?, closed = ?, version = ?, `+archivedSet+` WHERE id = ?`,
			p.Name, string(p.Kind), dateString(p.Start), dateString(p.End), boolInt(p.Closed), p.Version, archived(p.Archived), changedAt, id)
	case *audit.Objective:
		o := r.Domain()
		if err := exec(`UPDATE objectives SET period_id = ?, title = ?, description = ?, search = ?, owner_unit_id = ?, owner_person_id = ?,
			weight = ?, parent_id = ?, state = ?, reflection = ?, published_at = ?, version = ?, updated_at = ?, `+archivedSet+` WHERE id = ?`,
			o.PeriodID, o.Title, o.Description, objectiveSearch(&o), nullID(o.Owner.UnitID), nullID(o.Owner.PersonID), o.Weight,
			nullID(o.ParentID), string(o.State), o.Reflection, nullMicros(o.PublishedAt), o.Version, micros0(o.UpdatedAt),
			archived(o.Archived), changedAt, id); err != nil {
			return err
		}
		if err := exec(`DELETE FROM objective_contributes WHERE objective_id = ?`, id); err != nil {
			return err
		}
		for _, target := range o.Contributes {
			if err := exec(`INSERT INTO objective_contributes (org_id, objective_id, target_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
				orgID, id, target); err != nil {
				return err
			}
		}
		return nil
	case *audit.KeyResult:
		kr := r.Domain()
		m := kr.Metric
		if err := exec(`UPDATE key_results SET objective_id = ?, title = ?, owner_unit_id = ?, owner_person_id = ?, weight = ?,
			metric_kind = ?, metric_start = ?, metric_target = ?, unit_kind = ?, unit_code = ?, kpi_id = ?, position = ?, version = ?, `+
			archivedSet+` WHERE id = ?`, kr.ObjectiveID, kr.Title, nullID(kr.Owner.UnitID), nullID(kr.Owner.PersonID), kr.Weight,
			string(m.Kind), m.Start, m.Target, string(m.Unit.Kind), m.Unit.Code, nullID(kr.KPIID), kr.Position, kr.Version,
			archived(kr.Archived), changedAt, id); err != nil {
			return err
		}
		if err := exec(`DELETE FROM milestones WHERE kr_id = ?`, id); err != nil {
			return err
		}
		for i, ms := range kr.Milestones {
			if err := exec(`INSERT INTO milestones (id, org_id, kr_id, title, done, position) VALUES (?, ?, ?, ?, 0, ?)`,
				ms.ID, orgID, id, ms.Title, i); err != nil {
				return err
			}
		}
		return nil
	case *audit.Initiative:
		in := r.Domain()
		return exec(`UPDATE initiatives SET kr_id = ?, title = ?, owner_person_id = ?, status = ?, due = ?, version = ?, `+archivedSet+` WHERE id = ?`,
			in.KeyResultID, in.Title, nullID(in.OwnerPersonID), string(in.Status), nullDate(in.Due), in.Version,
			archived(in.Archived), changedAt, id)
	case *audit.KPI:
		k := r.Domain()
		return exec(`UPDATE kpis SET name = ?, description = ?, unit_kind = ?, unit_code = ?, direction = ?, frequency = ?, warn = ?,
			critical = ?, owner_unit_id = ?, version = ?, `+archivedSet+` WHERE id = ?`,
			k.Name, k.Description, string(k.Unit.Kind), k.Unit.Code, string(k.Direction), string(k.Frequency),
			nullFloat(k.Warn), nullFloat(k.Critical), nullID(k.OwnerUnitID), k.Version, archived(k.Archived), changedAt, id)
	}
	return fmt.Errorf("no way to set back a %s record", rec.RecordType())
}

func nonZero(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// doneMilestones marks the milestones that each key result's latest
// check-in in the copy lists as done.
func doneMilestones(ctx context.Context, dst *sql.Tx) error {
	rows, err := dst.QueryContext(ctx, `SELECT c.milestones_done FROM checkins c
		WHERE c.milestones_done <> '' AND c.milestones_done <> '[]' AND c.id = (SELECT c2.id FROM checkins c2 WHERE c2.org_id = c.org_id AND c2.kr_id = c.kr_id
			ORDER BY c2.at DESC, c2.id DESC LIMIT 1)`)
	if err != nil {
		return err
	}
	var done []int64
	for rows.Next() {
		var js string
		if err := rows.Scan(&js); err != nil {
			rows.Close()
			return err
		}
		var ids []int64
		if err := json.Unmarshal([]byte(js), &ids); err != nil {
			rows.Close()
			return fmt.Errorf("milestones done %q: %w", js, err)
		}
		done = append(done, ids...)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range done {
		if _, err := dst.ExecContext(ctx, `UPDATE milestones SET done = 1 WHERE id = ?`, id); err != nil {
			return err
		}
	}
	return nil
}

// EndOfDay returns the last instant of day (a date; its clock is ignored)
// in loc.
func EndOfDay(day time.Time, loc *time.Location) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc).Add(-time.Microsecond)
}
