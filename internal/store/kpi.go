package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

const kpiColumns = `id, org_id, name, description, unit_kind, unit_code, direction, frequency, warn, critical, owner_unit_id, archived_at, version`

func scanKPI(s scanner) (okr.KPI, error) {
	var k okr.KPI
	var unitKind, direction, frequency string
	var warn, critical sql.NullFloat64
	var owner, archived sql.NullInt64
	err := s.Scan(&k.ID, &k.OrgID, &k.Name, &k.Description, &unitKind, &k.Unit.Code, &direction, &frequency,
		&warn, &critical, &owner, &archived, &k.Version)
	k.Unit.Kind, k.Direction, k.Frequency = okr.UnitKindOfMeasure(unitKind), okr.Direction(direction), okr.Frequency(frequency)
	k.Warn, k.Critical, k.OwnerUnitID, k.Archived = floatPtr(warn), floatPtr(critical), idPtr(owner), archived.Valid
	return k, err
}

// GetKPI returns the KPI, or ENOTFOUND.
func (db *DB) GetKPI(ctx context.Context, orgID, id int64) (okr.KPI, error) {
	return getKPI(ctx, db.reader(), orgID, id)
}

func getKPI(ctx context.Context, c conn, orgID, id int64) (okr.KPI, error) {
	k, err := scanKPI(c.queryRow(ctx, `SELECT `+kpiColumns+` FROM kpis WHERE id = ? AND org_id = ?`, id, orgID))
	if isNoRows(err) {
		return k, notFound("kpi", id)
	} else if err != nil {
		return k, fmt.Errorf("get kpi: %w", err)
	}
	return k, nil
}

// ListKPIs returns the organisation's KPIs by name.
func (db *DB) ListKPIs(ctx context.Context, orgID int64, includeArchived bool) ([]okr.KPI, error) {
	where := "org_id = ?"
	if !includeArchived {
		where += " AND archived_at IS NULL"
	}
	rows, err := db.reader().query(ctx, `SELECT `+kpiColumns+` FROM kpis WHERE `+where+` ORDER BY name, id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: list kpis: %w", err)
	}
	defer rows.Close()
	var out []okr.KPI
	for rows.Next() {
		k, err := scanKPI(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list kpis: %w", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list kpis: %w", err)
	}
	return out, nil
}

// checkKPI normalises and validates k and its owner unit.
func (t *tx) checkKPI(k *okr.KPI) error {
	k.Name, k.Description = strings.TrimSpace(k.Name), strings.TrimSpace(k.Description)
	if k.Unit.Kind == "" {
		k.Unit.Kind = okr.MeasureNumber
	}
	if k.OwnerUnitID != nil && *k.OwnerUnitID == 0 {
		k.OwnerUnitID = nil
	}
	if err := k.Validate(); err != nil {
		return err
	}
	if k.OwnerUnitID != nil {
		return t.activeRef("units", *k.OwnerUnitID, "owner", "owner unit")
	}
	return nil
}

// CreateKPI creates a KPI. Admins may, and leads of its owner unit (or of
// an ancestor). Returns EINVALID and EFORBIDDEN.
func (db *DB) CreateKPI(ctx context.Context, actor Actor, k okr.KPI) (okr.KPI, error) {
	err := db.write(ctx, actor, "create kpi", func(t *tx) error {
		if err := t.checkKPI(&k); err != nil {
			return err
		}
		if err := require(t.mayEditKPI(&k))("only admins and leads of the owner unit may add this KPI"); err != nil {
			return err
		}
		var err error
		k.ID, err = t.insert(t.ctx, `INSERT INTO kpis (org_id, name, description, unit_kind, unit_code, direction, frequency, warn, critical,
			owner_unit_id, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
			t.org(), k.Name, k.Description, string(k.Unit.Kind), k.Unit.Code, string(k.Direction), string(k.Frequency),
			nullFloat(k.Warn), nullFloat(k.Critical), nullID(k.OwnerUnitID), micros(t.now))
		if err != nil {
			return err
		}
		k.OrgID, k.Version, k.Archived = t.org(), 1, false
		return t.audit("kpi", k.ID, ActionCreate, nil, audit.FromKPI(&k))
	})
	return k, err
}

// UpdateKPI saves the KPI. The actor must be allowed to change it with its
// current and its new owner unit. Returns ENOTFOUND, ESTALE, EINVALID and
// EFORBIDDEN.
func (db *DB) UpdateKPI(ctx context.Context, actor Actor, k okr.KPI) (okr.KPI, error) {
	err := db.write(ctx, actor, "update kpi", func(t *tx) error {
		before, err := getKPI(t.ctx, t.conn, t.org(), k.ID)
		if err != nil {
			return err
		}
		if err := require(t.mayEditKPI(&before))("only admins and leads of the owner unit may change this KPI"); err != nil {
			return err
		}
		if err := checkVersion("kpi", before.Version, k.Version); err != nil {
			return err
		}
		if err := t.checkKPI(&k); err != nil {
			return err
		}
		if err := require(t.mayEditKPI(&k))("you may not give this KPI to that unit"); err != nil {
			return err
		}
		if err := t.execVersioned("kpi", `UPDATE kpis SET name = ?, description = ?, unit_kind = ?, unit_code = ?, direction = ?,
			frequency = ?, warn = ?, critical = ?, owner_unit_id = ?, version = version + 1 WHERE id = ? AND org_id = ? AND version = ?`,
			k.Name, k.Description, string(k.Unit.Kind), k.Unit.Code, string(k.Direction), string(k.Frequency),
			nullFloat(k.Warn), nullFloat(k.Critical), nullID(k.OwnerUnitID), k.ID, t.org(), k.Version); err != nil {
			return err
		}
		k.OrgID, k.Version, k.Archived = t.org(), before.Version+1, before.Archived
		return t.audit("kpi", k.ID, ActionUpdate, audit.FromKPI(&before), audit.FromKPI(&k))
	})
	return k, err
}

// ArchiveKPI archives the KPI. Returns ENOTFOUND, ESTALE or EFORBIDDEN.
func (db *DB) ArchiveKPI(ctx context.Context, actor Actor, id, version int64) (okr.KPI, error) {
	return db.archiveKPI(ctx, actor, id, version, true)
}

// RestoreKPI brings an archived KPI back. Returns ENOTFOUND, ESTALE or
// EFORBIDDEN.
func (db *DB) RestoreKPI(ctx context.Context, actor Actor, id, version int64) (okr.KPI, error) {
	return db.archiveKPI(ctx, actor, id, version, false)
}

func (db *DB) archiveKPI(ctx context.Context, actor Actor, id, version int64, archive bool) (okr.KPI, error) {
	var k okr.KPI
	err := db.write(ctx, actor, archiveOp(archive, "kpi"), func(t *tx) error {
		before, err := getKPI(t.ctx, t.conn, t.org(), id)
		if err != nil {
			return err
		}
		if err := require(t.mayEditKPI(&before))("only admins and leads of the owner unit may change this KPI"); err != nil {
			return err
		}
		k = before
		return t.archive("kpis", "kpi", id, version, before.Version, &k.Archived, &k.Version, archive, audit.FromKPI(&before),
			func() audit.Record { return audit.FromKPI(&k) })
	})
	return k, err
}
