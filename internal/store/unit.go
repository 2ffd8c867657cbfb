package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

const unitColumns = `id, org_id, parent_id, name, kind, archived_at, version, external_id`

func scanUnit(s scanner) (okr.Unit, error) {
	var u okr.Unit
	var parent, archived sql.NullInt64
	var kind string
	var external sql.NullString
	err := s.Scan(&u.ID, &u.OrgID, &parent, &u.Name, &kind, &archived, &u.Version, &external)
	u.ParentID, u.Kind, u.Archived, u.ExternalID = idPtr(parent), okr.UnitKind(kind), archived.Valid, external.String
	return u, err
}

// UnitFilter selects units. ParentID, when set, keeps the direct children of
// that unit.
type UnitFilter struct {
	ParentID        *int64
	IncludeArchived bool
}

// GetUnit returns the unit with its leads, or ENOTFOUND.
func (db *DB) GetUnit(ctx context.Context, orgID, id int64) (okr.Unit, error) {
	return getUnit(ctx, db.reader(), orgID, id)
}

func getUnit(ctx context.Context, c conn, orgID, id int64) (okr.Unit, error) {
	u, err := scanUnit(c.queryRow(ctx, `SELECT `+unitColumns+` FROM units WHERE id = ? AND org_id = ?`, id, orgID))
	if isNoRows(err) {
		return u, notFound("unit", id)
	} else if err != nil {
		return u, fmt.Errorf("get unit: %w", err)
	}
	units := []okr.Unit{u}
	if err := loadLeads(ctx, c, orgID, units); err != nil {
		return u, err
	}
	return units[0], nil
}

