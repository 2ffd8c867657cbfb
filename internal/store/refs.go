package store

import (
	"fmt"

	"github.com/okr-dev/okr/internal/audit"
)

// archiveOp names an archive or restore operation for error messages.
func archiveOp(archive bool, objectType string) string {
	if archive {
		return "archive " + objectType
	}
	return "restore " + objectType
}

// archive archives or restores row id after checking the expected version,
// updates the caller's copy through archived and version, and writes the
// audit entry with before and the record of that copy, which after returns
// once updated. Archiving an archived object (or restoring an active one)
// changes nothing.
func (t *tx) archive(table, objectType string, id, expected, current int64, archived *bool, version *int64, archive bool,
	before audit.Record, after func() audit.Record) error {
	if err := checkVersion(objectType, current, expected); err != nil {
		return err
	}
	if *archived == archive {
		return nil
	}
	if err := t.setArchived(table, objectType, id, expected, archive); err != nil {
		return err
	}
	*archived, *version = archive, current+1
	action := ActionRestore
	if archive {
		action = ActionArchive
	}
	return t.audit(objectType, id, action, before, after())
}

// activeRef returns EINVALID on field unless row id of table exists in the
// actor's organisation and is not archived.
func (t *tx) activeRef(table string, id int64, field, what string) error {
	var n int
	err := t.queryRow(t.ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = ? AND org_id = ? AND archived_at IS NULL`, id, t.org()).Scan(&n)
	if err != nil {
		return fmt.Errorf("check %s: %w", what, err)
	}
	if n == 0 {
		return invalid(field, fmt.Sprintf("the %s %d does not exist in this organisation", what, id))
	}
	return nil
}

// noCycle returns EINVALID on field when making parent the parent of id (in
// table, linked by column) would put id among its own ancestors.
func (t *tx) noCycle(table, column string, id, parent int64, field string) error {
	if id == parent {
		return invalid(field, "an item cannot be its own parent")
	}
	var n int
	err := t.queryRow(t.ctx, `WITH RECURSIVE up (id, parent) AS (
		SELECT id, `+column+` FROM `+table+` WHERE id = ? AND org_id = ?
		UNION
		SELECT x.id, x.`+column+` FROM `+table+` x JOIN up ON x.id = up.parent WHERE x.org_id = ?
	)
	SELECT COUNT(*) FROM up WHERE id = ?`, parent, t.org(), t.org(), id).Scan(&n)
	if err != nil {
		return fmt.Errorf("check %s cycle: %w", table, err)
	}
	if n > 0 {
		return invalid(field, "this parent would make a cycle: it is already below this item")
	}
	return nil
}
