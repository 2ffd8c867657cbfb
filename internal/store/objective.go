package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

const objectiveColumns = `id, org_id, period_id, title, description, owner_unit_id, owner_person_id, weight,
	parent_id, state, reflection, archived_at, version, created_at, updated_at, rev, published_at`

func scanObjective(s scanner) (okr.Objective, error) {
	var r objectiveRow
	err := s.Scan(r.dests()...)
	return r.objective(), err
}

// objectiveColumnsLinks is objectiveColumns and the objective's
// contributes-to links, oldest target first, as one comma-separated column
// (NULL without links): reading them with the objective saves a statement
// per page. The subquery reads the links' primary key (objective_id,
// target_id).
const objectiveColumnsLinks = objectiveColumns + `,
	(SELECT string_agg(CAST(c.target_id AS TEXT), ',' ORDER BY c.target_id) FROM objective_contributes c WHERE c.objective_id = objectives.id)`

// scanObjectiveLinks scans a row of objectiveColumnsLinks.
func scanObjectiveLinks(s scanner) (okr.Objective, error) {
	var r objectiveRow
	var links sql.NullString
	err := s.Scan(append(r.dests(), &links)...)
	o := r.objective()
	if err == nil && links.Valid {
		for _, f := range strings.Split(links.String, ",") {
			id, perr := strconv.ParseInt(f, 10, 64)
			if perr != nil {
				return o, fmt.Errorf("contributes-to link %q: %w", f, perr)
			}
			o.Contributes = append(o.Contributes, id)
		}
	}
	return o, err
}

// objectiveRow receives a row of objectiveColumns.
type objectiveRow struct {
	o                              okr.Objective
	unit, person, parent, archived sql.NullInt64
	published                      sql.NullInt64
	state                          string
	created, updated               int64
}

func (r *objectiveRow) dests() []any {
	o := &r.o
	return []any{&o.ID, &o.OrgID, &o.PeriodID, &o.Title, &o.Description, &r.unit, &r.person, &o.Weight,
		&r.parent, &r.state, &o.Reflection, &r.archived, &o.Version, &r.created, &r.updated, &o.Rev, &r.published}
}

func (r *objectiveRow) objective() okr.Objective {
	o := r.o
	o.Owner = okr.Owner{UnitID: idPtr(r.unit), PersonID: idPtr(r.person)}
	o.ParentID, o.State, o.Archived = idPtr(r.parent), okr.State(r.state), r.archived.Valid
	o.CreatedAt, o.UpdatedAt, o.PublishedAt = fromMicros(r.created), fromMicros(r.updated), timePtr(r.published)
	o.Contributes = []int64{}
	return o
}

// objectiveSearch is the lower-cased text that ObjectiveFilter.Query
// searches: stored so that case folding is Go's (Unicode) on both dialects.
func objectiveSearch(o *okr.Objective) string {
	return strings.ToLower(o.Title + "\n" + o.Description)
}

// GetObjective returns the objective with its contributes-to links, or
// ENOTFOUND.
func (db *DB) GetObjective(ctx context.Context, orgID, id int64) (okr.Objective, error) {
	return getObjective(ctx, db.reader(), orgID, id)
}

func getObjective(ctx context.Context, c conn, orgID, id int64) (okr.Objective, error) {
	o, err := scanObjectiveLinks(c.queryRow(ctx, `SELECT `+objectiveColumnsLinks+` FROM objectives WHERE id = ? AND org_id = ?`, id, orgID))
	if isNoRows(err) {
		return o, notFound("objective", id)
	} else if err != nil {
		return o, fmt.Errorf("get objective: %w", err)
	}
	return o, nil
}

