package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

const periodColumns = `id, org_id, name, kind, start_date, end_date, closed, archived_at, version`

func scanPeriod(s scanner) (okr.Period, error) {
	var p okr.Period
	var kind, start, end string
	var closed int64
	var archived sql.NullInt64
	if err := s.Scan(&p.ID, &p.OrgID, &p.Name, &kind, &start, &end, &closed, &archived, &p.Version); err != nil {
		return p, err
	}
	p.Kind, p.Closed, p.Archived = okr.PeriodKind(kind), closed != 0, archived.Valid
	var err error
	if p.Start, err = parseDate(start); err != nil {
		return p, fmt.Errorf("period %d start: %w", p.ID, err)
	}
	if p.End, err = parseDate(end); err != nil {
		return p, fmt.Errorf("period %d end: %w", p.ID, err)
	}
	return p, nil
}

// GetPeriod returns the period, or ENOTFOUND.
func (db *DB) GetPeriod(ctx context.Context, orgID, id int64) (okr.Period, error) {
	return getPeriod(ctx, db.reader(), orgID, id)
}

func getPeriod(ctx context.Context, c conn, orgID, id int64) (okr.Period, error) {
	p, err := scanPeriod(c.queryRow(ctx, `SELECT `+periodColumns+` FROM periods WHERE id = ? AND org_id = ?`, id, orgID))
	if isNoRows(err) {
		return p, notFound("period", id)
	} else if err != nil {
		return p, fmt.Errorf("get period: %w", err)
	}
	return p, nil
}

// ListPeriods returns the organisation's periods that are not archived,
// latest start first.
func (db *DB) ListPeriods(ctx context.Context, orgID int64) ([]okr.Period, error) {
	return db.listPeriods(ctx, orgID, false)
}

// ListAllPeriods returns every period of the organisation, archived ones
// included (to restore them, and for exports), latest start first.
func (db *DB) ListAllPeriods(ctx context.Context, orgID int64) ([]okr.Period, error) {
	return db.listPeriods(ctx, orgID, true)
}

