package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// Provisioning (SCIM 2.0, docs/scim.md): what the identity provider reads
// and writes. The web layer (internal/web/scim) speaks the protocol; the
// rules are here, and every write goes through a transaction of the actor
// (SCIMActor: audited via "scim") like any other change.
//
// Users are the organisation's people, archived ones included (a
// deactivated user stays visible to the provider as active=false).
// Deactivating archives the person and ends their sessions; reactivating
// restores them. Nothing is ever deleted.
//
// Groups are the organisation's active units. A group's members are the
// people whose unit it is: a person has one unit, so adding them to a
// group moves them into its unit, and removing them from the group whose
// unit they are in leaves them without a unit.

// SCIMUser is a person as provisioning sees them, with when they were
// created.
type SCIMUser struct {
	okr.Person
	Created time.Time
}

const scimUserColumns = personColumns + `, created_at`

func scanSCIMUser(s scanner) (SCIMUser, error) {
	var r personRow
	var created int64
	err := s.Scan(append(r.dests(), &created)...)
	return SCIMUser{Person: r.person(), Created: fromMicros(created)}, err
}

// SCIMUserFilter selects users: by userName (the e-mail address, without
// case) and by externalId (exact), each when not empty. Offset and Limit
// page (Limit 0: no limit).
type SCIMUserFilter struct {
	UserName, ExternalID string
	Offset, Limit        int
}

