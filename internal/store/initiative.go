package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

const initiativeColumns = `id, org_id, kr_id, title, owner_person_id, status, due, archived_at, version`

func scanInitiative(s scanner) (okr.Initiative, error) {
	var in okr.Initiative
	var owner, archived sql.NullInt64
	var due sql.NullString
	var status string
	if err := s.Scan(&in.ID, &in.OrgID, &in.KeyResultID, &in.Title, &owner, &status, &due, &archived, &in.Version); err != nil {
		return in, err
	}
	in.OwnerPersonID, in.Status, in.Archived = idPtr(owner), okr.InitiativeStatus(status), archived.Valid
	if due.Valid {
		d, err := parseDate(due.String)
		if err != nil {
			return in, fmt.Errorf("initiative %d due: %w", in.ID, err)
		}
		in.Due = &d
	}
	return in, nil
}

// GetInitiative returns the initiative, or ENOTFOUND.
func (db *DB) GetInitiative(ctx context.Context, orgID, id int64) (okr.Initiative, error) {
	return getInitiative(ctx, db.reader(), orgID, id)
}

func getInitiative(ctx context.Context, c conn, orgID, id int64) (okr.Initiative, error) {
	in, err := scanInitiative(c.queryRow(ctx, `SELECT `+initiativeColumns+` FROM initiatives WHERE id = ? AND org_id = ?`, id, orgID))
	if isNoRows(err) {
		return in, notFound("initiative", id)
	} else if err != nil {
		return in, fmt.Errorf("get initiative: %w", err)
	}
	return in, nil
}

// ListInitiatives returns the active initiatives of the key results,
// ordered by KR and id, in one query.
func (db *DB) ListInitiatives(ctx context.Context, orgID int64, krIDs []int64) ([]okr.Initiative, error) {
	return db.listInitiatives(ctx, orgID, krIDs, false)
}

// ListAllInitiatives returns every initiative of the key results, archived
// ones included (to restore them, and for exports), ordered by KR and id,
// in one query.
func (db *DB) ListAllInitiatives(ctx context.Context, orgID int64, krIDs []int64) ([]okr.Initiative, error) {
	return db.listInitiatives(ctx, orgID, krIDs, true)
}

func (db *DB) listInitiatives(ctx context.Context, orgID int64, krIDs []int64, includeArchived bool) ([]okr.Initiative, error) {
	if len(krIDs) == 0 {
		return nil, nil
	}
	in, arg := db.inIDs("kr_id", krIDs)
	where := "org_id = ? AND " + in
	if !includeArchived {
		where += " AND archived_at IS NULL"
	}
	rows, err := db.reader().query(ctx, `SELECT `+initiativeColumns+` FROM initiatives
		WHERE `+where+` ORDER BY kr_id, id`, orgID, arg)
	if err != nil {
		return nil, fmt.Errorf("store: list initiatives: %w", err)
	}
	defer rows.Close()
	var out []okr.Initiative
	for rows.Next() {
		i, err := scanInitiative(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list initiatives: %w", err)
		}
		out = append(out, i)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list initiatives: %w", err)
	}
	return out, nil
}

// initiativeContext loads an initiative with its KR and objective.
func (t *tx) initiativeContext(id int64) (okr.Initiative, okr.KeyResult, okr.Objective, error) {
	in, err := getInitiative(t.ctx, t.conn, t.org(), id)
	if err != nil {
		return in, okr.KeyResult{}, okr.Objective{}, err
	}
	kr, o, err := t.krContext(in.KeyResultID)
	return in, kr, o, err
}

// checkInitiative normalises and validates in and its owner.
func (t *tx) checkInitiative(in *okr.Initiative) error {
	in.Title = strings.TrimSpace(in.Title)
	if in.Status == "" {
		in.Status = okr.InitiativePlanned
	}
	if in.OwnerPersonID != nil && *in.OwnerPersonID == 0 {
		in.OwnerPersonID = nil
	}
	if in.Due != nil {
		d := dayOf(*in.Due)
		in.Due = &d
	}
	if err := in.Validate(); err != nil {
		return err
	}
	if in.OwnerPersonID != nil {
		return t.activeRef("people", *in.OwnerPersonID, "owner", "owner person")
	}
	return nil
}

