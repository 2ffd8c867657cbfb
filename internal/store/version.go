package store

// checkVersion returns ESTALE when the expected version is not the current
// one.
func checkVersion(objectType string, current, expected int64) error {
	if current != expected {
		return stale(objectType)
	}
	return nil
}

// execVersioned runs an UPDATE whose WHERE clause ends in "AND version = ?"
// and returns ESTALE when it changed no row: someone else committed first
// between our read and our write.
func (t *tx) execVersioned(objectType, query string, args ...any) error {
	res, err := t.exec(t.ctx, query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return stale(objectType)
	}
	return nil
}

// setArchived archives (or restores) row id of table, which must be at
// version, and bumps its version.
func (t *tx) setArchived(table, objectType string, id, version int64, archived bool) error {
	var at any
	if archived {
		at = micros(t.now)
	}
	return t.execVersioned(objectType, `UPDATE `+table+` SET archived_at = ?, version = version + 1
		WHERE id = ? AND org_id = ? AND version = ?`, at, id, t.org(), version)
}