// ListSCIMUsers returns the organisation's people matching f, archived
// ones included, in the order they were created, and the number of
// matches without Offset and Limit.
func (db *DB) ListSCIMUsers(ctx context.Context, orgID int64, f SCIMUserFilter) ([]SCIMUser, int, error) {
	where, args := "org_id = ?", []any{orgID}
	if f.UserName != "" {
		where, args = where+" AND email_key = ?", append(args, emailKey(f.UserName))
	}
	if f.ExternalID != "" {
		where, args = where+" AND external_id = ?", append(args, f.ExternalID)
	}
	c := db.reader()
	var total int
	if err := c.queryRow(ctx, `SELECT COUNT(*) FROM people WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count scim users: %w", err)
	}
	rows, err := c.query(ctx, `SELECT `+scimUserColumns+` FROM people WHERE `+where+` ORDER BY id`+limitClause(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list scim users: %w", err)
	}
	defer rows.Close()
	out := []SCIMUser{}
	for rows.Next() {
		u, err := scanSCIMUser(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: list scim users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: list scim users: %w", err)
	}
	return out, total, nil
}

// GetSCIMUser returns the person of the organisation, archived or not, or
// ENOTFOUND.
func (db *DB) GetSCIMUser(ctx context.Context, orgID, id int64) (SCIMUser, error) {
	return getSCIMUser(ctx, db.reader(), orgID, id)
}

func getSCIMUser(ctx context.Context, c conn, orgID, id int64) (SCIMUser, error) {
	u, err := scanSCIMUser(c.queryRow(ctx, `SELECT `+scimUserColumns+` FROM people WHERE id = ? AND org_id = ?`, id, orgID))
	if isNoRows(err) {
		return u, notFound("person", id)
	} else if err != nil {
		return u, fmt.Errorf("get scim user: %w", err)
	}
	return u, nil
}

// CreateSCIMUser adds a provisioned person: a member without a unit, with
// the given e-mail, name and externalId, archived when u.Archived (the
// provider may create a user inactive). Only admins (and SCIMActor) may.
// Returns EINVALID and ECONFLICT (field "email") when the address is taken
// in any organisation.
func (db *DB) CreateSCIMUser(ctx context.Context, actor Actor, u SCIMUser) (SCIMUser, error) {
	err := db.write(ctx, actor, "create scim user", func(t *tx) error {
		if err := t.requireAdmin("people"); err != nil {
			return err
		}
		archived := u.Archived
		u.Role, u.UnitID, u.Language = okr.RoleMember, nil, ""
		if err := t.checkPerson(&u.Person, 0); err != nil {
			return err
		}
		if err := t.insertPerson(&u.Person); err != nil {
			return err
		}
		u.Created = t.now
		if archived {
			return t.setSCIMActive(&u, false)
		}
		return nil
	})
	return u, err
}

// UpdateSCIMUser applies change to person id of the organisation in one
// transaction: change gets the stored user and edits e-mail, name,
// externalId and Archived (active); role, unit and language stay (units
// follow group membership, UpdateSCIMGroup). Deactivating archives the
// person and ends their sessions; reactivating restores them. The last
// active admin cannot be deactivated (ECONFLICT). Returns ENOTFOUND,
// EINVALID, ECONFLICT (e-mail taken) and what change returns.
func (db *DB) UpdateSCIMUser(ctx context.Context, actor Actor, id int64, change func(*SCIMUser) error) (SCIMUser, error) {
	var u SCIMUser
	err := db.write(ctx, actor, "update scim user", func(t *tx) error {
		if err := t.requireAdmin("people"); err != nil {
			return err
		}
		before, err := getSCIMUser(t.ctx, t.conn, t.org(), id)
		if err != nil {
			return err
		}
		u = before
		if err := change(&u); err != nil {
			return err
		}
		u.ID, u.OrgID, u.Role, u.UnitID, u.Language, u.Version = before.ID, before.OrgID, before.Role, before.UnitID, before.Language, before.Version
		u.SessionEpoch, u.Created = before.SessionEpoch, before.Created
		active := !u.Archived
		u.Archived = before.Archived
		if u.Email != before.Email || u.Name != before.Name || u.ExternalID != before.ExternalID {
			if err := t.checkPerson(&u.Person, id); err != nil {
				return err
			}
			if _, err := t.exec(t.ctx, `UPDATE people SET email = ?, email_key = ?, name = ?, search = ?, external_id = ?, version = version + 1
				WHERE id = ? AND org_id = ?`, u.Email, emailKey(u.Email), u.Name, personSearch(&u.Person), nullText(u.ExternalID), id, t.org()); err != nil {
				return err
			}
			u.Version++
			if err := t.audit("person", id, ActionUpdate, audit.FromPerson(&before.Person), audit.FromPerson(&u.Person)); err != nil {
				return err
			}
		}
		if active == u.Archived {
			return t.setSCIMActive(&u, active)
		}
		return nil
	})
	return u, err
}

// setSCIMActive archives (and ends the sessions of) or restores the
// person u, with an audit entry.
func (t *tx) setSCIMActive(u *SCIMUser, active bool) error {
	before := *u
	if !active {
		if u.Role == okr.RoleAdmin {
			if err := t.keepAnAdmin(u.ID); err != nil {
				return err
			}
		}
		if err := t.endSessions(u.ID); err != nil {
			return err
		}
		u.SessionEpoch++
	}
	if err := t.setArchived("people", "person", u.ID, u.Version, !active); err != nil {
		return err
	}
	u.Archived, u.Version = !active, u.Version+1
	action := ActionRestore
	if !active {
		action = ActionArchive
	}
	return t.audit("person", u.ID, action, audit.FromPerson(&before.Person), audit.FromPerson(&u.Person))
}

// SCIMGroup is a unit as provisioning sees it.
type SCIMGroup struct {
	okr.Unit
	// Members are the ids of the people whose unit this is, ascending.
	Members []int64
	Created time.Time
}

const scimGroupColumns = unitColumns + `, created_at`

func scanSCIMGroup(s scanner) (SCIMGroup, error) {
	var parent, archived sql.NullInt64
	var ext sql.NullString
	var kind string
	var created int64
	var g SCIMGroup
	err := s.Scan(&g.ID, &g.OrgID, &parent, &g.Name, &kind, &archived, &g.Version, &ext, &created)
	g.ParentID, g.Kind, g.Archived, g.ExternalID, g.Created = idPtr(parent), okr.UnitKind(kind), archived.Valid, ext.String, fromMicros(created)
	g.LeadIDs = []int64{}
	return g, err
}

// SCIMGroupFilter selects groups: by displayName (the unit's name, without
// case) and by externalId (exact), each when not empty. Offset and Limit
// page (Limit 0: no limit). NoMembers leaves Members out (the provider
// asks with excludedAttributes=members).
type SCIMGroupFilter struct {
	DisplayName, ExternalID string
	Offset, Limit           int
	NoMembers               bool
}

// ListSCIMGroups returns the organisation's active units matching f, in
// the order they were created, and the number of matches without Offset
// and Limit.
func (db *DB) ListSCIMGroups(ctx context.Context, orgID int64, f SCIMGroupFilter) ([]SCIMGroup, int, error) {
	where, args := "org_id = ? AND archived_at IS NULL", []any{orgID}
	if f.DisplayName != "" {
		where, args = where+" AND LOWER(name) = ?", append(args, strings.ToLower(strings.TrimSpace(f.DisplayName)))
	}
	if f.ExternalID != "" {
		where, args = where+" AND external_id = ?", append(args, f.ExternalID)
	}
	c := db.reader()
	var total int
	if err := c.queryRow(ctx, `SELECT COUNT(*) FROM units WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count scim groups: %w", err)
	}
	rows, err := c.query(ctx, `SELECT `+scimGroupColumns+` FROM units WHERE `+where+` ORDER BY id`+limitClause(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list scim groups: %w", err)
	}
	out := []SCIMGroup{}
	for rows.Next() {
		g, err := scanSCIMGroup(rows)
		if err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("store: list scim groups: %w", err)
		}
		out = append(out, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: list scim groups: %w", err)
	}
	if !f.NoMembers {
		if err := loadMembers(ctx, c, orgID, out); err != nil {
			return nil, 0, wrap("list scim groups", err)
		}
	}
	return out, total, nil
}

// loadMembers fills Members of groups in one query.
func loadMembers(ctx context.Context, c conn, orgID int64, groups []SCIMGroup) error {
	if len(groups) == 0 {
		return nil
	}
	ids := make([]int64, len(groups))
	at := make(map[int64]int, len(groups))
	for i, g := range groups {
		ids[i], at[g.ID] = g.ID, i
		groups[i].Members = []int64{}
	}
	in, arg := c.db.inIDs("unit_id", ids)
	rows, err := c.query(ctx, `SELECT unit_id, id FROM people WHERE org_id = ? AND `+in+` ORDER BY unit_id, id`, orgID, arg)
	if err != nil {
		return fmt.Errorf("load members: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var unitID, personID int64
		if err := rows.Scan(&unitID, &personID); err != nil {
			return fmt.Errorf("load members: %w", err)
		}
		i := at[unitID]
		groups[i].Members = append(groups[i].Members, personID)
	}
	return rows.Err()
}

// GetSCIMGroup returns the active unit with its members, or ENOTFOUND (an
// archived unit is a deleted group).
func (db *DB) GetSCIMGroup(ctx context.Context, orgID, id int64) (SCIMGroup, error) {
	return getSCIMGroup(ctx, db.reader(), orgID, id)
}

func getSCIMGroup(ctx context.Context, c conn, orgID, id int64) (SCIMGroup, error) {
	g, err := scanSCIMGroup(c.queryRow(ctx, `SELECT `+scimGroupColumns+` FROM units WHERE id = ? AND org_id = ? AND archived_at IS NULL`, id, orgID))
	if isNoRows(err) {
		return g, notFound("unit", id)
	} else if err != nil {
		return g, fmt.Errorf("get scim group: %w", err)
	}
	if err := withLeads(ctx, c, &g); err != nil {
		return g, err
	}
	groups := []SCIMGroup{g}
	if err := loadMembers(ctx, c, orgID, groups); err != nil {
		return g, err
	}
	return groups[0], nil
}

// withLeads fills the unit's leads, which its audit records hold.
func withLeads(ctx context.Context, c conn, g *SCIMGroup) error {
	units := []okr.Unit{g.Unit}
	if err := loadLeads(ctx, c, g.OrgID, units); err != nil {
		return err
	}
	g.Unit = units[0]
	return nil
}

// CreateSCIMGroup maps a group of the identity provider to a unit and sets
// its members (adds them: each moves into the unit). The unit is, in this
// order:
//
//  1. the unit already mapped to the group's externalId: restored when it
//     was archived (a group deleted and created again); ECONFLICT when it
//     is active (the group exists);
//  2. the active unit of the same name (without case) that no other group
//     is mapped to: it is mapped now, keeping its place, kind and leads;
//     ECONFLICT when another group is mapped to it;
//  3. else a new team at the top of the tree, named after the group.
//
// Only admins (and SCIMActor) may. Returns EINVALID for a bad name or a
// member not of the organisation.
func (db *DB) CreateSCIMGroup(ctx context.Context, actor Actor, name, externalID string, members []int64) (SCIMGroup, error) {
	var g SCIMGroup
	err := db.write(ctx, actor, "create scim group", func(t *tx) error {
		if err := t.requireAdmin("units"); err != nil {
			return err
		}
		name = strings.TrimSpace(name)
		id, err := t.mapGroup(name, externalID)
		if err != nil {
			return err
		}
		if id == 0 {
			// A group becomes a unit under the company: the units form
			// one tree (okr.Unit.ValidatePlace).
			root, err := t.rootUnit()
			if err != nil {
				return err
			}
			u := okr.Unit{Name: name, Kind: okr.UnitTeam, ParentID: root}
			if err := t.checkUnit(&u, 0); err != nil {
				return err
			}
			u.ExternalID = externalID
			if err := t.insertUnit(&u); err != nil {
				return err
			}
			id = u.ID
		}
		if g, err = getSCIMGroup(t.ctx, t.conn, t.org(), id); err != nil {
			return err
		}
		return t.setMembers(&g, append(slices.Clone(g.Members), members...))
	})
	return g, err
}

// mapGroup finds (rules 1 and 2 of CreateSCIMGroup) and maps the unit of a
// new group, or returns 0 when a unit must be made.
func (t *tx) mapGroup(name, externalID string) (int64, error) {
	conflict := &okr.Error{Code: okr.ECONFLICT, Field: "displayName", Key: "err.conflict", Message: "a group with this name or externalId exists"}
	if externalID != "" {
		g, err := scanSCIMGroup(t.queryRow(t.ctx, `SELECT `+scimGroupColumns+` FROM units WHERE org_id = ? AND external_id = ? ORDER BY id DESC LIMIT 1`,
			t.org(), externalID))
		switch {
		case err == nil && !g.Archived:
			return 0, conflict
		case err == nil:
			if err := withLeads(t.ctx, t.conn, &g); err != nil {
				return 0, err
			}
			before := g
			if err := t.setArchived("units", "unit", g.ID, g.Version, false); err != nil {
				return 0, err
			}
			g.Archived, g.Version = false, g.Version+1
			return g.ID, t.audit("unit", g.ID, ActionRestore, audit.FromUnit(&before.Unit), audit.FromUnit(&g.Unit))
		case !isNoRows(err):
			return 0, err
		}
	}
	g, err := scanSCIMGroup(t.queryRow(t.ctx, `SELECT `+scimGroupColumns+` FROM units WHERE org_id = ? AND LOWER(name) = ? AND archived_at IS NULL ORDER BY id LIMIT 1`,
		t.org(), strings.ToLower(name)))
	if isNoRows(err) {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	if g.ExternalID != "" {
		return 0, conflict
	}
	if err := withLeads(t.ctx, t.conn, &g); err != nil {
		return 0, err
	}
	if externalID != "" {
		if err := t.setGroupExternalID(&g, externalID); err != nil {
			return 0, err
		}
	}
	return g.ID, nil
}

// setGroupExternalID maps unit g to the group externalID, with an audit
// entry.
func (t *tx) setGroupExternalID(g *SCIMGroup, externalID string) error {
	before := *g
	if _, err := t.exec(t.ctx, `UPDATE units SET external_id = ?, version = version + 1 WHERE id = ? AND org_id = ?`,
		nullText(externalID), g.ID, t.org()); err != nil {
		return err
	}
	g.ExternalID, g.Version = externalID, g.Version+1
	return t.audit("unit", g.ID, ActionUpdate, audit.FromUnit(&before.Unit), audit.FromUnit(&g.Unit))
}

// UpdateSCIMGroup applies change to the active unit id in one transaction:
// change gets the stored group and edits its name (displayName),
// externalId and members. People added move into the unit; people removed
// whose unit it is are left without one. Returns ENOTFOUND, EINVALID
// (a bad name, a member not of the organisation) and what change returns.
func (db *DB) UpdateSCIMGroup(ctx context.Context, actor Actor, id int64, change func(*SCIMGroup) error) (SCIMGroup, error) {
	var g SCIMGroup
	err := db.write(ctx, actor, "update scim group", func(t *tx) error {
		if err := t.requireAdmin("units"); err != nil {
			return err
		}
		before, err := getSCIMGroup(t.ctx, t.conn, t.org(), id)
		if err != nil {
			return err
		}
		g = before
		g.Members = slices.Clone(before.Members)
		if err := change(&g); err != nil {
			return err
		}
		members, ext := g.Members, g.ExternalID
		g.Members, g.ExternalID = before.Members, before.ExternalID
		g.Name = strings.TrimSpace(g.Name)
		if g.Name != before.Name {
			u := g.Unit
			u.ID, u.Version = id, before.Version
			if err := t.checkUnit(&u, id); err != nil {
				return err
			}
			if _, err := t.exec(t.ctx, `UPDATE units SET name = ?, version = version + 1 WHERE id = ? AND org_id = ?`, g.Name, id, t.org()); err != nil {
				return err
			}
			g.Version = before.Version + 1
			if err := t.audit("unit", id, ActionUpdate, audit.FromUnit(&before.Unit), audit.FromUnit(&g.Unit)); err != nil {
				return err
			}
		}
		if ext != before.ExternalID {
			if err := t.setGroupExternalID(&g, ext); err != nil {
				return err
			}
		}
		return t.setMembers(&g, members)
	})
	return g, err
}

// DeleteSCIMGroup archives the unit (a deleted group): its people keep it
// as their unit, as when an admin archives a unit, and creating the group
// again with the same externalId restores it. Returns ENOTFOUND.
func (db *DB) DeleteSCIMGroup(ctx context.Context, actor Actor, id int64) error {
	return db.write(ctx, actor, "delete scim group", func(t *tx) error {
		if err := t.requireAdmin("units"); err != nil {
			return err
		}
		g, err := getSCIMGroup(t.ctx, t.conn, t.org(), id)
		if err != nil {
			return err
		}
		before := g
		if err := t.setArchived("units", "unit", id, g.Version, true); err != nil {
			return err
		}
		g.Archived, g.Version = true, g.Version+1
		return t.audit("unit", id, ActionArchive, audit.FromUnit(&before.Unit), audit.FromUnit(&g.Unit))
	})
}

// setMembers makes members (ids of people of the organisation) the
// members of group g: people added move into its unit, people no longer
// members leave it (no unit). Each move is a person update with an audit
// entry.
func (t *tx) setMembers(g *SCIMGroup, members []int64) error {
	want := slices.Compact(slices.Sorted(slices.Values(members)))
	for _, pid := range want {
		if slices.Contains(g.Members, pid) {
			continue
		}
		if err := t.moveToUnit(pid, &g.ID); err != nil {
			return err
		}
	}
	for _, pid := range g.Members {
		if slices.Contains(want, pid) {
			continue
		}
		if err := t.moveToUnit(pid, nil); err != nil {
			return err
		}
	}
	g.Members = want
	if g.Members == nil {
		g.Members = []int64{}
	}
	return nil
}

// moveToUnit sets person pid's unit (nil: none), with an audit entry.
// Returns EINVALID (field "members") for a person not of the organisation.
func (t *tx) moveToUnit(pid int64, unitID *int64) error {
	before, err := getSCIMUser(t.ctx, t.conn, t.org(), pid)
	if okr.ErrorCode(err) == okr.ENOTFOUND {
		return invalid("members", fmt.Sprintf("the user %d does not exist in this organisation", pid))
	} else if err != nil {
		return err
	}
	if sameID(before.UnitID, unitID) {
		return nil
	}
	if _, err := t.exec(t.ctx, `UPDATE people SET unit_id = ?, version = version + 1 WHERE id = ? AND org_id = ?`, nullID(unitID), pid, t.org()); err != nil {
		return err
	}
	after := before
	after.UnitID, after.Version = unitID, before.Version+1
	return t.audit("person", pid, ActionUpdate, audit.FromPerson(&before.Person), audit.FromPerson(&after.Person))
}