// CreateInitiative adds an initiative (work that moves a KR; it never
// counts towards progress) to its key result. An empty Status means
// planned. Whoever may change the KR may add initiatives. Returns ENOTFOUND
// for a KR not in the organisation, EINVALID and EFORBIDDEN.
func (db *DB) CreateInitiative(ctx context.Context, actor Actor, in okr.Initiative) (okr.Initiative, error) {
	err := db.write(ctx, actor, "create initiative", func(t *tx) error {
		kr, o, err := t.krContext(in.KeyResultID)
		if err != nil {
			return err
		}
		if err := require(t.mayEditKR(&kr, &o))("you may not add initiatives to this key result"); err != nil {
			return err
		}
		return t.insertInitiative(&in)
	})
	return in, err
}

// insertInitiative checks and inserts a new initiative and audits it; the
// caller has checked that the actor may add it to its key result.
func (t *tx) insertInitiative(in *okr.Initiative) error {
	if err := t.checkInitiative(in); err != nil {
		return err
	}
	var err error
	in.ID, err = t.insert(t.ctx, `INSERT INTO initiatives (org_id, kr_id, title, owner_person_id, status, due, version, created_at)
		VALUES (?, ?, ?, ?, ?, ?, 1, ?)`,
		t.org(), in.KeyResultID, in.Title, nullID(in.OwnerPersonID), string(in.Status), nullDate(in.Due), micros(t.now))
	if err != nil {
		return err
	}
	in.OrgID, in.Version, in.Archived = t.org(), 1, false
	return t.audit("initiative", in.ID, ActionCreate, nil, audit.FromInitiative(in))
}

// UpdateInitiative saves the initiative's title, owner, status and due
// date (it stays on its KR). Its owner and whoever may change its KR may
// update it. Returns ENOTFOUND, ESTALE, EINVALID and EFORBIDDEN.
func (db *DB) UpdateInitiative(ctx context.Context, actor Actor, in okr.Initiative) (okr.Initiative, error) {
	err := db.write(ctx, actor, "update initiative", func(t *tx) error {
		before, kr, o, err := t.initiativeContext(in.ID)
		if err != nil {
			return err
		}
		if err := require(t.mayEditInitiative(&before, &kr, &o))("you may not change this initiative"); err != nil {
			return err
		}
		if err := checkVersion("initiative", before.Version, in.Version); err != nil {
			return err
		}
		in.KeyResultID = before.KeyResultID
		if err := t.checkInitiative(&in); err != nil {
			return err
		}
		if err := t.execVersioned("initiative", `UPDATE initiatives SET title = ?, owner_person_id = ?, status = ?, due = ?,
			version = version + 1 WHERE id = ? AND org_id = ? AND version = ?`,
			in.Title, nullID(in.OwnerPersonID), string(in.Status), nullDate(in.Due), in.ID, t.org(), in.Version); err != nil {
			return err
		}
		in.OrgID, in.Version, in.Archived = t.org(), before.Version+1, before.Archived
		return t.audit("initiative", in.ID, ActionUpdate, audit.FromInitiative(&before), audit.FromInitiative(&in))
	})
	return in, err
}

// ArchiveInitiative archives the initiative. Returns ENOTFOUND, ESTALE or
// EFORBIDDEN.
func (db *DB) ArchiveInitiative(ctx context.Context, actor Actor, id, version int64) (okr.Initiative, error) {
	return db.archiveInitiative(ctx, actor, id, version, true)
}

// RestoreInitiative brings an archived initiative back. Returns ENOTFOUND,
// ESTALE or EFORBIDDEN.
func (db *DB) RestoreInitiative(ctx context.Context, actor Actor, id, version int64) (okr.Initiative, error) {
	return db.archiveInitiative(ctx, actor, id, version, false)
}

func (db *DB) archiveInitiative(ctx context.Context, actor Actor, id, version int64, archive bool) (okr.Initiative, error) {
	var in okr.Initiative
	err := db.write(ctx, actor, archiveOp(archive, "initiative"), func(t *tx) error {
		before, kr, o, err := t.initiativeContext(id)
		if err != nil {
			return err
		}
		if err := require(t.mayEditInitiative(&before, &kr, &o))("you may not change this initiative"); err != nil {
			return err
		}
		in = before
		return t.archive("initiatives", "initiative", id, version, before.Version, &in.Archived, &in.Version, archive, audit.FromInitiative(&before),
			func() audit.Record { return audit.FromInitiative(&in) })
	})
	return in, err
}