func (db *DB) listPeriods(ctx context.Context, orgID int64, includeArchived bool) ([]okr.Period, error) {
	where := "org_id = ?"
	if !includeArchived {
		where += " AND archived_at IS NULL"
	}
	rows, err := db.reader().query(ctx, `SELECT `+periodColumns+` FROM periods WHERE `+where+`
		ORDER BY start_date DESC, end_date, id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: list periods: %w", err)
	}
	defer rows.Close()
	var out []okr.Period
	for rows.Next() {
		p, err := scanPeriod(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list periods: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list periods: %w", err)
	}
	return out, nil
}

// CurrentPeriod returns the period to show by default at now: the open
// quarter containing now, else the latest-starting open period containing
// now, else the latest-starting period. Archived periods never count.
// Returns ENOTFOUND when the organisation has no period.
func (db *DB) CurrentPeriod(ctx context.Context, orgID int64, now time.Time) (okr.Period, error) {
	day := dateString(now)
	p, err := scanPeriod(db.reader().queryRow(ctx, `SELECT `+periodColumns+` FROM periods
		WHERE org_id = ? AND archived_at IS NULL
		ORDER BY CASE
			WHEN closed = 0 AND start_date <= ? AND end_date >= ? AND kind = ? THEN 0
			WHEN closed = 0 AND start_date <= ? AND end_date >= ? THEN 1
			ELSE 2 END, start_date DESC, id DESC
		LIMIT 1`, orgID, day, day, string(okr.PeriodQuarter), day, day))
	if isNoRows(err) {
		return p, &okr.Error{Code: okr.ENOTFOUND, Message: "the organisation has no period yet", Key: "err.no_period"}
	} else if err != nil {
		return p, fmt.Errorf("store: current period: %w", err)
	}
	return p, nil
}

// CreatePeriod creates a period. Only admins may. Returns EINVALID, and
// ECONFLICT (field "name") when another period of the organisation,
// archived or not, has the name in any case.
func (db *DB) CreatePeriod(ctx context.Context, actor Actor, p okr.Period) (okr.Period, error) {
	err := db.write(ctx, actor, "create period", func(t *tx) error {
		if err := t.requireAdmin("periods"); err != nil {
			return err
		}
		if err := normalizePeriod(&p); err != nil {
			return err
		}
		if err := t.uniquePeriodName(p.Name, 0); err != nil {
			return err
		}
		var err error
		p.ID, err = t.insert(t.ctx, `INSERT INTO periods (org_id, name, kind, start_date, end_date, closed, version, created_at)
			VALUES (?, ?, ?, ?, ?, ?, 1, ?)`,
			t.org(), p.Name, string(p.Kind), dateString(p.Start), dateString(p.End), boolInt(p.Closed), micros(t.now))
		if err != nil {
			return periodWriteError(err, p.Name)
		}
		p.OrgID, p.Version, p.Archived = t.org(), 1, false
		return t.audit("period", p.ID, ActionCreate, nil, audit.FromPeriod(&p))
	})
	return p, err
}

// normalizePeriod trims the name, keeps the calendar days of Start and End
// as UTC midnight and validates.
func normalizePeriod(p *okr.Period) error {
	p.Name = strings.TrimSpace(p.Name)
	if !p.Start.IsZero() {
		p.Start = dayOf(p.Start)
	}
	if !p.End.IsZero() {
		p.End = dayOf(p.End)
	}
	return p.Validate()
}

// dayOf returns UTC midnight of t's day in t's own location.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// UpdatePeriod saves the period's name, kind, dates and Closed flag. Only
// admins may. Returns ENOTFOUND, ESTALE, EINVALID or ECONFLICT (field
// "name": another period has the name, as in CreatePeriod).
func (db *DB) UpdatePeriod(ctx context.Context, actor Actor, p okr.Period) (okr.Period, error) {
	err := db.write(ctx, actor, "update period", func(t *tx) error {
		if err := t.requireAdmin("periods"); err != nil {
			return err
		}
		before, err := getPeriod(t.ctx, t.conn, t.org(), p.ID)
		if err != nil {
			return err
		}
		if err := checkVersion("period", before.Version, p.Version); err != nil {
			return err
		}
		if err := normalizePeriod(&p); err != nil {
			return err
		}
		if err := t.uniquePeriodName(p.Name, p.ID); err != nil {
			return err
		}
		if err := t.execVersioned("period", `UPDATE periods SET name = ?, kind = ?, start_date = ?, end_date = ?, closed = ?, version = version + 1
			WHERE id = ? AND org_id = ? AND version = ?`,
			p.Name, string(p.Kind), dateString(p.Start), dateString(p.End), boolInt(p.Closed), p.ID, t.org(), p.Version); err != nil {
			return periodWriteError(err, p.Name)
		}
		p.OrgID, p.Version, p.Archived = t.org(), before.Version+1, before.Archived
		return t.audit("period", p.ID, ActionUpdate, audit.FromPeriod(&before), audit.FromPeriod(&p))
	})
	return p, err
}

// ArchivePeriod archives the period. Only admins may. Returns ENOTFOUND or
// ESTALE.
func (db *DB) ArchivePeriod(ctx context.Context, actor Actor, id, version int64) (okr.Period, error) {
	return db.archivePeriod(ctx, actor, id, version, true)
}

// RestorePeriod brings an archived period back. Only admins may. Returns
// ENOTFOUND or ESTALE.
func (db *DB) RestorePeriod(ctx context.Context, actor Actor, id, version int64) (okr.Period, error) {
	return db.archivePeriod(ctx, actor, id, version, false)
}

func (db *DB) archivePeriod(ctx context.Context, actor Actor, id, version int64, archive bool) (okr.Period, error) {
	var p okr.Period
	err := db.write(ctx, actor, archiveOp(archive, "period"), func(t *tx) error {
		if err := t.requireAdmin("periods"); err != nil {
			return err
		}
		before, err := getPeriod(t.ctx, t.conn, t.org(), id)
		if err != nil {
			return err
		}
		p = before
		return t.archive("periods", "period", id, version, before.Version, &p.Archived, &p.Version, archive, audit.FromPeriod(&before),
			func() audit.Record { return audit.FromPeriod(&p) })
	})
	return p, err
}