// CreateObjective creates an objective with its contributes-to links. An
// empty State means draft and a zero Weight means 1. Admins may create any
// objective; others their own individual objectives (owner person =
// themselves) and objectives of units they lead (or that lie below a unit
// they lead). Returns EINVALID for bad fields or references (period, owner,
// parent, contributes) and EFORBIDDEN.
func (db *DB) CreateObjective(ctx context.Context, actor Actor, o okr.Objective) (okr.Objective, error) {
	err := db.write(ctx, actor, "create objective", func(t *tx) error {
		defaultObjective(&o)
		if err := t.checkObjective(&o, 0); err != nil {
			return err
		}
		if err := require(t.mayEditObjective(&o))("you may create objectives only for yourself and the units you lead"); err != nil {
			return err
		}
		o.Contributes = slices.Compact(slices.Sorted(slices.Values(o.Contributes)))
		if err := t.checkContributes(0, o.Contributes); err != nil {
			return err
		}
		o.OrgID, o.Version, o.Archived, o.CreatedAt, o.UpdatedAt = t.org(), 1, false, t.now, t.now
		o.PublishedAt = publishedAt(o.State, nil, t.now)
		var err error
		o.ID, err = t.insert(t.ctx, insertObjective, objectiveValues(nil, t.org(), &o, nil, micros(t.now), micros(t.now))...)
		if err != nil {
			return err
		}
		if err := t.setContributes(o.ID, o.Contributes); err != nil {
			return err
		}
		return t.audit("objective", o.ID, ActionCreate, nil, audit.FromObjective(&o))
	})
	return o, err
}

func defaultObjective(o *okr.Objective) {
	o.Title, o.Description, o.Reflection = strings.TrimSpace(o.Title), strings.TrimSpace(o.Description), strings.TrimSpace(o.Reflection)
	if o.State == "" {
		o.State = okr.StateDraft
	}
	if o.Weight == 0 {
		o.Weight = 1
	}
	if o.Owner.UnitID != nil && *o.Owner.UnitID == 0 {
		o.Owner.UnitID = nil
	}
	if o.Owner.PersonID != nil && *o.Owner.PersonID == 0 {
		o.Owner.PersonID = nil
	}
	if o.ParentID != nil && *o.ParentID == 0 {
		o.ParentID = nil
	}
}

// checkObjective validates o and its references; id is the objective's own
// id (0 when new), which its parent chain must not contain.
func (t *tx) checkObjective(o *okr.Objective, id int64) error {
	if err := o.Validate(); err != nil {
		return err
	}
	if err := t.activeRef("periods", o.PeriodID, "period", "period"); err != nil {
		return err
	}
	if err := t.checkOwner(o.Owner, "owner"); err != nil {
		return err
	}
	if o.ParentID != nil {
		if err := t.activeRef("objectives", *o.ParentID, "parent", "parent objective"); err != nil {
			return err
		}
		if id != 0 {
			return t.noCycle("objectives", "parent_id", id, *o.ParentID, "parent")
		}
	}
	return nil
}

// checkOwner returns EINVALID on field unless the owner's unit or person is
// an active one of the organisation.
func (t *tx) checkOwner(o okr.Owner, field string) error {
	if o.UnitID != nil {
		return t.activeRef("units", *o.UnitID, field, "owner unit")
	}
	if o.PersonID != nil {
		return t.activeRef("people", *o.PersonID, field, "owner person")
	}
	return nil
}

// publishedAt returns when an objective in state, first published at
// before (nil: never), was first published, publishing it at now if it is
// not a draft and never was. The first publishing stands: going back to
// draft and publishing again does not move it, so statuses and expected
// lines cannot be reset by unpublishing.
func publishedAt(state okr.State, before *time.Time, now time.Time) *time.Time {
	if before != nil {
		return before
	}
	if state == okr.StateDraft {
		return nil
	}
	return &now
}

// validTransition reports whether an objective may go from one state to
// another: draft → published → closed, and back one step (unpublish,
// reopen).
func validTransition(from, to okr.State) bool {
	switch {
	case from == to:
		return true
	case from == okr.StateDraft:
		return to == okr.StatePublished
	case from == okr.StatePublished:
		return to == okr.StateClosed || to == okr.StateDraft
	case from == okr.StateClosed:
		return to == okr.StatePublished
	}
	return false
}