// ListUnits returns the organisation's units matching f by name, each with
// its leads (loaded in one more query).
func (db *DB) ListUnits(ctx context.Context, orgID int64, f UnitFilter) ([]okr.Unit, error) {
	where, args := "org_id = ?", []any{orgID}
	if f.ParentID != nil {
		where, args = where+" AND parent_id = ?", append(args, *f.ParentID)
	}
	if !f.IncludeArchived {
		where += " AND archived_at IS NULL"
	}
	c := db.reader()
	rows, err := c.query(ctx, `SELECT `+unitColumns+` FROM units WHERE `+where+` ORDER BY name, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list units: %w", err)
	}
	var out []okr.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: list units: %w", err)
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list units: %w", err)
	}
	if err := loadLeads(ctx, c, orgID, out); err != nil {
		return nil, wrap("list units", err)
	}
	return out, nil
}

// loadLeads fills LeadIDs of units in one query.
func loadLeads(ctx context.Context, c conn, orgID int64, units []okr.Unit) error {
	if len(units) == 0 {
		return nil
	}
	ids := make([]int64, len(units))
	at := make(map[int64]int, len(units))
	for i, u := range units {
		ids[i], at[u.ID] = u.ID, i
		units[i].LeadIDs = []int64{}
	}
	in, arg := c.db.inIDs("unit_id", ids)
	rows, err := c.query(ctx, `SELECT unit_id, person_id FROM unit_leads WHERE org_id = ? AND `+in+` ORDER BY unit_id, person_id`, orgID, arg)
	if err != nil {
		return fmt.Errorf("load unit leads: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var unitID, personID int64
		if err := rows.Scan(&unitID, &personID); err != nil {
			return fmt.Errorf("load unit leads: %w", err)
		}
		i := at[unitID]
		units[i].LeadIDs = append(units[i].LeadIDs, personID)
	}
	return rows.Err()
}

// CreateUnit creates a unit with its leads. Only admins may. Returns
// EINVALID for bad fields, a parent or lead not in the organisation.
func (db *DB) CreateUnit(ctx context.Context, actor Actor, u okr.Unit) (okr.Unit, error) {
	err := db.write(ctx, actor, "create unit", func(t *tx) error {
		if err := t.requireAdmin("units"); err != nil {
			return err
		}
		if err := t.checkUnit(&u, 0); err != nil {
			return err
		}
		u.ExternalID = ""
		return t.insertUnit(&u)
	})
	return u, err
}

// insertUnit inserts the checked unit u with its leads and audits it.
func (t *tx) insertUnit(u *okr.Unit) error {
	var err error
	u.ID, err = t.insert(t.ctx, `INSERT INTO units (org_id, parent_id, name, kind, version, created_at, external_id) VALUES (?, ?, ?, ?, 1, ?, ?)`,
		t.org(), nullID(u.ParentID), u.Name, string(u.Kind), micros(t.now), nullText(u.ExternalID))
	if err != nil {
		return err
	}
	u.OrgID, u.Version, u.Archived = t.org(), 1, false
	if err := t.setLeads(u.ID, u.LeadIDs); err != nil {
		return err
	}
	return t.audit("unit", u.ID, ActionCreate, nil, audit.FromUnit(u))
}

// UpdateUnit saves the unit's name, kind, parent and leads. Only admins may.
// Returns ENOTFOUND, ESTALE when u.Version is not current, EINVALID for bad
// fields or a parent that would make a cycle. The result has the new version.
func (db *DB) UpdateUnit(ctx context.Context, actor Actor, u okr.Unit) (okr.Unit, error) {
	err := db.write(ctx, actor, "update unit", func(t *tx) error {
		if err := t.requireAdmin("units"); err != nil {
			return err
		}
		before, err := getUnit(t.ctx, t.conn, t.org(), u.ID)
		if err != nil {
			return err
		}
		if err := checkVersion("unit", before.Version, u.Version); err != nil {
			return err
		}
		if err := t.checkUnit(&u, u.ID); err != nil {
			return err
		}
		if err := t.execVersioned("unit", `UPDATE units SET parent_id = ?, name = ?, kind = ?, version = version + 1
			WHERE id = ? AND org_id = ? AND version = ?`, nullID(u.ParentID), u.Name, string(u.Kind), u.ID, t.org(), u.Version); err != nil {
			return err
		}
		if err := t.setLeads(u.ID, u.LeadIDs); err != nil {
			return err
		}
		u.OrgID, u.Version, u.Archived, u.ExternalID = t.org(), before.Version+1, before.Archived, before.ExternalID
		return t.audit("unit", u.ID, ActionUpdate, audit.FromUnit(&before), audit.FromUnit(&u))
	})
	return u, err
}

// otherRoot returns the name of a unit of the organisation other than id
// without a parent, archived or not, or "".
func (t *tx) otherRoot(id int64) (string, error) {
	var name string
	err := t.queryRow(t.ctx, `SELECT name FROM units WHERE org_id = ? AND parent_id IS NULL AND id <> ? ORDER BY id LIMIT 1`, t.org(), id).Scan(&name)
	if isNoRows(err) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("find the root unit: %w", err)
	}
	return name, nil
}

// rootUnit returns the id of the organisation's root unit (the oldest
// unit without a parent), or nil when it has no units.
func (t *tx) rootUnit() (*int64, error) {
	var id int64
	err := t.queryRow(t.ctx, `SELECT id FROM units WHERE org_id = ? AND parent_id IS NULL ORDER BY id LIMIT 1`, t.org()).Scan(&id)
	if isNoRows(err) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("find the root unit: %w", err)
	}
	return &id, nil
}

// checkUnit validates u and its references; id is the unit's own id (0 when
// new), which its parent chain must not contain.
func (t *tx) checkUnit(u *okr.Unit, id int64) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if u.ParentID != nil && *u.ParentID == 0 {
		u.ParentID = nil
	}
	if u.ParentID == nil {
		root, err := t.otherRoot(id)
		if err != nil {
			return err
		}
		if err := u.ValidatePlace(root); err != nil {
			return err
		}
	}
	if u.ParentID != nil {
		if err := t.activeRef("units", *u.ParentID, "parent", "parent unit"); err != nil {
			return err
		}
		if id != 0 {
			if err := t.noCycle("units", "parent_id", id, *u.ParentID, "parent"); err != nil {
				return err
			}
		}
	}
	u.LeadIDs = slices.Compact(slices.Sorted(slices.Values(u.LeadIDs)))
	for _, p := range u.LeadIDs {
		if err := t.activeRef("people", p, "leads", "lead"); err != nil {
			return err
		}
	}
	if u.LeadIDs == nil {
		u.LeadIDs = []int64{}
	}
	return nil
}

// setLeads replaces the leads of unit id.
func (t *tx) setLeads(id int64, leads []int64) error {
	if _, err := t.exec(t.ctx, `DELETE FROM unit_leads WHERE unit_id = ? AND org_id = ?`, id, t.org()); err != nil {
		return err
	}
	for _, p := range leads {
		if _, err := t.exec(t.ctx, `INSERT INTO unit_leads (org_id, unit_id, person_id) VALUES (?, ?, ?)`, t.org(), id, p); err != nil {
			return err
		}
	}
	return nil
}

// ArchiveUnit archives the unit; it stays in place but is hidden from lists.
// Only admins may. Returns ENOTFOUND or ESTALE.
func (db *DB) ArchiveUnit(ctx context.Context, actor Actor, id, version int64) (okr.Unit, error) {
	return db.archiveUnit(ctx, actor, id, version, true)
}

// RestoreUnit brings an archived unit back. Only admins may. Returns
// ENOTFOUND or ESTALE.
func (db *DB) RestoreUnit(ctx context.Context, actor Actor, id, version int64) (okr.Unit, error) {
	return db.archiveUnit(ctx, actor, id, version, false)
}

func (db *DB) archiveUnit(ctx context.Context, actor Actor, id, version int64, archive bool) (okr.Unit, error) {
	var u okr.Unit
	err := db.write(ctx, actor, archiveOp(archive, "unit"), func(t *tx) error {
		if err := t.requireAdmin("units"); err != nil {
			return err
		}
		before, err := getUnit(t.ctx, t.conn, t.org(), id)
		if err != nil {
			return err
		}
		u = before
		return t.archive("units", "unit", id, version, before.Version, &u.Archived, &u.Version, archive, audit.FromUnit(&before),
			func() audit.Record { return audit.FromUnit(&u) })
	})
	return u, err
}