// UpdateObjective saves the objective's period, title, description, owner,
// weight, parent, state and reflection; Contributes is not touched (see
// SetContributes). The actor must be allowed to change the objective both
// with its current owner and with the new one, so that moving it ("lifting"
// it to the parent unit) needs rights on both. States move draft →
// published → closed or one step back. Returns ENOTFOUND, ESTALE when
// o.Version is not current, EINVALID (also for a parent that makes a cycle)
// and EFORBIDDEN. The result carries the new version.
func (db *DB) UpdateObjective(ctx context.Context, actor Actor, o okr.Objective) (okr.Objective, error) {
	err := db.write(ctx, actor, "update objective", func(t *tx) error {
		before, err := getObjective(t.ctx, t.conn, t.org(), o.ID)
		if err != nil {
			return err
		}
		if err := require(t.mayEditObjective(&before))("you may not change this objective"); err != nil {
			return err
		}
		if err := checkVersion("objective", before.Version, o.Version); err != nil {
			return err
		}
		defaultObjective(&o)
		if !validTransition(before.State, o.State) {
			return invalid("state", fmt.Sprintf("an objective cannot go from %s to %s", before.State, o.State))
		}
		if err := t.checkObjective(&o, o.ID); err != nil {
			return err
		}
		if err := require(t.mayEditObjective(&o))("you may give objectives only to yourself and the units you lead"); err != nil {
			return err
		}
		o.PublishedAt = publishedAt(o.State, before.PublishedAt, t.now)
		if err := t.execVersioned("objective", `UPDATE objectives SET period_id = ?, title = ?, description = ?, search = ?,
			owner_unit_id = ?, owner_person_id = ?, weight = ?, parent_id = ?, state = ?, reflection = ?, published_at = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND org_id = ? AND version = ?`,
			o.PeriodID, o.Title, o.Description, objectiveSearch(&o), nullID(o.Owner.UnitID), nullID(o.Owner.PersonID),
			o.Weight, nullID(o.ParentID), string(o.State), o.Reflection, nullMicros(o.PublishedAt), micros(t.now), o.ID, t.org(), o.Version); err != nil {
			return err
		}
		o.OrgID, o.Version, o.Archived, o.Contributes = t.org(), before.Version+1, before.Archived, before.Contributes
		o.CreatedAt, o.UpdatedAt = before.CreatedAt, t.now
		return t.audit("objective", o.ID, ActionUpdate, audit.FromObjective(&before), audit.FromObjective(&o))
	})
	return o, err
}

// ArchiveObjective archives the objective (its KRs stay, hidden with it).
// Whoever may change it may archive it. Returns ENOTFOUND, ESTALE or
// EFORBIDDEN.
func (db *DB) ArchiveObjective(ctx context.Context, actor Actor, id, version int64) (okr.Objective, error) {
	return db.archiveObjective(ctx, actor, id, version, true)
}

// RestoreObjective brings an archived objective back. Returns ENOTFOUND,
// ESTALE or EFORBIDDEN.
func (db *DB) RestoreObjective(ctx context.Context, actor Actor, id, version int64) (okr.Objective, error) {
	return db.archiveObjective(ctx, actor, id, version, false)
}

func (db *DB) archiveObjective(ctx context.Context, actor Actor, id, version int64, archive bool) (okr.Objective, error) {
	var o okr.Objective
	err := db.write(ctx, actor, archiveOp(archive, "objective"), func(t *tx) error {
		before, err := getObjective(t.ctx, t.conn, t.org(), id)
		if err != nil {
			return err
		}
		if err := require(t.mayEditObjective(&before))("you may not change this objective"); err != nil {
			return err
		}
		o = before
		return t.archive("objectives", "objective", id, version, before.Version, &o.Archived, &o.Version, archive, audit.FromObjective(&before),
			func() audit.Record { return audit.FromObjective(&o) })
	})
	return o, err
}
